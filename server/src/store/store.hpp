// The persistence interface. The service layer talks only to this; SQL lives behind it (sql/ for
// both databases, sqlite/ and postgres/ for their sessions and stores). A Tx is one database
// transaction: write transactions take turns (BEGIN IMMEDIATE on SQLite, a lock on the meta row on
// PostgreSQL), bump the data-version counter at commit, and roll back unless committed.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/domain.hpp"
#include "core/lifecycle.hpp"
#include "core/snapshot.hpp"

namespace zs {

struct Page {
    int64_t offset = 0;
    int64_t limit = 20;
};

template <typename T>
struct PageOf {
    std::vector<T> items;
    int64_t total = 0;
};

struct ProjectFilter {
    std::string q;                          // name or code contains (case-insensitive for ASCII)
    std::optional<int64_t> unit_id;         // also used to confine a reporter to its unit
    std::optional<std::vector<int64_t>> ids;  // only these projects (the drill-down behind a figure)
    std::optional<int64_t> chain_id;
    std::string industry_prefix;            // "C", "C30", …; empty = any
    std::optional<Category> category;
    std::optional<Node> stage;
    std::optional<ProjectStatus> status;    // derived status, computed in SQL with `today` and `stalled_days`
    std::optional<bool> is_key;
    std::optional<Date> signed_from;        // inclusive
    std::optional<Date> signed_to;          // inclusive
    bool none = false;                      // true: match nothing (a role that sees no project)
    // Sort key: "code", "name", "total_investment", "signed_date", "updated_at", "id"; '-' prefix = desc.
    std::string sort = "-id";
    Date today;                             // for overdue counts and derived status
    int stalled_days = 90;
    // false: overdue_nodes, open_problems and overdue_problems are left 0 — for bulk reads that do not
    // show them (reports, exports, import matching), which then skip three subqueries per project.
    bool with_counts = true;
};

struct InvestorFilter {
    std::string q;                          // name or uscc contains
    std::string tag;                        // empty = any
    std::optional<bool> out_of_province;    // relative to city_province_code
    std::string city_province_code;         // "340000"
    std::optional<int64_t> visible_to_unit; // reporter: created by this unit or used by its projects
    std::string sort = "name";              // "name", "id", "uscc"; '-' prefix = desc
};

struct ActivityFilter {
    std::optional<int64_t> unit_id;   // also confines a reporter to its unit
    std::optional<ActivityKind> kind;
    std::optional<Date> from;         // activities whose date is in [from, to], inclusive
    std::optional<Date> to;
    std::string q;                    // title, leader, destination, place, company, companies or outcome contains
    // Sort key: "date", "id", "unit"; '-' prefix = desc. Ties by id.
    std::string sort = "-date";
};

struct UserFilter {
    std::string q;
    std::optional<Role> role;
    std::optional<int64_t> unit_id;
};

// One transaction. Methods throw std::exception on database failure (the service maps that
// to 500 without its text); "not found" is an empty optional, a lost race on a version is
// `false`, a unique-key clash is a thrown UniqueViolation.
// How many data versions of snapshot changes the store keeps (older ones are pruned at commit).
inline constexpr int64_t kSnapshotChangeHistory = 10000;

class Tx {
public:
    virtual ~Tx() = default;
    virtual void Commit() = 0;

    // Settings: string key → string value ("city_province_code", "stalled_days", …).
    virtual std::optional<std::string> GetSetting(const std::string& key) = 0;
    virtual void SetSetting(const std::string& key, const std::string& value) = 0;
    // Monotonic counter bumped by every committed write transaction.
    virtual int64_t DataVersion() = 0;

    // Units
    virtual std::vector<Unit> ListUnits() = 0;  // by sort_order, id
    virtual std::optional<Unit> GetUnit(int64_t id) = 0;
    virtual int64_t InsertUnit(const Unit& u) = 0;
    virtual bool UpdateUnit(const Unit& u, int64_t expected_version) = 0;  // stores u with version+1

    // Users
    virtual PageOf<User> ListUsers(const UserFilter& f, const Page& p) = 0;
    virtual std::optional<User> GetUser(int64_t id) = 0;
    virtual std::optional<User> GetUserByUsername(const std::string& username) = 0;
    virtual int64_t InsertUser(const User& u) = 0;
    virtual bool UpdateUser(const User& u, int64_t expected_version) = 0;

