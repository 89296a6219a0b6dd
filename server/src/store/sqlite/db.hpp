// Thin helpers over a SOCI sqlite3 session: named parameters, rows read as text with NULL
// indicators, statement execution with SQLite's unique-key errors turned into UniqueViolation.
// Include this (it includes sqlite3.h inside namespace sqlite_api) rather than <sqlite3.h>.
#pragma once

#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/date.hpp"

namespace zs::sqlite {

using RawDb = sqlite_api::sqlite3;

// The raw handle of a session opened with the sqlite3 backend.
RawDb* Raw(soci::session& s);

// Named parameters for one statement. A parameter whose ":name" does not occur in the SQL is
// skipped, so one set can serve a page query and its COUNT.
class Params {
public:
    Params& Int(std::string name, int64_t v);
    Params& Bool(std::string name, bool v) { return Int(std::move(name), v ? 1 : 0); }
    Params& Text(std::string name, std::string v);
    Params& Null(std::string name);
    Params& OptInt(std::string name, const std::optional<int64_t>& v);
    Params& OptDate(std::string name, const std::optional<Date>& v);
    Params& TextOrNull(std::string name, std::string v);  // "" binds NULL

    // Binds to `st` the parameters that `sql` mentions; the Params must outlive the execution.
    void BindTo(soci::statement& st, const std::string& sql);

private:
    struct Param {
        std::string name;
        bool is_int = false;
        long long i = 0;
        std::string s;
        soci::indicator ind = soci::i_ok;
    };
    std::deque<Param> params_;  // deque: stable addresses for SOCI's bound references
};

// One fetched row; every column arrives as SQLite's text form (exact for integers).
class Row {
public:
    explicit Row(int columns) : values_(columns), inds_(columns, soci::i_ok) {}
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

// Runs a query and calls `f` for each row of `columns` columns.
void ForEachRow(soci::session& s, const std::string& sql, Params params, int columns,
                const std::function<void(const Row&)>& f);

template <typename T, typename Conv>
std::vector<T> SelectAll(soci::session& s, const std::string& sql, Params params, int columns, Conv conv) {
    std::vector<T> out;
    ForEachRow(s, sql, std::move(params), columns, [&](const Row& r) { out.push_back(conv(r)); });
    return out;
}

template <typename T, typename Conv>
std::optional<T> SelectOne(soci::session& s, const std::string& sql, Params params, int columns, Conv conv) {
    std::optional<T> out;
    ForEachRow(s, sql, std::move(params), columns, [&](const Row& r) {
        if (!out) out = conv(r);
    });
    return out;
}

// The first column of the first row as an integer (0 when there is no row or it is NULL).
int64_t ScalarInt(soci::session& s, const std::string& sql, Params params = {});

// Runs a statement that returns no rows; answers the number of rows changed.
int64_t Exec(soci::session& s, const std::string& sql, Params params = {});

// Runs several statements separated by ';' (migrations, pragmas) on the raw handle.
void ExecScript(soci::session& s, const std::string& sql);

int64_t LastInsertId(soci::session& s);

// Rethrows the exception in flight, as UniqueViolation when SQLite reported a UNIQUE or PRIMARY
// KEY constraint; its what() is the "table.column" list SQLite named, without bound values.
[[noreturn]] void RethrowTranslated();

// The smallest string greater than every string that starts with `prefix` ("" when none exists).
std::string PrefixEnd(const std::string& prefix);

}  // namespace zs::sqlite
