// Project and investor lists of the SQLite store: every filter, the derived status in SQL, sorting,
// paging and the reporter's view of investors.
#include <algorithm>
#include <map>
#include <set>

#include "store_fixture.hpp"

namespace zs::testing {
namespace {

constexpr int64_t kJan1 = 1767225600;  // 2026-01-01T00:00:00Z

class ProjectListTest : public StoreTest {
protected:
    void SetUp() override {
        StoreTest::SetUp();
        u1_ = AddUnit("U1");
        u2_ = AddUnit("U2");
        auto tx = store().BeginWrite();
        c1_ = tx->InsertChain(Chain{0, "绿色包装", "leading"});
        c2_ = tx->InsertChain(Chain{0, "汽车零部件", "advantage"});
        Investor inv;
        inv.name = "外省投资方";
        inv.uscc = "91350100M000100Y43";
        inv.province_code = "350000";
        investor_ = tx->InsertInvestor(inv);

        // normal: signed recently, nothing overdue
        Project p = Make("XM20260001", "Alpha 园区项目", u1_, 500);
        p.chain_id = c1_;
        p.investor_id = investor_;
        p.industry_code = "C3011";
        p.is_key = true;
        Sign(p, "2026-03-01");
        p.last_progress = D("2026-06-01");
        p.updated_at = kJan1 + 50;
        ids_["normal"] = tx->InsertProject(p);

        // stalled: last progress 2026-03-31 is before today − 90 days = 2026-04-01
        p = Make("XM20260002", "bravo 服务业", u1_, 300);
        p.category = Category::kService;
        p.industry_code = "C3021";
        Sign(p, "2026-03-31");
        p.updated_at = kJan1 + 40;
        ids_["stalled"] = tx->InsertProject(p);

        // delayed: 开工 planned 2026-06-01, not reached; 投产 planned today is not overdue yet
        p = Make("XM20260003", "Charlie", u2_, 100);
        p.chain_id = c2_;
        p.industry_code = "A0111";
        Sign(p, "2026-04-01");
        p.last_progress = D("2026-06-20");
        p.nodes[NodeIndex(Node::kStarted)].planned = D("2026-06-01");
        p.nodes[NodeIndex(Node::kProducing)].planned = D("2026-06-30");
        p.updated_at = kJan1 + 30;
        ids_["delayed"] = tx->InsertProject(p);

        // terminated wins over an overdue node and over stalling
        p = Make("XM20260004", "Delta", u2_, 300);
        p.terminated = true;
        p.termination_reason = "撤资";
        p.nodes[NodeIndex(Node::kSigned)].planned = D("2026-02-01");
        p.updated_at = kJan1 + 20;
        ids_["terminated"] = tx->InsertProject(p);

        // completed (达产) wins over an overdue node
        p = Make("XM20260005", "Echo", u2_, 900);
        p.stage = Node::kFullCapacity;
        p.last_progress = D("2026-01-10");
        p.nodes[NodeIndex(Node::kFullCapacity)].actual = D("2026-01-10");
        p.nodes[NodeIndex(Node::kAboveScale)].planned = D("2026-01-01");
        p.updated_at = kJan1 + 10;
        ids_["completed"] = tx->InsertProject(p);

        // no progress at all: created 2026-04-01 00:00 China time → exactly 90 days → normal
        p = Make("XM20260006", "Foxtrot", u1_, 0);
        p.created_at = D("2026-03-31").days() * 86400LL + 16 * 3600;
        p.updated_at = p.created_at;
        ids_["created_normal"] = tx->InsertProject(p);

        // created one second earlier, 2026-03-31 23:59:59 China time → stalled
        p = Make("XM20260007", "Golf", u1_, 0);
        p.created_at = D("2026-03-31").days() * 86400LL + 16 * 3600 - 1;
        p.updated_at = p.created_at;
        ids_["created_stalled"] = tx->InsertProject(p);

        // agriculture project whose overdue node (供地) will be made not to apply
        p = Make("XM20260008", "Hotel 农业", u2_, 50);
        p.category = Category::kAgriculture;
        p.last_progress = D("2026-06-10");
        p.nodes[NodeIndex(Node::kLand)].planned = D("2026-05-01");
        p.updated_at = kJan1 + 5;
        ids_["agri"] = tx->InsertProject(p);
        tx->Commit();
    }

    Project Make(const std::string& code, const std::string& name, int64_t unit, int64_t total) {
        Project p = NewProject(code, unit);
        p.name = name;
        p.total_investment = total;
        return p;
    }
    static void Sign(Project& p, const char* day) {
        p.stage = Node::kSigned;
        p.signed_date = D(day);
        p.last_progress = D(day);
        p.nodes[NodeIndex(Node::kSigned)].actual = D(day);
    }

