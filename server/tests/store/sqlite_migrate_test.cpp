// Migrations, connection settings, transactions and the data-version counter of the SQLite store.
#include <atomic>
#include <thread>

#include "store/migrations.hpp"
#include "store_fixture.hpp"

namespace zs::testing {
namespace {

int LatestMigration() {
    int latest = 0;
    for (const Migration& m : kSqliteMigrations) latest = std::max(latest, m.version);
    return latest;
}

using MigrateTest = StoreTest;

TEST_F(MigrateTest, FreshDatabaseGetsEveryMigrationAndTheDefaults) {
    EXPECT_GE(LatestMigration(), 2);
    EXPECT_EQ(store().SchemaVersion(), LatestMigration());
    EXPECT_EQ(RawQuery(file_, "SELECT COUNT(*) FROM schema_migrations"), std::to_string(kSqliteMigrations.size()));
    EXPECT_EQ(RawQuery(file_, "SELECT name FROM schema_migrations WHERE version = 1"), "V001__init.sql");

    auto tx = store().BeginRead();
    EXPECT_EQ(tx->GetSetting("city_province_code"), "340000");
    EXPECT_EQ(tx->GetSetting("city_name"), "示范市");
    EXPECT_EQ(tx->GetSetting("stalled_days"), "90");
    EXPECT_EQ(tx->GetSetting("session_idle_seconds"), "1800");
    EXPECT_EQ(tx->GetSetting("session_absolute_seconds"), "43200");
    EXPECT_EQ(tx->GetSetting("login_max_failures_per_hour"), "100");
    EXPECT_EQ(tx->GetSetting("no_such_key"), std::nullopt);
    EXPECT_EQ(tx->DataVersion(), 0);
    EXPECT_TRUE(tx->ListRules().empty());  // the service seeds them
}

TEST_F(MigrateTest, IndustriesAreLoaded) {
    auto tx = store().BeginRead();
    const std::vector<Industry> all = tx->ListIndustries();
    ASSERT_EQ(all.size(), 1971u);
    int by_level[5] = {};
    for (const Industry& i : all) by_level[i.level]++;
    EXPECT_EQ(by_level[1], 20);
    EXPECT_EQ(by_level[2], 97);
    EXPECT_EQ(by_level[3], 473);
    EXPECT_EQ(by_level[4], 1381);
    EXPECT_EQ(all.front().code, "A");  // sorted by code: the tree in pre-order
    EXPECT_EQ(all.front().parent, "");

    const auto cement = tx->GetIndustry("C3011");
    ASSERT_TRUE(cement);
    EXPECT_EQ(cement->name, "水泥制造");
    EXPECT_EQ(cement->level, 4);
    EXPECT_EQ(cement->parent, "C301");
    EXPECT_FALSE(tx->GetIndustry("Z99"));
}

TEST_F(MigrateTest, MigrateTwiceChangesNothing) {
    store().Migrate();
    EXPECT_EQ(store().SchemaVersion(), LatestMigration());
    EXPECT_EQ(RawQuery(file_, "SELECT COUNT(*) FROM schema_migrations"), std::to_string(kSqliteMigrations.size()));
    EXPECT_EQ(RawQuery(file_, "SELECT COUNT(*) FROM industries"), "1971");

    // A second process opening the same file (plain path and URL form) migrates to a no-op too.
    auto again = OpenSqliteStore("sqlite://" + file_.string(), 2);
    again->Migrate();
    EXPECT_EQ(again->SchemaVersion(), LatestMigration());
    EXPECT_EQ(RawQuery(file_, "SELECT COUNT(*) FROM settings"), "6");
}

TEST_F(MigrateTest, OpensPathsWithSpacesAndEqualsSigns) {
    for (const char* name : {"with space.db", "a=b.db", "a=b c.db"}) {
        const auto path = dir_ / name;
        auto other = OpenSqliteStore(path.string(), 1);
        other->Migrate();
        auto tx = other->BeginWrite();
        tx->SetSetting("probe", name);
        tx->Commit();
        EXPECT_EQ(RawQuery(path, "SELECT value FROM settings WHERE key = 'probe'"), name);
    }
}

TEST_F(MigrateTest, RefusesADatabaseNewerThanTheProgram) {
    RawQuery(file_, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'V999__future.sql', 'x')");
    try {
        store().Migrate();
        FAIL() << "Migrate accepted a newer database";
    } catch (const std::runtime_error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("999"), std::string::npos) << what;
        EXPECT_NE(what.find("请升级程序"), std::string::npos) << what;
        EXPECT_NE(what.find(std::to_string(LatestMigration())), std::string::npos) << what;
    }
    // Nothing was touched and the store still works for reads.
    EXPECT_EQ(RawQuery(file_, "SELECT COUNT(*) FROM schema_migrations"), std::to_string(kSqliteMigrations.size() + 1));
    EXPECT_TRUE(store().Healthy());
}

TEST_F(MigrateTest, ConnectionsUseWalAndForeignKeys) {
    EXPECT_EQ(RawQuery(file_, "PRAGMA journal_mode"), "wal");
    const int64_t unit = AddUnit("U1");
    const int64_t investor = AddInvestor("甲公司", "91350100M000100Y43", "350000");
    Project p = NewProject("P1", unit);
    p.investor_id = investor;
    AddProject(p);

    // ON DELETE RESTRICT only holds when foreign_keys=ON on the store's own connections.
    auto tx = store().BeginWrite();
    EXPECT_ANY_THROW(tx->DeleteInvestor(investor));
    Project orphan = NewProject("P2", unit + 100);
    EXPECT_ANY_THROW(tx->InsertProject(orphan));
}

TEST_F(MigrateTest, HealthyAnswersTrue) { EXPECT_TRUE(store().Healthy()); }

TEST_F(MigrateTest, UncommittedWriteIsRolledBackWhenTheTxIsDestroyed) {
    {
        auto tx = store().BeginWrite();
        tx->SetSetting("city_name", "未提交市");
        Unit u;
        u.code = "GONE";
        u.name = "x";
        tx->InsertUnit(u);
        EXPECT_EQ(tx->GetSetting("city_name"), "未提交市");  // visible inside the transaction
    }
    auto tx = store().BeginRead();
    EXPECT_EQ(tx->GetSetting("city_name"), "示范市");
    EXPECT_TRUE(tx->ListUnits().empty());
    EXPECT_EQ(tx->DataVersion(), 0);
}

TEST_F(MigrateTest, DataVersionBumpsOnlyOnCommittedWrites) {
    auto version = [&] { return store().BeginRead()->DataVersion(); };
    ASSERT_EQ(version(), 0);
    {
        auto tx = store().BeginWrite();
        tx->SetSetting("city_name", "甲");
        tx->Commit();
    }
    EXPECT_EQ(version(), 1);
    {
        auto tx = store().BeginWrite();
        tx->SetSetting("city_name", "乙");
    }  // rolled back
    EXPECT_EQ(version(), 1);
    {
        auto tx = store().BeginRead();
        tx->GetSetting("city_name");
        tx->Commit();
    }
    EXPECT_EQ(version(), 1);
    {
        auto tx = store().BeginWrite();
        tx->Commit();
    }
    EXPECT_EQ(version(), 2);
}

TEST_F(MigrateTest, ATxCannotBeUsedAfterCommit) {
    auto tx = store().BeginWrite();
    tx->Commit();
    EXPECT_THROW(tx->GetSetting("city_name"), std::logic_error);
}

TEST_F(MigrateTest, ReadTxSeesASnapshot) {
    auto reader = store().BeginRead();
    ASSERT_EQ(reader->GetSetting("city_name"), "示范市");  // the snapshot starts at the first read
    {
        auto writer = store().BeginWrite();
        writer->SetSetting("city_name", "新市");
        writer->Commit();
    }
    EXPECT_EQ(reader->GetSetting("city_name"), "示范市");
    reader->Commit();
    EXPECT_EQ(store().BeginRead()->GetSetting("city_name"), "新市");
}

TEST_F(MigrateTest, ConcurrentWritersDoNotLoseUpdates) {
    // Read-modify-write in each Tx: BEGIN IMMEDIATE serialises writers, so no increment is lost
    // and none fails with SQLITE_BUSY (which a deferred BEGIN would risk on the upgrade to write).
    {
        auto tx = store().BeginWrite();
        tx->SetSetting("counter", "0");
        tx->Commit();
    }
    constexpr int kThreads = 3;
    constexpr int kEach = 30;
    std::atomic<int> failures = 0;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < kEach; ++i) {
                try {
                    auto tx = store().BeginWrite();
                    const int n = std::stoi(*tx->GetSetting("counter"));
                    tx->SetSetting("counter", std::to_string(n + 1));
                    tx->Commit();
                } catch (const std::exception&) {
                    ++failures;
                }
            }
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(failures.load(), 0);
    auto tx = store().BeginRead();
    EXPECT_EQ(tx->GetSetting("counter"), std::to_string(kThreads * kEach));
    EXPECT_EQ(tx->DataVersion(), 1 + kThreads * kEach);
}

}  // namespace
}  // namespace zs::testing
