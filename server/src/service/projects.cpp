// Use cases: projects, their node ledger, reverse scheduling, history and problems.
#include <algorithm>
#include <cstdio>

#include "service/app.hpp"
#include "service/body.hpp"
#include "service/internal.hpp"

namespace zs {
namespace json = boost::json;

namespace {

// The editable fields of a project (docs/api.md); an update also carries `version`.
const std::vector<std::string_view> kProjectFields = {"code",
                                                      "name",
                                                      "investor_id",
                                                      "unit_id",
                                                      "chain_id",
                                                      "industry_code",
                                                      "category",
                                                      "emerging_industry",
                                                      "total_investment",
                                                      "fixed_asset_investment",
                                                      "land_area_mu",
                                                      "leader_in_charge",
                                                      "referrer",
                                                      "introducing_unit",
                                                      "first_introducer",
                                                      "is_key",
                                                      "activity_id",
                                                      "terminated",
                                                      "termination_reason",
                                                      "prov_db_status",
                                                      "prov_db_reported_date",
                                                      "prov_db_confirmed_date",
                                                      "above_scale_route"};

std::vector<std::string_view> WithVersion(std::vector<std::string_view> fields) {
    fields.push_back("version");
    return fields;
}

void CheckCode(const std::string& code) {
    for (char c : code) {
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        if (!ok) throw ApiError(ErrorCode::kUnprocessable, "项目编号只能包含字母、数字、- 和 _", "code");
    }
}

}  // namespace

void ReadProject(ProjectLookups& tx, const Actor& a, const Body& b, Project& p, bool create) {
    if (b.Has("code")) {
        p.code = b.String("code", false, 32);
        CheckCode(p.code);
    }
    if (create || b.Has("name")) p.name = b.String("name", true, 100);
    if (create || b.Has("unit_id")) {
        p.unit_id = b.Int("unit_id", true, 1, INT64_MAX);
        if (!tx.UnitExists(p.unit_id)) throw ApiError(ErrorCode::kUnprocessable, "责任单位不存在", "unit_id");
        if (a.role == Role::kReporter && a.unit_id != p.unit_id) {
            throw ApiError(ErrorCode::kForbidden, "只能登记本单位的项目", "unit_id");
        }
    }
    if (create || b.Has("category")) {
        auto c = ParseCategory(b.String("category", true, 16));
        if (!c) throw ApiError(ErrorCode::kUnprocessable, "项目类别无效", "category");
        p.category = *c;
    }
    if (b.Has("investor_id")) {
        p.investor_id = b.OptInt("investor_id", 1, INT64_MAX);
        if (p.investor_id) {
            auto inv = tx.GetInvestor(*p.investor_id);
            bool visible = inv && (a.role != Role::kReporter || tx.InvestorVisibleToUnit(*p.investor_id, p.unit_id) ||
                                   inv->created_by_unit_id == a.unit_id);
            if (!visible) throw ApiError(ErrorCode::kUnprocessable, "投资方不存在", "investor_id");
        }
    }
    if (b.Has("chain_id")) {
        p.chain_id = b.OptInt("chain_id", 1, INT64_MAX);
        if (p.chain_id && !tx.ChainExists(*p.chain_id)) {
            throw ApiError(ErrorCode::kUnprocessable, "产业链不存在", "chain_id");
        }
    }
    if (b.Has("industry_code")) {
        p.industry_code = b.String("industry_code", false, 8);
        if (!p.industry_code.empty()) {
            auto ind = tx.GetIndustry(p.industry_code);
            if (!ind || ind->level < 2) {
                throw ApiError(ErrorCode::kUnprocessable, "国民经济行业代码无效（应选到大类及以下）", "industry_code");
            }
        }
    }
    if (b.Has("emerging_industry")) p.emerging_industry = b.String("emerging_industry", false, 50);
    p.total_investment = b.Money("total_investment", p.total_investment);
    p.fixed_asset_investment = b.Money("fixed_asset_investment", p.fixed_asset_investment);
    if (p.fixed_asset_investment > p.total_investment) {
        throw ApiError(ErrorCode::kUnprocessable, "固定资产投资不能大于总投资", "fixed_asset_investment");
    }
    p.land_mu_hundredths = b.MuHundredths("land_area_mu", p.land_mu_hundredths);
    if (b.Has("leader_in_charge")) p.leader_in_charge = b.String("leader_in_charge", false, 50);
    if (b.Has("referrer")) p.referrer = b.String("referrer", false, 50);
    if (b.Has("introducing_unit")) p.introducing_unit = b.String("introducing_unit", false, 100);
    if (b.Has("first_introducer")) p.first_introducer = b.String("first_introducer", false, 50);
    p.is_key = b.Bool("is_key", p.is_key);
    if (b.Has("activity_id")) p.activity_id = b.OptInt("activity_id", 1, INT64_MAX);
    if (p.activity_id && (b.Has("activity_id") || b.Has("unit_id"))) {
        // A lead comes from an activity of its own unit.
        auto act = tx.GetActivity(*p.activity_id);
        if (!act || act->unit_id != p.unit_id) {
            throw ApiError(ErrorCode::kUnprocessable, "来源活动不存在或不属于该项目的责任单位", "activity_id");
        }
    }
    p.terminated = b.Bool("terminated", p.terminated);
    if (b.Has("termination_reason")) p.termination_reason = b.String("termination_reason", false, 500);
    if (p.terminated && p.termination_reason.empty()) {
        throw ApiError(ErrorCode::kUnprocessable, "终止项目须填写终止原因", "termination_reason");
    }
    if (!p.terminated) p.termination_reason.clear();

    // 入省库: 未上报 → 待审核 (reported, with date) → 已认定 (confirmed, with date) or 未通过.
    if (b.Has("prov_db_status")) {
        auto s = ParseProvDbStatus(b.String("prov_db_status", true, 16));
        if (!s) throw ApiError(ErrorCode::kUnprocessable, "入省库状态无效", "prov_db_status");
        p.prov_db_status = *s;
    }
    if (b.Has("prov_db_reported_date")) p.prov_db_reported_date = b.OptDate("prov_db_reported_date");
    if (b.Has("prov_db_confirmed_date")) p.prov_db_confirmed_date = b.OptDate("prov_db_confirmed_date");
    if (p.prov_db_status == ProvDbStatus::kNone) {
        p.prov_db_reported_date.reset();
        p.prov_db_confirmed_date.reset();
    } else if (!p.prov_db_reported_date) {
        throw ApiError(ErrorCode::kUnprocessable, "请填写上报省库日期", "prov_db_reported_date");
    }
    if (p.prov_db_status == ProvDbStatus::kConfirmed) {
        if (!p.prov_db_confirmed_date) {
            throw ApiError(ErrorCode::kUnprocessable, "已认定项目须填写认定日期", "prov_db_confirmed_date");
        }
        if (*p.prov_db_confirmed_date < *p.prov_db_reported_date) {
            throw ApiError(ErrorCode::kUnprocessable, "认定日期不能早于上报日期", "prov_db_confirmed_date");
        }
    } else {
        p.prov_db_confirmed_date.reset();
    }
    Date today = Date::Today();
    if ((p.prov_db_reported_date && today < *p.prov_db_reported_date) ||
        (p.prov_db_confirmed_date && today < *p.prov_db_confirmed_date)) {
        throw ApiError(ErrorCode::kUnprocessable, "日期不能晚于今天",
                       p.prov_db_confirmed_date && today < *p.prov_db_confirmed_date ? "prov_db_confirmed_date"
                                                                                     : "prov_db_reported_date");
    }
    // 入规 route: 小升规 or 新投产入规; the date is the above_scale node's.
    if (b.Has("above_scale_route")) {
        std::string key = b.String("above_scale_route", false, 16);
        auto r = ParseAboveScaleRoute(key);
        if (!r) throw ApiError(ErrorCode::kUnprocessable, "入规方式无效", "above_scale_route");
        p.above_scale_route = *r;
    }
}

namespace {

json::object AuditJson(const AuditEntry& e) {
    auto parse = [](const std::string& s) -> json::value { return s.empty() ? json::value(nullptr) : json::parse(s); };
    return {{"id", e.id},
            {"user_id", e.user_id},
            {"username", e.username.empty() ? std::string("system") : e.username},
            {"at", FormatUtc(e.at)},
            {"entity", e.entity},
            {"entity_id", e.entity_id},
            {"action", e.action},
            {"before", parse(e.before_json)},
            {"after", parse(e.after_json)}};
}

// The node entry as the audit log records it (with its project-independent key).
json::object NodeAuditJson(const NodeEntry& e) {
    return {{"node", NodeKey(e.node)},
            {"planned_date", DateJson(e.planned)},
            {"actual_date", DateJson(e.actual)},
            {"note", e.note}};
}

}  // namespace

std::vector<ErrorDetail> DependentsBlocking(const LifecycleRules& rules, Category c, const NodeLedger& ledger, Node n,
                                            std::optional<Date> actual) {
    std::vector<ErrorDetail> out;
    for (const auto& e : ledger) {
        const NodeRule& r = rules.Rule(c, e.node);
        if (!r.applies || !e.actual) continue;
        if (std::find(r.after.begin(), r.after.end(), n) == r.after.end()) continue;
        if (!actual || *e.actual < *actual) {
            out.push_back(ErrorDetail{"order", std::string(NodeKey(e.node)),
                                      "后续节点“" + std::string(NodeNameZh(e.node)) + "”的实际日期为 " +
                                          e.actual->ToString() + "，本节点日期不能晚于它或被清除"});
        }
    }
    return out;
}

ProjectFilter ReadProjectFilter(const Actor& a, const Query& q) {
    ProjectFilter f;
    f.q = QueryString(q, "q");
    f.unit_id = QueryInt(q, "unit_id", 1, INT64_MAX);
    f.chain_id = QueryInt(q, "chain_id", 1, INT64_MAX);
    f.ids = QueryIds(q, "ids", 2000);
    f.industry_prefix = QueryString(q, "industry_code");
    if (f.industry_prefix.size() > 8) throw ApiError(ErrorCode::kBadRequest, "行业代码无效", "industry_code");
    if (auto s = QueryString(q, "category"); !s.empty()) {
        f.category = ParseCategory(s);
        if (!f.category) throw ApiError(ErrorCode::kBadRequest, "项目类别无效", "category");
    }
    if (auto s = QueryString(q, "stage"); !s.empty()) {
        f.stage = ParseNode(s);
        if (!f.stage) throw ApiError(ErrorCode::kBadRequest, "阶段无效", "stage");
    }
    if (auto s = QueryString(q, "status"); !s.empty()) {
        f.status = ParseStatus(s);
        if (!f.status) throw ApiError(ErrorCode::kBadRequest, "状态无效", "status");
    }
    f.is_key = QueryBool(q, "is_key");
    f.signed_from = QueryDate(q, "signed_from");
    f.signed_to = QueryDate(q, "signed_to");
    f.sort = QuerySort(q, {"code", "name", "total_investment", "signed_date", "updated_at", "id"}, "-id");
    if (ReadScopeOf(a) == ReadScope::kOwnUnit) {
        // A reporter asking for another unit gets nothing, as if that unit had no projects.
        if (f.unit_id && f.unit_id != a.unit_id) f.none = true;
        f.unit_id = a.unit_id;
    }
    if (ReadScopeOf(a) == ReadScope::kNone) f.none = true;
    return f;
}

json::object App::ListProjects(const Actor& a, const Query& q) {
    ProjectFilter f = ReadProjectFilter(a, q);
    int64_t page = QueryInt(q, "page", 1, 1'000'000).value_or(1);
    int64_t size = QueryInt(q, "page_size", 1, 200).value_or(20);

    auto tx = store_.BeginRead();
    ViewContext ctx = LoadViewContext(*tx);
    f.today = ctx.today;
    f.stalled_days = ctx.stalled_days;
    auto result = tx->ListProjects(f, Page{(page - 1) * size, size});
    json::array items;
    for (const auto& p : result.items) items.push_back(ProjectJson(p, ctx, false));
    return ListJson(std::move(items), result.total);
}

json::object App::GetProject(const Actor& a, int64_t id) {
    auto tx = store_.BeginRead();
    ViewContext ctx = LoadViewContext(*tx);
    return ProjectDetailJson(*tx, LoadProject(*tx, a, id, false, ctx.today), ctx);
}

json::object App::CreateProject(const Actor& a, const json::value& body) {
    RequireWriter(a);
    Body b(body, kProjectFields);
    auto tx = store_.BeginWrite();
    ViewContext ctx = LoadViewContext(*tx);
    Project p;
    ProjectLookups refs(*tx);
    ReadProject(refs, a, b, p, true);
    if (p.code.empty()) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "XM%d%04lld", ctx.today.year(),
                      static_cast<long long>(tx->NextProjectSeq(ctx.today.year())));
        p.code = buf;
    }
    p.nodes = EmptyLedger();
    RefreshDerived(p, ctx.rules);
    p.created_at = p.updated_at = NowUnix();
    try {
        p.id = tx->InsertProject(p);
    } catch (const UniqueViolation&) {
        throw ApiError(ErrorCode::kConflict, "项目编号已存在", "code");
    }
    json::object out = ProjectDetailJson(*tx, *tx->GetProject(p.id, ctx.today), ctx);
    json::object logged = out;
    logged.erase("nodes");
    Audit(*tx, a, "project", p.id, p.id, "create", nullptr, logged);
    tx->Commit();
    return out;
}

