// The phrasing and bookkeeping every report composer shares (docs/reports.md): the ahead phrase
// A(f, d) and the year-on-year phrase Y(f, d), dates and names as printed, the project's node
// situation as of a day, and the builder that appends blocks and records each printed figure once.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"
#include "core/document.hpp"
#include "core/domain.hpp"
#include "core/indicators.hpp"
#include "core/lifecycle.hpp"
#include "service/report_port.hpp"

namespace zs {

// ---------------------------------------------------------------------------------------------
// Phrases of docs/reports.md "Number formats"

// A(f, d): "超序时进度16.7个百分点" / "落后序时进度9.0个百分点" / "与序时进度持平" / "未下达全年目标任务".
std::string AheadPhrase(const Figure& f, int decimals);
// Y(f, d): "同比增长12.5%" / "同比下降3.0%" / "同比持平"; last year zero: "同比新增" / "同比持平".
std::string YoyPhrase(const Figure& f, int decimals);
// The 超（落后）序时进度 cell of the bulletin's tables: "超8.0" / "落后3.0" / "持平" / "—".
std::string AheadCellText(const std::optional<Ratio>& ahead);
// "66.7%" (1 decimal) or "—" without a value.
std::string PercentText(const std::optional<Ratio>& r, int decimals);

// ---------------------------------------------------------------------------------------------
// Dates and names as printed

std::string DateYmdText(Date d);                          // "2026年7月5日"
std::string DateMdText(Date d);                           // "7月5日"
std::string DateIsoText(Date d);                          // "2026-07-05", as Date::ToString without printf
std::string QuarterNumeral(int quarter);                  // 1..4 → "一".."四" (第二季度, as the seed writes it)
std::string_view CategoryNameZh(Category c);              // 工业, 服务业, 农业, 其他
std::string_view ProjectStatusNameZh(ProjectStatus s);    // 正常推进, 滞后, 停滞, 终止, 已达产
std::string_view ProvDbStatusNameZh(ProvDbStatus s);      // 未上报, 待审核, 已认定, 未通过
std::string ProblemCategoryNameZh(std::string_view key);  // land_quota → 土地指标; unknown keys as given
std::string Join(const std::vector<std::string>& parts, std::string_view separator);

// ---------------------------------------------------------------------------------------------
// Figures of the engine's tables

// The city's figure of `key`; throws ApiError(internal) when the table lacks the indicator (the
// table and the settings disagree: a bug, never a printed zero).
const Figure& CityFigure(const IndicatorTable& table, std::string_view key);
// The figure of unit `unit_id`; nullptr when the engine did not compute that unit.
const Figure* UnitFigureOf(const IndicatorTable& table, std::string_view key, int64_t unit_id);

// ---------------------------------------------------------------------------------------------
// Units and projects

// Position of each unit in ReportData::units (the order reports list them in).
std::map<int64_t, std::size_t> UnitPositions(const ReportData& data);
// The unit's name from ReportData::units, else the project's joined name, else "".
std::string UnitNameOf(const ReportData& data, int64_t unit_id);
// UnitNameOf for every row of a table: each unit looked up once.
class UnitNames {
public:
    explicit UnitNames(const ReportData& data) : data_(data) {}
    const std::string& Of(int64_t unit_id);

private:
    const ReportData& data_;
    std::map<int64_t, std::string> names_;
};

// A project's node situation as of a day: actual dates after the day are treated as not yet
// reached, so a bulletin composed later still describes the state at the end of its period.
struct NodeSituation {
    NodeLedger ledger;          // actual dates after the day cleared
    std::optional<Node> stage;  // the furthest applicable node reached
    ProjectStatus status = ProjectStatus::kNormal;
    std::string stage_text;    // "签约", or "—" before any node
    std::string next_text;     // "开工（2026-09-30）", "开工（未排期）", "—" when every node is reached
    std::string overdue_text;  // "供地、开工" or "—"
};
NodeSituation SituationOf(const Project& p, const LifecycleRules& rules, Date as_of, int stalled_days);
// SituationOf(…).stage alone, without the texts.
std::optional<Node> StageAsOf(const Project& p, const LifecycleRules& rules, Date as_of);

// The actual date of `node` when it lies in [from, to].
std::optional<Date> ActualIn(const Project& p, Node node, Date from, Date to);

// ---------------------------------------------------------------------------------------------
// The document builder

// Appends blocks with unique ids and records facts with unique keys; a repeated id or key is a
// bug in a composer and throws ApiError(internal) from Take(), so the tests of every type catch it.
class DocumentBuilder {
public:
    explicit DocumentBuilder(Document doc) : doc_(std::move(doc)) {}

    void Heading1(std::string id, std::string text);
    void Heading2(std::string id, std::string text);
    void Paragraph(std::string id, std::string text, bool editable = false);
    void Caption(std::string id, std::string text);
    void AddTable(std::string id, Table table);
    // Records a printed figure and returns `value`, so a composer prints exactly what it records.
    const std::string& Fact(std::string key, std::string label, const std::string& value);

    // The document, once its ids and keys are checked (a ledger records 10^6 facts: their hashes are
    // kept in order and sorted once here, rather than looked up in a set on every call).
    Document Take() &&;

private:
    void Add(Block b);
    Document doc_;
    std::vector<uint64_t> block_hashes_;  // of doc_.blocks[i].id
    std::vector<uint64_t> fact_hashes_;   // of doc_.facts[i].key
};

// The fields every document of `data` shares: type, issuer, date line.
Document DocumentShell(const ReportData& data);

}  // namespace zs
