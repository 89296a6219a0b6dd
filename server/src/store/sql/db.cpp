// Parameters, rows and the dialect-independent parts of Conn (see db.hpp).
#include "store/sql/db.hpp"

#include <charconv>
#include <stdexcept>
#include <string_view>

#include "store/store.hpp"

namespace zs::sqldb {

namespace {

Param MakeParam(std::string name, bool is_int, long long i, std::string s, soci::indicator ind) {
    Param p;
    p.name = std::move(name);
    p.is_int = is_int;
    p.i = i;
    p.s = std::move(s);
    p.ind = ind;
    return p;
}

}  // namespace

std::string QuotedName(const std::string& name) {
    std::string out = "\"";
    for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

Params& Params::Int(std::string name, int64_t v) {
    params_.push_back(MakeParam(std::move(name), true, static_cast<long long>(v), {}, soci::i_ok));
    return *this;
}

Params& Params::Text(std::string name, std::string v) {
    params_.push_back(MakeParam(std::move(name), false, 0, std::move(v), soci::i_ok));
    return *this;
}

Params& Params::NullInt(std::string name) {
    params_.push_back(MakeParam(std::move(name), true, 0, {}, soci::i_null));
    return *this;
}

Params& Params::NullText(std::string name) {
    params_.push_back(MakeParam(std::move(name), false, 0, {}, soci::i_null));
    return *this;
}

Params& Params::OptInt(std::string name, const std::optional<int64_t>& v) {
    return v ? Int(std::move(name), *v) : NullInt(std::move(name));
}

Params& Params::OptDate(std::string name, const std::optional<Date>& v) {
    return v ? Text(std::move(name), v->ToString()) : NullText(std::move(name));
}

Params& Params::TextOrNull(std::string name, std::string v) {
    return v.empty() ? NullText(std::move(name)) : Text(std::move(name), std::move(v));
}

int64_t ParseIntColumn(std::string_view text, int col) {
    int64_t v = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || ptr != text.data() + text.size()) {
        throw std::runtime_error("store: column " + std::to_string(col) + " is not an integer");
    }
    return v;
}

std::optional<int64_t> Row::OptInt(int i) const {
    if (IsNull(i)) return std::nullopt;
    return Int(i);
}

std::optional<Date> Row::OptDate(int i) const {
    const std::string_view text = Text(i);
    if (text.empty()) return std::nullopt;
    std::optional<Date> d = Date::Parse(text);
    if (!d) throw std::runtime_error("store: column " + std::to_string(i) + " is not a date");
    return d;
}

int64_t Conn::ScalarInt(const std::string& sql, const Params& params) {
    int64_t v = 0;
    bool first = true;
    ForEachRow(sql, params, 1, [&](const Row& r) {
        if (first) v = r.Int(0);
        first = false;
    });
    return v;
}

std::string PrefixEnd(const std::string& prefix) {
    std::string end = prefix;
    while (!end.empty()) {
        const auto last = static_cast<unsigned char>(end.back());
        if (last < 0xff) {
            end.back() = static_cast<char>(last + 1);
            return end;
        }
        end.pop_back();
    }
    return end;
}

}  // namespace zs::sqldb
