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
#include "core/snapshot.hpp"

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
    std::optional<int64_t> activity_id;  // the activity (trip, visit, exhibition) the lead came from
    bool terminated = false;
    std::string termination_reason;
    // Kept in step with the ledger by the service, stored for filtering and sorting:
    std::optional<Node> stage;
    std::optional<Date> signed_date;
    std::optional<Date> last_progress;
    // Statistical events: 入省库 status with its dates, and how the enterprise became above-scale
    // (the 入统/投产/入规 dates themselves are the ledger's actual dates).
    ProvDbStatus prov_db_status = ProvDbStatus::kNone;
    std::optional<Date> prov_db_reported_date;   // set from 待审核 on
    std::optional<Date> prov_db_confirmed_date;  // set exactly when confirmed (已认定)
    AboveScaleRoute above_scale_route = AboveScaleRoute::kNone;
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

// --- the activity log (外出招商, 接待/拜访客商, 展会/推介) and the weekly report (周报送)

enum class ActivityKind { kTrip, kVisit, kExhibition };
std::string_view ActivityKindKey(ActivityKind k);  // "trip", "visit", "exhibition"
std::optional<ActivityKind> ParseActivityKind(std::string_view key);

// One activity of a unit. Which fields apply depends on the kind (docs/api.md "Activities"):
// trip: leader, destination, companies, outcome; visit: persons, company, outcome;
// exhibition: title, place, brochures, enterprises_visited, key_talks, contacts, follow_ups, outcome.
struct Activity {
    int64_t id = 0;
    int64_t unit_id = 0;
    ActivityKind kind = ActivityKind::kTrip;
    Date date;                      // the (first) day
    std::optional<Date> end_date;   // multi-day trips and exhibitions; >= date
    std::string title;              // exhibition / event name; a short subject otherwise
    std::string leader;             // trip: the leading official (带队领导)
    std::string destination;        // trip: where to
    std::string place;              // exhibition: venue or city
    std::string company;            // visit: the investor's company
    std::string companies;          // trip: companies visited, free text
    int64_t persons = 0;            // visit: persons received or visited (接待、拜访客商 人数)
    int64_t brochures = 0;          // exhibition: brochures handed out
    int64_t enterprises_visited = 0;
    int64_t key_talks = 0;          // enterprises in key talks (重点对接洽谈)
    int64_t contacts = 0;           // contacts gained
    int64_t follow_ups = 0;         // follow-up visits agreed (达成来访/考察意向)
    std::string outcome;
    int64_t created_by = 0;
    int64_t version = 1;
    int64_t created_at = 0;
    int64_t updated_at = 0;
    // Joined on read, not stored:
    std::string unit_name;
    int64_t lead_count = 0;  // projects whose activity_id is this activity
};

// A unit's weekly report (周报送) for ISO week `week` of ISO year `year`.
struct WeeklyReport {
    int64_t unit_id = 0;
    int year = 0;
    int week = 0;              // 1..53 (ISO 8601)
    std::string progress;      // 工作进展
    std::string problems;      // 存在问题
    bool submitted = false;
    int64_t submitted_at = 0;  // unix seconds, 0 = not submitted
    int64_t submitted_by = 0;
    int64_t version = 1;
    int64_t updated_at = 0;
};

// --- reports: a draft's edits and the immutable published versions

// Which report: type key, year, period number (month, ISO week or quarter; 0 for the ledger) and
// unit (0 = the city).
struct ReportKey {
    std::string type;
    int year = 0;
    int period = 0;
    int64_t unit_id = 0;
    bool operator==(const ReportKey&) const = default;
};

struct ReportDraft {
    ReportKey key;
    std::string edits_json = "{}";  // {"block id": "text"}
    int64_t version = 1;
    int64_t updated_by = 0;
    int64_t updated_at = 0;
};

// A published version: never updated or deleted. The rendered files are stored as they were sent.
struct PublishedReport {
    int64_t id = 0;
    ReportKey key;
    int version_no = 1;          // 1, 2, … per key (a correction is the next version)
    std::string title;
    std::string note;            // the reason of a correction ("" for version 1)
    std::string document_json;   // DocumentToJson of what was published (edits applied, facts)
    std::string edits_json;      // the edits it was published with
    std::string docx;            // bytes; empty for the ledger
    std::string xlsx;            // bytes
    std::string html;            // bytes (UTF-8)
    std::string docx_sha256, xlsx_sha256, html_sha256;
    int64_t docx_size = 0, xlsx_size = 0, html_size = 0;  // read from the store, also when the bytes are not
    int64_t published_by = 0;
    int64_t published_at = 0;    // unix seconds
    std::string published_by_name;  // joined on read
};

// A spreadsheet import (service/imports.cpp): the file, its mapping, its last validation, its outcome.
struct ImportRecord {
    int64_t id = 0;
    std::string kind;                // "projects", "investors", "monthly", "targets"
    std::optional<int64_t> unit_id;  // a reporter's unit; empty for the centre
    std::string params_json = "{}";
    std::string file_name;
    int64_t file_size = 0;
    std::string file_sha256;
    std::string file_bytes;          // filled only when asked for
    std::string state = "validating";
    std::string message;
    std::string mapping_json = "{}";
    std::string summary_json = "{}";
    std::string preview_json = "{}";  // filled only when asked for
    std::string result_json;
    int64_t created_by = 0;
    int64_t created_at = 0;
    int64_t committed_at = 0;        // 0 = not committed
    int64_t version = 1;
    std::string created_by_name;     // joined on read
};

