// The Tx of both SQL stores: every store.hpp method as bound SQL from sql.hpp.
#include "store/sql/tx.hpp"

#include <algorithm>
#include <functional>
#include <boost/json.hpp>
#include <span>
#include <stdexcept>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "core/date.hpp"
#include "store/sql/db.hpp"
#include "store/sql/dialect.hpp"
#include "store/sql/sql.hpp"

namespace zs::sqldb {

namespace {

template <typename T>
T Must(std::optional<T> v, const char* what) {
    if (!v) throw std::runtime_error(std::string("store: unknown stored ") + what);
    return *std::move(v);
}

// 0 means "not set by the caller": stamp it now.
int64_t OrNow(int64_t unix_seconds) { return unix_seconds != 0 ? unix_seconds : NowUnix(); }

std::string Str(std::string_view v) { return std::string(v); }

std::string JsonStrings(const std::vector<std::string>& items) {
    boost::json::array a;
    for (const std::string& s : items) a.emplace_back(s);
    return boost::json::serialize(a);
}

std::vector<std::string> ParseJsonStrings(std::string_view text) {
    std::vector<std::string> out;
    if (text.empty()) return out;
    const boost::json::value v = boost::json::parse(text);
    for (const boost::json::value& e : v.as_array()) {
        const boost::json::string& s = e.as_string();
        out.emplace_back(s.data(), s.size());
    }
    return out;
}

std::string NodesJson(const std::vector<Node>& nodes) {
    std::vector<std::string> keys;
    keys.reserve(nodes.size());
    for (Node n : nodes) keys.emplace_back(NodeKey(n));
    return JsonStrings(keys);
}

std::vector<Node> ParseNodesJson(std::string_view text) {
    std::vector<Node> out;
    for (const std::string& key : ParseJsonStrings(text)) out.push_back(Must(ParseNode(key), "node"));
    return out;
}

int CategoryIndex(Category c) {
    return static_cast<int>(std::find(kAllCategories.begin(), kAllCategories.end(), c) - kAllCategories.begin());
}

std::string JoinAnd(const std::vector<const char*>& parts, const char* when_empty) {
    if (parts.empty()) return when_empty;
    std::string out;
    for (const char* p : parts) {
        if (!out.empty()) out += " AND ";
        out += p;
    }
    return out;
}

// "name" / "-name" → "<column> ASC|DESC, <tiebreak> ASC|DESC" (every column of a multi-column entry
// in that direction); unknown keys fall back to `fallback`.
std::string OrderBy(std::string_view sort, std::span<const sql::SortColumn> columns, const char* tiebreak,
                    std::string_view fallback) {
    for (std::string_view key : {sort, fallback}) {
        const bool desc = !key.empty() && key.front() == '-';
        if (!key.empty() && (key.front() == '-' || key.front() == '+')) key.remove_prefix(1);
        for (const sql::SortColumn& c : columns) {
            if (c.key != key) continue;
            // NULLs first ascending and last descending, as SQLite orders them (PostgreSQL's default is the reverse).
            const char* dir = desc ? " DESC NULLS LAST" : " ASC NULLS FIRST";
            std::string out;
            bool has_tiebreak = false;
            std::string_view rest = c.column;
            while (!rest.empty()) {
                const size_t comma = rest.find(", ");
                const std::string_view column = rest.substr(0, comma);
                rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 2);
                if (!out.empty()) out += ", ";
                out += std::string(column) + dir;
                has_tiebreak = has_tiebreak || column == tiebreak;
            }
            if (!has_tiebreak) out += std::string(", ") + tiebreak + dir;
            return out;
        }
    }
    throw std::logic_error("store: fallback sort key not in whitelist");
}

constexpr const char* kLimitOffset = " LIMIT :limit OFFSET :offset";

Params& AddPage(Params& ps, const Page& p) {
    return ps.Int("limit", p.limit).Int("offset", std::max<int64_t>(0, p.offset));
}

// --- rows → domain values (column order as in sql.hpp)

Unit RowToUnit(const Row& r) {
    Unit u;
    u.id = r.Int(0);
    u.code = r.Text(1);
    u.name = r.Text(2);
    u.kind = Must(ParseUnitKind(r.Text(3)), "unit kind");
    u.sort_order = static_cast<int>(r.Int(4));
    u.version = r.Int(5);
    return u;
}

User RowToUser(const Row& r) {
    User u;
    u.id = r.Int(0);
    u.username = r.Text(1);
    u.display_name = r.Text(2);
    u.role = Must(ParseRole(r.Text(3)), "role");
    u.unit_id = r.OptInt(4);
    u.disabled = r.Bool(5);
    u.password_hash = r.Text(6);
    u.version = r.Int(7);
    u.created_at = r.Int(8);
    return u;
}

Session RowToSession(const Row& r) { return Session{r.Str(0), r.Int(1), r.Int(2), r.Int(3)}; }

Chain RowToChain(const Row& r) { return Chain{r.Int(0), r.Str(1), r.Str(2)}; }

Industry RowToIndustry(const Row& r) { return Industry{r.Str(0), r.Str(1), static_cast<int>(r.Int(2)), r.Str(3)}; }

Region RowToRegion(const Row& r) { return Region{r.Str(0), r.Str(1), r.Str(2)}; }

NodeRule RowToRule(const Row& r) {
    NodeRule rule;
    rule.category = Must(ParseCategory(r.Text(0)), "category");
    rule.node = Must(ParseNode(r.Text(1)), "node");
    rule.applies = r.Bool(2);
    rule.required_fields = ParseJsonStrings(r.Text(3));
    rule.required_evidence = ParseJsonStrings(r.Text(4));
    rule.after = ParseNodesJson(r.Text(5));
    rule.standard_days = static_cast<int>(r.Int(6));
    return rule;
}

Investor RowToInvestor(const Row& r) {
    Investor i;
    i.id = r.Int(0);
    i.name = r.Text(1);
    i.uscc = r.Text(2);
    i.province_code = r.Text(3);
    i.city_code = r.Text(4);
    i.tags = ParseJsonStrings(r.Text(5));
    i.created_by_unit_id = r.OptInt(6);
    i.version = r.Int(7);
    i.created_at = r.Int(8);
    i.updated_at = r.Int(9);
    i.province_name = r.Text(10);
    i.city_name = r.Text(11);
    return i;
}

constexpr int kProjectColumnCount = 38;

Project RowToProject(const Row& r) {
    Project p;
    p.id = r.Int(0);
    p.code = r.Text(1);
    p.name = r.Text(2);
    p.investor_id = r.OptInt(3);
    p.unit_id = r.Int(4);
    p.chain_id = r.OptInt(5);
    p.industry_code = r.Text(6);
    p.category = Must(ParseCategory(r.Text(7)), "category");
    p.emerging_industry = r.Text(8);
    p.total_investment = r.Int(9);
    p.fixed_asset_investment = r.Int(10);
    p.land_mu_hundredths = r.Int(11);
    p.leader_in_charge = r.Text(12);
    p.referrer = r.Text(13);
    p.introducing_unit = r.Text(14);
    p.first_introducer = r.Text(15);
    p.is_key = r.Bool(16);
    p.terminated = r.Bool(17);
    p.termination_reason = r.Text(18);
    if (!r.IsNull(19)) p.stage = Must(ParseNode(r.Text(19)), "stage");
    p.signed_date = r.OptDate(20);
    p.last_progress = r.OptDate(21);
    p.version = r.Int(22);
    p.created_at = r.Int(23);
    p.updated_at = r.Int(24);
    p.investor_name = r.Text(25);
    p.investor_province_code = r.Text(26);
    p.unit_name = r.Text(27);
    p.chain_name = r.Text(28);
    p.industry_name = r.Text(29);
    p.overdue_nodes = static_cast<int>(r.Int(30));
    p.open_problems = static_cast<int>(r.Int(31));
    p.overdue_problems = static_cast<int>(r.Int(32));
    p.prov_db_status = Must(ParseProvDbStatus(r.Text(33)), "provincial database status");
    p.prov_db_reported_date = r.OptDate(34);
    p.prov_db_confirmed_date = r.OptDate(35);
    p.above_scale_route = Must(ParseAboveScaleRoute(r.Text(36)), "above-scale route");
    p.activity_id = r.OptInt(37);
    return p;
}

Problem RowToProblem(const Row& r) {
    Problem p;
    p.id = r.Int(0);
    p.project_id = r.Int(1);
    p.category = r.Text(2);
    p.description = r.Text(3);
    p.department = r.Text(4);
    p.deadline = r.OptDate(5);
    p.status = r.Text(6);
    p.resolution = r.Text(7);
    p.version = r.Int(8);
    p.created_at = r.Int(9);
    p.updated_at = r.Int(10);
    return p;
}

EvidenceFile RowToFile(const Row& r) {
    EvidenceFile f;
    f.id = r.Int(0);
    f.project_id = r.Int(1);
    f.node = Must(ParseNode(r.Text(2)), "node");
    f.kind = r.Text(3);
    f.name = r.Text(4);
    f.content_type = r.Text(5);
    f.size = r.Int(6);
    f.storage_name = r.Text(7);
    f.sha256 = r.Text(8);
    f.uploaded_by = r.Int(9);
    f.uploaded_at = r.Int(10);
    return f;
}

AuditEntry RowToAudit(const Row& r) {
    AuditEntry a;
    a.id = r.Int(0);
    a.user_id = r.Int(1);
    a.username = r.Text(2);
    a.at = r.Int(3);
    a.entity = r.Text(4);
    a.entity_id = r.Int(5);
    a.project_id = r.Int(6);
    a.action = r.Text(7);
    a.before_json = r.Text(8);
    a.after_json = r.Text(9);
    return a;
}

MonthlyFigure RowToFigure(const Row& r) {
    MonthlyFigure f;
    f.project_id = r.Int(0);
    f.year = static_cast<int>(r.Int(1));
    f.month = static_cast<int>(r.Int(2));
    f.revision = static_cast<int>(r.Int(3));
    f.funds_in_place = r.Int(4);
    f.funds_out_of_province = r.Int(5);
    f.fixed_asset_investment = r.Int(6);
    f.output_value = r.Int(7);
    f.tax = r.Int(8);
    f.reason = r.Text(9);
    f.created_by = r.Int(10);
    f.created_at = r.Int(11);
    return f;
}

MonthlySubmission RowToSubmission(const Row& r) {
    MonthlySubmission s;
    s.unit_id = r.Int(0);
    s.year = static_cast<int>(r.Int(1));
    s.month = static_cast<int>(r.Int(2));
    s.state = Must(ParseSubmissionState(r.Text(3)), "submission state");
    s.submitted_at = r.Int(4);
    s.submitted_by = r.Int(5);
    s.reviewed_at = r.Int(6);
    s.reviewed_by = r.Int(7);
    s.return_reason = r.Text(8);
    s.locked_at = r.Int(9);
    s.version = r.Int(10);
    return s;
}

Target RowToTarget(const Row& r) {
    Target t;
    t.year = static_cast<int>(r.Int(0));
    t.indicator = r.Text(1);
    t.scope_unit_id = r.Int(2);
    t.value = r.Int(3);
    t.version = r.Int(4);
    t.updated_at = r.Int(5);
    return t;
}

IndicatorSettingsRow RowToIndicatorSettings(const Row& r) {
    return IndicatorSettingsRow{static_cast<int>(r.Int(0)), r.Str(1), r.Int(2), r.Int(3)};
}

constexpr int kActivityColumnCount = 24;

Activity RowToActivity(const Row& r) {
    Activity a;
    a.id = r.Int(0);
    a.unit_id = r.Int(1);
    a.kind = Must(ParseActivityKind(r.Text(2)), "activity kind");
    a.date = Must(r.OptDate(3), "activity date");
    a.end_date = r.OptDate(4);
    a.title = r.Text(5);
    a.leader = r.Text(6);
    a.destination = r.Text(7);
    a.place = r.Text(8);
    a.company = r.Text(9);
    a.companies = r.Text(10);
    a.persons = r.Int(11);
    a.brochures = r.Int(12);
    a.enterprises_visited = r.Int(13);
    a.key_talks = r.Int(14);
    a.contacts = r.Int(15);
    a.follow_ups = r.Int(16);
    a.outcome = r.Text(17);
    a.created_by = r.Int(18);
    a.version = r.Int(19);
    a.created_at = r.Int(20);
    a.updated_at = r.Int(21);
    a.unit_name = r.Text(22);
    a.lead_count = r.Int(23);
    return a;
}

WeeklyReport RowToWeeklyReport(const Row& r) {
    WeeklyReport w;
    w.unit_id = r.Int(0);
    w.year = static_cast<int>(r.Int(1));
    w.week = static_cast<int>(r.Int(2));
    w.progress = r.Text(3);
    w.problems = r.Text(4);
    w.submitted = r.Bool(5);
    w.submitted_at = r.Int(6);
    w.submitted_by = r.Int(7);
    w.version = r.Int(8);
    w.updated_at = r.Int(9);
    return w;
}

ReportDraft RowToReportDraft(const Row& r) {
    ReportDraft d;
    d.key = ReportKey{r.Str(0), static_cast<int>(r.Int(1)), static_cast<int>(r.Int(2)), r.Int(3)};
    d.edits_json = r.Text(4);
    d.version = r.Int(5);
    d.updated_by = r.Int(6);
    d.updated_at = r.Int(7);
    return d;
}

// Columns as in sql::kGetPublishedReport; with `with_files` the three files follow as BLOBs.
PublishedReport RowToPublishedReport(const RawStatement& st, bool with_files) {
    PublishedReport r;
    r.id = st.Int(0);
    r.key = ReportKey{Str(st.Text(1)), static_cast<int>(st.Int(2)), static_cast<int>(st.Int(3)), st.Int(4)};
    r.version_no = static_cast<int>(st.Int(5));
    r.title = st.Text(6);
    r.note = st.Text(7);
    r.docx_sha256 = st.Text(8);
    r.xlsx_sha256 = st.Text(9);
    r.html_sha256 = st.Text(10);
    r.published_by = st.Int(11);
    r.published_at = st.Int(12);
    r.published_by_name = st.Text(13);
    r.edits_json = st.Text(14);
    r.document_json = st.Text(15);
    r.docx_size = st.Int(16);
    r.xlsx_size = st.Int(17);
    r.html_size = st.Int(18);
    if (with_files) {
        r.docx = st.Blob(19);
        r.xlsx = st.Blob(20);
        r.html = st.Blob(21);
    }
    return r;
}

// Columns as in sql::kGetImport; with `detail` the preview and the file follow.
ImportRecord RowToImport(const RawStatement& st, bool detail) {
    ImportRecord r;
    r.id = st.Int(0);
    r.kind = st.Text(1);
    if (!st.IsNull(2)) r.unit_id = st.Int(2);
    r.params_json = st.Text(3);
    r.file_name = st.Text(4);
    r.file_size = st.Int(5);
    r.file_sha256 = st.Text(6);
    r.state = st.Text(7);
    r.message = st.Text(8);
    r.mapping_json = st.Text(9);
    r.summary_json = st.Text(10);
    r.result_json = st.Text(11);
    r.created_by = st.Int(12);
    r.created_at = st.Int(13);
    r.committed_at = st.Int(14);
    r.version = st.Int(15);
    r.created_by_name = st.Text(16);
    if (detail) {
        r.preview_json = st.Text(17);
        r.file_bytes = st.Blob(18);
    }
    return r;
}

// --- domain values → parameters

Params UnitParams(const Unit& u) {
    Params ps;
    ps.Text("code", u.code).Text("name", u.name).Text("kind", Str(UnitKindKey(u.kind))).Int("sort_order", u.sort_order);
    return ps;
}

Params UserParams(const User& u) {
    Params ps;
    ps.Text("username", u.username)
        .Text("display_name", u.display_name)
        .Text("role", Str(RoleKey(u.role)))
        .OptInt("unit_id", u.unit_id)
        .Bool("disabled", u.disabled)
        .Text("password_hash", u.password_hash);
    return ps;
}

Params InvestorParams(const Investor& i) {
    Params ps;
    ps.Text("name", i.name)
        .Text("uscc", i.uscc)
        .Text("province_code", i.province_code)
        .TextOrNull("city_code", i.city_code)
        .Text("tags", JsonStrings(i.tags))
        .OptInt("created_by_unit_id", i.created_by_unit_id);
    return ps;
}

Params ProjectParams(const Project& p) {
    Params ps;
    ps.Text("code", p.code)
        .Text("name", p.name)
        .OptInt("investor_id", p.investor_id)
        .Int("unit_id", p.unit_id)
        .OptInt("chain_id", p.chain_id)
        .TextOrNull("industry_code", p.industry_code)
        .Text("category", Str(CategoryKey(p.category)))
        .Text("emerging_industry", p.emerging_industry)
        .Int("total_investment", p.total_investment)
        .Int("fixed_asset_investment", p.fixed_asset_investment)
        .Int("land_mu_hundredths", p.land_mu_hundredths)
        .Text("leader_in_charge", p.leader_in_charge)
        .Text("referrer", p.referrer)
        .Text("introducing_unit", p.introducing_unit)
        .Text("first_introducer", p.first_introducer)
        .Bool("is_key", p.is_key)
        .Bool("terminated", p.terminated)
        .Text("termination_reason", p.termination_reason)
        .OptDate("signed_date", p.signed_date)
        .OptDate("last_progress", p.last_progress)
        .Text("prov_db_status", Str(ProvDbStatusKey(p.prov_db_status)))
        .OptDate("prov_db_reported_date", p.prov_db_reported_date)
        .OptDate("prov_db_confirmed_date", p.prov_db_confirmed_date)
        .TextOrNull("above_scale_route", Str(AboveScaleRouteKey(p.above_scale_route)))
        .OptInt("activity_id", p.activity_id);
    if (p.stage) {
        ps.Text("stage", Str(NodeKey(*p.stage)));
    } else {
        ps.NullText("stage");
    }
    return ps;
}

Params ProblemParams(const Problem& p) {
    Params ps;
    ps.Text("category", p.category)
        .Text("description", p.description)
        .Text("department", p.department)
        .OptDate("deadline", p.deadline)
        .Text("status", p.status)
        .Text("resolution", p.resolution);
    return ps;
}

// The key and the five amounts of a figure; "created_by"/"created_at" stamped here too.
Params FigureParams(const MonthlyFigure& f) {
    Params ps;
    ps.Int("project_id", f.project_id)
        .Int("year", f.year)
        .Int("month", f.month)
        .Int("funds_in_place", f.funds_in_place)
        .Int("funds_out_of_province", f.funds_out_of_province)
        .Int("fixed_asset_investment", f.fixed_asset_investment)
        .Int("output_value", f.output_value)
        .Int("tax", f.tax)
        .Int("created_by", f.created_by)
        .Int("created_at", OrNow(f.created_at));
    return ps;
}

// 0 ("not happened") is stored as NULL.
std::optional<int64_t> ZeroAsNull(int64_t v) { return v != 0 ? std::optional<int64_t>(v) : std::nullopt; }

// The stored fields of an activity that an update may change (not id, created_by, created_at).
Params ActivityParams(const Activity& a) {
    Params ps;
    ps.Int("unit_id", a.unit_id)
        .Text("kind", Str(ActivityKindKey(a.kind)))
        .Text("date", a.date.ToString())
        .OptDate("end_date", a.end_date)
        .Text("title", a.title)
        .Text("leader", a.leader)
        .Text("destination", a.destination)
        .Text("place", a.place)
        .Text("company", a.company)
        .Text("companies", a.companies)
        .Int("persons", a.persons)
        .Int("brochures", a.brochures)
        .Int("enterprises_visited", a.enterprises_visited)
        .Int("key_talks", a.key_talks)
        .Int("contacts", a.contacts)
        .Int("follow_ups", a.follow_ups)
        .Text("outcome", a.outcome);
    return ps;
}

Params ReportKeyParams(const ReportKey& k) {
    Params ps;
    ps.Text("type", k.type).Int("year", k.year).Int("period", k.period).Int("unit_id", k.unit_id);
    return ps;
}

// No edits are stored as the empty object, which the tables' CHECK asks for.
std::string EditsOrEmpty(const std::string& edits_json) { return edits_json.empty() ? "{}" : edits_json; }

// A JSON array of ids, bound as one parameter for json_each.
std::string IdsJson(const std::vector<int64_t>& ids) {
    std::string out = "[";
    for (size_t i = 0; i < ids.size(); ++i) {
        if (i != 0) out += ',';
        out += std::to_string(ids[i]);
    }
    return out + "]";
}

Params SubmissionParams(const MonthlySubmission& s) {
    Params ps;
    ps.Int("unit_id", s.unit_id)
        .Int("year", s.year)
        .Int("month", s.month)
        .Text("state", Str(SubmissionStateKey(s.state)))
        .OptInt("submitted_at", ZeroAsNull(s.submitted_at))
        .OptInt("submitted_by", ZeroAsNull(s.submitted_by))
        .OptInt("reviewed_at", ZeroAsNull(s.reviewed_at))
        .OptInt("reviewed_by", ZeroAsNull(s.reviewed_by))
        .Text("return_reason", s.return_reason)
        .OptInt("locked_at", ZeroAsNull(s.locked_at));
    return ps;
}

// A stored date as days since the epoch, kNoDay when NULL.
int32_t SnapshotDay(const RawStatement& st, int col) {
    if (st.IsNull(col)) return kNoDay;
    const std::optional<Date> d = Date::Parse(st.Text(col));
    if (!d) throw std::runtime_error("store: column " + std::to_string(col) + " is not a date");
    return d->days();
}

// A stored date read on the raw handle; nullopt when NULL.
std::optional<Date> RawDate(const RawStatement& st, int col) {
    if (st.IsNull(col)) return std::nullopt;
    const std::optional<Date> d = Date::Parse(st.Text(col));
    if (!d) throw std::runtime_error("store: column " + std::to_string(col) + " is not a date");
    return d;
}

// Maps project ids, met in ascending order, to their index in the snapshot's ascending project ids.
class ProjectCursor {
public:
    ProjectCursor(const std::vector<int64_t>& ids, const char* what) : ids_(ids), what_(what) {}
    size_t Find(int64_t id) {
        while (at_ < ids_.size() && ids_[at_] < id) ++at_;
        if (at_ == ids_.size() || ids_[at_] != id) {
            throw std::runtime_error(std::string("store: ") + what_ + " without its project");
        }
        return at_;
    }

private:
    const std::vector<int64_t>& ids_;
    const char* what_;
    size_t at_ = 0;
};

template <typename E>
uint8_t SnapshotEnum(std::optional<E> v, const char* what) {
    return static_cast<uint8_t>(Must(v, what));
}

bool NodeHasData(const NodeEntry& e) { return e.planned || e.actual || !e.note.empty(); }

// `params` with every name given `suffix` (":code" → ":code_7").
Params Suffixed(const Params& params, const std::string& suffix) {
    Params out;
    for (const Param& p : params.all()) {
        const std::string name = p.name + suffix;
        if (p.ind == soci::i_null) {
            p.is_int ? out.NullInt(name) : out.NullText(name);
        } else {
            p.is_int ? out.Int(name, p.i) : out.Text(name, p.s);
        }
    }
    return out;
}

// A one-row statement "HEAD VALUES (TUPLE)[ TAIL]" run for many rows at once, as
// "HEAD VALUES (TUPLE_0), (TUPLE_1), …[ TAIL][ RETURNING …]", row i's parameters renamed ":name_i".
// On PostgreSQL every statement is a round trip: an import's 50,000 projects and 150,000 nodes go in
// 2,000 statements instead of 200,000. (On SQLite it changes little: the per-row trigger and index
// work dominate.) `on_row` reads the rows a RETURNING clause answers.
class MultiRowInsert {
public:
    MultiRowInsert(Conn& c, std::string_view one_row_sql, size_t rows_per_statement, std::string returning = {})
        : c_(c), per_statement_(rows_per_statement), returning_(std::move(returning)) {
        const size_t values = one_row_sql.find(" VALUES (");
        if (values == std::string_view::npos) throw std::logic_error("store: not an INSERT … VALUES statement");
        head_ = std::string(one_row_sql.substr(0, values)) + " VALUES ";
        size_t depth = 0;
        size_t end = values + 8;
        for (; end < one_row_sql.size(); ++end) {
            if (one_row_sql[end] == '(') ++depth;
            if (one_row_sql[end] == ')' && --depth == 0) break;
        }
        tuple_ = std::string(one_row_sql.substr(values + 8, end + 1 - (values + 8)));
        tail_ = std::string(one_row_sql.substr(end + 1));
    }
    std::function<void(const RawStatement&)> on_row;

