// Reading a JSON request body field by field: unknown fields, wrong types and out-of-range
// values become ApiErrors naming the field (400 for shape, 422 for meaning).
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"

namespace zs {

class Body {
public:
    // Throws 400 when `v` is not an object or has a key outside `allowed`.
    Body(const boost::json::value& v, const std::vector<std::string_view>& allowed);
    // Body keeps a pointer to `v`: a temporary (an object converted on the spot) would dangle.
    Body(boost::json::value&& v, const std::vector<std::string_view>& allowed) = delete;

    bool Has(std::string_view key) const { return obj_->contains(key); }
    bool IsNull(std::string_view key) const;

    // Each getter: absent → `def`/nullopt (or 422 "必填" when required); null → nullopt for the
    // Opt variants and 400 otherwise; wrong JSON type → 400.
    std::string String(std::string_view key, bool required, std::size_t max_chars = 200) const;
    std::optional<std::string> OptString(std::string_view key, std::size_t max_chars = 200) const;
    int64_t Int(std::string_view key, bool required, int64_t min, int64_t max, int64_t def = 0) const;
    std::optional<int64_t> OptInt(std::string_view key, int64_t min, int64_t max) const;
    bool Bool(std::string_view key, bool def) const;
    std::optional<Date> OptDate(std::string_view key) const;
    std::vector<std::string> StringArray(std::string_view key, std::size_t max_items = 50) const;
    // Money in integer yuan, 0 ≤ v ≤ kMaxYuan; a fraction or an overflow is 422; absent → def, null → 0.
    int64_t Money(std::string_view key, int64_t def) const;
    // 亩 as a JSON number with ≤ 2 decimals → hundredths.
    int64_t MuHundredths(std::string_view key, int64_t def) const;
    // The object's `version`, required.
    int64_t Version() const;

    const boost::json::object& object() const { return *obj_; }

private:
    const boost::json::value* Get(std::string_view key) const;
    const boost::json::object* obj_;
};

// Query-string helpers (400 naming the parameter on a malformed value).

std::optional<int64_t> QueryInt(const std::map<std::string, std::string>& q, const std::string& key, int64_t min,
                                int64_t max);
std::optional<bool> QueryBool(const std::map<std::string, std::string>& q, const std::string& key);
// A comma-separated list of positive ids, at most `max_count`; nullopt when the parameter is absent.
std::optional<std::vector<int64_t>> QueryIds(const std::map<std::string, std::string>& q, const std::string& key,
                                             std::size_t max_count);
std::optional<Date> QueryDate(const std::map<std::string, std::string>& q, const std::string& key);
std::string QueryString(const std::map<std::string, std::string>& q, const std::string& key);
// `sort`: one of `allowed`, optionally prefixed with '-'; `def` when absent.
std::string QuerySort(const std::map<std::string, std::string>& q, std::initializer_list<std::string_view> allowed,
                      std::string def);

}  // namespace zs
