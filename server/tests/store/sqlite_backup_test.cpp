// Online backup of the SQLite store: a checked, standalone copy with the same contents.
#include "store_fixture.hpp"

namespace zs::testing {
namespace {

using BackupTest = StoreTest;

TEST_F(BackupTest, CopyOpensAndHasTheSameRows) {
    const int64_t unit = AddUnit("U");
    for (int i = 0; i < 25; ++i) {
        Project p = NewProject("P" + std::to_string(i), unit);
        p.nodes[NodeIndex(Node::kLead)].actual = D("2026-01-02");
        AddProject(p);
    }
    {
        auto tx = store().BeginWrite();
        tx->InsertAudit(AuditEntry{0, 0, "", 1, "unit", unit, 0, "create", "", "{}"});
        tx->Commit();
    }
    // A write in progress elsewhere is neither copied nor blocks the backup (WAL snapshot).
    auto open_writer = store().BeginWrite();
    open_writer->InsertProject(NewProject("UNCOMMITTED", unit));

    const auto target = dir_ / "backup" / "copy.db";
    std::filesystem::create_directories(target.parent_path());
    store().Backup(target.string());
    open_writer.reset();

    ASSERT_TRUE(std::filesystem::exists(target));
    // A standalone rollback-journal file: no -wal beside it is needed, no temporary file left.
    EXPECT_EQ(RawQuery(target, "PRAGMA journal_mode"), "delete");
    for (const auto& entry : std::filesystem::directory_iterator(target.parent_path())) {
        EXPECT_EQ(entry.path().filename(), "copy.db");
    }
    EXPECT_EQ(RawQuery(target, "PRAGMA integrity_check"), "ok");
    for (const char* table :
         {"projects", "project_nodes", "units", "industries", "audit_log", "settings", "schema_migrations"}) {
        const std::string count = std::string("SELECT COUNT(*) FROM ") + table;
        EXPECT_EQ(RawQuery(target, count), RawQuery(file_, count)) << table;
    }
    EXPECT_EQ(RawQuery(target, "SELECT COUNT(*) FROM projects"), "25");

    auto copy = OpenSqliteStore(target.string(), 1);
    copy->Migrate();  // already current
    EXPECT_EQ(copy->SchemaVersion(), store().SchemaVersion());
    auto tx = copy->BeginRead();
    EXPECT_EQ(tx->GetProjectByCode("P7")->nodes[0].actual, D("2026-01-02"));
    EXPECT_FALSE(tx->GetProjectByCode("UNCOMMITTED"));
    EXPECT_EQ(tx->DataVersion(), store().BeginRead()->DataVersion());
}

TEST_F(BackupTest, ReplacesAnExistingFile) {
    const auto target = dir_ / "copy.db";
    store().Backup(target.string());
    AddUnit("LATER");
    store().Backup(target.string());
    EXPECT_EQ(RawQuery(target, "SELECT COUNT(*) FROM units"), "1");
}

TEST_F(BackupTest, FailsIntoAMissingFolder) {
    EXPECT_ANY_THROW(store().Backup((dir_ / "no" / "such" / "dir" / "x.db").string()));
    EXPECT_TRUE(store().Healthy());
}

}  // namespace
}  // namespace zs::testing
