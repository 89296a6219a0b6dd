#include "core/lifecycle.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

namespace zs {
namespace {

Date D(std::string_view text) { return Date::Parse(text).value(); }

NodeEntry& At(NodeLedger& ledger, Node n) { return ledger[NodeIndex(n)]; }

// A ledger with the given nodes reached on the given dates.
NodeLedger Reached(std::initializer_list<std::pair<Node, std::string_view>> reached) {
    NodeLedger ledger = EmptyLedger();
    for (const auto& [node, date] : reached) At(ledger, node).actual = D(date);
    return ledger;
}

std::vector<std::string> Names(const std::vector<ErrorDetail>& details) {
    std::vector<std::string> names;
    for (const ErrorDetail& d : details) names.push_back(d.kind + ":" + d.name);
    return names;
}

GateFacts AllFacts() {
    GateFacts facts;
    for (std::string_view key : kGateFieldKeys) facts.present_fields.insert(std::string(key));
    for (const EvidenceKind& kind : EvidenceKinds()) facts.present_evidence.insert(std::string(kind.key));
    return facts;
}

// ---- keys and names

TEST(LifecycleKeysTest, NodesInOrderWithKeysAndChineseNames) {
    const std::vector<std::pair<std::string_view, std::string_view>> expected = {
        {"lead", "线索"},       {"negotiating", "在谈"}, {"prereview", "预审"},    {"signed", "签约"},
        {"registered", "注册"}, {"land", "供地"},        {"started", "开工"},      {"in_stats", "入统"},
        {"producing", "投产"},  {"above_scale", "入规"}, {"full_capacity", "达产"}};
    ASSERT_EQ(expected.size(), kAllNodes.size());
    for (int i = 0; i < kNodeCount; ++i) {
        const Node n = kAllNodes[i];
        EXPECT_EQ(NodeIndex(n), i);
        EXPECT_EQ(NodeKey(n), expected[i].first);
        EXPECT_EQ(NodeNameZh(n), expected[i].second);
        EXPECT_EQ(ParseNode(expected[i].first), n);
    }
    EXPECT_FALSE(ParseNode(""));
    EXPECT_FALSE(ParseNode("Lead"));
    EXPECT_FALSE(ParseNode("线索"));
}

TEST(LifecycleKeysTest, CategoriesAndStatuses) {
    const std::string_view categories[] = {"industry", "service", "agriculture", "other"};
    for (size_t i = 0; i < kAllCategories.size(); ++i) {
        EXPECT_EQ(CategoryKey(kAllCategories[i]), categories[i]);
        EXPECT_EQ(ParseCategory(categories[i]), kAllCategories[i]);
    }
    EXPECT_FALSE(ParseCategory("Industry"));
    const std::pair<ProjectStatus, std::string_view> statuses[] = {{ProjectStatus::kNormal, "normal"},
                                                                   {ProjectStatus::kDelayed, "delayed"},
                                                                   {ProjectStatus::kStalled, "stalled"},
                                                                   {ProjectStatus::kTerminated, "terminated"},
                                                                   {ProjectStatus::kCompleted, "completed"}};
    for (const auto& [status, key] : statuses) {
        EXPECT_EQ(StatusKey(status), key);
        EXPECT_EQ(ParseStatus(key), status);
    }
    EXPECT_FALSE(ParseStatus("done"));
}

TEST(LifecycleKeysTest, GateFieldNames) {
    EXPECT_EQ(GateFieldNameZh("investor_id"), "投资方");
    EXPECT_EQ(GateFieldNameZh("total_investment"), "总投资");
    EXPECT_EQ(GateFieldNameZh("fixed_asset_investment"), "固定资产投资");
    EXPECT_EQ(GateFieldNameZh("land_area_mu"), "用地面积");
    EXPECT_EQ(GateFieldNameZh("industry_code"), "国民经济行业");
    EXPECT_EQ(GateFieldNameZh("chain_id"), "产业链");
    EXPECT_EQ(GateFieldNameZh("leader_in_charge"), "包保领导");
    EXPECT_EQ(GateFieldNameZh("referrer"), "引荐人");
    for (std::string_view key : kGateFieldKeys) EXPECT_FALSE(GateFieldNameZh(key).empty()) << key;
    EXPECT_TRUE(GateFieldNameZh("name").empty());
}

TEST(LifecycleKeysTest, EvidenceKinds) {
    const std::vector<EvidenceKind>& kinds = EvidenceKinds();
    const std::vector<std::string_view> keys = {"contract",
                                                "registration",
                                                "land_certificate",
                                                "site_photo",
                                                "construction_permit",
                                                "stats_confirmation",
                                                "production_proof",
                                                "above_scale_proof",
                                                "capacity_proof",
                                                "prereview_opinion",
                                                "other"};
    ASSERT_EQ(kinds.size(), keys.size());
    for (size_t i = 0; i < keys.size(); ++i) {
        EXPECT_EQ(kinds[i].key, keys[i]);
        EXPECT_FALSE(kinds[i].name_zh.empty());
        EXPECT_FALSE(kinds[i].name_en.empty());
        EXPECT_EQ(FindEvidenceKind(keys[i]), &kinds[i]);
    }
    EXPECT_EQ(FindEvidenceKind("contract")->name_zh, "签约合同扫描件");
    EXPECT_EQ(FindEvidenceKind("contract")->name_en, "Signed contract");
    EXPECT_EQ(FindEvidenceKind("land_certificate")->name_zh, "供地文件/不动产权证");
    EXPECT_EQ(FindEvidenceKind("construction_permit")->name_en, "Construction permit or filing");
    EXPECT_EQ(FindEvidenceKind("nope"), nullptr);
}

// ---- the rules table

TEST(LifecycleRulesTest, DefaultsCoverFortyFourRulesInOrder) {
    const LifecycleRules rules = LifecycleRules::Defaults();
    ASSERT_EQ(rules.All().size(), 44u);
    size_t i = 0;
    for (const Category c : kAllCategories) {
        for (const Node n : kAllNodes) {
            const NodeRule& r = rules.All()[i++];
            EXPECT_EQ(r.category, c);
            EXPECT_EQ(r.node, n);
            EXPECT_EQ(&rules.Rule(c, n), &r);
            EXPECT_FALSE(LifecycleRules::Validate(r)) << CategoryKey(c) << "/" << NodeKey(n);
        }
    }
}

TEST(LifecycleRulesTest, DefaultApplicability) {
    const LifecycleRules rules = LifecycleRules::Defaults();
    for (const Node n : kAllNodes) {
        EXPECT_TRUE(rules.Rule(Category::kIndustry, n).applies) << NodeKey(n);
        EXPECT_EQ(rules.Rule(Category::kService, n).applies, n != Node::kLand) << NodeKey(n);
        EXPECT_EQ(rules.Rule(Category::kAgriculture, n).applies, n != Node::kAboveScale) << NodeKey(n);
        EXPECT_EQ(rules.Rule(Category::kOther, n).applies, n != Node::kLand && n != Node::kAboveScale) << NodeKey(n);
    }
    // A rule for a node that does not apply is still returned.
    EXPECT_EQ(rules.Rule(Category::kService, Node::kLand).node, Node::kLand);
    EXPECT_EQ(rules.Rule(Category::kService, Node::kLand).category, Category::kService);
}

TEST(LifecycleRulesTest, DefaultGatesOrderAndDays) {
    const LifecycleRules rules = LifecycleRules::Defaults();
    using Strings = std::vector<std::string>;
    using Nodes = std::vector<Node>;
    struct Expected {
        Node node;
        Strings fields;
        Strings evidence;
        Nodes after;
        int days;
    };
    const std::vector<Expected> expected = {
        {Node::kLead, {}, {}, {}, 0},
        {Node::kNegotiating, {}, {}, {Node::kLead}, 30},
        {Node::kPrereview, {"total_investment", "industry_code"}, {}, {Node::kNegotiating}, 30},
        {Node::kSigned, {"investor_id", "total_investment"}, {"contract"}, {Node::kPrereview}, 30},
        {Node::kRegistered, {}, {"registration"}, {Node::kSigned}, 30},
        {Node::kLand, {"land_area_mu"}, {"land_certificate"}, {Node::kSigned}, 60},
        {Node::kStarted, {"fixed_asset_investment"}, {"site_photo", "construction_permit"}, {Node::kSigned}, 60},
        {Node::kInStats, {}, {"stats_confirmation"}, {Node::kStarted}, 30},
        {Node::kProducing, {}, {"production_proof"}, {Node::kStarted}, 300},
        {Node::kAboveScale, {}, {"above_scale_proof"}, {Node::kProducing}, 180},
        {Node::kFullCapacity, {}, {"capacity_proof"}, {Node::kProducing}, 365},
    };
    for (const Category c : kAllCategories) {
        for (const Expected& e : expected) {
            const NodeRule& r = rules.Rule(c, e.node);
            EXPECT_EQ(r.required_fields, e.fields) << NodeKey(e.node);
            EXPECT_EQ(r.required_evidence, e.evidence) << NodeKey(e.node);
            EXPECT_EQ(r.after, e.after) << NodeKey(e.node);
            EXPECT_EQ(r.standard_days, e.days) << NodeKey(e.node);
        }
    }
}

TEST(LifecycleRulesTest, ConstructorTakesAnyOrderAndSubset) {
    NodeRule a = LifecycleRules::Defaults().Rule(Category::kOther, Node::kSigned);
    a.standard_days = 7;
    a.required_fields = {"referrer"};
    NodeRule b = LifecycleRules::Defaults().Rule(Category::kIndustry, Node::kLand);
    b.applies = false;
    const LifecycleRules rules({a, b});  // category "other" before "industry"
    ASSERT_EQ(rules.All().size(), 44u);
    EXPECT_EQ(rules.Rule(Category::kOther, Node::kSigned).standard_days, 7);
    EXPECT_EQ(rules.Rule(Category::kOther, Node::kSigned).required_fields, std::vector<std::string>{"referrer"});
    EXPECT_FALSE(rules.Rule(Category::kIndustry, Node::kLand).applies);
    // Everything else comes from the defaults.
    EXPECT_EQ(rules.Rule(Category::kIndustry, Node::kSigned).standard_days, 30);
    EXPECT_TRUE(rules.Rule(Category::kIndustry, Node::kStarted).applies);
    // Still category-major, node order.
    EXPECT_EQ(rules.All()[3 * kNodeCount + NodeIndex(Node::kSigned)].standard_days, 7);
    EXPECT_EQ(rules.All()[NodeIndex(Node::kLand)].applies, false);

    // The full table reversed gives the same lookups.
    std::vector<NodeRule> all = LifecycleRules::Defaults().All();
    std::reverse(all.begin(), all.end());
    const LifecycleRules reversed(all);
    for (const Category c : kAllCategories) {
        for (const Node n : kAllNodes) {
            EXPECT_EQ(reversed.Rule(c, n).node, n);
            EXPECT_EQ(reversed.Rule(c, n).category, c);
        }
    }
}

TEST(LifecycleRulesTest, Validate) {
    const NodeRule base = LifecycleRules::Defaults().Rule(Category::kIndustry, Node::kStarted);
    EXPECT_FALSE(LifecycleRules::Validate(base));

    NodeRule r = base;
    r.required_fields.push_back("colour");
    std::optional<Error> e = LifecycleRules::Validate(r);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->code, ErrorCode::kUnprocessable);
    EXPECT_EQ(e->field, "required_fields");

