#include "core/indicator_settings.hpp"

#include <array>
#include <limits>
#include <set>
#include <string_view>

namespace zs {
namespace {

constexpr int kMinYear = 1'900;
constexpr int kMaxYear = 2'999;
constexpr std::size_t kMaxNameChars = 100;

constexpr std::array<std::string_view, 9> kFields = {
    "year",         "threshold_100m",      "threshold_large",   "threshold_in_stats",
    "signed_bands", "emerging_industries", "introduced_window", "schedule_mode",
    "january_label"};

// Anhui's 十大新兴产业 (2021 list), DOMAIN.md §11.
constexpr std::array<std::string_view, 10> kAnhui2021Emerging = {
    "新一代信息技术",     "人工智能",     "新材料",   "新能源汽车和智能网联汽车",
    "先进光伏和新型储能", "高端装备制造", "智能家电", "生命健康",
    "绿色食品",           "数字创意"};

Error Unprocessable(std::string message, std::string field) {
    return MakeError(ErrorCode::kUnprocessable, std::move(message), std::move(field));
}
Error BadRequest(std::string message, std::string field) {
    return MakeError(ErrorCode::kBadRequest, std::move(message), std::move(field));
}

std::string_view WindowKey(IntroducedWindow w) {
    return w == IntroducedWindow::kThisYear ? "this_year" : "this_and_last_year";
}
std::string_view ScheduleKey(ScheduleMode m) { return m == ScheduleMode::kMonths ? "months" : "days"; }
std::string_view JanuaryKey(JanuaryLabel j) { return j == JanuaryLabel::kAlone ? "alone" : "folded"; }

// An integer JSON value (int64, or uint64 within int64); nullopt for anything else.
std::optional<int64_t> AsInt(const boost::json::value& v) {
    if (v.is_int64()) return v.as_int64();
    if (v.is_uint64() && v.as_uint64() <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
        return static_cast<int64_t>(v.as_uint64());
    }
    return std::nullopt;
}

Result<int64_t> GetInt(const boost::json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    if (v == nullptr) return Unprocessable("必填", std::string(key));
    const auto i = AsInt(*v);
    if (!i) return BadRequest("应为整数", std::string(key));
    return *i;
}

Result<std::string> GetString(const boost::json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    if (v == nullptr) return Unprocessable("必填", std::string(key));
    if (!v->is_string()) return BadRequest("应为字符串", std::string(key));
    return std::string(v->as_string());
}

// Counts UTF-8 code points (bytes that are not continuation bytes).
std::size_t Utf8Chars(std::string_view s) {
    std::size_t n = 0;
    for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

}  // namespace

IndicatorSettings IndicatorSettings::Defaults(int year) {
    IndicatorSettings s;
    s.year = year;
    s.signed_bands = {{kYuanPerYi, 5 * kYuanPerYi}, {5 * kYuanPerYi, 10 * kYuanPerYi}, {10 * kYuanPerYi, std::nullopt}};
    s.emerging_industries.assign(kAnhui2021Emerging.begin(), kAnhui2021Emerging.end());
    return s;
}

std::optional<Error> IndicatorSettings::Validate() const {
    if (year < kMinYear || year > kMaxYear) return Unprocessable("年度应在 1900–2999 之间", "year");
    const std::pair<int64_t, std::string_view> thresholds[] = {{threshold_100m, "threshold_100m"},
                                                               {threshold_large, "threshold_large"},
                                                               {threshold_in_stats, "threshold_in_stats"}};
    for (const auto& [value, field] : thresholds) {
        if (value < 0) return Unprocessable("金额不能为负数", std::string(field));
        if (value > kMaxYuan) return Unprocessable("金额超出范围", std::string(field));
    }
    if (threshold_large < threshold_100m) return Unprocessable("大项目门槛不应低于亿元门槛", "threshold_large");
    if (signed_bands.size() > static_cast<std::size_t>(kMaxSignedBands)) {
        return Unprocessable("区间过多", "signed_bands");
    }
    for (std::size_t i = 0; i < signed_bands.size(); ++i) {
        const SignedBand& b = signed_bands[i];
        const std::string prefix = "signed_bands[" + std::to_string(i) + "]";
        if (b.lower < 0) return Unprocessable("金额不能为负数", prefix + ".lower");
        if (b.lower > kMaxYuan) return Unprocessable("金额超出范围", prefix + ".lower");
        if (b.upper) {
            if (*b.upper > kMaxYuan) return Unprocessable("金额超出范围", prefix + ".upper");
            if (*b.upper <= b.lower) return Unprocessable("区间上限应大于下限", prefix + ".upper");
        } else if (i + 1 != signed_bands.size()) {
            return Unprocessable("只有最后一个区间可以没有上限", prefix + ".upper");
        }
        if (i > 0) {
            const SignedBand& prev = signed_bands[i - 1];
            if (b.lower < prev.lower) return Unprocessable("区间应按下限从小到大排列", prefix + ".lower");
            if (b.lower < *prev.upper) return Unprocessable("区间不应重叠", prefix + ".lower");
        }
    }
    if (emerging_industries.size() > static_cast<std::size_t>(kMaxEmergingIndustries)) {
        return Unprocessable("产业名称过多", "emerging_industries");
    }
    std::set<std::string_view> seen;
    for (std::size_t i = 0; i < emerging_industries.size(); ++i) {
        const std::string& name = emerging_industries[i];
        const std::string field = "emerging_industries[" + std::to_string(i) + "]";
        if (name.empty()) return Unprocessable("名称不能为空", field);
        if (Utf8Chars(name) > kMaxNameChars) return Unprocessable("名称过长", field);
        if (!seen.insert(name).second) return Unprocessable("名称重复", field);
    }
    return std::nullopt;
}

boost::json::object IndicatorSettings::ToJson() const {
    boost::json::object o;
    o["year"] = year;
    o["threshold_100m"] = threshold_100m;
    o["threshold_large"] = threshold_large;
    o["threshold_in_stats"] = threshold_in_stats;
    boost::json::array bands;
    for (const SignedBand& b : signed_bands) {
        boost::json::object jb;
        jb["lower"] = b.lower;
        jb["upper"] = b.upper ? boost::json::value(*b.upper) : boost::json::value(nullptr);
        bands.push_back(std::move(jb));
    }
    o["signed_bands"] = std::move(bands);
    boost::json::array names;
    for (const std::string& n : emerging_industries) names.emplace_back(n);
    o["emerging_industries"] = std::move(names);
    o["introduced_window"] = WindowKey(introduced_window);
    o["schedule_mode"] = ScheduleKey(schedule_mode);
    o["january_label"] = JanuaryKey(january_label);
    return o;
}

Result<IndicatorSettings> IndicatorSettings::FromJson(const boost::json::value& v) {
    if (!v.is_object()) return BadRequest("应为对象", "");
    const boost::json::object& o = v.as_object();
    for (const auto& kv : o) {
        bool known = false;
        for (const std::string_view f : kFields) known = known || kv.key() == f;
        if (!known) return BadRequest("未知字段", std::string(kv.key()));
    }
    IndicatorSettings s;
    {
        auto y = GetInt(o, "year");
        if (!y) return y.error();
        if (*y < kMinYear || *y > kMaxYear) return Unprocessable("年度应在 1900–2999 之间", "year");
        s.year = static_cast<int>(*y);
    }
    for (auto [key, target] : {std::pair<std::string_view, int64_t*>{"threshold_100m", &s.threshold_100m},
                               {"threshold_large", &s.threshold_large},
                               {"threshold_in_stats", &s.threshold_in_stats}}) {
        auto t = GetInt(o, key);
        if (!t) return t.error();
        *target = *t;
    }

    const auto* bands = o.if_contains("signed_bands");
    if (bands == nullptr) return Unprocessable("必填", "signed_bands");
    if (!bands->is_array()) return BadRequest("应为数组", "signed_bands");
    if (bands->as_array().size() > static_cast<std::size_t>(kMaxSignedBands)) {
        return Unprocessable("区间过多", "signed_bands");
    }
    for (std::size_t i = 0; i < bands->as_array().size(); ++i) {
        const boost::json::value& jb = bands->as_array()[i];
        const std::string prefix = "signed_bands[" + std::to_string(i) + "]";
        if (!jb.is_object()) return BadRequest("应为对象", prefix);
        const boost::json::object& ob = jb.as_object();
        for (const auto& kv : ob) {
            if (kv.key() != "lower" && kv.key() != "upper") {
                return BadRequest("未知字段", prefix + "." + std::string(kv.key()));
            }
        }
        SignedBand b;
        const auto* lower = ob.if_contains("lower");
        if (lower == nullptr) return Unprocessable("必填", prefix + ".lower");
        const auto lo = AsInt(*lower);
        if (!lo) return BadRequest("应为整数", prefix + ".lower");
        b.lower = *lo;
        const auto* upper = ob.if_contains("upper");
        if (upper == nullptr) return Unprocessable("必填", prefix + ".upper");
        if (!upper->is_null()) {
            const auto up = AsInt(*upper);
            if (!up) return BadRequest("应为整数或 null", prefix + ".upper");
            b.upper = *up;
        }
        s.signed_bands.push_back(b);
    }

    const auto* names = o.if_contains("emerging_industries");
    if (names == nullptr) return Unprocessable("必填", "emerging_industries");
    if (!names->is_array()) return BadRequest("应为数组", "emerging_industries");
    if (names->as_array().size() > static_cast<std::size_t>(kMaxEmergingIndustries)) {
        return Unprocessable("产业名称过多", "emerging_industries");
    }
    for (std::size_t i = 0; i < names->as_array().size(); ++i) {
        const boost::json::value& n = names->as_array()[i];
        if (!n.is_string()) return BadRequest("应为字符串", "emerging_industries[" + std::to_string(i) + "]");
        s.emerging_industries.emplace_back(n.as_string());
    }

    {
        auto w = GetString(o, "introduced_window");
        if (!w) return w.error();
        if (*w == WindowKey(IntroducedWindow::kThisYear)) {
            s.introduced_window = IntroducedWindow::kThisYear;
        } else if (*w == WindowKey(IntroducedWindow::kThisAndLastYear)) {
            s.introduced_window = IntroducedWindow::kThisAndLastYear;
        } else {
            return Unprocessable("应为 this_year 或 this_and_last_year", "introduced_window");
        }
    }
    {
        auto m = GetString(o, "schedule_mode");
        if (!m) return m.error();
        if (*m == ScheduleKey(ScheduleMode::kMonths)) {
            s.schedule_mode = ScheduleMode::kMonths;
        } else if (*m == ScheduleKey(ScheduleMode::kDays)) {
            s.schedule_mode = ScheduleMode::kDays;
        } else {
            return Unprocessable("应为 months 或 days", "schedule_mode");
        }
    }
    {
        auto j = GetString(o, "january_label");
        if (!j) return j.error();
        if (*j == JanuaryKey(JanuaryLabel::kAlone)) {
            s.january_label = JanuaryLabel::kAlone;
        } else if (*j == JanuaryKey(JanuaryLabel::kFolded)) {
            s.january_label = JanuaryLabel::kFolded;
        } else {
            return Unprocessable("应为 alone 或 folded", "january_label");
        }
    }
    if (auto err = s.Validate()) return *err;
    return s;
}

}  // namespace zs