    void Add(const Params& row) {
        pending_.push_back(row);
        if (pending_.size() == per_statement_) Flush();
    }
    void Flush() {
        if (pending_.empty()) return;
        // Add flushes full batches only, so a short one comes once, at the end.
        std::unique_ptr<RawStatement>& st = pending_.size() == per_statement_ ? full_ : partial_;
        if (!st) st = std::make_unique<RawStatement>(c_, Sql(pending_.size()).c_str());
        for (size_t i = 0; i < pending_.size(); ++i) st->Bind(Suffixed(pending_[i], "_" + std::to_string(i)));
        while (st->Step()) {
            if (on_row) on_row(*st);
        }
        st->Reset();
        pending_.clear();
        if (&st == &partial_) partial_.reset();
    }

private:
    std::string Sql(size_t rows) const {
        std::string out = head_;
        for (size_t i = 0; i < rows; ++i) {
            if (i != 0) out += ", ";
            const std::string suffix = "_" + std::to_string(i);
            for (size_t at = 0; at < tuple_.size(); ++at) {
                out += tuple_[at];
                if (tuple_[at] != ':') continue;
                size_t end = at + 1;
                while (end < tuple_.size() && IsNameChar(tuple_[end])) out += tuple_[end++];
                out += suffix;
                at = end - 1;
            }
        }
        out += tail_;
        if (!returning_.empty()) out += " RETURNING " + returning_;
        return out;
    }

