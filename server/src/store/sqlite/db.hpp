// Thin helpers over a SOCI sqlite3 session: named parameters, rows read as text with NULL
// indicators, a per-connection cache of prepared statements, and SQLite's unique-key errors
// turned into UniqueViolation. Include this (it puts sqlite3.h inside namespace sqlite_api)
// rather than <sqlite3.h>.
#pragma once

#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/date.hpp"

namespace zs::sqlite {

using RawDb = sqlite_api::sqlite3;

// The raw handle of a session opened with the sqlite3 backend.
RawDb* Raw(soci::session& s);

// One bound value. Each name keeps one type (integer or text) in a given statement, also when
// NULL, because a cached statement keeps the variables it was bound to.
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

// One fetched row; every column arrives as SQLite's text form (exact for integers).
class Row {
public:
    explicit Row(int columns) : values_(columns), inds_(columns, soci::i_ok) {}
    int columns() const { return static_cast<int>(values_.size()); }
    bool IsNull(int i) const { return inds_.at(i) == soci::i_null; }
    const std::string& Text(int i) const;  // "" for NULL
    int64_t Int(int i) const;              // 0 for NULL
    bool Bool(int i) const { return Int(i) != 0; }
    std::optional<int64_t> OptInt(int i) const;
    std::optional<Date> OptDate(int i) const;  // throws on a malformed stored date

    // Registers every column as an into() target of `st`.
    void BindInto(soci::statement& st);

private:
    std::vector<std::string> values_;
    std::vector<soci::indicator> inds_;
};

// One pooled session and the statements prepared on it, reused by SQL text: SQLite spends more
// time parsing a statement like INSERT INTO projects than running it. Used by one thread at a time.
class Conn {
public:
    explicit Conn(soci::session& s) : session_(s) {}
    Conn(const Conn&) = delete;
    Conn& operator=(const Conn&) = delete;

    soci::session& session() { return session_; }
    RawDb* raw() { return Raw(session_); }

    // Runs a query and calls `f` for each row of `columns` columns.
    void ForEachRow(const std::string& sql, const Params& params, int columns,
                    const std::function<void(const Row&)>& f);
    // The first column of the first row as an integer (0 when there is no row or it is NULL).
    int64_t ScalarInt(const std::string& sql, const Params& params = {});
    // Runs a statement that returns no rows; answers the number of rows changed.
    int64_t Exec(const std::string& sql, const Params& params = {});
    // Runs several ';'-separated statements (migrations, pragmas) without parameters.
    void ExecScript(const std::string& sql);
    int64_t LastInsertId();

private:
    struct Prepared {
        std::vector<Param> slots;  // sized once, before binding: SOCI keeps their addresses
        Row row{0};
        soci::statement st;
        explicit Prepared(soci::session& s) : st(s) {}
    };
    Prepared& Prepare(const std::string& sql, const Params& params, int columns);
    static void Load(Prepared& p, const Params& params);

    static constexpr size_t kMaxCached = 256;
    soci::session& session_;
    std::unordered_map<std::string, std::unique_ptr<Prepared>> cache_;
};

// A statement run directly on the sqlite3 handle, for bulk scans where SOCI's per-column strings
// would cost more than the query (LoadSnapshot, LoadLedgers) and for BLOBs, which SOCI would bind
// as text. Prepared per use and finalized on destruction; positional (?1, ?2, …) or named parameters.
class RawStatement {
public:
    RawStatement(Conn& c, const char* sql);
    RawStatement(const RawStatement&) = delete;
    RawStatement& operator=(const RawStatement&) = delete;
    ~RawStatement();

    void BindText(int index, const std::string& v);  // 1-based
    // Binds every parameter of `params` whose ":name" occurs in the statement (the others are skipped, as in Conn).
    void Bind(const Params& params);
    // Binds `bytes` as a BLOB, exactly (embedded '\0', any encoding); the statement must name ":name".
    void BindBlob(const std::string& name, const std::string& bytes);
    // True while there is a row. Throws UniqueViolation on a UNIQUE or PRIMARY KEY clash.
    bool Step();
    // Makes the statement ready to run again with new bindings (bulk writes reuse one statement).
    void Reset();
    bool IsNull(int col) const;
    int64_t Int(int col) const;
    std::string_view Text(int col) const;  // empty for NULL; valid until the next Step
    std::string_view Blob(int col) const;  // the bytes of a BLOB (or text) column; valid until the next Step

private:
    RawDb* db_;
    sqlite_api::sqlite3_stmt* st_ = nullptr;
    const char* sql_;
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

// Rethrows the exception in flight: UniqueViolation when SQLite reported a UNIQUE or PRIMARY KEY
// constraint (what() is the "table.column" list SQLite named); other SOCI errors as
// std::runtime_error with SQLite's message and the statement, never the bound values.
[[noreturn]] void RethrowTranslated(const std::string& sql);

// The smallest string greater than every string that starts with `prefix` ("" when none exists).
std::string PrefixEnd(const std::string& prefix);

}  // namespace zs::sqlite
