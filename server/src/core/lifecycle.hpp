// The project lifecycle: nodes, categories, the one rules table (which nodes apply, gates,
// order, standard durations), and what follows from a node ledger (stage, overdue, status,
// reverse scheduling). Pure: no I/O. The defaults here seed the database; the database copy,
// edited by admins, is what the service uses.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"
#include "core/error.hpp"

namespace zs {

enum class Node { kLead, kNegotiating, kPrereview, kSigned, kRegistered, kLand, kStarted, kInStats, kProducing,
                  kAboveScale, kFullCapacity };
inline constexpr int kNodeCount = 11;
inline constexpr std::array<Node, kNodeCount> kAllNodes = {
    Node::kLead,    Node::kNegotiating, Node::kPrereview, Node::kSigned,     Node::kRegistered,  Node::kLand,
    Node::kStarted, Node::kInStats,     Node::kProducing, Node::kAboveScale, Node::kFullCapacity};

enum class Category { kIndustry, kService, kAgriculture, kOther };
inline constexpr std::array<Category, 4> kAllCategories = {Category::kIndustry, Category::kService,
                                                           Category::kAgriculture, Category::kOther};

enum class ProjectStatus { kNormal, kDelayed, kStalled, kTerminated, kCompleted };

// Keys used in JSON and the database: "lead", "negotiating", … ; "industry", …; "normal", …
std::string_view NodeKey(Node n);
std::string_view NodeNameZh(Node n);  // 线索 …
std::optional<Node> ParseNode(std::string_view key);
int NodeIndex(Node n);  // 0..10
std::string_view CategoryKey(Category c);
std::optional<Category> ParseCategory(std::string_view key);
std::string_view StatusKey(ProjectStatus s);
std::optional<ProjectStatus> ParseStatus(std::string_view key);

// Project fields a gate may require (keys as in the API): they count as present when set and,
// for amounts, greater than zero.
inline constexpr std::array<std::string_view, 8> kGateFieldKeys = {
    "investor_id", "total_investment", "fixed_asset_investment", "land_area_mu",
    "industry_code", "chain_id", "leader_in_charge", "referrer"};
std::string_view GateFieldNameZh(std::string_view key);

struct EvidenceKind {
    std::string_view key;
    std::string_view name_zh;
    std::string_view name_en;
};
// The evidence kinds a file may be uploaded as (contract, site_photo, …).
const std::vector<EvidenceKind>& EvidenceKinds();
const EvidenceKind* FindEvidenceKind(std::string_view key);

struct NodeRule {
    Category category = Category::kIndustry;
    Node node = Node::kLead;
    bool applies = true;
    std::vector<std::string> required_fields;    // keys from kGateFieldKeys
    std::vector<std::string> required_evidence;  // keys from EvidenceKinds()
    std::vector<Node> after;                     // nodes whose actual date must be set and ≤ this one's
    int standard_days = 0;                       // usual days from the previous applicable node to this one
};

// The rules for every category × node (44 rules), indexed for lookup.
class LifecycleRules {
public:
    explicit LifecycleRules(std::vector<NodeRule> rules);
    static LifecycleRules Defaults();
    const NodeRule& Rule(Category c, Node n) const;
    const std::vector<NodeRule>& All() const { return rules_; }
    // Validates an admin's edit of one rule (known keys, non-negative days, at most 3650).
    static std::optional<Error> Validate(const NodeRule& rule);

private:
    std::vector<NodeRule> rules_;  // category-major, node order
};

// One row of the node ledger.
struct NodeEntry {
    Node node = Node::kLead;
    std::optional<Date> planned;
    std::optional<Date> actual;
    std::string note;
};

// A project's node ledger: always all 11 nodes in order (absent rows are empty entries).
using NodeLedger = std::array<NodeEntry, kNodeCount>;
NodeLedger EmptyLedger();

// What a gate looks at, beyond the ledger.
struct GateFacts {
    std::set<std::string> present_fields;    // gate field keys that are set on the project
    std::set<std::string> present_evidence;  // evidence kinds uploaded for this node
};

// Checks setting `node`'s actual date to `actual` on a project of `category`: every required
// field and evidence kind present, every `after` node reached no later than `actual`, `actual`
// not after `today`. Returns one detail per missing item (empty = the gate passes).
std::vector<ErrorDetail> CheckGate(const LifecycleRules& rules, Category category, Node node, Date actual,
                                   const NodeLedger& ledger, const GateFacts& facts, Date today);

// The furthest applicable node (by order) that has an actual date.
std::optional<Node> Stage(const LifecycleRules& rules, Category category, const NodeLedger& ledger);
// Overdue: applicable, planned date before today, no actual date.
bool IsOverdue(const NodeEntry& e, Date today);
int CountOverdue(const LifecycleRules& rules, Category category, const NodeLedger& ledger, Date today);
// The latest actual date in the ledger (nullopt when no node is reached).
std::optional<Date> LastProgress(const NodeLedger& ledger);
// terminated → 终止; 达产 reached → 已达产; any overdue node → 滞后; no node reached for more than
// `stalled_days` days (counted from the last actual date, or from `created` when none) → 停滞; else 正常推进.
ProjectStatus DeriveStatus(const LifecycleRules& rules, Category category, const NodeLedger& ledger,
                           bool terminated, Date created, Date today, int stalled_days);

// The same rule from a summary (what a list row carries): `since` is the last actual date, or
// the creation date when none. DeriveStatus is this applied to a ledger.
ProjectStatus StatusFromSummary(bool terminated, std::optional<Node> stage, int overdue_nodes, Date since, Date today,
                                int stalled_days);

// 倒排: fills planned dates of the applicable nodes before `target` that have no actual date,
// backwards from `target_date` by each node's standard_days (the target node gets target_date).
// Returns the new ledger; an error when the target does not apply or is already reached.
Result<NodeLedger> ReverseSchedule(const LifecycleRules& rules, Category category, const NodeLedger& ledger,
                                   Node target, Date target_date);

}  // namespace zs
