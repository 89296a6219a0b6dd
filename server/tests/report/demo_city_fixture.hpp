// Tests through the whole stack on a real database holding the demo city (scale 1: 25 units,
// 400 projects; seed 7), with the day pinned to 2026-07-10 and the report layer plugged in: a SQLite
// file, or with ZS_TEST_STORE=postgres a new database on the cluster of ZS_PG_URL (ctest
// report_tests_postgres, run by make test's PostgreSQL pass). Derived fixtures make their App(s)
// from Config() and drop them before TearDown.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "../store/store_fixture.hpp"
#include "core/date.hpp"
#include "report/writer.hpp"
#include "service/admin.hpp"
#include "service/app.hpp"
#include "store/store.hpp"

namespace zs::testing {

class DemoCityTest : public ::testing::Test {
protected:
    // `name` keeps the folders of test programs apart ("publish", "whole-ledger").
    explicit DemoCityTest(std::string name) : name_(std::move(name)) {}

    void SetUp() override {
        SetTodayOverride(Date::Parse("2026-07-10"));
        dir_ = std::filesystem::temp_directory_path() / ("zs-" + name_ + "-test-" + std::to_string(::getpid()));
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_);
        db_ = TestingPostgres() ? CreatePgDatabase() : (dir_ / "city.db").string();
        store_ = OpenStore(db_, 3);
        store_->Migrate();
        EnsureReferenceData(*store_, std::filesystem::path());
        GenerateDemoCity(*store_, DemoOptions{1, 7});
    }
    void TearDown() override {
        store_.reset();
        if (TestingPostgres()) DropPgDatabase(db_);
        std::filesystem::remove_all(dir_);
        SetTodayOverride(std::nullopt);
    }

    AppConfig Config() const {
        AppConfig config;
        config.data_dir = dir_;
        config.reports = &writer_;
        return config;
    }

    std::string name_;
    std::filesystem::path dir_;
    std::string db_;  // the SQLite file or the PostgreSQL URL
    std::unique_ptr<Store> store_;
    DocumentWriter writer_;
    Actor admin_{0, "system", Role::kAdmin, std::nullopt, ""};
};

}  // namespace zs::testing
