// A fresh, migrated store per test, plus builders for rows. SQLite (a file in a temporary folder)
// by default; with ZS_TEST_STORE=postgres a fresh database on the cluster of ZS_PG_URL (see
// scripts/with-postgres), so the same tests run against both stores.
#pragma once

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

#include "store/store.hpp"

namespace zs::testing {

inline Date D(const char* ymd) {
    auto d = Date::Parse(ymd);
    if (!d) throw std::invalid_argument(ymd);
    return *d;
}

inline bool TestingPostgres() {
    const char* kind = std::getenv("ZS_TEST_STORE");
    return kind != nullptr && std::string(kind) == "postgres";
}

// Runs SQL on a libpq URL (or "key=value" string) outside the store; answers the first column of
// the first row of the last statement.
inline std::string PgQuery(const std::string& conninfo, const std::string& sql) {
    PGconn* c = PQconnectdb(conninfo.c_str());
    if (PQstatus(c) != CONNECTION_OK) {
        std::string msg = PQerrorMessage(c);
        PQfinish(c);
        throw std::runtime_error("cannot connect: " + msg);
    }
    PGresult* r = PQexec(c, sql.c_str());
    const ExecStatusType st = PQresultStatus(r);
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
        std::string msg = PQresultErrorMessage(r);
        PQclear(r);
        PQfinish(c);
        throw std::runtime_error(msg);
    }
    std::string out;
    if (st == PGRES_TUPLES_OK && PQntuples(r) > 0 && PQgetisnull(r, 0, 0) == 0) out = PQgetvalue(r, 0, 0);
    PQclear(r);
    PQfinish(c);
    return out;
}

// The URL of database `name` on the test cluster (ZS_PG_URL names its `postgres` database).
inline std::string PgDatabaseUrl(const std::string& name) {
    const char* base = std::getenv("ZS_PG_URL");
    if (base == nullptr) throw std::runtime_error("ZS_TEST_STORE=postgres needs ZS_PG_URL (scripts/with-postgres)");
    std::string url = base;
    const size_t at = url.find("/postgres");
    if (at == std::string::npos) throw std::runtime_error("ZS_PG_URL must name the postgres database");
    return url.replace(at, 9, "/" + name);
}

// A new empty database on the test cluster; answers its URL.
inline std::string CreatePgDatabase() {
    static std::atomic<int> counter{0};
    const std::string name = "zs_store_" + std::to_string(::getpid()) + "_" + std::to_string(++counter);
    PgQuery(PgDatabaseUrl("postgres"), "DROP DATABASE IF EXISTS " + name);
    PgQuery(PgDatabaseUrl("postgres"), "CREATE DATABASE " + name);
    return PgDatabaseUrl(name);
}

inline void DropPgDatabase(const std::string& url) {
    const size_t from = url.find('/', std::string("postgresql://").size()) + 1;
    const std::string name = url.substr(from, url.find('?') - from);
    PgQuery(PgDatabaseUrl("postgres"), "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
}

// Runs one query on the database directly (outside the store) and answers the first column of the
// first row: `file` is the SQLite file, or the database URL when testing PostgreSQL.
inline std::string RawQuery(const std::filesystem::path& file, const std::string& sql) {
    if (file.string().rfind("postgresql://", 0) == 0) return PgQuery(file.string(), sql);
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
        sqlite3_close(db);
        throw std::runtime_error("cannot open " + file.string());
    }
    sqlite3_busy_timeout(db, 10000);
    sqlite3_stmt* st = nullptr;
    std::string out;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
        std::string msg = sqlite3_errmsg(db);
        sqlite3_close(db);
        throw std::runtime_error(msg);
    }
    const int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW && sqlite3_column_text(st, 0) != nullptr) {
        out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    } else if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        std::string msg = sqlite3_errmsg(db);
        sqlite3_finalize(st);
        sqlite3_close(db);
        throw std::runtime_error(msg);
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return out;
}

// The first column of every row, joined by single spaces.
inline std::string RawColumn(const std::filesystem::path& file, const std::string& sql) {
    if (file.string().rfind("postgresql://", 0) == 0) {
        return PgQuery(file.string(), "SELECT coalesce(string_agg(CAST(c AS text), ' '), '') FROM (" + sql + ") AS q(c)");
    }
    sqlite3* db = nullptr;
    sqlite3_stmt* st = nullptr;
    std::string out;
    if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK ||
        sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
        std::string msg = sqlite3_errmsg(db);
        sqlite3_close(db);
        throw std::runtime_error(msg);
    }
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (!out.empty()) out += ' ';
        const unsigned char* text = sqlite3_column_text(st, 0);
        out += text != nullptr ? reinterpret_cast<const char*>(text) : "";
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return out;
}

inline Problem MakeProblem(int64_t project_id, const std::string& category, std::optional<Date> deadline) {
    Problem p;
    p.project_id = project_id;
    p.category = category;
    p.description = "问题:" + category;
    p.deadline = deadline;
    return p;
}

class StoreTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string tmpl = (std::filesystem::temp_directory_path() / "zs_store_test_XXXXXX").string();
        if (mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        dir_ = tmpl;
        file_ = TestingPostgres() ? std::filesystem::path(CreatePgDatabase()) : dir_ / "zhaoshang.db";
        store_ = OpenStore(file_.string(), 4);
        store_->Migrate();
    }
    void TearDown() override {
        store_.reset();
        if (TestingPostgres()) DropPgDatabase(file_.string());
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }

    Store& store() { return *store_; }

    int64_t AddUnit(const std::string& code, int sort_order = 0) {
        auto tx = store_->BeginWrite();
        Unit u;
        u.code = code;
        u.name = "单位" + code;
        u.kind = UnitKind::kTown;
        u.sort_order = sort_order;
        const int64_t id = tx->InsertUnit(u);
        tx->Commit();
        return id;
    }

    int64_t AddInvestor(const std::string& name, const std::string& uscc, const std::string& province,
                        std::optional<int64_t> created_by = std::nullopt, std::vector<std::string> tags = {}) {
        auto tx = store_->BeginWrite();
        Investor i;
        i.name = name;
        i.uscc = uscc;
        i.province_code = province;
        i.tags = std::move(tags);
        i.created_by_unit_id = created_by;
        const int64_t id = tx->InsertInvestor(i);
        tx->Commit();
        return id;
    }

    static Project NewProject(const std::string& code, int64_t unit_id) {
        Project p;
        p.code = code;
        p.name = "项目" + code;
        p.unit_id = unit_id;
        p.category = Category::kIndustry;
        p.created_at = 1767225600;  // 2026-01-01T00:00:00Z
        p.updated_at = p.created_at;
        return p;
    }

    int64_t AddProject(const Project& p) {
        auto tx = store_->BeginWrite();
        const int64_t id = tx->InsertProject(p);
        tx->Commit();
        return id;
    }

    std::filesystem::path dir_;
    std::filesystem::path file_;
    std::unique_ptr<Store> store_;
};

}  // namespace zs::testing