    ProjectFilter Filter() const {
        ProjectFilter f;
        f.today = D("2026-06-30");
        f.stalled_days = 90;
        f.sort = "code";
        return f;
    }

    // The codes of every matching project, in list order (one big page). Every filter and order is
    // also checked three more ways: the ids alone (ListProjectIds, what the whole ledger reads
    // first), a page that stops before the last match (the page query rather than the one of every
    // match), and a page starting after the first.
    std::vector<std::string> Codes(const ProjectFilter& f) {
        auto tx = store().BeginRead();
        const PageOf<Project> page = tx->ListProjects(f, Page{0, 200});
        std::vector<std::string> codes;
        std::vector<int64_t> ids;
        for (const Project& p : page.items) {
            codes.push_back(p.code.substr(6));  // "0001" …
            ids.push_back(p.id);
        }
        EXPECT_EQ(page.total, static_cast<int64_t>(codes.size()));
        EXPECT_EQ(tx->ListProjectIds(f), ids);
        if (page.total > 1) {
            const PageOf<Project> head = tx->ListProjects(f, Page{0, page.total - 1});
            const PageOf<Project> tail = tx->ListProjects(f, Page{1, page.total});
            EXPECT_EQ(head.total, page.total);
            EXPECT_EQ(tail.total, page.total);
            std::vector<int64_t> head_ids, tail_ids;
            for (const Project& p : head.items) head_ids.push_back(p.id);
            for (const Project& p : tail.items) tail_ids.push_back(p.id);
            EXPECT_EQ(head_ids, std::vector<int64_t>(ids.begin(), ids.end() - 1));
            EXPECT_EQ(tail_ids, std::vector<int64_t>(ids.begin() + 1, ids.end()));
        }
        return codes;
    }

    std::vector<std::string> WithStatus(ProjectStatus s) {
        ProjectFilter f = Filter();
        f.status = s;
        return Codes(f);
    }

