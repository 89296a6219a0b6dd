// Monthly figures, submissions, targets, indicator settings, the 入省库/入规 project fields and the
// engine snapshot of the SQLite store (migration V003), on real database files.
#include <sqlite3.h>

#include "store/migrations.hpp"
#include "store_fixture.hpp"

namespace zs::testing {
namespace {

// Runs a script on the file directly, outside the store.
void RawScript(const std::filesystem::path& file, const std::string& sql) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
        sqlite3_close(db);
        throw std::runtime_error("cannot open " + file.string());
    }
    char* error = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    std::string message = error != nullptr ? error : "";
    sqlite3_free(error);
    sqlite3_close(db);
    if (rc != SQLITE_OK) throw std::runtime_error(message);
}

MonthlyFigure Fig(int64_t project, int year, int month, int64_t funds, int64_t out = 0, int64_t fixed = 0,
                  int64_t output = 0, int64_t tax = 0) {
    MonthlyFigure f;
    f.project_id = project;
    f.year = year;
    f.month = month;
    f.funds_in_place = funds;
    f.funds_out_of_province = out;
    f.fixed_asset_investment = fixed;
    f.output_value = output;
    f.tax = tax;
    f.created_by = 7;
    f.created_at = 1767225600;
    return f;
}

class FiguresTest : public StoreTest {
protected:
    void SetUp() override {
        StoreTest::SetUp();
        unit_a_ = AddUnit("A", 2);
        unit_b_ = AddUnit("B", 1);
    }

    void Draft(const MonthlyFigure& f) {
        auto tx = store().BeginWrite();
        tx->UpsertFigureDraft(f);
        tx->Commit();
    }
    int Revise(const MonthlyFigure& f) {
        auto tx = store().BeginWrite();
        const int r = tx->InsertFigureRevision(f);
        tx->Commit();
        return r;
    }
    std::vector<MonthlyFigure> History(int64_t project, int year, int month) {
        return store().BeginRead()->ListFigureHistory(project, year, month);
    }
    std::string Count(const std::string& table) { return RawQuery(file_, "SELECT COUNT(*) FROM " + table); }

    int64_t unit_a_ = 0;
    int64_t unit_b_ = 0;
};

// --- migration

TEST(FiguresMigrationTest, V003MigratesADatabaseHoldingV002DataAndKeepsItsProjects) {
    std::string tmpl = (std::filesystem::temp_directory_path() / "zs_v003_XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    const std::filesystem::path dir = tmpl;
    const std::filesystem::path file = dir / "old.db";

    // A database as the previous release left it: V001 and V002 applied, with a unit, an investor,
    // a project and its signed node.
    std::string script =
        "BEGIN;"
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);";
    for (const Migration& m : kSqliteMigrations) {
        if (m.version > 2) continue;
        script += m.sql;
        script += ";INSERT INTO schema_migrations VALUES (" + std::to_string(m.version) + ", '" + m.name + "', 'x');";
    }
    script +=
        "INSERT INTO units (code, name, kind) VALUES ('U1', '老单位', 'town');"
        "INSERT INTO investors (name, uscc, province_code, created_at, updated_at)"
        " VALUES ('甲', '91350100M000100Y43', '350000', 1, 1);"
        "INSERT INTO projects (code, name, investor_id, unit_id, category, total_investment, signed_date,"
        " created_at, updated_at) VALUES ('OLD1', '老项目', 1, 1, 'industry', 150000000, '2025-06-30', 5, 6);"
        "INSERT INTO project_nodes (project_id, node, actual_date) VALUES (1, 'signed', '2025-06-30');"
        "COMMIT;";
    RawScript(file, script);
    ASSERT_EQ(RawQuery(file, "SELECT max(version) FROM schema_migrations"), "2");

    {
        auto s = OpenSqliteStore(file.string(), 2);
        s->Migrate();
        EXPECT_GE(s->SchemaVersion(), 3);
        auto tx = s->BeginRead();
        const auto p = tx->GetProjectByCode("OLD1");
        ASSERT_TRUE(p);
        EXPECT_EQ(p->name, "老项目");
        EXPECT_EQ(p->total_investment, 150000000);
        EXPECT_EQ(p->signed_date, D("2025-06-30"));
        EXPECT_EQ(p->created_at, 5);
        EXPECT_EQ(p->prov_db_status, ProvDbStatus::kNone);
        EXPECT_EQ(p->prov_db_reported_date, std::nullopt);
        EXPECT_EQ(p->prov_db_confirmed_date, std::nullopt);
        EXPECT_EQ(p->above_scale_route, AboveScaleRoute::kNone);

        EngineSnapshot snap;
        tx->LoadSnapshot(snap);
        ASSERT_EQ(snap.project_id.size(), 1u);
        EXPECT_EQ(snap.signed_day[0], D("2025-06-30").days());
        EXPECT_EQ(snap.out_of_province[0], 1);
        EXPECT_TRUE(snap.fig_project.empty());
    }
    EXPECT_EQ(RawQuery(file, "SELECT prov_db_status FROM projects"), "none");
    EXPECT_EQ(RawQuery(file, "SELECT COUNT(*) FROM monthly_figures"), "0");
    EXPECT_EQ(RawQuery(file,
                       "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('monthly_figures',"
                       " 'monthly_submissions', 'targets', 'indicator_settings')"),
              "4");
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
}