    Conn& c_;
    size_t per_statement_;
    std::string returning_;
    std::string head_, tuple_, tail_;
    std::vector<Params> pending_;
    std::unique_ptr<RawStatement> full_, partial_;
};

class SqlTx final : public Tx {
public:
    SqlTx(Lease lease, TxKind kind)
        : lease_(std::move(lease)), write_(kind != TxKind::kRead), keep_data_version_(kind == TxKind::kBookkeeping) {
        Conn& c = lease_.conn();
        const Dialect& d = c.dialect();
        try {
            c.Exec(write_ ? d.begin_write : d.begin_read);
        } catch (...) {
            if (!c.ReviveAfterFailure()) throw;
            c.Exec(write_ ? d.begin_write : d.begin_read);
        }
        if (kind == TxKind::kWrite && *d.serialize_writers != '\0') {
            try {
                c.ScalarInt(d.serialize_writers);
            } catch (...) {
                c.RollbackQuietly();
                throw;
            }
        }
    }

    // Rolls back whatever is still open: an uncommitted transaction, or one whose COMMIT failed.
    // A destructor never throws; the session goes back to the pool regardless.
    ~SqlTx() override { lease_.conn().RollbackQuietly(); }

    void Commit() override {
        Conn& c = C();
        if (write_ && !keep_data_version_) {
            c.Exec(sql::kBumpDataVersion);
            // Every 1000 versions, forget the snapshot changes older than the kept history.
            const int64_t version = c.ScalarInt(sql::kDataVersion);
            if (version % 1000 == 0) {
                c.Exec(sql::kPruneSnapshotChanges, Params().Int("upto", version - kSnapshotChangeHistory));
            }
        }
        c.Exec(sql::kCommit);
        done_ = true;
    }

