#include "core/money.hpp"

#include <algorithm>

namespace zs {
namespace {

constexpr int kMaxDecimals = 8;
constexpr int64_t kMaxMuHundredths = 100'000'000'000;  // 10^9 亩

// Parses "digits[.digits]" with at most `max_decimals` decimals into an integer scaled by
// 10^max_decimals; nullopt when malformed or above `max_scaled`.
std::optional<int64_t> ParseScaledDecimal(std::string_view text, int max_decimals, int64_t max_scaled) {
    const size_t dot = text.find('.');
    const std::string_view whole = text.substr(0, dot);
    const std::string_view frac = dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1);
    if (whole.empty()) return std::nullopt;
    if (dot != std::string_view::npos && (frac.empty() || static_cast<int>(frac.size()) > max_decimals)) {
        return std::nullopt;
    }
    int64_t scale = 1;
    for (int i = 0; i < max_decimals; ++i) scale *= 10;
    const int64_t max_whole = max_scaled / scale;
    int64_t value = 0;
    for (const char c : whole) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + (c - '0');
        if (value > max_whole) return std::nullopt;  // checked per digit, so never overflows
    }
    int64_t fraction = 0;
    int64_t frac_scale = scale;
    for (const char c : frac) {
        if (c < '0' || c > '9') return std::nullopt;
        frac_scale /= 10;
        fraction += (c - '0') * frac_scale;
    }
    const int64_t result = value * scale + fraction;
    if (result > max_scaled) return std::nullopt;
    return result;
}

std::string UnsignedToString(unsigned __int128 v) {
    if (v == 0) return "0";
    std::string out;
    while (v > 0) {
        out.push_back(static_cast<char>('0' + static_cast<int>(v % 10)));
        v /= 10;
    }
    std::reverse(out.begin(), out.end());
    return out;
}

}  // namespace

std::optional<int64_t> ParseWanToYuan(std::string_view text) { return ParseScaledDecimal(text, 4, kMaxYuan); }

unsigned __int128 RoundedScaledQuotient(unsigned __int128 numerator, unsigned __int128 denominator, int decimals) {
    for (int i = 0; i < decimals; ++i) numerator *= 10;
    if (denominator == 0) denominator = 1;
    unsigned __int128 quotient = numerator / denominator;
    if ((numerator % denominator) * 2 >= denominator) ++quotient;  // half away from zero, on the magnitude
    return quotient;
}

std::string PlaceDecimals(unsigned __int128 scaled, int decimals, bool negative) {
    std::string digits = UnsignedToString(scaled);
    if (decimals > 0) {
        if (digits.size() <= static_cast<size_t>(decimals)) {
            digits.insert(0, static_cast<size_t>(decimals) + 1 - digits.size(), '0');
        }
        digits.insert(digits.size() - static_cast<size_t>(decimals), 1, '.');
    }
    if (negative && scaled != 0) digits.insert(0, 1, '-');  // never "-0.00"
    return digits;
}

std::string TrimDecimalZeros(std::string s) {
    if (s.find('.') != std::string::npos) {
        while (s.back() == '0') s.pop_back();
        if (s.back() == '.') s.pop_back();
    }
    return s;
}

std::string FormatScaled(int64_t yuan, int64_t unit, int decimals) {
    decimals = std::clamp(decimals, 0, kMaxDecimals);
    if (unit <= 0) unit = 1;
    const bool negative = yuan < 0;
    // |INT64_MIN| does not fit in int64_t; widen before negating.
    const unsigned __int128 magnitude =
        negative ? static_cast<unsigned __int128>(-static_cast<__int128>(yuan)) : static_cast<unsigned __int128>(yuan);
    return PlaceDecimals(RoundedScaledQuotient(magnitude, static_cast<unsigned __int128>(unit), decimals), decimals,
                         negative);
}

std::optional<int64_t> ParseMuHundredths(std::string_view text) {
    return ParseScaledDecimal(text, 2, kMaxMuHundredths);
}

std::string FormatMuHundredths(int64_t hundredths) { return TrimDecimalZeros(FormatScaled(hundredths, 100, 2)); }

}  // namespace zs
