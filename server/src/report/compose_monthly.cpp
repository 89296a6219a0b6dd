// 月通报 (type monthly): the main indicators per unit with completion, schedule and rank; the
// signed and started projects with their node progress; projects in talks; warnings; late units.
#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include "core/error.hpp"
#include "core/money.hpp"
#include "report/compose.hpp"
#include "report/compose_text.hpp"

namespace zs {
namespace {

// The indicators the bulletin tabulates, in its order (docs/reports.md 月通报 一).
constexpr std::string_view kTableIndicators[] = {"provincial_funds",     "prov_db_new", "signed_100m",
                                                 "signed_100m_industry", "in_stats",    "new_fixed_asset"};

std::string IndicatorName(const IndicatorTable& table, std::string_view key) {
    for (const IndicatorDef& d : table.catalogue) {
        if (d.key == key) return d.name;
    }
    throw ApiError(ErrorCode::kInternal, "报告缺少指标：" + std::string(key));
}

bool IsMoney(const IndicatorTable& table, std::string_view key) {
    const IndicatorResult* r = table.Find(key);
    return r != nullptr && r->unit == kUnitYuan;
}

// The completion as printed (1 decimal, signed, in tenths of a percent): units whose printed
// completions are equal share a rank, so the table never shows 33.3% ranked 3 and 33.3% ranked 4.
__int128 PrintedCompletion(const Ratio& r) {
    const __int128 num = r.num;
    const auto magnitude = static_cast<__int128>(RoundedScaledQuotient(
        static_cast<unsigned __int128>(num < 0 ? -num : num) * 100, static_cast<unsigned __int128>(r.den), 1));
    return num < 0 ? -magnitude : magnitude;
}

// Ranks by completion among the figures with a target: 1, 2, 2, 4. nullopt without a target.
std::vector<std::optional<int>> Ranks(const std::vector<const Figure*>& figures) {
    std::vector<std::optional<int>> ranks(figures.size());
    for (std::size_t i = 0; i < figures.size(); ++i) {
        if (figures[i] == nullptr || !figures[i]->completion) continue;
        const __int128 mine = PrintedCompletion(*figures[i]->completion);
        int better = 0;
        for (const Figure* other : figures) {
            if (other != nullptr && other->completion && PrintedCompletion(*other->completion) > mine) ++better;
        }
        ranks[i] = better + 1;
    }
    return ranks;
}

void IndicatorTables(const ReportData& data, DocumentBuilder& b) {
    const IndicatorTable& cum = data.cumulative;
    int number = 0;
    for (const std::string_view key_view : kTableIndicators) {
        const std::string key(key_view);
        const std::string name = IndicatorName(cum, key);
        const bool money = IsMoney(cum, key);
        const std::string unit = money ? "亿元" : "个";
        const CellKind kind = money ? CellKind::kYuanYi : CellKind::kCount;
        Table t;
        t.columns = {{"单位", CellKind::kText, 16},          {"完成（" + unit + "）", kind, 10},
                     {"全年目标（" + unit + "）", kind, 10}, {"完成率", CellKind::kPercent, 8},
                     {"序时进度", CellKind::kPercent, 8},    {"超（落后）序时进度", CellKind::kText, 10},
                     {"排名", CellKind::kCount, 6}};
        auto amount = [&](int64_t v) { return money ? YiCell(v) : CountCell(v); };
        const std::string base = "monthly." + key + ".";
        const Figure& city = CityFigure(cum, key);
        b.Fact(base + "schedule", name + " 序时进度", PercentCell(city.schedule).text);

        // One row: records every printed figure under `who` ("city", "unit.12").
        auto row = [&](const std::string& who, const std::string& label, const Figure& f, std::optional<int> rank,
                       bool ranked) {
            std::vector<Cell> cells;
            cells.push_back(TextCell(label));
            cells.push_back(amount(f.actual));
            cells.push_back(f.target ? amount(*f.target) : TextCell("—"));
            cells.push_back(PercentCell(f.completion));
            cells.push_back(PercentCell(f.schedule));
            cells.push_back(TextCell(AheadCellText(f.ahead)));
            cells.push_back(rank ? CountCell(*rank) : TextCell("—"));
            const std::string k = base + who + ".";
            const std::string l = name + "（" + label + "）";
            b.Fact(k + "actual", l + " 完成（" + unit + "）", cells[1].text);
            b.Fact(k + "target", l + " 全年目标（" + unit + "）", cells[2].text);
            b.Fact(k + "completion", l + " 完成率", cells[3].text);
            b.Fact(k + "ahead", l + " 超（落后）序时进度", cells[5].text);
            if (ranked) b.Fact(k + "rank", l + " 排名", cells[6].text);
            t.rows.push_back(std::move(cells));
        };
        row("city", "全市", city, std::nullopt, false);

        std::vector<const Figure*> figures;
        for (const Unit& u : data.units) figures.push_back(UnitFigureOf(cum, key, u.id));
        const std::vector<std::optional<int>> ranks = Ranks(figures);
        Figure none;
        none.schedule = city.schedule;
        for (std::size_t i = 0; i < data.units.size(); ++i) {
            const Unit& u = data.units[i];
            row("unit." + std::to_string(u.id), u.name, figures[i] ? *figures[i] : none, ranks[i], true);
        }
        ++number;
        b.Caption("s1." + key + ".caption", "表" + std::to_string(number) + " " + name);
        b.AddTable("s1." + key, std::move(t));
    }
}

// Projects signed or started from 1 January to the period end, by unit then date.
void SignedAndStarted(const ReportData& data, DocumentBuilder& b, const std::string& period_text) {
    const Date year_start = *Date::FromYmd(data.year, 1, 1);
    const auto positions = UnitPositions(data);
    struct Row {
        const Project* p;
        std::optional<Date> signed_date;
        std::optional<Date> started;
        std::size_t unit_pos;
    };
    std::vector<Row> rows;
    for (const Project& p : data.projects) {
        const auto s = ActualIn(p, Node::kSigned, year_start, data.to);
        const auto st = ActualIn(p, Node::kStarted, year_start, data.to);
        if (!s && !st) continue;
        const auto it = positions.find(p.unit_id);
        rows.push_back({&p, s, st, it == positions.end() ? positions.size() : it->second});
    }
    std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
        const Date da = a.signed_date.value_or(*a.started);
        const Date db = b.signed_date.value_or(*b.started);
        return std::tuple(a.unit_pos, da, a.p->id) < std::tuple(b.unit_pos, db, b.p->id);
    });
    b.Heading1("s2", "二、签约及开工项目推进情况");
    if (rows.empty()) {
        b.Paragraph("s2.none", period_text + "暂无签约或开工项目。");
        return;
    }
    Table t;
    t.columns = {{"单位", CellKind::kText, 12},
                 {"项目名称", CellKind::kText, 24},
                 {"总投资（万元）", CellKind::kYuanWan, 12},
                 {"签约日期", CellKind::kDate, 11},
                 {"开工日期", CellKind::kDate, 11},
                 {"当前节点", CellKind::kText, 8},
                 {"下一节点及计划日期", CellKind::kText, 18},
                 {"逾期节点", CellKind::kText, 12}};
    UnitNames unit_names(data);
    t.rows.reserve(rows.size());
    for (const Row& r : rows) {
        const Project& p = *r.p;
        // The signing may predate the year (a project started this year); print it as of the period end.
        const std::optional<Date>& signed_date = p.nodes[NodeIndex(Node::kSigned)].actual;
        const bool signed_by_then = signed_date && *signed_date <= data.to;
        const NodeSituation s = SituationOf(p, data.rules, data.to, data.stalled_days);
        const std::string k = "monthly.projects." + std::to_string(p.id) + ".";
        const std::string l = p.name + " ";
        std::vector<Cell> cells = {TextCell(unit_names.Of(p.unit_id)),
                                   TextCell(p.name),
                                   WanCell(p.total_investment),
                                   TextCell(signed_by_then ? DateIsoText(*signed_date) : "—"),
                                   TextCell(r.started ? DateIsoText(*r.started) : "—"),
                                   TextCell(s.stage_text),
                                   TextCell(s.next_text),
                                   TextCell(s.overdue_text)};
        b.Fact(k + "total_investment", l + "总投资（万元）", cells[2].text);
        b.Fact(k + "signed", l + "签约日期", cells[3].text);
        b.Fact(k + "started", l + "开工日期", cells[4].text);
        b.Fact(k + "stage", l + "当前节点", cells[5].text);
        b.Fact(k + "next", l + "下一节点及计划日期", cells[6].text);
        b.Fact(k + "overdue", l + "逾期节点", cells[7].text);
        t.rows.push_back(std::move(cells));
    }
    b.AddTable("s2.table", std::move(t));
}