    // --- settings
    std::optional<std::string> GetSetting(const std::string& key) override {
        return SelectOne<std::string>(C(), sql::kGetSetting, Params().Text("key", key), 1,
                                      [](const Row& r) { return r.Text(0); });
    }
    void SetSetting(const std::string& key, const std::string& value) override {
        C().Exec(sql::kSetSetting, Params().Text("key", key).Text("value", value));
    }
    int64_t DataVersion() override { return C().ScalarInt(sql::kDataVersion); }

    // --- units
    std::vector<Unit> ListUnits() override { return SelectAll<Unit>(C(), sql::kListUnits, {}, 6, RowToUnit); }
    std::optional<Unit> GetUnit(int64_t id) override {
        return SelectOne<Unit>(C(), sql::kGetUnit, Params().Int("id", id), 6, RowToUnit);
    }
    int64_t InsertUnit(const Unit& u) override {
        C().Exec(sql::kInsertUnit, UnitParams(u));
        return C().LastInsertId();
    }
    bool UpdateUnit(const Unit& u, int64_t expected_version) override {
        Params ps = UnitParams(u);
        ps.Int("id", u.id).Int("expected", expected_version);
        return C().Exec(sql::kUpdateUnit, ps) == 1;
    }

    // --- users
    PageOf<User> ListUsers(const UserFilter& f, const Page& p) override {
        std::vector<const char*> where;
        Params ps;
        if (!f.q.empty()) {
            where.push_back(sql::kUserWhereQ);
            ps.Text("q", f.q);
        }
        if (f.role) {
            where.push_back(sql::kUserWhereRole);
            ps.Text("role", Str(RoleKey(*f.role)));
        }
        if (f.unit_id) {
            where.push_back(sql::kUserWhereUnit);
            ps.Int("unit_id", *f.unit_id);
        }
        const std::string cond = " WHERE " + JoinAnd(where, "1 = 1");
        PageOf<User> out;
        out.total = C().ScalarInt(sql::kUserCount + cond, ps);
        AddPage(ps, p);
        out.items = SelectAll<User>(C(), sql::kUserSelect + cond + " ORDER BY " + sql::kUserOrder + kLimitOffset, ps, 9,
                                    RowToUser);
        return out;
    }
    std::optional<User> GetUser(int64_t id) override {
        return SelectOne<User>(C(), std::string(sql::kUserSelect) + " WHERE " + sql::kUserWhereId,
                               Params().Int("id", id), 9, RowToUser);
    }
    std::optional<User> GetUserByUsername(const std::string& username) override {
        return SelectOne<User>(C(), std::string(sql::kUserSelect) + " WHERE " + sql::kUserWhereUsername,
                               Params().Text("username", username), 9, RowToUser);
    }
    int64_t InsertUser(const User& u) override {
        Params ps = UserParams(u);
        ps.Int("created_at", OrNow(u.created_at));
        C().Exec(sql::kInsertUser, ps);
        return C().LastInsertId();
    }
    bool UpdateUser(const User& u, int64_t expected_version) override {
        Params ps = UserParams(u);
        ps.Int("id", u.id).Int("expected", expected_version);
        return C().Exec(sql::kUpdateUser, ps) == 1;
    }

    // --- sessions and login throttling
    void InsertSession(const Session& s) override {
        C().Exec(sql::kInsertSession, Params()
                                          .Text("token_hash", s.token_hash)
                                          .Int("user_id", s.user_id)
                                          .Int("created_at", OrNow(s.created_at))
                                          .Int("last_seen_at", OrNow(s.last_seen_at)));
    }
    std::optional<Session> GetSession(const std::string& token_hash) override {
        return SelectOne<Session>(C(), sql::kGetSession, Params().Text("token_hash", token_hash), 4, RowToSession);
    }
    void TouchSession(const std::string& token_hash, int64_t last_seen_at) override {
        C().Exec(sql::kTouchSession, Params().Text("token_hash", token_hash).Int("last_seen_at", last_seen_at));
    }
    void DeleteSession(const std::string& token_hash) override {
        C().Exec(sql::kDeleteSession, Params().Text("token_hash", token_hash));
    }
    void DeleteSessionsOfUser(int64_t user_id) override {
        C().Exec(sql::kDeleteSessionsOfUser, Params().Int("user_id", user_id));
    }
    void DeleteSessionsOlderThan(int64_t created_before, int64_t last_seen_before) override {
        C().Exec(sql::kDeleteOldSessions,
                 Params().Int("created_before", created_before).Int("last_seen_before", last_seen_before));
    }
    void InsertLoginFailure(const std::string& username, int64_t at) override {
        constexpr int64_t kKeepSeconds = 24 * 3600;
        C().Exec(sql::kPruneLoginFailures, Params().Text("username", username).Int("before", at - kKeepSeconds));
        C().Exec(sql::kInsertLoginFailure, Params().Text("username", username).Int("at", at));
    }
    int64_t CountLoginFailures(const std::string& username, int64_t since) override {
        return C().ScalarInt(sql::kCountLoginFailures, Params().Text("username", username).Int("since", since));
    }

    // --- reference data
    std::vector<Chain> ListChains() override { return SelectAll<Chain>(C(), sql::kListChains, {}, 3, RowToChain); }
    std::optional<Chain> GetChain(int64_t id) override {
        return SelectOne<Chain>(C(), sql::kGetChain, Params().Int("id", id), 3, RowToChain);
    }
    int64_t InsertChain(const Chain& c) override {
        C().Exec(sql::kInsertChain, Params().Text("name", c.name).Text("kind", c.kind));
        return C().LastInsertId();
    }
    std::vector<Industry> ListIndustries() override {
        return SelectAll<Industry>(C(), sql::kListIndustries, {}, 4, RowToIndustry);
    }
    std::optional<Industry> GetIndustry(const std::string& code) override {
        return SelectOne<Industry>(C(), sql::kGetIndustry, Params().Text("code", code), 4, RowToIndustry);
    }
    void InsertIndustries(const std::vector<Industry>& rows) override {
        for (const Industry& row : rows) {  // one cached statement, re-executed
            C().Exec(sql::kUpsertIndustry, Params()
                                               .Text("code", row.code)
                                               .Text("name", row.name)
                                               .Int("level", row.level)
                                               .TextOrNull("parent", row.parent));
        }
    }
    std::vector<Region> ListRegions() override { return SelectAll<Region>(C(), sql::kListRegions, {}, 3, RowToRegion); }
    std::optional<Region> GetRegion(const std::string& code) override {
        return SelectOne<Region>(C(), sql::kGetRegion, Params().Text("code", code), 3, RowToRegion);
    }
    void InsertRegions(const std::vector<Region>& rows) override {
        for (const Region& row : rows) {
            C().Exec(sql::kUpsertRegion,
                     Params().Text("code", row.code).Text("name", row.name).TextOrNull("parent", row.parent));
        }
    }

    // --- lifecycle rules
    std::vector<NodeRule> ListRules() override {
        std::vector<NodeRule> rules = SelectAll<NodeRule>(C(), sql::kListRules, {}, 7, RowToRule);
        std::sort(rules.begin(), rules.end(), [](const NodeRule& a, const NodeRule& b) {
            return std::pair(CategoryIndex(a.category), NodeIndex(a.node)) <
                   std::pair(CategoryIndex(b.category), NodeIndex(b.node));
        });
        return rules;
    }
    void UpsertRule(const NodeRule& r) override {
        C().Exec(sql::kUpsertRule, Params()
                                       .Text("category", Str(CategoryKey(r.category)))
                                       .Text("node", Str(NodeKey(r.node)))
                                       .Bool("applies", r.applies)
                                       .Text("required_fields", JsonStrings(r.required_fields))
                                       .Text("required_evidence", JsonStrings(r.required_evidence))
                                       .Text("after_nodes", NodesJson(r.after))
                                       .Int("standard_days", r.standard_days));
    }