json::object App::UpdateProject(const Actor& a, int64_t id, const json::value& body) {
    Body b(body, WithVersion(kProjectFields));
    int64_t version = b.Version();
    auto tx = store_.BeginWrite();
    ViewContext ctx = LoadViewContext(*tx);
    Project cur = LoadProject(*tx, a, id, true, ctx.today);
    if (cur.version != version) ThrowStale(ProjectDetailJson(*tx, cur, ctx));
    Project p = cur;
    ProjectLookups refs(*tx);
    ReadProject(refs, a, b, p, false);
    RefreshDerived(p, ctx.rules);
    p.updated_at = NowUnix();
    try {
        if (!tx->UpdateProject(p, version)) ThrowStale(ProjectDetailJson(*tx, cur, ctx));
    } catch (const UniqueViolation&) {
        throw ApiError(ErrorCode::kConflict, "项目编号已存在", "code");
    }
    json::object out = ProjectDetailJson(*tx, *tx->GetProject(id, ctx.today), ctx);
    json::object before = ProjectJson(cur, ctx, false), after = out;
    after.erase("nodes");
    Audit(*tx, a, "project", id, id, "update", before, after);
    tx->Commit();
    return out;
}

json::object App::SetNode(const Actor& a, int64_t id, const std::string& node_key, const json::value& body) {
    auto node = ParseNode(node_key);
    if (!node) throw ApiError(ErrorCode::kNotFound, "节点不存在");
    Body b(body, {"planned_date", "actual_date", "note", "version"});
    int64_t version = b.Version();
    auto tx = store_.BeginWrite();
    ViewContext ctx = LoadViewContext(*tx);
    Project p = LoadProject(*tx, a, id, true, ctx.today);
    const NodeRule& rule = ctx.rules.Rule(p.category, *node);
    if (!rule.applies) throw ApiError(ErrorCode::kUnprocessable, "该类别项目不适用此节点", "node");

    NodeEntry& slot = p.nodes[NodeIndex(*node)];
    NodeEntry before = slot, after = slot;
    if (b.Has("planned_date")) after.planned = b.OptDate("planned_date");
    if (b.Has("actual_date")) after.actual = b.OptDate("actual_date");
    if (b.Has("note")) after.note = b.String("note", false, 1000);
    if (p.version != version) ThrowStale(ProjectDetailJson(*tx, p, ctx));

    if (after.actual != before.actual) {
        std::vector<ErrorDetail> details;
        if (after.actual) {
            GateFacts facts;
            facts.present_fields = PresentGateFields(p);
            for (const auto& f : tx->ListFiles(p.id)) {
                if (f.node == *node) facts.present_evidence.insert(f.kind);
            }
            details = CheckGate(ctx.rules, p.category, *node, *after.actual, p.nodes, facts, ctx.today);
        }
        auto blocking = DependentsBlocking(ctx.rules, p.category, p.nodes, *node, after.actual);
        details.insert(details.end(), blocking.begin(), blocking.end());
        if (!details.empty()) {
            Error e = MakeError(
                ErrorCode::kUnprocessable,
                "“" + std::string(NodeNameZh(*node)) + "”节点条件未满足，共 " + std::to_string(details.size()) + " 项",
                "actual_date");
            e.details = std::move(details);
            throw ApiError(std::move(e));
        }
    }
    slot = after;
    RefreshDerived(p, ctx.rules);
    p.updated_at = NowUnix();
    if (!tx->UpdateProject(p, version)) ThrowStale(ProjectDetailJson(*tx, *tx->GetProject(id, ctx.today), ctx));
    tx->UpsertNode(p.id, after);
    Audit(*tx, a, "node", p.id, p.id, "update", NodeAuditJson(before), NodeAuditJson(after));
    json::object out = ProjectDetailJson(*tx, *tx->GetProject(id, ctx.today), ctx);
    tx->Commit();
    return out;
}