    r = base;
    r.required_fields.push_back("fixed_asset_investment");  // duplicate
    ASSERT_TRUE(LifecycleRules::Validate(r));
    EXPECT_EQ(LifecycleRules::Validate(r)->field, "required_fields");

    r = base;
    r.required_evidence.push_back("selfie");
    ASSERT_TRUE(LifecycleRules::Validate(r));
    EXPECT_EQ(LifecycleRules::Validate(r)->field, "required_evidence");

    r = base;
    r.after = {Node::kProducing};  // a later node would allow cycles
    ASSERT_TRUE(LifecycleRules::Validate(r));
    EXPECT_EQ(LifecycleRules::Validate(r)->field, "after");
    r.after = {Node::kStarted};  // itself
    EXPECT_TRUE(LifecycleRules::Validate(r));

    r = base;
    r.standard_days = -1;
    ASSERT_TRUE(LifecycleRules::Validate(r));
    EXPECT_EQ(LifecycleRules::Validate(r)->field, "standard_days");
    r.standard_days = 3651;
    EXPECT_TRUE(LifecycleRules::Validate(r));
    r.standard_days = 3650;
    EXPECT_FALSE(LifecycleRules::Validate(r));
    r.standard_days = 0;
    EXPECT_FALSE(LifecycleRules::Validate(r));
}

TEST(LifecycleRulesTest, EmptyLedgerHasAllNodesInOrder) {
    const NodeLedger ledger = EmptyLedger();
    for (int i = 0; i < kNodeCount; ++i) {
        EXPECT_EQ(ledger[i].node, kAllNodes[i]);
        EXPECT_FALSE(ledger[i].planned);
        EXPECT_FALSE(ledger[i].actual);
        EXPECT_TRUE(ledger[i].note.empty());
    }
}

// ---- gates

TEST(CheckGateTest, SignedOnBareProjectListsEveryMissingItem) {
    const LifecycleRules rules = LifecycleRules::Defaults();
    const std::vector<ErrorDetail> details = CheckGate(rules, Category::kIndustry, Node::kSigned, D("2026-05-01"),
                                                       EmptyLedger(), GateFacts{}, D("2026-06-01"));
    EXPECT_EQ(Names(details), (std::vector<std::string>{"field:investor_id", "field:total_investment",
                                                        "evidence:contract", "order:prereview"}));
    ASSERT_EQ(details.size(), 4u);
    EXPECT_EQ(details[0].message, "缺少必填项：投资方");
    EXPECT_EQ(details[1].message, "缺少必填项：总投资");
    EXPECT_EQ(details[2].message, "缺少证明材料：签约合同扫描件");
    EXPECT_EQ(details[3].message, "须先完成“预审”节点");
}

TEST(CheckGateTest, StartedListsBothEvidenceKinds) {
    const LifecycleRules rules = LifecycleRules::Defaults();
    GateFacts facts;
    facts.present_evidence = {"site_photo"};
    const NodeLedger ledger = Reached({{Node::kSigned, "2026-01-10"}});
    EXPECT_EQ(
        Names(CheckGate(rules, Category::kIndustry, Node::kStarted, D("2026-03-01"), ledger, facts, D("2026-03-01"))),
        (std::vector<std::string>{"field:fixed_asset_investment", "evidence:construction_permit"}));
}

TEST(CheckGateTest, PassesWhenEverythingIsThere) {
    const LifecycleRules rules = LifecycleRules::Defaults();
    const NodeLedger ledger =
        Reached({{Node::kLead, "2026-01-01"}, {Node::kNegotiating, "2026-01-15"}, {Node::kPrereview, "2026-02-01"}});
    GateFacts facts;
    facts.present_fields = {"investor_id", "total_investment"};
    facts.present_evidence = {"contract"};
    // Same day as the predecessor and same day as today are both allowed.
    EXPECT_TRUE(
        CheckGate(rules, Category::kIndustry, Node::kSigned, D("2026-02-01"), ledger, facts, D("2026-02-01")).empty());
    EXPECT_TRUE(
        CheckGate(rules, Category::kIndustry, Node::kLead, D("2026-01-01"), EmptyLedger(), GateFacts{}, D("2026-01-01"))
            .empty());
}

TEST(CheckGateTest, ActualBeforePredecessorIsAnOrderError) {
    const LifecycleRules rules = LifecycleRules::Defaults();
    const NodeLedger ledger = Reached({{Node::kPrereview, "2026-02-01"}});
    const std::vector<ErrorDetail> details =
        CheckGate(rules, Category::kIndustry, Node::kSigned, D("2026-01-31"), ledger, AllFacts(), D("2026-06-01"));
    ASSERT_EQ(details.size(), 1u);
    EXPECT_EQ(details[0].kind, "order");
    EXPECT_EQ(details[0].name, "prereview");
    EXPECT_NE(details[0].message.find("预审"), std::string::npos);
    EXPECT_NE(details[0].message.find("2026-02-01"), std::string::npos);
}

TEST(CheckGateTest, FutureDateIsAnOrderError) {
    const LifecycleRules rules = LifecycleRules::Defaults();
    const std::vector<ErrorDetail> details = CheckGate(rules, Category::kIndustry, Node::kLead, D("2026-06-02"),
                                                       EmptyLedger(), GateFacts{}, D("2026-06-01"));
    ASSERT_EQ(details.size(), 1u);
    EXPECT_EQ(details[0].kind, "order");
    EXPECT_EQ(details[0].name, "actual_date");
    EXPECT_EQ(details[0].message, "实际日期不能晚于今天");
}

TEST(CheckGateTest, NotApplicableAfterNodeIsIgnored) {
    NodeRule prereview = LifecycleRules::Defaults().Rule(Category::kOther, Node::kPrereview);
    prereview.applies = false;
    const LifecycleRules rules({prereview});
    const std::vector<ErrorDetail> other =
        CheckGate(rules, Category::kOther, Node::kSigned, D("2026-05-01"), EmptyLedger(), AllFacts(), D("2026-06-01"));
    EXPECT_TRUE(other.empty()) << Names(other).size();
    // Industry, where 预审 still applies, still needs it.
    EXPECT_EQ(Names(CheckGate(rules, Category::kIndustry, Node::kSigned, D("2026-05-01"), EmptyLedger(), AllFacts(),
                              D("2026-06-01"))),
              std::vector<std::string>{"order:prereview"});
}

TEST(CheckGateTest, NodeThatDoesNotApplyIsReported) {
    const LifecycleRules rules = LifecycleRules::Defaults();
    const NodeLedger ledger = Reached({{Node::kSigned, "2026-01-10"}});
    const std::vector<ErrorDetail> details =
        CheckGate(rules, Category::kService, Node::kLand, D("2026-03-01"), ledger, AllFacts(), D("2026-06-01"));
    ASSERT_EQ(details.size(), 1u);
    EXPECT_EQ(details[0].name, "node");
}

TEST(CheckGateTest, UsesTheRulesGivenNotTheDefaults) {
    NodeRule registered = LifecycleRules::Defaults().Rule(Category::kIndustry, Node::kRegistered);
    registered.required_fields = {"leader_in_charge", "referrer"};
    registered.required_evidence = {};
    const LifecycleRules rules({registered});
    const NodeLedger ledger = Reached({{Node::kSigned, "2026-01-10"}});
    GateFacts facts;
    facts.present_fields = {"referrer"};
    const std::vector<ErrorDetail> details =
        CheckGate(rules, Category::kIndustry, Node::kRegistered, D("2026-02-01"), ledger, facts, D("2026-06-01"));
    ASSERT_EQ(details.size(), 1u);
    EXPECT_EQ(details[0].kind, "field");
    EXPECT_EQ(details[0].name, "leader_in_charge");
    EXPECT_EQ(details[0].message, "缺少必填项：包保领导");
}

// ---- stage, overdue, status

TEST(LedgerTest, Stage) {
    const LifecycleRules rules = LifecycleRules::Defaults();
    EXPECT_FALSE(Stage(rules, Category::kIndustry, EmptyLedger()));
    NodeLedger ledger = Reached({{Node::kLead, "2026-01-01"}, {Node::kSigned, "2026-03-01"}});
    EXPECT_EQ(Stage(rules, Category::kIndustry, ledger), Node::kSigned);
    // A node reached out of order still counts by its position, not its date.
    At(ledger, Node::kLand).actual = D("2026-02-01");
    EXPECT_EQ(Stage(rules, Category::kIndustry, ledger), Node::kLand);
    // For a service project 供地 does not apply, so it does not count.
    EXPECT_EQ(Stage(rules, Category::kService, ledger), Node::kSigned);
}

TEST(LedgerTest, IsOverdue) {
    const Date today = D("2026-06-01");
    NodeEntry e;
    EXPECT_FALSE(IsOverdue(e, today));
    e.planned = D("2026-05-31");
    EXPECT_TRUE(IsOverdue(e, today));
    e.planned = D("2026-06-01");
    EXPECT_FALSE(IsOverdue(e, today));  // due today is not yet overdue
    e.planned = D("2026-05-01");
    e.actual = D("2026-05-20");
    EXPECT_FALSE(IsOverdue(e, today));
}

TEST(LedgerTest, CountOverdueCountsApplicableNodesOnly) {
    const LifecycleRules rules = LifecycleRules::Defaults();
    const Date today = D("2026-06-01");
    NodeLedger ledger = EmptyLedger();
    At(ledger, Node::kSigned).planned = D("2026-05-01");
    At(ledger, Node::kLand).planned = D("2026-05-01");
    At(ledger, Node::kStarted).planned = D("2026-07-01");
    At(ledger, Node::kLead).planned = D("2026-01-01");
    At(ledger, Node::kLead).actual = D("2026-01-05");
    EXPECT_EQ(CountOverdue(rules, Category::kIndustry, ledger, today), 2);
    EXPECT_EQ(CountOverdue(rules, Category::kService, ledger, today), 1);
    EXPECT_EQ(CountOverdue(rules, Category::kIndustry, ledger, D("2026-05-01")), 0);
}

TEST(LedgerTest, LastProgress) {
    EXPECT_FALSE(LastProgress(EmptyLedger()));
    const NodeLedger ledger =
        Reached({{Node::kLead, "2026-01-01"}, {Node::kSigned, "2026-03-01"}, {Node::kRegistered, "2026-02-15"}});
    EXPECT_EQ(LastProgress(ledger), D("2026-03-01"));
}

TEST(StatusTest, EachStatusAndPrecedence) {
    const LifecycleRules rules = LifecycleRules::Defaults();
    const Date created = D("2026-01-01");
    const Date today = D("2026-06-01");
    const int stalled_days = 90;
    auto status = [&](const NodeLedger& l, bool terminated, Category c = Category::kIndustry) {
        return DeriveStatus(rules, c, l, terminated, created, today, stalled_days);
    };

    NodeLedger normal = Reached({{Node::kLead, "2026-05-01"}});
    EXPECT_EQ(status(normal, false), ProjectStatus::kNormal);
    EXPECT_EQ(status(normal, true), ProjectStatus::kTerminated);

    NodeLedger delayed = normal;
    At(delayed, Node::kNegotiating).planned = D("2026-05-20");
    EXPECT_EQ(status(delayed, false), ProjectStatus::kDelayed);
    EXPECT_EQ(status(delayed, true), ProjectStatus::kTerminated);

    // Overdue only on a node that does not apply: not delayed.
    NodeLedger land_only = normal;
    At(land_only, Node::kLand).planned = D("2026-05-20");
    EXPECT_EQ(status(land_only, false, Category::kService), ProjectStatus::kNormal);
    EXPECT_EQ(status(land_only, false, Category::kIndustry), ProjectStatus::kDelayed);

    NodeLedger stalled = Reached({{Node::kLead, "2026-03-01"}});  // 92 days before today
    EXPECT_EQ(status(stalled, false), ProjectStatus::kStalled);
    NodeLedger stalled_and_late = stalled;
    At(stalled_and_late, Node::kSigned).planned = D("2026-04-01");
    EXPECT_EQ(status(stalled_and_late, false), ProjectStatus::kDelayed);  // delayed wins over stalled

    NodeLedger completed = Reached({{Node::kFullCapacity, "2026-05-01"}});
    At(completed, Node::kAboveScale).planned = D("2026-01-01");  // overdue, but the project is done
    EXPECT_EQ(status(completed, false), ProjectStatus::kCompleted);
    EXPECT_EQ(status(completed, true), ProjectStatus::kTerminated);
}

TEST(StatusTest, StalledBoundaryAndCreatedDate) {
    const LifecycleRules rules = LifecycleRules::Defaults();
    const Date today = D("2026-06-01");
    // Exactly 90 days since the last progress: not yet stalled; 91: stalled.
    const NodeLedger ninety = Reached({{Node::kLead, "2026-03-03"}});
    EXPECT_EQ(today.days() - D("2026-03-03").days(), 90);
    EXPECT_EQ(DeriveStatus(rules, Category::kIndustry, ninety, false, D("2020-01-01"), today, 90),
              ProjectStatus::kNormal);
    const NodeLedger ninety_one = Reached({{Node::kLead, "2026-03-02"}});
    EXPECT_EQ(DeriveStatus(rules, Category::kIndustry, ninety_one, false, D("2020-01-01"), today, 90),
              ProjectStatus::kStalled);
    // No node reached: counted from creation.
    EXPECT_EQ(DeriveStatus(rules, Category::kIndustry, EmptyLedger(), false, D("2026-05-01"), today, 90),
              ProjectStatus::kNormal);
    EXPECT_EQ(DeriveStatus(rules, Category::kIndustry, EmptyLedger(), false, D("2026-01-01"), today, 90),
              ProjectStatus::kStalled);
    // The threshold is the caller's.
    EXPECT_EQ(DeriveStatus(rules, Category::kIndustry, EmptyLedger(), false, D("2026-05-01"), today, 30),
              ProjectStatus::kStalled);
}

// ---- reverse scheduling

TEST(ReverseScheduleTest, FillsEarlierNodesBackwardsByStandardDays) {
    const LifecycleRules rules = LifecycleRules::Defaults();
    NodeLedger ledger = EmptyLedger();
    At(ledger, Node::kProducing).planned = D("2027-06-01");  // after the target: untouched
    Result<NodeLedger> r = ReverseSchedule(rules, Category::kIndustry, ledger, Node::kStarted, D("2026-09-30"));
    ASSERT_TRUE(r.ok()) << r.error().message;
    const NodeLedger& out = r.value();
    auto planned = [&](Node n) { return out[NodeIndex(n)].planned ? out[NodeIndex(n)].planned->ToString() : ""; };
    EXPECT_EQ(planned(Node::kStarted), "2026-09-30");
    EXPECT_EQ(planned(Node::kLand), "2026-08-01");        // − 60 (开工's standard days)
    EXPECT_EQ(planned(Node::kRegistered), "2026-06-02");  // − 60 (供地's)
    EXPECT_EQ(planned(Node::kSigned), "2026-05-03");      // − 30
    EXPECT_EQ(planned(Node::kPrereview), "2026-04-03");
    EXPECT_EQ(planned(Node::kNegotiating), "2026-03-04");
    EXPECT_EQ(planned(Node::kLead), "2026-02-02");
    EXPECT_EQ(planned(Node::kProducing), "2027-06-01");
    EXPECT_EQ(planned(Node::kInStats), "");
    for (const NodeEntry& e : out) EXPECT_FALSE(e.actual);
}

TEST(ReverseScheduleTest, SkipsNodesThatDoNotApply) {
    const LifecycleRules rules = LifecycleRules::Defaults();
    Result<NodeLedger> r = ReverseSchedule(rules, Category::kService, EmptyLedger(), Node::kStarted, D("2026-09-30"));
    ASSERT_TRUE(r.ok());
    EXPECT_FALSE(r.value()[NodeIndex(Node::kLand)].planned);
    EXPECT_EQ(r.value()[NodeIndex(Node::kRegistered)].planned, D("2026-08-01"));  // − 60 straight from 开工
    EXPECT_EQ(r.value()[NodeIndex(Node::kSigned)].planned, D("2026-07-02"));
}

TEST(ReverseScheduleTest, StopsAtAReachedNode) {
    const LifecycleRules rules = LifecycleRules::Defaults();
    NodeLedger ledger = Reached({{Node::kLead, "2025-01-01"}, {Node::kStarted, "2026-01-15"}});
    At(ledger, Node::kStarted).planned = D("2026-01-01");
    At(ledger, Node::kSigned).planned = D("2025-06-01");  // before the reached node: kept as it was
    At(ledger, Node::kAboveScale).planned = D("2030-01-01");
    // Agriculture: 入规 does not apply.
    Result<NodeLedger> r = ReverseSchedule(rules, Category::kAgriculture, ledger, Node::kFullCapacity, D("2027-12-31"));
    ASSERT_TRUE(r.ok());
    const NodeLedger& out = r.value();
    EXPECT_EQ(out[NodeIndex(Node::kFullCapacity)].planned, D("2027-12-31"));
    EXPECT_EQ(out[NodeIndex(Node::kAboveScale)].planned, D("2030-01-01"));  // not applicable: untouched
    EXPECT_EQ(out[NodeIndex(Node::kProducing)].planned, D("2026-12-31"));   // − 365
    EXPECT_EQ(out[NodeIndex(Node::kInStats)].planned, D("2026-03-06"));     // − 300
    EXPECT_EQ(out[NodeIndex(Node::kStarted)].planned, D("2026-01-01"));     // reached: unchanged
    EXPECT_EQ(out[NodeIndex(Node::kStarted)].actual, D("2026-01-15"));
    EXPECT_EQ(out[NodeIndex(Node::kSigned)].planned, D("2025-06-01"));
    EXPECT_FALSE(out[NodeIndex(Node::kLand)].planned);
}

TEST(ReverseScheduleTest, UsesTheCategorysStandardDays) {
    NodeRule started = LifecycleRules::Defaults().Rule(Category::kIndustry, Node::kStarted);
    started.standard_days = 10;
    const LifecycleRules rules({started});
    Result<NodeLedger> r = ReverseSchedule(rules, Category::kIndustry, EmptyLedger(), Node::kStarted, D("2026-09-30"));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.value()[NodeIndex(Node::kLand)].planned, D("2026-09-20"));
}