// Per unit, the projects whose stage (as of the period end) is 在谈 or 预审.
void InTalks(const ReportData& data, DocumentBuilder& b) {
    b.Heading1("s3", "三、在谈项目情况");
    std::vector<std::vector<std::string>> names(data.units.size());
    const auto positions = UnitPositions(data);
    int64_t total = 0;
    for (const Project& p : data.projects) {
        const std::optional<Node> stage = StageAsOf(p, data.rules, data.to);
        if (stage != Node::kNegotiating && stage != Node::kPrereview) continue;
        ++total;
        const auto it = positions.find(p.unit_id);
        if (it != positions.end()) names[it->second].push_back(p.name);
    }
    Table t;
    t.columns = {
        {"单位", CellKind::kText, 16}, {"在谈项目（个）", CellKind::kCount, 10}, {"项目名称", CellKind::kText, 48}};
    t.rows.push_back({TextCell("全市"), CountCell(total), TextCell("—")});
    b.Fact("monthly.talks.city.count", "在谈项目（全市）", t.rows.back()[1].text);
    for (std::size_t i = 0; i < data.units.size(); ++i) {
        const Unit& u = data.units[i];
        t.rows.push_back({TextCell(u.name), CountCell(static_cast<int64_t>(names[i].size())),
                          TextCell(names[i].empty() ? "—" : Join(names[i], "、"))});
        b.Fact("monthly.talks.unit." + std::to_string(u.id) + ".count", "在谈项目（" + u.name + "）",
               t.rows.back()[1].text);
    }
    b.AddTable("s3.table", std::move(t));
}

