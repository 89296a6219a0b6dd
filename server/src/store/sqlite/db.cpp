// Helpers over a SOCI sqlite3 session (see db.hpp).
#include "store/sqlite/db.hpp"

#include <charconv>
#include <stdexcept>
#include <string_view>

#include "store/store.hpp"

namespace zs::sqlite {

namespace {

bool IsIdentChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// True when ":name" occurs in `sql` as a whole parameter name.
bool Mentions(const std::string& sql, const std::string& name) {
    const std::string needle = ":" + name;
    for (size_t pos = sql.find(needle); pos != std::string::npos; pos = sql.find(needle, pos + 1)) {
        const size_t end = pos + needle.size();
        if (end == sql.size() || !IsIdentChar(sql[end])) return true;
    }
    return false;
}

// "sqlite3_statement_backend::loadOne: UNIQUE constraint failed: users.username" → "users.username".
std::string ConstraintColumns(const std::string& message) {
    constexpr std::string_view kMarker = "constraint failed: ";
    const size_t at = message.find(kMarker);
    if (at == std::string::npos) return "unique constraint";
    std::string rest = message.substr(at + kMarker.size());
    const size_t stop = rest.find_first_of("\n\"");
    if (stop != std::string::npos) rest.resize(stop);
    while (!rest.empty() && rest.back() == ' ') rest.pop_back();
    return rest;
}

}  // namespace

RawDb* Raw(soci::session& s) {
    auto* backend = dynamic_cast<soci::sqlite3_session_backend*>(s.get_backend());
    if (backend == nullptr) throw std::logic_error("not a sqlite3 session");
    return backend->conn_;
}

Params& Params::Int(std::string name, int64_t v) {
    params_.push_back(Param{std::move(name), true, static_cast<long long>(v), {}, soci::i_ok});
    return *this;
}

Params& Params::Text(std::string name, std::string v) {
    params_.push_back(Param{std::move(name), false, 0, std::move(v), soci::i_ok});
    return *this;
}

Params& Params::Null(std::string name) {
    params_.push_back(Param{std::move(name), true, 0, {}, soci::i_null});
    return *this;
}

Params& Params::OptInt(std::string name, const std::optional<int64_t>& v) {
    return v ? Int(std::move(name), *v) : Null(std::move(name));
}

Params& Params::OptDate(std::string name, const std::optional<Date>& v) {
    return v ? Text(std::move(name), v->ToString()) : Null(std::move(name));
}

Params& Params::TextOrNull(std::string name, std::string v) {
    return v.empty() ? Null(std::move(name)) : Text(std::move(name), std::move(v));
}

void Params::BindTo(soci::statement& st, const std::string& sql) {
    for (Param& p : params_) {
        if (!Mentions(sql, p.name)) continue;
        if (p.is_int) {
            st.exchange(soci::use(p.i, p.ind, p.name));
        } else {
            st.exchange(soci::use(p.s, p.ind, p.name));
        }
    }
}

const std::string& Row::Text(int i) const {
    static const std::string kEmpty;
    return IsNull(i) ? kEmpty : values_.at(i);
}

int64_t Row::Int(int i) const {
    if (IsNull(i)) return 0;
    const std::string& s = values_.at(i);
    int64_t v = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || ptr != s.data() + s.size()) {
        throw std::runtime_error("sqlite store: column " + std::to_string(i) + " is not an integer");
    }
    return v;
}

std::optional<int64_t> Row::OptInt(int i) const {
    if (IsNull(i)) return std::nullopt;
    return Int(i);
}

std::optional<Date> Row::OptDate(int i) const {
    if (IsNull(i) || values_.at(i).empty()) return std::nullopt;
    std::optional<Date> d = Date::Parse(values_.at(i));
    if (!d) throw std::runtime_error("sqlite store: column " + std::to_string(i) + " is not a date");
    return d;
}

void Row::BindInto(soci::statement& st) {
    for (size_t i = 0; i < values_.size(); ++i) st.exchange(soci::into(values_[i], inds_[i]));
}

void ForEachRow(soci::session& s, const std::string& sql, Params params, int columns,
                const std::function<void(const Row&)>& f) {
    try {
        Row row(columns);
        soci::statement st(s);
        params.BindTo(st, sql);
        row.BindInto(st);
        st.alloc();
        st.prepare(sql);
        st.define_and_bind();
        st.execute(false);
        while (st.fetch()) f(row);
    } catch (...) {
        RethrowTranslated();
    }
}

int64_t ScalarInt(soci::session& s, const std::string& sql, Params params) {
    int64_t v = 0;
    bool first = true;
    ForEachRow(s, sql, std::move(params), 1, [&](const Row& r) {
        if (first) v = r.Int(0);
        first = false;
    });
    return v;
}

int64_t Exec(soci::session& s, const std::string& sql, Params params) {
    try {
        soci::statement st(s);
        params.BindTo(st, sql);
        st.alloc();
        st.prepare(sql);
        st.define_and_bind();
        st.execute(true);
        return st.get_affected_rows();
    } catch (...) {
        RethrowTranslated();
    }
}

void ExecScript(soci::session& s, const std::string& sql) {
    char* error = nullptr;
    const int rc = sqlite_api::sqlite3_exec(Raw(s), sql.c_str(), nullptr, nullptr, &error);
    if (rc != SQLITE_OK) {
        std::string message = error != nullptr ? error : sqlite_api::sqlite3_errstr(rc);
        sqlite_api::sqlite3_free(error);
        throw std::runtime_error("sqlite: " + message);
    }
}

int64_t LastInsertId(soci::session& s) { return sqlite_api::sqlite3_last_insert_rowid(Raw(s)); }

void RethrowTranslated() {
    try {
        throw;
    } catch (const soci::sqlite3_soci_error& e) {
        const std::string message = e.get_error_message();
        const int rc = e.result();
        const bool unique = rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY ||
                            ((rc & 0xff) == SQLITE_CONSTRAINT &&
                             message.find("UNIQUE constraint failed") != std::string::npos);
        if (unique) throw UniqueViolation(ConstraintColumns(message));
        throw;
    }
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

}  // namespace zs::sqlite
