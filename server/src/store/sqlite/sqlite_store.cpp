// The SQLite Store: a pool of SOCI sessions on one database file, migrations, health and backup.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>

#include "store/migrations.hpp"
#include "store/sql/migrate.hpp"
#include "store/sql/sql.hpp"
#include "store/sql/sql_store.hpp"
#include "store/sqlite/sqlite_conn.hpp"
#include "store/store.hpp"

namespace zs {

namespace {

using sqldb::Lease;
using sqlite::RawDb;
namespace sql = sqldb::sql;

// Run on every pooled connection when it opens. cache_size: 16 MiB of pages per connection
// instead of 2 MiB, which more than halves the time to load 10^5 projects with their indexes.
constexpr const char* kPragmas =
    "PRAGMA busy_timeout = 10000;"
    "PRAGMA journal_mode = WAL;"
    "PRAGMA synchronous = FULL;"
    "PRAGMA foreign_keys = ON;"
    "PRAGMA cache_size = -16000;"
    "PRAGMA temp_store = MEMORY;"
    "PRAGMA mmap_size = 1073741824;";
constexpr const char* kIntegrityCheck = "PRAGMA integrity_check";
constexpr const char* kJournalDelete = "PRAGMA journal_mode = DELETE";

constexpr std::string_view kScheme = "sqlite://";

std::string StripScheme(const std::string& path) {
    if (path.rfind(kScheme, 0) == 0) return path.substr(kScheme.size());
    return path;
}

// SOCI's sqlite3 backend reads "key=value" pairs; a string without '=' is taken whole as the file name.
std::string ConnectString(const std::string& file) {
    if (file.find('=') == std::string::npos) return file;
    if (file.find('"') != std::string::npos) throw std::invalid_argument("sqlite store: unsupported database path");
    return "db=\"" + file + "\"";
}

// Owns a raw connection opened outside the pool (backup target and its check).
class RawConnection {
public:
    RawConnection(const std::filesystem::path& path, int flags) {
        const int rc = sqlite_api::sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
        if (rc != SQLITE_OK) {
            const std::string message =
                db_ != nullptr ? sqlite_api::sqlite3_errmsg(db_) : sqlite_api::sqlite3_errstr(rc);
            Close();
            throw std::runtime_error("backup: cannot open " + path.string() + ": " + message);
        }
    }
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;
    ~RawConnection() { Close(); }
    RawDb* get() { return db_; }
    void Exec(const char* sql) {
        char* error = nullptr;
        if (sqlite_api::sqlite3_exec(db_, sql, nullptr, nullptr, &error) != SQLITE_OK) {
            std::string message = error != nullptr ? error : sqlite_api::sqlite3_errmsg(db_);
            sqlite_api::sqlite3_free(error);
            throw std::runtime_error(std::string("backup: ") + sql + ": " + message);
        }
    }
    void Close() {
        if (db_ != nullptr) sqlite_api::sqlite3_close_v2(db_);
        db_ = nullptr;
    }

private:
    RawDb* db_ = nullptr;
};

// Every row of PRAGMA integrity_check; a healthy file answers exactly "ok".
std::string IntegrityCheck(RawConnection& db) {
    std::string result;
    auto collect = [](void* out, int columns, char** values, char**) {
        auto* text = static_cast<std::string*>(out);
        if (!text->empty()) *text += "; ";
        *text += (columns > 0 && values[0] != nullptr) ? values[0] : "";
        return 0;
    };
    char* error = nullptr;
    if (sqlite_api::sqlite3_exec(db.get(), kIntegrityCheck, collect, &result, &error) != SQLITE_OK) {
        std::string message = error != nullptr ? error : "integrity_check failed";
        sqlite_api::sqlite3_free(error);
        throw std::runtime_error("backup: " + message);
    }
    return result;
}

// Each pooled connection is used by one thread at a time (Lease), so SQLite's multi-thread mode is
// enough: the default serialized mode locks a mutex around every sqlite3_column_* call, ~10 per
// ledger row. The mode must be chosen before SQLite initializes (the first connection opened in the
// process); a process that opened one earlier keeps the serialized mode, which is slower, not wrong.
void UseMultiThreadMode() {
    static std::once_flag once;
    std::call_once(once, [] { sqlite_api::sqlite3_config(SQLITE_CONFIG_MULTITHREAD); });
}

class SqliteStore final : public sqldb::SqlStore {
public:
    SqliteStore(std::string file, int pool_size) : SqlStore(pool_size), file_(std::move(file)) {
        UseMultiThreadMode();
        for (std::size_t i = 0; i < size_; ++i) {
            soci::session& s = pool_.at(i);
            s.open(soci::sqlite3, ConnectString(file_));
            conns_.push_back(std::make_unique<sqlite::SqliteConn>(s));
            // Extended codes tell a UNIQUE violation (2067) from other constraint failures.
            sqlite_api::sqlite3_extended_result_codes(sqlite::Raw(s), 1);
            conns_.back()->ExecScript(kPragmas);
        }
    }