json::object App::Schedule(const Actor& a, int64_t id, const json::value& body) {
    Body b(body, {"target_node", "target_date", "version"});
    int64_t version = b.Version();
    auto target = ParseNode(b.String("target_node", true, 32));
    if (!target) throw ApiError(ErrorCode::kUnprocessable, "目标节点无效", "target_node");
    auto date = b.OptDate("target_date");
    if (!date) throw ApiError(ErrorCode::kUnprocessable, "必填项不能为空", "target_date");
    auto tx = store_.BeginWrite();
    ViewContext ctx = LoadViewContext(*tx);
    Project p = LoadProject(*tx, a, id, true, ctx.today);
    if (p.version != version) ThrowStale(ProjectDetailJson(*tx, p, ctx));
    NodeLedger ledger = ReverseSchedule(ctx.rules, p.category, p.nodes, *target, *date).ValueOrThrow();
    json::array before, after;
    for (int i = 0; i < kNodeCount; ++i) {
        if (ledger[i].planned == p.nodes[i].planned) continue;
        before.push_back(NodeAuditJson(p.nodes[i]));
        after.push_back(NodeAuditJson(ledger[i]));
        tx->UpsertNode(p.id, ledger[i]);
    }
    p.nodes = ledger;
    RefreshDerived(p, ctx.rules);
    p.updated_at = NowUnix();
    if (!tx->UpdateProject(p, version)) ThrowStale(ProjectDetailJson(*tx, *tx->GetProject(id, ctx.today), ctx));
    Audit(*tx, a, "schedule", p.id, p.id, "update", json::object{{"nodes", before}},
          json::object{{"nodes", after}, {"target_node", NodeKey(*target)}, {"target_date", date->ToString()}});
    json::object out = ProjectDetailJson(*tx, *tx->GetProject(id, ctx.today), ctx);
    tx->Commit();
    return out;
}

