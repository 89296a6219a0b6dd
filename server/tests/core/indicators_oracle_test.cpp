// A randomized property test: ComputeIndicators against a deliberately naive re-implementation
// (one loop per indicator, calendar fields instead of day windows) on generated snapshots full of
// boundary values, figure by figure.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>

#include "core/date.hpp"
#include "core/indicators.hpp"
#include "core/lifecycle.hpp"

namespace zs {
namespace {

constexpr int64_t kYi = kYuanPerYi;

class Gen {
public:
    explicit Gen(uint32_t seed) : rng_(seed) {}
    int Int(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
    int64_t Int64(int64_t lo, int64_t hi) { return std::uniform_int_distribution<int64_t>(lo, hi)(rng_); }
    bool Chance(int percent) { return Int(1, 100) <= percent; }
    template <typename T>
    const T& Pick(const std::vector<T>& v) {
        return v[static_cast<std::size_t>(Int(0, static_cast<int>(v.size()) - 1))];
    }

private:
    std::mt19937 rng_;
};

int32_t Day(int y, int m, int d) { return Date::FromYmd(y, m, d)->days(); }

int32_t RandomDay(Gen& g) {
    if (g.Chance(30)) return kNoDay;
    const int y = g.Int(2023, 2027);
    switch (g.Int(0, 8)) {
        case 0:
            return Day(y, 1, 1);
        case 1:
            return Day(y, 12, 31);
        case 2:
            return Day(y, 1, 31);
        case 3:
            return Day(y, 2, 1);
        case 4:
            return Day(y, 3, 1) - 1;  // 28 or 29 Feb
        case 5:
            return Day(y, 6, 30);
        case 6:
            return Day(y, 7, 1);
        default:
            return Day(y, 1, 1) + g.Int(0, 364);
    }
}

int64_t RandomTotal(Gen& g) {
    static const std::vector<int64_t> kBoundaries = {0,        4'999'999,   5'000'000, 99'999'999,   kYi,
                                                     kYi + 1,  5 * kYi - 1, 5 * kYi,   10 * kYi - 1, 10 * kYi,
                                                     20 * kYi, 50 * kYi,    2 * kYi,   kYi / 2};
    return g.Chance(70) ? g.Pick(kBoundaries) : g.Int64(0, 60 * kYi);
}

IndicatorSettings RandomSettings(Gen& g, int year) {
    IndicatorSettings s = IndicatorSettings::Defaults(year);
    if (g.Chance(40)) {
        s.threshold_100m = g.Pick(std::vector<int64_t>{kYi / 2, kYi, 2 * kYi});
        s.threshold_large = s.threshold_100m * g.Int(1, 20);
        s.threshold_in_stats = g.Pick(std::vector<int64_t>{0, 5'000'000, 10'000'000});
    }
    if (g.Chance(50)) {
        s.signed_bands.clear();
        int64_t lower = g.Pick(std::vector<int64_t>{kYi / 2, kYi, 5 * kYi});
        const int n = g.Int(0, 5);
        for (int i = 0; i < n; ++i) {
            const bool last = i + 1 == n;
            if (last && g.Chance(50)) {
                s.signed_bands.push_back({lower, std::nullopt});
            } else {
                const int64_t upper = lower + kYi * g.Int(1, 10);
                s.signed_bands.push_back({lower, upper});
                lower = upper + (g.Chance(30) ? kYi : 0);  // sometimes a gap
            }
        }
    }
    if (g.Chance(50)) s.emerging_industries = {"人工智能", "新材料", "新能源和节能环保"};
    s.introduced_window = g.Chance(50) ? IntroducedWindow::kThisYear : IntroducedWindow::kThisAndLastYear;
    s.schedule_mode = g.Chance(50) ? ScheduleMode::kMonths : ScheduleMode::kDays;
    s.january_label = g.Chance(50) ? JanuaryLabel::kAlone : JanuaryLabel::kFolded;
    EXPECT_FALSE(s.Validate());
    return s;
}

EngineSnapshot RandomSnapshot(Gen& g) {
    EngineSnapshot s;
    const int units = g.Int(0, 5);
    for (int u = 0; u < units; ++u) {
        s.unit_id.push_back(100 + u * 7);
        s.unit_kind.push_back(0);
    }
    s.emerging_names = {"人工智能", "新材料", "先进光伏和新型储能", "新能源和节能环保", "纺织", "数字创意"};
    const int projects = g.Int(0, 250);
    std::vector<int64_t> ids;
    for (int i = 0; i < projects; ++i) ids.push_back(1'000 + i * 3);
    std::shuffle(ids.begin(), ids.end(), std::mt19937(g.Int(0, 1 << 30)));  // ids not in index order
    for (int i = 0; i < projects; ++i) {
        s.project_id.push_back(ids[i]);
        if (units == 0 || g.Chance(5)) {
            s.project_unit.push_back(g.Pick(std::vector<int32_t>{-1, units, 99}));  // no valid unit: city only
        } else {
            s.project_unit.push_back(g.Int(0, units - 1));
        }
        s.category.push_back(static_cast<uint8_t>(g.Int(0, 3)));
        s.terminated.push_back(g.Chance(15) ? 1 : 0);
        s.total_investment.push_back(RandomTotal(g));
        s.out_of_province.push_back(g.Chance(50) ? 1 : 0);
        s.emerging.push_back(static_cast<int16_t>(g.Int(-1, static_cast<int>(s.emerging_names.size()) - 1)));
        s.signed_day.push_back(RandomDay(g));
        s.in_stats_day.push_back(RandomDay(g));
        s.producing_day.push_back(RandomDay(g));
        s.above_scale_day.push_back(RandomDay(g));
        s.above_scale_route.push_back(static_cast<uint8_t>(g.Int(0, 2)));
        s.prov_db_status.push_back(static_cast<uint8_t>(g.Int(0, 3)));
        s.prov_db_reported_day.push_back(RandomDay(g));
        s.prov_db_confirmed_day.push_back(RandomDay(g));
        std::set<int32_t> months;
        const int rows = g.Int(0, 12);
        for (int k = 0; k < rows; ++k) months.insert(g.Int(2023, 2027) * 12 + g.Int(0, 11));
        for (const int32_t m : months) {
            s.fig_project.push_back(i);
            s.fig_month.push_back(m);
            const int64_t funds = g.Chance(20) ? 0 : g.Int64(0, 3 * kYi);
            s.fig_funds.push_back(funds);
            s.fig_funds_out.push_back(g.Chance(30) ? 0 : g.Int64(0, funds));
            s.fig_fixed_asset.push_back(g.Chance(20) ? 0 : g.Int64(0, 2 * kYi));
            s.fig_output.push_back(0);
            s.fig_tax.push_back(0);
        }
    }
    return s;
}

// ---------------------------------------------------------------------------------------------
// The naive oracle

struct Expected {
    int64_t actual = 0;
    int64_t last = 0;
    std::set<int64_t> ids;
};

bool InPeriod(int32_t day, int year, int month, bool cumulative) {
    if (day == kNoDay) return false;
    const Date d = Date::FromDays(day);
    if (d.year() != year) return false;
    return cumulative ? d.month() <= month : d.month() == month;
}

bool InBand(int64_t total, const SignedBand& b) { return total >= b.lower && (!b.upper || total < *b.upper); }

// Whether project i counts for `key` in `year` (the period's months), under `st`; bands are this year's.
bool Counts(const EngineSnapshot& s, std::size_t i, const std::string& key, int year, const Period& p,
            const IndicatorSettings& st, const std::vector<SignedBand>& bands) {
    const int64_t total = s.total_investment[i];
    const auto status = static_cast<ProvDbStatus>(s.prov_db_status[i]);
    const bool industry = s.category[i] == static_cast<uint8_t>(Category::kIndustry);
    const bool signed_in = InPeriod(s.signed_day[i], year, p.month, p.cumulative);
    const bool signed_in_m = InPeriod(s.signed_day[i], year, p.month, false);
    const bool to_report_base = signed_in_m && industry && status == ProvDbStatus::kNone && s.terminated[i] == 0;
    if (key == "prov_db_new") {
        return status == ProvDbStatus::kConfirmed && InPeriod(s.prov_db_confirmed_day[i], year, p.month, p.cumulative);
    }
    if (key == "prov_db_new_large") {
        return Counts(s, i, "prov_db_new", year, p, st, bands) && total >= st.threshold_large;
    }
    if (key == "prov_db_reported") {
        return status == ProvDbStatus::kPending && InPeriod(s.prov_db_reported_day[i], year, p.month, p.cumulative);
    }
    if (key == "prov_db_reported_large") {
        return Counts(s, i, "prov_db_reported", year, p, st, bands) && total >= st.threshold_large;
    }
    if (key == "emerging_signed") {
        const int e = s.emerging[i];
        if (!signed_in || total < st.threshold_100m || e < 0) return false;
        const std::string& name = s.emerging_names[static_cast<std::size_t>(e)];
        return std::find(st.emerging_industries.begin(), st.emerging_industries.end(), name) !=
               st.emerging_industries.end();
    }
    if (key == "signed_100m") return signed_in && total >= st.threshold_100m;
    if (key == "signed_100m_industry") return signed_in && total >= st.threshold_100m && industry;
    if (key == "to_report") return to_report_base && total >= st.threshold_100m;
    for (std::size_t b = 0; b < bands.size(); ++b) {
        if (key == "signed_band_" + std::to_string(b + 1)) return signed_in && InBand(total, bands[b]);
        if (key == "to_report_band_" + std::to_string(b + 1)) return to_report_base && InBand(total, bands[b]);
    }
    const bool above = InPeriod(s.above_scale_day[i], year, p.month, p.cumulative);
    if (key == "in_stats") {
        return InPeriod(s.in_stats_day[i], year, p.month, p.cumulative) && total >= st.threshold_in_stats;
    }
    if (key == "upgrade_above_scale") return above && s.above_scale_route[i] == 1;
    if (key == "new_production_above_scale") return above && s.above_scale_route[i] == 2;
    ADD_FAILURE() << "unknown key " << key;
    return false;
}

// The amount row r contributes to money indicator `key` in `year`, or nullopt when it does not count.
std::optional<int64_t> Amount(const EngineSnapshot& s, std::size_t r, const std::string& key, int year, const Period& p,
                              const IndicatorSettings& st) {
    const int row_year = s.fig_month[r] / 12;
    const int row_month = s.fig_month[r] % 12 + 1;
    if (row_year != year || row_month > p.month || (!p.cumulative && row_month != p.month)) return std::nullopt;
    const auto i = static_cast<std::size_t>(s.fig_project[r]);
    if (key == "provincial_funds") {
        if (s.total_investment[i] < st.threshold_100m) return std::nullopt;
        return s.fig_funds_out[r];
    }
    // new_fixed_asset
    const int32_t signed_day = s.signed_day[i];
    if (signed_day == kNoDay) return std::nullopt;
    const int signed_year = Date::FromDays(signed_day).year();
    const bool newly = st.introduced_window == IntroducedWindow::kThisYear
                           ? signed_year == year
                           : (signed_year == year || signed_year == year - 1);
    if (!newly) return std::nullopt;
    return s.fig_fixed_asset[r];
}

// slot = unit index, or -1 for the city only.
int SlotOf(const EngineSnapshot& s, std::size_t i) {
    const int u = s.project_unit[i];
    return u >= 0 && u < static_cast<int>(s.unit_id.size()) ? u : -1;
}

Ratio NaiveSchedule(const Period& p, const IndicatorSettings& st) {
    if (st.schedule_mode == ScheduleMode::kMonths) return MakeRatio(p.cumulative ? p.month : 1, 12);
    int elapsed = 0;
    int in_year = 0;
    for (Date d = *Date::FromYmd(p.year, 1, 1); d.year() == p.year; d = d.AddDays(1)) {
        ++in_year;
        if (d.month() == p.month || (p.cumulative && d.month() < p.month)) ++elapsed;
    }
    return MakeRatio(elapsed, in_year);
}

// a/b == c/d exactly
bool SameValue(const Ratio& x, __int128 num, __int128 den) {
    return static_cast<__int128>(x.num) * den == num * static_cast<__int128>(x.den) && x.den > 0;
}

void CheckFigure(const Figure& f, const Expected& e, std::optional<int64_t> target, const Ratio& schedule,
                 const std::string& where) {
    SCOPED_TRACE(where);
    EXPECT_EQ(f.actual, e.actual);
    EXPECT_EQ(f.last_year, e.last);
    EXPECT_EQ(f.project_ids, std::vector<int64_t>(e.ids.begin(), e.ids.end()));
    EXPECT_EQ(f.schedule, schedule);
    if (target && *target > 0) {
        EXPECT_EQ(f.target, target);
        ASSERT_TRUE(f.completion && f.ahead);
        EXPECT_TRUE(SameValue(*f.completion, e.actual, *target));
        // ahead = actual/target − schedule
        EXPECT_TRUE(SameValue(*f.ahead, static_cast<__int128>(e.actual) * schedule.den - schedule.num * *target,
                              static_cast<__int128>(*target) * schedule.den));
    } else {
        EXPECT_FALSE(f.target);
        EXPECT_FALSE(f.completion);
        EXPECT_FALSE(f.ahead);
    }
    if (e.last == 0) {
        EXPECT_FALSE(f.yoy);
    } else {
        ASSERT_TRUE(f.yoy);
        EXPECT_TRUE(SameValue(*f.yoy, static_cast<__int128>(e.actual) - e.last, e.last));
    }
}

TEST(IndicatorsOracleTest, MatchesNaiveImplementation) {
    const std::vector<std::string> fixed_keys = {
        "provincial_funds",       "prov_db_new",     "prov_db_new_large", "prov_db_reported",
        "prov_db_reported_large", "emerging_signed", "signed_100m",       "signed_100m_industry"};
    const std::vector<std::string> tail_keys = {"in_stats", "upgrade_above_scale", "new_production_above_scale",
                                                "new_fixed_asset"};
    for (uint32_t seed = 1; seed <= 300; ++seed) {
        SCOPED_TRACE("seed " + std::to_string(seed));
        Gen g(seed);
        const EngineSnapshot s = RandomSnapshot(g);
        const Period p{g.Int(2025, 2026), g.Int(1, 12), g.Chance(60)};
        const IndicatorSettings this_year = RandomSettings(g, p.year);
        const IndicatorSettings last_year = RandomSettings(g, p.year - 1);

        std::vector<std::string> keys = fixed_keys;
        for (std::size_t b = 0; b < this_year.signed_bands.size(); ++b)
            keys.push_back("signed_band_" + std::to_string(b + 1));
        keys.push_back("to_report");
        for (std::size_t b = 0; b < this_year.signed_bands.size(); ++b) {
            keys.push_back("to_report_band_" + std::to_string(b + 1));
        }
        keys.insert(keys.end(), tail_keys.begin(), tail_keys.end());

        TargetTable targets;
        for (const std::string& key : keys) {
            const bool money = key == "provincial_funds" || key == "new_fixed_asset";
            for (int u = -1; u < static_cast<int>(s.unit_id.size()); ++u) {
                if (g.Chance(30)) continue;  // no target
                const int64_t t = g.Chance(15) ? g.Int(-2, 0) : (money ? g.Int64(1, 20 * kYi) : g.Int(1, 40));
                targets.Set(key, u < 0 ? kCityUnitId : s.unit_id[static_cast<std::size_t>(u)], t);
            }
        }

        const auto results = ComputeIndicators(s, this_year, last_year, p, targets);
        ASSERT_EQ(results.size(), keys.size());
        const Ratio schedule = NaiveSchedule(p, this_year);
        for (std::size_t k = 0; k < keys.size(); ++k) {
            const std::string& key = keys[k];
            const IndicatorResult& res = results[k];
            ASSERT_EQ(res.key, key);
            const bool money = key == "provincial_funds" || key == "new_fixed_asset";
            EXPECT_EQ(res.unit, money ? "yuan" : "count");
            ASSERT_EQ(res.units.size(), s.unit_id.size());

            Expected city;
            std::vector<Expected> per_unit(s.unit_id.size());
            auto add = [&](std::size_t i, int64_t amount, bool this_year_side, bool with_id) {
                const int slot = SlotOf(s, i);
                Expected* targets_of[2] = {&city, slot >= 0 ? &per_unit[static_cast<std::size_t>(slot)] : nullptr};
                for (Expected* e : targets_of) {
                    if (e == nullptr) continue;
                    (this_year_side ? e->actual : e->last) += amount;
                    if (with_id) e->ids.insert(s.project_id[i]);
                }
            };
            if (money) {
                for (std::size_t r = 0; r < s.fig_project.size(); ++r) {
                    const auto i = static_cast<std::size_t>(s.fig_project[r]);
                    if (auto a = Amount(s, r, key, p.year, p, this_year)) add(i, *a, true, *a != 0);
                    if (auto a = Amount(s, r, key, p.year - 1, p, last_year)) add(i, *a, false, false);
                }
            } else {
                for (std::size_t i = 0; i < s.project_id.size(); ++i) {
                    if (Counts(s, i, key, p.year, p, this_year, this_year.signed_bands)) add(i, 1, true, true);
                    if (Counts(s, i, key, p.year - 1, p, last_year, this_year.signed_bands)) add(i, 1, false, false);
                }
            }
            CheckFigure(res.city, city, targets.Find(key, kCityUnitId), schedule, key + " city");
            for (std::size_t u = 0; u < s.unit_id.size(); ++u) {
                CheckFigure(res.units[u], per_unit[u], targets.Find(key, s.unit_id[u]), schedule,
                            key + " unit " + std::to_string(u));
            }
        }
        if (HasFailure()) return;  // one seed's report is enough
    }
}

}  // namespace
}  // namespace zs