    // --- investors
    PageOf<Investor> ListInvestors(const InvestorFilter& f, const Page& p) override {
        std::vector<const char*> where;
        Params ps;
        if (!f.q.empty()) {
            where.push_back(sql::kInvestorWhereQ);
            ps.Text("q", f.q);
        }
        if (!f.tag.empty()) {
            where.push_back(sql::kInvestorWhereTag);
            ps.Text("tag", f.tag);
        }
        if (f.out_of_province) {
            where.push_back(*f.out_of_province ? sql::kInvestorWhereOutOfProvince : sql::kInvestorWhereInProvince);
            ps.Text("city_province_code", f.city_province_code);
        }
        if (f.visible_to_unit) {
            where.push_back(sql::kInvestorWhereVisibleToUnit);
            ps.Int("visible_unit", *f.visible_to_unit);
        }
        const std::string cond = " WHERE " + JoinAnd(where, "1 = 1");
        const std::string order = OrderBy(f.sort, sql::kInvestorSort, sql::kInvestorTiebreak, "name");
        PageOf<Investor> out;
        out.total = C().ScalarInt(sql::kInvestorCount + cond, ps);
        AddPage(ps, p);
        out.items = SelectAll<Investor>(C(), sql::kInvestorSelect + cond + " ORDER BY " + order + kLimitOffset, ps, 12,
                                        RowToInvestor);
        return out;
    }
    std::optional<Investor> GetInvestor(int64_t id) override {
        return SelectOne<Investor>(C(), std::string(sql::kInvestorSelect) + " WHERE " + sql::kInvestorWhereId,
                                   Params().Int("id", id), 12, RowToInvestor);
    }
    std::optional<Investor> GetInvestorByUscc(const std::string& uscc) override {
        return SelectOne<Investor>(C(), std::string(sql::kInvestorSelect) + " WHERE " + sql::kInvestorWhereUscc,
                                   Params().Text("uscc", uscc), 12, RowToInvestor);
    }
    int64_t InsertInvestor(const Investor& i) override {
        Params ps = InvestorParams(i);
        const int64_t created = OrNow(i.created_at);
        ps.Int("created_at", created).Int("updated_at", i.updated_at != 0 ? i.updated_at : created);
        C().Exec(sql::kInsertInvestor, ps);
        return C().LastInsertId();
    }
    bool UpdateInvestor(const Investor& i, int64_t expected_version) override {
        Params ps = InvestorParams(i);
        ps.Int("updated_at", OrNow(i.updated_at)).Int("id", i.id).Int("expected", expected_version);
        return C().Exec(sql::kUpdateInvestor, ps) == 1;
    }
    void DeleteInvestor(int64_t id) override { C().Exec(sql::kDeleteInvestor, Params().Int("id", id)); }
    int64_t CountProjectsOfInvestor(int64_t investor_id) override {
        return C().ScalarInt(sql::kCountProjectsOfInvestor, Params().Int("id", investor_id));
    }
    bool InvestorVisibleToUnit(int64_t investor_id, int64_t unit_id) override {
        return C().ScalarInt(sql::kInvestorVisibleToUnit,
                             Params().Int("id", investor_id).Int("visible_unit", unit_id)) != 0;
    }

    // --- projects
    // The WHERE condition of `f` (without "WHERE"), its parameters added to `ps`.
    static std::string ProjectWhere(const ProjectFilter& f, Params& ps) {
        std::vector<const char*> where;
        ps.Text("today", f.today.ToString());
        if (!f.q.empty()) {
            where.push_back(sql::kProjectWhereQ);
            ps.Text("q", f.q);
        }
        if (f.unit_id) {
            where.push_back(sql::kProjectWhereUnit);
            ps.Int("unit_id", *f.unit_id);
        }
        if (f.ids) {
            where.push_back(sql::kProjectWhereIds);
            ps.Text("ids", IdsJson(*f.ids));
        }
        if (f.chain_id) {
            where.push_back(sql::kProjectWhereChain);
            ps.Int("chain_id", *f.chain_id);
        }
        if (!f.industry_prefix.empty()) {
            const std::string end = PrefixEnd(f.industry_prefix);
            where.push_back(end.empty() ? sql::kProjectWhereIndustryPrefix : sql::kProjectWhereIndustry);
            ps.Text("industry_from", f.industry_prefix).Text("industry_to", end);
        }
        if (f.category) {
            where.push_back(sql::kProjectWhereCategory);
            ps.Text("category", Str(CategoryKey(*f.category)));
        }
        if (f.stage) {
            where.push_back(sql::kProjectWhereStage);
            ps.Text("stage", Str(NodeKey(*f.stage)));
        }
        if (f.is_key) {
            where.push_back(sql::kProjectWhereIsKey);
            ps.Bool("is_key", *f.is_key);
        }
        if (f.signed_from) {
            where.push_back(sql::kProjectWhereSignedFrom);
            ps.Text("signed_from", f.signed_from->ToString());
        }
        if (f.signed_to) {
            where.push_back(sql::kProjectWhereSignedTo);
            ps.Text("signed_to", f.signed_to->ToString());
        }
        if (f.status) {
            switch (*f.status) {
                case ProjectStatus::kTerminated:
                    where.push_back(sql::kStatusTerminated);
                    break;
                case ProjectStatus::kCompleted:
                    where.push_back(sql::kStatusCompleted);
                    break;
                case ProjectStatus::kDelayed:
                    where.push_back(sql::kStatusDelayed);
                    break;
                case ProjectStatus::kStalled:
                    where.push_back(sql::kStatusStalled);
                    break;
                case ProjectStatus::kNormal:
                    where.push_back(sql::kStatusNormal);
                    break;
            }
            ps.Text("stall_before", f.today.AddDays(-f.stalled_days).ToString());
        }
        return JoinAnd(where, sql::kProjectWhereAll);
    }
    std::vector<int64_t> ListProjectIds(const ProjectFilter& f) override {
        std::vector<int64_t> out;
        if (f.none) return out;
        Params ps;
        const std::string cond = ProjectWhere(f, ps);
        const std::string order = " ORDER BY " + OrderBy(f.sort, sql::kProjectSort, sql::kProjectTiebreak, "-id");
        C().ForEachRow(sql::kProjectIds + cond + order, ps, 1, [&](const Row& r) { out.push_back(r.Int(0)); });
        return out;
    }
    PageOf<Project> ListProjects(const ProjectFilter& f, const Page& p) override {
        PageOf<Project> out;
        if (f.none) return out;
        Params ps;
        const std::string cond = ProjectWhere(f, ps);
        out.total = C().ScalarInt(sql::kProjectCount + cond, ps);
        if (out.total == 0 || p.limit == 0 || p.offset >= out.total) return out;

        const std::string order = " ORDER BY " + OrderBy(f.sort, sql::kProjectSort, sql::kProjectTiebreak, "-id");
        const char* columns = f.with_counts ? sql::kProjectColumns : sql::kProjectColumnsNoCounts;
        std::string query;
        if (p.offset <= 0 && p.limit >= out.total) {
            // Every match (reports, exports): one scan in order, no page of ids to join back and sort again.
            query = columns + std::string(sql::kProjectFrom) + sql::kProjectJoins + " WHERE " + cond + order;
        } else {
            AddPage(ps, p);
            query = columns + std::string(sql::kProjectPageOpen) + cond + order + sql::kProjectPageClose +
                    sql::kProjectJoins + order;
        }
        out.items.reserve(static_cast<size_t>(std::min(p.limit, out.total - std::max<int64_t>(0, p.offset))));
        C().ForEachRow(query, ps, kProjectColumnCount, [&](const Row& r) { out.items.push_back(RowToProject(r)); });
        return out;
    }
    std::optional<Project> GetProject(int64_t id, Date today) override {
        static const std::string kQuery =
            std::string(sql::kProjectColumns) + sql::kProjectFrom + sql::kProjectJoins + sql::kProjectWhereId;
        return LoadProject(kQuery, Params().Int("id", id).Text("today", today.ToString()));
    }
    std::optional<Project> GetProjectByCode(const std::string& code) override {
        static const std::string kQuery =
            std::string(sql::kProjectColumns) + sql::kProjectFrom + sql::kProjectJoins + sql::kProjectWhereCode;
        return LoadProject(kQuery, Params().Text("code", code).Text("today", Date::Today().ToString()));
    }
    int64_t InsertProject(const Project& p) override {
        return C().Guarded([&] {
            std::vector<Project> one{p};
            InsertProjects(one);
            return one.front().id;
        });
    }
    bool UpdateProject(const Project& p, int64_t expected_version) override {
        Params ps = ProjectParams(p);
        ps.Int("updated_at", OrNow(p.updated_at)).Int("id", p.id).Int("expected", expected_version);
        return C().Exec(sql::kUpdateProject, ps) == 1;
    }
    void DeleteProject(int64_t id) override { C().Exec(sql::kDeleteProject, Params().Int("id", id)); }
    void UpsertNode(int64_t project_id, const NodeEntry& e) override {
        C().Exec(sql::kUpsertNode, Params()
                                       .Int("project_id", project_id)
                                       .Text("node", Str(NodeKey(e.node)))
                                       .OptDate("planned_date", e.planned)
                                       .OptDate("actual_date", e.actual)
                                       .Text("note", e.note));
    }
    int64_t ReserveProjectSeqs(int year, int64_t n) override {
        C().Exec(sql::kReserveProjectSeqs, Params().Int("year", year).Int("n", n));
        return C().ScalarInt(sql::kGetProjectSeq, Params().Int("year", year)) - n + 1;
    }
    void InsertProjects(std::vector<Project>& projects) override {
        // Many rows per statement (MultiRowInsert): the projects first, their ids read back by code,
        // then the nodes of those that have any.
        std::unordered_map<std::string_view, Project*> by_code;
        by_code.reserve(projects.size());
        MultiRowInsert project(C(), sql::kInsertProject, 100, "id, code");
        project.on_row = [&](const RawStatement& st) {
            const auto it = by_code.find(st.Text(1));
            if (it == by_code.end()) throw std::runtime_error("store: an inserted project came back with another code");
            it->second->id = st.Int(0);
        };
        for (Project& p : projects) {
            if (!by_code.emplace(p.code, &p).second) throw UniqueViolation("projects.code");
            Params ps = ProjectParams(p);
            const int64_t created = OrNow(p.created_at);
            ps.Int("created_at", created).Int("updated_at", p.updated_at != 0 ? p.updated_at : created);
            project.Add(ps);
        }
        project.Flush();
        MultiRowInsert node(C(), sql::kUpsertNode, 200);
        for (const Project& p : projects) {
            for (const NodeEntry& e : p.nodes) {
                if (!NodeHasData(e)) continue;
                node.Add(Params()
                             .Int("project_id", p.id)
                             .Text("node", Str(NodeKey(e.node)))
                             .OptDate("planned_date", e.planned)
                             .OptDate("actual_date", e.actual)
                             .Text("note", e.note));
            }
        }
        node.Flush();
    }
    int64_t NextProjectSeq(int year) override {
        C().Exec(sql::kBumpProjectSeq, Params().Int("year", year));
        return C().ScalarInt(sql::kGetProjectSeq, Params().Int("year", year));
    }

