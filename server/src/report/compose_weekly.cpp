// 周动态 (type weekly): per unit the week's trips, visits, exhibitions, new leads and signings, then
// what each unit did and reported, and who is late with the weekly report.
#include <algorithm>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/money.hpp"
#include "report/compose.hpp"
#include "report/compose_text.hpp"

namespace zs {
namespace {

struct UnitWeek {
    const Unit* unit = nullptr;
    std::vector<const Activity*> activities;
    std::vector<const Project*> leads;
    std::vector<const Project*> signings;
    const WeeklyReport* report = nullptr;
    int64_t trips = 0;
    int64_t persons = 0;
    int64_t exhibitions = 0;
};

// "7月6日" or "7月6日至7月8日"; with the year when it is not the report's.
std::string DayText(Date d, int year) { return d.year() == year ? DateMdText(d) : DateYmdText(d); }

std::string DaysText(const Activity& a, int year) {
    std::string t = DayText(a.date, year);
    if (a.end_date && *a.end_date != a.date) t += "至" + DayText(*a.end_date, year);
    return t;
}

std::string WithOutcome(std::string t, const std::string& outcome) {
    if (outcome.empty()) return t;
    t += outcome;
    if (!outcome.ends_with("。")) t += "。";
    return t;
}

std::string ActivityText(const Activity& a, const std::string& unit_name, int year, DocumentBuilder& b) {
    const std::string k = "weekly.activity." + std::to_string(a.id) + ".";
    std::string t = DaysText(a, year) + "，";
    switch (a.kind) {
        case ActivityKind::kTrip:
            if (!a.leader.empty()) t += a.leader + "带队";
            if (!a.destination.empty()) t += "赴" + a.destination;
            t += "开展外出招商";
            if (!a.companies.empty()) t += "，拜访" + a.companies;
            t += "。";
            break;
        case ActivityKind::kVisit:
            t += "接待、拜访" + a.company + "客商" +
                 b.Fact(k + "persons", unit_name + " " + DaysText(a, year) + " 接待、拜访客商（人）",
                        std::to_string(a.persons)) +
                 "人。";
            break;
        case ActivityKind::kExhibition: {
            const std::string l = a.title + " ";
            if (!a.place.empty()) t += "赴" + a.place;
            t += "参加" + (a.title.empty() ? std::string("展会") : a.title) + "，发放招商宣传册" +
                 b.Fact(k + "brochures", l + "发放招商宣传册（份）", std::to_string(a.brochures)) + "份，走访企业" +
                 b.Fact(k + "enterprises_visited", l + "走访企业（家）", std::to_string(a.enterprises_visited)) +
                 "家，重点对接洽谈企业" +
                 b.Fact(k + "key_talks", l + "重点对接洽谈企业（家）", std::to_string(a.key_talks)) +
                 "家，新增联系客商" + b.Fact(k + "contacts", l + "新增联系客商（家）", std::to_string(a.contacts)) +
                 "家，达成来访考察意向" +
                 b.Fact(k + "follow_ups", l + "达成来访考察意向（家）", std::to_string(a.follow_ups)) + "家。";
            break;
        }
    }
    return WithOutcome(std::move(t), a.outcome);
}

}  // namespace

Document ComposeWeekly(const ReportData& data) {
    Document doc = DocumentShell(data);
    doc.title = data.city_name + "招商动态";
    doc.subtitle = "（" + std::to_string(data.year) + "年第" + std::to_string(data.week) + "周，" +
                   DayText(data.from, data.year) + "至" + DayText(data.to, data.year) + "）";
    DocumentBuilder b(std::move(doc));

    std::vector<UnitWeek> weeks(data.units.size());
    const auto positions = UnitPositions(data);
    for (std::size_t i = 0; i < data.units.size(); ++i) weeks[i].unit = &data.units[i];
    for (const Activity& a : data.activities) {
        const auto it = positions.find(a.unit_id);
        if (it == positions.end() || a.date < data.from || a.date > data.to) continue;
        UnitWeek& w = weeks[it->second];
        w.activities.push_back(&a);
        if (a.kind == ActivityKind::kTrip) ++w.trips;
        if (a.kind == ActivityKind::kVisit) w.persons += a.persons;
        if (a.kind == ActivityKind::kExhibition) ++w.exhibitions;
    }
    for (const Project& p : data.projects) {
        const auto it = positions.find(p.unit_id);
        if (it == positions.end()) continue;
        if (ActualIn(p, Node::kLead, data.from, data.to)) weeks[it->second].leads.push_back(&p);
        if (ActualIn(p, Node::kSigned, data.from, data.to)) weeks[it->second].signings.push_back(&p);
    }
    for (const WeeklyReport& r : data.weekly_reports) {
        const auto it = positions.find(r.unit_id);
        if (it != positions.end() && r.year == data.year && r.week == data.week) weeks[it->second].report = &r;
    }

    b.Heading1("s1", "一、本周招商动态汇总");
    Table t;
    t.columns = {{"单位", CellKind::kText, 16},
                 {"外出招商（次）", CellKind::kCount, 8},
                 {"接待拜访客商（人）", CellKind::kCount, 10},
                 {"展会（场）", CellKind::kCount, 8},
                 {"新增线索（个）", CellKind::kCount, 8},
                 {"新签约（个）", CellKind::kCount, 8},
                 {"周报送", CellKind::kText, 8}};
    int64_t sums[5] = {0, 0, 0, 0, 0};
    int64_t submitted = 0;
    for (const UnitWeek& w : weeks) {
        const int64_t values[5] = {w.trips, w.persons, w.exhibitions, static_cast<int64_t>(w.leads.size()),
                                   static_cast<int64_t>(w.signings.size())};
        const bool sent = w.report != nullptr && w.report->submitted;
        submitted += sent ? 1 : 0;
        std::vector<Cell> cells = {TextCell(w.unit->name)};
        for (int i = 0; i < 5; ++i) {
            cells.push_back(CountCell(values[i]));
            sums[i] += values[i];
        }
        cells.push_back(TextCell(sent ? "已报送" : "未报送"));
        static constexpr std::string_view kKeys[] = {"trips", "persons", "exhibitions", "leads", "signed", "report"};
        const std::string k = "weekly.unit." + std::to_string(w.unit->id) + ".";
        for (int i = 0; i < 6; ++i) {
            b.Fact(k + std::string(kKeys[i]), w.unit->name + " " + t.columns[i + 1].title, cells[i + 1].text);
        }
        t.rows.push_back(std::move(cells));
    }
    if (weeks.size() > 1) {
        std::vector<Cell> cells = {TextCell("合计")};
        for (const int64_t s : sums) cells.push_back(CountCell(s));
        cells.push_back(TextCell(std::to_string(submitted) + "/" + std::to_string(weeks.size())));
        static constexpr std::string_view kKeys[] = {"trips", "persons", "exhibitions", "leads", "signed", "report"};
        for (int i = 0; i < 6; ++i) {
            b.Fact("weekly.total." + std::string(kKeys[i]), "合计 " + t.columns[i + 1].title, cells[i + 1].text);
        }
        t.rows.push_back(std::move(cells));
    }
    b.AddTable("s1.table", std::move(t));

    b.Heading1("s2", "二、各单位工作动态");
    bool any = false;
    for (const UnitWeek& w : weeks) {
        const bool has_report =
            w.report != nullptr && w.report->submitted && (!w.report->progress.empty() || !w.report->problems.empty());
        if (w.activities.empty() && w.leads.empty() && w.signings.empty() && !has_report) continue;
        any = true;
        const std::string u = "unit." + std::to_string(w.unit->id);
        b.Heading2(u, w.unit->name);
        for (const Activity* a : w.activities) {
            b.Paragraph(u + ".activity." + std::to_string(a->id), ActivityText(*a, w.unit->name, data.year, b));
        }
        for (const Project* p : w.leads) {
            std::string text = "新增线索：" + p->name;
            if (!p->investor_name.empty()) text += "，投资方" + p->investor_name;
            if (p->total_investment > 0) {
                text += "，总投资" +
                        b.Fact("weekly.lead." + std::to_string(p->id) + ".total_investment",
                               p->name + " 总投资（万元）", FormatWan(p->total_investment)) +
                        "万元";
            }
            b.Paragraph(u + ".lead." + std::to_string(p->id), text + "。");
        }
        for (const Project* p : w.signings) {
            const Date day = *p->nodes[NodeIndex(Node::kSigned)].actual;
            const std::string k = "weekly.signed." + std::to_string(p->id) + ".total_investment";
            b.Paragraph(u + ".signed." + std::to_string(p->id),
                        "新签约：" + p->name + "，总投资" +
                            b.Fact(k, p->name + " 总投资（万元）", FormatWan(p->total_investment)) + "万元，签约日期" +
                            DayText(day, data.year) + "。");
        }
        if (has_report) {
            if (!w.report->progress.empty()) b.Paragraph(u + ".progress", "工作进展：" + w.report->progress);
            if (!w.report->problems.empty()) b.Paragraph(u + ".problems", "存在问题：" + w.report->problems);
        }
    }
    if (!any) b.Paragraph("s2.none", "本周各单位暂无新的招商动态。");

    // In the report's unit order; nothing is said while no unit is late (the deadline may not have come).
    std::vector<std::string> late;
    for (const Unit& u : data.units) {
        if (std::find(data.late_weekly_units.begin(), data.late_weekly_units.end(), u.id) !=
            data.late_weekly_units.end()) {
            late.push_back(u.name);
        }
    }
    if (!late.empty()) {
        b.Paragraph("late", Join(late, "、") + "未按时报送第" + std::to_string(data.week) + "周周报。");
    }
    return std::move(b).Take();
}

}  // namespace zs
