// The SQLite session behind Conn: a SOCI sqlite3 session with a cache of prepared SOCI statements,
// raw sqlite3 statements for Cursor, and SQLite's errors translated (UniqueViolation, StoreBusy).
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
    std::unordered_map<std::string, std::unique_ptr<Prepared>> cache_;  // by unexpanded SQL text
};

}  // namespace zs::sqlite
