// The incremental snapshot refresh (issue 3 §5): after random writes of every kind the snapshot
// RefreshSnapshot brings up to date must equal, column by column, a fresh full LoadSnapshot.
#include "service/snapshot_refresh.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "core/crypto.hpp"
#include "store/store.hpp"

namespace zs {
namespace {

namespace fs = std::filesystem;

class SnapshotRefreshTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("zs_refresh_test_" + RandomToken().substr(0, 12));
        fs::create_directories(dir_);
        store_ = OpenSqliteStore((dir_ / "zs.db").string(), 2);
        store_->Migrate();
    }
    void TearDown() override {
        store_.reset();
        fs::remove_all(dir_);
    }

    std::unique_ptr<Store> store_;
    fs::path dir_;
};

TEST_F(SnapshotRefreshTest, RandomWritesRefreshToTheFullLoad) {
    std::mt19937_64 rng(20260301);
    auto pick = [&](int64_t n) { return static_cast<int64_t>(rng() % static_cast<uint64_t>(n)); };
    const std::vector<std::string> emerging = {"", "", "新能源", "生物医药", "新材料", "数字经济"};
    const std::vector<std::string> provinces = {"340000", "320000", "110000"};
    const Node counted[] = {Node::kSigned, Node::kInStats, Node::kProducing, Node::kAboveScale, Node::kStarted};

    std::vector<int64_t> units, investors, projects;
    int codes = 0;
    auto add_unit = [&](Tx& tx) {
        Unit u;
        u.code = "U" + std::to_string(++codes);
        u.name = "单位" + u.code;
        u.kind = pick(2) == 0 ? UnitKind::kTown : UnitKind::kPark;
        u.sort_order = static_cast<int>(pick(5));
        units.push_back(tx.InsertUnit(u));
    };
    auto random_date = [&]() {
        return *Date::FromYmd(2025 + static_cast<int>(pick(2)), 1 + static_cast<int>(pick(12)),
                              1 + static_cast<int>(pick(28)));
    };
    auto fill = [&](Project& p) {
        p.unit_id = units[static_cast<size_t>(pick(static_cast<int64_t>(units.size())))];
        p.category = static_cast<Category>(pick(4));
        p.emerging_industry = emerging[static_cast<size_t>(pick(static_cast<int64_t>(emerging.size())))];
        p.total_investment = pick(1000) * 10000;
        p.terminated = pick(6) == 0;
        if (p.terminated) p.termination_reason = "终止";
        p.investor_id =
            pick(3) == 0
                ? std::nullopt
                : std::optional<int64_t>(investors[static_cast<size_t>(pick(static_cast<int64_t>(investors.size())))]);
        p.above_scale_route = static_cast<AboveScaleRoute>(pick(3));
        switch (pick(3)) {
            case 0:
                p.prov_db_status = ProvDbStatus::kNone;
                p.prov_db_reported_date.reset();
                p.prov_db_confirmed_date.reset();
                break;
            case 1:
                p.prov_db_status = ProvDbStatus::kPending;
                p.prov_db_reported_date = random_date();
                p.prov_db_confirmed_date.reset();
                break;
            default:
                p.prov_db_status = ProvDbStatus::kConfirmed;
                p.prov_db_reported_date = random_date();
                p.prov_db_confirmed_date = random_date();
        }
    };
    auto add_project = [&](Tx& tx) {
        Project p;
        p.code = "P" + std::to_string(++codes);
        p.name = "项目" + p.code;
        p.created_at = p.updated_at = 1767225600;
        fill(p);
        for (Node n : counted) {
            if (pick(2) == 0) p.nodes[static_cast<size_t>(n)].actual = random_date();
        }
        projects.push_back(tx.InsertProject(p));
    };
    auto some_project = [&]() { return projects[static_cast<size_t>(pick(static_cast<int64_t>(projects.size())))]; };
    auto figure = [&](int64_t project) {
        MonthlyFigure f;
        f.project_id = project;
        f.year = 2025 + static_cast<int>(pick(2));
        f.month = 1 + static_cast<int>(pick(12));
        f.funds_in_place = pick(1000);
        f.funds_out_of_province = f.funds_in_place / 2;
        f.output_value = pick(1000);
        f.tax = pick(100);
        f.created_at = 1767225600;
        return f;
    };

    {
        auto tx = store_->BeginWrite();
        for (int i = 0; i < 4; ++i) add_unit(*tx);
        for (int i = 0; i < 5; ++i) {
            Investor inv;
            inv.name = "投资方" + std::to_string(i);
            inv.uscc = "91340100MA2N00" + std::to_string(10 + i) + "X1";
            inv.province_code = provinces[static_cast<size_t>(i) % provinces.size()];
            inv.created_at = inv.updated_at = 1767225600;
            investors.push_back(tx->InsertInvestor(inv));
        }
        for (int i = 0; i < 120; ++i) add_project(*tx);
        for (int i = 0; i < 300; ++i) tx->UpsertFigureDraft(figure(some_project()));
        tx->Commit();
    }

    std::shared_ptr<const EngineSnapshot> snap;
    {
        auto tx = store_->BeginRead();
        snap = RefreshSnapshot(*tx, snap);
    }
    int incremental = 0, full = 0, unchanged = 0;
    for (int round = 0; round < 300; ++round) {
        const int64_t writes = 1 + pick(3);  // transactions between two refreshes
        for (int64_t w = 0; w < writes; ++w) {
            auto tx = store_->BeginWrite();
            const int64_t kind = pick(100);
            if (kind < 12) {
                add_project(*tx);
            } else if (kind < 30) {  // a node date set, moved or cleared
                NodeEntry e;
                e.node = counted[pick(5)];
                if (pick(4) != 0) e.actual = random_date();
                if (pick(3) == 0) e.planned = random_date();
                tx->UpsertNode(some_project(), e);
            } else if (kind < 50) {
                tx->UpsertFigureDraft(figure(some_project()));
            } else if (kind < 60) {  // a correction
                MonthlyFigure f = figure(some_project());
                f.reason = "更正";
                tx->InsertFigureRevision(f);
            } else if (kind < 75) {  // a project edited, possibly moved to another unit
                Project p = *tx->GetProject(some_project(), *Date::FromYmd(2026, 3, 1));
                fill(p);
                ASSERT_TRUE(tx->UpdateProject(p, p.version));
            } else if (kind < 82 && projects.size() > 60) {
                const size_t at = static_cast<size_t>(pick(static_cast<int64_t>(projects.size())));
                tx->DeleteProject(projects[at]);
                projects.erase(projects.begin() + static_cast<std::ptrdiff_t>(at));
            } else if (kind < 88) {  // the investor's province
                Investor i =
                    *tx->GetInvestor(investors[static_cast<size_t>(pick(static_cast<int64_t>(investors.size())))]);
                i.province_code = provinces[static_cast<size_t>(pick(3))];
                ASSERT_TRUE(tx->UpdateInvestor(i, i.version));
            } else if (kind < 91) {  // units: reorder one or add one
                if (pick(2) == 0) {
                    Unit u = *tx->GetUnit(units[static_cast<size_t>(pick(static_cast<int64_t>(units.size())))]);
                    u.sort_order = static_cast<int>(pick(5));
                    ASSERT_TRUE(tx->UpdateUnit(u, u.version));
                } else {
                    add_unit(*tx);
                }
            } else if (kind < 93) {
                tx->SetSetting("city_province_code", provinces[static_cast<size_t>(pick(3))]);
            } else if (kind < 96) {  // business data the snapshot does not read
                tx->SetSetting("stalled_days", std::to_string(60 + pick(60)));
            } else {  // a write that keeps the version
                tx.reset();
                tx = store_->BeginBookkeepingWrite();
                tx->InsertLoginFailure("nobody", 1767225600 + round);
            }
            tx->Commit();
        }
        auto tx = store_->BeginRead();
        SnapshotRefresh how = SnapshotRefresh::kNone;
        auto next = RefreshSnapshot(*tx, snap, &how);
        EngineSnapshot fresh;
        tx->LoadSnapshot(fresh);
        ASSERT_EQ(*next, fresh) << "round " << round << " refresh " << static_cast<int>(how);
        (how == SnapshotRefresh::kIncremental ? incremental : how == SnapshotRefresh::kFull ? full : unchanged)++;
        if (how == SnapshotRefresh::kNone) {
            EXPECT_EQ(next, snap);
        }
        snap = next;
    }
    // Most refreshes take the incremental path; units and province changes force full ones.
    EXPECT_GT(incremental, 200);
    EXPECT_GT(full, 5);
    EXPECT_GT(unchanged, 0);
    std::printf("refreshes: %d incremental, %d full, %d unchanged\n", incremental, full, unchanged);
}

