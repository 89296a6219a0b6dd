// The activity log, weekly reports, report drafts and published reports of the SQLite store
// (migration V005), the projects' activity_id, and the bulk reads for reports (LoadLedgers,
// ListProblemsOf), on real database files.
#include <sqlite3.h>

#include <algorithm>
#include <random>

#include "store/migrations.hpp"
#include "store_fixture.hpp"

namespace zs::testing {
namespace {

// Runs a script on the database directly, outside the store; throws with the database's message.
void RawExec(const std::filesystem::path& file, const std::string& sql) {
    if (file.string().rfind("postgresql://", 0) == 0) {
        PgQuery(file.string(), sql);
        return;
    }
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
        sqlite3_close(db);
        throw std::runtime_error("cannot open " + file.string());
    }
    sqlite3_busy_timeout(db, 10000);
    char* error = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    std::string message = error != nullptr ? error : "";
    sqlite3_free(error);
    sqlite3_close(db);
    if (rc != SQLITE_OK) throw std::runtime_error(message);
}

Activity MakeActivity(int64_t unit, ActivityKind kind, const char* date) {
    Activity a;
    a.unit_id = unit;
    a.kind = kind;
    a.date = D(date);
    a.created_at = 1767225600;
    a.updated_at = a.created_at;
    return a;
}

template <typename T>
std::vector<int64_t> Ids(const std::vector<T>& items) {
    std::vector<int64_t> out;
    for (const T& i : items) out.push_back(i.id);
    return out;
}

class ActivitiesReportsTest : public StoreTest {
protected:
    int64_t AddActivity(const Activity& a) {
        auto tx = store().BeginWrite();
        const int64_t id = tx->InsertActivity(a);
        tx->Commit();
        return id;
    }
    int64_t AddUser(const std::string& username, const std::string& display_name) {
        auto tx = store().BeginWrite();
        User u;
        u.username = username;
        u.display_name = display_name;
        u.role = Role::kDispatcher;
        u.password_hash = "h";
        const int64_t id = tx->InsertUser(u);
        tx->Commit();
        return id;
    }
    PageOf<Activity> List(const ActivityFilter& f, Page p = {0, 100}) {
        return store().BeginRead()->ListActivities(f, p);
    }
    std::vector<int64_t> ListIds(const ActivityFilter& f, Page p = {0, 100}) { return Ids(List(f, p).items); }
};

// --- activities

TEST_F(ActivitiesReportsTest, ActivityKeepsEveryFieldAndJoinsItsUnit) {
    const int64_t unit = AddUnit("U1");
    Activity a = MakeActivity(unit, ActivityKind::kExhibition, "2026-03-10");
    a.end_date = D("2026-03-12");
    a.title = "第二十届中国国际投资贸易洽谈会";
    a.leader = "市长";
    a.destination = "厦门";
    a.place = "厦门国际会展中心";
    a.company = "甲公司";
    a.companies = "乙公司、丙公司";
    a.persons = 3;
    a.brochures = 500;
    a.enterprises_visited = 12;
    a.key_talks = 4;
    a.contacts = 30;
    a.follow_ups = 2;
    a.outcome = "达成意向 2 个";
    a.created_by = 7;
    a.created_at = 100;
    a.updated_at = 200;
    const int64_t id = AddActivity(a);

    auto tx = store().BeginRead();
    const std::optional<Activity> got = tx->GetActivity(id);
    ASSERT_TRUE(got);
    EXPECT_EQ(got->id, id);
    EXPECT_EQ(got->unit_id, unit);
    EXPECT_EQ(got->unit_name, "单位U1");
    EXPECT_EQ(got->kind, ActivityKind::kExhibition);
    EXPECT_EQ(got->date, D("2026-03-10"));
    EXPECT_EQ(got->end_date, D("2026-03-12"));
    EXPECT_EQ(got->title, a.title);
    EXPECT_EQ(got->leader, "市长");
    EXPECT_EQ(got->destination, "厦门");
    EXPECT_EQ(got->place, "厦门国际会展中心");
    EXPECT_EQ(got->company, "甲公司");
    EXPECT_EQ(got->companies, "乙公司、丙公司");
    EXPECT_EQ(got->persons, 3);
    EXPECT_EQ(got->brochures, 500);
    EXPECT_EQ(got->enterprises_visited, 12);
    EXPECT_EQ(got->key_talks, 4);
    EXPECT_EQ(got->contacts, 30);
    EXPECT_EQ(got->follow_ups, 2);
    EXPECT_EQ(got->outcome, "达成意向 2 个");
    EXPECT_EQ(got->created_by, 7);
    EXPECT_EQ(got->created_at, 100);
    EXPECT_EQ(got->updated_at, 200);
    EXPECT_EQ(got->version, 1);
    EXPECT_EQ(got->lead_count, 0);
    EXPECT_EQ(RawQuery(file_, "SELECT date || '/' || end_date FROM activities"), "2026-03-10/2026-03-12");

    // One day, no end date; timestamps stamped when 0.
    Activity visit = MakeActivity(unit, ActivityKind::kVisit, "2026-03-11");
    visit.created_at = 0;
    visit.updated_at = 0;
    const int64_t visit_id = AddActivity(visit);
    const Activity v = *store().BeginRead()->GetActivity(visit_id);
    EXPECT_EQ(v.kind, ActivityKind::kVisit);
    EXPECT_EQ(v.end_date, std::nullopt);
    EXPECT_GT(v.created_at, 1700000000);
    EXPECT_EQ(v.updated_at, v.created_at);
    EXPECT_FALSE(store().BeginRead()->GetActivity(visit_id + 100));
}

TEST_F(ActivitiesReportsTest, UpdateActivityFollowsTheVersion) {
    const int64_t u1 = AddUnit("U1");
    const int64_t u2 = AddUnit("U2");
    Activity a = MakeActivity(u1, ActivityKind::kTrip, "2026-03-10");
    a.destination = "上海";
    a.created_by = 7;
    const int64_t id = AddActivity(a);

    auto tx = store().BeginWrite();
    Activity e = *tx->GetActivity(id);
    e.unit_id = u2;
    e.kind = ActivityKind::kVisit;
    e.date = D("2026-03-09");
    e.destination = "";
    e.company = "丁公司";
    e.persons = 5;
    e.created_by = 99;  // not editable: stays 7
    e.created_at = 5;   // not editable: stays
    e.updated_at = 300;
    EXPECT_TRUE(tx->UpdateActivity(e, 1));
    const Activity got = *tx->GetActivity(id);
    EXPECT_EQ(got.version, 2);
    EXPECT_EQ(got.unit_id, u2);
    EXPECT_EQ(got.unit_name, "单位U2");
    EXPECT_EQ(got.kind, ActivityKind::kVisit);
    EXPECT_EQ(got.date, D("2026-03-09"));
    EXPECT_EQ(got.destination, "");
    EXPECT_EQ(got.company, "丁公司");
    EXPECT_EQ(got.persons, 5);
    EXPECT_EQ(got.created_by, 7);
    EXPECT_EQ(got.created_at, 1767225600);
    EXPECT_EQ(got.updated_at, 300);

    e.company = "stale";
    EXPECT_FALSE(tx->UpdateActivity(e, 1));  // version is 2 now
    EXPECT_EQ(tx->GetActivity(id)->company, "丁公司");
    e.id = id + 100;
    EXPECT_FALSE(tx->UpdateActivity(e, 2));  // gone
    e.id = id;
    EXPECT_TRUE(tx->UpdateActivity(e, 2));
    EXPECT_EQ(tx->GetActivity(id)->version, 3);
}

TEST_F(ActivitiesReportsTest, DatabaseRefusesInconsistentActivities) {
    const int64_t unit = AddUnit("U1");
    auto refused = [&](const Activity& a) {
        auto tx = store().BeginWrite();
        EXPECT_ANY_THROW(tx->InsertActivity(a));
    };
    Activity a = MakeActivity(unit, ActivityKind::kVisit, "2026-03-10");
    a.persons = -1;
    refused(a);
    a = MakeActivity(unit, ActivityKind::kExhibition, "2026-03-10");
    a.follow_ups = -1;
    refused(a);
    a = MakeActivity(unit, ActivityKind::kTrip, "2026-03-10");
    a.end_date = D("2026-03-09");  // before the first day
    refused(a);
    refused(MakeActivity(unit + 100, ActivityKind::kTrip, "2026-03-10"));  // no such unit
    EXPECT_ANY_THROW(RawExec(file_,
                             "INSERT INTO activities (unit_id, kind, date, created_at, updated_at)"
                             " VALUES (" +
                                 std::to_string(unit) + ", 'party', '2026-03-10', 1, 1)"));
    EXPECT_ANY_THROW(RawExec(file_,
                             "INSERT INTO activities (unit_id, kind, date, created_at, updated_at)"
                             " VALUES (" +
                                 std::to_string(unit) + ", 'trip', '2026-02-30', 1, 1)"));
    EXPECT_EQ(RawQuery(file_, "SELECT COUNT(*) FROM activities"), "0");

    a = MakeActivity(unit, ActivityKind::kTrip, "2026-03-10");
    a.end_date = D("2026-03-10");  // a one-day trip with its end day given
    EXPECT_GT(AddActivity(a), 0);
}

TEST_F(ActivitiesReportsTest, ListFiltersByUnitKindDatesAndText) {
    const int64_t u1 = AddUnit("U1");
    const int64_t u2 = AddUnit("U2");
    auto add = [&](int64_t unit, ActivityKind kind, const char* date, auto&& fill) {
        Activity a = MakeActivity(unit, kind, date);
        fill(a);
        return AddActivity(a);
    };
    const int64_t trip = add(u1, ActivityKind::kTrip, "2026-03-01", [](Activity& a) {
        a.leader = "张副市长";
        a.destination = "Shenzhen";
        a.companies = "比亚迪";
    });
    const int64_t visit = add(u1, ActivityKind::kVisit, "2026-03-05", [](Activity& a) {
        a.company = "宁德时代";
        a.persons = 2;
        a.outcome = "拟设立华东基地";
    });
    const int64_t expo = add(u2, ActivityKind::kExhibition, "2026-03-31", [](Activity& a) {
        a.title = "Canton Fair";
        a.place = "广州";
    });
    const int64_t april = add(u2, ActivityKind::kTrip, "2026-04-01", [](Activity& a) { a.destination = "合肥"; });

    EXPECT_EQ(List({}).total, 4);
    ActivityFilter f;
    f.unit_id = u1;
    EXPECT_EQ(ListIds(f), (std::vector<int64_t>{visit, trip}));  // default -date
    f = {};
    f.kind = ActivityKind::kTrip;
    EXPECT_EQ(ListIds(f), (std::vector<int64_t>{april, trip}));
    f.unit_id = u2;
    EXPECT_EQ(ListIds(f), std::vector<int64_t>{april});

    // from/to are inclusive on both ends.
    f = {};
    f.from = D("2026-03-05");
    f.to = D("2026-03-31");
    EXPECT_EQ(ListIds(f), (std::vector<int64_t>{expo, visit}));
    EXPECT_EQ(List(f).total, 2);
    f.from = D("2026-03-06");
    EXPECT_EQ(ListIds(f), std::vector<int64_t>{expo});
    f = {};
    f.to = D("2026-03-01");
    EXPECT_EQ(ListIds(f), std::vector<int64_t>{trip});

    // q: each searched field, case-insensitive for ASCII, and combined with the other filters.
    auto q = [&](const std::string& text) {
        ActivityFilter qf;
        qf.q = text;
        return ListIds(qf);
    };
    EXPECT_EQ(q("canton"), std::vector<int64_t>{expo});     // title
    EXPECT_EQ(q("副市长"), std::vector<int64_t>{trip});     // leader
    EXPECT_EQ(q("SHENZHEN"), std::vector<int64_t>{trip});   // destination
    EXPECT_EQ(q("广州"), std::vector<int64_t>{expo});       // place
    EXPECT_EQ(q("宁德"), std::vector<int64_t>{visit});      // company
    EXPECT_EQ(q("比亚迪"), std::vector<int64_t>{trip});     // companies
    EXPECT_EQ(q("华东基地"), std::vector<int64_t>{visit});  // outcome
    EXPECT_EQ(q("无此内容"), std::vector<int64_t>{});
    f = {};
    f.q = "合肥";
    f.unit_id = u1;
    EXPECT_EQ(List(f).total, 0);
    f.unit_id = u2;
    EXPECT_EQ(ListIds(f), std::vector<int64_t>{april});
}

TEST_F(ActivitiesReportsTest, ListSortsWithIdTiesAndPages) {
    const int64_t late = AddUnit("LATE", 2);
    const int64_t early = AddUnit("EARLY", 1);
    const int64_t a = AddActivity(MakeActivity(late, ActivityKind::kTrip, "2026-03-02"));
    const int64_t b = AddActivity(MakeActivity(early, ActivityKind::kTrip, "2026-03-01"));
    const int64_t c = AddActivity(MakeActivity(late, ActivityKind::kVisit, "2026-03-02"));
    const int64_t d = AddActivity(MakeActivity(early, ActivityKind::kVisit, "2026-03-03"));

    auto sorted = [&](const std::string& sort) {
        ActivityFilter f;
        f.sort = sort;
        return ListIds(f);
    };
    EXPECT_EQ(sorted("-date"), (std::vector<int64_t>{d, c, a, b}));  // equal dates: id in the same direction
    EXPECT_EQ(sorted("date"), (std::vector<int64_t>{b, a, c, d}));
    EXPECT_EQ(sorted("id"), (std::vector<int64_t>{a, b, c, d}));
    EXPECT_EQ(sorted("-id"), (std::vector<int64_t>{d, c, b, a}));
    EXPECT_EQ(sorted("unit"), (std::vector<int64_t>{b, d, a, c}));  // the units' order, not their ids
    EXPECT_EQ(sorted("-unit"), (std::vector<int64_t>{c, a, d, b}));
    EXPECT_EQ(sorted("title; DROP TABLE activities"), sorted("-date"));  // not in the whitelist
    EXPECT_EQ(ActivityFilter{}.sort, "-date");

    const PageOf<Activity> page = List({}, Page{1, 2});
    EXPECT_EQ(page.total, 4);
    EXPECT_EQ(Ids(page.items), (std::vector<int64_t>{c, a}));
    ASSERT_EQ(page.items.size(), 2u);
    EXPECT_EQ(page.items[0].unit_name, "单位LATE");  // the page's rows carry the joined fields too
    EXPECT_EQ(Ids(List({}, Page{3, 2}).items), std::vector<int64_t>{b});
    const PageOf<Activity> past = List({}, Page{10, 2});
    EXPECT_EQ(past.total, 4);
    EXPECT_TRUE(past.items.empty());
    EXPECT_TRUE(List({}, Page{0, 0}).items.empty());
    EXPECT_EQ(List({}, Page{0, 0}).total, 4);
}

TEST_F(ActivitiesReportsTest, ProjectsCarryTheirActivityAndSurviveItsDeletion) {
    const int64_t unit = AddUnit("U1");
    const int64_t trip = AddActivity(MakeActivity(unit, ActivityKind::kTrip, "2026-03-01"));
    const int64_t visit = AddActivity(MakeActivity(unit, ActivityKind::kVisit, "2026-03-02"));

    Project p1 = NewProject("P1", unit);
    p1.activity_id = trip;
    const int64_t id1 = AddProject(p1);
    Project p2 = NewProject("P2", unit);
    p2.activity_id = trip;
    const int64_t id2 = AddProject(p2);
    const int64_t id3 = AddProject(NewProject("P3", unit));

    {
        auto tx = store().BeginRead();
        EXPECT_EQ(tx->GetProject(id1, D("2026-06-01"))->activity_id, trip);
        EXPECT_EQ(tx->GetProject(id3, D("2026-06-01"))->activity_id, std::nullopt);
        EXPECT_EQ(tx->GetProjectByCode("P2")->activity_id, trip);
        ProjectFilter pf;
        pf.sort = "id";
        const PageOf<Project> projects = tx->ListProjects(pf, {});
        ASSERT_EQ(projects.items.size(), 3u);
        EXPECT_EQ(projects.items[0].activity_id, trip);
        EXPECT_EQ(projects.items[2].activity_id, std::nullopt);

        EXPECT_EQ(tx->GetActivity(trip)->lead_count, 2);
        EXPECT_EQ(tx->GetActivity(visit)->lead_count, 0);
        ActivityFilter af;
        af.sort = "id";
        const PageOf<Activity> listed = tx->ListActivities(af, {});
        ASSERT_EQ(listed.items.size(), 2u);
        EXPECT_EQ(listed.items[0].lead_count, 2);
        EXPECT_EQ(listed.items[1].lead_count, 0);
        const auto leads = tx->ListActivityLeads(trip);
        ASSERT_EQ(leads.size(), 2u);
        EXPECT_EQ(leads[0], (std::pair<int64_t, std::string>(id1, "项目P1")));
        EXPECT_EQ(leads[1], (std::pair<int64_t, std::string>(id2, "项目P2")));
        EXPECT_TRUE(tx->ListActivityLeads(visit).empty());
    }
    {  // moving a lead to another activity, and clearing it, through UpdateProject
        auto tx = store().BeginWrite();
        Project p = *tx->GetProject(id2, D("2026-06-01"));
        p.activity_id = visit;
        ASSERT_TRUE(tx->UpdateProject(p, p.version));
        p = *tx->GetProject(id3, D("2026-06-01"));
        p.activity_id = visit;
        ASSERT_TRUE(tx->UpdateProject(p, p.version));
        p = *tx->GetProject(id3, D("2026-06-01"));
        p.activity_id = std::nullopt;
        ASSERT_TRUE(tx->UpdateProject(p, p.version));
        tx->Commit();
    }
    EXPECT_EQ(store().BeginRead()->GetProject(id2, D("2026-06-01"))->activity_id, visit);
    EXPECT_EQ(store().BeginRead()->GetProject(id3, D("2026-06-01"))->activity_id, std::nullopt);
    EXPECT_EQ(store().BeginRead()->GetActivity(trip)->lead_count, 1);

    {  // a project cannot point at an activity that does not exist
        auto tx = store().BeginWrite();
        Project bad = NewProject("P4", unit);
        bad.activity_id = visit + 100;
        EXPECT_ANY_THROW(tx->InsertProject(bad));
    }

    {
        auto tx = store().BeginWrite();
        tx->DeleteActivity(trip);
        tx->Commit();
    }
    auto tx = store().BeginRead();
    EXPECT_FALSE(tx->GetActivity(trip));
    const std::optional<Project> kept = tx->GetProject(id1, D("2026-06-01"));
    ASSERT_TRUE(kept);  // the lead stays, without its activity
    EXPECT_EQ(kept->activity_id, std::nullopt);
    EXPECT_EQ(kept->name, "项目P1");
    EXPECT_EQ(tx->GetProject(id2, D("2026-06-01"))->activity_id, visit);
    EXPECT_TRUE(tx->ListActivityLeads(trip).empty());
    EXPECT_EQ(tx->ListActivities({}, {}).total, 1);
}

// --- weekly reports

TEST_F(ActivitiesReportsTest, WeeklyReportsFollowTheVersionRule) {
    const int64_t u1 = AddUnit("U1");
    const int64_t u2 = AddUnit("U2");
    auto tx = store().BeginWrite();
    EXPECT_FALSE(tx->GetWeeklyReport(u1, 2026, 10));

    WeeklyReport w;
    w.unit_id = u1;
    w.year = 2026;
    w.week = 10;
    w.progress = "接待客商 3 批";
    w.updated_at = 500;
    EXPECT_TRUE(tx->UpsertWeeklyReport(w, 0));   // 0 creates
    EXPECT_FALSE(tx->UpsertWeeklyReport(w, 0));  // … only once
    WeeklyReport got = *tx->GetWeeklyReport(u1, 2026, 10);
    EXPECT_EQ(got.unit_id, u1);
    EXPECT_EQ(got.year, 2026);
    EXPECT_EQ(got.week, 10);
    EXPECT_EQ(got.progress, "接待客商 3 批");
    EXPECT_EQ(got.problems, "");
    EXPECT_FALSE(got.submitted);
    EXPECT_EQ(got.submitted_at, 0);
    EXPECT_EQ(got.submitted_by, 0);
    EXPECT_EQ(got.version, 1);
    EXPECT_EQ(got.updated_at, 500);

    w.problems = "用地指标不足";
    w.submitted = true;
    w.submitted_at = 1773000000;
    w.submitted_by = 42;
    w.updated_at = 600;
    EXPECT_TRUE(tx->UpsertWeeklyReport(w, 1));
    got = *tx->GetWeeklyReport(u1, 2026, 10);
    EXPECT_EQ(got.version, 2);
    EXPECT_EQ(got.problems, "用地指标不足");
    EXPECT_TRUE(got.submitted);
    EXPECT_EQ(got.submitted_at, 1773000000);
    EXPECT_EQ(got.submitted_by, 42);
    EXPECT_EQ(got.updated_at, 600);

    w.progress = "stale";
    EXPECT_FALSE(tx->UpsertWeeklyReport(w, 1));  // stale
    EXPECT_EQ(tx->GetWeeklyReport(u1, 2026, 10)->progress, "接待客商 3 批");
    WeeklyReport other = w;
    other.unit_id = u2;
    EXPECT_FALSE(tx->UpsertWeeklyReport(other, 1));  // gone: nothing to update
    EXPECT_FALSE(tx->GetWeeklyReport(u2, 2026, 10));

    // Reopening (staff) clears the submission; 0 is stored as NULL.
    w.progress = "接待客商 3 批";
    w.submitted = false;
    w.submitted_at = 0;
    w.submitted_by = 0;
    EXPECT_TRUE(tx->UpsertWeeklyReport(w, 2));
    EXPECT_FALSE(tx->GetWeeklyReport(u1, 2026, 10)->submitted);
    tx->Commit();
    EXPECT_EQ(RawQuery(file_, "SELECT CASE WHEN submitted_at IS NULL AND submitted_by IS NULL THEN 'nullnull' END"
                              " FROM weekly_reports"),
              "nullnull");

    {  // the list is one week, by unit id
        auto wt = store().BeginWrite();
        EXPECT_TRUE(wt->UpsertWeeklyReport(other, 0));
        WeeklyReport next = other;
        next.week = 11;
        EXPECT_TRUE(wt->UpsertWeeklyReport(next, 0));
        WeeklyReport bad = other;
        bad.week = 54;
        EXPECT_ANY_THROW(wt->UpsertWeeklyReport(bad, 0));
        wt->Commit();
    }
    auto rd = store().BeginRead();
    const std::vector<WeeklyReport> week10 = rd->ListWeeklyReports(2026, 10);
    ASSERT_EQ(week10.size(), 2u);
    EXPECT_EQ(week10[0].unit_id, u1);
    EXPECT_EQ(week10[1].unit_id, u2);
    EXPECT_EQ(week10[0].version, 3);
    EXPECT_EQ(rd->ListWeeklyReports(2026, 11).size(), 1u);
    EXPECT_TRUE(rd->ListWeeklyReports(2025, 10).empty());
}

// --- report drafts

TEST_F(ActivitiesReportsTest, ReportDraftsFollowTheVersionRulePerKey) {
    const int64_t unit = AddUnit("U1");
    const ReportKey city{"monthly", 2026, 3, 0};
    const ReportKey of_unit{"weekly", 2026, 10, unit};
    auto tx = store().BeginWrite();
    EXPECT_FALSE(tx->GetReportDraft(city));

    ReportDraft d;
    d.key = city;
    d.edits_json = R"({"intro":"现将情况通报如下:"})";
    d.updated_by = 7;
    d.updated_at = 800;
    EXPECT_TRUE(tx->UpsertReportDraft(d, 0));
    EXPECT_FALSE(tx->UpsertReportDraft(d, 0));
    ReportDraft got = *tx->GetReportDraft(city);
    EXPECT_EQ(got.key, city);
    EXPECT_EQ(got.edits_json, d.edits_json);
    EXPECT_EQ(got.version, 1);
    EXPECT_EQ(got.updated_by, 7);
    EXPECT_EQ(got.updated_at, 800);

    d.edits_json = R"({"intro":"改"})";
    d.updated_by = 8;
    EXPECT_TRUE(tx->UpsertReportDraft(d, 1));
    got = *tx->GetReportDraft(city);
    EXPECT_EQ(got.version, 2);
    EXPECT_EQ(got.edits_json, R"({"intro":"改"})");
    EXPECT_EQ(got.updated_by, 8);
    EXPECT_FALSE(tx->UpsertReportDraft(d, 1));  // stale

    // Each part of the key tells drafts apart.
    for (const ReportKey& k : {ReportKey{"summary", 2026, 3, 0}, ReportKey{"monthly", 2025, 3, 0},
                               ReportKey{"monthly", 2026, 4, 0}, ReportKey{"monthly", 2026, 3, unit}}) {
        EXPECT_FALSE(tx->GetReportDraft(k)) << k.type << k.year << k.period << k.unit_id;
    }
    ReportDraft w;
    w.key = of_unit;
    EXPECT_FALSE(tx->UpsertReportDraft(w, 1));  // gone
    EXPECT_TRUE(tx->UpsertReportDraft(w, 0));
    EXPECT_EQ(tx->GetReportDraft(of_unit)->edits_json, "{}");
    EXPECT_EQ(tx->GetReportDraft(city)->version, 2);

    // Edits are a JSON object; the type one of the report types.
    ReportDraft bad = d;
    bad.key = ReportKey{"quarterly", 2026, 1, 0};
    bad.edits_json = "[1]";
    EXPECT_ANY_THROW(tx->UpsertReportDraft(bad, 0));
    bad.edits_json = "{not json";
    EXPECT_ANY_THROW(tx->UpsertReportDraft(bad, 0));
    bad.edits_json = "{}";
    bad.key.type = "annual";
    EXPECT_ANY_THROW(tx->UpsertReportDraft(bad, 0));
}

// --- published reports

std::string RandomBytes(size_t n, unsigned seed) {
    std::mt19937 gen(seed);
    std::string out(n, '\0');
    for (char& c : out) c = static_cast<char>(gen() & 0xff);
    return out;
}

PublishedReport MakePublished(ReportKey key, int version_no, int64_t at) {
    PublishedReport r;
    r.key = std::move(key);
    r.version_no = version_no;
    r.title = "示范市招商引资工作月通报";
    r.note = version_no > 1 ? "更正 3 月数据" : "";
    r.document_json = R"({"type":"monthly","blocks":[]})";
    r.edits_json = R"({"intro":"x"})";
    r.docx = std::string("PK\x03\x04\0\0\xff\xfe docx", 14);
    r.xlsx = std::string("PK\x03\x04\0xlsx\x80\x81", 11);
    r.html = "<!doctype html><p>月通报</p>";
    r.docx_sha256 = "d" + std::to_string(version_no);
    r.xlsx_sha256 = "x" + std::to_string(version_no);
    r.html_sha256 = "h" + std::to_string(version_no);
    r.published_at = at;
    return r;
}

TEST_F(ActivitiesReportsTest, PublishedReportsKeepTheirBytesExactly) {
    const int64_t user = AddUser("disp", "调度员甲");
    const int64_t unnamed = AddUser("nameless", "");
    const ReportKey march{"monthly", 2026, 3, 0};
    PublishedReport first = MakePublished(march, 1, 1000);
    first.published_by = user;
    // Every byte value, NULs inside, invalid UTF-8, and a megabyte: stored and read back as they are.
    std::string all_bytes;
    for (int i = 0; i < 256; ++i) all_bytes.push_back(static_cast<char>(i));
    first.docx = all_bytes + std::string(3, '\0') + RandomBytes(1 << 20, 1);
    first.xlsx = std::string("\0\0\0", 3);
    first.html = "";
    PublishedReport correction = MakePublished(march, 2, 2000);
    correction.published_by = unnamed;
    PublishedReport weekly = MakePublished(ReportKey{"weekly", 2026, 10, 0}, 1, 2000);  // same second
    PublishedReport old = MakePublished(ReportKey{"summary", 2025, 12, 0}, 1, 500);
    old.published_by = 0;  // the system

    int64_t first_id = 0, correction_id = 0, weekly_id = 0, old_id = 0;
    {
        auto tx = store().BeginWrite();
        EXPECT_EQ(tx->MaxReportVersion(march), 0);
        first_id = tx->InsertPublishedReport(first);
        correction_id = tx->InsertPublishedReport(correction);
        weekly_id = tx->InsertPublishedReport(weekly);
        old_id = tx->InsertPublishedReport(old);
        tx->Commit();
    }
    // Stored as bytes (BLOB / bytea), not as text.
    const std::string types = TestingPostgres()
                                  ? "CAST(pg_typeof(docx) AS text) || CAST(pg_typeof(xlsx) AS text) || CAST(pg_typeof(html) AS text)"
                                  : "typeof(docx) || typeof(xlsx) || typeof(html)";
    EXPECT_EQ(RawQuery(file_, "SELECT " + types + " FROM published_reports WHERE id = " + std::to_string(first_id)),
              TestingPostgres() ? "byteabyteabytea" : "blobblobblob");
    EXPECT_EQ(RawQuery(file_, "SELECT length(docx) FROM published_reports WHERE id = " + std::to_string(first_id)),
              std::to_string(first.docx.size()));

    auto tx = store().BeginRead();
    EXPECT_EQ(tx->MaxReportVersion(march), 2);
    EXPECT_EQ(tx->MaxReportVersion(ReportKey{"monthly", 2026, 3, 5}), 0);
    EXPECT_EQ(tx->MaxReportVersion(ReportKey{"weekly", 2026, 10, 0}), 1);

    const std::optional<PublishedReport> got = tx->GetPublishedReport(first_id, true);
    ASSERT_TRUE(got);
    EXPECT_EQ(got->id, first_id);
    EXPECT_EQ(got->key, march);
    EXPECT_EQ(got->version_no, 1);
    EXPECT_EQ(got->title, first.title);
    EXPECT_EQ(got->note, "");
    EXPECT_EQ(got->document_json, first.document_json);
    EXPECT_EQ(got->edits_json, first.edits_json);
    EXPECT_EQ(got->docx_sha256, "d1");
    EXPECT_EQ(got->xlsx_sha256, "x1");
    EXPECT_EQ(got->html_sha256, "h1");
    EXPECT_EQ(got->published_by, user);
    EXPECT_EQ(got->published_by_name, "调度员甲");
    EXPECT_EQ(got->published_at, 1000);
    EXPECT_EQ(got->docx.size(), first.docx.size());
    EXPECT_TRUE(got->docx == first.docx);  // not EXPECT_EQ: a failure would print a megabyte
    EXPECT_EQ(got->xlsx, std::string("\0\0\0", 3));
    EXPECT_EQ(got->html, "");
    const PublishedReport fix = *tx->GetPublishedReport(correction_id, true);
    EXPECT_EQ(fix.docx, correction.docx);
    EXPECT_EQ(fix.xlsx, correction.xlsx);
    EXPECT_EQ(fix.html, correction.html);
    EXPECT_EQ(fix.note, "更正 3 月数据");
    EXPECT_EQ(fix.published_by_name, "nameless");  // no display name: the username

    const PublishedReport light = *tx->GetPublishedReport(first_id, false);
    EXPECT_EQ(light.docx_sha256, "d1");
    EXPECT_TRUE(light.docx.empty() && light.xlsx.empty() && light.html.empty());
    EXPECT_FALSE(tx->GetPublishedReport(old_id + 100, true));

    // Newest first, ties by id; no bytes; names joined ("system" for 0); filters by type and year.
    const std::vector<PublishedReport> all = tx->ListPublishedReports("", 0);
    EXPECT_EQ(Ids(all), (std::vector<int64_t>{weekly_id, correction_id, first_id, old_id}));
    for (const PublishedReport& r : all) {
        EXPECT_TRUE(r.docx.empty() && r.xlsx.empty() && r.html.empty()) << r.id;
        EXPECT_FALSE(r.docx_sha256.empty());
        EXPECT_FALSE(r.title.empty());
    }
    EXPECT_EQ(all[0].key, (ReportKey{"weekly", 2026, 10, 0}));
    EXPECT_EQ(all[2].published_by_name, "调度员甲");
    EXPECT_EQ(all[3].published_by_name, "system");
    EXPECT_EQ(Ids(tx->ListPublishedReports("monthly", 0)), (std::vector<int64_t>{correction_id, first_id}));
    EXPECT_EQ(Ids(tx->ListPublishedReports("", 2025)), std::vector<int64_t>{old_id});
    EXPECT_EQ(Ids(tx->ListPublishedReports("monthly", 2025)), std::vector<int64_t>{});
    EXPECT_EQ(Ids(tx->ListPublishedReports("summary", 2025)), std::vector<int64_t>{old_id});
}

TEST_F(ActivitiesReportsTest, APublishedVersionIsUniqueAndACorrectionNeedsItsReason) {
    const ReportKey march{"monthly", 2026, 3, 0};
    auto tx = store().BeginWrite();
    tx->InsertPublishedReport(MakePublished(march, 1, 1000));
    EXPECT_THROW(tx->InsertPublishedReport(MakePublished(march, 1, 1001)), UniqueViolation);

    PublishedReport silent = MakePublished(march, 2, 1002);
    silent.note = "  ";
    try {
        tx->InsertPublishedReport(silent);
        ADD_FAILURE() << "a correction without a reason was stored";
    } catch (const UniqueViolation&) {
        ADD_FAILURE() << "a CHECK failure reported as a unique clash";
    } catch (const std::exception&) {
    }
    PublishedReport ledger = MakePublished(ReportKey{"ledger", 2026, 1, 0}, 1, 1003);  // never published
    EXPECT_ANY_THROW(tx->InsertPublishedReport(ledger));

    // The transaction goes on after the refusals.
    tx->InsertPublishedReport(MakePublished(march, 2, 1004));
    tx->Commit();
    EXPECT_EQ(store().BeginRead()->MaxReportVersion(march), 2);
    EXPECT_EQ(RawQuery(file_, "SELECT COUNT(*) FROM published_reports"), "2");
}

TEST_F(ActivitiesReportsTest, ThePublishedReportsTableRefusesUpdatesAndDeletes) {
    int64_t id = 0;
    {
        auto tx = store().BeginWrite();
        id = tx->InsertPublishedReport(MakePublished(ReportKey{"monthly", 2026, 3, 0}, 1, 1000));
        tx->Commit();
    }
    const std::string where = " WHERE id = " + std::to_string(id);
    for (const std::string& change :
         {"UPDATE published_reports SET title = 'x'" + where, "UPDATE published_reports SET docx = html" + where,
          "DELETE FROM published_reports" + where, std::string("DELETE FROM published_reports")}) {
        try {
            RawExec(file_, change);
            ADD_FAILURE() << "accepted: " << change;
        } catch (const std::runtime_error& e) {
            EXPECT_NE(std::string(e.what()).find("immutable"), std::string::npos) << e.what();
        }
    }
    const PublishedReport kept = *store().BeginRead()->GetPublishedReport(id, true);
    EXPECT_EQ(kept.title, "示范市招商引资工作月通报");
    EXPECT_EQ(kept.docx, MakePublished(ReportKey{}, 1, 0).docx);
}

// --- projects in bulk

TEST_F(ActivitiesReportsTest, LoadLedgersFillsTheSameNodesAsGetProject) {
    const int64_t unit = AddUnit("U1");
    std::vector<int64_t> ids;
    for (int i = 0; i < 6; ++i) {
        Project p = NewProject("P" + std::to_string(i), unit);
        // Project i has nodes 0 … i-1 (project 0 none), some planned only, some with notes.
        for (int n = 0; n < i; ++n) {
            NodeEntry& e = p.nodes[n];
            e.planned = D("2026-01-01").AddDays(10 * n + i);
            if (n % 2 == 0) e.actual = D("2026-01-02").AddDays(10 * n + i);
            if (n == 1) e.note = "备注" + std::to_string(i);
        }
        ids.push_back(AddProject(p));
    }

    auto tx = store().BeginRead();
    // Any order, a project twice, an unknown id, and stale ledgers in the input: all replaced.
    auto load = [&](std::initializer_list<int64_t> wanted) {
        std::vector<Project> projects;
        for (int64_t id : wanted) {
            Project p;
            p.id = id;
            p.nodes[NodeIndex(Node::kFullCapacity)].actual = D("1999-01-01");
            projects.push_back(p);
        }
        tx->LoadLedgers(projects);
        EXPECT_EQ(projects.size(), wanted.size());
        return projects;
    };
    // Counts the planned dates seen, and holds each ledger to GetProject's.
    auto check = [&](const std::vector<Project>& projects) {
        int filled = 0;
        for (const Project& p : projects) {
            const std::optional<Project> one = tx->GetProject(p.id, D("2026-06-01"));
            const NodeLedger expected = one ? one->nodes : EmptyLedger();
            for (int n = 0; n < kNodeCount; ++n) {
                EXPECT_EQ(p.nodes[n].node, expected[n].node) << p.id << " " << n;
                EXPECT_EQ(p.nodes[n].planned, expected[n].planned) << p.id << " " << n;
                EXPECT_EQ(p.nodes[n].actual, expected[n].actual) << p.id << " " << n;
                EXPECT_EQ(p.nodes[n].note, expected[n].note) << p.id << " " << n;
                filled += p.nodes[n].planned ? 1 : 0;
            }
        }
        return filled;
    };
    // Most of the projects (read by one scan of every ledger).
    const std::vector<Project> most = load({ids[4], ids[0], ids[5], ids[2], ids[4], ids[5] + 100});
    EXPECT_EQ(check(most), 4 + 0 + 5 + 2 + 4);  // the ledgers really came from the database
    EXPECT_EQ(most[0].nodes[1].note, "备注4");
    EXPECT_EQ(most[2].nodes[4].actual, D("2026-01-02").AddDays(45));
    // A few of them (read by id).
    const std::vector<Project> few = load({ids[3], ids[1]});
    EXPECT_EQ(check(few), 3 + 1);
    EXPECT_EQ(few[0].nodes[1].note, "备注3");
    EXPECT_EQ(few[1].nodes[NodeIndex(Node::kFullCapacity)].actual, std::nullopt);

    std::vector<Project> none;
    tx->LoadLedgers(none);
    EXPECT_TRUE(none.empty());
}

TEST_F(ActivitiesReportsTest, ListProblemsOfGivesTheProblemsOfTheGivenProjects) {
    const int64_t unit = AddUnit("U1");
    const int64_t a = AddProject(NewProject("A", unit));
    const int64_t b = AddProject(NewProject("B", unit));
    const int64_t c = AddProject(NewProject("C", unit));
    std::vector<int64_t> of_a, of_c;
    {
        auto tx = store().BeginWrite();
        of_c.push_back(tx->InsertProblem(MakeProblem(c, "funding", D("2026-05-01"))));
        of_a.push_back(tx->InsertProblem(MakeProblem(a, "land_quota", std::nullopt)));
        tx->InsertProblem(MakeProblem(b, "approval", std::nullopt));
        of_c.push_back(tx->InsertProblem(MakeProblem(c, "energy", std::nullopt)));
        of_a.push_back(tx->InsertProblem(MakeProblem(a, "other", std::nullopt)));
        tx->Commit();
    }
    auto tx = store().BeginRead();
    const std::vector<Problem> got = tx->ListProblemsOf({c, a, c + 100});
    std::vector<int64_t> expected = of_a;  // by project, then problem id
    expected.insert(expected.end(), of_c.begin(), of_c.end());
    EXPECT_EQ(Ids(got), expected);
    ASSERT_EQ(got.size(), 4u);
    EXPECT_EQ(got[0].project_id, a);
    EXPECT_EQ(got[0].category, "land_quota");
    EXPECT_EQ(got[2].project_id, c);
    EXPECT_EQ(got[2].deadline, D("2026-05-01"));
    EXPECT_TRUE(tx->ListProblemsOf({}).empty());
    EXPECT_EQ(tx->ListProblemsOf({b}).size(), 1u);
}

// --- the indicator snapshot's change log

TEST_F(ActivitiesReportsTest, TheNewTablesRecordNoSnapshotChanges) {
    const int64_t unit = AddUnit("U1");
    const int64_t activity = AddActivity(MakeActivity(unit, ActivityKind::kTrip, "2026-03-01"));
    Project p = NewProject("P1", unit);
    p.activity_id = activity;
    const int64_t lead = AddProject(p);
    const int64_t other = AddProject(NewProject("P2", unit));
    const int64_t v = store().BeginRead()->DataVersion();
    {
        auto tx = store().BeginWrite();
        Activity a = *tx->GetActivity(activity);
        a.outcome = "改";
        ASSERT_TRUE(tx->UpdateActivity(a, 1));
        tx->InsertActivity(MakeActivity(unit, ActivityKind::kVisit, "2026-03-02"));
        WeeklyReport w;
        w.unit_id = unit;
        w.year = 2026;
        w.week = 10;
        ASSERT_TRUE(tx->UpsertWeeklyReport(w, 0));
        ReportDraft d;
        d.key = ReportKey{"monthly", 2026, 3, 0};
        ASSERT_TRUE(tx->UpsertReportDraft(d, 0));
        tx->InsertPublishedReport(MakePublished(ReportKey{"monthly", 2026, 3, 0}, 1, 1000));
        tx->Commit();
    }
    EXPECT_EQ(store().BeginRead()->DataVersion(), v + 1);  // a write like any other
    EXPECT_EQ(store().BeginRead()->ChangedProjectsSince(v), std::vector<int64_t>{});

    // Deleting the activity clears its leads' activity_id: those projects (only) count as changed.
    {
        auto tx = store().BeginWrite();
        tx->DeleteActivity(activity);
        tx->Commit();
    }
    EXPECT_EQ(store().BeginRead()->ChangedProjectsSince(v + 1), std::vector<int64_t>{lead});
    EngineSnapshot snap;
    store().BeginRead()->LoadSnapshotProjects({lead, other}, snap);
    EXPECT_EQ(snap.project_id, (std::vector<int64_t>{lead, other}));
}

// --- migration

TEST(ActivitiesMigrationTest, V005MigratesADatabaseHoldingV004DataAndKeepsIt) {
    std::string tmpl = (std::filesystem::temp_directory_path() / "zs_v005_XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    const std::filesystem::path dir = tmpl;
    const std::filesystem::path file = dir / "old.db";

    // A database as the previous release left it: V001–V004 applied, with a unit, a project with a
    // node, a problem, a monthly figure and a submission.
    std::string script =
        "PRAGMA foreign_keys = ON; BEGIN;"
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);";
    for (const Migration& m : kSqliteMigrations) {
        if (m.version > 4) continue;
        script += m.sql;
        script += ";INSERT INTO schema_migrations VALUES (" + std::to_string(m.version) + ", '" + m.name + "', 'x');";
    }
    script +=
        "INSERT INTO units (code, name, kind) VALUES ('U1', '老单位', 'town');"
        "INSERT INTO projects (code, name, unit_id, category, total_investment, signed_date, prov_db_status,"
        " prov_db_reported_date, created_at, updated_at)"
        " VALUES ('OLD1', '老项目', 1, 'industry', 150000000, '2025-06-30', 'pending', '2025-07-01', 5, 6);"
        "INSERT INTO project_nodes (project_id, node, planned_date, actual_date, note)"
        " VALUES (1, 'signed', '2025-06-01', '2025-06-30', '已签');"
        "INSERT INTO problems (project_id, category, description, created_at, updated_at)"
        " VALUES (1, 'funding', '缺资金', 7, 7);"
        "INSERT INTO monthly_figures (project_id, year, month, revision, funds_in_place, created_at)"
        " VALUES (1, 2025, 12, 1, 900, 8);"
        "INSERT INTO monthly_submissions (unit_id, year, month, state) VALUES (1, 2025, 12, 'locked');"
        "UPDATE meta SET data_version = 41;"
        "COMMIT;";
    RawExec(file, script);
    ASSERT_EQ(RawQuery(file, "SELECT max(version) FROM schema_migrations"), "4");

    {
        auto s = OpenSqliteStore(file.string(), 2);
        s->Migrate();
        EXPECT_GE(s->SchemaVersion(), 5);
        {
            auto tx = s->BeginRead();
            EXPECT_EQ(tx->DataVersion(), 41);
            const std::optional<Project> p = tx->GetProjectByCode("OLD1");
            ASSERT_TRUE(p);
            EXPECT_EQ(p->name, "老项目");
            EXPECT_EQ(p->total_investment, 150000000);
            EXPECT_EQ(p->signed_date, D("2025-06-30"));
            EXPECT_EQ(p->prov_db_status, ProvDbStatus::kPending);
            EXPECT_EQ(p->prov_db_reported_date, D("2025-07-01"));
            EXPECT_EQ(p->created_at, 5);
            EXPECT_EQ(p->activity_id, std::nullopt);
            EXPECT_EQ(p->nodes[NodeIndex(Node::kSigned)].actual, D("2025-06-30"));
            EXPECT_EQ(p->nodes[NodeIndex(Node::kSigned)].note, "已签");
            EXPECT_EQ(tx->ListProblemsOf({p->id}).size(), 1u);
            EXPECT_EQ(tx->ListFigureHistory(p->id, 2025, 12).at(0).funds_in_place, 900);
            EXPECT_EQ(tx->GetSubmission(1, 2025, 12)->state, SubmissionState::kLocked);
            EXPECT_EQ(tx->ListActivities({}, {}).total, 0);
            EXPECT_TRUE(tx->ListPublishedReports("", 0).empty());
        }
        // The new column links to the new table, and the V004 triggers still record the project.
        auto tx = s->BeginWrite();
        Activity a = MakeActivity(1, ActivityKind::kVisit, "2026-01-05");
        a.company = "甲";
        a.persons = 1;
        const int64_t activity = tx->InsertActivity(a);
        Project p = *tx->GetProjectByCode("OLD1");
        p.activity_id = activity;
        ASSERT_TRUE(tx->UpdateProject(p, p.version));
        tx->Commit();
        auto rd = s->BeginRead();
        EXPECT_EQ(rd->GetActivity(activity)->lead_count, 1);
        EXPECT_EQ(rd->ChangedProjectsSince(41), std::vector<int64_t>{p.id});
    }
    EXPECT_EQ(RawQuery(file,
                       "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('activities', 'weekly_reports',"
                       " 'report_drafts', 'published_reports', 'projects_activity', 'published_reports_no_update',"
                       " 'published_reports_no_delete')"),
              "7");
    EXPECT_EQ(RawQuery(file, "PRAGMA foreign_key_check"), "");
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
}

}  // namespace
}  // namespace zs::testing