TEST(ReverseScheduleTest, ErrorsOnReachedOrInapplicableTarget) {
    const LifecycleRules rules = LifecycleRules::Defaults();
    const NodeLedger ledger = Reached({{Node::kSigned, "2026-01-01"}});
    Result<NodeLedger> reached = ReverseSchedule(rules, Category::kIndustry, ledger, Node::kSigned, D("2026-09-30"));
    ASSERT_FALSE(reached.ok());
    EXPECT_EQ(reached.error().code, ErrorCode::kUnprocessable);
    EXPECT_EQ(reached.error().field, "target_node");
    EXPECT_FALSE(reached.error().message.empty());

    Result<NodeLedger> inapplicable =
        ReverseSchedule(rules, Category::kService, EmptyLedger(), Node::kLand, D("2026-09-30"));
    ASSERT_FALSE(inapplicable.ok());
    EXPECT_EQ(inapplicable.error().code, ErrorCode::kUnprocessable);
    EXPECT_EQ(inapplicable.error().field, "target_node");
}

TEST(ReverseScheduleTest, TargetLeadOnlySetsItself) {
    const LifecycleRules rules = LifecycleRules::Defaults();
    Result<NodeLedger> r = ReverseSchedule(rules, Category::kIndustry, EmptyLedger(), Node::kLead, D("2026-02-01"));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.value()[0].planned, D("2026-02-01"));
    for (int i = 1; i < kNodeCount; ++i) EXPECT_FALSE(r.value()[i].planned);
}

}  // namespace
}  // namespace zs