// Keys used in JSON and the database for the enums of core/snapshot.hpp.
inline std::string_view ProvDbStatusKey(ProvDbStatus s) {
    switch (s) {
        case ProvDbStatus::kPending:
            return "pending";
        case ProvDbStatus::kConfirmed:
            return "confirmed";
        case ProvDbStatus::kRejected:
            return "rejected";
        case ProvDbStatus::kNone:
            break;
    }
    return "none";
}
inline std::optional<ProvDbStatus> ParseProvDbStatus(std::string_view key) {
    for (ProvDbStatus s :
         {ProvDbStatus::kNone, ProvDbStatus::kPending, ProvDbStatus::kConfirmed, ProvDbStatus::kRejected}) {
        if (ProvDbStatusKey(s) == key) return s;
    }
    return std::nullopt;
}
// "" for kNone (stored as NULL), "upgrade" (小升规), "new_production" (新投产入规).
inline std::string_view AboveScaleRouteKey(AboveScaleRoute r) {
    switch (r) {
        case AboveScaleRoute::kUpgrade:
            return "upgrade";
        case AboveScaleRoute::kNewProduction:
            return "new_production";
        case AboveScaleRoute::kNone:
            break;
    }
    return "";
}
inline std::optional<AboveScaleRoute> ParseAboveScaleRoute(std::string_view key) {
    for (AboveScaleRoute r : {AboveScaleRoute::kNone, AboveScaleRoute::kUpgrade, AboveScaleRoute::kNewProduction}) {
        if (AboveScaleRouteKey(r) == key) return r;
    }
    return std::nullopt;
}

// One revision of a project's figures for one month (integer yuan). The current figure of a
// (project, month) is its highest revision; revision 1 is the draft, later ones are corrections.
// Identified by (project_id, year, month, revision).
struct MonthlyFigure {
    int64_t project_id = 0;
    int year = 0;
    int month = 0;  // 1..12
    int revision = 1;
    int64_t funds_in_place = 0;          // 实际到位资金
    int64_t funds_out_of_province = 0;   // of which from outside the province (≤ funds_in_place)
    int64_t fixed_asset_investment = 0;  // 完成固定资产投资
    int64_t output_value = 0;            // 产值/营业收入
    int64_t tax = 0;                     // 税收
    std::string reason;                  // required for revision > 1
    int64_t created_by = 0;              // user id, 0 = the system
    int64_t created_at = 0;              // unix seconds
};

// A unit's reporting state for one month: 草稿 → 已上报 → 已审核 (or returned) → 已锁定.
enum class SubmissionState { kDraft, kSubmitted, kReviewed, kLocked };
inline std::string_view SubmissionStateKey(SubmissionState s) {
    switch (s) {
        case SubmissionState::kSubmitted:
            return "submitted";
        case SubmissionState::kReviewed:
            return "reviewed";
        case SubmissionState::kLocked:
            return "locked";
        case SubmissionState::kDraft:
            break;
    }
    return "draft";
}
inline std::optional<SubmissionState> ParseSubmissionState(std::string_view key) {
    for (SubmissionState s :
         {SubmissionState::kDraft, SubmissionState::kSubmitted, SubmissionState::kReviewed, SubmissionState::kLocked}) {
        if (SubmissionStateKey(s) == key) return s;
    }
    return std::nullopt;
}

struct MonthlySubmission {
    int64_t unit_id = 0;
    int year = 0;
    int month = 0;  // 1..12
    SubmissionState state = SubmissionState::kDraft;
    // Unix seconds and user ids; 0 = not (yet) happened (stored as NULL).
    int64_t submitted_at = 0;
    int64_t submitted_by = 0;
    int64_t reviewed_at = 0;
    int64_t reviewed_by = 0;
    std::string return_reason;  // why the centre returned it; "" = none
    int64_t locked_at = 0;
    int64_t version = 1;
};

// An annual target (年度目标任务) for one indicator; scope_unit_id 0 is the city as a whole.
struct Target {
    int year = 0;
    std::string indicator;      // indicator key of the engine's catalogue
    int64_t scope_unit_id = 0;  // 0 = the city
    int64_t value = 0;          // raw integer in the indicator's unit (yuan, or a count)
    int64_t version = 1;
    int64_t updated_at = 0;  // unix seconds
};

// One year's indicator settings as stored: a JSON object that core parses (thresholds, bands, windows, modes).
struct IndicatorSettingsRow {
    int year = 0;
    std::string settings_json;  // "{...}"
    int64_t version = 1;
    int64_t updated_at = 0;
};

// The gate field keys (kGateFieldKeys) that are set on `p`: ids present, amounts above zero,
// texts non-empty.
std::set<std::string> PresentGateFields(const Project& p);
// Recomputes the stored summary of the ledger: stage, signed_date, last_progress.
void RefreshDerived(Project& p, const LifecycleRules& rules);

}  // namespace zs
