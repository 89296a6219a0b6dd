// Use cases: monthly figures (月度数据), their submission cycle, and corrections after locking.
#include <algorithm>
#include <map>
#include <set>

#include "core/money.hpp"
#include "service/app.hpp"
#include "service/body.hpp"
#include "service/internal.hpp"

namespace zs {
namespace json = boost::json;

namespace {

constexpr const char* kAmountFields[] = {"funds_in_place", "funds_out_of_province", "fixed_asset_investment",
                                         "output_value", "tax"};

MonthKey ReadMonth(const Body& b) {
    return {static_cast<int>(b.Int("year", true, 1901, 2999)), static_cast<int>(b.Int("month", true, 1, 12))};
}

// No figures for a month that has not begun.
void RequireNotFuture(const MonthKey& m) {
    Date today = Date::Today();
    if (m.year * 12 + m.month > today.year() * 12 + today.month()) {
        throw ApiError(ErrorCode::kUnprocessable, "不能填报未来月份的数据", "month");
    }
}

// Every use case here works on one unit's month (internal.hpp).
int64_t ResolveUnit(Tx& tx, const Actor& a, std::optional<int64_t> requested) {
    return *ResolveFiguresUnit(tx, a, requested, true);
}

MonthlySubmission LoadSubmission(Tx& tx, int64_t unit_id, const MonthKey& m) {
    auto s = tx.GetSubmission(unit_id, m.year, m.month);
    if (s) return *s;
    MonthlySubmission fresh;
    fresh.unit_id = unit_id;
    fresh.year = m.year;
    fresh.month = m.month;
    fresh.version = 0;  // not stored yet
    return fresh;
}

json::object SubmissionJson(Tx& tx, const MonthlySubmission& s) {
    return {{"unit_id", s.unit_id},
            {"year", s.year},
            {"month", s.month},
            {"state", SubmissionStateKey(s.state)},
            {"submitted_at", TimeJson(s.submitted_at)},
            {"submitted_by", UserIdJson(s.submitted_by)},
            {"submitted_by_name", UserNameJson(tx, s.submitted_by)},
            {"reviewed_at", TimeJson(s.reviewed_at)},
            {"reviewed_by", UserIdJson(s.reviewed_by)},
            {"reviewed_by_name", UserNameJson(tx, s.reviewed_by)},
            {"return_reason", s.return_reason},
            {"locked_at", TimeJson(s.locked_at)},
            {"version", s.version}};
}

json::object FigureAmountsJson(const MonthlyFigure& f) {
    return {{"funds_in_place", f.funds_in_place},
            {"funds_out_of_province", f.funds_out_of_province},
            {"fixed_asset_investment", f.fixed_asset_investment},
            {"output_value", f.output_value},
            {"tax", f.tax}};
}

bool SameAmounts(const MonthlyFigure& a, const MonthlyFigure& b) {
    return a.funds_in_place == b.funds_in_place && a.funds_out_of_province == b.funds_out_of_province &&
           a.fixed_asset_investment == b.fixed_asset_investment && a.output_value == b.output_value && a.tax == b.tax;
}

// The grid: one row per project of the unit (terminated ones only when they have figures).
json::object MonthJson(Tx& tx, int64_t unit_id, const MonthKey& m) {
    auto unit = tx.GetUnit(unit_id);
    ProjectFilter f;
    f.unit_id = unit_id;
    f.sort = "code";
    f.today = Date::Today();
    auto projects = tx.ListProjects(f, Page{0, 100000}).items;
    std::map<int64_t, MonthlyFigure> figures;
    for (auto& fig : tx.ListCurrentFigures(unit_id, m.year, m.month)) figures[fig.project_id] = fig;
    json::array items;
    for (const auto& p : projects) {
        auto it = figures.find(p.id);
        if (p.terminated && it == figures.end()) continue;
        json::object row{{"project_id", p.id}, {"project_code", p.code}, {"project_name", p.name}};
        if (it == figures.end()) {
            row["revision"] = 0;
            for (const char* k : kAmountFields) row[k] = nullptr;
            row["reason"] = "";
            row["updated_at"] = nullptr;
        } else {
            row["revision"] = it->second.revision;
            for (auto& kv : FigureAmountsJson(it->second)) row[kv.key()] = kv.value();
            row["reason"] = it->second.reason;
            row["updated_at"] = TimeJson(it->second.created_at);
        }
        items.push_back(std::move(row));
    }
    json::object out;
    out["year"] = m.year;
    out["month"] = m.month;
    out["unit_id"] = unit_id;
    out["unit_name"] = unit ? unit->name : "";
    out["submission"] = SubmissionJson(tx, LoadSubmission(tx, unit_id, m));
    out["deadline"] = FiguresDeadline(tx, m.year, m.month).ToString();
    auto n = static_cast<int64_t>(items.size());
    out["items"] = std::move(items);
    out["total"] = n;
    return out;
}

// Stores the submission (creating it at version 0) and returns it with its new version.
MonthlySubmission SaveSubmission(Tx& tx, MonthlySubmission s, int64_t expected_version) {
    if (!tx.UpsertSubmission(s, expected_version))
        ThrowStale(SubmissionJson(tx, LoadSubmission(tx, s.unit_id, {s.year, s.month})));
    s.version = expected_version + 1;
    return s;
}

}  // namespace

MonthlyFigure ReadFigureRow(const json::value& v, std::size_t i) {
    std::string prefix = "rows[" + std::to_string(i) + "]";
    try {
        Body b(v, {"project_id", "funds_in_place", "funds_out_of_province", "fixed_asset_investment", "output_value",
                   "tax"});
        MonthlyFigure f;
        f.project_id = b.Int("project_id", true, 1, INT64_MAX);
        f.funds_in_place = b.Money("funds_in_place", 0);
        f.funds_out_of_province = b.Money("funds_out_of_province", 0);
        f.fixed_asset_investment = b.Money("fixed_asset_investment", 0);
        f.output_value = b.Money("output_value", 0);
        f.tax = b.Money("tax", 0);
        if (f.funds_out_of_province > f.funds_in_place) {
            throw ApiError(ErrorCode::kUnprocessable, "其中省外资金不能大于实际到位资金", "funds_out_of_province");
        }
        return f;
    } catch (const ApiError& e) {
        Error err = e.error();
        err.field = err.field.empty() ? prefix : prefix + "." + err.field;
        throw ApiError(std::move(err));
    }
}

namespace {

}  // namespace

void WriteMonthFigures(Tx& tx, const Actor& a, int64_t unit, int year, int month, int64_t version,
                       std::vector<MonthlyFigure> input, const std::string& reason) {
    const MonthKey m{year, month};
    MonthlySubmission s = LoadSubmission(tx, unit, m);
    if (s.version != version) ThrowStale(SubmissionJson(tx, s));
    CheckMonthWritable(s, reason);
    bool correcting = s.state == SubmissionState::kLocked;
    std::map<int64_t, MonthlyFigure> current;
    for (auto& f : tx.ListCurrentFigures(unit, m.year, m.month)) current[f.project_id] = f;
    std::set<int64_t> seen;
    for (std::size_t i = 0; i < input.size(); ++i) {
        MonthlyFigure& f = input[i];
        std::string field = "rows[" + std::to_string(i) + "].project_id";
        auto project = tx.GetProject(f.project_id, Date::Today());
        if (!project || project->unit_id != unit) throw ApiError(ErrorCode::kUnprocessable, "项目不属于该单位", field);
        if (!seen.insert(f.project_id).second) throw ApiError(ErrorCode::kUnprocessable, "项目重复", field);
        f.year = m.year;
        f.month = m.month;
        f.created_by = a.user_id;
        f.created_at = NowUnix();
        auto it = current.find(f.project_id);
        bool exists = it != current.end();
        if (exists && SameAmounts(it->second, f)) continue;
        if (!exists && !correcting && SameAmounts(MonthlyFigure{}, f)) continue;  // an untouched empty row
        json::value before = exists ? json::value(FigureAmountsJson(it->second)) : json::value(nullptr);
        json::object after = FigureAmountsJson(f);
        after["year"] = m.year;
        after["month"] = m.month;
        if (correcting) {
            f.reason = reason;
            after["revision"] = tx.InsertFigureRevision(f);
            after["reason"] = reason;
        } else {
            tx.UpsertFigureDraft(f);
            after["revision"] = 1;
        }
        Audit(tx, a, "figure", f.project_id, f.project_id, exists ? "update" : "create", before, after);
    }
    SaveSubmission(tx, s, version);
}

void CheckMonthWritable(const MonthlySubmission& s, const std::string& reason) {
    if (s.state == SubmissionState::kSubmitted || s.state == SubmissionState::kReviewed) {
        throw ApiError(ErrorCode::kConflict, "本月数据已上报，请招商中心退回后再修改", "state");
    }
    if (s.state == SubmissionState::kLocked && reason.empty()) {
        throw ApiError(ErrorCode::kUnprocessable, "已锁定月份的更正须填写原因", "reason");
    }
}

MonthlySubmission MonthSubmission(Tx& tx, int64_t unit_id, int year, int month) {
    return LoadSubmission(tx, unit_id, {year, month});
}

json::array LockMonthFigures(Tx& tx, const Actor& a, int year, int month) {
    const MonthKey m{year, month};
    json::array items;
    for (const auto& unit : tx.ListUnits()) {
        MonthlySubmission s = LoadSubmission(tx, unit.id, m);
        if (s.state != SubmissionState::kLocked) {
            json::object before = SubmissionJson(tx, s);
            int64_t expected = s.version;
            s.state = SubmissionState::kLocked;
            s.locked_at = NowUnix();
            s = SaveSubmission(tx, s, expected);
            Audit(tx, a, "submission", unit.id, 0, "update", before, SubmissionJson(tx, s));
        }
        items.push_back(SubmissionJson(tx, s));
    }
    return items;
}

json::object App::GetFigures(const Actor& a, const Query& q) {
    MonthKey m = ReadMonth(q);
    auto tx = store_.BeginRead();
    int64_t unit = ResolveUnit(*tx, a, QueryInt(q, "unit_id", 1, INT64_MAX));
    return MonthJson(*tx, unit, m);
}

json::object App::SaveFigures(const Actor& a, const json::value& body) {
    Body b(body, {"year", "month", "unit_id", "version", "reason", "rows"});
    MonthKey m = ReadMonth(b);
    RequireNotFuture(m);
    int64_t version = b.Version();
    std::string reason = b.String("reason", false, 500);
    const auto* rows = b.object().if_contains("rows");
    if (rows == nullptr || !rows->is_array()) throw ApiError(ErrorCode::kBadRequest, "rows 应为数组", "rows");
    if (rows->get_array().size() > 5000) throw ApiError(ErrorCode::kUnprocessable, "一次最多 5000 行", "rows");
    std::vector<MonthlyFigure> input;
    for (std::size_t i = 0; i < rows->get_array().size(); ++i) input.push_back(ReadFigureRow(rows->get_array()[i], i));

    auto tx = store_.BeginWrite();
    int64_t unit = ResolveUnit(*tx, a, b.OptInt("unit_id", 1, INT64_MAX));
    RequireWriter(a);
    WriteMonthFigures(*tx, a, unit, m.year, m.month, version, std::move(input), reason);
    json::object out = MonthJson(*tx, unit, m);
    tx->Commit();
    return out;
}

json::object App::SubmitFigures(const Actor& a, const json::value& body) {
    Body b(body, {"year", "month", "unit_id", "version"});
    MonthKey m = ReadMonth(b);
    RequireNotFuture(m);
    int64_t version = b.Version();
    auto tx = store_.BeginWrite();
    int64_t unit = ResolveUnit(*tx, a, b.OptInt("unit_id", 1, INT64_MAX));
    RequireWriter(a);
    MonthlySubmission s = LoadSubmission(*tx, unit, m);
    if (s.version != version) ThrowStale(SubmissionJson(*tx, s));
    if (s.state != SubmissionState::kDraft) throw ApiError(ErrorCode::kConflict, "只有草稿可以上报", "state");
    json::object before = SubmissionJson(*tx, s);
    s.state = SubmissionState::kSubmitted;
    s.submitted_at = NowUnix();
    s.submitted_by = a.user_id;
    s.return_reason.clear();
    s = SaveSubmission(*tx, s, version);
    json::object out = SubmissionJson(*tx, s);
    Audit(*tx, a, "submission", unit, 0, "update", before, out);
    tx->Commit();
    return out;
}

json::object App::ReviewFigures(const Actor& a, const json::value& body) {
    RequireStaff(a);
    Body b(body, {"year", "month", "unit_id", "version", "action", "reason"});
    MonthKey m = ReadMonth(b);
    int64_t version = b.Version();
    std::string action = b.String("action", true, 16);
    if (action != "approve" && action != "return") throw ApiError(ErrorCode::kUnprocessable, "操作无效", "action");
    std::string reason = b.String("reason", false, 500);
    if (action == "return" && reason.empty()) throw ApiError(ErrorCode::kUnprocessable, "退回须填写原因", "reason");
    auto tx = store_.BeginWrite();
    int64_t unit = ResolveUnit(*tx, a, b.OptInt("unit_id", 1, INT64_MAX));
    MonthlySubmission s = LoadSubmission(*tx, unit, m);
    if (s.version != version) ThrowStale(SubmissionJson(*tx, s));
    if (s.state != SubmissionState::kSubmitted)
        throw ApiError(ErrorCode::kConflict, "只有已上报的数据可以审核", "state");
    json::object before = SubmissionJson(*tx, s);
    if (action == "approve") {
        s.state = SubmissionState::kReviewed;
        s.reviewed_at = NowUnix();
        s.reviewed_by = a.user_id;
    } else {
        s.state = SubmissionState::kDraft;
        s.return_reason = reason;
    }
    s = SaveSubmission(*tx, s, version);
    json::object out = SubmissionJson(*tx, s);
    Audit(*tx, a, "submission", unit, 0, "update", before, out);
    tx->Commit();
    return out;
}

json::object App::LockFigures(const Actor& a, const json::value& body) {
    RequireStaff(a);
    Body b(body, {"year", "month"});
    MonthKey m = ReadMonth(b);
    RequireNotFuture(m);
    auto tx = store_.BeginWrite();
    json::array items = LockMonthFigures(*tx, a, m.year, m.month);
    auto n = static_cast<int64_t>(items.size());
    json::object out = ListJson(std::move(items), n);
    tx->Commit();
    return out;
}

json::object App::FigureHistory(const Actor& a, const Query& q) {
    MonthKey m = ReadMonth(q);
    auto project_id = QueryInt(q, "project_id", 1, INT64_MAX);
    if (!project_id) throw ApiError(ErrorCode::kBadRequest, "缺少参数 project_id", "project_id");
    auto tx = store_.BeginRead();
    LoadProject(*tx, a, *project_id, false, Date::Today());
    json::array items;
    for (const auto& f : tx->ListFigureHistory(*project_id, m.year, m.month)) {
        json::object row = FigureAmountsJson(f);
        row["project_id"] = f.project_id;
        row["revision"] = f.revision;
        row["reason"] = f.reason;
        row["created_by"] = UserIdJson(f.created_by);
        row["created_by_name"] = UserNameJson(*tx, f.created_by);
        row["created_at"] = TimeJson(f.created_at);
        items.push_back(std::move(row));
    }
    auto n = static_cast<int64_t>(items.size());
    return ListJson(std::move(items), n);
}

json::object App::ListSubmissions(const Actor& a, const Query& q) {
    MonthKey m = ReadMonth(q);
    if (ReadScopeOf(a) == ReadScope::kNone) throw ApiError(ErrorCode::kForbidden, "当前角色无权查看月度数据");
    auto tx = store_.BeginRead();
    Date today = Date::Today();
    std::set<int64_t> late = LateUnits(*tx, m.year, m.month, today);
    json::array items;
    for (const auto& unit : tx->ListUnits()) {
        if (ReadScopeOf(a) == ReadScope::kOwnUnit && a.unit_id != unit.id) continue;
        MonthlySubmission s = LoadSubmission(*tx, unit.id, m);
        json::object row = SubmissionJson(*tx, s);
        row["unit_name"] = unit.name;
        row["late"] = late.count(unit.id) > 0;
        items.push_back(std::move(row));
    }
    auto n = static_cast<int64_t>(items.size());
    return ListJson(std::move(items), n);
}

}  // namespace zs
