// The PostgreSQL Store: a pool of SOCI postgresql sessions on one database, migrations, health, and
// backup with pg_dump checked by restoring it into a scratch database.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "store/migrations.hpp"
#include "store/postgres/pg_conn.hpp"
#include "store/sql/migrate.hpp"
#include "store/sql/sql.hpp"
#include "store/sql/sql_store.hpp"
#include "store/store.hpp"

namespace zs {

namespace {

using sqldb::Lease;
namespace sql = sqldb::sql;

// Every session: no NOTICE chatter, and a lock wait gives up after 10 s like SQLite's busy_timeout
// (the request answers 503 `unavailable`).
constexpr const char* kSessionSetup =
    "SET client_min_messages = warning; SET lock_timeout = '10s'; SET idle_in_transaction_session_timeout = '10min'";

// The url's connection options with dbname replaced, as a libpq "key='value' …" string.
std::string WithDatabase(const std::string& url, const std::string& dbname) {
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
    if (options == nullptr) {
        std::string message = error != nullptr ? error : "invalid connection string";
        PQfreemem(error);
        throw std::invalid_argument("postgres store: " + postgres::TrimmedMessage(message));
    }
    std::string out;
    auto add = [&out](const char* key, const std::string& value) {
        std::string quoted;
        for (char c : value) {
            if (c == '\'' || c == '\\') quoted += '\\';
            quoted += c;
        }
        if (!out.empty()) out += ' ';
        out += std::string(key) + "='" + quoted + "'";
    };
    for (PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
        if (std::strcmp(o->keyword, "dbname") == 0 || o->val == nullptr) continue;
        add(o->keyword, o->val);
    }
    add("dbname", dbname);
    PQconninfoFree(options);
    return out;
}

std::string Program(const char* name) {
    const std::string versioned = std::string("/usr/lib/postgresql/15/bin/") + name;
    return ::access(versioned.c_str(), X_OK) == 0 ? versioned : name;
}

// Runs a program (no shell) and answers its exit status; its stderr, trimmed, goes to `err`.
int Run(const std::vector<std::string>& args, std::string& err) {
    int pipe_fds[2];
    if (::pipe(pipe_fds) != 0) throw std::runtime_error("backup: pipe failed");
    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("backup: fork failed");
    if (pid == 0) {
        ::dup2(pipe_fds[1], STDERR_FILENO);
        const int devnull = ::open("/dev/null", O_RDWR);
        if (devnull >= 0) {
            ::dup2(devnull, STDIN_FILENO);
            ::dup2(devnull, STDOUT_FILENO);
        }
        ::close(pipe_fds[0]);
        ::close(pipe_fds[1]);
        std::vector<char*> argv;
        for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        ::execvp(argv[0], argv.data());
        _exit(127);
    }
    ::close(pipe_fds[1]);
    err.clear();
    char buf[4096];
    for (;;) {
        const ssize_t n = ::read(pipe_fds[0], buf, sizeof buf);
        if (n > 0) {
            if (err.size() < 65536) err.append(buf, static_cast<size_t>(n));
        } else if (n == 0 || errno != EINTR) {
            break;
        }
    }
    ::close(pipe_fds[0]);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    err = postgres::TrimmedMessage(err);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

class PostgresStore final : public sqldb::SqlStore {
public:
    PostgresStore(std::string url, int pool_size) : SqlStore(pool_size), url_(std::move(url)) {
        for (std::size_t i = 0; i < size_; ++i) {
            soci::session& s = pool_.at(i);
            try {
                s.open(soci::postgresql, url_);
            } catch (const soci::soci_error& e) {
                throw std::runtime_error("postgres store: cannot connect: " + postgres::TrimmedMessage(e.get_error_message()));
            }
            conns_.push_back(std::make_unique<postgres::PgConn>(s, kSessionSetup));
        }
    }

    void Migrate() override {
        Lease lease = Acquire();
        sqldb::RunMigrations(lease.conn(), kPostgresMigrations);
    }

    // pg_dump (custom format) of one snapshot into "<path>.tmp-<pid>", whose tables' row counts are
    // read in that same snapshot; the dump is restored into a scratch database, which must have the
    // same counts; then the file is fsynced and renamed over `path`. Needs CREATEDB for the check.
    void Backup(const std::string& path) override {
        namespace fs = std::filesystem;
        const fs::path target = fs::absolute(fs::path(path));
        fs::path tmp = target;
        tmp += ".tmp-" + std::to_string(::getpid());
        std::error_code ignored;
        fs::remove(tmp, ignored);
        const std::string scratch = "zs_backup_check_" + std::to_string(::getpid()) + "_" +
                                    std::to_string(std::chrono::steady_clock::now().time_since_epoch().count() % 1000000);
        Lease lease = Acquire();
        sqldb::Conn& c = lease.conn();
        bool scratch_made = false;
        try {
            std::map<std::string, int64_t> counts;
            std::string err;
            c.Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
            {
                std::string snapshot;
                c.ForEachRow("SELECT pg_export_snapshot()", {}, 1, [&](const sqldb::Row& r) { snapshot = r.Text(0); });
                counts = sqldb::RowCounts(c);
                if (Run({Program("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
                         "--snapshot=" + snapshot, "--file=" + tmp.string(), "--dbname=" + url_},
                        err) != 0) {
                    throw std::runtime_error("backup: pg_dump failed: " + err);
                }
            }
            c.Exec(sql::kCommit);

            c.ExecScript("CREATE DATABASE " + scratch + " TEMPLATE template0 ENCODING 'UTF8'");
            scratch_made = true;
            const std::string scratch_conn = WithDatabase(url_, scratch);
            if (Run({Program("pg_restore"), "--exit-on-error", "--no-owner", "--no-privileges",
                     "--dbname=" + scratch_conn, tmp.string()},
                    err) != 0) {
                throw std::runtime_error("backup: the dump does not restore: " + err);
            }
            {
                soci::session check(soci::postgresql, scratch_conn);
                postgres::PgConn cc(check, kSessionSetup);
                const std::map<std::string, int64_t> restored = sqldb::RowCounts(cc);
                if (restored != counts) throw std::runtime_error("backup: the restored copy has other row counts");
            }
            c.ExecScript("DROP DATABASE " + scratch);
            scratch_made = false;
            sqldb::FsyncPath(tmp, false);
            fs::rename(tmp, target);
            sqldb::FsyncPath(target.parent_path(), true);
        } catch (...) {
            c.RollbackQuietly();
            if (scratch_made) {
                try {
                    c.ExecScript("DROP DATABASE IF EXISTS " + scratch);
                } catch (...) {
                }
            }
            fs::remove(tmp, ignored);
            throw;
        }
    }

private:
    std::string url_;
};

}  // namespace

bool IsPostgresUrl(const std::string& db) { return db.rfind("postgresql://", 0) == 0 || db.rfind("postgres://", 0) == 0; }

std::unique_ptr<Store> OpenPostgresStore(const std::string& url, int pool_size) {
    return std::make_unique<PostgresStore>(url, pool_size);
}

std::unique_ptr<Store> OpenStore(const std::string& db, int pool_size) {
    return IsPostgresUrl(db) ? OpenPostgresStore(db, pool_size) : OpenSqliteStore(db, pool_size);
}

}  // namespace zs
