// The SQLite session behind Conn (see sqlite_conn.hpp).
#include "store/sqlite/sqlite_conn.hpp"

#include <stdexcept>
#include <string_view>
#include <unordered_map>

#include "store/sql/dialect.hpp"
#include "store/store.hpp"

namespace zs::sqlite {

namespace {

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

// Throws for a failed step: UniqueViolation when SQLite reported a UNIQUE or PRIMARY KEY constraint
// (what() is the "table.column" list SQLite named), StoreBusy when the file stayed locked past the
// busy timeout; otherwise std::runtime_error with SQLite's message and the statement, never the values.
[[noreturn]] void ThrowStepError(RawDb* db, std::string_view sql) {
    const std::string message = sqlite_api::sqlite3_errmsg(db);
    const int code = sqlite_api::sqlite3_extended_errcode(db);
    if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY) {
        throw UniqueViolation(ConstraintColumns(message));
    }
    if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED) {
        throw StoreBusy("sqlite: " + message + " [" + std::string(sql.substr(0, 120)) + "]");
    }
    throw std::runtime_error("sqlite: " + message + " [" + std::string(sql.substr(0, 120)) + "]");
}

// True while there is a row; throws (ThrowStepError) on failure.
bool StepRow(RawDb* db, sqlite_api::sqlite3_stmt* st, std::string_view sql) {
    const int rc = sqlite_api::sqlite3_step(st);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    ThrowStepError(db, sql);
}

// SQLITE_TRANSIENT: SQLite copies the value, so the caller's string may go before the step.
sqlite_api::sqlite3_destructor_type Transient() {
    return reinterpret_cast<sqlite_api::sqlite3_destructor_type>(intptr_t{-1});
}

// Binds one parameter's value at `index`; `copy`: SQLite keeps its own copy of a text (else the
// value must outlive the run).
void BindValue(RawDb* db, sqlite_api::sqlite3_stmt* st, int index, const Param& p, bool copy) {
    int rc = SQLITE_OK;
    if (p.ind == soci::i_null) {
        rc = sqlite_api::sqlite3_bind_null(st, index);
    } else if (p.is_int) {
        rc = sqlite_api::sqlite3_bind_int64(st, index, static_cast<sqlite_api::sqlite3_int64>(p.i));
    } else {
        rc = sqlite_api::sqlite3_bind_text(st, index, p.s.data(), static_cast<int>(p.s.size()),
                                           copy ? Transient() : SQLITE_STATIC);
    }
    if (rc != SQLITE_OK) throw std::runtime_error(std::string("sqlite: ") + sqlite_api::sqlite3_errmsg(db));
}

sqlite_api::sqlite3_stmt* PrepareOrThrow(RawDb* db, const std::string& sql) {
    sqlite_api::sqlite3_stmt* st = nullptr;
    if (sqlite_api::sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
        const std::string message = sqlite_api::sqlite3_errmsg(db);
        sqlite_api::sqlite3_finalize(st);
        throw std::runtime_error("sqlite: " + message + " [" + sql.substr(0, 120) + "]");
    }
    return st;
}

// The current row of a sqlite3 statement, read in place.
class StatementColumns final : public sqldb::Columns {
public:
    explicit StatementColumns(sqlite_api::sqlite3_stmt* st) : st_(st) {}
    bool IsNull(int col) const override { return sqlite_api::sqlite3_column_type(st_, col) == SQLITE_NULL; }
    int64_t Int(int col) const override {
        switch (sqlite_api::sqlite3_column_type(st_, col)) {
            case SQLITE_INTEGER:
                return sqlite_api::sqlite3_column_int64(st_, col);
            case SQLITE_NULL:
                return 0;
            default:  // a text column holding an integer; a real or a blob is refused
                return sqldb::ParseIntColumn(Text(col), col);
        }
    }
    std::string_view Text(int col) const override {
        const auto* text = reinterpret_cast<const char*>(sqlite_api::sqlite3_column_text(st_, col));
        if (text == nullptr) return {};
        return std::string_view(text, static_cast<size_t>(sqlite_api::sqlite3_column_bytes(st_, col)));
    }
    std::string_view Blob(int col) const override {
        const void* bytes = sqlite_api::sqlite3_column_blob(st_, col);
        if (bytes == nullptr) return {};  // NULL or a zero-length blob
        return std::string_view(static_cast<const char*>(bytes),
                                static_cast<size_t>(sqlite_api::sqlite3_column_bytes(st_, col)));
    }

private:
    sqlite_api::sqlite3_stmt* st_;
};

// A raw sqlite3 statement (Cursor): prepared per use, finalized on destruction.
class SqliteCursor final : public sqldb::Cursor {
public:
    SqliteCursor(RawDb* db, std::string sql)
        : db_(db), st_(PrepareOrThrow(db, sql)), columns_(st_), sql_(std::move(sql)) {
        // Parameter indexes by name, looked up once: bulk writes bind ~30 names per row, and SQLite
        // finds a name by comparing it with each of the statement's parameter names.
        const int n = sqlite_api::sqlite3_bind_parameter_count(st_);
        for (int i = 1; i <= n; ++i) {
            const char* name = sqlite_api::sqlite3_bind_parameter_name(st_, i);
            if (name != nullptr && name[0] == ':') index_.emplace(name + 1, i);
        }
    }
    SqliteCursor(const SqliteCursor&) = delete;
    SqliteCursor& operator=(const SqliteCursor&) = delete;
    ~SqliteCursor() override { sqlite_api::sqlite3_finalize(st_); }