    // --- problems
    std::vector<Problem> ListProblems(int64_t project_id) override {
        return SelectAll<Problem>(C(), sql::kListProblems, Params().Int("project_id", project_id), 11, RowToProblem);
    }
    std::optional<Problem> GetProblem(int64_t id) override {
        return SelectOne<Problem>(C(), sql::kGetProblem, Params().Int("id", id), 11, RowToProblem);
    }
    int64_t InsertProblem(const Problem& p) override {
        Params ps = ProblemParams(p);
        const int64_t created = OrNow(p.created_at);
        ps.Int("project_id", p.project_id)
            .Int("created_at", created)
            .Int("updated_at", p.updated_at != 0 ? p.updated_at : created);
        C().Exec(sql::kInsertProblem, ps);
        return C().LastInsertId();
    }
    bool UpdateProblem(const Problem& p, int64_t expected_version) override {
        Params ps = ProblemParams(p);
        ps.Int("updated_at", OrNow(p.updated_at)).Int("id", p.id).Int("expected", expected_version);
        return C().Exec(sql::kUpdateProblem, ps) == 1;
    }
    void DeleteProblem(int64_t id) override { C().Exec(sql::kDeleteProblem, Params().Int("id", id)); }

    // --- projects in bulk, for reports
    void LoadLedgers(std::vector<Project>& projects) override {
        if (projects.empty()) return;
        // Positions sorted by id: the node rows come in project order and merge in one pass (a project
        // listed twice gets the same rows twice).
        std::vector<std::pair<int64_t, size_t>> order;
        order.reserve(projects.size());
        std::vector<int64_t> ids;
        ids.reserve(projects.size());
        for (size_t i = 0; i < projects.size(); ++i) {
            projects[i].nodes = EmptyLedger();
            order.emplace_back(projects[i].id, i);
        }
        std::sort(order.begin(), order.end());
        for (const auto& [id, at] : order) {
            if (ids.empty() || ids.back() != id) ids.push_back(id);
        }
        // Rows of projects not asked for (a full scan) are skipped by the merge below.
        const bool scan_all = ids.size() * 2 >= static_cast<size_t>(C().ScalarInt(sql::kSnapshotProjectCount));
        RawStatement st(C(), scan_all ? sql::kAllLedgers : sql::kLedgersOf);
        if (!scan_all) st.Bind(Params().Text("ids", IdsJson(ids)));
        size_t at = 0;
        while (st.Step()) {
            const int64_t id = st.Int(0);
            while (at < order.size() && order[at].first < id) ++at;
            const int node = NodeIndex(Must(ParseNode(st.Text(1)), "node"));
            const std::optional<Date> planned = RawDate(st, 2);
            const std::optional<Date> actual = RawDate(st, 3);
            for (size_t j = at; j < order.size() && order[j].first == id; ++j) {
                NodeEntry& e = projects[order[j].second].nodes[node];
                e.planned = planned;
                e.actual = actual;
                e.note = st.Text(4);
            }
        }
    }
    std::vector<Problem> ListProblemsOf(const std::vector<int64_t>& project_ids) override {
        if (project_ids.empty()) return {};
        return SelectAll<Problem>(C(), sql::kListProblemsOf, Params().Text("ids", IdsJson(project_ids)), 11,
                                  RowToProblem);
    }

    // --- activities
    PageOf<Activity> ListActivities(const ActivityFilter& f, const Page& p) override {
        std::vector<const char*> where;
        Params ps;
        if (f.unit_id) {
            where.push_back(sql::kActivityWhereUnit);
            ps.Int("unit_id", *f.unit_id);
        }
        if (f.kind) {
            where.push_back(sql::kActivityWhereKind);
            ps.Text("kind", Str(ActivityKindKey(*f.kind)));
        }
        if (f.from) {
            where.push_back(sql::kActivityWhereFrom);
            ps.Text("from", f.from->ToString());
        }
        if (f.to) {
            where.push_back(sql::kActivityWhereTo);
            ps.Text("to", f.to->ToString());
        }
        if (!f.q.empty()) {
            where.push_back(sql::kActivityWhereQ);
            ps.Text("q", f.q);
        }
        const std::string cond = JoinAnd(where, sql::kActivityWhereAll);
        PageOf<Activity> out;
        out.total = C().ScalarInt(sql::kActivityCount + cond, ps);
        if (out.total == 0 || p.limit == 0 || p.offset >= out.total) return out;

        const std::string order = " ORDER BY " + OrderBy(f.sort, sql::kActivitySort, sql::kActivityTiebreak, "-date");
        AddPage(ps, p);
        const std::string query = sql::kActivityColumns + std::string(sql::kActivityPageOpen) + cond + order +
                                  sql::kActivityPageClose + order;
        out.items = SelectAll<Activity>(C(), query, ps, kActivityColumnCount, RowToActivity);
        return out;
    }
    std::optional<Activity> GetActivity(int64_t id) override {
        static const std::string kQuery =
            std::string(sql::kActivityColumns) + sql::kActivityFrom + sql::kActivityWhereId;
        return SelectOne<Activity>(C(), kQuery, Params().Int("id", id), kActivityColumnCount, RowToActivity);
    }
    int64_t InsertActivity(const Activity& a) override {
        Params ps = ActivityParams(a);
        const int64_t created = OrNow(a.created_at);
        ps.Int("created_by", a.created_by)
            .Int("created_at", created)
            .Int("updated_at", a.updated_at != 0 ? a.updated_at : created);
        C().Exec(sql::kInsertActivity, ps);
        return C().LastInsertId();
    }
    bool UpdateActivity(const Activity& a, int64_t expected_version) override {
        Params ps = ActivityParams(a);
        ps.Int("updated_at", OrNow(a.updated_at)).Int("id", a.id).Int("expected", expected_version);
        return C().Exec(sql::kUpdateActivity, ps) == 1;
    }
    void DeleteActivity(int64_t id) override { C().Exec(sql::kDeleteActivity, Params().Int("id", id)); }
    std::vector<std::pair<int64_t, std::string>> ListActivityLeads(int64_t activity_id) override {
        return SelectAll<std::pair<int64_t, std::string>>(
            C(), sql::kListActivityLeads, Params().Int("activity_id", activity_id), 2,
            [](const Row& r) { return std::pair<int64_t, std::string>(r.Int(0), r.Text(1)); });
    }

    // --- weekly reports
    std::optional<WeeklyReport> GetWeeklyReport(int64_t unit_id, int year, int week) override {
        return SelectOne<WeeklyReport>(C(), sql::kGetWeeklyReport,
                                       Params().Int("unit_id", unit_id).Int("year", year).Int("week", week), 10,
                                       RowToWeeklyReport);
    }
    std::vector<WeeklyReport> ListWeeklyReports(int year, int week) override {
        return SelectAll<WeeklyReport>(C(), sql::kListWeeklyReports, Params().Int("year", year).Int("week", week), 10,
                                       RowToWeeklyReport);
    }
    bool UpsertWeeklyReport(const WeeklyReport& w, int64_t expected_version) override {
        Params ps;
        ps.Int("unit_id", w.unit_id)
            .Int("year", w.year)
            .Int("week", w.week)
            .Text("progress", w.progress)
            .Text("problems", w.problems)
            .Bool("submitted", w.submitted)
            .OptInt("submitted_at", ZeroAsNull(w.submitted_at))
            .OptInt("submitted_by", ZeroAsNull(w.submitted_by))
            .Int("updated_at", OrNow(w.updated_at));
        if (expected_version == 0) return C().Exec(sql::kInsertWeeklyReport, ps) == 1;
        ps.Int("expected", expected_version);
        return C().Exec(sql::kUpdateWeeklyReport, ps) == 1;
    }

