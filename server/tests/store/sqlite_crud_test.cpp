// Create, read, update and delete for every entity of the SQLite store, with optimistic versions
// and unique keys.
#include "store_fixture.hpp"

namespace zs::testing {
namespace {

using CrudTest = StoreTest;

TEST_F(CrudTest, Settings) {
    auto tx = store().BeginWrite();
    tx->SetSetting("stalled_days", "60");
    tx->SetSetting("new_key", "值");
    tx->Commit();
    auto rd = store().BeginRead();
    EXPECT_EQ(rd->GetSetting("stalled_days"), "60");
    EXPECT_EQ(rd->GetSetting("new_key"), "值");
}

TEST_F(CrudTest, Units) {
    const int64_t b = AddUnit("B", 2);
    const int64_t a = AddUnit("A", 1);
    const int64_t c = AddUnit("C", 1);
    auto tx = store().BeginWrite();
    const std::vector<Unit> units = tx->ListUnits();
    ASSERT_EQ(units.size(), 3u);
    EXPECT_EQ(units[0].id, a);  // sort_order, then id
    EXPECT_EQ(units[1].id, c);
    EXPECT_EQ(units[2].id, b);

    Unit u = *tx->GetUnit(a);
    EXPECT_EQ(u.code, "A");
    EXPECT_EQ(u.name, "单位A");
    EXPECT_EQ(u.kind, UnitKind::kTown);
    EXPECT_EQ(u.version, 1);
    u.name = "双新产业园";
    u.kind = UnitKind::kPark;
    u.sort_order = 9;
    EXPECT_TRUE(tx->UpdateUnit(u, 1));
    const Unit after = *tx->GetUnit(a);
    EXPECT_EQ(after.name, "双新产业园");
    EXPECT_EQ(after.kind, UnitKind::kPark);
    EXPECT_EQ(after.sort_order, 9);
    EXPECT_EQ(after.version, 2);

    u.name = "stale";
    EXPECT_FALSE(tx->UpdateUnit(u, 1));  // version is 2 now
    EXPECT_EQ(tx->GetUnit(a)->name, "双新产业园");
    EXPECT_EQ(tx->GetUnit(a)->version, 2);
    EXPECT_FALSE(tx->GetUnit(12345));

    Unit dup;
    dup.code = "B";
    dup.name = "dup";
    EXPECT_THROW(tx->InsertUnit(dup), UniqueViolation);
    u.code = "C";
    EXPECT_THROW(tx->UpdateUnit(u, 2), UniqueViolation);
}

TEST_F(CrudTest, UsersWithFiltersAndPaging) {
    const int64_t unit = AddUnit("U");
    auto tx = store().BeginWrite();
    User admin;
    admin.username = "admin";
    admin.display_name = "管理员";
    admin.role = Role::kAdmin;
    admin.password_hash = "$argon2id$x";
    admin.created_at = 100;
    const int64_t admin_id = tx->InsertUser(admin);

    User rep;
    rep.username = "reporter1";
    rep.display_name = "填报员甲";
    rep.role = Role::kReporter;
    rep.unit_id = unit;
    rep.password_hash = "h";
    const int64_t rep_id = tx->InsertUser(rep);
    rep.username = "Reporter2";
    rep.display_name = "填报员乙";
    const int64_t rep2_id = tx->InsertUser(rep);

    const User got = *tx->GetUser(admin_id);
    EXPECT_EQ(got.username, "admin");
    EXPECT_EQ(got.display_name, "管理员");
    EXPECT_EQ(got.role, Role::kAdmin);
    EXPECT_EQ(got.unit_id, std::nullopt);
    EXPECT_FALSE(got.disabled);
    EXPECT_EQ(got.password_hash, "$argon2id$x");
    EXPECT_EQ(got.created_at, 100);
    EXPECT_GT(tx->GetUser(rep_id)->created_at, 100);  // 0 = stamped with the current time
    EXPECT_EQ(tx->GetUserByUsername("reporter1")->id, rep_id);
    EXPECT_EQ(tx->GetUserByUsername("reporter1")->unit_id, unit);
    EXPECT_FALSE(tx->GetUserByUsername("nobody"));

    UserFilter f;
    EXPECT_EQ(tx->ListUsers(f, {}).total, 3);
    f.q = "REPORTER";  // case-insensitive for ASCII
    EXPECT_EQ(tx->ListUsers(f, {}).total, 2);
    f.q = "乙";
    auto page = tx->ListUsers(f, {});
    ASSERT_EQ(page.items.size(), 1u);
    EXPECT_EQ(page.items[0].id, rep2_id);
    f = {};
    f.role = Role::kReporter;
    EXPECT_EQ(tx->ListUsers(f, {}).total, 2);
    f = {};
    f.unit_id = unit;
    EXPECT_EQ(tx->ListUsers(f, {}).total, 2);
    page = tx->ListUsers({}, Page{1, 1});
    EXPECT_EQ(page.total, 3);
    ASSERT_EQ(page.items.size(), 1u);
    EXPECT_EQ(page.items[0].id, rep_id);  // by id, second row

    User upd = *tx->GetUser(rep_id);
    upd.disabled = true;
    upd.display_name = "改名";
    EXPECT_TRUE(tx->UpdateUser(upd, 1));
    EXPECT_TRUE(tx->GetUser(rep_id)->disabled);
    EXPECT_EQ(tx->GetUser(rep_id)->version, 2);
    EXPECT_FALSE(tx->UpdateUser(upd, 1));

    User dup = admin;
    EXPECT_THROW(tx->InsertUser(dup), UniqueViolation);
    try {
        tx->InsertUser(dup);
    } catch (const UniqueViolation& e) {
        EXPECT_STREQ(e.what(), "users.username");  // names the column, never bound values
    }
}

TEST_F(CrudTest, SessionsAndLoginFailures) {
    auto tx = store().BeginWrite();
    User u;
    u.username = "u";
    u.password_hash = "h";
    u.role = Role::kLeader;
    const int64_t uid = tx->InsertUser(u);
    tx->InsertSession(Session{"t1", uid, 1000, 1000});
    tx->InsertSession(Session{"t2", uid, 2000, 2000});
    tx->InsertSession(Session{"t3", uid, 3000, 3000});
    EXPECT_THROW(tx->InsertSession(Session{"t1", uid, 1, 1}), UniqueViolation);

    tx->TouchSession("t1", 5000);
    const Session s1 = *tx->GetSession("t1");
    EXPECT_EQ(s1.user_id, uid);
    EXPECT_EQ(s1.created_at, 1000);
    EXPECT_EQ(s1.last_seen_at, 5000);

    tx->DeleteSession("t3");
    EXPECT_FALSE(tx->GetSession("t3"));
    // t1 was created before 1500 (though seen recently), t2 last seen before 2500: both go.
    tx->DeleteSessionsOlderThan(1500, 2500);
    EXPECT_FALSE(tx->GetSession("t1"));
    EXPECT_FALSE(tx->GetSession("t2"));

    tx->InsertSession(Session{"t4", uid, 9000, 9000});
    tx->DeleteSessionsOfUser(uid);
    EXPECT_FALSE(tx->GetSession("t4"));

    for (int at : {100, 200, 300}) tx->InsertLoginFailure("admin", at);
    tx->InsertLoginFailure("other", 300);
    EXPECT_EQ(tx->CountLoginFailures("admin", 200), 2);  // since is inclusive
    EXPECT_EQ(tx->CountLoginFailures("admin", 0), 3);
    EXPECT_EQ(tx->CountLoginFailures("nobody", 0), 0);
}

TEST_F(CrudTest, ChainsRegionsAndIndustries) {
    auto tx = store().BeginWrite();
    const int64_t c1 = tx->InsertChain(Chain{0, "绿色包装", "leading"});
    const int64_t c2 = tx->InsertChain(Chain{0, "汽车零部件", "advantage"});
    EXPECT_THROW(tx->InsertChain(Chain{0, "绿色包装", "leading"}), UniqueViolation);
    const auto chains = tx->ListChains();
    ASSERT_EQ(chains.size(), 2u);
    EXPECT_EQ(chains[0].id, c1);
    EXPECT_EQ(tx->GetChain(c2)->kind, "advantage");
    EXPECT_FALSE(tx->GetChain(999));

    tx->InsertRegions({{"340100", "合肥市", "340000"}, {"340000", "安徽省", ""}, {"350000", "福建省", ""}});
    const auto regions = tx->ListRegions();
    ASSERT_EQ(regions.size(), 3u);
    EXPECT_EQ(regions[0].code, "340000");
    EXPECT_EQ(regions[0].parent, "");
    EXPECT_EQ(tx->GetRegion("340100")->parent, "340000");
    tx->InsertRegions({{"340100", "合肥", "340000"}});  // re-import replaces the name
    EXPECT_EQ(tx->GetRegion("340100")->name, "合肥");
    EXPECT_EQ(tx->ListRegions().size(), 3u);

    tx->InsertIndustries({{"C3011", "水泥制造(改)", 4, "C301"}});
    EXPECT_EQ(tx->GetIndustry("C3011")->name, "水泥制造(改)");
    EXPECT_EQ(tx->ListIndustries().size(), 1971u);
}

TEST_F(CrudTest, LifecycleRulesRoundTrip) {
    auto tx = store().BeginWrite();
    NodeRule started{Category::kService,
                     Node::kStarted,
                     true,
                     {"total_investment", "land_area_mu"},
                     {"site_photo"},
                     {Node::kSigned, Node::kLand},
                     60};
    NodeRule lead{Category::kIndustry, Node::kLead, true, {}, {}, {}, 0};
    NodeRule land{Category::kService, Node::kLand, false, {}, {}, {}, 0};
    tx->UpsertRule(started);
    tx->UpsertRule(land);
    tx->UpsertRule(lead);
    auto rules = tx->ListRules();
    ASSERT_EQ(rules.size(), 3u);
    // category-major, node order
    EXPECT_EQ(rules[0].category, Category::kIndustry);
    EXPECT_EQ(rules[1].node, Node::kLand);
    EXPECT_FALSE(rules[1].applies);
    EXPECT_EQ(rules[2].node, Node::kStarted);
    EXPECT_EQ(rules[2].required_fields, (std::vector<std::string>{"total_investment", "land_area_mu"}));
    EXPECT_EQ(rules[2].required_evidence, (std::vector<std::string>{"site_photo"}));
    EXPECT_EQ(rules[2].after, (std::vector<Node>{Node::kSigned, Node::kLand}));
    EXPECT_EQ(rules[2].standard_days, 60);

    started.standard_days = 45;
    started.required_fields.clear();
    tx->UpsertRule(started);
    rules = tx->ListRules();
    ASSERT_EQ(rules.size(), 3u);
    EXPECT_EQ(rules[2].standard_days, 45);
    EXPECT_TRUE(rules[2].required_fields.empty());
}

TEST_F(CrudTest, Investors) {
    const int64_t unit = AddUnit("U");
    auto tx = store().BeginWrite();
    tx->InsertRegions({{"350000", "福建省", ""}, {"350100", "福州市", "350000"}});
    Investor i;
    i.name = "福建\"甲\"集团";
    i.uscc = "91350100M000100Y43";
    i.province_code = "350000";
    i.city_code = "350100";
    i.tags = {"private", "listed"};
    i.created_by_unit_id = unit;
    const int64_t id = tx->InsertInvestor(i);

    Investor got = *tx->GetInvestor(id);
    EXPECT_EQ(got.name, "福建\"甲\"集团");
    EXPECT_EQ(got.uscc, "91350100M000100Y43");
    EXPECT_EQ(got.province_code, "350000");
    EXPECT_EQ(got.province_name, "福建省");
    EXPECT_EQ(got.city_code, "350100");
    EXPECT_EQ(got.city_name, "福州市");
    EXPECT_EQ(got.tags, (std::vector<std::string>{"private", "listed"}));
    EXPECT_EQ(got.created_by_unit_id, unit);
    EXPECT_EQ(got.version, 1);
    EXPECT_GT(got.created_at, 0);
    EXPECT_EQ(tx->GetInvestorByUscc("91350100M000100Y43")->id, id);
    EXPECT_FALSE(tx->GetInvestorByUscc("nope"));

    got.city_code = "";
    got.tags = {};
    got.name = "乙";
    EXPECT_TRUE(tx->UpdateInvestor(got, 1));
    const Investor after = *tx->GetInvestor(id);
    EXPECT_EQ(after.city_code, "");
    EXPECT_EQ(after.city_name, "");
    EXPECT_TRUE(after.tags.empty());
    EXPECT_EQ(after.version, 2);
    got.name = "stale";
    EXPECT_FALSE(tx->UpdateInvestor(got, 1));
    EXPECT_EQ(tx->GetInvestor(id)->name, "乙");

    Investor dup = i;
    EXPECT_THROW(tx->InsertInvestor(dup), UniqueViolation);

    EXPECT_EQ(tx->CountProjectsOfInvestor(id), 0);
    Project p = NewProject("P1", unit);
    p.investor_id = id;
    tx->InsertProject(p);
    EXPECT_EQ(tx->CountProjectsOfInvestor(id), 1);
    tx->Commit();

    auto tx2 = store().BeginWrite();
    Investor other = i;
    other.uscc = "91340100MA2XXXXX0X";
    const int64_t other_id = tx2->InsertInvestor(other);
    tx2->DeleteInvestor(other_id);
    EXPECT_FALSE(tx2->GetInvestor(other_id));
}

TEST_F(CrudTest, ProjectsWithLedger) {
    const int64_t unit = AddUnit("U");
    auto tx = store().BeginWrite();
    const int64_t chain = tx->InsertChain(Chain{0, "机电装备", "leading"});
    const int64_t investor = [&] {
        Investor i;
        i.name = "投资方";
        i.uscc = "91350100M000100Y43";
        i.province_code = "350000";
        return tx->InsertInvestor(i);
    }();
    Project p = NewProject("XM20260001", unit);
    p.investor_id = investor;
    p.chain_id = chain;
    p.industry_code = "C3011";
    p.category = Category::kService;
    p.emerging_industry = "新材料";
    p.total_investment = 1'000'000'000'000'000;
    p.fixed_asset_investment = 800'000'000;
    p.land_mu_hundredths = 12'550;
    p.leader_in_charge = "张三";
    p.referrer = "李四";
    p.introducing_unit = "招商一局";
    p.first_introducer = "王五";
    p.is_key = true;
    p.stage = Node::kSigned;
    p.signed_date = D("2026-03-15");
    p.last_progress = D("2026-03-15");
    p.nodes[NodeIndex(Node::kLead)].actual = D("2026-01-05");
    p.nodes[NodeIndex(Node::kSigned)].actual = D("2026-03-15");
    p.nodes[NodeIndex(Node::kStarted)].planned = D("2026-09-30");
    p.nodes[NodeIndex(Node::kStarted)].note = "倒排";
    const int64_t id = tx->InsertProject(p);

    const Project got = *tx->GetProject(id, D("2026-06-01"));
    EXPECT_EQ(got.code, "XM20260001");
    EXPECT_EQ(got.name, "项目XM20260001");
    EXPECT_EQ(got.investor_id, investor);
    EXPECT_EQ(got.unit_id, unit);
    EXPECT_EQ(got.chain_id, chain);
    EXPECT_EQ(got.industry_code, "C3011");
    EXPECT_EQ(got.category, Category::kService);
    EXPECT_EQ(got.emerging_industry, "新材料");
    EXPECT_EQ(got.total_investment, 1'000'000'000'000'000);
    EXPECT_EQ(got.fixed_asset_investment, 800'000'000);
    EXPECT_EQ(got.land_mu_hundredths, 12'550);
    EXPECT_EQ(got.leader_in_charge, "张三");
    EXPECT_EQ(got.referrer, "李四");
    EXPECT_EQ(got.introducing_unit, "招商一局");
    EXPECT_EQ(got.first_introducer, "王五");
    EXPECT_TRUE(got.is_key);
    EXPECT_FALSE(got.terminated);
    EXPECT_EQ(got.stage, Node::kSigned);
    EXPECT_EQ(got.signed_date, D("2026-03-15"));
    EXPECT_EQ(got.last_progress, D("2026-03-15"));
    EXPECT_EQ(got.version, 1);
    EXPECT_EQ(got.created_at, 1767225600);
    EXPECT_EQ(got.investor_name, "投资方");
    EXPECT_EQ(got.investor_province_code, "350000");
    EXPECT_EQ(got.unit_name, "单位U");
    EXPECT_EQ(got.chain_name, "机电装备");
    EXPECT_EQ(got.industry_name, "水泥制造");
    EXPECT_EQ(got.overdue_nodes, 0);
    for (int i = 0; i < kNodeCount; ++i) EXPECT_EQ(got.nodes[i].node, kAllNodes[i]);
    EXPECT_EQ(got.nodes[NodeIndex(Node::kLead)].actual, D("2026-01-05"));
    EXPECT_EQ(got.nodes[NodeIndex(Node::kSigned)].actual, D("2026-03-15"));
    EXPECT_EQ(got.nodes[NodeIndex(Node::kStarted)].planned, D("2026-09-30"));
    EXPECT_EQ(got.nodes[NodeIndex(Node::kStarted)].note, "倒排");
    EXPECT_FALSE(got.nodes[NodeIndex(Node::kLand)].planned);
    // Only the three nodes that carry data are stored.
    EXPECT_EQ(RawQuery(file_, "SELECT COUNT(*) FROM project_nodes"), "0");  // not committed yet
    tx->Commit();
    EXPECT_EQ(RawQuery(file_, "SELECT COUNT(*) FROM project_nodes"), "3");

    auto tx2 = store().BeginWrite();
    EXPECT_EQ(tx2->GetProject(id, D("2026-10-01"))->overdue_nodes, 1);  // 开工 planned 09-30
    EXPECT_EQ(tx2->GetProjectByCode("XM20260001")->id, id);
    EXPECT_EQ(tx2->GetProjectByCode("XM20260001")->nodes[NodeIndex(Node::kSigned)].actual, D("2026-03-15"));
    EXPECT_FALSE(tx2->GetProject(id + 1, D("2026-10-01")));

    Project upd = *tx2->GetProject(id, D("2026-06-01"));
    upd.name = "新名称";
    upd.investor_id.reset();
    upd.chain_id.reset();
    upd.industry_code = "";
    upd.stage.reset();
    upd.signed_date.reset();
    upd.terminated = true;
    upd.termination_reason = "投资方撤资";
    upd.updated_at = 1767312000;
    upd.nodes = EmptyLedger();  // UpdateProject leaves the ledger alone
    EXPECT_TRUE(tx2->UpdateProject(upd, 1));
    const Project after = *tx2->GetProject(id, D("2026-06-01"));
    EXPECT_EQ(after.name, "新名称");
    EXPECT_EQ(after.investor_id, std::nullopt);
    EXPECT_EQ(after.investor_name, "");
    EXPECT_EQ(after.chain_id, std::nullopt);
    EXPECT_EQ(after.industry_code, "");
    EXPECT_EQ(after.stage, std::nullopt);
    EXPECT_EQ(after.signed_date, std::nullopt);
    EXPECT_TRUE(after.terminated);
    EXPECT_EQ(after.termination_reason, "投资方撤资");
    EXPECT_EQ(after.version, 2);
    EXPECT_EQ(after.updated_at, 1767312000);
    EXPECT_EQ(after.created_at, 1767225600);
    EXPECT_EQ(after.nodes[NodeIndex(Node::kSigned)].actual, D("2026-03-15"));

    upd.name = "stale";
    EXPECT_FALSE(tx2->UpdateProject(upd, 1));
    EXPECT_EQ(tx2->GetProject(id, D("2026-06-01"))->name, "新名称");
    EXPECT_EQ(tx2->GetProject(id, D("2026-06-01"))->version, 2);

    Project dup = NewProject("XM20260001", unit);
    EXPECT_THROW(tx2->InsertProject(dup), UniqueViolation);
    Project bad = NewProject("BAD", unit);
    bad.total_investment = 10;
    bad.fixed_asset_investment = 11;  // more than the total
    EXPECT_ANY_THROW(tx2->InsertProject(bad));
    bad.fixed_asset_investment = 0;
    bad.total_investment = -1;
    EXPECT_ANY_THROW(tx2->InsertProject(bad));

    tx2->UpsertNode(id, NodeEntry{Node::kStarted, D("2026-08-31"), D("2026-08-20"), "已开工"});
    tx2->UpsertNode(id, NodeEntry{Node::kLand, D("2026-07-01"), std::nullopt, ""});
    const Project ledger = *tx2->GetProject(id, D("2026-10-01"));
    EXPECT_EQ(ledger.nodes[NodeIndex(Node::kStarted)].planned, D("2026-08-31"));
    EXPECT_EQ(ledger.nodes[NodeIndex(Node::kStarted)].actual, D("2026-08-20"));
    EXPECT_EQ(ledger.nodes[NodeIndex(Node::kStarted)].note, "已开工");
    EXPECT_EQ(ledger.nodes[NodeIndex(Node::kLand)].planned, D("2026-07-01"));
    EXPECT_EQ(ledger.overdue_nodes, 1);  // 供地 is overdue, 开工 is reached
    EXPECT_EQ(ledger.version, 2);        // a node write leaves the project's version to the service
    tx2->Commit();
}

TEST_F(CrudTest, DeletingAProjectTakesItsNodesProblemsAndFiles) {
    const int64_t unit = AddUnit("U");
    Project p = NewProject("P", unit);
    p.nodes[0].actual = D("2026-01-02");
    const int64_t id = AddProject(p);
    auto tx = store().BeginWrite();
    tx->InsertProblem(MakeProblem(id, "land_quota", D("2026-05-01")));
    EvidenceFile f;
    f.project_id = id;
    f.node = Node::kSigned;
    f.kind = "contract";
    f.name = "合同.pdf";
    f.content_type = "application/pdf";
    f.size = 10;
    f.storage_name = "ab/cdef";
    f.sha256 = "00";
    tx->InsertFile(f);
    tx->InsertAudit(AuditEntry{0, 0, "", 5, "project", id, id, "create", "", "{}"});
    tx->DeleteProject(id);
    EXPECT_FALSE(tx->GetProject(id, D("2026-06-01")));
    EXPECT_TRUE(tx->ListProblems(id).empty());
    EXPECT_TRUE(tx->ListFiles(id).empty());
    EXPECT_EQ(tx->ListProjectAudit(id).size(), 1u);  // history stays
    tx->Commit();
    EXPECT_EQ(RawQuery(file_, "SELECT COUNT(*) FROM project_nodes"), "0");

    // Ids are never reused, so a new project cannot inherit the deleted one's history.
    const int64_t next = AddProject(NewProject("Q", unit));
    EXPECT_GT(next, id);
}

TEST_F(CrudTest, ProjectSeqCountsPerYear) {
    auto tx = store().BeginWrite();
    EXPECT_EQ(tx->NextProjectSeq(2026), 1);
    EXPECT_EQ(tx->NextProjectSeq(2026), 2);
    EXPECT_EQ(tx->NextProjectSeq(2027), 1);
    EXPECT_EQ(tx->NextProjectSeq(2026), 3);
    tx->Commit();
    EXPECT_EQ(store().BeginWrite()->NextProjectSeq(2026), 4);
}

TEST_F(CrudTest, ProblemsAndTheirCounts) {
    const int64_t unit = AddUnit("U");
    const int64_t id = AddProject(NewProject("P", unit));
    auto tx = store().BeginWrite();
    Problem first = MakeProblem(id, "land_quota", D("2026-05-01"));
    first.department = "自然资源局";
    const int64_t p1 = tx->InsertProblem(first);
    const int64_t p2 = tx->InsertProblem(MakeProblem(id, "funding", std::nullopt));
    Problem resolved = MakeProblem(id, "approval", D("2026-04-01"));
    resolved.status = "resolved";
    resolved.resolution = "已办结";
    tx->InsertProblem(resolved);
    EXPECT_ANY_THROW(tx->InsertProblem(MakeProblem(id, "weather", std::nullopt)));  // unknown category

    const auto list = tx->ListProblems(id);
    ASSERT_EQ(list.size(), 3u);
    EXPECT_EQ(list[0].id, p1);
    EXPECT_EQ(list[0].deadline, D("2026-05-01"));
    EXPECT_EQ(list[0].department, "自然资源局");
    EXPECT_EQ(list[0].status, "open");
    EXPECT_EQ(list[2].resolution, "已办结");

    Project proj = *tx->GetProject(id, D("2026-06-01"));
    EXPECT_EQ(proj.open_problems, 2);
    EXPECT_EQ(proj.overdue_problems, 1);  // p1: open, deadline passed; the resolved one does not count
    EXPECT_EQ(tx->GetProject(id, D("2026-05-01"))->overdue_problems, 0);  // due today is not overdue
    // The list has the same counts; a bulk read without counts leaves them 0 and the rest equal.
    ProjectFilter f;
    f.today = D("2026-06-01");
    const Project listed = tx->ListProjects(f, Page{0, 10}).items.at(0);
    EXPECT_EQ(listed.open_problems, 2);
    EXPECT_EQ(listed.overdue_problems, 1);
    f.with_counts = false;
    const Project bulk = tx->ListProjects(f, Page{0, 10}).items.at(0);
    EXPECT_EQ(bulk.open_problems, 0);
    EXPECT_EQ(bulk.overdue_problems, 0);
    EXPECT_EQ(bulk.code, listed.code);
    EXPECT_EQ(bulk.version, listed.version);

    Problem upd = *tx->GetProblem(p1);
    upd.status = "resolved";
    upd.resolution = "指标已落实";
    EXPECT_TRUE(tx->UpdateProblem(upd, 1));
    EXPECT_EQ(tx->GetProblem(p1)->version, 2);
    EXPECT_EQ(tx->GetProblem(p1)->resolution, "指标已落实");
    EXPECT_FALSE(tx->UpdateProblem(upd, 1));
    EXPECT_EQ(tx->GetProject(id, D("2026-06-01"))->open_problems, 1);

    tx->DeleteProblem(p2);
    EXPECT_FALSE(tx->GetProblem(p2));
    EXPECT_EQ(tx->GetProject(id, D("2026-06-01"))->open_problems, 0);
}

TEST_F(CrudTest, EvidenceFiles) {
    const int64_t unit = AddUnit("U");
    const int64_t id = AddProject(NewProject("P", unit));
    auto tx = store().BeginWrite();
    EvidenceFile f;
    f.project_id = id;
    f.node = Node::kStarted;
    f.kind = "site_photo";
    f.name = "现场.jpg";
    f.content_type = "image/jpeg";
    f.size = 2048;
    f.storage_name = "2026/abc.jpg";
    f.sha256 = std::string(64, 'a');
    f.uploaded_by = 7;
    f.uploaded_at = 1767225600;
    const int64_t fid = tx->InsertFile(f);
    EXPECT_THROW(tx->InsertFile(f), UniqueViolation);  // storage_name is unique

    const EvidenceFile got = *tx->GetFile(fid);
    EXPECT_EQ(got.project_id, id);
    EXPECT_EQ(got.node, Node::kStarted);
    EXPECT_EQ(got.kind, "site_photo");
    EXPECT_EQ(got.name, "现场.jpg");
    EXPECT_EQ(got.content_type, "image/jpeg");
    EXPECT_EQ(got.size, 2048);
    EXPECT_EQ(got.storage_name, "2026/abc.jpg");
    EXPECT_EQ(got.sha256, std::string(64, 'a'));
    EXPECT_EQ(got.uploaded_by, 7);
    EXPECT_EQ(got.uploaded_at, 1767225600);
    EXPECT_EQ(tx->ListFiles(id).size(), 1u);
    tx->DeleteFile(fid);
    EXPECT_FALSE(tx->GetFile(fid));
    EXPECT_TRUE(tx->ListFiles(id).empty());
}

TEST_F(CrudTest, AuditNewestFirstWithUsernames) {
    auto tx = store().BeginWrite();
    User u;
    u.username = "dispatcher1";
    u.password_hash = "h";
    u.role = Role::kDispatcher;
    const int64_t uid = tx->InsertUser(u);
    tx->InsertAudit(AuditEntry{0, 0, "", 100, "project", 1, 1, "create", "", R"({"name":"甲"})"});
    tx->InsertAudit(AuditEntry{0, uid, "", 200, "node", 1, 1, "update", R"({"a":1})", R"({"a":2})"});
    tx->InsertAudit(AuditEntry{0, uid, "", 300, "project", 2, 2, "create", "", "{}"});
    tx->InsertAudit(AuditEntry{0, uid, "", 150, "problem", 9, 1, "delete", "{}", ""});
    tx->InsertAudit(AuditEntry{0, 4242, "", 400, "file", 3, 1, "create", "", "{}"});  // unknown user
    EXPECT_EQ(tx->CountAudit(), 5);

    const auto rows = tx->ListProjectAudit(1);
    ASSERT_EQ(rows.size(), 4u);
    // Newest first by id (insertion order), not by `at`.
    EXPECT_EQ(rows[0].entity, "file");
    EXPECT_EQ(rows[0].username, "");
    EXPECT_EQ(rows[1].entity, "problem");
    EXPECT_EQ(rows[1].action, "delete");
    EXPECT_EQ(rows[1].before_json, "{}");
    EXPECT_EQ(rows[1].after_json, "");
    EXPECT_EQ(rows[2].entity, "node");
    EXPECT_EQ(rows[2].username, "dispatcher1");
    EXPECT_EQ(rows[2].user_id, uid);
    EXPECT_EQ(rows[2].at, 200);
    EXPECT_EQ(rows[2].before_json, R"({"a":1})");
    EXPECT_EQ(rows[2].after_json, R"({"a":2})");
    EXPECT_EQ(rows[3].username, "system");
    EXPECT_EQ(rows[3].user_id, 0);
    EXPECT_EQ(rows[3].before_json, "");
    EXPECT_GT(rows[0].id, rows[1].id);
    EXPECT_TRUE(tx->ListProjectAudit(77).empty());
}

}  // namespace
}  // namespace zs::testing