json::object App::ProjectAudit(const Actor& a, int64_t id) {
    auto tx = store_.BeginRead();
    LoadProject(*tx, a, id, false, Date::Today());
    json::array items;
    for (const auto& e : tx->ListProjectAudit(id)) items.push_back(AuditJson(e));
    auto n = static_cast<int64_t>(items.size());
    return ListJson(std::move(items), n);
}

// --- problems

namespace {

void ReadProblem(const Body& b, Problem& p, bool create) {
    if (create || b.Has("category")) {
        p.category = b.String("category", true, 32);
        if (std::find(std::begin(kProblemCategories), std::end(kProblemCategories), p.category) ==
            std::end(kProblemCategories)) {
            throw ApiError(ErrorCode::kUnprocessable, "问题类别无效", "category");
        }
    }
    if (create || b.Has("description")) p.description = b.String("description", true, 2000);
    if (b.Has("department")) p.department = b.String("department", false, 100);
    if (b.Has("deadline")) p.deadline = b.OptDate("deadline");
    if (b.Has("status")) {
        p.status = b.String("status", true, 16);
        if (p.status != "open" && p.status != "resolved") {
            throw ApiError(ErrorCode::kUnprocessable, "问题状态无效", "status");
        }
    }
    if (b.Has("resolution")) p.resolution = b.String("resolution", false, 2000);
    if (p.status == "resolved" && p.resolution.empty()) {
        throw ApiError(ErrorCode::kUnprocessable, "已解决的问题须填写解决情况", "resolution");
    }
}

Problem LoadProblem(Tx& tx, int64_t project_id, int64_t problem_id) {
    auto p = tx.GetProblem(problem_id);
    if (!p || p->project_id != project_id) throw ApiError(ErrorCode::kNotFound, "问题不存在");
    return std::move(*p);
}

}  // namespace