    // --- reports
    std::optional<ReportDraft> GetReportDraft(const ReportKey& k) override {
        return SelectOne<ReportDraft>(C(), sql::kGetReportDraft, ReportKeyParams(k), 8, RowToReportDraft);
    }
    bool UpsertReportDraft(const ReportDraft& d, int64_t expected_version) override {
        Params ps = ReportKeyParams(d.key);
        ps.Text("edits_json", EditsOrEmpty(d.edits_json))
            .Int("updated_by", d.updated_by)
            .Int("updated_at", OrNow(d.updated_at));
        if (expected_version == 0) return C().Exec(sql::kInsertReportDraft, ps) == 1;
        ps.Int("expected", expected_version);
        return C().Exec(sql::kUpdateReportDraft, ps) == 1;
    }
    int64_t InsertPublishedReport(const PublishedReport& r) override {
        Params ps = ReportKeyParams(r.key);
        ps.Int("version_no", r.version_no)
            .Text("title", r.title)
            .Text("note", r.note)
            .Text("docx_sha256", r.docx_sha256)
            .Text("xlsx_sha256", r.xlsx_sha256)
            .Text("html_sha256", r.html_sha256)
            .Int("published_by", r.published_by)
            .Int("published_at", OrNow(r.published_at))
            .Text("edits_json", EditsOrEmpty(r.edits_json))
            .Text("document_json", r.document_json);
        return C().Guarded([&] {
            RawStatement st(C(), sql::kInsertPublishedReport);
            st.Bind(ps);
            st.BindBlob("docx", r.docx);
            st.BindBlob("xlsx", r.xlsx);
            st.BindBlob("html", r.html);
            st.Step();
            return C().LastInsertId();
        });
    }
    std::vector<PublishedReport> ListPublishedReports(const std::string& type, int year) override {
        RawStatement st(C(), sql::kListPublishedReports);
        st.Bind(Params().Text("type", type).Int("year", year));
        std::vector<PublishedReport> out;
        while (st.Step()) out.push_back(RowToPublishedReport(st, false));
        return out;
    }
    std::optional<PublishedReport> GetPublishedReport(int64_t id, bool with_bytes) override {
        RawStatement st(C(), with_bytes ? sql::kGetPublishedReportWithFiles : sql::kGetPublishedReport);
        st.Bind(Params().Int("id", id));
        if (!st.Step()) return std::nullopt;
        return RowToPublishedReport(st, with_bytes);
    }
    int MaxReportVersion(const ReportKey& k) override {
        return static_cast<int>(C().ScalarInt(sql::kMaxReportVersion, ReportKeyParams(k)));
    }

    // --- imports
    int64_t InsertImport(const ImportRecord& r) override {
        Params ps;
        ps.Text("kind", r.kind)
            .OptInt("unit_id", r.unit_id)
            .Text("params_json", r.params_json)
            .Text("file_name", r.file_name)
            .Int("file_size", r.file_size)
            .Text("file_sha256", r.file_sha256)
            .Text("state", r.state)
            .Text("message", r.message)
            .Text("mapping_json", r.mapping_json)
            .Text("summary_json", r.summary_json)
            .Text("preview_json", r.preview_json)
            .Text("result_json", r.result_json)
            .Int("created_by", r.created_by)
            .Int("created_at", OrNow(r.created_at));
        return C().Guarded([&] {
            RawStatement st(C(), sql::kInsertImport);
            st.Bind(ps);
            st.BindBlob("file_bytes", r.file_bytes);
            st.Step();
            return C().LastInsertId();
        });
    }
    std::optional<ImportRecord> GetImport(int64_t id, bool with_detail) override {
        RawStatement st(C(), with_detail ? sql::kGetImportDetail : sql::kGetImport);
        st.Bind(Params().Int("id", id));
        if (!st.Step()) return std::nullopt;
        return RowToImport(st, with_detail);
    }
    bool UpdateImport(const ImportRecord& r, int64_t expected_version) override {
        Params ps;
        ps.Text("state", r.state)
            .Text("message", r.message)
            .Text("mapping_json", r.mapping_json)
            .Text("summary_json", r.summary_json)
            .Text("preview_json", r.preview_json)
            .Text("result_json", r.result_json)
            .Int("committed_at", r.committed_at)
            .Int("id", r.id)
            .Int("expected", expected_version);
        return C().Exec(sql::kUpdateImport, ps) == 1;
    }
    std::vector<ImportRecord> ListStaleImports(int64_t created_before) override {
        RawStatement st(C(), sql::kListStaleImports);
        st.Bind(Params().Int("before", created_before));
        std::vector<ImportRecord> out;
        while (st.Step()) out.push_back(RowToImport(st, false));
        return out;
    }
    void DropImportFile(int64_t id) override {
        RawStatement st(C(), sql::kDropImportFile);
        st.Bind(Params().Int("id", id));
        st.BindBlob("file_bytes", std::string());
        st.Step();
    }
    PageOf<ImportRecord> ListImports(const std::string& kind, std::optional<int64_t> unit_id, const Page& p) override {
        Params ps;
        ps.Text("kind", kind).Int("unit_id", unit_id.value_or(0));
        PageOf<ImportRecord> out;
        out.total = C().ScalarInt(sql::kCountImports, ps);
        ps.Int("limit", p.limit).Int("offset", p.offset);
        RawStatement st(C(), sql::kListImports);
        st.Bind(ps);
        while (st.Step()) out.items.push_back(RowToImport(st, false));
        return out;
    }
    std::optional<std::string> GetImportMapping(int64_t unit_id, const std::string& kind) override {
        return SelectOne<std::string>(C(), sql::kGetImportMapping, Params().Int("unit_id", unit_id).Text("kind", kind), 1,
                                      [](const Row& r) { return r.Text(0); });
    }
    void SetImportMapping(int64_t unit_id, const std::string& kind, const std::string& mapping_json,
                          int64_t updated_by) override {
        C().Exec(sql::kSetImportMapping, Params()
                                             .Int("unit_id", unit_id)
                                             .Text("kind", kind)
                                             .Text("mapping_json", mapping_json)
                                             .Int("updated_by", updated_by)
                                             .Int("updated_at", NowUnix()));
    }

    // --- evidence files
    std::vector<EvidenceFile> ListFiles(int64_t project_id) override {
        return SelectAll<EvidenceFile>(C(), sql::kListFiles, Params().Int("project_id", project_id), 11, RowToFile);
    }
    std::optional<EvidenceFile> GetFile(int64_t id) override {
        return SelectOne<EvidenceFile>(C(), sql::kGetFile, Params().Int("id", id), 11, RowToFile);
    }
    int64_t InsertFile(const EvidenceFile& f) override {
        C().Exec(sql::kInsertFile, Params()
                                       .Int("project_id", f.project_id)
                                       .Text("node", Str(NodeKey(f.node)))
                                       .Text("kind", f.kind)
                                       .Text("name", f.name)
                                       .Text("content_type", f.content_type)
                                       .Int("size", f.size)
                                       .Text("storage_name", f.storage_name)
                                       .Text("sha256", f.sha256)
                                       .Int("uploaded_by", f.uploaded_by)
                                       .Int("uploaded_at", OrNow(f.uploaded_at)));
        return C().LastInsertId();
    }
    void DeleteFile(int64_t id) override { C().Exec(sql::kDeleteFile, Params().Int("id", id)); }

    // --- monthly figures
    std::vector<MonthlyFigure> ListCurrentFigures(int64_t unit_id, int year, int month) override {
        return SelectAll<MonthlyFigure>(C(), sql::kListCurrentFigures,
                                        Params().Int("unit_id", unit_id).Int("year", year).Int("month", month), 12,
                                        RowToFigure);
    }
    std::vector<MonthlyFigure> ListFigureHistory(int64_t project_id, int year, int month) override {
        return SelectAll<MonthlyFigure>(C(), sql::kListFigureHistory,
                                        Params().Int("project_id", project_id).Int("year", year).Int("month", month),
                                        12, RowToFigure);
    }
    void UpsertFigureDraft(const MonthlyFigure& f) override { C().Exec(sql::kUpsertFigureDraft, FigureParams(f)); }
    int InsertFigureRevision(const MonthlyFigure& f) override {
        Params ps = FigureParams(f);
        const auto revision = static_cast<int>(C().ScalarInt(sql::kNextFigureRevision, ps));
        ps.Int("revision", revision).Text("reason", f.reason);
        C().Exec(sql::kInsertFigure, ps);
        return revision;
    }

    // --- monthly submissions
    std::optional<MonthlySubmission> GetSubmission(int64_t unit_id, int year, int month) override {
        return SelectOne<MonthlySubmission>(C(), sql::kGetSubmission,
                                            Params().Int("unit_id", unit_id).Int("year", year).Int("month", month), 11,
                                            RowToSubmission);
    }
    std::vector<MonthlySubmission> ListSubmissions(int year, int month) override {
        return SelectAll<MonthlySubmission>(C(), sql::kListSubmissions, Params().Int("year", year).Int("month", month),
                                            11, RowToSubmission);
    }
    bool UpsertSubmission(const MonthlySubmission& s, int64_t expected_version) override {
        Params ps = SubmissionParams(s);
        if (expected_version == 0) return C().Exec(sql::kInsertSubmission, ps) == 1;
        ps.Int("expected", expected_version);
        return C().Exec(sql::kUpdateSubmission, ps) == 1;
    }

    // --- targets
    std::vector<Target> ListTargets(int year) override {
        return SelectAll<Target>(C(), sql::kListTargets, Params().Int("year", year), 6, RowToTarget);
    }
    bool UpsertTarget(const Target& t, int64_t expected_version) override {
        Params ps;
        ps.Int("year", t.year)
            .Text("indicator", t.indicator)
            .Int("scope_unit_id", t.scope_unit_id)
            .Int("value", t.value)
            .Int("updated_at", OrNow(t.updated_at));
        if (expected_version == 0) return C().Exec(sql::kInsertTarget, ps) == 1;
        ps.Int("expected", expected_version);
        return C().Exec(sql::kUpdateTarget, ps) == 1;
    }
    bool DeleteTarget(int year, const std::string& indicator, int64_t scope_unit_id) override {
        return C().Exec(sql::kDeleteTarget,
                        Params().Int("year", year).Text("indicator", indicator).Int("scope_unit_id", scope_unit_id)) ==
               1;
    }

