// The SQLite session behind Conn: a SOCI sqlite3 session, statements run on its sqlite3 handle
// (cached per session by SQL text for ForEachRow and Exec, prepared per use for Cursor), and SQLite's
// errors translated (UniqueViolation, StoreBusy). Columns are read straight from sqlite3 into the row's
// strings, without SOCI's per-column conversions.
// Include this (it puts sqlite3.h inside namespace sqlite_api) rather than <sqlite3.h>.
#pragma once

#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/sql/db.hpp"

namespace zs::sqlite {

using RawDb = sqlite_api::sqlite3;
using sqldb::Params;
using sqldb::Param;
using sqldb::Row;

// The raw handle of a session opened with the sqlite3 backend.
RawDb* Raw(soci::session& s);

class SqliteConn final : public sqldb::Conn {
public:
    explicit SqliteConn(soci::session& s);
    ~SqliteConn() override;

    RawDb* raw() { return Raw(session_); }

    void ForEachRow(const std::string& sql, const Params& params, int columns,
                    const std::function<void(const Row&)>& f) override;
    int64_t Exec(const std::string& sql, const Params& params = {}) override;
    void ExecScript(const std::string& sql) override;
    int64_t LastInsertId() override;
    std::unique_ptr<sqldb::Cursor> Open(const char* sql) override;
    bool InTransaction() override;
    void RollbackQuietly() noexcept override;

private:
    struct Run;
    // The cached statement of `sql` (prepared on first use) with `params` bound; values are not
    // copied, so they must outlive the run.
    sqlite_api::sqlite3_stmt* Prepare(const std::string& sql, const Params& params);
    void ClearCache();

    static constexpr size_t kMaxCached = 256;
    soci::session& session_;
    std::unordered_map<std::string, sqlite_api::sqlite3_stmt*> cache_;  // by unexpanded SQL text
};

}  // namespace zs::sqlite