// --- constraints

TEST_F(FiguresTest, DatabaseRefusesInconsistentFigures) {
    const int64_t p = AddProject(NewProject("P1", unit_a_));
    auto refused = [&](const MonthlyFigure& f) {
        auto tx = store().BeginWrite();
        EXPECT_ANY_THROW(tx->UpsertFigureDraft(f)) << f.funds_in_place << " " << f.funds_out_of_province;
    };
    refused(Fig(p, 2026, 1, 100, 101));          // out-of-province part above the total
    refused(Fig(p, 2026, 1, -1));                // negative funds
    refused(Fig(p, 2026, 1, 100, 0, -5));        // negative fixed-asset investment
    refused(Fig(p, 2026, 1, 100, 0, 0, 0, -1));  // negative tax
    refused(Fig(p, 2026, 13, 100));              // no 13th month
    refused(Fig(p, 2026, 0, 100));               // nor a 0th
    refused(Fig(p + 100, 2026, 1, 100));         // no such project
    EXPECT_EQ(Count("monthly_figures"), "0");

    Draft(Fig(p, 2026, 1, 100, 100));  // the whole amount from outside is fine
    MonthlyFigure correction = Fig(p, 2026, 1, 120, 20);
    correction.reason = "  ";  // blank does not count as a reason
    {
        auto tx = store().BeginWrite();
        EXPECT_ANY_THROW(tx->InsertFigureRevision(correction));
    }
    correction.reason = "";
    {
        auto tx = store().BeginWrite();
        EXPECT_ANY_THROW(tx->InsertFigureRevision(correction));
    }
    EXPECT_EQ(Count("monthly_figures"), "1");
    correction.reason = "统计口径更正";
    EXPECT_EQ(Revise(correction), 2);
}

TEST_F(FiguresTest, DatabaseRefusesInconsistentProvincialStatus) {
    Project p = NewProject("P1", unit_a_);
    auto refused = [&](ProvDbStatus s, std::optional<Date> reported, std::optional<Date> confirmed) {
        Project q = p;
        q.prov_db_status = s;
        q.prov_db_reported_date = reported;
        q.prov_db_confirmed_date = confirmed;
        auto tx = store().BeginWrite();
        EXPECT_ANY_THROW(tx->InsertProject(q)) << ProvDbStatusKey(s);
    };
    refused(ProvDbStatus::kConfirmed, D("2026-01-05"), std::nullopt);  // confirmed needs its date
    refused(ProvDbStatus::kPending, std::nullopt, std::nullopt);       // pending needs the report date
    refused(ProvDbStatus::kNone, std::nullopt, D("2026-02-01"));       // a confirmation date needs confirmed
    refused(ProvDbStatus::kRejected, D("2026-01-05"), D("2026-02-01"));
    EXPECT_EQ(Count("projects"), "0");

    // The stored text is checked as well, not only what the store writes.
    const int64_t id = AddProject(p);
    EXPECT_ANY_THROW(RawQuery(file_, "UPDATE projects SET prov_db_status = 'maybe' WHERE id = " + std::to_string(id)));
    EXPECT_ANY_THROW(
        RawQuery(file_, "UPDATE projects SET above_scale_route = 'magic' WHERE id = " + std::to_string(id)));
    EXPECT_ANY_THROW(RawQuery(file_,
                              "UPDATE projects SET prov_db_status = 'pending', prov_db_reported_date ="
                              " '2026-02-30' WHERE id = " +
                                  std::to_string(id)));
    EXPECT_EQ(RawQuery(file_, "SELECT prov_db_status || coalesce(above_scale_route, '-') FROM projects"), "none-");
}

