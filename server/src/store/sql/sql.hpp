// The SQL of both stores, as named constants, in the SQL that SQLite 3.40 and PostgreSQL 15 both
// understand, with the few dialect tokens of dialect.hpp ({instr}, {ids:…}, {strings:…}, {day:…}).
// Values are always bound (":name"); the only text put together at run time is a list of these
// fragments joined by AND, and ORDER BY columns taken from a fixed whitelist (kProjectSort,
// kInvestorSort, kActivitySort). Integer flags are compared with 0/1 and yes/no columns are written as
// CASE … THEN 1 ELSE 0 END: PostgreSQL has no integer truth values and answers booleans as t/f.
#pragma once

#include <string_view>

namespace zs::sqldb::sql {

// --- transactions (begin statements are the dialect's)
inline constexpr const char* kCommit = "COMMIT";
inline constexpr const char* kRollback = "ROLLBACK";
inline constexpr const char* kBumpDataVersion = "UPDATE meta SET data_version = data_version + 1 WHERE id = 1";
inline constexpr const char* kDataVersion = "SELECT data_version FROM meta WHERE id = 1";
inline constexpr const char* kSelectOne = "SELECT 1";

// --- migrations (whether the table exists and the insert are the dialect's)
inline constexpr const char* kCreateMigrationsTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";
inline constexpr const char* kSchemaVersion = "SELECT coalesce(max(version), 0) FROM schema_migrations";

// --- settings
inline constexpr const char* kGetSetting = "SELECT value FROM settings WHERE key = :key";
inline constexpr const char* kSetSetting =
    "INSERT INTO settings (key, value) VALUES (:key, :value)"
    " ON CONFLICT (key) DO UPDATE SET value = excluded.value";

// --- units
inline constexpr const char* kListUnits =
    "SELECT id, code, name, kind, sort_order, version FROM units"
    " ORDER BY sort_order, id";
inline constexpr const char* kGetUnit = "SELECT id, code, name, kind, sort_order, version FROM units WHERE id = :id";
inline constexpr const char* kInsertUnit =
    "INSERT INTO units (code, name, kind, sort_order, version) VALUES (:code, :name, :kind, :sort_order, 1)";
inline constexpr const char* kUpdateUnit =
    "UPDATE units SET code = :code, name = :name, kind = :kind, sort_order = :sort_order, version = version + 1"
    " WHERE id = :id AND version = :expected";

// --- users
inline constexpr const char* kUserSelect =
    "SELECT u.id, u.username, u.display_name, u.role, u.unit_id, u.disabled, u.password_hash, u.version,"
    " u.created_at FROM users u";
inline constexpr const char* kUserCount = "SELECT COUNT(*) FROM users u";
inline constexpr const char* kUserWhereId = "u.id = :id";
inline constexpr const char* kUserWhereUsername = "u.username = :username";
inline constexpr const char* kUserWhereQ =
    "({instr}(lower(u.username), lower(:q)) > 0 OR {instr}(lower(u.display_name), lower(:q)) > 0)";
inline constexpr const char* kUserWhereRole = "u.role = :role";
inline constexpr const char* kUserWhereUnit = "u.unit_id = :unit_id";
inline constexpr const char* kUserOrder = "u.id";
inline constexpr const char* kInsertUser =
    "INSERT INTO users (username, display_name, role, unit_id, disabled, password_hash, version, created_at)"
    " VALUES (:username, :display_name, :role, :unit_id, :disabled, :password_hash, 1, :created_at)";
inline constexpr const char* kUpdateUser =
    "UPDATE users SET username = :username, display_name = :display_name, role = :role, unit_id = :unit_id,"
    " disabled = :disabled, password_hash = :password_hash, version = version + 1"
    " WHERE id = :id AND version = :expected";

// --- sessions and login throttling
inline constexpr const char* kInsertSession =
    "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at)"
    " VALUES (:token_hash, :user_id, :created_at, :last_seen_at)";
inline constexpr const char* kGetSession =
    "SELECT token_hash, user_id, created_at, last_seen_at FROM sessions WHERE token_hash = :token_hash";
inline constexpr const char* kTouchSession =
    "UPDATE sessions SET last_seen_at = :last_seen_at WHERE token_hash = :token_hash";
inline constexpr const char* kDeleteSession = "DELETE FROM sessions WHERE token_hash = :token_hash";
inline constexpr const char* kDeleteSessionsOfUser = "DELETE FROM sessions WHERE user_id = :user_id";
inline constexpr const char* kDeleteOldSessions =
    "DELETE FROM sessions WHERE created_at < :created_before OR last_seen_at < :last_seen_before";
inline constexpr const char* kInsertLoginFailure = "INSERT INTO login_failures (username, at) VALUES (:username, :at)";
// Keeps the table small: only the last hour counts, a day is plenty.
inline constexpr const char* kPruneLoginFailures =
    "DELETE FROM login_failures WHERE username = :username AND at < :before";
inline constexpr const char* kCountLoginFailures =
    "SELECT COUNT(*) FROM login_failures WHERE username = :username AND at >= :since";

// --- chains, industries, regions
inline constexpr const char* kListChains = "SELECT id, name, kind FROM chains ORDER BY id";
inline constexpr const char* kGetChain = "SELECT id, name, kind FROM chains WHERE id = :id";
inline constexpr const char* kInsertChain = "INSERT INTO chains (name, kind) VALUES (:name, :kind)";
inline constexpr const char* kListIndustries =
    "SELECT code, name, level, coalesce(parent, '') FROM industries ORDER BY code";
inline constexpr const char* kGetIndustry =
    "SELECT code, name, level, coalesce(parent, '') FROM industries WHERE code = :code";
inline constexpr const char* kUpsertIndustry =
    "INSERT INTO industries (code, name, level, parent) VALUES (:code, :name, :level, :parent)"
    " ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level, parent = excluded.parent";
inline constexpr const char* kListRegions = "SELECT code, name, coalesce(parent, '') FROM regions ORDER BY code";
inline constexpr const char* kGetRegion = "SELECT code, name, coalesce(parent, '') FROM regions WHERE code = :code";
inline constexpr const char* kUpsertRegion =
    "INSERT INTO regions (code, name, parent) VALUES (:code, :name, :parent)"
    " ON CONFLICT (code) DO UPDATE SET name = excluded.name, parent = excluded.parent";

// --- lifecycle rules
inline constexpr const char* kListRules =
    "SELECT category, node, applies, required_fields, required_evidence, after_nodes, standard_days"
    " FROM lifecycle_rules";
inline constexpr const char* kUpsertRule =
    "INSERT INTO lifecycle_rules (category, node, applies, required_fields, required_evidence, after_nodes,"
    " standard_days) VALUES (:category, :node, :applies, :required_fields, :required_evidence, :after_nodes,"
    " :standard_days) ON CONFLICT (category, node) DO UPDATE SET applies = excluded.applies,"
    " required_fields = excluded.required_fields, required_evidence = excluded.required_evidence,"
    " after_nodes = excluded.after_nodes, standard_days = excluded.standard_days";

// --- investors
inline constexpr const char* kInvestorSelect =
    "SELECT i.id, i.name, i.uscc, i.province_code, coalesce(i.city_code, ''), i.tags, i.created_by_unit_id,"
    " i.version, i.created_at, i.updated_at, coalesce(rp.name, ''), coalesce(rc.name, '')"
    " FROM investors i"
    " LEFT JOIN regions rp ON rp.code = i.province_code"
    " LEFT JOIN regions rc ON rc.code = i.city_code";
inline constexpr const char* kInvestorCount = "SELECT COUNT(*) FROM investors i";
inline constexpr const char* kInvestorWhereId = "i.id = :id";
inline constexpr const char* kInvestorWhereUscc = "i.uscc = :uscc";
inline constexpr const char* kInvestorWhereQ =
    "({instr}(lower(i.name), lower(:q)) > 0 OR {instr}(upper(i.uscc), upper(:q)) > 0)";
inline constexpr const char* kInvestorWhereTag = "EXISTS (SELECT 1 FROM {strings:i.tags} WHERE t.value = :tag)";
inline constexpr const char* kInvestorWhereOutOfProvince = "i.province_code <> :city_province_code";
inline constexpr const char* kInvestorWhereInProvince = "i.province_code = :city_province_code";
inline constexpr const char* kInvestorWhereVisibleToUnit =
    "(i.created_by_unit_id = :visible_unit"
    " OR EXISTS (SELECT 1 FROM projects p WHERE p.investor_id = i.id AND p.unit_id = :visible_unit))";
inline constexpr const char* kInvestorVisibleToUnit =
    "SELECT CASE WHEN EXISTS (SELECT 1 FROM investors i WHERE i.id = :id AND (i.created_by_unit_id = :visible_unit"
    " OR EXISTS (SELECT 1 FROM projects p WHERE p.investor_id = i.id AND p.unit_id = :visible_unit)))"
    " THEN 1 ELSE 0 END";
inline constexpr const char* kInsertInvestor =
    "INSERT INTO investors (name, uscc, province_code, city_code, tags, created_by_unit_id, version, created_at,"
    " updated_at) VALUES (:name, :uscc, :province_code, :city_code, :tags, :created_by_unit_id, 1, :created_at,"
    " :updated_at)";
inline constexpr const char* kUpdateInvestor =
    "UPDATE investors SET name = :name, uscc = :uscc, province_code = :province_code, city_code = :city_code,"
    " tags = :tags, created_by_unit_id = :created_by_unit_id, updated_at = :updated_at, version = version + 1"
    " WHERE id = :id AND version = :expected";
inline constexpr const char* kDeleteInvestor = "DELETE FROM investors WHERE id = :id";
inline constexpr const char* kCountProjectsOfInvestor = "SELECT COUNT(*) FROM projects WHERE investor_id = :id";

// --- projects
// A node counts as overdue when its planned date is before :today, it has no actual date, and its
// rule applies to the project's category (no rule row, e.g. an empty rules table, counts as applying).
#define ZS_SQL_OVERDUE_NODE_ROWS                                                         \
    " FROM project_nodes n WHERE n.project_id = p.id AND n.actual_date IS NULL"          \
    " AND n.planned_date < :today AND coalesce((SELECT r.applies FROM lifecycle_rules r" \
    " WHERE r.category = p.category AND r.node = n.node), 1) <> 0"

// Columns of a Project, in the order RowToProject reads them; needs the joins below. The three
// counts (overdue nodes, open and overdue problems) are zeros in kProjectColumnsNoCounts.
#define ZS_SQL_PROJECT_HEAD                                                                                \
    "SELECT p.id, p.code, p.name, p.investor_id, p.unit_id, p.chain_id, coalesce(p.industry_code, ''),"   \
    " p.category, p.emerging_industry, p.total_investment, p.fixed_asset_investment, p.land_mu_hundredths," \
    " p.leader_in_charge, p.referrer, p.introducing_unit, p.first_introducer, p.is_key, p.terminated,"      \
    " p.termination_reason, p.stage, p.signed_date, p.last_progress, p.version, p.created_at, p.updated_at," \
    " coalesce(i.name, ''), coalesce(i.province_code, ''), coalesce(u.name, ''), coalesce(c.name, ''),"    \
    " coalesce(ind.name, ''),"
#define ZS_SQL_PROJECT_TAIL                                                                                  \
    " p.prov_db_status, p.prov_db_reported_date, p.prov_db_confirmed_date, coalesce(p.above_scale_route, '')," \
    " p.activity_id"
inline constexpr const char* kProjectColumns = ZS_SQL_PROJECT_HEAD
    " (SELECT COUNT(*)" ZS_SQL_OVERDUE_NODE_ROWS
    "),"
    " (SELECT COUNT(*) FROM problems pr WHERE pr.project_id = p.id AND pr.status = 'open'),"
    " (SELECT COUNT(*) FROM problems pr WHERE pr.project_id = p.id AND pr.status = 'open'"
    " AND pr.deadline < :today)," ZS_SQL_PROJECT_TAIL;
inline constexpr const char* kProjectColumnsNoCounts = ZS_SQL_PROJECT_HEAD " 0, 0, 0," ZS_SQL_PROJECT_TAIL;
#undef ZS_SQL_PROJECT_HEAD
#undef ZS_SQL_PROJECT_TAIL
inline constexpr const char* kProjectJoins =
    " LEFT JOIN investors i ON i.id = p.investor_id"
    " LEFT JOIN units u ON u.id = p.unit_id"
    " LEFT JOIN chains c ON c.id = p.chain_id"
    " LEFT JOIN industries ind ON ind.code = p.industry_code";
inline constexpr const char* kProjectFrom = " FROM projects p";
inline constexpr const char* kProjectWhereId = " WHERE p.id = :id";
inline constexpr const char* kProjectWhereCode = " WHERE p.code = :code";
// ListProjects: the page of ids is chosen first, so the joins and counts run for that page only.
inline constexpr const char* kProjectPageOpen = " FROM (SELECT p.id FROM projects p WHERE ";
inline constexpr const char* kProjectPageClose = " LIMIT :limit OFFSET :offset) pg JOIN projects p ON p.id = pg.id";
inline constexpr const char* kProjectCount = "SELECT COUNT(*) FROM projects p WHERE ";
inline constexpr const char* kProjectIds = "SELECT p.id FROM projects p WHERE ";

inline constexpr const char* kProjectWhereAll = "1 = 1";
inline constexpr const char* kProjectWhereQ =
    "({instr}(lower(p.name), lower(:q)) > 0 OR {instr}(lower(p.code), lower(:q)) > 0)";
inline constexpr const char* kProjectWhereUnit = "p.unit_id = :unit_id";
// The ids come bound as one JSON array text, so any number of them is still one parameter.
inline constexpr const char* kProjectWhereIds = "p.id IN {ids:ids}";
inline constexpr const char* kProjectWhereChain = "p.chain_id = :chain_id";
// Prefix match as a range, so the industry index serves it: [prefix, prefix with its last byte + 1).
inline constexpr const char* kProjectWhereIndustry =
    "(p.industry_code >= :industry_from AND p.industry_code < :industry_to)";
// The same without an index, for the one prefix that has no end (all 0xFF bytes).
inline constexpr const char* kProjectWhereIndustryPrefix =
    "substr(p.industry_code, 1, length(:industry_from)) = :industry_from";
inline constexpr const char* kProjectWhereCategory = "p.category = :category";
inline constexpr const char* kProjectWhereStage = "p.stage = :stage";
inline constexpr const char* kProjectWhereIsKey = "p.is_key = :is_key";
inline constexpr const char* kProjectWhereSignedFrom = "p.signed_date >= :signed_from";
inline constexpr const char* kProjectWhereSignedTo = "p.signed_date <= :signed_to";
// Derived status, exactly as DeriveStatus in core/lifecycle.hpp: terminated, then completed
// (stage 达产), then delayed (an overdue node), then stalled (last progress, or the creation day in
// China time when none, before :stall_before = today − stalled_days), else normal.
inline constexpr const char* kStatusTerminated = "p.terminated = 1";
inline constexpr const char* kStatusCompleted = "(p.terminated = 0 AND p.stage IS NOT DISTINCT FROM 'full_capacity')";
inline constexpr const char* kStatusDelayed =
    "(p.terminated = 0 AND p.stage IS DISTINCT FROM 'full_capacity' AND EXISTS (SELECT 1" ZS_SQL_OVERDUE_NODE_ROWS "))";
inline constexpr const char* kStatusStalled =
    "(p.terminated = 0 AND p.stage IS DISTINCT FROM 'full_capacity' AND NOT EXISTS (SELECT 1" ZS_SQL_OVERDUE_NODE_ROWS
    ")"
    " AND coalesce(p.last_progress, {day:p.created_at}) < :stall_before)";
inline constexpr const char* kStatusNormal =
    "(p.terminated = 0 AND p.stage IS DISTINCT FROM 'full_capacity' AND NOT EXISTS (SELECT 1" ZS_SQL_OVERDUE_NODE_ROWS
    ")"
    " AND coalesce(p.last_progress, {day:p.created_at}) >= :stall_before)";
#undef ZS_SQL_OVERDUE_NODE_ROWS

struct SortColumn {
    std::string_view key;
    const char* column;  // one column, or several joined by ", " (each sorted in the same direction)
};
// The only columns a list may be ordered by; id breaks ties in the same direction.
inline constexpr SortColumn kProjectSort[] = {
    {"code", "p.code"},
    {"name", "p.name"},
    {"total_investment", "p.total_investment"},
    {"signed_date", "p.signed_date"},
    {"updated_at", "p.updated_at"},
    {"id", "p.id"},
};
inline constexpr const char* kProjectTiebreak = "p.id";
inline constexpr SortColumn kInvestorSort[] = {{"name", "i.name"}, {"id", "i.id"}, {"uscc", "i.uscc"}};
inline constexpr const char* kInvestorTiebreak = "i.id";

inline constexpr const char* kInsertProject =
    "INSERT INTO projects (code, name, investor_id, unit_id, chain_id, industry_code, category, emerging_industry,"
    " total_investment, fixed_asset_investment, land_mu_hundredths, leader_in_charge, referrer, introducing_unit,"
    " first_introducer, is_key, terminated, termination_reason, stage, signed_date, last_progress, prov_db_status,"
    " prov_db_reported_date, prov_db_confirmed_date, above_scale_route, activity_id, version, created_at,"
    " updated_at) VALUES (:code, :name, :investor_id, :unit_id, :chain_id, :industry_code, :category,"
    " :emerging_industry, :total_investment, :fixed_asset_investment, :land_mu_hundredths, :leader_in_charge,"
    " :referrer, :introducing_unit, :first_introducer, :is_key, :terminated, :termination_reason, :stage,"
    " :signed_date, :last_progress, :prov_db_status, :prov_db_reported_date, :prov_db_confirmed_date,"
    " :above_scale_route, :activity_id, 1, :created_at, :updated_at)";
inline constexpr const char* kUpdateProject =
    "UPDATE projects SET code = :code, name = :name, investor_id = :investor_id, unit_id = :unit_id,"
    " chain_id = :chain_id, industry_code = :industry_code, category = :category,"
    " emerging_industry = :emerging_industry, total_investment = :total_investment,"
    " fixed_asset_investment = :fixed_asset_investment, land_mu_hundredths = :land_mu_hundredths,"
    " leader_in_charge = :leader_in_charge, referrer = :referrer, introducing_unit = :introducing_unit,"
    " first_introducer = :first_introducer, is_key = :is_key, terminated = :terminated,"
    " termination_reason = :termination_reason, stage = :stage, signed_date = :signed_date,"
    " last_progress = :last_progress, prov_db_status = :prov_db_status,"
    " prov_db_reported_date = :prov_db_reported_date, prov_db_confirmed_date = :prov_db_confirmed_date,"
    " above_scale_route = :above_scale_route, activity_id = :activity_id, updated_at = :updated_at,"
    " version = version + 1 WHERE id = :id AND version = :expected";
inline constexpr const char* kDeleteProject = "DELETE FROM projects WHERE id = :id";
inline constexpr const char* kListNodes =
    "SELECT node, planned_date, actual_date, note FROM project_nodes WHERE project_id = :project_id";
inline constexpr const char* kUpsertNode =
    "INSERT INTO project_nodes (project_id, node, planned_date, actual_date, note)"
    " VALUES (:project_id, :node, :planned_date, :actual_date, :note)"
    " ON CONFLICT (project_id, node) DO UPDATE SET planned_date = excluded.planned_date,"
    " actual_date = excluded.actual_date, note = excluded.note";
// The ledgers of many projects in one statement, in project order (read on the raw handle): the ids
// come as one JSON array, so 10^5 projects are still one bound parameter. For most of the projects,
// every ledger in key order: a sequential scan costs half as much as a key lookup per project.
inline constexpr const char* kLedgersOf =
    "SELECT project_id, node, planned_date, actual_date, note FROM project_nodes"
    " WHERE project_id IN {ids:ids} ORDER BY project_id";
inline constexpr const char* kAllLedgers =
    "SELECT project_id, node, planned_date, actual_date, note FROM project_nodes ORDER BY project_id";
inline constexpr const char* kBumpProjectSeq =
    "INSERT INTO project_seq (year, last) VALUES (:year, 1) ON CONFLICT (year) DO UPDATE SET last = project_seq.last + 1";
inline constexpr const char* kGetProjectSeq = "SELECT last FROM project_seq WHERE year = :year";
inline constexpr const char* kReserveProjectSeqs =
    "INSERT INTO project_seq (year, last) VALUES (:year, :n) ON CONFLICT (year) DO UPDATE SET last = project_seq.last + :n";

// --- monthly figures (current = the highest revision of a project × month)
#define ZS_SQL_FIGURE_COLUMNS                                                                      \
    "SELECT f.project_id, f.year, f.month, f.revision, f.funds_in_place, f.funds_out_of_province," \
    " f.fixed_asset_investment, f.output_value, f.tax, f.reason, f.created_by, f.created_at FROM monthly_figures f"
inline constexpr const char* kListCurrentFigures = ZS_SQL_FIGURE_COLUMNS
    " JOIN projects p ON p.id = f.project_id"
    " WHERE p.unit_id = :unit_id AND f.year = :year AND f.month = :month"
    " AND f.revision = (SELECT max(g.revision) FROM monthly_figures g"
    " WHERE g.project_id = f.project_id AND g.year = f.year AND g.month = f.month)"
    " ORDER BY p.id";
inline constexpr const char* kListFigureHistory = ZS_SQL_FIGURE_COLUMNS
    " WHERE f.project_id = :project_id AND f.year = :year AND f.month = :month ORDER BY f.revision";
#undef ZS_SQL_FIGURE_COLUMNS
inline constexpr const char* kUpsertFigureDraft =
    "INSERT INTO monthly_figures (project_id, year, month, revision, funds_in_place, funds_out_of_province,"
    " fixed_asset_investment, output_value, tax, reason, created_by, created_at) VALUES (:project_id, :year, :month,"
    " 1, :funds_in_place, :funds_out_of_province, :fixed_asset_investment, :output_value, :tax, '', :created_by,"
    " :created_at) ON CONFLICT (project_id, year, month, revision) DO UPDATE SET"
    " funds_in_place = excluded.funds_in_place, funds_out_of_province = excluded.funds_out_of_province,"
    " fixed_asset_investment = excluded.fixed_asset_investment, output_value = excluded.output_value,"
    " tax = excluded.tax, created_by = excluded.created_by, created_at = excluded.created_at";
inline constexpr const char* kNextFigureRevision =
    "SELECT coalesce(max(revision), 0) + 1 FROM monthly_figures"
    " WHERE project_id = :project_id AND year = :year AND month = :month";
inline constexpr const char* kInsertFigure =
    "INSERT INTO monthly_figures (project_id, year, month, revision, funds_in_place, funds_out_of_province,"
    " fixed_asset_investment, output_value, tax, reason, created_by, created_at) VALUES (:project_id, :year, :month,"
    " :revision, :funds_in_place, :funds_out_of_province, :fixed_asset_investment, :output_value, :tax, :reason,"
    " :created_by, :created_at)";

// --- monthly submissions
#define ZS_SQL_SUBMISSION_COLUMNS                                                                         \
    "SELECT unit_id, year, month, state, coalesce(submitted_at, 0), coalesce(submitted_by, 0),"           \
    " coalesce(reviewed_at, 0), coalesce(reviewed_by, 0), return_reason, coalesce(locked_at, 0), version" \
    " FROM monthly_submissions"
inline constexpr const char* kGetSubmission =
    ZS_SQL_SUBMISSION_COLUMNS " WHERE unit_id = :unit_id AND year = :year AND month = :month";
inline constexpr const char* kListSubmissions =
    ZS_SQL_SUBMISSION_COLUMNS " WHERE year = :year AND month = :month ORDER BY unit_id";
#undef ZS_SQL_SUBMISSION_COLUMNS
inline constexpr const char* kInsertSubmission =
    "INSERT INTO monthly_submissions (unit_id, year, month, state, submitted_at, submitted_by, reviewed_at,"
    " reviewed_by, return_reason, locked_at, version) VALUES (:unit_id, :year, :month, :state, :submitted_at,"
    " :submitted_by, :reviewed_at, :reviewed_by, :return_reason, :locked_at, 1)"
    " ON CONFLICT (unit_id, year, month) DO NOTHING";
inline constexpr const char* kUpdateSubmission =
    "UPDATE monthly_submissions SET state = :state, submitted_at = :submitted_at, submitted_by = :submitted_by,"
    " reviewed_at = :reviewed_at, reviewed_by = :reviewed_by, return_reason = :return_reason,"
    " locked_at = :locked_at, version = version + 1"
    " WHERE unit_id = :unit_id AND year = :year AND month = :month AND version = :expected";

// --- targets (scope_unit_id 0 = the city)
inline constexpr const char* kListTargets =
    "SELECT year, indicator, scope_unit_id, value, version, updated_at FROM targets WHERE year = :year"
    " ORDER BY indicator, scope_unit_id";
inline constexpr const char* kInsertTarget =
    "INSERT INTO targets (year, indicator, scope_unit_id, value, version, updated_at)"
    " VALUES (:year, :indicator, :scope_unit_id, :value, 1, :updated_at)"
    " ON CONFLICT (year, indicator, scope_unit_id) DO NOTHING";
inline constexpr const char* kUpdateTarget =
    "UPDATE targets SET value = :value, updated_at = :updated_at, version = version + 1"
    " WHERE year = :year AND indicator = :indicator AND scope_unit_id = :scope_unit_id AND version = :expected";
inline constexpr const char* kDeleteTarget =
    "DELETE FROM targets WHERE year = :year AND indicator = :indicator AND scope_unit_id = :scope_unit_id";

// --- indicator settings per year
inline constexpr const char* kGetIndicatorSettings =
    "SELECT year, settings_json, version, updated_at FROM indicator_settings WHERE year = :year";
inline constexpr const char* kInsertIndicatorSettings =
    "INSERT INTO indicator_settings (year, settings_json, version, updated_at)"
    " VALUES (:year, :settings_json, 1, :updated_at) ON CONFLICT (year) DO NOTHING";
inline constexpr const char* kUpdateIndicatorSettings =
    "UPDATE indicator_settings SET settings_json = :settings_json, updated_at = :updated_at,"
    " version = version + 1 WHERE year = :year AND version = :expected";

// --- the engine snapshot: four ordered scans, read on the raw handle
inline constexpr const char* kSnapshotProjectCount = "SELECT COUNT(*) FROM projects";
inline constexpr const char* kSnapshotUnits = "SELECT id, kind FROM units ORDER BY sort_order, id";
// :province = the city's province code.
inline constexpr const char* kSnapshotProjects =
    "SELECT p.id, p.unit_id, p.category, p.terminated, p.total_investment,"
    " CASE WHEN i.province_code IS NOT NULL AND i.province_code <> :province THEN 1 ELSE 0 END, p.emerging_industry,"
    " p.above_scale_route, p.prov_db_status, p.prov_db_reported_date, p.prov_db_confirmed_date"
    " FROM projects p LEFT JOIN investors i ON i.id = p.investor_id ORDER BY p.id";
// The actual dates of the four nodes the engine counts, in primary-key (project) order: one
// sequential scan merged with the projects costs half as much as four key lookups per project.
inline constexpr const char* kSnapshotNodes =
    "SELECT project_id, node, actual_date FROM project_nodes"
    " WHERE node IN ('signed', 'in_stats', 'producing', 'above_scale') AND actual_date IS NOT NULL"
    " ORDER BY project_id";
// Every revision in primary-key order (a sequential scan, no sort step); the reader keeps the last
// revision of each project × month, which is cheaper than asking SQL for the maximum per group.
inline constexpr const char* kSnapshotFigures =
    "SELECT project_id, year, month, funds_in_place, funds_out_of_province, fixed_asset_investment,"
    " output_value, tax FROM monthly_figures ORDER BY project_id, year, month, revision";
// The same scans narrowed to some projects: :ids = a JSON array of ids.
inline constexpr const char* kSnapshotSomeProjects =
    "SELECT p.id, p.unit_id, p.category, p.terminated, p.total_investment,"
    " CASE WHEN i.province_code IS NOT NULL AND i.province_code <> :province THEN 1 ELSE 0 END, p.emerging_industry,"
    " p.above_scale_route, p.prov_db_status, p.prov_db_reported_date, p.prov_db_confirmed_date"
    " FROM projects p LEFT JOIN investors i ON i.id = p.investor_id"
    " WHERE p.id IN {ids:ids} ORDER BY p.id";
inline constexpr const char* kSnapshotSomeNodes =
    "SELECT project_id, node, actual_date FROM project_nodes"
    " WHERE project_id IN {ids:ids}"
    " AND node IN ('signed', 'in_stats', 'producing', 'above_scale') AND actual_date IS NOT NULL"
    " ORDER BY project_id";
inline constexpr const char* kSnapshotSomeFigures =
    "SELECT project_id, year, month, funds_in_place, funds_out_of_province, fixed_asset_investment,"
    " output_value, tax FROM monthly_figures WHERE project_id IN {ids:ids}"
    " ORDER BY project_id, year, month, revision";
// Projects changed after :version (0 = everything must be reloaded), from the V004 triggers.
inline constexpr const char* kChangedProjectsSince =
    "SELECT DISTINCT project_id FROM snapshot_changes WHERE version > :version ORDER BY project_id";
inline constexpr const char* kPruneSnapshotChanges = "DELETE FROM snapshot_changes WHERE version <= :upto";

// --- problems
inline constexpr const char* kListProblems =
    "SELECT id, project_id, category, description, department, deadline, status, resolution, version,"
    " created_at, updated_at FROM problems WHERE project_id = :project_id ORDER BY id";
inline constexpr const char* kListProblemsOf =
    "SELECT id, project_id, category, description, department, deadline, status, resolution, version,"
    " created_at, updated_at FROM problems WHERE project_id IN {ids:ids}"
    " ORDER BY project_id, id";
inline constexpr const char* kGetProblem =
    "SELECT id, project_id, category, description, department, deadline, status, resolution, version,"
    " created_at, updated_at FROM problems WHERE id = :id";
inline constexpr const char* kInsertProblem =
    "INSERT INTO problems (project_id, category, description, department, deadline, status, resolution, version,"
    " created_at, updated_at) VALUES (:project_id, :category, :description, :department, :deadline, :status,"
    " :resolution, 1, :created_at, :updated_at)";
inline constexpr const char* kUpdateProblem =
    "UPDATE problems SET category = :category, description = :description, department = :department,"
    " deadline = :deadline, status = :status, resolution = :resolution, updated_at = :updated_at,"
    " version = version + 1 WHERE id = :id AND version = :expected";
inline constexpr const char* kDeleteProblem = "DELETE FROM problems WHERE id = :id";

// --- evidence files
inline constexpr const char* kListFiles =
    "SELECT id, project_id, node, kind, name, content_type, size, storage_name, sha256, uploaded_by, uploaded_at"
    " FROM evidence_files WHERE project_id = :project_id ORDER BY id";
inline constexpr const char* kGetFile =
    "SELECT id, project_id, node, kind, name, content_type, size, storage_name, sha256, uploaded_by, uploaded_at"
    " FROM evidence_files WHERE id = :id";
inline constexpr const char* kInsertFile =
    "INSERT INTO evidence_files (project_id, node, kind, name, content_type, size, storage_name, sha256,"
    " uploaded_by, uploaded_at) VALUES (:project_id, :node, :kind, :name, :content_type, :size, :storage_name,"
    " :sha256, :uploaded_by, :uploaded_at)";
inline constexpr const char* kDeleteFile = "DELETE FROM evidence_files WHERE id = :id";

// --- activities
// Columns of an Activity, in the order RowToActivity reads them; needs kActivityFrom's join. lead_count
// is served by the projects_activity index.
inline constexpr const char* kActivityColumns =
    "SELECT a.id, a.unit_id, a.kind, a.date, a.end_date, a.title, a.leader, a.destination, a.place, a.company,"
    " a.companies, a.persons, a.brochures, a.enterprises_visited, a.key_talks, a.contacts, a.follow_ups,"
    " a.outcome, a.created_by, a.version, a.created_at, a.updated_at, coalesce(u.name, ''),"
    " (SELECT COUNT(*) FROM projects lp WHERE lp.activity_id = a.id)";
inline constexpr const char* kActivityFrom = " FROM activities a LEFT JOIN units u ON u.id = a.unit_id";
inline constexpr const char* kActivityWhereId = " WHERE a.id = :id";
// ListActivities, like ListProjects: the page of ids is chosen first, so the lead counts run for that page only.
inline constexpr const char* kActivityPageOpen =
    " FROM (SELECT a.id FROM activities a LEFT JOIN units u ON u.id = a.unit_id WHERE ";
inline constexpr const char* kActivityPageClose =
    " LIMIT :limit OFFSET :offset) pg JOIN activities a ON a.id = pg.id LEFT JOIN units u ON u.id = a.unit_id";
inline constexpr const char* kActivityCount = "SELECT COUNT(*) FROM activities a WHERE ";
inline constexpr const char* kActivityWhereAll = "1 = 1";
inline constexpr const char* kActivityWhereUnit = "a.unit_id = :unit_id";
inline constexpr const char* kActivityWhereKind = "a.kind = :kind";
inline constexpr const char* kActivityWhereFrom = "a.date >= :from";
inline constexpr const char* kActivityWhereTo = "a.date <= :to";
inline constexpr const char* kActivityWhereQ =
    "({instr}(lower(a.title), lower(:q)) > 0 OR {instr}(lower(a.leader), lower(:q)) > 0"
    " OR {instr}(lower(a.destination), lower(:q)) > 0 OR {instr}(lower(a.place), lower(:q)) > 0"
    " OR {instr}(lower(a.company), lower(:q)) > 0 OR {instr}(lower(a.companies), lower(:q)) > 0"
    " OR {instr}(lower(a.outcome), lower(:q)) > 0)";
// "unit" follows the units' own order (ListUnits), not their names.
inline constexpr SortColumn kActivitySort[] = {
    {"date", "a.date"},
    {"id", "a.id"},
    {"unit", "u.sort_order, a.unit_id"},
};
inline constexpr const char* kActivityTiebreak = "a.id";
inline constexpr const char* kInsertActivity =
    "INSERT INTO activities (unit_id, kind, date, end_date, title, leader, destination, place, company, companies,"
    " persons, brochures, enterprises_visited, key_talks, contacts, follow_ups, outcome, created_by, version,"
    " created_at, updated_at) VALUES (:unit_id, :kind, :date, :end_date, :title, :leader, :destination, :place,"
    " :company, :companies, :persons, :brochures, :enterprises_visited, :key_talks, :contacts, :follow_ups,"
    " :outcome, :created_by, 1, :created_at, :updated_at)";
inline constexpr const char* kUpdateActivity =
    "UPDATE activities SET unit_id = :unit_id, kind = :kind, date = :date, end_date = :end_date, title = :title,"
    " leader = :leader, destination = :destination, place = :place, company = :company, companies = :companies,"
    " persons = :persons, brochures = :brochures, enterprises_visited = :enterprises_visited,"
    " key_talks = :key_talks, contacts = :contacts, follow_ups = :follow_ups, outcome = :outcome,"
    " updated_at = :updated_at, version = version + 1 WHERE id = :id AND version = :expected";
inline constexpr const char* kDeleteActivity = "DELETE FROM activities WHERE id = :id";
inline constexpr const char* kListActivityLeads =
    "SELECT id, name FROM projects WHERE activity_id = :activity_id ORDER BY id";

// --- weekly reports (submitted_at/by NULL until submitted)
#define ZS_SQL_WEEKLY_COLUMNS                                                               \
    "SELECT unit_id, year, week, progress, problems, submitted, coalesce(submitted_at, 0)," \
    " coalesce(submitted_by, 0), version, updated_at FROM weekly_reports"
inline constexpr const char* kGetWeeklyReport =
    ZS_SQL_WEEKLY_COLUMNS " WHERE unit_id = :unit_id AND year = :year AND week = :week";
inline constexpr const char* kListWeeklyReports =
    ZS_SQL_WEEKLY_COLUMNS " WHERE year = :year AND week = :week ORDER BY unit_id";
#undef ZS_SQL_WEEKLY_COLUMNS
inline constexpr const char* kInsertWeeklyReport =
    "INSERT INTO weekly_reports (unit_id, year, week, progress, problems, submitted, submitted_at, submitted_by,"
    " version, updated_at) VALUES (:unit_id, :year, :week, :progress, :problems, :submitted, :submitted_at,"
    " :submitted_by, 1, :updated_at) ON CONFLICT (unit_id, year, week) DO NOTHING";
inline constexpr const char* kUpdateWeeklyReport =
    "UPDATE weekly_reports SET progress = :progress, problems = :problems, submitted = :submitted,"
    " submitted_at = :submitted_at, submitted_by = :submitted_by, updated_at = :updated_at,"
    " version = version + 1 WHERE unit_id = :unit_id AND year = :year AND week = :week AND version = :expected";

// --- reports: drafts (the saved edits of a report key) and published versions
#define ZS_SQL_REPORT_KEY "type = :type AND year = :year AND period = :period AND unit_id = :unit_id"
inline constexpr const char* kGetReportDraft =
    "SELECT type, year, period, unit_id, edits_json, version, updated_by, updated_at FROM report_drafts"
    " WHERE " ZS_SQL_REPORT_KEY;
inline constexpr const char* kInsertReportDraft =
    "INSERT INTO report_drafts (type, year, period, unit_id, edits_json, version, updated_by, updated_at)"
    " VALUES (:type, :year, :period, :unit_id, :edits_json, 1, :updated_by, :updated_at)"
    " ON CONFLICT (type, year, period, unit_id) DO NOTHING";
inline constexpr const char* kUpdateReportDraft =
    "UPDATE report_drafts SET edits_json = :edits_json, updated_by = :updated_by, updated_at = :updated_at,"
    " version = version + 1 WHERE " ZS_SQL_REPORT_KEY " AND version = :expected";
inline constexpr const char* kMaxReportVersion =
    "SELECT coalesce(max(version_no), 0) FROM published_reports WHERE " ZS_SQL_REPORT_KEY;
#undef ZS_SQL_REPORT_KEY
// Published reports are read and written on the raw handle (named parameters), which binds and
// reads the files as BLOBs byte for byte.
inline constexpr const char* kInsertPublishedReport =
    "INSERT INTO published_reports (type, year, period, unit_id, version_no, title, note, docx_sha256,"
    " xlsx_sha256, html_sha256, published_by, published_at, edits_json, document_json, docx, xlsx, html)"
    " VALUES (:type, :year, :period, :unit_id, :version_no, :title, :note, :docx_sha256, :xlsx_sha256,"
    " :html_sha256, :published_by, :published_at, :edits_json, :document_json, :docx, :xlsx, :html)";
// Columns of a PublishedReport without its files, in the order RowToPublishedReport reads them.
#define ZS_SQL_PUBLISHED_COLUMNS                                                                              \
    "SELECT r.id, r.type, r.year, r.period, r.unit_id, r.version_no, r.title, r.note, r.docx_sha256,"         \
    " r.xlsx_sha256, r.html_sha256, r.published_by, r.published_at,"                                          \
    " CASE WHEN r.published_by = 0 THEN 'system' ELSE coalesce(nullif(us.display_name, ''), us.username, '')" \
    " END, r.edits_json, r.document_json, length(r.docx), length(r.xlsx), length(r.html)"
#define ZS_SQL_PUBLISHED_FROM " FROM published_reports r LEFT JOIN users us ON us.id = r.published_by"
inline constexpr const char* kListPublishedReports = ZS_SQL_PUBLISHED_COLUMNS ZS_SQL_PUBLISHED_FROM
    " WHERE (:type = '' OR r.type = :type) AND (:year = 0 OR r.year = :year)"
    " ORDER BY r.published_at DESC, r.id DESC";
inline constexpr const char* kGetPublishedReport = ZS_SQL_PUBLISHED_COLUMNS ZS_SQL_PUBLISHED_FROM " WHERE r.id = :id";
inline constexpr const char* kGetPublishedReportWithFiles =
    ZS_SQL_PUBLISHED_COLUMNS ", r.docx, r.xlsx, r.html" ZS_SQL_PUBLISHED_FROM " WHERE r.id = :id";
#undef ZS_SQL_PUBLISHED_FROM
#undef ZS_SQL_PUBLISHED_COLUMNS

// Imports, on the raw handle (the file is a BLOB). Columns in the order RowToImport reads them.
inline constexpr const char* kInsertImport =
    "INSERT INTO imports (kind, unit_id, params_json, file_name, file_size, file_sha256, file_bytes, state, message,"
    " mapping_json, summary_json, preview_json, result_json, created_by, created_at)"
    " VALUES (:kind, :unit_id, :params_json, :file_name, :file_size, :file_sha256, :file_bytes, :state, :message,"
    " :mapping_json, :summary_json, :preview_json, :result_json, :created_by, :created_at)";
#define ZS_SQL_IMPORT_COLUMNS                                                                                        \
    "SELECT i.id, i.kind, i.unit_id, i.params_json, i.file_name, i.file_size, i.file_sha256, i.state, i.message,"     \
    " i.mapping_json, i.summary_json, i.result_json, i.created_by, i.created_at, coalesce(i.committed_at, 0),"       \
    " i.version, CASE WHEN i.created_by = 0 THEN 'system' ELSE coalesce(nullif(us.display_name, ''), us.username, '')" \
    " END"
#define ZS_SQL_IMPORT_FROM " FROM imports i LEFT JOIN users us ON us.id = i.created_by"
inline constexpr const char* kGetImport = ZS_SQL_IMPORT_COLUMNS ZS_SQL_IMPORT_FROM " WHERE i.id = :id";
inline constexpr const char* kGetImportDetail =
    ZS_SQL_IMPORT_COLUMNS ", i.preview_json, i.file_bytes" ZS_SQL_IMPORT_FROM " WHERE i.id = :id";
// Uploads left waiting (ready, or validating on a server that stopped) since before :before.
inline constexpr const char* kListStaleImports = ZS_SQL_IMPORT_COLUMNS ZS_SQL_IMPORT_FROM
    " WHERE i.state IN ('ready', 'validating') AND i.created_at < :before ORDER BY i.id";
inline constexpr const char* kListImports = ZS_SQL_IMPORT_COLUMNS ZS_SQL_IMPORT_FROM
    " WHERE (:kind = '' OR i.kind = :kind) AND (:unit_id = 0 OR i.unit_id = :unit_id)"
    " ORDER BY i.created_at DESC, i.id DESC LIMIT :limit OFFSET :offset";
inline constexpr const char* kCountImports =
    "SELECT count(*) FROM imports i WHERE (:kind = '' OR i.kind = :kind) AND (:unit_id = 0 OR i.unit_id = :unit_id)";
#undef ZS_SQL_IMPORT_FROM
#undef ZS_SQL_IMPORT_COLUMNS
inline constexpr const char* kUpdateImport =
    "UPDATE imports SET state = :state, message = :message, mapping_json = :mapping_json, summary_json = :summary_json,"
    " preview_json = :preview_json, result_json = :result_json, committed_at = nullif(:committed_at, CAST(0 AS bigint)),"
    " version = version + 1 WHERE id = :id AND version = :expected";
inline constexpr const char* kDropImportFile = "UPDATE imports SET file_bytes = :file_bytes WHERE id = :id";
inline constexpr const char* kGetImportMapping =
    "SELECT mapping_json FROM import_mappings WHERE unit_id = :unit_id AND kind = :kind";
inline constexpr const char* kSetImportMapping =
    "INSERT INTO import_mappings (unit_id, kind, mapping_json, updated_by, updated_at)"
    " VALUES (:unit_id, :kind, :mapping_json, :updated_by, :updated_at)"
    " ON CONFLICT (unit_id, kind) DO UPDATE SET mapping_json = excluded.mapping_json,"
    " updated_by = excluded.updated_by, updated_at = excluded.updated_at";

// --- audit
inline constexpr const char* kInsertAudit =
    "INSERT INTO audit_log (user_id, at, entity, entity_id, project_id, action, before_json, after_json)"
    " VALUES (:user_id, :at, :entity, :entity_id, :project_id, :action, :before_json, :after_json)";
inline constexpr const char* kListProjectAudit =
    "SELECT a.id, a.user_id, CASE WHEN a.user_id = 0 THEN 'system' ELSE coalesce(us.username, '') END, a.at,"
    " a.entity, a.entity_id, a.project_id, a.action, coalesce(a.before_json, ''), coalesce(a.after_json, '')"
    " FROM audit_log a LEFT JOIN users us ON us.id = a.user_id WHERE a.project_id = :project_id"
    " ORDER BY a.id DESC";
inline constexpr const char* kCountAudit = "SELECT COUNT(*) FROM audit_log";

}  // namespace zs::sqldb::sql
