#include "service/internal.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>

#include "core/money.hpp"
#include "core/uscc.hpp"
#include "service/body.hpp"

namespace zs {
namespace json = boost::json;

int64_t SettingInt(Tx& tx, const std::string& key, int64_t def) {
    auto v = tx.GetSetting(key);
    if (!v) return def;
    int64_t out = def;
    auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
    return ec == std::errc() ? out : def;
}

LifecycleRules LoadRules(Tx& tx) {
    auto rows = tx.ListRules();
    if (rows.empty()) return LifecycleRules::Defaults();
    return LifecycleRules(std::move(rows));
}

ViewContext LoadViewContext(Tx& tx) {
    return ViewContext{LoadRules(tx), tx.GetSetting("city_province_code").value_or("340000"), Date::Today(),
                       static_cast<int>(SettingInt(tx, "stalled_days", 90))};
}

ReadScope ReadScopeOf(const Actor& a) {
    switch (a.role) {
        case Role::kAdmin:
        case Role::kDispatcher:
        case Role::kLeader:
            return ReadScope::kAll;
        case Role::kReporter:
            return ReadScope::kOwnUnit;
        case Role::kReviewer:
            return ReadScope::kNone;  // until pre-review sends projects to reviewers
    }
    return ReadScope::kNone;
}

bool CanReadProject(const Actor& a, const Project& p) {
    switch (ReadScopeOf(a)) {
        case ReadScope::kAll:
            return true;
        case ReadScope::kOwnUnit:
            return a.unit_id && *a.unit_id == p.unit_id;
        case ReadScope::kNone:
            return false;
    }
    return false;
}

void RequireWriter(const Actor& a) {
    if (a.role == Role::kLeader || a.role == Role::kReviewer) {
        throw ApiError(ErrorCode::kForbidden, "当前角色只能查看，不能修改");
    }
}

void RequireAdmin(const Actor& a) {
    if (a.role != Role::kAdmin) throw ApiError(ErrorCode::kForbidden, "仅系统管理员可以进行此操作");
}

void RequireStaff(const Actor& a) {
    if (a.role != Role::kAdmin && a.role != Role::kDispatcher) {
        throw ApiError(ErrorCode::kForbidden, "仅招商中心可以进行此操作");
    }
}

Date FiguresDeadline(Tx& tx, int year, int month) {
    int day = static_cast<int>(std::clamp<int64_t>(SettingInt(tx, "figures_deadline_day", 5), 1, 28));
    return month == 12 ? *Date::FromYmd(year + 1, 1, day) : *Date::FromYmd(year, month + 1, day);
}

std::set<int64_t> LateUnits(Tx& tx, int year, int month, Date today) {
    std::set<int64_t> late;
    if (!(today > FiguresDeadline(tx, year, month))) return late;
    for (const auto& u : tx.ListUnits()) {
        auto s = tx.GetSubmission(u.id, year, month);
        if (!s || s->state == SubmissionState::kDraft) late.insert(u.id);
    }
    return late;
}

MonthKey ReadMonth(const Query& q) {
    auto year = QueryInt(q, "year", 1901, 2999);
    auto month = QueryInt(q, "month", 1, 12);
    if (!year) throw ApiError(ErrorCode::kBadRequest, "缺少参数 year", "year");
    if (!month) throw ApiError(ErrorCode::kBadRequest, "缺少参数 month", "month");
    return {static_cast<int>(*year), static_cast<int>(*month)};
}

std::optional<int64_t> ResolveFiguresUnit(Tx& tx, const Actor& a, std::optional<int64_t> requested, bool required) {
    if (ReadScopeOf(a) == ReadScope::kNone) throw ApiError(ErrorCode::kForbidden, "当前角色无权查看月度数据");
    if (ReadScopeOf(a) == ReadScope::kOwnUnit) {
        if (requested && requested != a.unit_id) throw ApiError(ErrorCode::kNotFound, "单位不存在");
        return a.unit_id.value_or(0);
    }
    if (!requested) {
        if (required) throw ApiError(ErrorCode::kBadRequest, "缺少参数 unit_id", "unit_id");
        return std::nullopt;
    }
    if (!tx.GetUnit(*requested)) throw ApiError(ErrorCode::kNotFound, "单位不存在");
    return *requested;
}

Project LoadProject(Tx& tx, const Actor& a, int64_t id, bool for_write, Date today) {
    auto p = tx.GetProject(id, today);
    if (!p || !CanReadProject(a, *p)) throw ApiError(ErrorCode::kNotFound, "项目不存在");
    if (for_write) RequireWriter(a);
    return std::move(*p);
}

std::vector<std::string> Permissions(Role r) {
    switch (r) {
        case Role::kAdmin:
            return {"project.read",  "project.write",  "investor.read",  "investor.write", "user.admin",
                    "unit.admin",    "rules.admin",    "activity.read",  "activity.write", "weekly.read",
                    "weekly.write",  "report.read",    "report.compose", "report.publish", "import.write"};
        case Role::kDispatcher:
            return {"project.read",  "project.write",  "investor.read", "investor.write", "activity.read",
                    "activity.write", "weekly.read",   "weekly.write",  "report.read",    "report.compose",
                    "report.publish", "import.write"};
        case Role::kReporter:
            return {"project.read", "project.write", "investor.read", "investor.write", "activity.read",
                    "activity.write", "weekly.read", "weekly.write", "report.compose", "import.write"};
        case Role::kLeader:
            return {"project.read", "investor.read", "activity.read", "weekly.read", "report.read"};
        case Role::kReviewer:
            return {"project.read"};
    }
    return {};
}

json::value DateJson(const std::optional<Date>& d) {
    if (!d) return nullptr;
    return json::string(d->ToString());
}

json::object ListJson(json::array items, int64_t total) {
    json::object o;
    o["items"] = std::move(items);
    o["total"] = total;
    return o;
}

namespace {
json::value OptId(const std::optional<int64_t>& v) {
    if (!v) return nullptr;
    return *v;
}
json::value OptStr(const std::string& s) {
    if (s.empty()) return nullptr;
    return json::string(s);
}
json::value StringArrayJson(const std::vector<std::string>& v) {
    json::array a;
    for (const auto& s : v) a.emplace_back(s);
    return a;
}
// 亩 as a JSON number with at most 2 decimals: 1250 hundredths → 12.5.
json::value MuJson(int64_t hundredths) {
    if (hundredths % 100 == 0) return hundredths / 100;
    return static_cast<double>(hundredths) / 100.0;
}
}  // namespace

json::object UserJson(const User& u, const std::string& unit_name) {
    json::object o;
    o["id"] = u.id;
    o["username"] = u.username;
    o["display_name"] = u.display_name;
    o["role"] = RoleKey(u.role);
    o["unit_id"] = OptId(u.unit_id);
    o["unit_name"] = u.unit_id ? json::value(json::string(unit_name)) : json::value(nullptr);
    o["disabled"] = u.disabled;
    json::array perms;
    for (auto& p : Permissions(u.role)) perms.emplace_back(p);
    o["permissions"] = std::move(perms);
    o["version"] = u.version;
    return o;
}

json::object UnitJson(const Unit& u) {
    return {{"id", u.id},
            {"code", u.code},
            {"name", u.name},
            {"kind", UnitKindKey(u.kind)},
            {"sort_order", u.sort_order},
            {"version", u.version}};
}

json::object InvestorJson(const Investor& i, const std::string& city_province_code) {
    json::object o;
    o["id"] = i.id;
    o["name"] = i.name;
    o["uscc"] = i.uscc;
    o["province_code"] = i.province_code;
    o["province_name"] = i.province_name;
    o["city_code"] = OptStr(i.city_code);
    o["city_name"] = OptStr(i.city_name);
    o["tags"] = StringArrayJson(i.tags);
    o["out_of_province"] = i.province_code != city_province_code;
    o["created_by_unit_id"] = OptId(i.created_by_unit_id);
    o["version"] = i.version;
    o["warnings"] = StringArrayJson(CheckUscc(i.uscc).warnings);
    return o;
}

json::object NodeJson(const NodeEntry& e, bool applies, Date today) {
    return {{"node", NodeKey(e.node)},           {"applies", applies}, {"planned_date", DateJson(e.planned)},
            {"actual_date", DateJson(e.actual)}, {"note", e.note},     {"overdue", applies && IsOverdue(e, today)}};
}

json::object ProjectJson(const Project& p, const ViewContext& ctx, bool with_nodes) {
    json::object o;
    o["id"] = p.id;
    o["code"] = p.code;
    o["name"] = p.name;
    o["investor_id"] = OptId(p.investor_id);
    o["investor_name"] = OptStr(p.investor_name);
    o["unit_id"] = p.unit_id;
    o["unit_name"] = p.unit_name;
    o["chain_id"] = OptId(p.chain_id);
    o["chain_name"] = OptStr(p.chain_name);
    o["industry_code"] = OptStr(p.industry_code);
    o["industry_name"] = OptStr(p.industry_name);
    o["category"] = CategoryKey(p.category);
    o["emerging_industry"] = OptStr(p.emerging_industry);
    o["total_investment"] = p.total_investment;
    o["fixed_asset_investment"] = p.fixed_asset_investment;
    o["land_area_mu"] = MuJson(p.land_mu_hundredths);
    o["leader_in_charge"] = p.leader_in_charge;
    o["referrer"] = p.referrer;
    o["introducing_unit"] = p.introducing_unit;
    o["first_introducer"] = p.first_introducer;
    o["is_key"] = p.is_key;
    o["activity_id"] = p.activity_id ? json::value(*p.activity_id) : json::value(nullptr);
    o["terminated"] = p.terminated;
    o["termination_reason"] = p.termination_reason;
    if (p.investor_id && !p.investor_province_code.empty()) {
        o["out_of_province"] = p.investor_province_code != ctx.city_province_code;
    } else {
        o["out_of_province"] = nullptr;
    }
    o["stage"] = p.stage ? json::value(json::string(NodeKey(*p.stage))) : json::value(nullptr);
    o["signed_date"] = DateJson(p.signed_date);
    o["prov_db_status"] = ProvDbStatusKey(p.prov_db_status);
    o["prov_db_reported_date"] = DateJson(p.prov_db_reported_date);
    o["prov_db_confirmed_date"] = DateJson(p.prov_db_confirmed_date);
    o["above_scale_route"] = OptStr(std::string(AboveScaleRouteKey(p.above_scale_route)));
    o["open_problems"] = p.open_problems;
    o["version"] = p.version;
    o["created_at"] = FormatUtc(p.created_at);
    o["updated_at"] = FormatUtc(p.updated_at);
    if (with_nodes) {
        // Single objects carry the ledger, so status and overdue come from it directly.
        Date created = LocalDateOfUnix(p.created_at);
        o["status"] =
            StatusKey(DeriveStatus(ctx.rules, p.category, p.nodes, p.terminated, created, ctx.today, ctx.stalled_days));
        o["overdue_nodes"] = CountOverdue(ctx.rules, p.category, p.nodes, ctx.today);
        json::array nodes;
        for (const auto& e : p.nodes) {
            nodes.push_back(NodeJson(e, ctx.rules.Rule(p.category, e.node).applies, ctx.today));
        }
        o["nodes"] = std::move(nodes);
    } else {
        // List rows carry the counts the store computed; the status follows the same rule.
        Date since = p.last_progress.value_or(LocalDateOfUnix(p.created_at));
        o["status"] =
            StatusKey(StatusFromSummary(p.terminated, p.stage, p.overdue_nodes, since, ctx.today, ctx.stalled_days));
        o["overdue_nodes"] = p.overdue_nodes;
    }
    return o;
}

json::object ProjectDetailJson(Tx& tx, const Project& p, const ViewContext& ctx) {
    json::object o = ProjectJson(p, ctx, true);
    std::map<Node, std::set<std::string>> present;
    for (const auto& f : tx.ListFiles(p.id)) present[f.node].insert(f.kind);
    json::array& nodes = o["nodes"].as_array();
    for (std::size_t i = 0; i < nodes.size() && i < p.nodes.size(); ++i) {
        const NodeEntry& e = p.nodes[i];
        const NodeRule& rule = ctx.rules.Rule(p.category, e.node);
        json::array missing;
        if (rule.applies && e.actual) {
            for (const std::string& kind : rule.required_evidence) {
                if (present[e.node].count(kind) == 0) missing.push_back(json::string(kind));
            }
        }
        nodes[i].as_object()["missing_evidence"] = std::move(missing);
    }
    return o;
}

json::object ProblemJson(const Problem& p, Date today) {
    bool overdue = p.status == "open" && p.deadline && *p.deadline < today;
    return {{"id", p.id},
            {"project_id", p.project_id},
            {"category", p.category},
            {"description", p.description},
            {"department", p.department},
            {"deadline", DateJson(p.deadline)},
            {"status", p.status},
            {"resolution", p.resolution},
            {"overdue", overdue},
            {"version", p.version},
            {"created_at", FormatUtc(p.created_at)}};
}

json::object FileJson(const EvidenceFile& f) {
    return {{"id", f.id},
            {"project_id", f.project_id},
            {"node", NodeKey(f.node)},
            {"kind", f.kind},
            {"name", f.name},
            {"content_type", f.content_type},
            {"size", f.size},
            {"sha256", f.sha256},
            {"uploaded_by", f.uploaded_by},
            {"uploaded_at", FormatUtc(f.uploaded_at)}};
}

json::object RuleJson(const NodeRule& r) {
    json::array after;
    for (Node n : r.after) after.emplace_back(NodeKey(n));
    return {{"category", CategoryKey(r.category)},
            {"node", NodeKey(r.node)},
            {"applies", r.applies},
            {"required_fields", StringArrayJson(r.required_fields)},
            {"required_evidence", StringArrayJson(r.required_evidence)},
            {"after", std::move(after)},
            {"standard_days", r.standard_days}};
}

void Audit(Tx& tx, const Actor& a, std::string entity, int64_t entity_id, int64_t project_id, std::string action,
           const json::value& before, const json::value& after) {
    tx.InsertAudit(AuditOf(a, std::move(entity), entity_id, project_id, std::move(action), before, after));
}

AuditEntry AuditOf(const Actor& a, std::string entity, int64_t entity_id, int64_t project_id, std::string action,
                   const json::value& before, const json::value& after) {
    AuditEntry e;
    e.user_id = a.user_id;
    e.at = NowUnix();
    e.entity = std::move(entity);
    e.entity_id = entity_id;
    e.project_id = project_id;
    e.action = std::move(action);
    e.before_json = before.is_null() ? "" : json::serialize(before);
    e.after_json = after.is_null() ? "" : json::serialize(after);
    return e;
}

void ThrowStale(const json::object& current) {
    Error e = MakeError(ErrorCode::kConflict, "数据已被他人修改，请刷新后重试", "version");
    e.current_json = json::serialize(current);
    throw ApiError(std::move(e));
}

int ReadYear(const Query& q) {
    auto y = QueryInt(q, "year", 1901, 2999);
    if (!y) throw ApiError(ErrorCode::kBadRequest, "缺少参数 year", "year");
    return static_cast<int>(*y);
}

Date LastDayOfMonth(int year, int month) {
    const Date first_of_next = month == 12 ? *Date::FromYmd(year + 1, 1, 1) : *Date::FromYmd(year, month + 1, 1);
    return first_of_next.AddDays(-1);
}

std::pair<IndicatorSettings, int64_t> LoadSettings(Tx& tx, int year) {
    auto row = tx.GetIndicatorSettings(year);
    if (!row) return {IndicatorSettings::Defaults(year), 0};
    auto parsed = IndicatorSettings::FromJson(json::parse(row->settings_json));
    if (!parsed) throw std::runtime_error("stored indicator settings do not parse for year " + std::to_string(year));
    return {std::move(parsed.value()), row->version};
}

TargetTable LoadTargets(Tx& tx, int year) {
    TargetTable t;
    for (const auto& row : tx.ListTargets(year)) t.Set(row.indicator, row.scope_unit_id, row.value);
    return t;
}

json::value TimeJson(int64_t unix_seconds) {
    if (unix_seconds == 0) return nullptr;
    return json::string(FormatUtc(unix_seconds));
}
json::value UserIdJson(int64_t id) {
    if (id == 0) return nullptr;
    return id;
}

json::value UserNameJson(Tx& tx, int64_t id) {
    if (id == 0) return nullptr;
    auto u = tx.GetUser(id);
    return u ? json::value(json::string(u->display_name)) : json::value(nullptr);
}

}  // namespace zs
