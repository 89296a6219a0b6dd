#include "service/body.hpp"

#include <cmath>
#include <limits>

#include "core/error.hpp"
#include "core/money.hpp"

namespace zs {
namespace json = boost::json;

namespace {

[[noreturn]] void Fail400(std::string_view key, std::string message) {
    throw ApiError(ErrorCode::kBadRequest, std::move(message), std::string(key));
}
[[noreturn]] void Fail422(std::string_view key, std::string message) {
    throw ApiError(ErrorCode::kUnprocessable, std::move(message), std::string(key));
}

std::size_t Utf8Length(std::string_view s) {
    std::size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

std::string Trim(std::string_view s) {
    std::size_t b = 0, e = s.size();
    while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\n' || s[b] == '\r')) ++b;
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\n' || s[e - 1] == '\r')) --e;
    return std::string(s.substr(b, e - b));
}

bool HasControlChars(std::string_view s, bool allow_newlines) {
    for (unsigned char c : s) {
        if (c < 0x20 && !(allow_newlines && (c == '\n' || c == '\r' || c == '\t'))) return true;
        if (c == 0x7F) return true;
    }
    return false;
}

}  // namespace

Body::Body(const json::value& v, const std::vector<std::string_view>& allowed) {
    if (!v.is_object()) throw ApiError(ErrorCode::kBadRequest, "请求体应为 JSON 对象");
    obj_ = &v.get_object();
    for (const auto& kv : *obj_) {
        bool known = false;
        for (auto a : allowed) known = known || a == kv.key();
        if (!known) Fail400(kv.key(), "未知字段：" + std::string(kv.key()));
    }
}

const json::value* Body::Get(std::string_view key) const { return obj_->if_contains(key); }

bool Body::IsNull(std::string_view key) const {
    const auto* v = Get(key);
    return v != nullptr && v->is_null();
}

std::string Body::String(std::string_view key, bool required, std::size_t max_chars) const {
    const auto* v = Get(key);
    if (v == nullptr || v->is_null()) {
        if (required) Fail422(key, "必填项不能为空");
        return {};
    }
    if (!v->is_string()) Fail400(key, "应为字符串");
    std::string s = Trim(v->get_string());
    if (required && s.empty()) Fail422(key, "必填项不能为空");
    if (Utf8Length(s) > max_chars) Fail422(key, "长度不能超过 " + std::to_string(max_chars) + " 个字符");
    if (HasControlChars(s, max_chars > 200)) Fail422(key, "含有控制字符");
    return s;
}

std::optional<std::string> Body::OptString(std::string_view key, std::size_t max_chars) const {
    const auto* v = Get(key);
    if (v == nullptr || v->is_null()) return std::nullopt;
    return String(key, false, max_chars);
}

std::optional<int64_t> Body::OptInt(std::string_view key, int64_t min, int64_t max) const {
    const auto* v = Get(key);
    if (v == nullptr || v->is_null()) return std::nullopt;
    int64_t out = 0;
    if (v->is_int64()) {
        out = v->get_int64();
    } else if (v->is_uint64()) {
        Fail422(key, "数值超出范围");
    } else if (v->is_double()) {
        double d = v->get_double();
        if (!std::isfinite(d) || std::fabs(d) > 9.0e15) Fail422(key, "数值超出范围");
        if (std::trunc(d) != d) Fail422(key, "应为整数");
        out = static_cast<int64_t>(d);
    } else {
        Fail400(key, "应为数字");
    }
    if (out < min || out > max) Fail422(key, "数值超出范围");
    return out;
}

int64_t Body::Int(std::string_view key, bool required, int64_t min, int64_t max, int64_t def) const {
    const auto* v = Get(key);
    if (v == nullptr || v->is_null()) {
        if (required) Fail422(key, "必填项不能为空");
        return def;
    }
    return *OptInt(key, min, max);
}

bool Body::Bool(std::string_view key, bool def) const {
    const auto* v = Get(key);
    if (v == nullptr || v->is_null()) return def;
    if (!v->is_bool()) Fail400(key, "应为 true 或 false");
    return v->get_bool();
}

std::optional<Date> Body::OptDate(std::string_view key) const {
    const auto* v = Get(key);
    if (v == nullptr || v->is_null()) return std::nullopt;
    if (!v->is_string()) Fail400(key, "应为日期字符串 YYYY-MM-DD");
    auto d = Date::Parse(v->get_string());
    if (!d) Fail422(key, "日期无效，应为 YYYY-MM-DD");
    return d;
}

std::vector<std::string> Body::StringArray(std::string_view key, std::size_t max_items) const {
    const auto* v = Get(key);
    std::vector<std::string> out;
    if (v == nullptr || v->is_null()) return out;
    if (!v->is_array()) Fail400(key, "应为字符串数组");
    if (v->get_array().size() > max_items) Fail422(key, "项目过多");
    for (const auto& e : v->get_array()) {
        if (!e.is_string()) Fail400(key, "应为字符串数组");
        out.emplace_back(e.get_string());
    }
    return out;
}

int64_t Body::Money(std::string_view key, int64_t def) const {
    const auto* v = Get(key);
    if (v == nullptr) return def;
    if (v->is_null()) return 0;  // an emptied field clears the amount
    if (!v->is_number()) Fail400(key, "金额应为整数（元）");
    if (v->is_uint64()) Fail422(key, "金额超出范围");
    if (v->is_double()) {
        double d = v->get_double();
        if (!std::isfinite(d) || std::fabs(d) > static_cast<double>(kMaxYuan)) Fail422(key, "金额超出范围");
        if (std::trunc(d) != d) Fail422(key, "金额应为整数（元）");
        if (d < 0) Fail422(key, "金额不能为负数");
        return static_cast<int64_t>(d);
    }
    int64_t n = v->get_int64();
    if (n < 0) Fail422(key, "金额不能为负数");
    if (n > kMaxYuan) Fail422(key, "金额超出范围");
    return n;
}

int64_t Body::MuHundredths(std::string_view key, int64_t def) const {
    const auto* v = Get(key);
    if (v == nullptr) return def;
    if (v->is_null()) return 0;  // an emptied field clears the amount
    std::optional<int64_t> h;
    if (v->is_int64()) {
        int64_t n = v->get_int64();
        if (n >= 0 && n <= 1'000'000'000) h = n * 100;
    } else if (v->is_double()) {
        double d = v->get_double();
        if (std::isfinite(d) && d >= 0 && d <= 1e9) {
            double scaled = d * 100.0;
            double r = std::round(scaled);
            if (std::fabs(scaled - r) < 1e-6) h = static_cast<int64_t>(r);
        }
    } else if (!v->is_uint64()) {
        Fail400(key, "用地面积应为数字（亩）");
    }
    if (!h) Fail422(key, "用地面积应为非负数，最多两位小数");
    return *h;
}

int64_t Body::Version() const {
    const auto* v = Get("version");
    if (v == nullptr || v->is_null()) Fail422("version", "缺少版本号 version");
    return *OptInt("version", 0, std::numeric_limits<int64_t>::max());
}

std::string QueryString(const std::map<std::string, std::string>& q, const std::string& key) {
    auto it = q.find(key);
    return it == q.end() ? std::string() : Trim(it->second);
}

std::optional<int64_t> QueryInt(const std::map<std::string, std::string>& q, const std::string& key, int64_t min,
                                int64_t max) {
    std::string s = QueryString(q, key);
    if (s.empty()) return std::nullopt;
    int64_t n = 0;
    if (s.size() > 18) Fail400(key, "参数超出范围：" + key);
    for (char c : s) {
        if (c < '0' || c > '9') Fail400(key, "参数应为正整数：" + key);
        n = n * 10 + (c - '0');
    }
    if (n < min || n > max) Fail400(key, "参数超出范围：" + key);
    return n;
}

std::optional<bool> QueryBool(const std::map<std::string, std::string>& q, const std::string& key) {
    std::string s = QueryString(q, key);
    if (s.empty()) return std::nullopt;
    if (s == "true" || s == "1") return true;
    if (s == "false" || s == "0") return false;
    Fail400(key, "参数应为 true 或 false：" + key);
}

std::optional<std::vector<int64_t>> QueryIds(const std::map<std::string, std::string>& q, const std::string& key,
                                             std::size_t max_count) {
    if (q.find(key) == q.end()) return std::nullopt;
    std::vector<int64_t> ids;
    std::string s = QueryString(q, key);
    std::size_t start = 0;
    while (start < s.size()) {
        std::size_t end = s.find(',', start);
        if (end == std::string::npos) end = s.size();
        std::string part = s.substr(start, end - start);
        if (part.empty() || part.size() > 18 || part.find_first_not_of("0123456789") != std::string::npos) {
            Fail400(key, "参数应为以逗号分隔的编号：" + key);
        }
        ids.push_back(std::stoll(part));
        if (ids.size() > max_count) Fail400(key, "编号过多：" + key);
        start = end + 1;
    }
    return ids;
}

std::optional<Date> QueryDate(const std::map<std::string, std::string>& q, const std::string& key) {
    std::string s = QueryString(q, key);
    if (s.empty()) return std::nullopt;
    auto d = Date::Parse(s);
    if (!d) Fail400(key, "日期无效，应为 YYYY-MM-DD：" + key);
    return d;
}

std::string QuerySort(const std::map<std::string, std::string>& q, std::initializer_list<std::string_view> allowed,
                      std::string def) {
    std::string s = QueryString(q, "sort");
    if (s.empty()) return def;
    std::string_view bare = s[0] == '-' ? std::string_view(s).substr(1) : std::string_view(s);
    for (auto a : allowed) {
        if (a == bare) return s;
    }
    Fail400("sort", "不支持的排序字段：" + s);
}

}  // namespace zs