// --- figures

TEST_F(FiguresTest, DraftIsOverwrittenCorrectionsAreKeptAndTheHighestRevisionIsCurrent) {
    const int64_t p = AddProject(NewProject("P1", unit_a_));
    Draft(Fig(p, 2026, 3, 100, 10, 50, 500, 5));
    Draft(Fig(p, 2026, 3, 200, 20, 60, 600, 6));  // still a draft: replaces revision 1
    auto h = History(p, 2026, 3);
    ASSERT_EQ(h.size(), 1u);
    EXPECT_EQ(h[0].revision, 1);
    EXPECT_EQ(h[0].funds_in_place, 200);
    EXPECT_EQ(h[0].funds_out_of_province, 20);
    EXPECT_EQ(h[0].fixed_asset_investment, 60);
    EXPECT_EQ(h[0].output_value, 600);
    EXPECT_EQ(h[0].tax, 6);
    EXPECT_EQ(h[0].reason, "");
    EXPECT_EQ(h[0].created_by, 7);
    EXPECT_EQ(h[0].created_at, 1767225600);

    MonthlyFigure c = Fig(p, 2026, 3, 250, 25, 65, 650, 7);
    c.reason = "锁定后更正";
    c.created_by = 9;
    EXPECT_EQ(Revise(c), 2);
    c.funds_in_place = 300;
    c.reason = "再次更正";
    EXPECT_EQ(Revise(c), 3);

    h = History(p, 2026, 3);
    ASSERT_EQ(h.size(), 3u);  // oldest first, all kept
    EXPECT_EQ(h[0].revision, 1);
    EXPECT_EQ(h[0].funds_in_place, 200);
    EXPECT_EQ(h[1].revision, 2);
    EXPECT_EQ(h[1].funds_in_place, 250);
    EXPECT_EQ(h[1].reason, "锁定后更正");
    EXPECT_EQ(h[1].created_by, 9);
    EXPECT_EQ(h[2].revision, 3);
    EXPECT_EQ(h[2].funds_in_place, 300);
    EXPECT_EQ(h[2].reason, "再次更正");

    auto cur = store().BeginRead()->ListCurrentFigures(unit_a_, 2026, 3);
    ASSERT_EQ(cur.size(), 1u);
    EXPECT_EQ(cur[0].revision, 3);
    EXPECT_EQ(cur[0].funds_in_place, 300);
    EXPECT_EQ(cur[0].tax, 7);

    // Rewriting revision 1 later does not change which revision is current.
    Draft(Fig(p, 2026, 3, 1));
    cur = store().BeginRead()->ListCurrentFigures(unit_a_, 2026, 3);
    ASSERT_EQ(cur.size(), 1u);
    EXPECT_EQ(cur[0].revision, 3);
    EXPECT_EQ(History(p, 2026, 3).front().funds_in_place, 1);

    // The first revision of an empty month is 1 and needs no reason.
    EXPECT_EQ(Revise(Fig(p, 2026, 4, 9)), 1);
    EXPECT_EQ(History(p, 2026, 4).size(), 1u);
    EXPECT_TRUE(History(p, 2026, 5).empty());
}

