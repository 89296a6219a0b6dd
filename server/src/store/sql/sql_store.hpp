// What the SQLite and the PostgreSQL stores share: a pool of sessions, each wrapped in a Conn, and
// transactions, health and schema version on them. The subclasses open the sessions and add
// migrations and backup.
#pragma once

#include <soci/soci.h>

#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <vector>

#include "store/sql/db.hpp"
#include "store/sql/tx.hpp"
#include "store/store.hpp"

namespace zs::sqldb {

inline constexpr int kLeaseTimeoutMs = 30'000;

class SqlStore : public Store {
public:
    std::unique_ptr<Tx> BeginRead() override { return BeginTx(Acquire(), TxKind::kRead); }
    std::unique_ptr<Tx> BeginWrite() override { return BeginTx(Acquire(), TxKind::kWrite); }
    std::unique_ptr<Tx> BeginBookkeepingWrite() override { return BeginTx(Acquire(), TxKind::kBookkeeping); }
    int SchemaVersion() override;
    bool Healthy() override;

    // A session of the pool, outside any transaction (migrations, backup, copy).
    Lease Acquire(int timeout_ms = kLeaseTimeoutMs) { return Lease(pool_, conns_, timeout_ms); }

protected:
    explicit SqlStore(int pool_size)
        : size_(static_cast<std::size_t>(pool_size < 1 ? 1 : pool_size)), pool_(size_) {}

    std::size_t size_;
    soci::connection_pool pool_;
    std::vector<std::unique_ptr<Conn>> conns_;  // conns_[i] wraps pool_.at(i); filled by the subclass
};

// Backups: fsyncs a file or a folder (after a rename into it); throws std::runtime_error.
void FsyncPath(const std::filesystem::path& path, bool directory);

// The row count of every table (but schema_migrations), read in `c`'s transaction.
std::map<std::string, int64_t> RowCounts(Conn& c);

// Copies every row of every table (but schema_migrations) from `from` into `to`, which must be
// migrated to the same schema version and hold no units, users or projects; the reference rows its
// migrations inserted are replaced by the source's. One read transaction on `from`, one write
// transaction on `to`: all or nothing. `progress(table, rows)` is called after each table. Answers
// the row count of each table (equal on both sides, checked).
std::vector<std::pair<std::string, int64_t>> CopyAll(SqlStore& from, SqlStore& to,
                                                     const std::function<void(const std::string&, int64_t)>& progress);

}  // namespace zs::sqldb
