// The business objects, as plain values shared by store, service and http.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"
#include "core/lifecycle.hpp"

namespace zs {

enum class Role { kAdmin, kDispatcher, kReporter, kLeader, kReviewer };
std::string_view RoleKey(Role r);  // "admin", …
std::optional<Role> ParseRole(std::string_view key);

enum class UnitKind { kDevZone, kPark, kTown, kMunicipal };  // 经开区, 园区, 镇/街道, 市直单位
std::string_view UnitKindKey(UnitKind k);                    // "dev_zone", "park", "town", "municipal"
std::optional<UnitKind> ParseUnitKind(std::string_view key);

// Investor tags, problem categories and chain kinds are validated against these key lists.
inline constexpr std::string_view kInvestorTags[] = {"central_soe", "state_owned", "private", "foreign",
                                                     "listed",      "fortune500",  "industry_leader"};
inline constexpr std::string_view kProblemCategories[] = {"land_quota",  "funding", "approval",
                                                          "environment", "energy",  "other"};
inline constexpr std::string_view kProblemStatuses[] = {"open", "resolved"};
inline constexpr std::string_view kChainKinds[] = {"leading", "advantage"};

struct Unit {
    int64_t id = 0;
    std::string code;
    std::string name;
    UnitKind kind = UnitKind::kTown;
    int sort_order = 0;
    int64_t version = 1;
};

struct User {
    int64_t id = 0;
    std::string username;
    std::string display_name;
    Role role = Role::kReporter;
    std::optional<int64_t> unit_id;  // set for reporters only
    bool disabled = false;
    std::string password_hash;       // argon2id string (libsodium crypto_pwhash_str)
    int64_t version = 1;
    int64_t created_at = 0;          // unix seconds
};

struct Session {
    std::string token_hash;  // hex BLAKE2b of the cookie token; the token itself is never stored
    int64_t user_id = 0;
    int64_t created_at = 0;
    int64_t last_seen_at = 0;
};

struct Chain {
    int64_t id = 0;
    std::string name;
    std::string kind;  // "leading" | "advantage"
};

struct Industry {
    std::string code;    // "C3011"
    std::string name;
    int level = 1;       // 1 门类 … 4 小类
    std::string parent;  // empty at level 1
};

struct Region {
    std::string code;    // "340000", "340100"
    std::string name;
    std::string parent;  // empty for provinces
};

struct Investor {
    int64_t id = 0;
    std::string name;
    std::string uscc;
    std::string province_code;
    std::string city_code;  // may be empty
    std::vector<std::string> tags;
    std::optional<int64_t> created_by_unit_id;
    int64_t version = 1;
    int64_t created_at = 0;
    int64_t updated_at = 0;
    // Joined on read, not stored:
    std::string province_name;
    std::string city_name;
};

struct Project {
    int64_t id = 0;
    std::string code;
    std::string name;
    std::optional<int64_t> investor_id;
    int64_t unit_id = 0;
    std::optional<int64_t> chain_id;
    std::string industry_code;      // empty = not set
    Category category = Category::kIndustry;
    std::string emerging_industry;  // empty = none
    int64_t total_investment = 0;   // yuan
    int64_t fixed_asset_investment = 0;
    int64_t land_mu_hundredths = 0;
    std::string leader_in_charge;   // 包保领导
    std::string referrer;           // 引荐人
    std::string introducing_unit;   // 招引单位
    std::string first_introducer;   // 第一引资人
    bool is_key = false;
    bool terminated = false;
    std::string termination_reason;
    // Kept in step with the ledger by the service, stored for filtering and sorting:
    std::optional<Node> stage;
    std::optional<Date> signed_date;
    std::optional<Date> last_progress;
    int64_t version = 1;
    int64_t created_at = 0;
    int64_t updated_at = 0;
    // Joined on read, not stored:
    std::string investor_name;
    std::string investor_province_code;
    std::string unit_name;
    std::string chain_name;
    std::string industry_name;
    int overdue_nodes = 0;   // as of the filter's `today`
    int open_problems = 0;
    int overdue_problems = 0;
    NodeLedger nodes = EmptyLedger();  // filled by GetProject only
};

struct Problem {
    int64_t id = 0;
    int64_t project_id = 0;
    std::string category;
    std::string description;
    std::string department;
    std::optional<Date> deadline;
    std::string status = "open";
    std::string resolution;
    int64_t version = 1;
    int64_t created_at = 0;
    int64_t updated_at = 0;
};

struct EvidenceFile {
    int64_t id = 0;
    int64_t project_id = 0;
    Node node = Node::kLead;
    std::string kind;
    std::string name;          // the client's label, never used as a path
    std::string content_type;
    int64_t size = 0;
    std::string storage_name;  // generated; relative to the data folder's files/
    std::string sha256;
    int64_t uploaded_by = 0;
    int64_t uploaded_at = 0;
};

struct AuditEntry {
    int64_t id = 0;
    int64_t user_id = 0;  // 0 for the system (CLI, demo)
    std::string username;  // joined on read
    int64_t at = 0;       // unix seconds UTC
    std::string entity;   // "project", "node", "problem", "file", "investor", "unit", "user", "rule"
    int64_t entity_id = 0;
    int64_t project_id = 0;  // the project it belongs to, 0 when none (for the project history)
    std::string action;      // "create", "update", "delete"
    std::string before_json;  // "" when none
    std::string after_json;
};

// The gate field keys (kGateFieldKeys) that are set on `p`: ids present, amounts above zero,
// texts non-empty.
std::set<std::string> PresentGateFields(const Project& p);
// Recomputes the stored summary of the ledger: stage, signed_date, last_progress.
void RefreshDerived(Project& p, const LifecycleRules& rules);

}  // namespace zs