    void Migrate() override {
        Lease lease = Acquire();
        sqldb::RunMigrations(lease.conn(), kSqliteMigrations);
    }

    // Copies into "<path>.tmp-<pid>" with the online backup API, turns the copy into a standalone
    // rollback-journal file, checks it, fsyncs it and renames it over `path` (then fsyncs the folder).
    void Backup(const std::string& path) override {
        namespace fs = std::filesystem;
        const fs::path target = fs::absolute(fs::path(path));
        const fs::path dir = target.parent_path();
        fs::path tmp = target;
        tmp += ".tmp-" + std::to_string(::getpid());
        std::error_code ignored;
        fs::remove(tmp, ignored);

        try {
            {
                Lease lease = Acquire();
                RawConnection dest(tmp, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
                CopyDatabase(static_cast<sqlite::SqliteConn&>(lease.conn()).raw(), dest.get());
                dest.Exec(kJournalDelete);
            }
            {
                RawConnection check(tmp, SQLITE_OPEN_READONLY);
                const std::string verdict = IntegrityCheck(check);
                if (verdict != "ok") throw std::runtime_error("backup: integrity_check answered: " + verdict);
            }
            sqldb::FsyncPath(tmp, false);
            fs::rename(tmp, target);
            sqldb::FsyncPath(dir, true);
        } catch (...) {
            fs::remove(tmp, ignored);
            throw;
        }
    }

private:
    // The whole database in one step (one consistent snapshot), retrying while the source is locked.
    static void CopyDatabase(RawDb* source, RawDb* dest) {
        sqlite_api::sqlite3_backup* backup = sqlite_api::sqlite3_backup_init(dest, "main", source, "main");
        if (backup == nullptr) throw std::runtime_error(std::string("backup: ") + sqlite_api::sqlite3_errmsg(dest));
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        int rc = SQLITE_OK;
        for (;;) {
            rc = sqlite_api::sqlite3_backup_step(backup, -1);
            if (rc == SQLITE_OK) continue;
            const bool locked = rc == SQLITE_BUSY || rc == SQLITE_LOCKED;
            if (!locked || std::chrono::steady_clock::now() >= deadline) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        const int finish = sqlite_api::sqlite3_backup_finish(backup);
        if (rc != SQLITE_DONE || finish != SQLITE_OK) {
            throw std::runtime_error(std::string("backup: ") +
                                     sqlite_api::sqlite3_errstr(rc != SQLITE_DONE ? rc : finish));
        }
    }

    std::string file_;
};

}  // namespace

std::unique_ptr<Store> OpenSqliteStore(const std::string& path, int pool_size) {
    return std::make_unique<SqliteStore>(StripScheme(path), pool_size);
}

}  // namespace zs
