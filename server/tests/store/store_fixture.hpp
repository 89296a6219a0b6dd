// A fresh, migrated SQLite store in its own temporary folder per test, plus builders for rows.
#pragma once

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>

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

// Runs one query on the file directly (outside the store) and answers the first column of the first row.
inline std::string RawQuery(const std::filesystem::path& file, const std::string& sql) {
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
        file_ = dir_ / "zhaoshang.db";
        store_ = OpenSqliteStore(file_.string(), 4);
        store_->Migrate();
    }
    void TearDown() override {
        store_.reset();
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
