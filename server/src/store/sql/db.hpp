// The SQL layer shared by both stores: named parameters, rows read as text with NULL indicators,
// and Conn, one pooled database session behind an interface that the SQLite and the PostgreSQL
// backends implement (store/sqlite/sqlite_conn.hpp, store/postgres/pg_conn.hpp). The Tx in tx.cpp
// is written once against it, with the SQL of sql.hpp expanded for the session's dialect.
#pragma once

#include <soci/soci.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "core/date.hpp"

namespace zs::sqldb {

struct Dialect;

// One bound value.
struct Param {
    std::string name;
    bool is_int = false;
    long long i = 0;
    std::string s;
    soci::indicator ind = soci::i_ok;
};

// Named parameters for one statement. A parameter whose ":name" does not occur in the SQL is
// skipped, so one set can serve a page query and its COUNT.
class Params {
public:
    Params& Int(std::string name, int64_t v);
    Params& Bool(std::string name, bool v) { return Int(std::move(name), v ? 1 : 0); }
    Params& Text(std::string name, std::string v);
    Params& NullInt(std::string name);
    Params& NullText(std::string name);
    Params& OptInt(std::string name, const std::optional<int64_t>& v);
    Params& OptDate(std::string name, const std::optional<Date>& v);  // text "YYYY-MM-DD" or NULL
    Params& TextOrNull(std::string name, std::string v);              // "" binds NULL

    const std::vector<Param>& all() const { return params_; }

private:
    std::vector<Param> params_;
};

// The columns of a statement's current row, read in place: valid until the statement steps on.
class Columns {
public:
    virtual ~Columns() = default;
    virtual bool IsNull(int col) const = 0;
    // 0 for NULL; an integer stored as text is parsed; anything else that is not an integer throws.
    virtual int64_t Int(int col) const = 0;
    virtual std::string_view Text(int col) const = 0;  // empty for NULL
    virtual std::string_view Blob(int col) const = 0;  // the bytes of a BLOB/bytea column
};

// One fetched row of ForEachRow, read in place from the statement (nothing is copied until a
// converter copies it): valid during the callback only.
class Row {
public:
    Row(const Columns& columns, int count) : columns_(columns), count_(count) {}
    int columns() const { return count_; }
    bool IsNull(int i) const { return columns_.IsNull(i); }
    std::string_view Text(int i) const { return columns_.Text(i); }  // "" for NULL
    std::string Str(int i) const { return std::string(columns_.Text(i)); }
    int64_t Int(int i) const { return columns_.Int(i); }  // 0 for NULL
    bool Bool(int i) const { return Int(i) != 0; }
    std::optional<int64_t> OptInt(int i) const;
    std::optional<Date> OptDate(int i) const;  // throws on a malformed stored date

private:
    const Columns& columns_;
    int count_;
};

// A row-producing statement on the backend's own API, for bulk scans (LoadSnapshot, LoadLedgers),
// bulk writes that re-run one statement, and BLOBs (bytea), which SOCI would bind as text. Named
// parameters (":name").
class Cursor : public Columns {
public:
    // Binds every parameter of `params` whose ":name" occurs in the statement (the others are skipped).
    virtual void Bind(const Params& params) = 0;
    // Binds `bytes` exactly (embedded '\0', any encoding); the statement must name ":name".
    virtual void BindBlob(const std::string& name, const std::string& bytes) = 0;
    // True while there is a row. Throws UniqueViolation on a UNIQUE or PRIMARY KEY clash.
    virtual bool Step() = 0;
    // Makes the statement ready to run again with new bindings.
    virtual void Reset() = 0;
};

// An integer column's text ("-12"), strictly: the whole text or an error naming the column.
int64_t ParseIntColumn(std::string_view text, int col);

// One pooled session, used by one thread at a time. Statements are prepared once per session and
// reused by SQL text (both databases spend more time planning a short statement than running it).
class Conn {
public:
    explicit Conn(const Dialect& dialect) : dialect_(dialect) {}
    Conn(const Conn&) = delete;
    Conn& operator=(const Conn&) = delete;
    virtual ~Conn() = default;

