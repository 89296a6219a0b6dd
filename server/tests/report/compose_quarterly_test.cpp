// 季调度: the key projects with node status as of the quarter's end (or today while it runs) and
// their open problems.
#include <gtest/gtest.h>

#include "compose_fixture.hpp"
#include "report/compose.hpp"

namespace zs {
namespace {

using namespace compose_test;  // NOLINT(google-build-using-namespace): test helpers only

ReportData QuarterData(const World& w, int quarter, Date today) {
    ReportData d = w.Data(ReportType::kQuarterly, 2026, quarter * 3, today);
    d.quarter = quarter;
    d.month = 0;
    d.from = D(2026, quarter * 3 - 2, 1);
    return d;
}

World QuarterWorld() {
    World w = CityWorld();
    w.problems.push_back(MakeProblem(5, 107, "other", "排污指标待落实", D(2026, 7, 31), ""));
    return w;
}

std::vector<std::vector<std::string>> Rows(const Table& t) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& row : t.rows) {
        std::vector<std::string> texts;
        for (const Cell& c : row) texts.push_back(c.text);
        rows.push_back(texts);
    }
    return rows;
}

TEST(ComposeQuarterlyTest, KeyProjectsAndTheirProblems) {
    const Document doc = ComposeReport(QuarterData(QuarterWorld(), 2, D(2026, 7, 5)));
    EXPECT_EQ(doc.type, "quarterly");
    EXPECT_EQ(doc.title, "桐城市重点项目季度调度");
    EXPECT_EQ(doc.subtitle, "（2026年第二季度）");
    EXPECT_TRUE(doc.landscape);
    EXPECT_EQ(BlockIds(doc), (std::vector<std::string>{"summary", "s1", "s1.table", "s2", "s2.table"}));
    EXPECT_EQ(BlockOf(doc, "s1").text, "一、重点项目推进情况");
    EXPECT_EQ(BlockOf(doc, "s2").text, "二、重点项目存在问题");
    // 101 is behind (入统 planned 20 June); 107 reached 入规 on 1 June. 109 (20亿) is not marked key.
    EXPECT_EQ(Rows(BlockOf(doc, "s1.table").table),
              (std::vector<std::vector<std::string>>{
                  {"桐城经济开发区", "智能输送机项目", "100000.00", "开工", "滞后", "入统", "入统（2026-06-20）"},
                  {"孔城镇", "金属表面处理产业园", "120000.00", "入规", "正常推进", "—", "达产（未排期）"},
              }));
    // Only the key projects' problems; 102's, 103's and 109's are not in this pack.
    EXPECT_EQ(Rows(BlockOf(doc, "s2.table").table),
              (std::vector<std::vector<std::string>>{
                  {"智能输送机项目", "审批", "环评批复待审", "市生态环境分局", "2026-05-31", "是"},
                  {"金属表面处理产业园", "其他", "排污指标待落实", "—", "2026-07-31", "否"},
              }));
    EXPECT_EQ(
        BlockOf(doc, "summary").text,
        "截至2026年6月30日，全市重点项目2个，其中正常推进1个、滞后1个；尚未解决的问题2个，其中已超过解决时限1个。");
    EXPECT_EQ(FactOf(doc, "quarterly.projects.101.status"), "滞后");
    EXPECT_EQ(FactOf(doc, "quarterly.problems.4.overdue"), "是");
    EXPECT_EQ(FactOf(doc, "quarterly.count"), "2个");
}

TEST(ComposeQuarterlyTest, StalledAtTheEndOfTheThirdQuarter) {
    // On 30 September 107 has made no progress since 1 June (121 days > 90); the problem due on
    // 31 July is now overdue as well.
    const Document doc = ComposeReport(QuarterData(QuarterWorld(), 3, D(2026, 10, 8)));
    EXPECT_EQ(doc.subtitle, "（2026年第三季度）");
    EXPECT_EQ(ColumnTexts(BlockOf(doc, "s1.table").table, 4), (std::vector<std::string>{"滞后", "停滞"}));
    EXPECT_EQ(BlockOf(doc, "summary").text,
              "截至2026年9月30日，全市重点项目2个，其中滞后1个、停滞1个；尚未解决的问题2个，其中已超过解决时限2个。");
}

TEST(ComposeQuarterlyTest, AQuarterThatHasOnlyBegun) {
    const Document doc = ComposeReport(QuarterData(QuarterWorld(), 3, D(2026, 7, 3)));
    EXPECT_EQ(
        BlockOf(doc, "summary").text,
        "截至2026年7月3日，全市重点项目2个，其中正常推进1个、滞后1个；尚未解决的问题2个，其中已超过解决时限1个。");
}

TEST(ComposeQuarterlyTest, NoKeyProjects) {
    World w = CityWorld();
    for (ProjectSpec& p : w.projects) p.is_key = false;
    const Document doc = ComposeReport(QuarterData(w, 4, D(2027, 1, 6)));
    EXPECT_EQ(doc.subtitle, "（2026年第四季度）");
    EXPECT_EQ(BlockOf(doc, "summary").text, "截至2026年12月31日，全市暂无重点项目。");
    EXPECT_EQ(BlockOf(doc, "s1.none").text, "暂无重点项目。");
    EXPECT_EQ(BlockOf(doc, "s2.none").text, "重点项目暂无未解决的问题。");
    EXPECT_FALSE(HasBlock(doc, "s1.table"));
}

TEST(ComposeQuarterlyTest, KeyProjectsWithoutProblems) {
    World w = CityWorld();
    w.problems.clear();
    const Document doc = ComposeReport(QuarterData(w, 2, D(2026, 7, 5)));
    EXPECT_EQ(BlockOf(doc, "summary").text,
              "截至2026年6月30日，全市重点项目2个，其中正常推进1个、滞后1个；尚未解决的问题0个。");
    EXPECT_EQ(BlockOf(doc, "s2.none").text, "重点项目暂无未解决的问题。");
}

}  // namespace
}  // namespace zs
