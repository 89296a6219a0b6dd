// What only the PostgreSQL store does, or what needs PostgreSQL on one side: two stores (two app
// servers) on one database, migrations started together, pg_dump backups, and copying a city between
// SQLite and PostgreSQL. Run in make test's PostgreSQL pass (ZS_TEST_STORE=postgres, ZS_PG_URL).
#include <thread>

#include "store_fixture.hpp"

namespace zs::testing {
namespace {

class PostgresStoreTest : public StoreTest {
protected:
    void SetUp() override {
        if (!TestingPostgres()) throw std::runtime_error("run with ZS_TEST_STORE=postgres (scripts/with-postgres)");
        StoreTest::SetUp();
    }
};

PublishedReport Published(const std::string& docx) {
    PublishedReport r;
    r.key = ReportKey{"monthly", 2026, 3, 0};
    r.version_no = 1;
    r.title = "月通报";
    r.document_json = R"({"type":"monthly","blocks":[]})";
    r.edits_json = "{}";
    r.docx = docx;
    r.xlsx = std::string("\0x\0", 3);
    r.html = "<p>月通报</p>";
    r.published_at = 1000;
    return r;
}

TEST_F(PostgresStoreTest, ASecondStoreOnTheDatabaseSeesWritesAndTheDataVersion) {
    auto other = OpenStore(file_.string(), 2);  // another app server
    const int64_t before = other->BeginRead()->DataVersion();
    const int64_t unit = AddUnit("U");
    const int64_t id = AddProject(NewProject("P1", unit));
    auto tx = other->BeginRead();
    EXPECT_GT(tx->DataVersion(), before);
    EXPECT_EQ(tx->GetProject(id, D("2026-06-30"))->code, "P1");
    EXPECT_EQ(tx->ChangedProjectsSince(before), (std::vector<int64_t>{0, id}));  // 0: a unit changed
    EngineSnapshot snapshot;
    tx->LoadSnapshot(snapshot);
    EXPECT_EQ(snapshot.project_id, std::vector<int64_t>{id});
}

TEST_F(PostgresStoreTest, AStaleVersionFromTheSecondStoreIsRefused) {
    auto other = OpenStore(file_.string(), 2);
    const int64_t unit = AddUnit("U");
    const int64_t id = AddProject(NewProject("P1", unit));
    Project p = *store().BeginRead()->GetProject(id, D("2026-06-30"));
    {
        auto tx = store().BeginWrite();
        p.name = "first";
        ASSERT_TRUE(tx->UpdateProject(p, 1));
        tx->Commit();
    }
    auto tx = other->BeginWrite();
    p.name = "second";
    EXPECT_FALSE(tx->UpdateProject(p, 1));
}

TEST_F(PostgresStoreTest, WritersOnTwoStoresTakeTurns) {
    auto other = OpenStore(file_.string(), 2);
    // A read-then-write (read a counter, store it plus one) 50 times from each store at once. Were the
    // two writers not serialized, READ COMMITTED would let both read the same value and lose updates.
    auto work = [](Store& s) {
        for (int i = 0; i < 50; ++i) {
            auto tx = s.BeginWrite();
            const int n = std::stoi(tx->GetSetting("counter").value_or("0"));
            tx->SetSetting("counter", std::to_string(n + 1));
            tx->Commit();
        }
    };
    std::thread t([&] { work(*other); });
    work(store());
    t.join();
    EXPECT_EQ(store().BeginRead()->GetSetting("counter"), "100");
}

TEST_F(PostgresStoreTest, BookkeepingDoesNotWaitForABusinessWriter) {
    const int64_t unit = AddUnit("U");
    auto writer = store().BeginWrite();  // a long import's commit, say
    writer->InsertProject(NewProject("P1", unit));
    const int64_t before = store().BeginRead()->DataVersion();
    // A login failure recorded meanwhile from another server: it would wait for the writer (and give
    // up after the 10 s lock timeout with StoreBusy) if it had to take its turn.
    auto other = OpenStore(file_.string(), 1);
    std::thread login([&] {
        auto tx = other->BeginBookkeepingWrite();
        tx->InsertLoginFailure("somebody", 1767225600);
        tx->Commit();
    });
    login.join();
    EXPECT_EQ(store().BeginRead()->CountLoginFailures("somebody", 0), 1);
    EXPECT_EQ(store().BeginRead()->DataVersion(), before);  // bookkeeping keeps the data version
    writer->Commit();
    EXPECT_EQ(store().BeginRead()->DataVersion(), before + 1);
}

TEST_F(PostgresStoreTest, UnhealthyWhileTheDatabaseRefusesAndBackAfterwards) {
    const int64_t unit = AddUnit("U");
    ASSERT_TRUE(store().Healthy());
    const std::string name = file_.string().substr(file_.string().find('/', 13) + 1,
                                                   file_.string().find('?') - file_.string().find('/', 13) - 1);
    // The database goes away under the pool: connections refused, the open ones cut.
    PgQuery(PgDatabaseUrl("postgres"), "ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
    PgQuery(PgDatabaseUrl("postgres"),
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
    EXPECT_FALSE(store().Healthy());
    EXPECT_ANY_THROW(store().BeginRead()->GetUnit(unit));
    PgQuery(PgDatabaseUrl("postgres"), "ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
    // Each pooled session reconnects when it is next leased: all four at once, none fails.
    EXPECT_TRUE(store().Healthy());
    std::vector<std::unique_ptr<Tx>> all;
    for (int i = 0; i < 4; ++i) all.push_back(store().BeginRead());
    for (auto& tx : all) EXPECT_EQ(tx->GetUnit(unit)->code, "U");
}

TEST_F(PostgresStoreTest, ServersStartingTogetherMigrateOnce) {
    const std::string url = CreatePgDatabase();
    std::vector<std::thread> starts;
    std::vector<int> versions(4, -1);
    for (int i = 0; i < 4; ++i) {
        starts.emplace_back([&, i] {
            auto s = OpenStore(url, 1);
            s->Migrate();
            versions[i] = s->SchemaVersion();
        });
    }
    for (auto& t : starts) t.join();
    for (int v : versions) EXPECT_EQ(v, store().SchemaVersion());
    EXPECT_EQ(PgQuery(url, "SELECT COUNT(*) FROM schema_migrations"), std::to_string(store().SchemaVersion()));
    DropPgDatabase(url);
}

TEST_F(PostgresStoreTest, BackupIsAPgDumpThatRestoresWithTheSameRows) {
    const int64_t unit = AddUnit("U");
    for (int i = 0; i < 12; ++i) AddProject(NewProject("P" + std::to_string(i), unit));
    {
        auto tx = store().BeginWrite();
        tx->InsertPublishedReport(Published(std::string("PK\0\xff\xfe", 5)));
        tx->Commit();
    }
    const auto dump = dir_ / "city.dump";
    store().Backup(dump.string());
    ASSERT_TRUE(std::filesystem::exists(dump));
    EXPECT_EQ(std::filesystem::directory_iterator(dir_)->path().filename(), "city.dump");  // no temporary left
    // No scratch database of the check is left behind either.
    EXPECT_EQ(PgQuery(PgDatabaseUrl("postgres"), "SELECT COUNT(*) FROM pg_database WHERE datname LIKE 'zs_backup_check%'"),
              "0");

    const std::string restored = CreatePgDatabase();
    const std::string name = restored.substr(restored.find('/', 13) + 1, restored.find('?') - restored.find('/', 13) - 1);
    const std::string cmd = "pg_restore --no-owner --exit-on-error --dbname='" + restored + "' '" + dump.string() + "'";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << name;
    for (const char* table : {"projects", "units", "published_reports", "schema_migrations", "industries"}) {
        const std::string count = std::string("SELECT COUNT(*) FROM ") + table;
        EXPECT_EQ(PgQuery(restored, count), RawQuery(file_, count)) << table;
    }
    auto copy = OpenStore(restored, 1);
    EXPECT_EQ(copy->BeginRead()->ListPublishedReports("", 0).size(), 1u);
    EXPECT_EQ(copy->BeginRead()->GetPublishedReport(1, true)->docx, std::string("PK\0\xff\xfe", 5));
    copy.reset();
    DropPgDatabase(restored);

    EXPECT_ANY_THROW(store().Backup((dir_ / "missing" / "x.dump").string()));
}

TEST_F(PostgresStoreTest, CopyFromSqliteAndBackKeepsEveryRowAndByte) {
    // A SQLite city with a published report (bytes with NULs and invalid UTF-8) and projects.
    const auto sqlite_file = dir_ / "city.db";
    auto sqlite = OpenStore(sqlite_file.string(), 2);
    sqlite->Migrate();
    std::string bytes;
    for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<char>(i));
    int64_t last_project = 0;
    {
        auto tx = sqlite->BeginWrite();
        Unit u;
        u.code = "U1";
        u.name = "城关街道";
        u.kind = UnitKind::kTown;
        const int64_t unit = tx->InsertUnit(u);
        for (int i = 0; i < 30; ++i) {
            Project p = NewProject("P" + std::to_string(i), unit);
            p.nodes[NodeIndex(Node::kSigned)].actual = D("2026-03-01");
            last_project = tx->InsertProject(p);
        }
        tx->InsertPublishedReport(Published(bytes));
        tx->Commit();
    }
    std::vector<std::string> tables;
    const auto counts = CopyStore(*sqlite, store(), [&](const std::string& t, int64_t) { tables.push_back(t); });
    EXPECT_EQ(tables.size(), counts.size());
    EXPECT_EQ(tables.back(), "snapshot_changes");
    for (const auto& [table, n] : counts) {
        EXPECT_EQ(RawQuery(file_, "SELECT COUNT(*) FROM " + table), std::to_string(n)) << table;
        EXPECT_EQ(RawQuery(sqlite_file, "SELECT COUNT(*) FROM " + table), std::to_string(n)) << table;
    }
    {
        auto tx = store().BeginRead();
        EXPECT_EQ(tx->GetPublishedReport(1, true)->docx, bytes);
        EXPECT_EQ(tx->GetProjectByCode("P7")->nodes[NodeIndex(Node::kSigned)].actual, D("2026-03-01"));
        EXPECT_EQ(tx->DataVersion(), sqlite->BeginRead()->DataVersion());
    }
    // New rows continue after the copied ids.
    const int64_t next = AddProject(NewProject("NEW", 1));
    EXPECT_GT(next, last_project);

    // A target that already holds a city is refused, and left as it was.
    EXPECT_THROW(CopyStore(*sqlite, store(), nullptr), std::runtime_error);
    EXPECT_EQ(RawQuery(file_, "SELECT COUNT(*) FROM projects"), "31");

    // And back into a new SQLite file.
    auto back = OpenStore((dir_ / "back.db").string(), 2);
    back->Migrate();
    CopyStore(store(), *back, nullptr);
    EXPECT_EQ(back->BeginRead()->GetPublishedReport(1, true)->docx, bytes);
    EXPECT_EQ(RawQuery(dir_ / "back.db", "SELECT COUNT(*) FROM projects"), "31");
}

}  // namespace
}  // namespace zs::testing
