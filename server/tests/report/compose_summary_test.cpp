// 工作总结: section 一 word by word against docs/reports.md, with the figures of CityWorld worked
// out by hand beside each expected text; sections 二–四 prefilled; edge periods and kinds.
#include <gtest/gtest.h>

#include "compose_fixture.hpp"
#include "report/compose.hpp"

namespace zs {
namespace {

using namespace compose_test;  // NOLINT(google-build-using-namespace): test helpers only

std::string FirstSentence(const std::string& text) {
    const std::size_t end = text.find("。");
    return end == std::string::npos ? text : text.substr(0, end + std::string("。").size());
}

Document Summary(const World& w, int month = 6, Date today = D(2026, 7, 5)) {
    return ComposeReport(w.Data(ReportType::kSummary, 2026, month, today));
}

// ---------------------------------------------------------------------------------------------
// The half-year summary of CityWorld

TEST(ComposeSummaryTest, TitleDateAndHeadings) {
    const Document doc = Summary(CityWorld());
    EXPECT_EQ(doc.type, "summary");
    EXPECT_EQ(doc.title, "桐城市招商中心2026年上半年招商引资工作总结");
    EXPECT_EQ(doc.subtitle, "");
    EXPECT_EQ(doc.issuer, "桐城市招商中心");
    EXPECT_EQ(doc.date_line, "2026年7月5日");
    EXPECT_FALSE(doc.landscape);
    EXPECT_EQ(BlockOf(doc, "s1").text, "一、上半年招商实绩完成情况");
    EXPECT_EQ(BlockOf(doc, "s1").kind, BlockKind::kHeading1);
    EXPECT_EQ(BlockOf(doc, "s1.1.h").text, "1、实际利用省外资金情况");
    EXPECT_EQ(BlockOf(doc, "s1.1.h").kind, BlockKind::kHeading2);
    EXPECT_EQ(BlockOf(doc, "s1.2.h").text, "2、新签约亿元以上项目情况");
    EXPECT_EQ(BlockOf(doc, "s1.3.h").text, "3、项目入统入规情况");
    EXPECT_EQ(BlockOf(doc, "s1.4.h").text, "4、新引进项目新增固定资产投资情况");
    EXPECT_EQ(BlockOf(doc, "s2").text, "二、工作重点和特色");
    EXPECT_EQ(BlockOf(doc, "s3").text, "三、目前存在的问题");
    EXPECT_EQ(BlockOf(doc, "s4").text, "四、2026年下半年工作打算");
    EXPECT_EQ(BlockOf(doc, "preamble").text,
              "2026年上半年，在市委市政府的正确领导下，市招商中心坚持把“双招双引”作为高质量发展的“第一要事”，"
              "围绕全年目标任务，扎实推进招商引资各项工作。现将有关情况总结如下：");
}

// Funds 1-6月: 3.85亿 (101) + 3亿 (107) + 1.2亿 (103) = 8.05亿 → "8.1" (half away from zero); the
// 0.5亿 of 106 (total below 1亿) and 101's July do not count. Last year 4亿 (107, 2025-04) → growth
// 101.25% → "101.3". Target 20亿 → 40.25% − 50% = −9.75 → 落后9.8. 新入省库: 101 and 107 confirmed,
// target 4 → exactly 50%: 持平. Of them ≥ 10亿: both (101 is exactly 10亿), target 3 → 66.7%, 超16.7.
// Emerging: 101 and 102, no target. June: 0.35亿 of 101; pending and reported in June: 103 and 109,
// of which 109 ≥ 10亿.
TEST(ComposeSummaryTest, FundsParagraph) {
    const Document doc = Summary(CityWorld());
    EXPECT_EQ(BlockOf(doc, "s1.1").text,
              "1-6月，我市实际利用省外资金8.1亿元，同比增长101.3%，落后序时进度9.8个百分点；"
              "新入省库项目2个，与序时进度持平；"
              "其中10亿元以上项目2个，完成全年任务数的66.7%，超序时进度16.7个百分点；"
              "新引进亿元以上十大新兴产业项目2个，未下达全年目标任务。"
              "6月份，上报实际利用省外资金0.35亿元，新入省库项目2个，其中10亿元以上项目1个，待审核。");
    EXPECT_FALSE(BlockOf(doc, "s1.1").editable);
}

// Signed 1-6月 ≥ 1亿: 101, 102, 103, 104, 105, 109 and the terminated 111 (it still counts) = 7;
// 106 (1亿 − 1) is below, 107 signed last year. Target 12 → 58.3%, 超8.3. Industry: all but 105
// (service) = 6, target 15 → 40%, 落后10.0. Bands: [1,5) 104 (exactly 1亿), 105 (5亿 − 1), 111 = 3,
// target 6 → 持平; [5,10) 102 (exactly 5亿), 103 (10亿 − 1) = 2, target 2 → 超50.0; ≥ 10亿 101, 109,
// no target. To report in June: industry, not reported upward: 102 (5-10) and 104 (1-5); 109 is
// pending.
TEST(ComposeSummaryTest, SignedParagraph) {
    const Document doc = Summary(CityWorld());
    EXPECT_EQ(BlockOf(doc, "s1.2").text,
              "1-6月，我市新签约亿元以上项目7个，超序时进度8.3个百分点；"
              "其中亿元以上工业项目6个，落后序时进度10.0个百分点；"
              "1-5亿元项目3个，与序时进度持平；5-10亿元项目2个，超序时进度50.0个百分点；"
              "10亿元以上项目2个，未下达全年目标任务。"
              "6月份拟上报新签约亿元以上工业项目2个，其中1-5亿元项目1个，5-10亿元项目1个，10亿元以上项目0个。");
}

// 入统: 107 (March) and 108 (February, 6000万 ≥ 500万), target 8 → 25%, 落后25.0. 小升规 108,
// 新投产入规 107.
TEST(ComposeSummaryTest, StatsParagraph) {
    const Document doc = Summary(CityWorld());
    EXPECT_EQ(BlockOf(doc, "s1.3").text,
              "2026年1-6月份，入统项目2个，落后序时进度25.0个百分点；2026年1-6月份小升规项目1个，新投产入规项目1个。");
}

// Projects signed in 2026: 101 2.5亿, 103 0.9亿, 104 0.3亿, 106 0.2亿 = 3.9亿 (107's 0.4亿 is of a
// project signed in 2025). City target 10亿 → 39.00%, 落后11.00. 经开区 has one unit, printed by its
// name: 2.5 / 4 = 62.50%, 超12.50. 园区 likewise: 0.9 / 1.8 = 50.00%, 持平. Towns (three units):
// 0.3 + 0.2 + 0 = 0.5亿 against 1.5 + 1.5 (龙眠街道 has no target) = 3亿 → 16.67%, 落后33.33.
// 市直 (two units) reported nothing.
TEST(ComposeSummaryTest, FixedAssetParagraphPerKind) {
    const Document doc = Summary(CityWorld());
    EXPECT_EQ(BlockOf(doc, "s1.4").text,
              "2026年1-6月份，全市新引进项目新增固定资产投资3.90亿元，完成任务39.00%，落后序时11.00个百分点。"
              "桐城经济开发区新引进项目新增固定资产投资2.50亿元，完成任务62.50%，超序时12.50个百分点；"
              "双新产业园新引进项目新增固定资产投资0.90亿元，完成任务50.00%，与序时持平；"
              "镇（街道）新引进项目新增固定资产投资0.50亿元，完成任务16.67%，落后序时33.33个百分点。"
              "市直暂未有上报新引进项目新增固定资产投资单位。");
}

TEST(ComposeSummaryTest, FixedAssetKindsWithoutUnitsAreLeftOutAndOneTownIsNamed) {
    World w = CityWorld();
    // Only 文昌街道 remains of the towns; the municipal units are gone.
    std::erase_if(w.units, [](const Unit& u) { return u.id == 4 || u.id == 5 || u.id == 6 || u.id == 7; });
    std::erase_if(w.projects, [](const ProjectSpec& p) { return p.unit_id == 4 || p.unit_id == 5 || p.unit_id >= 6; });
    std::erase_if(w.figures, [](const FigureSpec& f) { return f.project_id == 106 || f.project_id == 107; });
    const Document doc = Summary(w);
    // 3.9亿 − 0.2亿 (106) = 3.7亿 → 37.00%, 落后13.00; 文昌街道 0.3 / 1.5 = 20.00%, 落后30.00.
    EXPECT_EQ(BlockOf(doc, "s1.4").text,
              "2026年1-6月份，全市新引进项目新增固定资产投资3.70亿元，完成任务37.00%，落后序时13.00个百分点。"
              "桐城经济开发区新引进项目新增固定资产投资2.50亿元，完成任务62.50%，超序时12.50个百分点；"
              "双新产业园新引进项目新增固定资产投资0.90亿元，完成任务50.00%，与序时持平；"
              "文昌街道新引进项目新增固定资产投资0.30亿元，完成任务20.00%，落后序时30.00个百分点。");
}

TEST(ComposeSummaryTest, FixedAssetZeroKindsAfterTheOthersAndAKindWithoutTargets) {
    World w = CityWorld();
    std::erase_if(w.figures, [](const FigureSpec& f) { return f.project_id == 101; });  // 经开区 reports nothing
    w.targets = {};
    const Document doc = Summary(w);
    // 0.9 + 0.3 + 0.2 = 1.4亿, no targets at all.
    EXPECT_EQ(BlockOf(doc, "s1.4").text,
              "2026年1-6月份，全市新引进项目新增固定资产投资1.40亿元，未下达目标任务。"
              "双新产业园新引进项目新增固定资产投资0.90亿元，未下达目标任务；"
              "镇（街道）新引进项目新增固定资产投资0.50亿元，未下达目标任务。"
              "经开区暂未有上报新引进项目新增固定资产投资单位。市直暂未有上报新引进项目新增固定资产投资单位。");
}

// Wording follows the printed value: 3.9亿 against 7.7999亿 is 50.0006%, 0.0006 points ahead, which
// prints 0.00 → 持平; against 7.799亿 it is 0.0064 points → 超0.01.
TEST(ComposeSummaryTest, FixedAssetAheadThatRoundsToZeroReadsLevel) {
    World w = CityWorld();
    w.targets.Set("new_fixed_asset", kCityUnitId, 77'999 * kWan);
    EXPECT_EQ(FirstSentence(BlockOf(Summary(w), "s1.4").text),
              "2026年1-6月份，全市新引进项目新增固定资产投资3.90亿元，完成任务50.00%，与序时持平。");
    w.targets.Set("new_fixed_asset", kCityUnitId, 77'990 * kWan);
    EXPECT_EQ(FirstSentence(BlockOf(Summary(w), "s1.4").text),
              "2026年1-6月份，全市新引进项目新增固定资产投资3.90亿元，完成任务50.01%，超序时0.01个百分点。");
}

// ---------------------------------------------------------------------------------------------
// Year on year, 持平 and no target in the funds sentence

std::string FundsLead(const Document& doc) {
    const std::string& t = BlockOf(doc, "s1.1").text;
    return t.substr(0, t.find("；"));
}

TEST(ComposeSummaryTest, YearOnYearDecline) {
    World w = CityWorld();
    w.figures.push_back({103, 2025, 5, 6 * kYi, 0});  // last year 4 + 6 = 10亿 → (8.05 − 10) / 10 = −19.5%
    EXPECT_EQ(FundsLead(Summary(w)), "1-6月，我市实际利用省外资金8.1亿元，同比下降19.5%，落后序时进度9.8个百分点");
}

TEST(ComposeSummaryTest, YearOnYearNewWhenLastYearIsZero) {
    World w = CityWorld();
    std::erase_if(w.figures, [](const FigureSpec& f) { return f.year == 2025; });
    EXPECT_EQ(FundsLead(Summary(w)), "1-6月，我市实际利用省外资金8.1亿元，同比新增，落后序时进度9.8个百分点");
}

TEST(ComposeSummaryTest, YearOnYearLevelAndNothingAtAll) {
    World w = CityWorld();
    w.figures.push_back({103, 2025, 5, 40'500 * kWan, 0});  // last year 8.05亿: exactly level
    EXPECT_EQ(FundsLead(Summary(w)), "1-6月，我市实际利用省外资金8.1亿元，同比持平，落后序时进度9.8个百分点");

    World empty = CityWorld();
    empty.figures.clear();
    EXPECT_EQ(FundsLead(Summary(empty)), "1-6月，我市实际利用省外资金0.0亿元，同比持平，落后序时进度50.0个百分点");
}

TEST(ComposeSummaryTest, AheadAndRoundingToLevel) {
    World w = CityWorld();
    // 8.05亿 of 16.09亿 = 50.03%: 0.03 points ahead prints 0.0 → 持平, never "超0.0".
    w.targets.Set("provincial_funds", kCityUnitId, 1'609'000'000);
    EXPECT_EQ(FundsLead(Summary(w)), "1-6月，我市实际利用省外资金8.1亿元，同比增长101.3%，与序时进度持平");
    // 8.05亿 of 15亿 = 53.67%: 超3.7.
    w.targets.Set("provincial_funds", kCityUnitId, 15 * kYi);
    EXPECT_EQ(FundsLead(Summary(w)), "1-6月，我市实际利用省外资金8.1亿元，同比增长101.3%，超序时进度3.7个百分点");
}

TEST(ComposeSummaryTest, NoTargetsAnywhere) {
    World w = CityWorld();
    w.targets = {};
    const Document doc = Summary(w);
    EXPECT_EQ(BlockOf(doc, "s1.1").text,
              "1-6月，我市实际利用省外资金8.1亿元，同比增长101.3%，未下达全年目标任务；"
              "新入省库项目2个，未下达全年目标任务；"
              "其中10亿元以上项目2个，未下达全年目标任务；"
              "新引进亿元以上十大新兴产业项目2个，未下达全年目标任务。"
              "6月份，上报实际利用省外资金0.35亿元，新入省库项目2个，其中10亿元以上项目1个，待审核。");
    EXPECT_EQ(BlockOf(doc, "s1.3").text,
              "2026年1-6月份，入统项目2个，未下达全年目标任务；2026年1-6月份小升规项目1个，新投产入规项目1个。");
    EXPECT_FALSE(FactOf(doc, "s1.prov_db_new_large.city.completion"));
    EXPECT_EQ(FactOf(doc, "s1.prov_db_new_large.city.ahead"), "未下达全年目标任务");
}

// ---------------------------------------------------------------------------------------------
// Facts: every printed figure once, with the printed value

TEST(ComposeSummaryTest, FactsCarryThePrintedValues) {
    const Document doc = Summary(CityWorld());
    EXPECT_EQ(FactOf(doc, "s1.provincial_funds.city.actual"), "8.1亿元");
    EXPECT_EQ(FactOf(doc, "s1.provincial_funds.city.yoy"), "同比增长101.3%");
    EXPECT_EQ(FactOf(doc, "s1.provincial_funds.city.ahead"), "落后序时进度9.8个百分点");
    EXPECT_EQ(FactOf(doc, "s1.prov_db_new_large.city.completion"), "66.7%");
    EXPECT_EQ(FactOf(doc, "s1.provincial_funds.single.actual"), "0.35亿元");
    EXPECT_EQ(FactOf(doc, "s1.prov_db_reported_large.single.actual"), "1个");
    EXPECT_EQ(FactOf(doc, "s1.signed_band_2.city.ahead"), "超序时进度50.0个百分点");
    EXPECT_EQ(FactOf(doc, "s1.to_report_band_3.single.actual"), "0个");
    EXPECT_EQ(FactOf(doc, "s1.new_fixed_asset.kind.town.completion"), "16.67%");
    EXPECT_EQ(FactOf(doc, "s1.new_fixed_asset.kind.park.ahead"), "与序时持平");
    EXPECT_EQ(FactOf(doc, "s1.new_fixed_asset.kind.municipal.actual"), "暂未有上报");
    EXPECT_EQ(FactOf(doc, "s2.1.total_investment"), "25.00亿元");
    EXPECT_EQ(FactOf(doc, "s3.1.overdue"), "2个");
    // Every fact's value appears in the text of the document (it is what was printed).
    std::string all;
    for (const Block& b : doc.blocks) all += b.text + "\n";
    for (const Fact& f : doc.facts) EXPECT_NE(all.find(f.value), std::string::npos) << f.key << " = " << f.value;
}

TEST(ComposeSummaryTest, FactsChangeWhenTheDataChanges) {
    World w = CityWorld();
    const Document before = Summary(w);
    w.figures.push_back({103, 2026, 6, 2 * kYi, 0});  // a correction: 8.05 + 2 = 10.05亿
    const Document after = Summary(w);
    EXPECT_EQ(FactOf(after, "s1.provincial_funds.city.actual"), "10.1亿元");
    std::vector<std::string> changed;
    for (const Fact& f : before.facts) {
        if (FactOf(after, f.key) != f.value) changed.push_back(f.key);
    }
    EXPECT_EQ(changed,
              (std::vector<std::string>{"s1.provincial_funds.city.actual", "s1.provincial_funds.city.yoy",
                                        "s1.provincial_funds.city.ahead", "s1.provincial_funds.single.actual"}));
}

// ---------------------------------------------------------------------------------------------
// Sections 二–四

TEST(ComposeSummaryTest, EditableBlocksAndTheirIdsAreStable) {
    const std::vector<std::string> expected = {"preamble", "s2.1", "s2.2", "s2.3", "s2.4", "s3.1", "s4.1"};
    EXPECT_EQ(EditableIds(Summary(CityWorld())), expected);
    World empty;
    empty.AddUnit(1, "经开区", UnitKind::kDevZone);
    EXPECT_EQ(EditableIds(Summary(empty, 3)), expected);
    EXPECT_EQ(BlockIds(Summary(CityWorld())), BlockIds(Summary(empty, 12, D(2027, 1, 8))));
    EXPECT_EQ(
        BlockIds(Summary(CityWorld())),
        (std::vector<std::string>{"preamble", "s1", "s1.1.h", "s1.1", "s1.2.h", "s1.2", "s1.3.h", "s1.3", "s1.4.h",
                                  "s1.4", "s2", "s2.1", "s2.2", "s2.3", "s2.4", "s3", "s3.1", "s4", "s4.1"}));
}

// Started in the second quarter (April to June): 101 (chain 机电装备, 10亿), 103 (汽车零部件,
// 10亿 − 1), 102 (no chain: industry C → 制造业, 5亿); 107 started in 2025.
TEST(ComposeSummaryTest, PrefilledSectionTwo) {
    const Document doc = Summary(CityWorld());
    EXPECT_EQ(BlockOf(doc, "s2.1").text,
              "今年第二季度集中开工项目3个，涉及机电装备、汽车零部件、制造业等3个产业，总投资达25.00亿元。");
    // Key: is_key (101, 107) or ≥ 10亿 (109); by total investment.
    EXPECT_EQ(BlockOf(doc, "s2.2").text,
              "中鼎汽车零部件产业园、智能输送机项目成功签约，智能输送机项目等相继开工建设，金属表面处理产业园等项目全面"
              "投产。");
    // The visit of 2 July is after the period.
    EXPECT_EQ(BlockOf(doc, "s2.3").text,
              "上半年，全市共开展外出招商1次，接待、拜访客商12人；参加展会和推介活动2场，发放招商宣传册2800份，"
              "走访企业150家，重点对接洽谈企业27家，新增联系客商65家，达成来访考察意向14家。"
              "其中：5月12日赴上海参加2026中国生物降解材料高峰论坛；6月18日赴深圳参加2026国际橡塑展。");
    EXPECT_EQ(BlockOf(doc, "s2.4").text,
              "严格实行招商项目预审制度。〔待填写：预审会召开时间、预审项目数、通过数、需进一步研判数〕");
    for (const char* id : {"s2.1", "s2.2", "s2.3", "s2.4"}) EXPECT_TRUE(BlockOf(doc, id).editable) << id;
}

TEST(ComposeSummaryTest, PrefilledProblemsAndPlans) {
    const Document doc = Summary(CityWorld());
    // Deadlines 15 June and 31 May have passed on 30 June; 1 August and none have not.
    EXPECT_EQ(BlockOf(doc, "s3.1").text,
              "截至2026年6月30日，全市在建在谈项目中尚未解决的问题4个，其中土地指标2个、资金1个、审批1个；"
              "已超过解决时限2个。");
    EXPECT_EQ(BlockOf(doc, "s4.1").text, "〔待填写：下一步工作打算〕");
}

TEST(ComposeSummaryTest, IndustriesAtMostFourByInvestment) {
    World w = CityWorld();
    const std::pair<const char*, int64_t> extra[] = {{"新材料", 3}, {"生命健康", 2}, {"绿色食品", 1}};
    int64_t id = 301;
    for (const auto& [chain, yi] : extra) {
        w.projects.push_back({.id = id++,
                              .unit_id = 3,
                              .name = std::string(chain) + "项目",
                              .total = yi * kYi,
                              .chain = chain,
                              .actual = {{Node::kStarted, D(2026, 5, 1)}}});
    }
    w.projects.push_back({.id = id,
                          .unit_id = 3,
                          .name = "无行业项目",
                          .total = kYi,
                          .actual = {{Node::kStarted, D(2026, 6, 1)}}});  // counts, names no industry
    EXPECT_EQ(BlockOf(Summary(w), "s2.1").text,
              "今年第二季度集中开工项目7个，涉及机电装备、汽车零部件、制造业、新材料等6个产业，总投资达32.00亿元。");
}

TEST(ComposeSummaryTest, EmptySectionsTwoAndThree) {
    World w = CityWorld();
    w.projects.clear();
    w.figures.clear();
    w.problems.clear();
    w.activities.clear();
    const Document doc = Summary(w);
    EXPECT_EQ(BlockOf(doc, "s2.1").text, "今年第二季度暂无集中开工项目。");
    EXPECT_EQ(BlockOf(doc, "s2.2").text, "上半年暂无重点项目签约、开工或投产。");
    EXPECT_EQ(BlockOf(doc, "s2.3").text,
              "上半年，全市共开展外出招商0次，接待、拜访客商0人；参加展会和推介活动0场，发放招商宣传册0份，"
              "走访企业0家，重点对接洽谈企业0家，新增联系客商0家，达成来访考察意向0家。");
    EXPECT_EQ(BlockOf(doc, "s3.1").text, "截至2026年6月30日，全市项目暂无未解决的问题。");
    // No projects: every count is zero, every money figure 0, and nothing prints inf or nan.
    EXPECT_EQ(BlockOf(doc, "s1.2").text,
              "1-6月，我市新签约亿元以上项目0个，落后序时进度50.0个百分点；"
              "其中亿元以上工业项目0个，落后序时进度50.0个百分点；"
              "1-5亿元项目0个，落后序时进度50.0个百分点；5-10亿元项目0个，落后序时进度50.0个百分点；"
              "10亿元以上项目0个，未下达全年目标任务。"
              "6月份拟上报新签约亿元以上工业项目0个，其中1-5亿元项目0个，5-10亿元项目0个，10亿元以上项目0个。");
    EXPECT_EQ(BlockOf(doc, "s1.4").text,
              "2026年1-6月份，全市新引进项目新增固定资产投资0.00亿元，完成任务0.00%，落后序时50.00个百分点。"
              "经开区暂未有上报新引进项目新增固定资产投资单位。园区暂未有上报新引进项目新增固定资产投资单位。"
              "镇（街道）暂未有上报新引进项目新增固定资产投资单位。市直暂未有上报新引进项目新增固定资产投资单位。");
}

// ---------------------------------------------------------------------------------------------
// Other periods

TEST(ComposeSummaryTest, JanuaryAlone) {
    const Document doc = Summary(CityWorld(), 1, D(2026, 2, 3));
    EXPECT_EQ(doc.title, "桐城市招商中心2026年1月招商引资工作总结");
    EXPECT_EQ(BlockOf(doc, "s1").text, "一、1月招商实绩完成情况");
    EXPECT_EQ(BlockOf(doc, "s4").text, "四、下一步工作打算");
    // January: 107 confirmed (20 Jan); signed 105 (service, 10 Jan) and 111 (5 Jan); schedule 1/12.
    EXPECT_EQ(BlockOf(doc, "s1.1").text,
              "1月，我市实际利用省外资金0.0亿元，同比持平，落后序时进度8.3个百分点；"
              "新入省库项目1个，超序时进度16.7个百分点；"
              "其中10亿元以上项目1个，完成全年任务数的33.3%，超序时进度25.0个百分点；"
              "新引进亿元以上十大新兴产业项目0个，未下达全年目标任务。"
              "1月份，上报实际利用省外资金0.00亿元，新入省库项目0个，其中10亿元以上项目0个，待审核。");
    EXPECT_EQ(BlockOf(doc, "s1.3").text.substr(0, std::string("2026年1月份，").size()), "2026年1月份，");
    EXPECT_EQ(BlockOf(doc, "s2.1").text, "今年第一季度暂无集中开工项目。");
    EXPECT_EQ(BlockOf(doc, "preamble").text.substr(0, std::string("2026年1月，").size()), "2026年1月，");
}

TEST(ComposeSummaryTest, DecemberIsTheYear) {
    const Document doc = Summary(CityWorld(), 12, D(2027, 1, 10));
    EXPECT_EQ(doc.title, "桐城市招商中心2026年度招商引资工作总结");
    EXPECT_EQ(doc.date_line, "2027年1月10日");
    EXPECT_EQ(BlockOf(doc, "s1").text, "一、全年招商实绩完成情况");
    EXPECT_EQ(BlockOf(doc, "s4").text, "四、下一步工作打算");
    EXPECT_EQ(BlockOf(doc, "s2.1").text, "今年第四季度暂无集中开工项目。");
    // The whole year: 101's July 5亿 counts now: 13.05亿 of 20亿 → 65.25%, 落后34.8 (schedule 100%).
    EXPECT_EQ(FundsLead(doc), "1-12月，我市实际利用省外资金13.1亿元，同比增长226.3%，落后序时进度34.8个百分点");
    EXPECT_EQ(BlockOf(doc, "s2.3").text.substr(0, std::string("全年，").size()), "全年，");
    EXPECT_EQ(BlockOf(doc, "preamble").text.substr(0, std::string("2026年，").size()), "2026年，");
}

TEST(ComposeSummaryTest, OtherMonthsAndAQuarterThatHasOnlyBegun) {
    // 1-7月 composed on 3 July: the period ends today; the third quarter has three days.
    World w = CityWorld();
    w.projects.push_back({.id = 401,
                          .unit_id = 1,
                          .name = "七月开工项目",
                          .total = 2 * kYi,
                          .chain = "机电装备",
                          .actual = {{Node::kStarted, D(2026, 7, 2)}}});
    w.projects.push_back({.id = 402,
                          .unit_id = 1,
                          .name = "明日开工项目",
                          .total = 2 * kYi,
                          .chain = "机电装备",
                          .actual = {{Node::kStarted, D(2026, 7, 4)}}});  // after today: not yet
    const Document doc = Summary(w, 7, D(2026, 7, 3));
    EXPECT_EQ(doc.title, "桐城市招商中心2026年1-7月招商引资工作总结");
    EXPECT_EQ(BlockOf(doc, "s1").text, "一、1-7月招商实绩完成情况");
    EXPECT_EQ(BlockOf(doc, "s2.1").text, "今年第三季度集中开工项目1个，涉及机电装备等1个产业，总投资达2.00亿元。");
    EXPECT_EQ(BlockOf(doc, "s3.1").text.substr(0, std::string("截至2026年7月3日，").size()), "截至2026年7月3日，");
}

TEST(ComposeSummaryTest, OtherThresholdsAndBandsFollowTheSettings) {
    World w = CityWorld();
    ReportData data = w.Data(ReportType::kSummary, 2026, 6, D(2026, 7, 5));
    data.settings.threshold_100m = 2 * kYi;
    data.settings.threshold_large = 20 * kYi;
    data.settings.signed_bands = {{2 * kYi, 20 * kYi}, {20 * kYi, std::nullopt}};
    // The engine with the same settings, as the service would run it.
    const EngineSnapshot s = w.Snapshot();
    for (IndicatorTable* t : {&data.cumulative, &data.single}) {
        t->catalogue = IndicatorCatalogue(data.settings);
        t->results = ComputeIndicators(s, data.settings, IndicatorSettings::Defaults(2025), t->period, w.targets);
    }
    const Document doc = ComposeReport(data);
    EXPECT_EQ(BlockOf(doc, "s1.2.h").text, "2、新签约2亿元以上项目情况");
    // ≥ 2亿 signed: 101, 102, 103, 105, 109, 111 = 6; industry: all but 105; 2-20亿: 101, 102, 103, 105,
    // 111; ≥ 20亿: 109. June to report: 102 (2-20亿).
    EXPECT_EQ(BlockOf(doc, "s1.2").text,
              "1-6月，我市新签约2亿元以上项目6个，与序时进度持平；"
              "其中2亿元以上工业项目5个，落后序时进度16.7个百分点；"
              "2-20亿元项目5个，超序时进度33.3个百分点；20亿元以上项目1个，与序时进度持平。"
              "6月份拟上报新签约2亿元以上工业项目1个，其中2-20亿元项目1个，20亿元以上项目0个。");
}

TEST(ComposeSummaryTest, RefusesTablesOfAnotherPeriod) {
    ReportData data = CityWorld().Data(ReportType::kSummary, 2026, 6, D(2026, 7, 5));
    data.month = 5;
    EXPECT_THROW(ComposeReport(data), ApiError);
}

}  // namespace
}  // namespace zs