json::object App::ListProblems(const Actor& a, int64_t project_id) {
    auto tx = store_.BeginRead();
    Date today = Date::Today();
    LoadProject(*tx, a, project_id, false, today);
    json::array items;
    for (const auto& p : tx->ListProblems(project_id)) items.push_back(ProblemJson(p, today));
    auto n = static_cast<int64_t>(items.size());
    return ListJson(std::move(items), n);
}

json::object App::CreateProblem(const Actor& a, int64_t project_id, const json::value& body) {
    Body b(body, {"category", "description", "department", "deadline", "status", "resolution"});
    auto tx = store_.BeginWrite();
    Date today = Date::Today();
    LoadProject(*tx, a, project_id, true, today);
    Problem p;
    p.project_id = project_id;
    ReadProblem(b, p, true);
    p.created_at = p.updated_at = NowUnix();
    p.id = tx->InsertProblem(p);
    json::object out = ProblemJson(p, today);
    Audit(*tx, a, "problem", p.id, project_id, "create", nullptr, out);
    tx->Commit();
    return out;
}

json::object App::UpdateProblem(const Actor& a, int64_t project_id, int64_t problem_id, const json::value& body) {
    Body b(body, {"category", "description", "department", "deadline", "status", "resolution", "version"});
    int64_t version = b.Version();
    auto tx = store_.BeginWrite();
    Date today = Date::Today();
    LoadProject(*tx, a, project_id, true, today);
    Problem cur = LoadProblem(*tx, project_id, problem_id);
    Problem p = cur;
    ReadProblem(b, p, false);
    p.updated_at = NowUnix();
    if (cur.version != version || !tx->UpdateProblem(p, version)) ThrowStale(ProblemJson(cur, today));
    p.version = version + 1;
    json::object out = ProblemJson(p, today);
    Audit(*tx, a, "problem", p.id, project_id, "update", ProblemJson(cur, today), out);
    tx->Commit();
    return out;
}

void App::DeleteProblem(const Actor& a, int64_t project_id, int64_t problem_id) {
    auto tx = store_.BeginWrite();
    Date today = Date::Today();
    LoadProject(*tx, a, project_id, true, today);
    Problem cur = LoadProblem(*tx, project_id, problem_id);
    tx->DeleteProblem(problem_id);
    Audit(*tx, a, "problem", problem_id, project_id, "delete", ProblemJson(cur, today), nullptr);
    tx->Commit();
}

}  // namespace zs