    int64_t u1_ = 0, u2_ = 0, c1_ = 0, c2_ = 0, investor_ = 0;
    std::map<std::string, int64_t> ids_;
};

using CodeList = std::vector<std::string>;

TEST_F(ProjectListTest, NoFilterListsEverything) {
    EXPECT_EQ(Codes(Filter()), (CodeList{"0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008"}));
    ProjectFilter none = Filter();
    none.none = true;
    auto tx = store().BeginRead();
    const auto page = tx->ListProjects(none, {});
    EXPECT_EQ(page.total, 0);
    EXPECT_TRUE(page.items.empty());
    EXPECT_TRUE(tx->ListProjectIds(none).empty());
}

TEST_F(ProjectListTest, ItemsCarryJoinedNamesAndCounts) {
    {
        auto tx = store().BeginWrite();
        tx->InsertProblem(MakeProblem(ids_["delayed"], "land_quota", D("2026-06-01")));
        tx->InsertProblem(MakeProblem(ids_["delayed"], "funding", std::nullopt));
        tx->Commit();
    }
    ProjectFilter f = Filter();
    auto tx = store().BeginRead();
    const auto page = tx->ListProjects(f, Page{0, 20});
    ASSERT_EQ(page.items.size(), 8u);
    const Project& first = page.items[0];
    EXPECT_EQ(first.unit_name, "单位U1");
    EXPECT_EQ(first.chain_name, "绿色包装");
    EXPECT_EQ(first.investor_name, "外省投资方");
    EXPECT_EQ(first.investor_province_code, "350000");
    EXPECT_EQ(first.industry_name, "水泥制造");
    EXPECT_EQ(first.signed_date, D("2026-03-01"));
    EXPECT_EQ(first.nodes[NodeIndex(Node::kSigned)].actual, std::nullopt);  // the ledger is GetProject's
    const Project& delayed = page.items[2];
    EXPECT_EQ(delayed.overdue_nodes, 1);
    EXPECT_EQ(delayed.open_problems, 2);
    EXPECT_EQ(delayed.overdue_problems, 1);
    EXPECT_EQ(delayed.chain_name, "汽车零部件");
    EXPECT_EQ(delayed.investor_name, "");
    EXPECT_EQ(page.items[3].overdue_nodes, 1);  // terminated still counts its overdue node
}

TEST_F(ProjectListTest, TextAndFieldFilters) {
    ProjectFilter f = Filter();
    f.q = "ALPHA";  // case-insensitive
    EXPECT_EQ(Codes(f), (CodeList{"0001"}));
    f.q = "农业";
    EXPECT_EQ(Codes(f), (CodeList{"0008"}));
    f.q = "260003";  // code contains
    EXPECT_EQ(Codes(f), (CodeList{"0003"}));
    f.q = "%";  // not a wildcard
    EXPECT_EQ(Codes(f), (CodeList{}));

    f = Filter();
    f.unit_id = u1_;
    EXPECT_EQ(Codes(f), (CodeList{"0001", "0002", "0006", "0007"}));
    f = Filter();
    f.chain_id = c2_;
    EXPECT_EQ(Codes(f), (CodeList{"0003"}));
    f = Filter();
    f.category = Category::kService;
    EXPECT_EQ(Codes(f), (CodeList{"0002"}));
    f = Filter();
    f.stage = Node::kSigned;
    EXPECT_EQ(Codes(f), (CodeList{"0001", "0002", "0003"}));
    f = Filter();
    f.is_key = true;
    EXPECT_EQ(Codes(f), (CodeList{"0001"}));
    f.is_key = false;
    EXPECT_EQ(Codes(f).size(), 7u);

    f = Filter();
    f.unit_id = u1_;
    f.stage = Node::kSigned;
    f.q = "bravo";
    EXPECT_EQ(Codes(f), (CodeList{"0002"}));  // filters combine with AND
}

TEST_F(ProjectListTest, IndustryPrefix) {
    ProjectFilter f = Filter();
    f.industry_prefix = "C";
    EXPECT_EQ(Codes(f), (CodeList{"0001", "0002"}));
    f.industry_prefix = "C30";
    EXPECT_EQ(Codes(f), (CodeList{"0001", "0002"}));
    f.industry_prefix = "C301";
    EXPECT_EQ(Codes(f), (CodeList{"0001"}));
    f.industry_prefix = "C3011";
    EXPECT_EQ(Codes(f), (CodeList{"0001"}));
    f.industry_prefix = "C302";
    EXPECT_EQ(Codes(f), (CodeList{"0002"}));
    f.industry_prefix = "A";
    EXPECT_EQ(Codes(f), (CodeList{"0003"}));
    f.industry_prefix = "B";
    EXPECT_EQ(Codes(f), (CodeList{}));
}

TEST_F(ProjectListTest, SignedRangeIsInclusive) {
    ProjectFilter f = Filter();
    f.signed_from = D("2026-03-01");
    f.signed_to = D("2026-03-31");
    EXPECT_EQ(Codes(f), (CodeList{"0001", "0002"}));
    f.signed_from = D("2026-03-02");
    EXPECT_EQ(Codes(f), (CodeList{"0002"}));
    f.signed_to = D("2026-03-30");
    EXPECT_EQ(Codes(f), (CodeList{}));
    f = Filter();
    f.signed_from = D("2026-04-01");
    EXPECT_EQ(Codes(f), (CodeList{"0003"}));  // unsigned projects never match a range
    f = Filter();
    f.signed_to = D("2026-03-01");
    EXPECT_EQ(Codes(f), (CodeList{"0001"}));
}

TEST_F(ProjectListTest, DerivedStatus) {
    EXPECT_EQ(WithStatus(ProjectStatus::kTerminated), (CodeList{"0004"}));
    EXPECT_EQ(WithStatus(ProjectStatus::kCompleted), (CodeList{"0005"}));
    EXPECT_EQ(WithStatus(ProjectStatus::kDelayed), (CodeList{"0003", "0008"}));  // rules table empty: 供地 applies
    EXPECT_EQ(WithStatus(ProjectStatus::kStalled), (CodeList{"0002", "0007"}));
    EXPECT_EQ(WithStatus(ProjectStatus::kNormal), (CodeList{"0001", "0006"}));

    // Once 供地 does not apply to agriculture, its overdue planned date no longer counts.
    {
        auto tx = store().BeginWrite();
        tx->UpsertRule(NodeRule{Category::kAgriculture, Node::kLand, false, {}, {}, {}, 0});
        tx->UpsertRule(NodeRule{Category::kIndustry, Node::kLand, true, {}, {}, {}, 0});
        tx->Commit();
    }
    EXPECT_EQ(WithStatus(ProjectStatus::kDelayed), (CodeList{"0003"}));
    EXPECT_EQ(WithStatus(ProjectStatus::kNormal), (CodeList{"0001", "0006", "0008"}));
    auto tx = store().BeginRead();
    EXPECT_EQ(tx->GetProject(ids_["agri"], D("2026-06-30"))->overdue_nodes, 0);
    EXPECT_EQ(tx->GetProject(ids_["delayed"], D("2026-06-30"))->overdue_nodes, 1);
    EXPECT_EQ(tx->GetProject(ids_["delayed"], D("2026-07-01"))->overdue_nodes, 2);  // 投产 planned 06-30
}

TEST_F(ProjectListTest, StatusInSqlMatchesCoreForEveryRow) {
    // The SQL buckets and core's StatusFromSummary over the list row must agree for every project.
    for (const char* today : {"2026-06-30", "2026-04-15", "2026-09-01"}) {
        ProjectFilter f = Filter();
        f.today = D(today);
        auto tx = store().BeginRead();
        std::map<int64_t, ProjectStatus> expected;
        for (const Project& p : tx->ListProjects(f, Page{0, 200}).items) {
            const Date created = Date::FromDays(static_cast<int32_t>((p.created_at + 8 * 3600) / 86400));
            expected[p.id] = StatusFromSummary(p.terminated, p.stage, p.overdue_nodes,
                                               p.last_progress.value_or(created), f.today, f.stalled_days);
        }
        ASSERT_EQ(expected.size(), 8u);
        size_t seen = 0;
        for (ProjectStatus s : {ProjectStatus::kNormal, ProjectStatus::kDelayed, ProjectStatus::kStalled,
                                ProjectStatus::kTerminated, ProjectStatus::kCompleted}) {
            f.status = s;
            for (const Project& p : tx->ListProjects(f, Page{0, 200}).items) {
                EXPECT_EQ(expected.at(p.id), s) << p.code << " on " << today;
                ++seen;
            }
        }
        EXPECT_EQ(seen, 8u) << "every project lands in exactly one status on " << today;
    }
}

TEST_F(ProjectListTest, Sorting) {
    ProjectFilter f = Filter();
    f.sort = "-code";
    EXPECT_EQ(Codes(f), (CodeList{"0008", "0007", "0006", "0005", "0004", "0003", "0002", "0001"}));
    f.sort = "total_investment";  // ties (0, 300) broken by id in the same direction
    EXPECT_EQ(Codes(f), (CodeList{"0006", "0007", "0008", "0003", "0002", "0004", "0001", "0005"}));
    f.sort = "-total_investment";
    EXPECT_EQ(Codes(f), (CodeList{"0005", "0001", "0004", "0002", "0003", "0008", "0007", "0006"}));
    f.sort = "name";
    EXPECT_EQ(Codes(f), (CodeList{"0001", "0003", "0004", "0005", "0006", "0007", "0008", "0002"}));  // byte order
    f.sort = "-signed_date";
    const CodeList by_signed = Codes(f);
    EXPECT_EQ(CodeList(by_signed.begin(), by_signed.begin() + 3), (CodeList{"0003", "0002", "0001"}));
    f.sort = "updated_at";
    EXPECT_EQ(Codes(f), (CodeList{"0008", "0005", "0004", "0003", "0002", "0001", "0007", "0006"}));
    f.sort = "-id";
    EXPECT_EQ(Codes(f).front(), "0008");
    f.sort = "id; DROP TABLE projects";  // not in the whitelist: the default, newest first
    EXPECT_EQ(Codes(f).front(), "0008");
    EXPECT_EQ(Codes(Filter()).size(), 8u);
}

TEST_F(ProjectListTest, PagingWithTotal) {
    ProjectFilter f = Filter();
    f.sort = "-code";
    auto tx = store().BeginRead();
    CodeList all;
    for (int64_t offset = 0; offset < 9; offset += 3) {
        const auto page = tx->ListProjects(f, Page{offset, 3});
        EXPECT_EQ(page.total, 8);
        EXPECT_LE(page.items.size(), 3u);
        for (const Project& p : page.items) all.push_back(p.code.substr(6));
    }
    EXPECT_EQ(all, (CodeList{"0008", "0007", "0006", "0005", "0004", "0003", "0002", "0001"}));
    const auto past_end = tx->ListProjects(f, Page{100, 3});
    EXPECT_EQ(past_end.total, 8);
    EXPECT_TRUE(past_end.items.empty());
    f.unit_id = u1_;
    const auto filtered = tx->ListProjects(f, Page{1, 2});
    EXPECT_EQ(filtered.total, 4);
    ASSERT_EQ(filtered.items.size(), 2u);
    EXPECT_EQ(filtered.items[0].code, "XM20260006");
    EXPECT_EQ(filtered.items[1].code, "XM20260002");
}

class InvestorListTest : public StoreTest {
protected:
    void SetUp() override {
        StoreTest::SetUp();
        u1_ = AddUnit("U1");
        u2_ = AddUnit("U2");
        own1_ = AddInvestor("安徽甲公司", "91340100AAAAAAAAA1", "340000", u1_, {"private"});
        own2_ = AddInvestor("福建乙集团", "91350100BBBBBBBBB2", "350000", u2_, {"state_owned", "listed"});
        used_ = AddInvestor("江苏丙股份", "91320100CCCCCCCCC3", "320000", std::nullopt, {"listed"});
        lone_ = AddInvestor("安徽丁科技", "91340100DDDDDDDDD4", "340000", std::nullopt, {});
        Project p = NewProject("P1", u1_);
        p.investor_id = used_;
        AddProject(p);
    }