    // --- indicator settings
    std::optional<IndicatorSettingsRow> GetIndicatorSettings(int year) override {
        return SelectOne<IndicatorSettingsRow>(C(), sql::kGetIndicatorSettings, Params().Int("year", year), 4,
                                               RowToIndicatorSettings);
    }
    bool SetIndicatorSettings(const IndicatorSettingsRow& s, int64_t expected_version) override {
        Params ps;
        ps.Int("year", s.year).Text("settings_json", s.settings_json).Int("updated_at", OrNow(s.updated_at));
        if (expected_version == 0) return C().Exec(sql::kInsertIndicatorSettings, ps) == 1;
        ps.Int("expected", expected_version);
        return C().Exec(sql::kUpdateIndicatorSettings, ps) == 1;
    }

    // --- engine snapshot
    void LoadSnapshot(EngineSnapshot& out) override { LoadSnapshotOf(nullptr, out); }

    void LoadSnapshotProjects(const std::vector<int64_t>& ids, EngineSnapshot& out) override {
        boost::json::array a;
        a.reserve(ids.size());
        for (int64_t id : ids) a.emplace_back(id);
        const std::string ids_json = boost::json::serialize(a);
        LoadSnapshotOf(&ids_json, out);
    }

    std::vector<int64_t> ChangedProjectsSince(int64_t version) override {
        return SelectAll<int64_t>(C(), sql::kChangedProjectsSince, Params().Int("version", version), 1,
                                  [](const Row& r) { return r.Int(0); });
    }

    // The full snapshot, or with `ids_json` (a JSON array) only those projects' rows.
    void LoadSnapshotOf(const std::string* ids_json, EngineSnapshot& out) {
        out = EngineSnapshot{};
        Conn& c = C();
        out.data_version = c.ScalarInt(sql::kDataVersion);  // also pins this read's snapshot first
        const std::string city_province = GetSetting("city_province_code").value_or("");

        std::unordered_map<int64_t, int32_t> unit_index;
        {
            RawStatement st(c, sql::kSnapshotUnits);
            while (st.Step()) {
                unit_index.emplace(st.Int(0), static_cast<int32_t>(out.unit_id.size()));
                out.unit_id.push_back(st.Int(0));
                out.unit_kind.push_back(SnapshotEnum(ParseUnitKind(st.Text(1)), "unit kind"));
            }
        }

        if (ids_json == nullptr) out.Reserve(static_cast<size_t>(c.ScalarInt(sql::kSnapshotProjectCount)), 0);
        std::unordered_map<std::string, int16_t> emerging_index;
        {
            RawStatement st(c, ids_json != nullptr ? sql::kSnapshotSomeProjects : sql::kSnapshotProjects);
            Params ps;
            ps.Text("province", city_province);
            if (ids_json != nullptr) ps.Text("ids", *ids_json);
            st.Bind(ps);
            while (st.Step()) {
                out.project_id.push_back(st.Int(0));
                const auto unit = unit_index.find(st.Int(1));
                if (unit == unit_index.end()) throw std::runtime_error("store: project without its unit");
                out.project_unit.push_back(unit->second);
                out.category.push_back(SnapshotEnum(ParseCategory(st.Text(2)), "category"));
                out.terminated.push_back(st.Int(3) != 0 ? 1 : 0);
                out.total_investment.push_back(st.Int(4));
                out.out_of_province.push_back(st.Int(5) != 0 ? 1 : 0);
                const std::string_view emerging = st.Text(6);
                int16_t e = -1;
                if (!emerging.empty()) {
                    auto [it, added] = emerging_index.try_emplace(std::string(emerging),
                                                                  static_cast<int16_t>(out.emerging_names.size()));
                    if (added) out.emerging_names.emplace_back(emerging);
                    e = it->second;
                }
                out.emerging.push_back(e);
                out.above_scale_route.push_back(SnapshotEnum(ParseAboveScaleRoute(st.Text(7)), "above-scale route"));
                out.prov_db_status.push_back(SnapshotEnum(ParseProvDbStatus(st.Text(8)), "provincial status"));
                out.prov_db_reported_day.push_back(SnapshotDay(st, 9));
                out.prov_db_confirmed_day.push_back(SnapshotDay(st, 10));
            }
        }
        out.signed_day.assign(out.project_id.size(), kNoDay);
        out.in_stats_day.assign(out.project_id.size(), kNoDay);
        out.producing_day.assign(out.project_id.size(), kNoDay);
        out.above_scale_day.assign(out.project_id.size(), kNoDay);
        {
            RawStatement st(c, ids_json != nullptr ? sql::kSnapshotSomeNodes : sql::kSnapshotNodes);
            if (ids_json != nullptr) st.Bind(Params().Text("ids", *ids_json));
            ProjectCursor at(out.project_id, "node");
            while (st.Step()) {
                const size_t p = at.Find(st.Int(0));
                const std::string_view node = st.Text(1);
                std::vector<int32_t>* column = node == "signed"      ? &out.signed_day
                                               : node == "in_stats"  ? &out.in_stats_day
                                               : node == "producing" ? &out.producing_day
                                                                     : &out.above_scale_day;
                (*column)[p] = SnapshotDay(st, 2);
            }
        }

        // Figures, like nodes, come in project-id order: a forward walk maps ids to indexes.
        {
            RawStatement st(c, ids_json != nullptr ? sql::kSnapshotSomeFigures : sql::kSnapshotFigures);
            if (ids_json != nullptr) st.Bind(Params().Text("ids", *ids_json));
            ProjectCursor at(out.project_id, "monthly figure");
            int64_t last_project = -1;
            int32_t last_month = -1;
            while (st.Step()) {
                const int64_t project = st.Int(0);
                const auto month = static_cast<int32_t>(st.Int(1) * 12 + (st.Int(2) - 1));
                if (project == last_project && month == last_month) {  // a higher revision replaces the row
                    out.fig_funds.pop_back();
                    out.fig_funds_out.pop_back();
                    out.fig_fixed_asset.pop_back();
                    out.fig_output.pop_back();
                    out.fig_tax.pop_back();
                } else {
                    out.fig_project.push_back(static_cast<int32_t>(at.Find(project)));
                    out.fig_month.push_back(month);
                    last_project = project;
                    last_month = month;
                }
                out.fig_funds.push_back(st.Int(3));
                out.fig_funds_out.push_back(st.Int(4));
                out.fig_fixed_asset.push_back(st.Int(5));
                out.fig_output.push_back(st.Int(6));
                out.fig_tax.push_back(st.Int(7));
            }
        }
    }

    // --- audit
    void InsertAudit(const AuditEntry& a) override { InsertAudits({a}); }
    void InsertAudits(const std::vector<AuditEntry>& entries) override {
        MultiRowInsert insert(C(), sql::kInsertAudit, 200);
        for (const AuditEntry& a : entries) {
            insert.Add(Params()
                           .Int("user_id", a.user_id)
                           .Int("at", OrNow(a.at))
                           .Text("entity", a.entity)
                           .Int("entity_id", a.entity_id)
                           .Int("project_id", a.project_id)
                           .Text("action", a.action)
                           .TextOrNull("before_json", a.before_json)
                           .TextOrNull("after_json", a.after_json));
        }
        insert.Flush();
    }
    std::vector<AuditEntry> ListProjectAudit(int64_t project_id) override {
        return SelectAll<AuditEntry>(C(), sql::kListProjectAudit, Params().Int("project_id", project_id), 10,
                                     RowToAudit);
    }
    int64_t CountAudit() override { return C().ScalarInt(sql::kCountAudit); }

private:
    Conn& C() {
        if (done_) throw std::logic_error("store: transaction already committed");
        return lease_.conn();
    }

    std::optional<Project> LoadProject(const std::string& query, const Params& ps) {
        std::optional<Project> p = SelectOne<Project>(C(), query, ps, kProjectColumnCount, RowToProject);
        if (!p) return p;
        C().ForEachRow(sql::kListNodes, Params().Int("project_id", p->id), 4, [&](const Row& r) {
            NodeEntry& e = p->nodes[NodeIndex(Must(ParseNode(r.Text(0)), "node"))];
            e.planned = r.OptDate(1);
            e.actual = r.OptDate(2);
            e.note = r.Text(3);
        });
        return p;
    }

    Lease lease_;
    bool write_;
    bool done_ = false;
    bool keep_data_version_;  // bookkeeping: no business data changed
};

}  // namespace

Lease::Lease(soci::connection_pool& pool, std::vector<std::unique_ptr<Conn>>& conns, int timeout_ms) : pool_(&pool) {
    if (!pool.try_lease(pos_, timeout_ms)) {
        throw std::runtime_error("store: no free database session within " + std::to_string(timeout_ms) + " ms");
    }
    conn_ = conns.at(pos_).get();
    try {
        conn_->Revive();
    } catch (...) {
        pool_->give_back(pos_);
        pool_ = nullptr;
        throw;
    }
}

Lease::~Lease() {
    if (pool_ != nullptr) pool_->give_back(pos_);
}

std::unique_ptr<Tx> BeginTx(Lease lease, TxKind kind) {
    return std::make_unique<SqlTx>(std::move(lease), kind);
}

}  // namespace zs::sqldb
