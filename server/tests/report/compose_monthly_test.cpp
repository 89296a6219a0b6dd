// 月通报: the indicator tables against the engine's figures, the rank rule, the project tables as
// of the period end, the warning list and the late units.
#include <gtest/gtest.h>

#include <set>

#include "compose_fixture.hpp"
#include "report/compose.hpp"

namespace zs {
namespace {

using namespace compose_test;  // NOLINT(google-build-using-namespace): test helpers only

ReportData MonthlyData(const World& w, int month = 6, Date today = D(2026, 7, 5)) {
    ReportData d = w.Data(ReportType::kMonthly, 2026, month, today);
    d.late_figure_units = {5, 3};
    return d;
}

Document Monthly(const World& w, int month = 6, Date today = D(2026, 7, 5)) {
    return ComposeReport(MonthlyData(w, month, today));
}

const Table& TableOf(const Document& doc, std::string_view id) { return BlockOf(doc, id).table; }

constexpr std::string_view kIndicators[] = {"provincial_funds",     "prov_db_new", "signed_100m",
                                            "signed_100m_industry", "in_stats",    "new_fixed_asset"};

TEST(ComposeMonthlyTest, TitleIntroAndBlocks) {
    const Document doc = Monthly(CityWorld());
    EXPECT_EQ(doc.type, "monthly");
    EXPECT_EQ(doc.title, "桐城市招商引资工作月通报");
    EXPECT_EQ(doc.subtitle, "（2026年1-6月）");
    EXPECT_EQ(doc.date_line, "2026年7月5日");
    EXPECT_TRUE(doc.landscape);
    EXPECT_EQ(BlockOf(doc, "intro").text, "现将2026年1-6月全市招商引资主要指标完成情况通报如下：");
    EXPECT_EQ(EditableIds(doc), std::vector<std::string>{"intro"});
    EXPECT_EQ(BlockIds(doc), (std::vector<std::string>{"intro",
                                                       "s1",
                                                       "s1.provincial_funds.caption",
                                                       "s1.provincial_funds",
                                                       "s1.prov_db_new.caption",
                                                       "s1.prov_db_new",
                                                       "s1.signed_100m.caption",
                                                       "s1.signed_100m",
                                                       "s1.signed_100m_industry.caption",
                                                       "s1.signed_100m_industry",
                                                       "s1.in_stats.caption",
                                                       "s1.in_stats",
                                                       "s1.new_fixed_asset.caption",
                                                       "s1.new_fixed_asset",
                                                       "s2",
                                                       "s2.table",
                                                       "s3",
                                                       "s3.table",
                                                       "s4",
                                                       "s4.lead",
                                                       "s4.table",
                                                       "s5",
                                                       "s5.text"}));
    EXPECT_EQ(BlockOf(doc, "s1").text, "一、主要指标完成情况");
    EXPECT_EQ(BlockOf(doc, "s2").text, "二、签约及开工项目推进情况");
    EXPECT_EQ(BlockOf(doc, "s3").text, "三、在谈项目情况");
    EXPECT_EQ(BlockOf(doc, "s4").text, "四、预警");
    EXPECT_EQ(BlockOf(doc, "s5").text, "五、数据报送情况");
    EXPECT_EQ(BlockOf(doc, "s1.provincial_funds.caption").text, "表1 实际利用省外资金");
    EXPECT_EQ(BlockOf(doc, "s1.prov_db_new.caption").text, "表2 新入省库项目");
    EXPECT_EQ(BlockOf(doc, "s1.signed_100m.caption").text, "表3 新签约亿元以上项目");
    EXPECT_EQ(BlockOf(doc, "s1.signed_100m_industry.caption").text, "表4 新签约亿元以上工业项目");
    EXPECT_EQ(BlockOf(doc, "s1.in_stats.caption").text, "表5 入统项目");
    EXPECT_EQ(BlockOf(doc, "s1.new_fixed_asset.caption").text, "表6 新引进项目新增固定资产投资");
}

TEST(ComposeMonthlyTest, IndicatorTableColumns) {
    const Document doc = Monthly(CityWorld());
    std::vector<std::string> titles;
    for (const Column& c : TableOf(doc, "s1.provincial_funds").columns) titles.push_back(c.title);
    EXPECT_EQ(titles, (std::vector<std::string>{"单位", "完成（亿元）", "全年目标（亿元）", "完成率", "序时进度",
                                                "超（落后）序时进度", "排名"}));
    EXPECT_EQ(TableOf(doc, "s1.provincial_funds").columns[1].kind, CellKind::kYuanYi);
    EXPECT_EQ(TableOf(doc, "s1.in_stats").columns[1].title, "完成（个）");
    EXPECT_EQ(TableOf(doc, "s1.in_stats").columns[1].kind, CellKind::kCount);
    EXPECT_EQ(ColumnTexts(TableOf(doc, "s1.in_stats"), 0),
              (std::vector<std::string>{"全市", "桐城经济开发区", "双新产业园", "文昌街道", "龙眠街道", "孔城镇",
                                        "市发改委", "市商务局"}));
}

// The printed form of an engine figure, computed here independently of the composer.
std::string Amount(const Figure& f, bool money, int64_t v) { return money ? FormatYi(v, 2) : std::to_string(v); }
std::string AheadOf(const Figure& f) {
    if (!f.ahead) return "—";
    const AheadText t = DescribeAhead(*f.ahead, 1);
    return t.word == "持平" ? t.word : t.word + t.points;
}

TEST(ComposeMonthlyTest, EveryTableFigureIsTheEnginesPrintedFigure) {
    const ReportData data = MonthlyData(CityWorld());
    const Document doc = ComposeReport(data);
    int checked = 0;
    for (const std::string_view key_view : kIndicators) {
        const std::string key(key_view);
        const IndicatorResult* r = data.cumulative.Find(key);
        ASSERT_NE(r, nullptr) << key;
        const bool money = r->unit == kUnitYuan;
        const Table& t = TableOf(doc, "s1." + key);
        ASSERT_EQ(t.rows.size(), data.units.size() + 1) << key;
        auto check = [&](const std::string& who, const Figure& f, const std::vector<Cell>& row) {
            const std::string k = "monthly." + key + "." + who + ".";
            const std::string actual = Amount(f, money, f.actual);
            const std::string target = f.target ? Amount(f, money, *f.target) : "—";
            const std::string completion = f.completion ? FormatPercent(*f.completion, 1) + "%" : "—";
            EXPECT_EQ(FactOf(doc, k + "actual"), actual) << k;
            EXPECT_EQ(FactOf(doc, k + "target"), target) << k;
            EXPECT_EQ(FactOf(doc, k + "completion"), completion) << k;
            EXPECT_EQ(FactOf(doc, k + "ahead"), AheadOf(f)) << k;
            // The cells print the same, and keep the raw value for the spreadsheet.
            EXPECT_EQ(row[1].text, actual) << k;
            EXPECT_EQ(row[1].number, f.actual) << k;
            EXPECT_EQ(row[2].text, target) << k;
            EXPECT_EQ(row[3].text, completion) << k;
            EXPECT_EQ(row[3].ratio, f.completion) << k;
            EXPECT_EQ(row[4].text, FormatPercent(f.schedule, 1) + "%") << k;
            EXPECT_EQ(row[5].text, AheadOf(f)) << k;
            ++checked;
        };
        check("city", r->city, t.rows[0]);
        for (std::size_t i = 0; i < data.units.size(); ++i) {
            const Figure* f = nullptr;
            for (std::size_t j = 0; j < data.cumulative.unit_ids.size(); ++j) {
                if (data.cumulative.unit_ids[j] == data.units[i].id) f = &r->units[j];
            }
            ASSERT_NE(f, nullptr);
            EXPECT_EQ(t.rows[i + 1][0].text, data.units[i].name);
            check("unit." + std::to_string(data.units[i].id), *f, t.rows[i + 1]);
        }
        EXPECT_EQ(FactOf(doc, "monthly." + key + ".schedule"), "50.0%");
    }
    EXPECT_EQ(checked, 6 * 8);
}

TEST(ComposeMonthlyTest, SomeFiguresByHand) {
    const Document doc = Monthly(CityWorld());
    // 8.05亿 of 20亿: 40.3%, 落后9.8 (40.25 − 50 = −9.75).
    EXPECT_EQ(RowTexts(TableOf(doc, "s1.provincial_funds"), "全市"),
              (std::vector<std::string>{"全市", "8.05", "20.00", "40.3%", "50.0%", "落后9.8", "—"}));
    // 经开区: 3.85亿 of 10亿; 孔城镇: 3亿 of 3亿; 双新产业园 1.2亿 without a target.
    EXPECT_EQ(RowTexts(TableOf(doc, "s1.provincial_funds"), "桐城经济开发区"),
              (std::vector<std::string>{"桐城经济开发区", "3.85", "10.00", "38.5%", "50.0%", "落后11.5", "2"}));
    EXPECT_EQ(RowTexts(TableOf(doc, "s1.provincial_funds"), "孔城镇"),
              (std::vector<std::string>{"孔城镇", "3.00", "3.00", "100.0%", "50.0%", "超50.0", "1"}));
    EXPECT_EQ(RowTexts(TableOf(doc, "s1.provincial_funds"), "双新产业园"),
              (std::vector<std::string>{"双新产业园", "1.20", "—", "—", "50.0%", "—", "—"}));
    EXPECT_EQ(RowTexts(TableOf(doc, "s1.prov_db_new"), "全市"),
              (std::vector<std::string>{"全市", "2", "4", "50.0%", "50.0%", "持平", "—"}));
}

// signed_100m: 经开区 3 of 4 (75%), 双新产业园 2 of 4, 文昌街道 2 of 4 (50% both), 龙眠街道 0 of 2;
// the others have no target.
TEST(ComposeMonthlyTest, RanksShareEqualCompletions) {
    const Document doc = Monthly(CityWorld());
    EXPECT_EQ(ColumnTexts(TableOf(doc, "s1.signed_100m"), 6),
              (std::vector<std::string>{"—", "1", "2", "2", "4", "—", "—", "—"}));
    EXPECT_EQ(FactOf(doc, "monthly.signed_100m.unit.4.rank"), "4");
    EXPECT_EQ(FactOf(doc, "monthly.signed_100m.unit.5.rank"), "—");
    EXPECT_FALSE(FactOf(doc, "monthly.signed_100m.city.rank"));
}

// Ranks follow the printed completion: 3.85亿 of 11.56亿 (33.304%) and 1.2亿 of 3.6亿 (33.333%)
// both print 33.3% and share rank 2.
TEST(ComposeMonthlyTest, RanksFollowThePrintedCompletion) {
    World w = CityWorld();
    w.targets.Set("provincial_funds", 1, 1'156'000'000);
    w.targets.Set("provincial_funds", 2, 360'000'000);
    const Document doc = Monthly(w);
    EXPECT_EQ(RowTexts(TableOf(doc, "s1.provincial_funds"), "桐城经济开发区")[3], "33.3%");
    EXPECT_EQ(RowTexts(TableOf(doc, "s1.provincial_funds"), "双新产业园")[3], "33.3%");
    EXPECT_EQ(ColumnTexts(TableOf(doc, "s1.provincial_funds"), 6),
              (std::vector<std::string>{"—", "2", "2", "—", "—", "1", "—", "—"}));
}

TEST(ComposeMonthlyTest, SignedAndStartedProjectsAsOfThePeriodEnd) {
    const Document doc = Monthly(CityWorld());
    const Table& t = TableOf(doc, "s2.table");
    std::vector<std::string> titles;
    for (const Column& c : t.columns) titles.push_back(c.title);
    EXPECT_EQ(titles, (std::vector<std::string>{"单位", "项目名称", "总投资（万元）", "签约日期", "开工日期",
                                                "当前节点", "下一节点及计划日期", "逾期节点"}));
    std::vector<std::vector<std::string>> rows;
    for (const auto& row : t.rows) {
        std::vector<std::string> texts;
        for (const Cell& c : row) texts.push_back(c.text);
        rows.push_back(texts);
    }
    // By unit, then date; 107 started last year, 111 is terminated, 110 and 112 are not signed.
    const std::vector<std::vector<std::string>> expected = {
        {"桐城经济开发区", "智能输送机项目", "100000.00", "2026-03-15", "2026-05-20", "开工", "入统（2026-06-20）",
         "入统"},
        {"桐城经济开发区", "光伏封装材料项目", "50000.00", "2026-06-10", "2026-06-25", "开工", "入统（2026-09-30）",
         "—"},
        {"双新产业园", "新能源汽车底盘项目", "100000.00", "2026-02-01", "2026-04-02", "开工", "入统（未排期）", "—"},
        {"双新产业园", "中鼎汽车零部件产业园", "200000.00", "2026-06-28", "—", "签约", "注册（未排期）", "—"},
        {"文昌街道", "商贸物流项目", "50000.00", "2026-01-10", "—", "签约", "注册（未排期）", "—"},
        {"文昌街道", "绿色包装产业园项目", "10000.00", "2026-06-20", "—", "签约", "注册（2026-06-25）", "注册"},
        {"龙眠街道", "农产品加工项目", "10000.00", "2026-05-05", "—", "签约", "注册（未排期）", "—"},
    };
    EXPECT_EQ(rows, expected);
    EXPECT_EQ(t.rows[0][2].number, 10 * kYi);
    EXPECT_EQ(FactOf(doc, "monthly.projects.104.overdue"), "注册");
    EXPECT_EQ(FactOf(doc, "monthly.projects.101.next"), "入统（2026-06-20）");
}

TEST(ComposeMonthlyTest, LaterNodesDoNotChangeAnEarlierBulletin) {
    World w = CityWorld();
    for (ProjectSpec& p : w.projects) {
        if (p.id == 104) p.actual.push_back({Node::kRegistered, D(2026, 7, 2)});  // after 30 June
        if (p.id == 109) p.actual.push_back({Node::kStarted, D(2026, 7, 3)});
    }
    const Document doc = Monthly(w);
    EXPECT_EQ(FactOf(doc, "monthly.projects.104.stage"), "签约");
    EXPECT_EQ(FactOf(doc, "monthly.projects.104.overdue"), "注册");
    EXPECT_EQ(FactOf(doc, "monthly.projects.109.started"), "—");
    EXPECT_EQ(Monthly(w).facts, Monthly(CityWorld()).facts);
}

TEST(ComposeMonthlyTest, NoSignedOrStartedProjects) {
    World w = CityWorld();
    w.projects.clear();
    const Document doc = Monthly(w);
    EXPECT_FALSE(HasBlock(doc, "s2.table"));
    EXPECT_EQ(BlockOf(doc, "s2.none").text, "2026年1-6月暂无签约或开工项目。");
}

TEST(ComposeMonthlyTest, ProjectsInTalksPerUnit) {
    const Document doc = Monthly(CityWorld());
    const Table& t = TableOf(doc, "s3.table");
    EXPECT_EQ(ColumnTexts(t, 1), (std::vector<std::string>{"2", "0", "0", "0", "0", "0", "1", "1"}));
    EXPECT_EQ(RowTexts(t, "市发改委"), (std::vector<std::string>{"市发改委", "1", "文旅综合体项目"}));
    EXPECT_EQ(RowTexts(t, "市商务局"), (std::vector<std::string>{"市商务局", "1", "数字经济产业园"}));
    EXPECT_EQ(RowTexts(t, "孔城镇"), (std::vector<std::string>{"孔城镇", "0", "—"}));
    EXPECT_EQ(FactOf(doc, "monthly.talks.city.count"), "2");
    EXPECT_EQ(FactOf(doc, "monthly.talks.unit.7.count"), "1");
}

// Below 1/3 of an annual target: 文昌街道 0.3亿 of 1.5亿 (20%), 孔城镇 0 of 1.5亿 of new fixed-asset
// investment, 龙眠街道 0 of 2 signed projects; 经开区 (38.5%, 62.5%, 75%) and the rest are not.
TEST(ComposeMonthlyTest, WarningList) {
    const Document doc = Monthly(CityWorld());
    EXPECT_EQ(BlockOf(doc, "s4.lead").text,
              "按照“9月30日前未完成全年任务1/3的”要求，截至2026年6月30日，以下单位完成率低于1/3：");
    const Table& t = TableOf(doc, "s4.table");
    std::vector<std::vector<std::string>> rows;
    for (const auto& row : t.rows) {
        std::vector<std::string> texts;
        for (const Cell& c : row) texts.push_back(c.text);
        rows.push_back(texts);
    }
    EXPECT_EQ(rows, (std::vector<std::vector<std::string>>{
                        {"文昌街道", "新引进项目新增固定资产投资", "20.0%", "1.50亿元"},
                        {"龙眠街道", "新签约亿元以上项目", "0.0%", "2个"},
                        {"孔城镇", "新引进项目新增固定资产投资", "0.0%", "1.50亿元"},
                    }));
}

TEST(ComposeMonthlyTest, WarningAtExactlyTheShareIsNotBelowIt) {
    World w = CityWorld();
    w.targets.Set("new_fixed_asset", 3, 9'000 * kWan);  // 0.3亿 of 0.9亿 = exactly 1/3
    const Document doc = Monthly(w);
    EXPECT_EQ(ColumnTexts(TableOf(doc, "s4.table"), 0), (std::vector<std::string>{"龙眠街道", "孔城镇"}));
}

TEST(ComposeMonthlyTest, NoWarnings) {
    World w = CityWorld();
    w.targets = {};
    ReportData data = MonthlyData(w);
    data.warning_share = {1, 2};
    data.warning_date = D(2026, 10, 31);
    const Document doc = ComposeReport(data);
    EXPECT_FALSE(HasBlock(doc, "s4.table"));
    EXPECT_EQ(
        BlockOf(doc, "s4.lead").text,
        "按照“10月31日前未完成全年任务1/2的”要求，截至2026年6月30日，各单位主要指标完成率均不低于全年任务的1/2。");
}

TEST(ComposeMonthlyTest, LateUnitsInUnitOrder) {
    EXPECT_EQ(BlockOf(Monthly(CityWorld()), "s5.text").text, "文昌街道、孔城镇未按时报送6月份数据。");
    ReportData data = MonthlyData(CityWorld());
    data.late_figure_units.clear();
    EXPECT_EQ(BlockOf(ComposeReport(data), "s5.text").text, "各单位均按时报送6月份数据。");
}

TEST(ComposeMonthlyTest, JanuaryAndACityWithoutUnits) {
    World w = CityWorld();
    const Document jan = Monthly(w, 1, D(2026, 2, 4));
    EXPECT_EQ(jan.subtitle, "（2026年1月）");
    EXPECT_EQ(BlockOf(jan, "intro").text, "现将2026年1月全市招商引资主要指标完成情况通报如下：");
    EXPECT_EQ(BlockOf(jan, "s5.text").text, "文昌街道、孔城镇未按时报送1月份数据。");
    EXPECT_EQ(FactOf(jan, "monthly.prov_db_new.city.ahead"), "超16.7");  // 1 of 4 against 1/12

    World bare;
    const Document doc = Monthly(bare);
    EXPECT_EQ(TableOf(doc, "s1.signed_100m").rows.size(), 1u);
    EXPECT_EQ(RowTexts(TableOf(doc, "s1.signed_100m"), "全市"),
              (std::vector<std::string>{"全市", "0", "—", "—", "50.0%", "—", "—"}));
    EXPECT_EQ(BlockOf(doc, "s5.text").text, "各单位均按时报送6月份数据。");
}

TEST(ComposeMonthlyTest, FactKeysAreUniqueAndValuesArePrinted) {
    const Document doc = Monthly(CityWorld());
    std::set<std::string> keys;
    std::string all;
    for (const Block& b : doc.blocks) {
        all += b.text + "\n";
        for (const auto& row : b.table.rows) {
            for (const Cell& c : row) all += c.text + "\t";
        }
    }
    for (const Fact& f : doc.facts) {
        EXPECT_TRUE(keys.insert(f.key).second) << f.key;
        EXPECT_NE(all.find(f.value), std::string::npos) << f.key;
        EXPECT_FALSE(f.label.empty()) << f.key;
    }
}

}  // namespace
}  // namespace zs
