// The indicator engine: every figure of section 一 of the seed (DOMAIN.md §4, §5), for the city and
// each unit, against target, 序时进度 and the same period last year, computed from an EngineSnapshot
// in two passes; plus exact ratios and the wording reports print them with. Pure: no I/O.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/indicator_settings.hpp"
#include "core/snapshot.hpp"

namespace zs {

// ---------------------------------------------------------------------------------------------
// Exact ratios and their display

// num / den with den > 0, kept reduced. Completion, schedule, ahead and growth are Ratios; they
// are rounded once, when printed.
struct Ratio {
    int64_t num = 0;
    int64_t den = 1;
    bool operator==(const Ratio&) const = default;
};

// Reduces num / den (den ≠ 0; the sign moves to num). Values beyond int64 after reduction are
// scaled down (only reachable with sums far beyond kMaxYuan).
Ratio MakeRatio(__int128 num, __int128 den);
int Sign(const Ratio& r);  // -1, 0, 1
// a − b, exact (reduced); how a report derives the ahead figure of a sum of units.
Ratio SubtractRatio(const Ratio& a, const Ratio& b);
// -1, 0, 1 as a is below, equal to or above b, exactly (no rounding).
int CompareRatio(const Ratio& a, const Ratio& b);

// r × 100 with `decimals` decimals (0..8), rounded half away from zero once, exactly; never "-0.0".
// FormatPercent({2, 3}, 1) == "66.7", FormatPercent({-1, 8}, 0) == "-13".
std::string FormatPercent(const Ratio& r, int decimals);
// |r| × 100 as 个百分点 after a word that carries the sign (超 / 落后, 增长 / 下降).
std::string FormatPoints(const Ratio& r, int decimals);

// "超" / "落后" / "持平" by the exact sign of ahead (= completion − schedule).
std::string_view AheadWord(const Ratio& ahead);
// The word and the points as printed with `decimals`: a value that rounds to zero is "持平" with
// "0.0", so a report never says "超0.0个百分点".
struct AheadText {
    std::string word;
    std::string points;
};
AheadText DescribeAhead(const Ratio& ahead, int decimals);
// "同比增长12.5%", "同比下降3.0%", "同比持平" (rounds to zero), or, without a growth figure (last
// year zero), "新增" when actual > 0 and "—" otherwise.
std::string YoyText(const std::optional<Ratio>& yoy, int64_t actual, int decimals);

// ---------------------------------------------------------------------------------------------
// The catalogue

// The 亿元 thresholds and bands as the catalogue and the reports name them: "亿元" for exactly 1亿
// (the seed's 亿元以上), otherwise the amount ("10亿元", "0.5亿元"); bands "1-5亿元", "10亿元以上".
std::string YiThresholdText(int64_t yuan);
std::string SignedBandText(const SignedBand& band);

inline constexpr std::string_view kUnitYuan = "yuan";
inline constexpr std::string_view kUnitCount = "count";

struct IndicatorDef {
    std::string key;   // stable, used by the API and the targets table
    std::string unit;  // "yuan" or "count"
    std::string name;  // the report's wording, e.g. "新签约1-5亿元项目"
};

// The year's indicators in display order (band keys depend on the year's bands):
// provincial_funds, prov_db_new, prov_db_new_large, prov_db_reported, prov_db_reported_large,
// emerging_signed, signed_100m, signed_100m_industry, signed_band_1..N, to_report,
// to_report_band_1..N, in_stats, upgrade_above_scale, new_production_above_scale, new_fixed_asset.
std::vector<IndicatorDef> IndicatorCatalogue(const IndicatorSettings& settings);

// ---------------------------------------------------------------------------------------------
// Periods

struct Period {
    int year = 0;
    int month = 0;           // 1..12
    bool cumulative = true;  // months 1..month; false = the single month
    bool operator==(const Period&) const = default;
};

std::optional<Error> ValidatePeriod(const Period& p);  // year 1901..2999, month 1..12
// "1-6月"; cumulative January "1月"; a single month "6月份".
std::string PeriodLabel(const Period& p);
// False only for cumulative January when the year folds January into 1-2月: that period has no
// bulletin of its own (its figures still compute, under the label "1月").
bool IsPublishedPeriod(const Period& p, const IndicatorSettings& settings);
// 序时进度 as an exact ratio. Months mode: M/12 cumulative, 1/12 for a single month. Days mode:
// day-of-year of the period's last day / days in the year; a single month: its days / days in year.
Ratio ScheduleProgress(const Period& p, const IndicatorSettings& settings);

// ---------------------------------------------------------------------------------------------
// Targets

inline constexpr int64_t kCityUnitId = 0;

// The annual targets (年度目标任务) of one year: indicator key × unit id (kCityUnitId = the city).
class TargetTable {
public:
    void Set(std::string_view key, int64_t unit_id, int64_t annual_target);
    std::optional<int64_t> Find(std::string_view key, int64_t unit_id) const;

private:
    std::map<std::string, std::map<int64_t, int64_t>, std::less<>> targets_;
};

// ---------------------------------------------------------------------------------------------
// The engine

struct Figure {
    int64_t actual = 0;                // raw yuan or count
    std::optional<int64_t> target;     // the annual target; nullopt when none or ≤ 0
    std::optional<Ratio> completion;   // actual / target; nullopt without target
    Ratio schedule;                    // 序时进度 of the period
    std::optional<Ratio> ahead;        // completion − schedule; nullopt without target
    int64_t last_year = 0;             // the same period last year, recomputed
    std::optional<Ratio> yoy;          // (actual − last) / |last|; nullopt when last is 0
    std::vector<int64_t> project_ids;  // behind `actual`: sorted, unique
};

struct IndicatorResult {
    std::string key;
    std::string unit;
    Figure city;
    std::vector<Figure> units;  // aligned with snapshot.unit_id
};

// Every indicator of IndicatorCatalogue(settings_this_year) for period `p`. `settings_this_year`
// must be of p.year and `settings_last_year` of p.year − 1 (the last-year figures use last year's
// thresholds, emerging list and window, and this year's bands); `targets` are p.year's.
// Throws ApiError: bad_request for an invalid period, internal for mismatched settings years or a
// snapshot whose columns disagree in length.
std::vector<IndicatorResult> ComputeIndicators(const EngineSnapshot& s, const IndicatorSettings& settings_this_year,
                                               const IndicatorSettings& settings_last_year, const Period& p,
                                               const TargetTable& targets);

}  // namespace zs