    // Sessions and login throttling
    virtual void InsertSession(const Session& s) = 0;
    virtual std::optional<Session> GetSession(const std::string& token_hash) = 0;
    virtual void TouchSession(const std::string& token_hash, int64_t last_seen_at) = 0;
    virtual void DeleteSession(const std::string& token_hash) = 0;
    virtual void DeleteSessionsOfUser(int64_t user_id) = 0;
    virtual void DeleteSessionsOlderThan(int64_t created_before, int64_t last_seen_before) = 0;
    virtual void InsertLoginFailure(const std::string& username, int64_t at) = 0;
    virtual int64_t CountLoginFailures(const std::string& username, int64_t since) = 0;

    // Reference data
    virtual std::vector<Chain> ListChains() = 0;
    virtual std::optional<Chain> GetChain(int64_t id) = 0;
    virtual int64_t InsertChain(const Chain& c) = 0;
    virtual std::vector<Industry> ListIndustries() = 0;
    virtual std::optional<Industry> GetIndustry(const std::string& code) = 0;
    virtual void InsertIndustries(const std::vector<Industry>& rows) = 0;
    virtual std::vector<Region> ListRegions() = 0;
    virtual std::optional<Region> GetRegion(const std::string& code) = 0;
    virtual void InsertRegions(const std::vector<Region>& rows) = 0;

    // Lifecycle rules (the 44 category × node rows)
    virtual std::vector<NodeRule> ListRules() = 0;
    virtual void UpsertRule(const NodeRule& r) = 0;

    // Investors
    virtual PageOf<Investor> ListInvestors(const InvestorFilter& f, const Page& p) = 0;
    virtual std::optional<Investor> GetInvestor(int64_t id) = 0;
    virtual std::optional<Investor> GetInvestorByUscc(const std::string& uscc) = 0;
    virtual int64_t InsertInvestor(const Investor& i) = 0;
    virtual bool UpdateInvestor(const Investor& i, int64_t expected_version) = 0;
    virtual void DeleteInvestor(int64_t id) = 0;
    virtual int64_t CountProjectsOfInvestor(int64_t investor_id) = 0;
    // True when the unit created the investor or one of the unit's projects uses it.
    virtual bool InvestorVisibleToUnit(int64_t investor_id, int64_t unit_id) = 0;

    // Projects (GetProject fills nodes and the joined fields; counts use `today`)
    virtual PageOf<Project> ListProjects(const ProjectFilter& f, const Page& p) = 0;
    // The ids of every project of `f`, in its sort order (a whole ledger is then read in slices).
    virtual std::vector<int64_t> ListProjectIds(const ProjectFilter& f) = 0;
    virtual std::optional<Project> GetProject(int64_t id, Date today) = 0;
    virtual std::optional<Project> GetProjectByCode(const std::string& code) = 0;
    virtual int64_t InsertProject(const Project& p) = 0;  // also writes p.nodes
    // Stores every stored field of p (not the ledger) with version = expected_version + 1.
    virtual bool UpdateProject(const Project& p, int64_t expected_version) = 0;
    virtual void DeleteProject(int64_t id) = 0;  // nodes, problems, files rows go with it
    virtual void UpsertNode(int64_t project_id, const NodeEntry& e) = 0;
    virtual int64_t NextProjectSeq(int year) = 0;  // 1, 2, … per year, for generated codes
    // `n` consecutive numbers of that sequence at once; answers the first.
    virtual int64_t ReserveProjectSeqs(int year, int64_t n) = 0;
    // InsertProject for many projects (an import), with their ledgers; sets each p.id.
    virtual void InsertProjects(std::vector<Project>& projects) = 0;

    // Problems
    virtual std::vector<Problem> ListProblems(int64_t project_id) = 0;
    virtual std::optional<Problem> GetProblem(int64_t id) = 0;
    virtual int64_t InsertProblem(const Problem& p) = 0;
    virtual bool UpdateProblem(const Problem& p, int64_t expected_version) = 0;
    virtual void DeleteProblem(int64_t id) = 0;

    // Evidence files (metadata; the bytes live in the data folder)
    virtual std::vector<EvidenceFile> ListFiles(int64_t project_id) = 0;
    virtual std::optional<EvidenceFile> GetFile(int64_t id) = 0;
    virtual int64_t InsertFile(const EvidenceFile& f) = 0;
    virtual void DeleteFile(int64_t id) = 0;

