#include "core/indicators.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <tuple>

#include "core/date.hpp"
#include "core/domain.hpp"
#include "core/lifecycle.hpp"

namespace zs {
namespace {

constexpr int64_t kYi = kYuanPerYi;

int32_t Day(int y, int m, int d) { return Date::FromYmd(y, m, d)->days(); }

// ---------------------------------------------------------------------------------------------
// Ratios and wording

TEST(RatioTest, MakeRatioReducesAndMovesTheSign) {
    EXPECT_EQ(MakeRatio(40, 60), (Ratio{2, 3}));
    EXPECT_EQ(MakeRatio(-6, 12), (Ratio{-1, 2}));
    EXPECT_EQ(MakeRatio(6, -12), (Ratio{-1, 2}));
    EXPECT_EQ(MakeRatio(0, 7), (Ratio{0, 1}));
    EXPECT_EQ(Sign(Ratio{-1, 3}), -1);
    EXPECT_EQ(Sign(Ratio{0, 3}), 0);
    EXPECT_EQ(Sign(Ratio{5, 3}), 1);
    // Beyond int64 after reduction: scaled down, sign and magnitude kept approximately.
    const __int128 big = static_cast<__int128>(1) << 70;
    const Ratio r = MakeRatio(big + 1, 3);
    EXPECT_GT(r.num, 0);
    EXPECT_GT(r.den, 0);
}

TEST(RatioTest, FormatPercentRoundsHalfAwayFromZeroBothSigns) {
    EXPECT_EQ(FormatPercent({2, 3}, 1), "66.7");
    EXPECT_EQ(FormatPercent({-2, 3}, 1), "-66.7");
    EXPECT_EQ(FormatPercent({1, 2}, 0), "50");
    EXPECT_EQ(FormatPercent({1, 2}, 2), "50.00");
    EXPECT_EQ(FormatPercent({1, 8}, 0), "13");     // 12.5 → 13
    EXPECT_EQ(FormatPercent({-1, 8}, 0), "-13");   // -12.5 → -13
    EXPECT_EQ(FormatPercent({1, 800}, 1), "0.1");  // 0.125 → 0.1
    EXPECT_EQ(FormatPercent({1, 400}, 1), "0.3");  // 0.25 → 0.3
    EXPECT_EQ(FormatPercent({-1, 400}, 1), "-0.3");
    EXPECT_EQ(FormatPercent({12'345, 1'000'000}, 2), "1.23");   // 1.2345 → 1.23
    EXPECT_EQ(FormatPercent({12'355, 1'000'000}, 3), "1.236");  // 1.2355 → 1.236 exactly, no float drift
    EXPECT_EQ(FormatPercent({3, 1}, 1), "300.0");
    EXPECT_EQ(FormatPercent({std::numeric_limits<int64_t>::max(), 1}, 8).size(), 30u);  // no overflow
}

TEST(RatioTest, FormatPercentNeverPrintsNegativeZero) {
    EXPECT_EQ(FormatPercent({-1, 1'000'000}, 1), "0.0");
    EXPECT_EQ(FormatPercent({-1, 1'000}, 0), "0");
    EXPECT_EQ(FormatPercent({0, 1}, 2), "0.00");
    EXPECT_EQ(FormatPercent({-1, 2'000}, 1), "-0.1");  // -0.05 → -0.1, away from zero
    EXPECT_EQ(FormatPoints({-1, 6}, 1), "16.7");
    EXPECT_EQ(FormatPoints({1, 6}, 1), "16.7");
}

TEST(RatioTest, AheadAndYoyWording) {
    EXPECT_EQ(AheadWord({1, 6}), "超");
    EXPECT_EQ(AheadWord({-9, 100}), "落后");
    EXPECT_EQ(AheadWord({0, 1}), "持平");
    AheadText t = DescribeAhead({-9, 100}, 1);
    EXPECT_EQ(t.word, "落后");
    EXPECT_EQ(t.points, "9.0");
    t = DescribeAhead({1, 1'000'000}, 1);  // rounds to zero: 持平, never "超0.0"
    EXPECT_EQ(t.word, "持平");
    EXPECT_EQ(t.points, "0.0");
    t = DescribeAhead({-1, 1'000'000}, 1);
    EXPECT_EQ(t.word, "持平");
    EXPECT_EQ(t.points, "0.0");

    EXPECT_EQ(YoyText(Ratio{1, 8}, 9, 1), "同比增长12.5%");
    EXPECT_EQ(YoyText(Ratio{-3, 100}, 97, 1), "同比下降3.0%");
    EXPECT_EQ(YoyText(Ratio{0, 1}, 5, 1), "同比持平");
    EXPECT_EQ(YoyText(std::nullopt, 3, 1), "新增");
    EXPECT_EQ(YoyText(std::nullopt, 0, 1), "—");
}

TEST(RatioTest, SubtractAndCompareExactly) {
    EXPECT_EQ(SubtractRatio({2, 3}, {1, 2}), (Ratio{1, 6}));
    EXPECT_EQ(SubtractRatio({1, 3}, {1, 2}), (Ratio{-1, 6}));
    EXPECT_EQ(SubtractRatio({1, 2}, {1, 2}), (Ratio{0, 1}));
    // Large denominators do not overflow: the products are taken in 128 bits.
    const int64_t big = int64_t{1} << 40;
    EXPECT_EQ(SubtractRatio({big + 1, big}, {1, 1}), (Ratio{1, big}));
    EXPECT_EQ(CompareRatio({1, 3}, {333, 1000}), 1);
    EXPECT_EQ(CompareRatio({333, 1000}, {1, 3}), -1);
    EXPECT_EQ(CompareRatio({2, 4}, {1, 2}), 0);
    EXPECT_EQ(CompareRatio({-1, 2}, {0, 1}), -1);
}

TEST(RatioTest, ThresholdAndBandTexts) {
    EXPECT_EQ(YiThresholdText(kYi), "亿元");
    EXPECT_EQ(YiThresholdText(10 * kYi), "10亿元");
    EXPECT_EQ(YiThresholdText(2 * kYi), "2亿元");
    EXPECT_EQ(YiThresholdText(kYi / 2), "0.5亿元");
    EXPECT_EQ(SignedBandText({kYi, 5 * kYi}), "1-5亿元");
    EXPECT_EQ(SignedBandText({10 * kYi, std::nullopt}), "10亿元以上");
    EXPECT_EQ(SignedBandText({kYi / 2, kYi}), "0.5-1亿元");
}

// ---------------------------------------------------------------------------------------------
// Periods and schedule

TEST(PeriodTest, LabelsAndPublication) {
    const IndicatorSettings alone = IndicatorSettings::Defaults(2026);
    IndicatorSettings folded = alone;
    folded.january_label = JanuaryLabel::kFolded;
    EXPECT_EQ(PeriodLabel({2026, 6, true}), "1-6月");
    EXPECT_EQ(PeriodLabel({2026, 12, true}), "1-12月");
    EXPECT_EQ(PeriodLabel({2026, 1, true}), "1月");
    EXPECT_EQ(PeriodLabel({2026, 6, false}), "6月份");
    EXPECT_EQ(PeriodLabel({2026, 1, false}), "1月份");
    EXPECT_TRUE(IsPublishedPeriod({2026, 1, true}, alone));
    EXPECT_FALSE(IsPublishedPeriod({2026, 1, true}, folded));
    EXPECT_TRUE(IsPublishedPeriod({2026, 2, true}, folded));
    EXPECT_TRUE(IsPublishedPeriod({2026, 1, false}, folded));
    EXPECT_FALSE(ValidatePeriod({2026, 12, true}));
    EXPECT_EQ(ValidatePeriod({2026, 13, true})->field, "month");
    EXPECT_EQ(ValidatePeriod({2026, 0, false})->field, "month");
    EXPECT_EQ(ValidatePeriod({1900, 5, true})->field, "year");
}

TEST(PeriodTest, ScheduleProgressMonthsAndDays) {
    IndicatorSettings s = IndicatorSettings::Defaults(2024);
    EXPECT_EQ(ScheduleProgress({2024, 6, true}, s), (Ratio{1, 2}));
    EXPECT_EQ(ScheduleProgress({2024, 12, true}, s), (Ratio{1, 1}));
    EXPECT_EQ(ScheduleProgress({2024, 1, true}, s), (Ratio{1, 12}));
    EXPECT_EQ(ScheduleProgress({2024, 6, false}, s), (Ratio{1, 12}));
    s.schedule_mode = ScheduleMode::kDays;
    EXPECT_EQ(ScheduleProgress({2024, 2, true}, s), MakeRatio(60, 366));  // leap year
    EXPECT_EQ(ScheduleProgress({2024, 12, true}, s), (Ratio{1, 1}));
    EXPECT_EQ(ScheduleProgress({2024, 2, false}, s), MakeRatio(29, 366));
    s.year = 2025;
    EXPECT_EQ(ScheduleProgress({2025, 6, true}, s), MakeRatio(181, 365));
    EXPECT_EQ(ScheduleProgress({2025, 1, false}, s), MakeRatio(31, 365));
}

// ---------------------------------------------------------------------------------------------
// A small snapshot built by hand

struct ProjectSpec {
    int64_t id = 0;
    int unit = 0;  // index; -1 = none
    Category category = Category::kIndustry;
    bool terminated = false;
    int64_t total = 0;
    bool out_of_province = false;
    int emerging = -1;
    int32_t signed_day = kNoDay;
    int32_t in_stats_day = kNoDay;
    int32_t above_scale_day = kNoDay;
    AboveScaleRoute route = AboveScaleRoute::kNone;
    ProvDbStatus prov_status = ProvDbStatus::kNone;
    int32_t reported_day = kNoDay;
    int32_t confirmed_day = kNoDay;
};

struct FigureSpec {
    int64_t project_id;
    int year;
    int month;
    int64_t funds_out;
    int64_t fixed_asset;
};

EngineSnapshot BuildSnapshot(const std::vector<int64_t>& unit_ids, const std::vector<ProjectSpec>& projects,
                             std::vector<FigureSpec> figures, const std::vector<std::string>& emerging_names = {}) {
    EngineSnapshot s;
    for (const int64_t id : unit_ids) {
        s.unit_id.push_back(id);
        s.unit_kind.push_back(static_cast<uint8_t>(UnitKind::kTown));
    }
    s.emerging_names = emerging_names;
    for (const ProjectSpec& p : projects) {
        s.project_id.push_back(p.id);
        s.project_unit.push_back(p.unit);
        s.category.push_back(static_cast<uint8_t>(p.category));
        s.terminated.push_back(p.terminated ? 1 : 0);
        s.total_investment.push_back(p.total);
        s.out_of_province.push_back(p.out_of_province ? 1 : 0);
        s.emerging.push_back(static_cast<int16_t>(p.emerging));
        s.signed_day.push_back(p.signed_day);
        s.in_stats_day.push_back(p.in_stats_day);
        s.producing_day.push_back(kNoDay);
        s.above_scale_day.push_back(p.above_scale_day);
        s.above_scale_route.push_back(static_cast<uint8_t>(p.route));
        s.prov_db_status.push_back(static_cast<uint8_t>(p.prov_status));
        s.prov_db_reported_day.push_back(p.reported_day);
        s.prov_db_confirmed_day.push_back(p.confirmed_day);
    }
    auto index_of = [&](int64_t id) {
        return static_cast<int32_t>(std::find(s.project_id.begin(), s.project_id.end(), id) - s.project_id.begin());
    };
    std::sort(figures.begin(), figures.end(), [&](const FigureSpec& a, const FigureSpec& b) {
        return std::tuple(index_of(a.project_id), a.year, a.month) <
               std::tuple(index_of(b.project_id), b.year, b.month);
    });
    for (const FigureSpec& f : figures) {
        s.fig_project.push_back(index_of(f.project_id));
        s.fig_month.push_back(f.year * 12 + f.month - 1);
        s.fig_funds.push_back(f.funds_out * 2);
        s.fig_funds_out.push_back(f.funds_out);
        s.fig_fixed_asset.push_back(f.fixed_asset);
        s.fig_output.push_back(0);
        s.fig_tax.push_back(0);
    }
    return s;
}

const IndicatorResult& Find(const std::vector<IndicatorResult>& results, std::string_view key) {
    for (const IndicatorResult& r : results) {
        if (r.key == key) return r;
    }
    ADD_FAILURE() << "no indicator " << key;
    static const IndicatorResult kNone;
    return kNone;
}

using Ids = std::vector<int64_t>;

std::vector<IndicatorResult> Compute(const EngineSnapshot& s, Period p, const TargetTable& t = {}) {
    return ComputeIndicators(s, IndicatorSettings::Defaults(p.year), IndicatorSettings::Defaults(p.year - 1), p, t);
}

TEST(IndicatorsTest, CatalogueKeysUnitsAndNames) {
    const auto cat = IndicatorCatalogue(IndicatorSettings::Defaults(2026));
    std::vector<std::string> keys;
    for (const auto& d : cat) keys.push_back(d.key);
    const std::vector<std::string> expected = {"provincial_funds",
                                               "prov_db_new",
                                               "prov_db_new_large",
                                               "prov_db_reported",
                                               "prov_db_reported_large",
                                               "emerging_signed",
                                               "signed_100m",
                                               "signed_100m_industry",
                                               "signed_band_1",
                                               "signed_band_2",
                                               "signed_band_3",
                                               "to_report",
                                               "to_report_band_1",
                                               "to_report_band_2",
                                               "to_report_band_3",
                                               "in_stats",
                                               "upgrade_above_scale",
                                               "new_production_above_scale",
                                               "new_fixed_asset"};
    EXPECT_EQ(keys, expected);
    EXPECT_EQ(cat.front().unit, "yuan");
    EXPECT_EQ(cat.back().unit, "yuan");
    EXPECT_EQ(cat[1].unit, "count");
    EXPECT_EQ(cat[2].name, "新入省库10亿元以上项目");
    EXPECT_EQ(cat[5].name, "新引进亿元以上十大新兴产业项目");
    EXPECT_EQ(cat[8].name, "新签约1-5亿元项目");
    EXPECT_EQ(cat[10].name, "新签约10亿元以上项目");
    EXPECT_EQ(cat[14].name, "拟上报10亿元以上工业项目");

    IndicatorSettings two = IndicatorSettings::Defaults(2026);
    two.signed_bands = {{kYi / 2, kYi}, {20 * kYi, {}}};
    const auto cat2 = IndicatorCatalogue(two);
    EXPECT_EQ(cat2.size(), 17u);
    EXPECT_EQ(cat2[8].name, "新签约0.5-1亿元项目");
    EXPECT_EQ(cat2[9].key, "signed_band_2");
    EXPECT_EQ(cat2[9].name, "新签约20亿元以上项目");
}

// DOMAIN.md §5, first worked example: M = 6, target 60 个, actual 40 个.
TEST(IndicatorsTest, WorkedExampleCount) {
    std::vector<ProjectSpec> projects;
    for (int i = 0; i < 40; ++i) {
        projects.push_back({.id = 100 + i, .unit = 0, .total = 2 * kYi, .signed_day = Day(2026, 1 + i % 6, 15)});
    }
    const EngineSnapshot s = BuildSnapshot({7}, projects, {});
    TargetTable targets;
    targets.Set("signed_100m", kCityUnitId, 60);
    const auto res = Compute(s, {2026, 6, true}, targets);
    const Figure& f = Find(res, "signed_100m").city;
    EXPECT_EQ(f.actual, 40);
    ASSERT_TRUE(f.completion && f.ahead);
    EXPECT_EQ(FormatPercent(*f.completion, 1), "66.7");
    EXPECT_EQ(FormatPercent(f.schedule, 0), "50");
    EXPECT_EQ(AheadWord(*f.ahead), "超");
    EXPECT_EQ(FormatPoints(*f.ahead, 1), "16.7");
    EXPECT_EQ(*f.ahead, (Ratio{1, 6}));
    EXPECT_EQ(f.project_ids.size(), 40u);
    EXPECT_EQ(f.project_ids.front(), 100);
    EXPECT_EQ(f.project_ids.back(), 139);
}

// DOMAIN.md §5, second worked example: target 25.0亿, actual 10.25亿.
TEST(IndicatorsTest, WorkedExampleMoney) {
    const EngineSnapshot s = BuildSnapshot({7}, {{.id = 1, .unit = 0, .total = 3 * kYi, .out_of_province = true}},
                                           {{1, 2026, 2, 4 * kYi, 0}, {1, 2026, 5, 6 * kYi + 25'000'000, 0}});
    TargetTable targets;
    targets.Set("provincial_funds", kCityUnitId, 25 * kYi);
    targets.Set("provincial_funds", 7, 25 * kYi);
    const auto res = Compute(s, {2026, 6, true}, targets);
    for (const Figure* f : {&Find(res, "provincial_funds").city, &Find(res, "provincial_funds").units[0]}) {
        EXPECT_EQ(f->actual, 1'025'000'000);
        EXPECT_EQ(FormatYi(f->actual, 2), "10.25");
        ASSERT_TRUE(f->completion && f->ahead);
        EXPECT_EQ(FormatPercent(*f->completion, 1), "41.0");
        const AheadText t = DescribeAhead(*f->ahead, 1);
        EXPECT_EQ(t.word, "落后");
        EXPECT_EQ(t.points, "9.0");
        EXPECT_EQ(f->project_ids, Ids{1});
    }
}

TEST(IndicatorsTest, SignedBandsAtTheirBoundaries) {
    const int32_t march = Day(2026, 3, 10);
    const std::vector<ProjectSpec> projects = {
        {.id = 1, .unit = 0, .total = kYi - 1, .signed_day = march},
        {.id = 2, .unit = 0, .total = kYi, .signed_day = march},
        {.id = 3, .unit = 1, .total = 5 * kYi - 1, .signed_day = march},
        {.id = 4, .unit = 1, .total = 5 * kYi, .signed_day = march},
        {.id = 5, .unit = 0, .total = 10 * kYi - 1, .signed_day = march},
        {.id = 6, .unit = 1, .total = 10 * kYi, .signed_day = march},
        {.id = 7, .unit = 0, .category = Category::kService, .total = 2 * kYi, .signed_day = march},
        {.id = 8, .unit = 0, .total = 50 * kYi},  // never signed
    };
    const auto res = Compute(BuildSnapshot({11, 12}, projects, {}), {2026, 6, true});
    EXPECT_EQ(Find(res, "signed_100m").city.project_ids, (Ids{2, 3, 4, 5, 6, 7}));
    EXPECT_EQ(Find(res, "signed_100m").units[0].project_ids, (Ids{2, 5, 7}));
    EXPECT_EQ(Find(res, "signed_100m").units[1].actual, 3);
    EXPECT_EQ(Find(res, "signed_100m_industry").city.project_ids, (Ids{2, 3, 4, 5, 6}));
    EXPECT_EQ(Find(res, "signed_band_1").city.project_ids, (Ids{2, 3, 7}));
    EXPECT_EQ(Find(res, "signed_band_2").city.project_ids, (Ids{4, 5}));
    EXPECT_EQ(Find(res, "signed_band_3").city.project_ids, Ids{6});
    EXPECT_EQ(Find(res, "signed_band_3").units[0].actual, 0);
    EXPECT_EQ(Find(res, "signed_band_3").units[1].actual, 1);
}

TEST(IndicatorsTest, YearBoundariesAndLastYear) {
    const std::vector<ProjectSpec> projects = {
        {.id = 1, .unit = 0, .total = 2 * kYi, .signed_day = Day(2025, 12, 31)},
        {.id = 2, .unit = 0, .total = 2 * kYi, .signed_day = Day(2026, 1, 1)},
        {.id = 3, .unit = 0, .total = 2 * kYi, .signed_day = Day(2026, 1, 31)},
        {.id = 4, .unit = 0, .total = 2 * kYi, .signed_day = Day(2026, 2, 1)},
        {.id = 5, .unit = 0, .total = 2 * kYi, .signed_day = Day(2025, 1, 1)},
        {.id = 6, .unit = 0, .total = 2 * kYi, .signed_day = Day(2026, 12, 31)},
    };
    const EngineSnapshot s = BuildSnapshot({11}, projects, {});
    // January alone: 1 Jan and 31 Jan are in, 31 Dec is last year's December, not January.
    auto res = Compute(s, {2026, 1, true});
    Figure f = Find(res, "signed_100m").city;
    EXPECT_EQ(f.project_ids, (Ids{2, 3}));
    EXPECT_EQ(f.last_year, 1);  // project 5, 2025-01-01
    ASSERT_TRUE(f.yoy);
    EXPECT_EQ(*f.yoy, (Ratio{1, 1}));
    EXPECT_EQ(YoyText(f.yoy, f.actual, 1), "同比增长100.0%");
    EXPECT_EQ(f.schedule, (Ratio{1, 12}));
    // Twelve months: the whole of 2026 against the whole of 2025.
    res = Compute(s, {2026, 12, true});
    f = Find(res, "signed_100m").city;
    EXPECT_EQ(f.project_ids, (Ids{2, 3, 4, 6}));
    EXPECT_EQ(f.last_year, 2);
    EXPECT_EQ(f.schedule, (Ratio{1, 1}));
    // The single month of December 2026 against December 2025.
    res = Compute(s, {2026, 12, false});
    f = Find(res, "signed_100m").city;
    EXPECT_EQ(f.project_ids, Ids{6});
    EXPECT_EQ(f.last_year, 1);
    EXPECT_EQ(*f.yoy, (Ratio{0, 1}));
    EXPECT_EQ(YoyText(f.yoy, f.actual, 1), "同比持平");
    // Single month February.
    res = Compute(s, {2026, 2, false});
    f = Find(res, "signed_100m").city;
    EXPECT_EQ(f.project_ids, Ids{4});
    EXPECT_EQ(f.last_year, 0);
    EXPECT_FALSE(f.yoy);
    EXPECT_EQ(YoyText(f.yoy, f.actual, 1), "新增");
}

TEST(IndicatorsTest, ProvincialFunds) {
    const std::vector<ProjectSpec> ps = {
        {.id = 1, .unit = 0, .total = kYi, .out_of_province = true},      // exactly 1亿: counts
        {.id = 2, .unit = 1, .total = kYi - 1, .out_of_province = true},  // below: never counts
        // Terminated, and its investor is in the province: the figure rows' out-of-province part still counts.
        {.id = 3, .unit = 1, .terminated = true, .total = 20 * kYi, .out_of_province = false},
        {.id = 4, .unit = 1, .total = 20 * kYi, .out_of_province = true},  // rows only outside the period
    };
    const std::vector<FigureSpec> figures = {
        {1, 2026, 1, 100, 0}, {1, 2026, 6, 200, 0},  {1, 2026, 7, 400, 0},  // July is outside 1-6月
        {1, 2025, 6, 50, 0},  {1, 2025, 7, 1000, 0},                        // last year
        {2, 2026, 3, 999, 0}, {3, 2026, 3, 300, 0},  {3, 2026, 4, 0, 0},    // terminated still counts
        {4, 2025, 12, 70, 0}, {4, 2026, 8, 80, 0},
    };
    const auto res = Compute(BuildSnapshot({11, 12}, ps, figures), {2026, 6, true});
    const IndicatorResult& r = Find(res, "provincial_funds");
    EXPECT_EQ(r.unit, "yuan");
    EXPECT_EQ(r.city.actual, 600);
    EXPECT_EQ(r.city.last_year, 50);
    EXPECT_EQ(r.city.project_ids, (Ids{1, 3}));
    EXPECT_EQ(r.units[0].actual, 300);
    EXPECT_EQ(r.units[0].project_ids, Ids{1});
    EXPECT_EQ(r.units[1].actual, 300);
    EXPECT_EQ(r.units[1].last_year, 0);
    ASSERT_TRUE(r.city.yoy);
    EXPECT_EQ(*r.city.yoy, (Ratio{11, 1}));
    // The single month June.
    const auto june = Compute(BuildSnapshot({11, 12}, ps, figures), {2026, 6, false});
    EXPECT_EQ(Find(june, "provincial_funds").city.actual, 200);
    EXPECT_EQ(Find(june, "provincial_funds").city.last_year, 50);
    EXPECT_EQ(Find(june, "provincial_funds").city.project_ids, Ids{1});
}

TEST(IndicatorsTest, ProvincialDatabase) {
    const int32_t in = Day(2026, 6, 30);
    const int32_t out = Day(2026, 7, 1);
    const std::vector<ProjectSpec> projects = {
        {.id = 1,
         .unit = 0,
         .total = 10 * kYi,
         .prov_status = ProvDbStatus::kConfirmed,
         .reported_day = Day(2026, 5, 1),
         .confirmed_day = in},
        {.id = 2,
         .unit = 0,
         .total = 10 * kYi - 1,
         .prov_status = ProvDbStatus::kConfirmed,
         .confirmed_day = Day(2026, 1, 1)},
        {.id = 3, .unit = 1, .total = 30 * kYi, .prov_status = ProvDbStatus::kConfirmed, .confirmed_day = out},
        {.id = 4, .unit = 1, .total = 30 * kYi, .prov_status = ProvDbStatus::kPending, .reported_day = Day(2026, 6, 3)},
        {.id = 5, .unit = 1, .total = kYi, .prov_status = ProvDbStatus::kPending, .reported_day = Day(2026, 2, 3)},
        {.id = 6, .unit = 1, .total = kYi, .prov_status = ProvDbStatus::kRejected, .reported_day = Day(2026, 6, 3)},
        {.id = 7,
         .unit = 0,
         .total = 12 * kYi,
         .prov_status = ProvDbStatus::kConfirmed,
         .confirmed_day = Day(2025, 3, 3)},
    };
    const EngineSnapshot s = BuildSnapshot({11, 12}, projects, {});
    auto res = Compute(s, {2026, 6, true});
    EXPECT_EQ(Find(res, "prov_db_new").city.project_ids, (Ids{1, 2}));
    EXPECT_EQ(Find(res, "prov_db_new").city.last_year, 1);
    EXPECT_EQ(Find(res, "prov_db_new_large").city.project_ids, Ids{1});
    EXPECT_EQ(Find(res, "prov_db_new_large").city.last_year, 1);
    EXPECT_EQ(Find(res, "prov_db_reported").city.project_ids, (Ids{4, 5}));
    EXPECT_EQ(Find(res, "prov_db_reported_large").city.project_ids, Ids{4});
    res = Compute(s, {2026, 6, false});  // x月份 … 待审核
    EXPECT_EQ(Find(res, "prov_db_reported").city.project_ids, Ids{4});
    EXPECT_EQ(Find(res, "prov_db_new").city.project_ids, Ids{1});
    res = Compute(s, {2026, 7, false});
    EXPECT_EQ(Find(res, "prov_db_new").units[1].project_ids, Ids{3});
}

TEST(IndicatorsTest, EmergingUsesEachYearsList) {
    const std::vector<std::string> names = {"人工智能", "先进光伏和新型储能", "新能源和节能环保", "纺织"};
    const std::vector<ProjectSpec> projects = {
        {.id = 1, .unit = 0, .total = kYi, .emerging = 0, .signed_day = Day(2026, 4, 1)},
        {.id = 2, .unit = 0, .total = kYi - 1, .emerging = 0, .signed_day = Day(2026, 4, 1)},  // below 1亿
        {.id = 3, .unit = 0, .total = 3 * kYi, .emerging = 3, .signed_day = Day(2026, 4, 1)},  // not in the list
        {.id = 4, .unit = 0, .total = 3 * kYi, .emerging = 2, .signed_day = Day(2026, 4, 1)},  // renamed this year
        {.id = 5, .unit = 0, .total = 3 * kYi, .emerging = 1, .signed_day = Day(2025, 4, 1)},  // last year's name
        {.id = 6, .unit = 0, .total = 3 * kYi, .emerging = 2, .signed_day = Day(2025, 4, 1)},  // not yet in 2025
        {.id = 7,
         .unit = 0,
         .category = Category::kService,
         .total = 3 * kYi,
         .emerging = 0,
         .signed_day = Day(2026, 5, 1)},
    };
    IndicatorSettings this_year = IndicatorSettings::Defaults(2026);
    this_year.emerging_industries[4] = "新能源和节能环保";
    const IndicatorSettings last_year = IndicatorSettings::Defaults(2025);
    const auto res = ComputeIndicators(BuildSnapshot({11}, projects, {}, names), this_year, last_year, {2026, 6, true},
                                       TargetTable{});
    const Figure& f = Find(res, "emerging_signed").city;
    EXPECT_EQ(f.project_ids, (Ids{1, 4, 7}));
    EXPECT_EQ(f.last_year, 1);  // project 5 only
}

TEST(IndicatorsTest, ToReportIsMonthMOnly) {
    const std::vector<ProjectSpec> projects = {
        {.id = 1, .unit = 0, .total = kYi, .signed_day = Day(2026, 6, 1)},
        {.id = 2, .unit = 0, .total = 12 * kYi, .signed_day = Day(2026, 6, 30)},
        {.id = 3, .unit = 0, .total = 2 * kYi, .signed_day = Day(2026, 5, 31)},  // May: not this month's list
        {.id = 4,
         .unit = 0,
         .total = 2 * kYi,
         .signed_day = Day(2026, 6, 2),
         .prov_status = ProvDbStatus::kPending,
         .reported_day = Day(2026, 6, 20)},  // already reported
        {.id = 5, .unit = 0, .terminated = true, .total = 2 * kYi, .signed_day = Day(2026, 6, 2)},
        {.id = 6, .unit = 0, .category = Category::kService, .total = 2 * kYi, .signed_day = Day(2026, 6, 2)},
        {.id = 7, .unit = 0, .total = 6 * kYi, .signed_day = Day(2025, 6, 15)},
    };
    const EngineSnapshot s = BuildSnapshot({11}, projects, {});
    for (const bool cumulative : {true, false}) {
        const auto res = Compute(s, {2026, 6, cumulative});
        EXPECT_EQ(Find(res, "to_report").city.project_ids, (Ids{1, 2})) << cumulative;
        EXPECT_EQ(Find(res, "to_report").city.last_year, 1);
        EXPECT_EQ(Find(res, "to_report_band_1").city.project_ids, Ids{1});
        EXPECT_EQ(Find(res, "to_report_band_2").city.actual, 0);
        EXPECT_EQ(Find(res, "to_report_band_2").city.last_year, 1);
        EXPECT_EQ(Find(res, "to_report_band_3").city.project_ids, Ids{2});
    }
    // Terminated projects still count as signed (the signing happened).
    EXPECT_EQ(Find(Compute(s, {2026, 6, true}), "signed_100m").city.project_ids, (Ids{1, 2, 3, 4, 5, 6}));
}

TEST(IndicatorsTest, InStatsAndAboveScale) {
    const int32_t d = Day(2026, 3, 3);
    const std::vector<ProjectSpec> projects = {
        {.id = 1, .unit = 0, .total = 5'000'000, .in_stats_day = d},
        {.id = 2, .unit = 0, .total = 4'999'999, .in_stats_day = d},
        {.id = 3, .unit = 0, .total = 0, .above_scale_day = d, .route = AboveScaleRoute::kUpgrade},
        {.id = 4, .unit = 0, .total = 9 * kYi, .above_scale_day = d, .route = AboveScaleRoute::kNewProduction},
        {.id = 5, .unit = 0, .total = 9 * kYi, .above_scale_day = d, .route = AboveScaleRoute::kNone},
        {.id = 6,
         .unit = 0,
         .total = 9 * kYi,
         .in_stats_day = Day(2025, 3, 3),
         .above_scale_day = Day(2025, 6, 30),
         .route = AboveScaleRoute::kUpgrade},
    };
    const auto res = Compute(BuildSnapshot({11}, projects, {}), {2026, 6, true});
    EXPECT_EQ(Find(res, "in_stats").city.project_ids, Ids{1});
    EXPECT_EQ(Find(res, "in_stats").city.last_year, 1);
    EXPECT_EQ(Find(res, "upgrade_above_scale").city.project_ids, Ids{3});
    EXPECT_EQ(Find(res, "upgrade_above_scale").city.last_year, 1);
    EXPECT_EQ(Find(res, "new_production_above_scale").city.project_ids, Ids{4});
    EXPECT_EQ(Find(res, "new_production_above_scale").city.last_year, 0);
}

TEST(IndicatorsTest, NewFixedAssetWindow) {
    const std::vector<ProjectSpec> projects = {
        {.id = 1, .unit = 0, .total = 2 * kYi, .signed_day = Day(2026, 1, 1)},
        {.id = 2, .unit = 1, .total = 2 * kYi, .signed_day = Day(2025, 12, 31)},
        {.id = 3, .unit = 1, .total = 2 * kYi, .signed_day = Day(2024, 12, 31)},
        {.id = 4, .unit = 1, .total = 2 * kYi},  // never signed
    };
    const std::vector<FigureSpec> figures = {
        {1, 2026, 2, 0, 1'000}, {1, 2026, 9, 0, 5},  {2, 2026, 3, 0, 200}, {2, 2025, 12, 0, 30},
        {3, 2026, 3, 0, 7},     {3, 2025, 5, 0, 40}, {4, 2026, 3, 0, 9},
    };
    const EngineSnapshot s = BuildSnapshot({11, 12}, projects, figures);
    IndicatorSettings this_year = IndicatorSettings::Defaults(2026);
    IndicatorSettings last_year = IndicatorSettings::Defaults(2025);
    auto res = ComputeIndicators(s, this_year, last_year, {2026, 6, true}, {});
    Figure f = Find(res, "new_fixed_asset").city;
    EXPECT_EQ(f.actual, 1'000);
    EXPECT_EQ(f.project_ids, Ids{1});
    EXPECT_EQ(f.last_year, 0);  // 2025's 1-6月: project 2 signed in Dec, project 3 in 2024

    this_year.introduced_window = IntroducedWindow::kThisAndLastYear;
    last_year.introduced_window = IntroducedWindow::kThisAndLastYear;
    res = ComputeIndicators(s, this_year, last_year, {2026, 6, true}, {});
    f = Find(res, "new_fixed_asset").city;
    EXPECT_EQ(f.actual, 1'200);
    EXPECT_EQ(f.project_ids, (Ids{1, 2}));
    EXPECT_EQ(f.last_year, 40);  // project 3 signed 2024 is "newly introduced" for 2025
    EXPECT_EQ(Find(res, "new_fixed_asset").units[1].actual, 200);
    EXPECT_EQ(Find(res, "new_fixed_asset").units[1].last_year, 40);
}

TEST(IndicatorsTest, TargetsZeroNegativeGrowthAndUnitlessProjects) {
    const std::vector<ProjectSpec> projects = {
        {.id = 1, .unit = 0, .total = 2 * kYi, .signed_day = Day(2026, 3, 1)},
        {.id = 2, .unit = 0, .total = 2 * kYi, .signed_day = Day(2025, 3, 1)},
        {.id = 3, .unit = 0, .total = 2 * kYi, .signed_day = Day(2025, 4, 1)},
        {.id = 4, .unit = -1, .total = 2 * kYi, .signed_day = Day(2026, 4, 1)},  // no valid unit: city only
        {.id = 5, .unit = 9, .total = 2 * kYi, .signed_day = Day(2026, 4, 1)},   // out of range: city only
    };
    TargetTable targets;
    targets.Set("signed_100m", 11, 0);
    targets.Set("signed_100m", 12, -3);
    targets.Set("signed_100m", kCityUnitId, 24);
    const auto res = Compute(BuildSnapshot({11, 12}, projects, {}), {2026, 3, true}, targets);
    const IndicatorResult& r = Find(res, "signed_100m");
    EXPECT_FALSE(r.units[0].target);
    EXPECT_FALSE(r.units[0].completion);
    EXPECT_FALSE(r.units[0].ahead);
    EXPECT_FALSE(r.units[1].target);
    EXPECT_EQ(r.units[0].actual, 1);
    EXPECT_EQ(r.units[0].last_year, 1);  // project 2; project 3 is in April
    EXPECT_EQ(*r.units[0].yoy, (Ratio{0, 1}));
    EXPECT_EQ(r.units[1].actual, 0);
    EXPECT_FALSE(r.units[1].yoy);
    EXPECT_EQ(YoyText(r.units[1].yoy, r.units[1].actual, 1), "—");
    EXPECT_EQ(r.city.actual, 1);
    EXPECT_EQ(*r.city.completion, (Ratio{1, 24}));
    EXPECT_EQ(*r.city.ahead, (Ratio{-5, 24}));  // 1/24 − 3/12
    EXPECT_EQ(DescribeAhead(*r.city.ahead, 1).word, "落后");
    EXPECT_EQ(DescribeAhead(*r.city.ahead, 1).points, "20.8");

    const auto apr = Compute(BuildSnapshot({11, 12}, projects, {}), {2026, 4, true}, targets);
    const Figure& c = Find(apr, "signed_100m").city;
    EXPECT_EQ(c.actual, 3);
    EXPECT_EQ(c.project_ids, (Ids{1, 4, 5}));
    EXPECT_EQ(c.last_year, 2);
    EXPECT_EQ(*c.yoy, (Ratio{1, 2}));
    EXPECT_EQ(Find(apr, "signed_100m").units[0].actual + Find(apr, "signed_100m").units[1].actual, 1);

    // Negative growth: 2026-04 alone has 2 (projects 4, 5), 2025-04 had 1 … and 2026-03 vs 2025-03 is 1:1;
    // compare the single month of April the other way round by moving the projects.
    std::vector<ProjectSpec> fewer = projects;
    fewer[3].signed_day = kNoDay;
    fewer[4].signed_day = kNoDay;
    fewer[0].signed_day = kNoDay;
    fewer.push_back({.id = 6, .unit = 0, .total = 2 * kYi, .signed_day = Day(2025, 2, 1)});
    const auto down = Compute(BuildSnapshot({11, 12}, fewer, {}), {2026, 4, true});
    const Figure& d = Find(down, "signed_100m").city;
    EXPECT_EQ(d.actual, 0);
    EXPECT_EQ(d.last_year, 3);
    EXPECT_EQ(*d.yoy, (Ratio{-1, 1}));
    EXPECT_EQ(YoyText(d.yoy, d.actual, 1), "同比下降100.0%");
}

TEST(IndicatorsTest, SingleMonthCompletionIsAgainstTheAnnualTarget) {
    const std::vector<ProjectSpec> projects = {
        {.id = 1, .unit = 0, .total = 2 * kYi, .signed_day = Day(2026, 5, 1)},
        {.id = 2, .unit = 0, .total = 2 * kYi, .signed_day = Day(2026, 6, 1)},
    };
    TargetTable targets;
    targets.Set("signed_100m", kCityUnitId, 12);
    const auto res = Compute(BuildSnapshot({11}, projects, {}), {2026, 6, false}, targets);
    const Figure& f = Find(res, "signed_100m").city;
    EXPECT_EQ(f.actual, 1);
    EXPECT_EQ(*f.completion, (Ratio{1, 12}));
    EXPECT_EQ(f.schedule, (Ratio{1, 12}));
    EXPECT_EQ(*f.ahead, (Ratio{0, 1}));
    EXPECT_EQ(AheadWord(*f.ahead), "持平");
}

TEST(IndicatorsTest, ResultsAlignWithUnitsAndRejectBadInput) {
    const EngineSnapshot s =
        BuildSnapshot({30, 10, 20}, {{.id = 1, .unit = 2, .total = kYi, .signed_day = Day(2026, 2, 2)}}, {});
    const auto res = Compute(s, {2026, 2, true});
    ASSERT_EQ(res.size(), IndicatorCatalogue(IndicatorSettings::Defaults(2026)).size());
    for (const IndicatorResult& r : res) ASSERT_EQ(r.units.size(), 3u);
    EXPECT_EQ(Find(res, "signed_100m").units[2].actual, 1);
    EXPECT_EQ(Find(res, "signed_100m").units[0].actual, 0);

    EXPECT_THROW(Compute(s, {2026, 13, true}), ApiError);
    EXPECT_THROW(
        ComputeIndicators(s, IndicatorSettings::Defaults(2026), IndicatorSettings::Defaults(2026), {2026, 2, true}, {}),
        ApiError);
    EngineSnapshot broken = s;
    broken.signed_day.clear();
    EXPECT_THROW(Compute(broken, {2026, 2, true}), ApiError);

    const auto empty = Compute(EngineSnapshot{}, {2026, 2, true});
    EXPECT_EQ(empty.front().city.actual, 0);
    EXPECT_TRUE(empty.front().units.empty());
}

}  // namespace
}  // namespace zs