// More than a tenth of the projects changed, or a stale version beyond the kept history: full reload.
TEST_F(SnapshotRefreshTest, LargeChangesReloadFully) {
    std::vector<int64_t> projects;
    int64_t unit = 0;
    {
        auto tx = store_->BeginWrite();
        Unit u;
        u.code = "U";
        u.name = "单位";
        unit = tx->InsertUnit(u);
        for (int i = 0; i < 30; ++i) {
            Project p;
            p.code = "P" + std::to_string(i);
            p.name = p.code;
            p.unit_id = unit;
            projects.push_back(tx->InsertProject(p));
        }
        tx->Commit();
    }
    auto refresh = [&](std::shared_ptr<const EngineSnapshot>& snap) {
        auto tx = store_->BeginRead();
        SnapshotRefresh how = SnapshotRefresh::kNone;
        snap = RefreshSnapshot(*tx, snap, &how);
        EngineSnapshot fresh;
        tx->LoadSnapshot(fresh);
        EXPECT_EQ(*snap, fresh);
        return how;
    };
    auto touch = [&](int n) {
        auto tx = store_->BeginWrite();
        for (int i = 0; i < n; ++i) {
            NodeEntry e;
            e.node = Node::kSigned;
            e.actual = Date::FromYmd(2026, 1, 1 + i);
            tx->UpsertNode(projects[static_cast<size_t>(i)], e);
        }
        tx->Commit();
    };
    std::shared_ptr<const EngineSnapshot> snap;
    EXPECT_EQ(refresh(snap), SnapshotRefresh::kFull);
    touch(3);
    EXPECT_EQ(refresh(snap), SnapshotRefresh::kIncremental);
    touch(4);
    EXPECT_EQ(refresh(snap), SnapshotRefresh::kFull);
    EXPECT_EQ(refresh(snap), SnapshotRefresh::kNone);
    // A snapshot older than half the kept history is reloaded (its changes may have been pruned).
    auto old = std::make_shared<EngineSnapshot>(*snap);
    old->data_version -= kSnapshotChangeHistory / 2;
    std::shared_ptr<const EngineSnapshot> stale = old;
    EXPECT_EQ(refresh(stale), SnapshotRefresh::kFull);
}

}  // namespace
}  // namespace zs