    // Monthly figures. "Current" = the highest revision of a (project, month).
    // The current figures of the unit's projects (by projects.unit_id now) for one month, one row
    // per project that has one, by project id.
    virtual std::vector<MonthlyFigure> ListCurrentFigures(int64_t unit_id, int year, int month) = 0;
    // Every revision of one (project, month), oldest (revision 1) first.
    virtual std::vector<MonthlyFigure> ListFigureHistory(int64_t project_id, int year, int month) = 0;
    // Writes f as revision 1 of its (project, month), replacing a stored revision 1 (f.revision and
    // f.reason are ignored). For drafts only: the caller checks the month is not locked.
    virtual void UpsertFigureDraft(const MonthlyFigure& f) = 0;
    // Inserts f as the next revision of its (project, month) (1 when there is none) and answers it.
    // A revision above 1 needs f.reason (the database refuses it otherwise).
    virtual int InsertFigureRevision(const MonthlyFigure& f) = 0;

    // Monthly submissions (a unit's month). Upsert with expected_version 0 creates the row (false when
    // it exists already); otherwise stores s with version expected_version + 1 (false when stale or gone).
    virtual std::optional<MonthlySubmission> GetSubmission(int64_t unit_id, int year, int month) = 0;
    virtual std::vector<MonthlySubmission> ListSubmissions(int year, int month) = 0;  // by unit id
    virtual bool UpsertSubmission(const MonthlySubmission& s, int64_t expected_version) = 0;

    // Targets; scope_unit_id 0 = the city. Upsert: expected_version 0 creates (false when it exists),
    // otherwise updates from that version (false when stale or gone). Delete answers whether a row went.
    virtual std::vector<Target> ListTargets(int year) = 0;  // by indicator, scope_unit_id
    virtual bool UpsertTarget(const Target& t, int64_t expected_version) = 0;
    virtual bool DeleteTarget(int year, const std::string& indicator, int64_t scope_unit_id) = 0;

    // Indicator settings per year (JSON object text); same version rule as targets.
    virtual std::optional<IndicatorSettingsRow> GetIndicatorSettings(int year) = 0;
    virtual bool SetIndicatorSettings(const IndicatorSettingsRow& s, int64_t expected_version) = 0;

    // Replaces `out` with every unit, project and current monthly figure, read in this transaction's
    // snapshot, with the data version it was read at. Units in ListUnits order, projects by id,
    // figures by project then month.
    virtual void LoadSnapshot(EngineSnapshot& out) = 0;
    // The projects changed (inserted, updated, deleted, or their nodes, figures or investor's province)
    // by the transactions committed after data version `version`, ascending and distinct; 0 among them
    // means the units or the city's province changed and only a full LoadSnapshot is right. Changes
    // are kept for kSnapshotChangeHistory versions: asking about an older version answers too little.
    virtual std::vector<int64_t> ChangedProjectsSince(int64_t version) = 0;
    // Like LoadSnapshot, but the project and figure columns only for the projects of `ids` that
    // exist (ids need not be sorted); units and data_version as in LoadSnapshot.
    virtual void LoadSnapshotProjects(const std::vector<int64_t>& ids, EngineSnapshot& out) = 0;

    // Projects in bulk, for reports: fills p.nodes of each project in `projects` (its ledger), and
    // lists the problems of the given projects (any order of ids), by project id then problem id.
    virtual void LoadLedgers(std::vector<Project>& projects) = 0;
    virtual std::vector<Problem> ListProblemsOf(const std::vector<int64_t>& project_ids) = 0;

    // Activities (the activity log). Delete leaves the projects created from it with activity_id NULL.
    // lead_count and unit_name are joined on read.
    virtual PageOf<Activity> ListActivities(const ActivityFilter& f, const Page& p) = 0;
    virtual std::optional<Activity> GetActivity(int64_t id) = 0;
    virtual int64_t InsertActivity(const Activity& a) = 0;
    virtual bool UpdateActivity(const Activity& a, int64_t expected_version) = 0;  // stores a with version+1
    virtual void DeleteActivity(int64_t id) = 0;
    // The projects whose activity_id is `activity_id`: (id, name), by id.
    virtual std::vector<std::pair<int64_t, std::string>> ListActivityLeads(int64_t activity_id) = 0;

    // Weekly reports (周报送). Upsert: expected_version 0 creates (false when it exists), otherwise
    // stores w with version expected_version + 1 (false when stale or gone).
    virtual std::optional<WeeklyReport> GetWeeklyReport(int64_t unit_id, int year, int week) = 0;
    virtual std::vector<WeeklyReport> ListWeeklyReports(int year, int week) = 0;  // by unit id
    virtual bool UpsertWeeklyReport(const WeeklyReport& w, int64_t expected_version) = 0;

