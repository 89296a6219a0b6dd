// The PostgreSQL session behind Conn: a SOCI postgresql session for the connection, statements run
// on its libpq handle (prepared once per session, text results, bytea bound and read exactly), and
// PostgreSQL's errors translated by SQLSTATE (UniqueViolation, StoreBusy).
#pragma once

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/sql/db.hpp"

namespace zs::postgres {

using sqldb::Params;
using sqldb::Row;

// A libpq or server message without its trailing line feed.
std::string TrimmedMessage(std::string message);

// The libpq handle of a session opened with the postgresql backend.
PGconn* Raw(soci::session& s);

// A statement's text for libpq: the dialect tokens expanded and ":name" turned into "$n" (one number
// per distinct name, in order of first use); string literals, quoted identifiers and "::" casts are
// left alone. `names[n - 1]` is the name of $n.
struct Translated {
    std::string text;
    std::vector<std::string> names;
};
Translated Translate(std::string_view sql);

// Owns a PGresult.
struct ResultDeleter {
    void operator()(PGresult* r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

class PgConn final : public sqldb::Conn {
public:
    // `setup` (SET statements) runs now and again after a reconnect.
    PgConn(soci::session& s, std::string setup);

    PGconn* raw() { return Raw(session_); }

    void ForEachRow(const std::string& sql, const Params& params, int columns,
                    const std::function<void(const Row&)>& f) override;
    int64_t Exec(const std::string& sql, const Params& params = {}) override;
    void ExecScript(const std::string& sql) override;
    int64_t LastInsertId() override;
    std::unique_ptr<sqldb::Cursor> Open(const char* sql) override;
    bool InTransaction() override;
    void RollbackQuietly() noexcept override;
    void Revive() override;
    bool ReviveAfterFailure() override;

    // A statement prepared on this session (by its SQL text before translation).
    struct Prepared {
        std::string name;  // "zs1", "zs2", …
        std::vector<std::string> params;
        std::string text;  // for error messages
    };
    Prepared& Prepare(const std::string& sql);
    // Runs a prepared statement with values for its parameters (nullptr = NULL; binary[i] = bytea bytes).
    Result Run(const Prepared& p, const std::vector<const std::string*>& values, const std::vector<bool>& binary);

protected:
    void GuardBegin() override;
    void GuardEnd() override;
    void GuardAbort() noexcept override;

private:
    std::vector<int> guards_;  // per open guard: whether it made a savepoint
    // Values for p's parameters from `params`; a name missing from `params` is an error.
    static std::vector<const std::string*> Values(const Prepared& p, const Params& params, std::vector<std::string>& ints);

    static constexpr size_t kMaxCached = 512;
    soci::session& session_;
    std::string setup_;
    std::unordered_map<std::string, Prepared> cache_;
    int64_t next_name_ = 0;
};

// Throws for a failed result: UniqueViolation (23505, what() = the constraint's name), StoreBusy
// (a lock or serialization wait that gave up: 55P03, 40001, 40P01, 57014), otherwise
// std::runtime_error with PostgreSQL's message and the statement, never the bound values.
void Check(PGconn* conn, const PGresult* r, std::string_view sql);

}  // namespace zs::postgres
