// The SQLite session behind Conn (see sqlite_conn.hpp).
#include "store/sqlite/sqlite_conn.hpp"

#include <stdexcept>
#include <string_view>

#include "store/sql/dialect.hpp"
#include "store/store.hpp"

namespace zs::sqlite {

namespace {

using sqldb::Mentions;

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

// Rethrows the exception in flight: UniqueViolation when SQLite reported a UNIQUE or PRIMARY KEY
// constraint (what() is the "table.column" list SQLite named), StoreBusy when the file stayed locked;
// other SOCI errors as std::runtime_error with SQLite's message and the statement, never the bound values.
[[noreturn]] void RethrowTranslated(const std::string& sql) {
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

// The 1-based index of ":name" in the statement, 0 when it does not occur.
int ParameterIndex(sqlite_api::sqlite3_stmt* st, const std::string& name) {
    return sqlite_api::sqlite3_bind_parameter_index(st, (":" + name).c_str());
}

// SQLITE_TRANSIENT: SQLite copies the value, so the caller's string may go before the step.
sqlite_api::sqlite3_destructor_type Transient() {
    return reinterpret_cast<sqlite_api::sqlite3_destructor_type>(intptr_t{-1});
}

// A raw sqlite3 statement (Cursor): prepared per use, finalized on destruction.
class SqliteCursor final : public sqldb::Cursor {
public:
    SqliteCursor(RawDb* db, std::string sql) : db_(db), sql_(std::move(sql)) {
        if (sqlite_api::sqlite3_prepare_v2(db_, sql_.c_str(), -1, &st_, nullptr) != SQLITE_OK) {
            const std::string message = sqlite_api::sqlite3_errmsg(db_);
            sqlite_api::sqlite3_finalize(st_);
            throw std::runtime_error("sqlite: " + message + " [" + sql_.substr(0, 120) + "]");
        }
    }
    SqliteCursor(const SqliteCursor&) = delete;
    SqliteCursor& operator=(const SqliteCursor&) = delete;
    ~SqliteCursor() override { sqlite_api::sqlite3_finalize(st_); }

    void Bind(const Params& params) override;
    void BindBlob(const std::string& name, const std::string& bytes) override;
    bool Step() override;
    void Reset() override;
    bool IsNull(int col) const override;
    int64_t Int(int col) const override;
    std::string_view Text(int col) const override;
    std::string_view Blob(int col) const override;

private:
    RawDb* db_;
    sqlite_api::sqlite3_stmt* st_ = nullptr;
    std::string sql_;
};

void SqliteCursor::Bind(const Params& params) {
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

void SqliteCursor::BindBlob(const std::string& name, const std::string& bytes) {
    const int index = ParameterIndex(st_, name);
    if (index == 0) throw std::logic_error("sqlite store: no parameter :" + name + " to bind a blob to");
    // data() is never null, so an empty string binds a zero-length blob, not NULL.
    const int rc = sqlite_api::sqlite3_bind_blob(st_, index, bytes.data(), static_cast<int>(bytes.size()), Transient());
    if (rc != SQLITE_OK) throw std::runtime_error(std::string("sqlite: ") + sqlite_api::sqlite3_errmsg(db_));
}

bool SqliteCursor::Step() {
    const int rc = sqlite_api::sqlite3_step(st_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    const std::string message = sqlite_api::sqlite3_errmsg(db_);
    const int code = sqlite_api::sqlite3_extended_errcode(db_);
    if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY) {
        throw UniqueViolation(ConstraintColumns(message));
    }
    throw std::runtime_error("sqlite: " + message + " [" + sql_.substr(0, 120) + "]");
}

void SqliteCursor::Reset() {
    sqlite_api::sqlite3_reset(st_);
    sqlite_api::sqlite3_clear_bindings(st_);
}

bool SqliteCursor::IsNull(int col) const { return sqlite_api::sqlite3_column_type(st_, col) == SQLITE_NULL; }

int64_t SqliteCursor::Int(int col) const { return sqlite_api::sqlite3_column_int64(st_, col); }

std::string_view SqliteCursor::Text(int col) const {
    const auto* text = reinterpret_cast<const char*>(sqlite_api::sqlite3_column_text(st_, col));
    if (text == nullptr) return {};
    return std::string_view(text, static_cast<size_t>(sqlite_api::sqlite3_column_bytes(st_, col)));
}

std::string_view SqliteCursor::Blob(int col) const {
    const void* bytes = sqlite_api::sqlite3_column_blob(st_, col);
    if (bytes == nullptr) return {};  // NULL or a zero-length blob
    return std::string_view(static_cast<const char*>(bytes),
                            static_cast<size_t>(sqlite_api::sqlite3_column_bytes(st_, col)));
}

}  // namespace

RawDb* Raw(soci::session& s) {
    // static_cast: libsoci_sqlite3 does not export the backend's typeinfo, so no dynamic_cast.
    if (s.get_backend() == nullptr || s.get_backend_name() != "sqlite3")
        throw std::logic_error("not a sqlite3 session");
    return static_cast<soci::sqlite3_session_backend*>(s.get_backend())->conn_;
}

SqliteConn::SqliteConn(soci::session& s) : Conn(sqldb::kSqliteDialect), session_(s) {}

SqliteConn::Prepared& SqliteConn::Prepare(const std::string& sql, const Params& params, int columns) {
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
    p->st.prepare(sqldb::Expand(dialect(), sql));
    p->st.define_and_bind();
    return *cache_.emplace(sql, std::move(p)).first->second;
}

// Copies this call's values into the variables the cached statement is bound to.
void SqliteConn::Load(Prepared& p, const Params& params) {
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

void SqliteConn::ForEachRow(const std::string& sql, const Params& params, int columns,
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

int64_t SqliteConn::Exec(const std::string& sql, const Params& params) {
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

void SqliteConn::ExecScript(const std::string& sql) {
    char* error = nullptr;
    const int rc = sqlite_api::sqlite3_exec(raw(), sql.c_str(), nullptr, nullptr, &error);
    if (rc != SQLITE_OK) {
        std::string message = error != nullptr ? error : sqlite_api::sqlite3_errstr(rc);
        sqlite_api::sqlite3_free(error);
        throw std::runtime_error("sqlite: " + message);
    }
}

int64_t SqliteConn::LastInsertId() { return sqlite_api::sqlite3_last_insert_rowid(raw()); }

std::unique_ptr<sqldb::Cursor> SqliteConn::Open(const char* sql) {
    return std::make_unique<SqliteCursor>(raw(), sqldb::Expand(dialect(), sql));
}

bool SqliteConn::InTransaction() { return sqlite_api::sqlite3_get_autocommit(raw()) == 0; }

void SqliteConn::RollbackQuietly() noexcept {
    try {
        RawDb* db = raw();
        if (sqlite_api::sqlite3_get_autocommit(db) == 0) sqlite_api::sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    } catch (...) {
    }
}

}  // namespace zs::sqlite
