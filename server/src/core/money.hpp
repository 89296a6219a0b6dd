// Money as integer yuan, with exact conversions to and from the 万元 / 亿元 people read.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace zs {

inline constexpr int64_t kYuanPerWan = 10'000;
inline constexpr int64_t kYuanPerYi = 100'000'000;
inline constexpr int64_t kMaxYuan = 1'000'000'000'000'000;  // 10^15 yuan: far beyond any project

// Parses a decimal number of 万元 ("12345.6789", at most 4 decimals, no sign, no exponent)
// into exact yuan. nullopt when malformed, negative, or over kMaxYuan.
std::optional<int64_t> ParseWanToYuan(std::string_view text);

// Divides yuan by `unit` (kYuanPerWan, kYuanPerYi) and prints `decimals` decimals, rounding
// half away from zero once, exactly (integer arithmetic). FormatScaled(123456789, kYuanPerYi, 2)
// == "1.23"; negative values keep their sign; never prints "-0.00".
std::string FormatScaled(int64_t yuan, int64_t unit, int decimals);
inline std::string FormatWan(int64_t yuan, int decimals = 2) { return FormatScaled(yuan, kYuanPerWan, decimals); }
inline std::string FormatYi(int64_t yuan, int decimals = 2) { return FormatScaled(yuan, kYuanPerYi, decimals); }

// The exact decimal printing under FormatScaled, shared with the percentages of the indicators:
// numerator / denominator (magnitudes, denominator > 0) scaled by 10^decimals and rounded half away
// from zero, e.g. (2, 3, 1) → 7 (0.7).
unsigned __int128 RoundedScaledQuotient(unsigned __int128 numerator, unsigned __int128 denominator, int decimals);
// A scaled integer printed with `decimals` decimals (12345, 2 → "123.45"); the minus sign only
// when negative and non-zero, so never "-0.00".
std::string PlaceDecimals(unsigned __int128 scaled, int decimals, bool negative);
// Drops trailing zeros after the decimal point: "12.50" → "12.5", "12.00" → "12".
std::string TrimDecimalZeros(std::string s);

// Land area is kept as integer hundredths of a 亩.
// Parses "12.5" / "12.50" / "12" (≤ 2 decimals, non-negative); nullopt otherwise.
std::optional<int64_t> ParseMuHundredths(std::string_view text);
std::string FormatMuHundredths(int64_t hundredths);  // 1250 -> "12.5", 1200 -> "12", 1205 -> "12.05"

}  // namespace zs
