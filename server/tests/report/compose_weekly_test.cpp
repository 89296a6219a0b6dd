// 周动态: the per-unit counts of ISO week 27 of 2026 (29 June – 5 July), each unit's paragraphs,
// and the units late with their weekly report.
#include <gtest/gtest.h>

#include "compose_fixture.hpp"
#include "report/compose.hpp"

namespace zs {
namespace {

using namespace compose_test;  // NOLINT(google-build-using-namespace): test helpers only

Activity MakeActivity(int64_t id, int64_t unit, ActivityKind kind, Date date) {
    Activity a;
    a.id = id;
    a.unit_id = unit;
    a.kind = kind;
    a.date = date;
    return a;
}

WeeklyReport Report(int64_t unit, bool submitted, std::string progress, std::string problems) {
    WeeklyReport r;
    r.unit_id = unit;
    r.year = 2026;
    r.week = 27;
    r.submitted = submitted;
    r.progress = std::move(progress);
    r.problems = std::move(problems);
    return r;
}

ReportData WeekData() {
    World w;
    w.AddUnit(1, "桐城经济开发区", UnitKind::kDevZone);
    w.AddUnit(2, "双新产业园", UnitKind::kPark);
    w.AddUnit(3, "文昌街道", UnitKind::kTown);
    w.projects = {
        {.id = 201,
         .unit_id = 3,
         .name = "新型包装材料项目",
         .total = 2 * kYi,
         .actual = {{Node::kLead, D(2026, 7, 1)}}},
        {.id = 202,
         .unit_id = 1,
         .name = "智能装备项目",
         .total = 35'000 * kWan,
         .actual = {{Node::kLead, D(2026, 5, 1)}, {Node::kSigned, D(2026, 7, 2)}}},
        {.id = 203, .unit_id = 1, .name = "上周线索项目", .total = kYi, .actual = {{Node::kLead, D(2026, 6, 28)}}},
    };

    ReportData d;
    d.type = ReportType::kWeekly;
    d.year = 2026;
    d.week = 27;
    d.from = D(2026, 6, 29);
    d.to = D(2026, 7, 5);
    d.today = D(2026, 7, 6);
    d.city_name = "桐城市";
    d.issuer = "桐城市招商中心";
    d.units = w.units;
    for (const ProjectSpec& p : w.projects) d.projects.push_back(w.ToProject(p));

    Activity trip = MakeActivity(11, 1, ActivityKind::kTrip, D(2026, 6, 30));
    trip.leader = "张副市长";
    trip.destination = "上海";
    trip.companies = "国茂减速机集团、三德智能科技";
    trip.outcome = "达成初步投资意向";
    Activity visit = MakeActivity(12, 1, ActivityKind::kVisit, D(2026, 7, 1));
    visit.company = "凯盛科技";
    visit.persons = 5;
    Activity show = MakeActivity(13, 2, ActivityKind::kExhibition, D(2026, 7, 2));
    show.end_date = D(2026, 7, 4);
    show.place = "深圳";
    show.title = "2026国际橡塑展";
    show.brochures = 500;
    show.enterprises_visited = 40;
    show.key_talks = 6;
    show.contacts = 18;
    show.follow_ups = 3;
    Activity before = MakeActivity(14, 3, ActivityKind::kTrip, D(2026, 6, 28));  // the week before
    d.activities = {trip, visit, show, before};

    d.weekly_reports = {Report(1, true, "完成两个项目签约。", "用地指标紧张。"), Report(2, true, "", ""),
                        Report(3, false, "草稿不发布", "")};
    d.late_weekly_units = {3};
    d.weekly_deadline = D(2026, 7, 3);
    return d;
}

TEST(ComposeWeeklyTest, TitleAndSubtitle) {
    const Document doc = ComposeReport(WeekData());
    EXPECT_EQ(doc.type, "weekly");
    EXPECT_EQ(doc.title, "桐城市招商动态");
    EXPECT_EQ(doc.subtitle, "（2026年第27周，6月29日至7月5日）");
    EXPECT_EQ(doc.date_line, "2026年7月6日");
    EXPECT_TRUE(EditableIds(doc).empty());
}

TEST(ComposeWeeklyTest, AWeekAcrossNewYearNamesTheOtherYear) {
    ReportData d = WeekData();
    d.week = 1;
    d.from = D(2025, 12, 29);
    d.to = D(2026, 1, 4);
    EXPECT_EQ(ComposeReport(d).subtitle, "（2026年第1周，2025年12月29日至1月4日）");
}

TEST(ComposeWeeklyTest, PerUnitCounts) {
    const Document doc = ComposeReport(WeekData());
    const Table& t = BlockOf(doc, "s1.table").table;
    std::vector<std::string> titles;
    for (const Column& c : t.columns) titles.push_back(c.title);
    EXPECT_EQ(titles, (std::vector<std::string>{"单位", "外出招商（次）", "接待拜访客商（人）", "展会（场）",
                                                "新增线索（个）", "新签约（个）", "周报送"}));
    // 203's lead and the trip of 28 June are the week before.
    EXPECT_EQ(RowTexts(t, "桐城经济开发区"),
              (std::vector<std::string>{"桐城经济开发区", "1", "5", "0", "0", "1", "已报送"}));
    EXPECT_EQ(RowTexts(t, "双新产业园"), (std::vector<std::string>{"双新产业园", "0", "0", "1", "0", "0", "已报送"}));
    EXPECT_EQ(RowTexts(t, "文昌街道"), (std::vector<std::string>{"文昌街道", "0", "0", "0", "1", "0", "未报送"}));
    EXPECT_EQ(RowTexts(t, "合计"), (std::vector<std::string>{"合计", "1", "5", "1", "1", "1", "2/3"}));
    EXPECT_EQ(t.rows[0][2].number, 5);
    EXPECT_EQ(FactOf(doc, "weekly.unit.1.signed"), "1");
    EXPECT_EQ(FactOf(doc, "weekly.unit.3.leads"), "1");
    EXPECT_EQ(FactOf(doc, "weekly.unit.3.report"), "未报送");
    EXPECT_EQ(FactOf(doc, "weekly.total.persons"), "5");
}

TEST(ComposeWeeklyTest, UnitParagraphs) {
    const Document doc = ComposeReport(WeekData());
    EXPECT_EQ(BlockOf(doc, "unit.1").text, "桐城经济开发区");
    EXPECT_EQ(BlockOf(doc, "unit.1").kind, BlockKind::kHeading2);
    EXPECT_EQ(BlockOf(doc, "unit.1.activity.11").text,
              "6月30日，张副市长带队赴上海开展外出招商，拜访国茂减速机集团、三德智能科技。达成初步投资意向。");
    EXPECT_EQ(BlockOf(doc, "unit.1.activity.12").text, "7月1日，接待、拜访凯盛科技客商5人。");
    EXPECT_EQ(BlockOf(doc, "unit.1.signed.202").text, "新签约：智能装备项目，总投资35000.00万元，签约日期7月2日。");
    EXPECT_EQ(BlockOf(doc, "unit.1.progress").text, "工作进展：完成两个项目签约。");
    EXPECT_EQ(BlockOf(doc, "unit.1.problems").text, "存在问题：用地指标紧张。");
    EXPECT_EQ(BlockOf(doc, "unit.2.activity.13").text,
              "7月2日至7月4日，赴深圳参加2026国际橡塑展，发放招商宣传册500份，走访企业40家，重点对接洽谈企业6家，"
              "新增联系客商18家，达成来访考察意向3家。");
    EXPECT_EQ(BlockOf(doc, "unit.3.lead.201").text,
              "新增线索：新型包装材料项目，投资方投资方201，总投资20000.00万元。");
    // A draft weekly report is not published; an empty submitted one says nothing.
    EXPECT_FALSE(HasBlock(doc, "unit.3.progress"));
    EXPECT_FALSE(HasBlock(doc, "unit.2.progress"));
    EXPECT_FALSE(HasBlock(doc, "unit.1.activity.14"));
    EXPECT_FALSE(HasBlock(doc, "unit.3.activity.14"));
    EXPECT_EQ(BlockOf(doc, "late").text, "文昌街道未按时报送第27周周报。");
    EXPECT_EQ(FactOf(doc, "weekly.activity.13.brochures"), "500");
}

TEST(ComposeWeeklyTest, AQuietWeekAndOneUnit) {
    ReportData d = WeekData();
    d.activities.clear();
    d.projects.clear();
    d.weekly_reports.clear();
    d.late_weekly_units.clear();
    Document doc = ComposeReport(d);
    EXPECT_EQ(BlockOf(doc, "s2.none").text, "本周各单位暂无新的招商动态。");
    EXPECT_FALSE(HasBlock(doc, "late"));
    EXPECT_EQ(RowTexts(BlockOf(doc, "s1.table").table, "合计"),
              (std::vector<std::string>{"合计", "0", "0", "0", "0", "0", "0/3"}));

    // One unit: its row only, no total.
    d = WeekData();
    d.unit_id = 2;
    d.units = {d.units[1]};
    doc = ComposeReport(d);
    EXPECT_EQ(ColumnTexts(BlockOf(doc, "s1.table").table, 0), std::vector<std::string>{"双新产业园"});
    EXPECT_FALSE(HasBlock(doc, "unit.1"));
    EXPECT_TRUE(HasBlock(doc, "unit.2.activity.13"));
    EXPECT_FALSE(HasBlock(doc, "late"));  // 文昌街道 is not in this report
}

}  // namespace
}  // namespace zs