TEST_F(FiguresTest, CurrentFiguresAreTheUnitsProjectsForThatMonthOnly) {
    const int64_t a1 = AddProject(NewProject("A1", unit_a_));
    const int64_t b1 = AddProject(NewProject("B1", unit_b_));
    const int64_t a2 = AddProject(NewProject("A2", unit_a_));
    AddProject(NewProject("A3", unit_a_));  // no figures: no row
    Draft(Fig(a2, 2026, 5, 20));
    Draft(Fig(a1, 2026, 5, 10));
    Draft(Fig(b1, 2026, 5, 30));
    Draft(Fig(a1, 2026, 6, 11));
    Draft(Fig(a1, 2025, 5, 12));
    MonthlyFigure c = Fig(a1, 2026, 5, 15);
    c.reason = "更正";
    Revise(c);

    const auto cur = store().BeginRead()->ListCurrentFigures(unit_a_, 2026, 5);
    ASSERT_EQ(cur.size(), 2u);
    EXPECT_EQ(cur[0].project_id, a1);
    EXPECT_EQ(cur[0].funds_in_place, 15);
    EXPECT_EQ(cur[0].revision, 2);
    EXPECT_EQ(cur[1].project_id, a2);
    EXPECT_EQ(cur[1].funds_in_place, 20);
    EXPECT_EQ(store().BeginRead()->ListCurrentFigures(unit_b_, 2026, 5).size(), 1u);
    EXPECT_TRUE(store().BeginRead()->ListCurrentFigures(unit_b_, 2026, 6).empty());

    // A project moved to another unit takes its figures along.
    {
        auto tx = store().BeginWrite();
        Project p = *tx->GetProject(a2, D("2026-06-01"));
        p.unit_id = unit_b_;
        ASSERT_TRUE(tx->UpdateProject(p, p.version));
        tx->Commit();
    }
    EXPECT_EQ(store().BeginRead()->ListCurrentFigures(unit_a_, 2026, 5).size(), 1u);
    EXPECT_EQ(store().BeginRead()->ListCurrentFigures(unit_b_, 2026, 5).size(), 2u);

    // Deleting a project deletes its figures; every write moves the data version.
    const int64_t before = store().BeginRead()->DataVersion();
    {
        auto tx = store().BeginWrite();
        tx->DeleteProject(a1);
        tx->Commit();
    }
    EXPECT_EQ(store().BeginRead()->DataVersion(), before + 1);
    EXPECT_EQ(RawQuery(file_, "SELECT COUNT(*) FROM monthly_figures WHERE project_id = " + std::to_string(a1)), "0");
    EXPECT_EQ(Count("monthly_figures"), "2");

    // A write that keeps the data version (sessions, login throttling) commits without moving it.
    {
        auto tx = store().BeginBookkeepingWrite();
        tx->InsertLoginFailure("nobody", 1);
        tx->Commit();
    }
    EXPECT_EQ(store().BeginRead()->DataVersion(), before + 1);
    EXPECT_EQ(RawQuery(file_, "SELECT COUNT(*) FROM login_failures WHERE username = 'nobody'"), "1");
}

// --- submissions

TEST_F(FiguresTest, SubmissionsUseOptimisticVersions) {
    MonthlySubmission s;
    s.unit_id = unit_a_;
    s.year = 2026;
    s.month = 4;
    {
        auto tx = store().BeginWrite();
        EXPECT_FALSE(tx->GetSubmission(unit_a_, 2026, 4));
        EXPECT_TRUE(tx->UpsertSubmission(s, 0));
        EXPECT_FALSE(tx->UpsertSubmission(s, 0));  // exists already
        tx->Commit();
    }
    auto got = store().BeginRead()->GetSubmission(unit_a_, 2026, 4);
    ASSERT_TRUE(got);
    EXPECT_EQ(got->state, SubmissionState::kDraft);
    EXPECT_EQ(got->version, 1);
    EXPECT_EQ(got->submitted_at, 0);
    EXPECT_EQ(RawQuery(file_, "SELECT CASE WHEN submitted_at IS NULL THEN 'null' END FROM monthly_submissions"), "null");

    s.state = SubmissionState::kSubmitted;
    s.submitted_at = 1775000000;
    s.submitted_by = 3;
    {
        auto tx = store().BeginWrite();
        EXPECT_TRUE(tx->UpsertSubmission(s, 1));
        tx->Commit();
    }
    // A second writer still holding version 1 loses and changes nothing.
    MonthlySubmission other = s;
    other.state = SubmissionState::kReviewed;
    {
        auto tx = store().BeginWrite();
        EXPECT_FALSE(tx->UpsertSubmission(other, 1));
        tx->Commit();
    }
    got = store().BeginRead()->GetSubmission(unit_a_, 2026, 4);
    ASSERT_TRUE(got);
    EXPECT_EQ(got->state, SubmissionState::kSubmitted);
    EXPECT_EQ(got->version, 2);
    EXPECT_EQ(got->submitted_at, 1775000000);
    EXPECT_EQ(got->submitted_by, 3);

    s.state = SubmissionState::kDraft;
    s.return_reason = "数据有误,请核实";
    s.reviewed_at = 1775000100;
    s.reviewed_by = 4;
    s.locked_at = 1775000200;
    {
        auto tx = store().BeginWrite();
        EXPECT_TRUE(tx->UpsertSubmission(s, 2));
        tx->Commit();
    }
    got = store().BeginRead()->GetSubmission(unit_a_, 2026, 4);
    EXPECT_EQ(got->return_reason, "数据有误,请核实");
    EXPECT_EQ(got->reviewed_at, 1775000100);
    EXPECT_EQ(got->reviewed_by, 4);
    EXPECT_EQ(got->locked_at, 1775000200);
    EXPECT_EQ(got->version, 3);

    // Listing is per month, by unit id.
    MonthlySubmission b = s;
    b.unit_id = unit_b_;
    MonthlySubmission may = s;
    may.month = 5;
    {
        auto tx = store().BeginWrite();
        EXPECT_TRUE(tx->UpsertSubmission(b, 0));
        EXPECT_TRUE(tx->UpsertSubmission(may, 0));
        MonthlySubmission bad = s;
        bad.unit_id = unit_b_ + 50;
        EXPECT_ANY_THROW(tx->UpsertSubmission(bad, 0));  // no such unit
        tx->Commit();
    }
    const auto april = store().BeginRead()->ListSubmissions(2026, 4);
    ASSERT_EQ(april.size(), 2u);
    EXPECT_EQ(april[0].unit_id, unit_a_);
    EXPECT_EQ(april[1].unit_id, unit_b_);
    EXPECT_EQ(store().BeginRead()->ListSubmissions(2026, 5).size(), 1u);
    EXPECT_TRUE(store().BeginRead()->ListSubmissions(2025, 4).empty());
}

