// The snapshot_changes triggers (V004) and the store's incremental snapshot reads (issue 3 §5).
#include <algorithm>

#include "store_fixture.hpp"

namespace zs::testing {
namespace {

class SnapshotChangesTest : public StoreTest {
protected:
    int64_t Version() {
        auto tx = store().BeginRead();
        return tx->DataVersion();
    }
    std::vector<int64_t> Since(int64_t v) {
        auto tx = store().BeginRead();
        return tx->ChangedProjectsSince(v);
    }
    // The (version, project) pairs recorded after version v, as "v:p v:p …".
    std::string Rows(int64_t v) {
        return RawColumn(file_, "SELECT version || ':' || project_id FROM snapshot_changes WHERE version > " +
                                    std::to_string(v) + " ORDER BY version, project_id");
    }
    static MonthlyFigure Figure(int64_t project, int month, int64_t funds) {
        MonthlyFigure f;
        f.project_id = project;
        f.year = 2026;
        f.month = month;
        f.funds_in_place = funds;
        f.created_at = 1767225600;
        return f;
    }
};

TEST_F(SnapshotChangesTest, TriggersRecordTheProjectsAtTheCommittedVersion) {
    const int64_t unit = AddUnit("U1");
    const int64_t unit2 = AddUnit("U2");
    const int64_t investor = AddInvestor("投资方", "91340100MA2N0000X1", "340000");
    const int64_t v0 = Version();
    EXPECT_EQ(Since(v0), std::vector<int64_t>{});

    Project p = NewProject("P1", unit);
    p.investor_id = investor;
    p.nodes[3].node = Node::kSigned;
    p.nodes[3].actual = D("2026-01-05");
    const int64_t a = AddProject(p);                       // v0 + 1: the project and its node rows
    const int64_t b = AddProject(NewProject("P2", unit));  // v0 + 2
    const int64_t c = AddProject(NewProject("P3", unit));  // v0 + 3
    EXPECT_EQ(Version(), v0 + 3);
    EXPECT_EQ(Rows(v0), std::to_string(v0 + 1) + ":" + std::to_string(a) + " " + std::to_string(v0 + 2) + ":" +
                            std::to_string(b) + " " + std::to_string(v0 + 3) + ":" + std::to_string(c));

    {  // a node and a figure of b, a figure of c: one version, each project once
        auto tx = store().BeginWrite();
        NodeEntry e;
        e.node = Node::kInStats;
        e.actual = D("2026-02-01");
        tx->UpsertNode(b, e);
        tx->UpsertFigureDraft(Figure(b, 1, 100));
        tx->UpsertFigureDraft(Figure(b, 2, 100));
        tx->UpsertFigureDraft(Figure(c, 1, 5));
        tx->UpsertFigureDraft(Figure(c, 1, 6));  // overwrite: an update
        tx->Commit();
    }
    EXPECT_EQ(Rows(v0 + 3), std::to_string(v0 + 4) + ":" + std::to_string(b) + " " + std::to_string(v0 + 4) + ":" +
                                std::to_string(c));
    EXPECT_EQ(Since(v0 + 1), (std::vector<int64_t>{b, c}));
    EXPECT_EQ(Since(v0), (std::vector<int64_t>{a, b, c}));

    {  // a correction (revision 2) of c
        auto tx = store().BeginWrite();
        MonthlyFigure f = Figure(c, 1, 9);
        f.reason = "更正";
        tx->InsertFigureRevision(f);
        tx->Commit();
    }
    EXPECT_EQ(Since(v0 + 4), std::vector<int64_t>{c});

    {  // the investor's province: every project of that investor (only a)
        auto tx = store().BeginWrite();
        Investor i = *tx->GetInvestor(investor);
        i.province_code = "320000";
        ASSERT_TRUE(tx->UpdateInvestor(i, i.version));
        tx->Commit();
    }
    EXPECT_EQ(Since(v0 + 5), std::vector<int64_t>{a});
    {  // other investor fields record nothing
        auto tx = store().BeginWrite();
        Investor i = *tx->GetInvestor(investor);
        i.name = "投资方(更名)";
        ASSERT_TRUE(tx->UpdateInvestor(i, i.version));
        tx->Commit();
    }
    EXPECT_EQ(Since(v0 + 6), std::vector<int64_t>{});

    {  // a project moved to another unit, then deleted (its nodes and figures go with it)
        auto tx = store().BeginWrite();
        Project q = *tx->GetProject(b, D("2026-03-01"));
        q.unit_id = unit2;
        ASSERT_TRUE(tx->UpdateProject(q, q.version));
        tx->Commit();
    }
    EXPECT_EQ(Since(v0 + 7), std::vector<int64_t>{b});
    {
        auto tx = store().BeginWrite();
        tx->DeleteProject(b);
        tx->Commit();
    }
    EXPECT_EQ(Rows(v0 + 8), std::to_string(v0 + 9) + ":" + std::to_string(b));

    // Sessions and login throttling keep the data version and record nothing.
    {
        auto tx = store().BeginWrite();
        User u;
        u.username = "reader";
        u.display_name = "读者";
        u.password_hash = "x";
        u.unit_id = unit;
        const int64_t user = tx->InsertUser(u);
        tx->Commit();
        auto s = store().BeginBookkeepingWrite();
        s->InsertSession(Session{"hash", user, 1767225600, 1767225600});
        s->TouchSession("hash", 1767225700);
        s->InsertLoginFailure("reader", 1767225600);
        s->DeleteSession("hash");
        s->Commit();
    }
    EXPECT_EQ(Version(), v0 + 10);
    EXPECT_EQ(Rows(v0 + 9), "");

    // Units and the city's province: 0, "reload everything".
    AddUnit("U3");
    EXPECT_EQ(Since(v0 + 10), std::vector<int64_t>{0});
    {
        auto tx = store().BeginWrite();
        Unit u = *tx->GetUnit(unit);
        u.sort_order = 9;
        ASSERT_TRUE(tx->UpdateUnit(u, u.version));
        tx->Commit();
    }
    EXPECT_EQ(Since(v0 + 11), std::vector<int64_t>{0});
    {
        auto tx = store().BeginWrite();
        tx->SetSetting("stalled_days", "60");
        tx->Commit();
    }
    EXPECT_EQ(Since(v0 + 12), std::vector<int64_t>{});
    {
        auto tx = store().BeginWrite();
        tx->SetSetting("city_province_code", "320000");
        tx->Commit();
    }
    EXPECT_EQ(Since(v0 + 13), std::vector<int64_t>{0});
    EXPECT_EQ(Since(v0 + 10), std::vector<int64_t>{0});
    EXPECT_EQ(Since(v0 + 14), std::vector<int64_t>{});
}

TEST_F(SnapshotChangesTest, LoadSnapshotProjectsReadsTheSameColumnsForSomeProjects) {
    const int64_t unit = AddUnit("U1");
    const int64_t unit2 = AddUnit("U2", -1);
    const int64_t investor = AddInvestor("投资方", "91340100MA2N0000X1", "110000");
    std::vector<int64_t> ids;
    for (int i = 0; i < 6; ++i) {
        Project p = NewProject("P" + std::to_string(i), i % 2 == 0 ? unit : unit2);
        p.emerging_industry = i % 3 == 0 ? "" : (i % 3 == 1 ? "甲" : "乙");
        if (i % 2 == 1) p.investor_id = investor;
        p.total_investment = 1000 * i;
        p.nodes[7].node = Node::kInStats;
        if (i != 2) p.nodes[7].actual = D("2026-01-10");
        ids.push_back(AddProject(p));
        auto tx = store().BeginWrite();
        for (int m = 1; m <= i % 3 + 1; ++m) tx->UpsertFigureDraft(Figure(ids.back(), 4 - m, 10 * i + m));
        tx->Commit();
    }
    {
        auto tx = store().BeginWrite();
        MonthlyFigure f = Figure(ids[4], 2, 999);
        f.reason = "更正";
        tx->InsertFigureRevision(f);
        tx->Commit();
    }
    auto tx = store().BeginRead();
    EngineSnapshot full;
    tx->LoadSnapshot(full);
    EngineSnapshot some;
    tx->LoadSnapshotProjects({ids[4], ids[1], 999999, ids[5]}, some);  // unsorted, one missing
    EXPECT_EQ(some.data_version, full.data_version);
    EXPECT_EQ(some.unit_id, full.unit_id);
    EXPECT_EQ(some.unit_kind, full.unit_kind);
    EXPECT_EQ(some.project_id, (std::vector<int64_t>{ids[1], ids[4], ids[5]}));
    // Dropping every project and adding these three back equals dropping the other three.
    EngineSnapshot units_only;
    units_only.unit_id = full.unit_id;
    units_only.unit_kind = full.unit_kind;
    units_only.data_version = full.data_version;
    EXPECT_EQ(MergeSnapshot(full, some, ids), MergeSnapshot(full, units_only, {ids[0], ids[2], ids[3]}));
    EngineSnapshot all;
    tx->LoadSnapshotProjects(ids, all);
    EXPECT_EQ(all, full);
    // ids[4]'s February is its correction (revision 2).
    bool seen = false;
    for (size_t r = 0; r < some.fig_project.size(); ++r) {
        if (some.fig_project[r] == 1 && some.fig_month[r] == 2026 * 12 + 1) {
            EXPECT_EQ(some.fig_funds[r], 999);
            seen = true;
        }
    }
    EXPECT_TRUE(seen);
}

TEST_F(SnapshotChangesTest, CommitPrunesOldChanges) {
    const int64_t unit = AddUnit("U1");
    RawQuery(file_, "UPDATE meta SET data_version = 20997");
    AddProject(NewProject("P1", unit));  // version 20998
    AddProject(NewProject("P2", unit));  // 20999
    RawQuery(file_, "INSERT INTO snapshot_changes VALUES (10999, 1), (11000, 1), (11001, 1)");
    AddProject(NewProject("P3", unit));  // 21000: prunes versions <= 11000
    EXPECT_EQ(
        RawColumn(file_, "SELECT version FROM snapshot_changes ORDER BY 1"),
        "11001 20998 20999 21000");
}

}  // namespace
}  // namespace zs::testing