    void Bind(const Params& params) override;
    void BindBlob(const std::string& name, const std::string& bytes) override;
    bool Step() override;
    void Reset() override;
    bool IsNull(int col) const override { return columns_.IsNull(col); }
    int64_t Int(int col) const override { return columns_.Int(col); }
    std::string_view Text(int col) const override { return columns_.Text(col); }
    std::string_view Blob(int col) const override { return columns_.Blob(col); }

private:
    int IndexOf(const std::string& name) const {
        const auto it = index_.find(name);
        return it == index_.end() ? 0 : it->second;
    }

    RawDb* db_;
    sqlite_api::sqlite3_stmt* st_;
    StatementColumns columns_;
    std::string sql_;
    std::unordered_map<std::string, int> index_;
};

void SqliteCursor::Bind(const Params& params) {
    for (const Param& p : params.all()) {
        const int index = IndexOf(p.name);
        if (index != 0) BindValue(db_, st_, index, p, true);
    }
}

void SqliteCursor::BindBlob(const std::string& name, const std::string& bytes) {
    const int index = IndexOf(name);
    if (index == 0) throw std::logic_error("sqlite store: no parameter :" + name + " to bind a blob to");
    // data() is never null, so an empty string binds a zero-length blob, not NULL.
    const int rc = sqlite_api::sqlite3_bind_blob(st_, index, bytes.data(), static_cast<int>(bytes.size()), Transient());
    if (rc != SQLITE_OK) throw std::runtime_error(std::string("sqlite: ") + sqlite_api::sqlite3_errmsg(db_));
}

bool SqliteCursor::Step() { return StepRow(db_, st_, sql_); }

void SqliteCursor::Reset() {
    sqlite_api::sqlite3_reset(st_);
    sqlite_api::sqlite3_clear_bindings(st_);
}

}  // namespace

RawDb* Raw(soci::session& s) {
    // static_cast: libsoci_sqlite3 does not export the backend's typeinfo, so no dynamic_cast.
    if (s.get_backend() == nullptr || s.get_backend_name() != "sqlite3")
        throw std::logic_error("not a sqlite3 session");
    return static_cast<soci::sqlite3_session_backend*>(s.get_backend())->conn_;
}

SqliteConn::SqliteConn(soci::session& s) : Conn(sqldb::kSqliteDialect), session_(s) {}

SqliteConn::~SqliteConn() { ClearCache(); }

void SqliteConn::ClearCache() {
    for (auto& [sql, st] : cache_) sqlite_api::sqlite3_finalize(st);
    cache_.clear();
}

sqlite_api::sqlite3_stmt* SqliteConn::Prepare(const std::string& sql, const Params& params) {
    sqlite_api::sqlite3_stmt* st = nullptr;
    if (auto it = cache_.find(sql); it != cache_.end()) {
        st = it->second;
    } else {
        if (cache_.size() >= kMaxCached) ClearCache();
        st = PrepareOrThrow(raw(), sqldb::Expand(dialect(), sql));
        cache_.emplace(sql, st);
    }
    // Every parameter the statement names must be given (a cached statement keeps no old values).
    const int n = sqlite_api::sqlite3_bind_parameter_count(st);
    for (int i = 1; i <= n; ++i) {
        const char* name = sqlite_api::sqlite3_bind_parameter_name(st, i);
        const Param* given = nullptr;
        for (const Param& p : params.all()) {
            if (name != nullptr && name[0] == ':' && p.name == name + 1) {
                given = &p;
                break;
            }
        }
        if (given == nullptr) {
            sqlite_api::sqlite3_clear_bindings(st);
            throw std::logic_error(std::string("sqlite store: parameter ") + (name != nullptr ? name : "?") + " missing");
        }
        BindValue(raw(), st, i, *given, false);
    }
    return st;
}

// Reset and unbound when the run ends, also by an exception: the cached statement is ready again
// and holds no pointer into the caller's parameters.
struct SqliteConn::Run {
    sqlite_api::sqlite3_stmt* st;
    ~Run() {
        sqlite_api::sqlite3_reset(st);
        sqlite_api::sqlite3_clear_bindings(st);
    }
};

void SqliteConn::ForEachRow(const std::string& sql, const Params& params, int columns,
                            const std::function<void(const Row&)>& f) {
    Run run{Prepare(sql, params)};
    if (sqlite_api::sqlite3_column_count(run.st) != columns) {
        throw std::logic_error("sqlite store: statement read with another shape");
    }
    const StatementColumns values(run.st);
    const Row row(values, columns);
    while (StepRow(raw(), run.st, sql)) f(row);
}

int64_t SqliteConn::Exec(const std::string& sql, const Params& params) {
    Run run{Prepare(sql, params)};
    while (StepRow(raw(), run.st, sql)) {
    }
    return sqlite_api::sqlite3_changes(raw());
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
