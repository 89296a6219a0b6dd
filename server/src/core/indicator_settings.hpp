// The indicator settings of one year (thresholds, signed-project bands, the emerging-industry list,
// windows and display modes): data an administrator edits, validated here, stored as JSON.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/money.hpp"

namespace zs {

// 序时进度: elapsed months / 12 (Anhui practice, default) or elapsed days / days in the year.
enum class ScheduleMode { kMonths, kDays };
// January: published alone as "1月" (default), or folded into 1-2月 (no January bulletin of its own).
enum class JanuaryLabel { kAlone, kFolded };
// "Newly introduced" for 新引进项目新增固定资产投资: signed in the year, or in the year or the one before.
enum class IntroducedWindow { kThisYear, kThisAndLastYear };

// One band of signed projects by total investment: lower ≤ total < upper (no upper = unbounded).
struct SignedBand {
    int64_t lower = 0;             // yuan, inclusive
    std::optional<int64_t> upper;  // yuan, exclusive; nullopt = no upper bound
    bool operator==(const SignedBand&) const = default;
};

inline constexpr int kMaxSignedBands = 16;
inline constexpr int kMaxEmergingIndustries = 50;

struct IndicatorSettings {
    int year = 0;
    int64_t threshold_100m = kYuanPerYi;             // 亿元以上
    int64_t threshold_large = 10 * kYuanPerYi;       // the large tier (xx亿元以上)
    int64_t threshold_in_stats = 500 * kYuanPerWan;  // 入统: planned total investment
    std::vector<SignedBand> signed_bands;            // sorted, non-overlapping; only the last may be unbounded
    std::vector<std::string> emerging_industries;    // the year's 十大新兴产业 names, matched exactly
    IntroducedWindow introduced_window = IntroducedWindow::kThisYear;
    ScheduleMode schedule_mode = ScheduleMode::kMonths;
    JanuaryLabel january_label = JanuaryLabel::kAlone;

    // The seed's defaults: 1亿 / 10亿 / 500万, bands [1,5) [5,10) [10,∞) 亿, the Anhui 2021 list.
    static IndicatorSettings Defaults(int year);

    // nullopt when valid; otherwise an unprocessable Error whose `field` names the offending
    // field ("threshold_large", "signed_bands[1].upper", "emerging_industries[3]").
    std::optional<Error> Validate() const;

    // {"year", "threshold_100m", "threshold_large", "threshold_in_stats",
    //  "signed_bands": [{"lower", "upper" (null = unbounded)}], "emerging_industries": [...],
    //  "introduced_window": "this_year"|"this_and_last_year", "schedule_mode": "months"|"days",
    //  "january_label": "alone"|"folded"}; money in integer yuan.
    boost::json::object ToJson() const;
    // Every field is required, unknown fields are refused (bad_request), and the result is
    // validated (unprocessable); errors name the field.
    static Result<IndicatorSettings> FromJson(const boost::json::value& v);

    bool operator==(const IndicatorSettings&) const = default;
};

}  // namespace zs