// --- targets

TEST_F(FiguresTest, TargetsUpsertWithVersionsAndTheCityIsScopeZero) {
    Target city;
    city.year = 2026;
    city.indicator = "signed_100m";
    city.scope_unit_id = 0;
    city.value = 60;
    Target unit = city;
    unit.scope_unit_id = unit_a_;
    unit.value = 25'0000'0000;  // 25亿 in yuan
    {
        auto tx = store().BeginWrite();
        EXPECT_TRUE(tx->UpsertTarget(city, 0));
        EXPECT_TRUE(tx->UpsertTarget(unit, 0));
        EXPECT_FALSE(tx->UpsertTarget(city, 0));  // exists already
        Target ghost = unit;
        ghost.scope_unit_id = unit_b_ + 50;
        EXPECT_ANY_THROW(tx->UpsertTarget(ghost, 0));  // no such unit
        Target negative = city;
        negative.indicator = "other";
        negative.value = -1;
        EXPECT_ANY_THROW(tx->UpsertTarget(negative, 0));
        tx->Commit();
    }
    auto list = store().BeginRead()->ListTargets(2026);
    ASSERT_EQ(list.size(), 2u);
    EXPECT_EQ(list[0].scope_unit_id, 0);
    EXPECT_EQ(list[0].value, 60);
    EXPECT_EQ(list[0].version, 1);
    EXPECT_GT(list[0].updated_at, 0);
    EXPECT_EQ(list[1].scope_unit_id, unit_a_);
    EXPECT_EQ(list[1].value, 25'0000'0000);

    city.value = 70;
    {
        auto tx = store().BeginWrite();
        EXPECT_TRUE(tx->UpsertTarget(city, 1));
        city.value = 80;
        EXPECT_FALSE(tx->UpsertTarget(city, 1));  // stale
        Target missing = city;
        missing.indicator = "nothing_here";
        EXPECT_FALSE(tx->UpsertTarget(missing, 1));  // gone / never there
        tx->Commit();
    }
    list = store().BeginRead()->ListTargets(2026);
    EXPECT_EQ(list[0].value, 70);
    EXPECT_EQ(list[0].version, 2);
    EXPECT_TRUE(store().BeginRead()->ListTargets(2025).empty());

    {
        auto tx = store().BeginWrite();
        EXPECT_TRUE(tx->DeleteTarget(2026, "signed_100m", 0));
        EXPECT_FALSE(tx->DeleteTarget(2026, "signed_100m", 0));
        tx->Commit();
    }
    list = store().BeginRead()->ListTargets(2026);
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(list[0].scope_unit_id, unit_a_);
}