    std::vector<int64_t> Ids(const InvestorFilter& f, Page page = Page{0, 100}) {
        auto tx = store().BeginRead();
        const auto result = tx->ListInvestors(f, page);
        std::vector<int64_t> ids;
        for (const Investor& i : result.items) ids.push_back(i.id);
        if (page.offset == 0) {
            EXPECT_EQ(result.total, static_cast<int64_t>(ids.size()));
        }
        return ids;
    }

    int64_t u1_ = 0, u2_ = 0, own1_ = 0, own2_ = 0, used_ = 0, lone_ = 0;
};

using IdList = std::vector<int64_t>;

TEST_F(InvestorListTest, VisibleToAUnitMeansCreatedByItOrUsedByItsProjects) {
    InvestorFilter f;
    f.sort = "id";
    f.visible_to_unit = u1_;
    EXPECT_EQ(Ids(f), (IdList{own1_, used_}));
    f.visible_to_unit = u2_;
    EXPECT_EQ(Ids(f), (IdList{own2_}));
    f.visible_to_unit.reset();
    EXPECT_EQ(Ids(f), (IdList{own1_, own2_, used_, lone_}));

    auto tx = store().BeginRead();
    EXPECT_TRUE(tx->InvestorVisibleToUnit(own1_, u1_));
    EXPECT_TRUE(tx->InvestorVisibleToUnit(used_, u1_));
    EXPECT_FALSE(tx->InvestorVisibleToUnit(used_, u2_));
    EXPECT_FALSE(tx->InvestorVisibleToUnit(lone_, u1_));
    EXPECT_FALSE(tx->InvestorVisibleToUnit(own2_, u1_));
    EXPECT_FALSE(tx->InvestorVisibleToUnit(999, u1_));
}

TEST_F(InvestorListTest, Filters) {
    InvestorFilter f;
    f.sort = "id";
    f.city_province_code = "340000";
    f.out_of_province = true;
    EXPECT_EQ(Ids(f), (IdList{own2_, used_}));
    f.out_of_province = false;
    EXPECT_EQ(Ids(f), (IdList{own1_, lone_}));

    f = {};
    f.sort = "id";
    f.tag = "listed";
    EXPECT_EQ(Ids(f), (IdList{own2_, used_}));
    f.tag = "list";  // whole tags only
    EXPECT_EQ(Ids(f), (IdList{}));

    f = {};
    f.sort = "id";
    f.q = "安徽";
    EXPECT_EQ(Ids(f), (IdList{own1_, lone_}));
    f.q = "bbbbbbbbb";  // USCC contains, case-insensitive
    EXPECT_EQ(Ids(f), (IdList{own2_}));

    f = {};
    f.sort = "id";
    f.visible_to_unit = u1_;
    f.tag = "listed";
    f.city_province_code = "340000";
    f.out_of_province = true;
    EXPECT_EQ(Ids(f), (IdList{used_}));
}

TEST_F(InvestorListTest, SortingAndPaging) {
    InvestorFilter f;
    f.sort = "uscc";
    EXPECT_EQ(Ids(f), (IdList{used_, own1_, lone_, own2_}));
    f.sort = "-uscc";
    EXPECT_EQ(Ids(f), (IdList{own2_, lone_, own1_, used_}));
    f.sort = "-id";
    EXPECT_EQ(Ids(f), (IdList{lone_, used_, own2_, own1_}));
    f.sort = "name";  // the default; byte order of the UTF-8 names
    const IdList by_name = Ids(f);
    f.sort = "bogus";
    EXPECT_EQ(Ids(f), by_name);

    f.sort = "id";
    auto tx = store().BeginRead();
    const auto page = tx->ListInvestors(f, Page{2, 1});
    EXPECT_EQ(page.total, 4);
    ASSERT_EQ(page.items.size(), 1u);
    EXPECT_EQ(page.items[0].id, used_);
    EXPECT_EQ(page.items[0].tags, (std::vector<std::string>{"listed"}));
}

}  // namespace
}  // namespace zs::testing
