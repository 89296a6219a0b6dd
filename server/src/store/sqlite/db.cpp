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

RawDb* Raw(soci::session& s) {
    // static_cast: libsoci_sqlite3 does not export the backend's typeinfo, so no dynamic_cast.
    if (s.get_backend() == nullptr || s.get_backend_name() != "sqlite3")
        throw std::logic_error("not a sqlite3 session");
    return static_cast<soci::sqlite3_session_backend*>(s.get_backend())->conn_;
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

Conn::Prepared& Conn::Prepare(const std::string& sql, const Params& params, int columns) {
    if (auto it = cache_.find(sql); it != cache_.end()) {
        Prepared& p = *it->second;
        if (p.row.columns() != columns) throw std::logic_error("sqlite store: one statement read with two shapes");
        Load(p, params);
        return p;
    }
    if (cache_.size() >= kMaxCached) cache_.clear();

    auto p = std::make_unique<Prepared>(session_);
    for (const Param& param : params.all()) {
        if (!Mentions(sql, param.name)) continue;
        bool seen = false;
        for (const Param& slot : p->slots) seen = seen || slot.name == param.name;
        if (!seen) p->slots.push_back(param);
    }
    p->row = Row(columns);
    for (Param& slot : p->slots) {
        if (slot.is_int) {
            p->st.exchange(soci::use(slot.i, slot.ind, slot.name));
        } else {
            p->st.exchange(soci::use(slot.s, slot.ind, slot.name));
        }
    }
    p->row.BindInto(p->st);
    p->st.alloc();
    p->st.prepare(sql);
    p->st.define_and_bind();
    return *cache_.emplace(sql, std::move(p)).first->second;
}

// Copies this call's values into the variables the cached statement is bound to.
void Conn::Load(Prepared& p, const Params& params) {
    for (Param& slot : p.slots) {
        const Param* given = nullptr;
        for (const Param& param : params.all()) {
            if (param.name == slot.name) {
                given = &param;
                break;
            }
        }
        if (given == nullptr || given->is_int != slot.is_int) {
            throw std::logic_error("sqlite store: parameter :" + slot.name + " missing or of another type");
        }
        slot.i = given->i;
        slot.s = given->s;
        slot.ind = given->ind;
    }
}

void Conn::ForEachRow(const std::string& sql, const Params& params, int columns,
                      const std::function<void(const Row&)>& f) {
    Prepared* p = nullptr;
    try {
        p = &Prepare(sql, params, columns);
        p->st.execute(false);
        while (p->st.fetch()) f(p->row);
    } catch (...) {
        if (p != nullptr) cache_.erase(sql);  // its state is unknown now
        RethrowTranslated(sql);
    }
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

int64_t Conn::Exec(const std::string& sql, const Params& params) {
    Prepared* p = nullptr;
    try {
        p = &Prepare(sql, params, 0);
        p->st.execute(true);
        return p->st.get_affected_rows();
    } catch (...) {
        if (p != nullptr) cache_.erase(sql);
        RethrowTranslated(sql);
    }
}

void Conn::ExecScript(const std::string& sql) {
    char* error = nullptr;
    const int rc = sqlite_api::sqlite3_exec(raw(), sql.c_str(), nullptr, nullptr, &error);
    if (rc != SQLITE_OK) {
        std::string message = error != nullptr ? error : sqlite_api::sqlite3_errstr(rc);
        sqlite_api::sqlite3_free(error);
        throw std::runtime_error("sqlite: " + message);
    }
}

int64_t Conn::LastInsertId() { return sqlite_api::sqlite3_last_insert_rowid(raw()); }

namespace {

// The 1-based index of ":name" in the statement, 0 when it does not occur.
int ParameterIndex(sqlite_api::sqlite3_stmt* st, const std::string& name) {
    return sqlite_api::sqlite3_bind_parameter_index(st, (":" + name).c_str());
}

// SQLITE_TRANSIENT: SQLite copies the value, so the caller's string may go before the step.
sqlite_api::sqlite3_destructor_type Transient() {
    return reinterpret_cast<sqlite_api::sqlite3_destructor_type>(intptr_t{-1});
}

}  // namespace

RawStatement::RawStatement(Conn& c, const char* sql) : db_(c.raw()), sql_(sql) {
    if (sqlite_api::sqlite3_prepare_v2(db_, sql, -1, &st_, nullptr) != SQLITE_OK) {
        const std::string message = sqlite_api::sqlite3_errmsg(db_);
        sqlite_api::sqlite3_finalize(st_);
        throw std::runtime_error("sqlite: " + message + " [" + std::string(sql).substr(0, 120) + "]");
    }
}

RawStatement::~RawStatement() { sqlite_api::sqlite3_finalize(st_); }

void RawStatement::BindText(int index, const std::string& v) {
    if (sqlite_api::sqlite3_bind_text(st_, index, v.data(), static_cast<int>(v.size()), Transient()) != SQLITE_OK) {
        throw std::runtime_error(std::string("sqlite: ") + sqlite_api::sqlite3_errmsg(db_));
    }
}

void RawStatement::Bind(const Params& params) {
    for (const Param& p : params.all()) {
        const int index = ParameterIndex(st_, p.name);
        if (index == 0) continue;
        int rc = SQLITE_OK;
        if (p.ind == soci::i_null) {
            rc = sqlite_api::sqlite3_bind_null(st_, index);
        } else if (p.is_int) {
            rc = sqlite_api::sqlite3_bind_int64(st_, index, static_cast<sqlite_api::sqlite3_int64>(p.i));
        } else {
            rc = sqlite_api::sqlite3_bind_text(st_, index, p.s.data(), static_cast<int>(p.s.size()), Transient());
        }
        if (rc != SQLITE_OK) throw std::runtime_error(std::string("sqlite: ") + sqlite_api::sqlite3_errmsg(db_));
    }
}

void RawStatement::BindBlob(const std::string& name, const std::string& bytes) {
    const int index = ParameterIndex(st_, name);
    if (index == 0) throw std::logic_error("sqlite store: no parameter :" + name + " to bind a blob to");
    // data() is never null, so an empty string binds a zero-length blob, not NULL.
    const int rc = sqlite_api::sqlite3_bind_blob(st_, index, bytes.data(), static_cast<int>(bytes.size()), Transient());
    if (rc != SQLITE_OK) throw std::runtime_error(std::string("sqlite: ") + sqlite_api::sqlite3_errmsg(db_));
}

bool RawStatement::Step() {
    const int rc = sqlite_api::sqlite3_step(st_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    const std::string message = sqlite_api::sqlite3_errmsg(db_);
    const int code = sqlite_api::sqlite3_extended_errcode(db_);
    if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY) {
        throw UniqueViolation(ConstraintColumns(message));
    }
    throw std::runtime_error("sqlite: " + message + " [" + std::string(sql_).substr(0, 120) + "]");
}

void RawStatement::Reset() {
    sqlite_api::sqlite3_reset(st_);
    sqlite_api::sqlite3_clear_bindings(st_);
}

bool RawStatement::IsNull(int col) const { return sqlite_api::sqlite3_column_type(st_, col) == SQLITE_NULL; }

int64_t RawStatement::Int(int col) const { return sqlite_api::sqlite3_column_int64(st_, col); }

std::string_view RawStatement::Text(int col) const {
    const auto* text = reinterpret_cast<const char*>(sqlite_api::sqlite3_column_text(st_, col));
    if (text == nullptr) return {};
    return std::string_view(text, static_cast<size_t>(sqlite_api::sqlite3_column_bytes(st_, col)));
}

std::string_view RawStatement::Blob(int col) const {
    const void* bytes = sqlite_api::sqlite3_column_blob(st_, col);
    if (bytes == nullptr) return {};  // NULL or a zero-length blob
    return std::string_view(static_cast<const char*>(bytes),
                            static_cast<size_t>(sqlite_api::sqlite3_column_bytes(st_, col)));
}

void RethrowTranslated(const std::string& sql) {
    try {
        throw;
    } catch (const soci::sqlite3_soci_error& e) {
        const std::string message = e.get_error_message();
        const int rc = e.result();
        const bool unique =
            rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY ||
            ((rc & 0xff) == SQLITE_CONSTRAINT && message.find("UNIQUE constraint failed") != std::string::npos);
        if (unique) throw UniqueViolation(ConstraintColumns(message));
        if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) {
            throw StoreBusy("sqlite: " + message + " [" + sql.substr(0, 120) + "]");
        }
        throw std::runtime_error("sqlite: " + message + " [" + sql.substr(0, 120) + "]");
    } catch (const soci::soci_error& e) {
        throw std::runtime_error("sqlite: " + e.get_error_message() + " [" + sql.substr(0, 120) + "]");
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