// --- indicator settings

TEST_F(FiguresTest, IndicatorSettingsPerYear) {
    EXPECT_FALSE(store().BeginRead()->GetIndicatorSettings(2026));
    IndicatorSettingsRow s{2026, R"({"threshold_100m":100000000})", 0, 1775000000};
    {
        auto tx = store().BeginWrite();
        EXPECT_TRUE(tx->SetIndicatorSettings(s, 0));
        EXPECT_FALSE(tx->SetIndicatorSettings(s, 0));
        IndicatorSettingsRow bad = s;
        bad.year = 2027;
        bad.settings_json = "[1,2]";  // an object or nothing
        EXPECT_ANY_THROW(tx->SetIndicatorSettings(bad, 0));
        bad.settings_json = "{not json";
        EXPECT_ANY_THROW(tx->SetIndicatorSettings(bad, 0));
        tx->Commit();
    }
    auto got = store().BeginRead()->GetIndicatorSettings(2026);
    ASSERT_TRUE(got);
    EXPECT_EQ(got->year, 2026);
    EXPECT_EQ(got->settings_json, R"({"threshold_100m":100000000})");
    EXPECT_EQ(got->version, 1);
    EXPECT_EQ(got->updated_at, 1775000000);

    s.settings_json = R"({"threshold_100m":200000000})";
    {
        auto tx = store().BeginWrite();
        EXPECT_TRUE(tx->SetIndicatorSettings(s, 1));
        EXPECT_FALSE(tx->SetIndicatorSettings(s, 1));
        tx->Commit();
    }
    got = store().BeginRead()->GetIndicatorSettings(2026);
    EXPECT_EQ(got->settings_json, R"({"threshold_100m":200000000})");
    EXPECT_EQ(got->version, 2);
    EXPECT_FALSE(store().BeginRead()->GetIndicatorSettings(2025));
}

// --- project fields

TEST_F(FiguresTest, NewProjectFieldsRoundTrip) {
    Project p = NewProject("P1", unit_a_);
    p.prov_db_status = ProvDbStatus::kPending;
    p.prov_db_reported_date = D("2026-03-01");
    p.above_scale_route = AboveScaleRoute::kNewProduction;
    const int64_t id = AddProject(p);

    auto tx = store().BeginWrite();
    Project got = *tx->GetProject(id, D("2026-03-02"));
    EXPECT_EQ(got.prov_db_status, ProvDbStatus::kPending);
    EXPECT_EQ(got.prov_db_reported_date, D("2026-03-01"));
    EXPECT_EQ(got.prov_db_confirmed_date, std::nullopt);
    EXPECT_EQ(got.above_scale_route, AboveScaleRoute::kNewProduction);

    got.prov_db_status = ProvDbStatus::kConfirmed;
    got.prov_db_confirmed_date = D("2026-04-15");
    got.above_scale_route = AboveScaleRoute::kUpgrade;
    ASSERT_TRUE(tx->UpdateProject(got, got.version));
    Project again = *tx->GetProjectByCode("P1");
    EXPECT_EQ(again.prov_db_status, ProvDbStatus::kConfirmed);
    EXPECT_EQ(again.prov_db_reported_date, D("2026-03-01"));
    EXPECT_EQ(again.prov_db_confirmed_date, D("2026-04-15"));
    EXPECT_EQ(again.above_scale_route, AboveScaleRoute::kUpgrade);
    ProjectFilter f;
    f.today = D("2026-05-01");
    const auto page = tx->ListProjects(f, Page{});
    ASSERT_EQ(page.items.size(), 1u);
    EXPECT_EQ(page.items[0].prov_db_confirmed_date, D("2026-04-15"));
    EXPECT_EQ(page.items[0].above_scale_route, AboveScaleRoute::kUpgrade);

    again.prov_db_status = ProvDbStatus::kRejected;
    again.prov_db_confirmed_date.reset();
    again.above_scale_route = AboveScaleRoute::kNone;
    ASSERT_TRUE(tx->UpdateProject(again, again.version));
    tx->Commit();
    EXPECT_EQ(RawQuery(file_,
                       "SELECT prov_db_status || '|' || prov_db_reported_date || '|' ||"
                       " coalesce(prov_db_confirmed_date, 'null') || '|' || coalesce(above_scale_route, 'null')"
                       " FROM projects"),
              "rejected|2026-03-01|null|null");
}

