// The seam between the report use cases (service/reports.cpp: who may, what data, drafts,
// publishing) and the report layer (report/: the texts and the .docx/.xlsx/HTML files). The service
// gathers a ReportData, the layer composes a Document from it and renders it; main.cpp plugs the
// layer's ReportWriter into the App, so the service never depends on the report library.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"
#include "core/document.hpp"
#include "core/domain.hpp"
#include "core/indicator_settings.hpp"
#include "core/indicators.hpp"

namespace zs {

enum class ReportType { kSummary, kMonthly, kWeekly, kQuarterly, kLedger };
std::string_view ReportTypeKey(ReportType t);  // "summary", "monthly", "weekly", "quarterly", "ledger"
std::optional<ReportType> ParseReportType(std::string_view key);

enum class DocFormat { kDocx, kXlsx, kHtml };
std::string_view DocFormatKey(DocFormat f);  // "docx", "xlsx", "html"
std::optional<DocFormat> ParseDocFormat(std::string_view key);
std::string_view DocFormatContentType(DocFormat f);

// One unit's indicator figures, or the city's (unit_id 0), for one indicator.
struct UnitFigure {
    int64_t unit_id = 0;
    Figure figure;
};

// The engine's answer for one period, per indicator in catalogue order.
struct IndicatorTable {
    Period period;
    std::vector<IndicatorDef> catalogue;
    std::vector<IndicatorResult> results;  // aligned with catalogue; results[i].units aligned with unit_ids
    std::vector<int64_t> unit_ids;         // the engine's unit order (= ReportData::units order)
    const IndicatorResult* Find(std::string_view key) const;
};

// One page of the ledger's rows (the HTML preview and the draft; docs/reports.md "台账"): the
// service reads only the page's projects, and the composer says which page it is.
struct LedgerPage {
    int64_t page = 1;  // 1-based
    int64_t page_size = 500;
    int64_t total = 0;  // projects of the filter, every page
    // At least 1: an empty ledger is one empty page.
    int64_t Pages() const { return total <= 0 ? 1 : (total + page_size - 1) / page_size; }
};

// Everything a report type needs, read in one transaction by the service. Fields a type does
// not use are left empty (documented per type in docs/reports.md).
struct ReportData {
    ReportType type = ReportType::kMonthly;
    int year = 0;
    int month = 0;    // summary, monthly: months 1..month
    int week = 0;     // weekly: ISO week of ISO year `year`
    int quarter = 0;  // quarterly: 1..4
    std::optional<int64_t> unit_id;  // weekly, ledger: one unit only

    Date from;   // first day of the period (ledger: unused)
    Date to;     // last day of the period, never after `today`
    Date today;  // the day the document is dated (the publishing day when published)

    std::string city_name;    // setting city_name, e.g. "桐城市"
    std::string issuer;       // city_name + "招商中心"
    std::vector<Unit> units;  // every unit in ListUnits order (only unit_id's when set)

    IndicatorSettings settings;  // of `year`
    IndicatorTable cumulative;   // summary, monthly: months 1..month
    IndicatorTable single;       // summary, monthly: month `month` alone

    // Projects the report is about, with nodes (LoadLedgers) and joined names, by id:
    // summary, monthly, quarterly: every project not terminated; weekly: the unit's (or all units')
    // projects created or signed in the week; ledger: the ledger filter's projects (with
    // ledger_page: that page's only).
    std::vector<Project> projects;
    // ledger: set when `projects` is one page of the filter's projects (the preview)
    std::optional<LedgerPage> ledger_page;
    std::vector<Problem> open_problems;     // open problems of `projects`, by project then id
    std::vector<Activity> activities;       // in [from, to] (summary: 1 Jan .. to), by date then id
    std::vector<WeeklyReport> weekly_reports;  // weekly: the week's reports of the units
    std::vector<int64_t> late_figure_units;    // monthly: units late with the month's figures
    std::vector<int64_t> late_weekly_units;    // weekly: units that have not submitted by the deadline
    Date weekly_deadline;                      // weekly: the day after which a unit is late

    // monthly: the warning list rule (settings bulletin_warning_share "1/3" and
    // bulletin_warning_date "09-30"): units whose completion of an indicator with a target is
    // below `warning_share` (as of `warning_date` of the year).
    Ratio warning_share{1, 3};
    Date warning_date;

    // What the composers (report/compose_*.cpp) need beyond the above:
    LifecycleRules rules = LifecycleRules::Defaults();  // monthly, quarterly, ledger: current, next and overdue
                                                        // nodes and the status follow the stored rules
    int stalled_days = 90;                              // setting stalled_days, for the status 停滞
    // summary: GB/T 4754 门类 letter → name ("C" → "制造业"), the industry of s2.1 for projects without a chain
    std::map<std::string, std::string> industry_sections;
    // ledger: investor province code → name ("340000" → "安徽省"); the code is printed when missing
    std::map<std::string, std::string> province_names;
};

// The whole ledger as a file (.xlsx, or the HTML the `report` command writes), written while the
// service reads it slice by slice (a ledger of 10^5 projects is never held at once;
// docs/performance.md).
class LedgerFile {
public:
    virtual ~LedgerFile() = default;
    // The document without rows: its title and subtitle name the file.
    virtual const Document& Head() const = 0;
    // The rows of `projects` (with their nodes), the next in ledger order; `open_problems` theirs.
    virtual void Add(const std::vector<Project>& projects, const std::vector<Problem>& open_problems) = 0;
    // The bytes Render(Compose(the data with every project), format) gives.
    virtual std::string Finish() = 0;
};

// The report layer, as the service sees it.
class ReportWriter {
public:
    virtual ~ReportWriter() = default;
    // The document of `data`, every figure computed from it, every printed figure recorded as a Fact.
    virtual Document Compose(const ReportData& data) const = 0;
    // The file of `doc`; deterministic: the same document gives the same bytes.
    // Throws ApiError(bad_request, field "format") for a format the type has not (ledger as docx).
    virtual std::string Render(const Document& doc, DocFormat format) const = 0;
    // The whole ledger of `head` (a ledger's data without its projects and problems) as .xlsx or
    // HTML, its rows given by LedgerFile::Add. `head` must outlive the file. Throws as Render does
    // for .docx.
    virtual std::unique_ptr<LedgerFile> Ledger(const ReportData& head, DocFormat format) const = 0;
};

}  // namespace zs