    // Reports. A draft holds the edits of one report key (same version rule as weekly reports).
    // Published reports are inserted once and never changed; listing leaves the byte fields empty.
    virtual std::optional<ReportDraft> GetReportDraft(const ReportKey& k) = 0;
    virtual bool UpsertReportDraft(const ReportDraft& d, int64_t expected_version) = 0;
    virtual int64_t InsertPublishedReport(const PublishedReport& r) = 0;  // unique (key, version_no)
    // Newest first (published_at, id); `type` empty = any, `year` 0 = any.
    virtual std::vector<PublishedReport> ListPublishedReports(const std::string& type, int year) = 0;
    virtual std::optional<PublishedReport> GetPublishedReport(int64_t id, bool with_bytes) = 0;
    virtual int MaxReportVersion(const ReportKey& k) = 0;  // 0 when never published

    // Imports. Get: `with_detail` adds the file's bytes and preview_json. Update stores state, message,
    // mapping, summary, preview, result and committed_at with version expected_version + 1.
    virtual int64_t InsertImport(const ImportRecord& r) = 0;
    virtual std::optional<ImportRecord> GetImport(int64_t id, bool with_detail) = 0;
    virtual bool UpdateImport(const ImportRecord& r, int64_t expected_version) = 0;
    // Imports still ready or validating that were created before `created_before` (unix seconds), oldest first.
    virtual std::vector<ImportRecord> ListStaleImports(int64_t created_before) = 0;
    // Empties the stored file of an import (its name, size and hash stay).
    virtual void DropImportFile(int64_t id) = 0;
    // Newest first; `kind` empty = any; `unit_id` set = only that unit's.
    virtual PageOf<ImportRecord> ListImports(const std::string& kind, std::optional<int64_t> unit_id, const Page& p) = 0;
    // A unit's (0 = the centre) saved mapping of a kind: {"normalised header": "field" | null}.
    virtual std::optional<std::string> GetImportMapping(int64_t unit_id, const std::string& kind) = 0;
    virtual void SetImportMapping(int64_t unit_id, const std::string& kind, const std::string& mapping_json,
                                  int64_t updated_by) = 0;

    // Audit
    virtual void InsertAudit(const AuditEntry& a) = 0;
    virtual void InsertAudits(const std::vector<AuditEntry>& entries) = 0;  // many at once (an import)
    virtual std::vector<AuditEntry> ListProjectAudit(int64_t project_id) = 0;  // newest first
    virtual int64_t CountAudit() = 0;
};

class UniqueViolation : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The database stayed locked by another writer (a large import's commit, a backup) past the wait.
class StoreBusy : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Store {
public:
    virtual ~Store() = default;
    virtual std::unique_ptr<Tx> BeginRead() = 0;
    virtual std::unique_ptr<Tx> BeginWrite() = 0;
    // A write of bookkeeping only — sessions, login throttling, import records, their audit entries —
    // never business data: it commits without moving the data version (the indicator engine's snapshot
    // stays valid), and on PostgreSQL it does not wait for the writers of business data (a login or a
    // progress poll goes on while a large import commits; row locks keep these rows right).
    virtual std::unique_ptr<Tx> BeginBookkeepingWrite() = 0;
    // Applies pending migrations in one transaction; refuses a database newer than the binary.
    virtual void Migrate() = 0;
    virtual int SchemaVersion() = 0;
    virtual bool Healthy() = 0;
    // Online backup to `path`, checked with integrity_check and fsynced.
    virtual void Backup(const std::string& path) = 0;
};

// "path/to/file.db" or "sqlite:///path"; pool_size sessions.
std::unique_ptr<Store> OpenSqliteStore(const std::string& path, int pool_size);
// A libpq URL "postgresql://…" of an existing database; pool_size sessions.
std::unique_ptr<Store> OpenPostgresStore(const std::string& url, int pool_size);
bool IsPostgresUrl(const std::string& db);
// Either, by the form of `db`.
std::unique_ptr<Store> OpenStore(const std::string& db, int pool_size);
// Copies every row of `from` into `to` (`zhaoshang copy`): `to` migrated to the same schema version
// and holding no units, users or projects; all or nothing; answers each table's row count, checked
// equal on both sides. `progress(table, rows)` after each table.
std::vector<std::pair<std::string, int64_t>> CopyStore(Store& from, Store& to,
                                                       const std::function<void(const std::string&, int64_t)>& progress);

}  // namespace zs