// --- the engine snapshot

TEST_F(FiguresTest, SnapshotHoldsEveryColumnExactly) {
    // ListUnits order is by sort_order: B (1) before A (2).
    const int64_t outside = AddInvestor("沪企", "91350100M000100Y43", "310000");
    const int64_t inside = AddInvestor("皖企", "91340100MA2N0FQX1L", "340000");

    Project p1 = NewProject("P1", unit_a_);
    p1.investor_id = outside;
    p1.category = Category::kIndustry;
    p1.total_investment = 1'0000'0000;
    p1.emerging_industry = "新材料";
    p1.prov_db_status = ProvDbStatus::kConfirmed;
    p1.prov_db_reported_date = D("2026-01-05");
    p1.prov_db_confirmed_date = D("2026-02-01");
    p1.above_scale_route = AboveScaleRoute::kUpgrade;
    p1.nodes[NodeIndex(Node::kSigned)].actual = D("2026-01-01");
    p1.nodes[NodeIndex(Node::kInStats)].actual = D("2026-03-31");
    p1.nodes[NodeIndex(Node::kProducing)].planned = D("2026-06-30");  // planned only: not a day
    p1.nodes[NodeIndex(Node::kAboveScale)].actual = D("2026-12-31");
    p1.nodes[NodeIndex(Node::kStarted)].actual = D("2026-02-02");  // not a snapshot column
    const int64_t id1 = AddProject(p1);

    Project p2 = NewProject("P2", unit_b_);
    p2.investor_id = inside;
    p2.category = Category::kService;
    p2.total_investment = 5'0000'0000;
    p2.emerging_industry = "人工智能";
    p2.terminated = true;
    p2.termination_reason = "投资方撤回";
    p2.prov_db_status = ProvDbStatus::kPending;
    p2.prov_db_reported_date = D("2025-12-31");
    p2.nodes[NodeIndex(Node::kProducing)].actual = D("2025-01-01");
    const int64_t id2 = AddProject(p2);

    Project p3 = NewProject("P3", unit_a_);
    p3.category = Category::kOther;
    p3.total_investment = 0;
    p3.emerging_industry = "新材料";  // the same name: the same index
    p3.nodes[NodeIndex(Node::kSigned)].planned = D("2026-05-01");
    const int64_t id3 = AddProject(p3);

    // Written out of order, with a correction and a later rewrite of the corrected month's revision 1.
    Draft(Fig(id3, 2026, 1, 7, 0, 70, 700, 1));
    Draft(Fig(id1, 2026, 2, 20, 2, 200, 2000, 3));
    Draft(Fig(id1, 2026, 1, 10, 1, 100, 1000, 2));
    MonthlyFigure corr = Fig(id1, 2026, 2, 25, 5, 250, 2500, 4);
    corr.reason = "更正";
    Revise(corr);
    Draft(Fig(id1, 2026, 2, 99, 9, 999, 9999, 9));  // revision 1 rewritten; revision 2 stays current
    Draft(Fig(id1, 2025, 12, 12, 12, 120, 1200, 0));

    EngineSnapshot s;
    s.project_id = {42};  // stale content is replaced, not appended to
    s.emerging_names = {"旧"};
    auto tx = store().BeginRead();
    tx->LoadSnapshot(s);
    const int64_t version = tx->DataVersion();

    EXPECT_EQ(s.data_version, version);
    EXPECT_GT(s.data_version, 0);
    EXPECT_EQ(s.unit_id, (std::vector<int64_t>{unit_b_, unit_a_}));
    EXPECT_EQ(s.unit_kind,
              (std::vector<uint8_t>{static_cast<uint8_t>(UnitKind::kTown), static_cast<uint8_t>(UnitKind::kTown)}));

    EXPECT_EQ(s.project_id, (std::vector<int64_t>{id1, id2, id3}));
    EXPECT_EQ(s.project_unit, (std::vector<int32_t>{1, 0, 1}));
    EXPECT_EQ(s.category,
              (std::vector<uint8_t>{static_cast<uint8_t>(Category::kIndustry), static_cast<uint8_t>(Category::kService),
                                    static_cast<uint8_t>(Category::kOther)}));
    EXPECT_EQ(s.terminated, (std::vector<uint8_t>{0, 1, 0}));
    EXPECT_EQ(s.total_investment, (std::vector<int64_t>{1'0000'0000, 5'0000'0000, 0}));
    EXPECT_EQ(s.out_of_province, (std::vector<uint8_t>{1, 0, 0}));  // P3 has no investor
    EXPECT_EQ(s.emerging_names, (std::vector<std::string>{"新材料", "人工智能"}));
    EXPECT_EQ(s.emerging, (std::vector<int16_t>{0, 1, 0}));
    EXPECT_EQ(s.signed_day, (std::vector<int32_t>{D("2026-01-01").days(), kNoDay, kNoDay}));
    EXPECT_EQ(s.in_stats_day, (std::vector<int32_t>{D("2026-03-31").days(), kNoDay, kNoDay}));
    EXPECT_EQ(s.producing_day, (std::vector<int32_t>{kNoDay, D("2025-01-01").days(), kNoDay}));
    EXPECT_EQ(s.above_scale_day, (std::vector<int32_t>{D("2026-12-31").days(), kNoDay, kNoDay}));
    EXPECT_EQ(s.above_scale_route, (std::vector<uint8_t>{static_cast<uint8_t>(AboveScaleRoute::kUpgrade), 0, 0}));
    EXPECT_EQ(s.prov_db_status, (std::vector<uint8_t>{static_cast<uint8_t>(ProvDbStatus::kConfirmed),
                                                      static_cast<uint8_t>(ProvDbStatus::kPending),
                                                      static_cast<uint8_t>(ProvDbStatus::kNone)}));
    EXPECT_EQ(s.prov_db_reported_day, (std::vector<int32_t>{D("2026-01-05").days(), D("2025-12-31").days(), kNoDay}));
    EXPECT_EQ(s.prov_db_confirmed_day, (std::vector<int32_t>{D("2026-02-01").days(), kNoDay, kNoDay}));

    // Current revisions only, by project index then month.
    EXPECT_EQ(s.fig_project, (std::vector<int32_t>{0, 0, 0, 2}));
    EXPECT_EQ(s.fig_month, (std::vector<int32_t>{2025 * 12 + 11, 2026 * 12 + 0, 2026 * 12 + 1, 2026 * 12 + 0}));
    EXPECT_EQ(s.fig_funds, (std::vector<int64_t>{12, 10, 25, 7}));
    EXPECT_EQ(s.fig_funds_out, (std::vector<int64_t>{12, 1, 5, 0}));
    EXPECT_EQ(s.fig_fixed_asset, (std::vector<int64_t>{120, 100, 250, 70}));
    EXPECT_EQ(s.fig_output, (std::vector<int64_t>{1200, 1000, 2500, 700}));
    EXPECT_EQ(s.fig_tax, (std::vector<int64_t>{0, 2, 4, 1}));
}

TEST_F(FiguresTest, SnapshotUsesTheCityProvinceSettingAndAnEmptyStore) {
    EngineSnapshot empty;
    store().BeginRead()->LoadSnapshot(empty);
    EXPECT_EQ(empty.unit_id.size(), 2u);
    EXPECT_TRUE(empty.project_id.empty());
    EXPECT_TRUE(empty.fig_project.empty());
    EXPECT_TRUE(empty.emerging_names.empty());

    const int64_t inv = AddInvestor("沪企", "91350100M000100Y43", "310000");
    Project p = NewProject("P1", unit_a_);
    p.investor_id = inv;
    AddProject(p);
    EngineSnapshot s;
    store().BeginRead()->LoadSnapshot(s);
    EXPECT_EQ(s.out_of_province, (std::vector<uint8_t>{1}));
    {
        auto tx = store().BeginWrite();
        tx->SetSetting("city_province_code", "310000");  // a city in Shanghai: the same investor is local
        tx->Commit();
    }
    store().BeginRead()->LoadSnapshot(s);
    EXPECT_EQ(s.out_of_province, (std::vector<uint8_t>{0}));
    EXPECT_EQ(s.project_id.size(), 1u);
}

}  // namespace
}  // namespace zs::testing