    const Dialect& dialect() const { return dialect_; }

    // Runs a query and calls `f` for each row of `columns` columns.
    virtual void ForEachRow(const std::string& sql, const Params& params, int columns,
                            const std::function<void(const Row&)>& f) = 0;
    // The first column of the first row as an integer (0 when there is no row or it is NULL).
    int64_t ScalarInt(const std::string& sql, const Params& params = {});
    // Runs a statement that returns no rows; answers the number of rows changed.
    virtual int64_t Exec(const std::string& sql, const Params& params = {}) = 0;
    // Runs several ';'-separated statements (migrations) without parameters and without expansion.
    virtual void ExecScript(const std::string& sql) = 0;
    // The id the last INSERT into a table with a generated id gave its row.
    virtual int64_t LastInsertId() = 0;
    // A statement for RawStatement.
    virtual std::unique_ptr<Cursor> Open(const char* sql) = 0;
    // True while a transaction is open on the session.
    virtual bool InTransaction() = 0;
    // Rolls back an open transaction, ignoring errors (destructors, failed commits).
    virtual void RollbackQuietly() noexcept = 0;
    // Called when the session is leased: a backend whose connection broke (a restarted server)
    // reconnects here, before any transaction starts.
    virtual void Revive() {}
    // After a statement failed: when the connection turned out broken (the server closed it while the
    // session sat in the pool), reconnects and answers true, so that a transaction's first statement
    // can be tried once more. Nothing had happened in the transaction yet, so that is safe.
    virtual bool ReviveAfterFailure() { return false; }

    // Runs f so that when it throws, only what f wrote is undone and the transaction goes on, as
    // SQLite does for each statement by itself (PostgreSQL aborts the whole transaction: its session
    // wraps f in a savepoint). For single writes a caller may refuse and recover from.
    template <typename F>
    auto Guarded(F&& f) {
        GuardBegin();
        try {
            if constexpr (std::is_void_v<decltype(f())>) {
                f();
                GuardEnd();
            } else {
                auto result = f();
                GuardEnd();
                return result;
            }
        } catch (...) {
            GuardAbort();
            throw;
        }
    }

protected:
    virtual void GuardBegin() {}
    virtual void GuardEnd() {}
    virtual void GuardAbort() noexcept {}

private:
    const Dialect& dialect_;
};

// A Cursor on the stack: prepared per use and finalized on destruction.
class RawStatement {
public:
    RawStatement(Conn& c, const char* sql) : cursor_(c.Open(sql)) {}
    void Bind(const Params& params) { cursor_->Bind(params); }
    void BindBlob(const std::string& name, const std::string& bytes) { cursor_->BindBlob(name, bytes); }
    bool Step() { return cursor_->Step(); }
    void Reset() { cursor_->Reset(); }
    bool IsNull(int col) const { return cursor_->IsNull(col); }
    int64_t Int(int col) const { return cursor_->Int(col); }
    std::string_view Text(int col) const { return cursor_->Text(col); }
    std::string_view Blob(int col) const { return cursor_->Blob(col); }

private:
    std::unique_ptr<Cursor> cursor_;
};

template <typename T, typename Conv>
std::vector<T> SelectAll(Conn& c, const std::string& sql, const Params& params, int columns, Conv conv) {
    std::vector<T> out;
    c.ForEachRow(sql, params, columns, [&](const Row& r) { out.push_back(conv(r)); });
    return out;
}

template <typename T, typename Conv>
std::optional<T> SelectOne(Conn& c, const std::string& sql, const Params& params, int columns, Conv conv) {
    std::optional<T> out;
    c.ForEachRow(sql, params, columns, [&](const Row& r) {
        if (!out) out = conv(r);
    });
    return out;
}

// A character of a parameter's ":name" (ASCII letters, digits, '_').
inline bool IsNameChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// A table or column name from the catalog as a quoted SQL identifier ("a""b").
std::string QuotedName(const std::string& name);

// The smallest string greater than every string that starts with `prefix` ("" when none exists).
std::string PrefixEnd(const std::string& prefix);

}  // namespace zs::sqldb