// Units below the warning share of an annual target, per indicator of the tables.
void Warnings(const ReportData& data, DocumentBuilder& b) {
    b.Heading1("s4", "四、预警");
    const Ratio& share = data.warning_share;
    const std::string share_text = std::to_string(share.num) + "/" + std::to_string(share.den);
    const std::string rule = "按照“" + DateMdText(data.warning_date) + "前未完成全年任务" + share_text +
                             "的”要求，截至" + DateYmdText(data.to) + "，";
    Table t;
    t.columns = {{"单位", CellKind::kText, 16},
                 {"指标", CellKind::kText, 24},
                 {"完成率", CellKind::kPercent, 8},
                 {"全年目标", CellKind::kText, 12}};
    for (const Unit& u : data.units) {
        for (const std::string_view key : kTableIndicators) {
            const Figure* f = UnitFigureOf(data.cumulative, key, u.id);
            if (f == nullptr || !f->completion || CompareRatio(*f->completion, share) >= 0) continue;
            const bool money = IsMoney(data.cumulative, key);
            const std::string target = money ? FormatYi(*f->target, 2) + "亿元" : std::to_string(*f->target) + "个";
            t.rows.push_back({TextCell(u.name), TextCell(IndicatorName(data.cumulative, key)),
                              PercentCell(f->completion), TextCell(target)});
        }
    }
    if (t.rows.empty()) {
        b.Paragraph("s4.lead", rule + "各单位主要指标完成率均不低于全年任务的" + share_text + "。");
        return;
    }
    b.Paragraph("s4.lead", rule + "以下单位完成率低于" + share_text + "：");
    b.AddTable("s4.table", std::move(t));
}

void LateFigures(const ReportData& data, DocumentBuilder& b, const std::string& month_label) {
    b.Heading1("s5", "五、数据报送情况");
    // In the report's unit order, whatever order the service listed them in.
    std::vector<std::string> names;
    for (const Unit& u : data.units) {
        if (std::find(data.late_figure_units.begin(), data.late_figure_units.end(), u.id) !=
            data.late_figure_units.end()) {
            names.push_back(u.name);
        }
    }
    if (names.empty()) {
        b.Paragraph("s5.text", "各单位均按时报送" + month_label + "数据。");
        return;
    }
    b.Paragraph("s5.text", Join(names, "、") + "未按时报送" + month_label + "数据。");
}

}  // namespace

Document ComposeMonthly(const ReportData& data) {
    const Period cumulative{data.year, data.month, true};
    if (auto err = ValidatePeriod(cumulative)) throw ApiError(std::move(*err));
    if (data.cumulative.period != cumulative) throw ApiError(ErrorCode::kInternal, "报告数据的统计期与报告不一致");
    const std::string period_text = std::to_string(data.year) + "年" + PeriodLabel(cumulative);

    Document doc = DocumentShell(data);
    doc.title = data.city_name + "招商引资工作月通报";
    doc.subtitle = "（" + period_text + "）";
    doc.landscape = true;
    DocumentBuilder b(std::move(doc));
    b.Paragraph("intro", "现将" + period_text + "全市招商引资主要指标完成情况通报如下：", true);
    b.Heading1("s1", "一、主要指标完成情况");
    IndicatorTables(data, b);
    SignedAndStarted(data, b, period_text);
    InTalks(data, b);
    Warnings(data, b);
    LateFigures(data, b, PeriodLabel({data.year, data.month, false}));
    return std::move(b).Take();
}

}  // namespace zs
