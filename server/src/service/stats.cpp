// Use cases: targets (年度目标任务), the indicator settings of a year, and the statistics the
// dashboard and the reports show, computed by the engine (core/indicators) from a snapshot.
#include <algorithm>
#include <map>

#include "core/indicators.hpp"
#include "core/money.hpp"
#include "service/app.hpp"
#include "service/body.hpp"
#include "service/internal.hpp"
#include "service/snapshot_refresh.hpp"

namespace zs {
namespace json = boost::json;

namespace {

void RequireStatsReader(const Actor& a) {
    if (ReadScopeOf(a) == ReadScope::kNone) throw ApiError(ErrorCode::kForbidden, "当前角色无权查看指标");
}

json::object TargetJson(const Target& t) {
    return {{"indicator", t.indicator}, {"unit_id", t.scope_unit_id}, {"value", t.value}, {"version", t.version}};
}

json::object SettingsJson(const IndicatorSettings& s, int64_t version) {
    json::object o = s.ToJson();
    o["version"] = version;
    return o;
}

// --- the printed forms of a figure
json::value RatioJson(const std::optional<Ratio>& r) {
    if (!r) return nullptr;
    return json::array{r->num, r->den};
}

std::string ValueDisplay(int64_t v, std::string_view unit) {
    return unit == kUnitYuan ? FormatYi(v, 2) : std::to_string(v);
}

json::object FigureJson(const Figure& f, std::string_view unit) {
    json::object o;
    o["actual"] = f.actual;
    o["actual_display"] = ValueDisplay(f.actual, unit);
    o["target"] = f.target ? json::value(*f.target) : json::value(nullptr);
    o["target_display"] = f.target ? ValueDisplay(*f.target, unit) : "—";
    o["completion"] = RatioJson(f.completion);
    o["completion_display"] = f.completion ? FormatPercent(*f.completion, 1) + "%" : "—";
    o["schedule"] = RatioJson(f.schedule);
    o["schedule_display"] = FormatPercent(f.schedule, 1) + "%";
    o["ahead"] = RatioJson(f.ahead);
    if (f.ahead) {
        AheadText t = DescribeAhead(*f.ahead, 1);
        o["ahead_word"] = t.word;
        o["ahead_display"] = t.points + "个百分点";
    } else {
        o["ahead_word"] = nullptr;
        o["ahead_display"] = "—";
    }
    o["last_year"] = f.last_year;
    o["last_year_display"] = ValueDisplay(f.last_year, unit);
    o["yoy"] = RatioJson(f.yoy);
    // Word and figure follow the printed (rounded) value, so "同比增长" never stands before "0.0%".
    if (f.yoy) {
        std::string shown = FormatPoints(*f.yoy, 1);
        bool flat = shown == FormatPoints(Ratio{0, 1}, 1);
        o["yoy_display"] = shown + "%";
        o["yoy_word"] = flat ? "同比持平" : (Sign(*f.yoy) > 0 ? "同比增长" : "同比下降");
    } else {
        o["yoy_display"] = "—";
        o["yoy_word"] = f.actual > 0 ? json::value("新增") : json::value(nullptr);
    }
    json::array ids;
    for (int64_t id : f.project_ids) ids.emplace_back(id);
    o["project_ids"] = std::move(ids);
    return o;
}

struct PeriodQuery {
    Period period;
    std::optional<int64_t> unit;  // narrows the units (a reporter: always its own)
};

PeriodQuery ReadPeriod(const Actor& a, const Query& q) {
    PeriodQuery out;
    out.period.year = ReadYear(q);
    auto month = QueryInt(q, "month", 1, 12);
    if (!month) throw ApiError(ErrorCode::kBadRequest, "缺少参数 month", "month");
    out.period.month = static_cast<int>(*month);
    std::string mode = QueryString(q, "mode");
    if (!mode.empty() && mode != "cumulative" && mode != "month") {
        throw ApiError(ErrorCode::kBadRequest, "mode 应为 cumulative 或 month", "mode");
    }
    out.period.cumulative = mode != "month";
    Date today = Date::Today();
    if (out.period.year * 12 + out.period.month > today.year() * 12 + today.month()) {
        throw ApiError(ErrorCode::kBadRequest, "不能统计未来的月份", "month");
    }
    out.unit = QueryInt(q, "unit", 1, INT64_MAX);
    if (ReadScopeOf(a) == ReadScope::kOwnUnit) {
        if (out.unit && out.unit != a.unit_id) throw ApiError(ErrorCode::kNotFound, "单位不存在");
        out.unit = a.unit_id;
    }
    return out;
}

}  // namespace

std::shared_ptr<const EngineSnapshot> App::Snapshot() {
    std::lock_guard lock(snapshot_mutex_);
    auto tx = store_.BeginRead();
    snapshot_ = RefreshSnapshot(*tx, snapshot_);
    return snapshot_;
}

// --- targets

json::object App::GetTargets(const Actor& a, const Query& q) {
    RequireStatsReader(a);
    int year = ReadYear(q);
    auto tx = store_.BeginRead();
    json::array items;
    for (const auto& t : tx->ListTargets(year)) {
        if (ReadScopeOf(a) == ReadScope::kOwnUnit && t.scope_unit_id != 0 && t.scope_unit_id != a.unit_id) continue;
        items.push_back(TargetJson(t));
    }
    auto n = static_cast<int64_t>(items.size());
    json::object out = ListJson(std::move(items), n);
    out["year"] = year;
    return out;
}

void WriteTargets(Tx& tx, const Actor& a, int year, const json::array& arr) {
    auto [settings, settings_version] = LoadSettings(tx, year);
    std::map<std::string, std::string> units_of;  // indicator key -> unit ("yuan" / "count")
    for (const auto& d : IndicatorCatalogue(settings)) units_of[d.key] = d.unit;
    std::map<std::pair<std::string, int64_t>, Target> current;
    for (const auto& t : tx.ListTargets(year)) current[{t.indicator, t.scope_unit_id}] = t;
    for (std::size_t i = 0; i < arr.size(); ++i) {
        std::string prefix = "items[" + std::to_string(i) + "]";
        try {
            Body item(arr[i], {"indicator", "unit_id", "value", "version"});
            Target t;
            t.year = year;
            t.indicator = item.String("indicator", true, 64);
            if (!units_of.count(t.indicator)) {
                throw ApiError(ErrorCode::kUnprocessable, "未知指标：" + t.indicator, "indicator");
            }
            t.scope_unit_id = item.Int("unit_id", true, 0, INT64_MAX);
            if (t.scope_unit_id != 0 && !tx.GetUnit(t.scope_unit_id)) {
                throw ApiError(ErrorCode::kUnprocessable, "单位不存在", "unit_id");
            }
            bool remove = item.IsNull("value") || !item.Has("value");
            t.value = remove ? 0 : item.Money("value", 0);
            int64_t version = item.Int("version", false, 0, INT64_MAX, 0);
            auto it = current.find({t.indicator, t.scope_unit_id});
            int64_t stored_version = it == current.end() ? 0 : it->second.version;
            if (version != stored_version) {
                ThrowStale(it == current.end() ? json::object{{"indicator", t.indicator},
                                                              {"unit_id", t.scope_unit_id},
                                                              {"value", nullptr},
                                                              {"version", 0}}
                                               : TargetJson(it->second));
            }
            json::value before = it == current.end() ? json::value(nullptr) : json::value(TargetJson(it->second));
            if (remove) {
                if (it == current.end()) continue;
                tx.DeleteTarget(year, t.indicator, t.scope_unit_id);
                Audit(tx, a, "target", t.scope_unit_id, 0, "delete", before, nullptr);
                current.erase(it);
                continue;
            }
            if (it != current.end() && it->second.value == t.value) continue;
            t.updated_at = NowUnix();
            if (!tx.UpsertTarget(t, stored_version))
                ThrowStale(before.is_object() ? before.as_object() : json::object{});
            t.version = stored_version + 1;
            Audit(tx, a, "target", t.scope_unit_id, 0, it == current.end() ? "create" : "update", before,
                  TargetJson(t));
            current[{t.indicator, t.scope_unit_id}] = t;
        } catch (const ApiError& e) {
            Error err = e.error();
            err.field = err.field.empty() ? prefix : prefix + "." + err.field;
            throw ApiError(std::move(err));
        }
    }
}

json::object App::SaveTargets(const Actor& a, const json::value& body) {
    RequireStaff(a);
    Body b(body, {"year", "items"});
    int year = static_cast<int>(b.Int("year", true, 1901, 2999));
    const auto* items = b.object().if_contains("items");
    if (items == nullptr || !items->is_array()) throw ApiError(ErrorCode::kBadRequest, "items 应为数组", "items");
    auto tx = store_.BeginWrite();
    WriteTargets(*tx, a, year, items->get_array());
    json::array out_items;
    for (const auto& t : tx->ListTargets(year)) out_items.push_back(TargetJson(t));
    auto n = static_cast<int64_t>(out_items.size());
    json::object out = ListJson(std::move(out_items), n);
    out["year"] = year;
    tx->Commit();
    return out;
}

// --- settings and the catalogue

json::object App::Indicators(const Actor& a, const Query& q) {
    RequireStatsReader(a);
    int year = ReadYear(q);
    auto tx = store_.BeginRead();
    auto [settings, version] = LoadSettings(*tx, year);
    json::array defs;
    for (const auto& d : IndicatorCatalogue(settings)) {
        defs.push_back({{"key", d.key}, {"unit", d.unit}, {"name_zh", d.name}});
    }
    return {{"year", year}, {"settings", SettingsJson(settings, version)}, {"indicators", std::move(defs)}};
}

json::object App::UpdateIndicatorSettings(const Actor& a, int64_t year, const json::value& body) {
    RequireAdmin(a);
    if (year < 1901 || year > 2999) throw ApiError(ErrorCode::kNotFound, "年份无效");
    if (!body.is_object()) throw ApiError(ErrorCode::kBadRequest, "请求体应为 JSON 对象");
    json::object o = body.as_object();
    const auto* v = o.if_contains("version");
    if (v == nullptr || !v->is_int64() || v->as_int64() < 0) {
        throw ApiError(ErrorCode::kUnprocessable, "缺少版本号 version", "version");
    }
    int64_t version = v->as_int64();
    o.erase("version");
    if (!o.contains("year")) o["year"] = year;
    auto parsed = IndicatorSettings::FromJson(o);
    if (!parsed) throw ApiError(parsed.error());
    if (parsed->year != year) throw ApiError(ErrorCode::kUnprocessable, "年份与路径不一致", "year");
    auto tx = store_.BeginWrite();
    auto [before, stored_version] = LoadSettings(*tx, static_cast<int>(year));
    if (stored_version != version) ThrowStale(SettingsJson(before, stored_version));
    IndicatorSettingsRow row;
    row.year = static_cast<int>(year);
    row.settings_json = json::serialize(parsed->ToJson());
    row.updated_at = NowUnix();
    if (!tx->SetIndicatorSettings(row, version)) ThrowStale(SettingsJson(before, stored_version));
    json::object out = SettingsJson(*parsed, version + 1);
    Audit(*tx, a, "indicator_settings", year, 0, "update", SettingsJson(before, stored_version), out);
    tx->Commit();
    return out;
}

// --- statistics

json::object App::Stats(const Actor& a, const Query& q) {
    RequireStatsReader(a);
    PeriodQuery pq = ReadPeriod(a, q);
    auto snapshot = Snapshot();
    auto tx = store_.BeginRead();
    auto [settings, sv] = LoadSettings(*tx, pq.period.year);
    auto [last_settings, lv] = LoadSettings(*tx, pq.period.year - 1);
    TargetTable targets = LoadTargets(*tx, pq.period.year);
    auto results = ComputeIndicators(*snapshot, settings, last_settings, pq.period, targets);
    std::map<int64_t, Unit> units;
    for (auto& u : tx->ListUnits()) units[u.id] = u;

    json::array unit_list;
    std::vector<std::size_t> shown;  // snapshot unit indexes to show
    for (std::size_t i = 0; i < snapshot->unit_id.size(); ++i) {
        int64_t id = snapshot->unit_id[i];
        if (pq.unit && *pq.unit != id) continue;
        shown.push_back(i);
        const Unit& u = units[id];
        unit_list.push_back({{"id", id}, {"name", u.name}, {"kind", UnitKindKey(u.kind)}});
    }
    bool with_city = ReadScopeOf(a) == ReadScope::kAll;
    json::object names;
    for (const auto& d : IndicatorCatalogue(settings)) names[d.key] = d.name;
    json::array indicators;
    for (const auto& r : results) {
        json::object ind{{"key", r.key}, {"unit", r.unit}, {"name_zh", names[r.key]}};
        ind["city"] = with_city ? json::value(FigureJson(r.city, r.unit)) : json::value(nullptr);
        json::array per_unit;
        for (std::size_t i : shown) {
            json::object f = FigureJson(r.units[i], r.unit);
            f["unit_id"] = snapshot->unit_id[i];
            per_unit.push_back(std::move(f));
        }
        ind["units"] = std::move(per_unit);
        indicators.push_back(std::move(ind));
    }
    json::object period{{"year", pq.period.year},
                        {"month", pq.period.month},
                        {"mode", pq.period.cumulative ? "cumulative" : "month"},
                        {"label", PeriodLabel(pq.period)}};
    return {{"period", std::move(period)}, {"units", std::move(unit_list)}, {"indicators", std::move(indicators)}};
}

json::object App::StatsTrend(const Actor& a, const Query& q) {
    RequireStatsReader(a);
    int year = ReadYear(q);
    std::string key = QueryString(q, "indicator");
    if (key.empty()) throw ApiError(ErrorCode::kBadRequest, "缺少参数 indicator", "indicator");
    std::optional<int64_t> unit = QueryInt(q, "unit", 1, INT64_MAX);
    if (ReadScopeOf(a) == ReadScope::kOwnUnit) {
        if (unit && unit != a.unit_id) throw ApiError(ErrorCode::kNotFound, "单位不存在");
        unit = a.unit_id;
    }
    auto snapshot = Snapshot();
    auto tx = store_.BeginRead();
    auto [settings, sv] = LoadSettings(*tx, year);
    auto [last_settings, lv] = LoadSettings(*tx, year - 1);
    bool known = false;
    for (const auto& d : IndicatorCatalogue(settings)) known = known || d.key == key;
    if (!known) throw ApiError(ErrorCode::kBadRequest, "未知指标：" + key, "indicator");
    std::optional<std::size_t> unit_index;
    if (unit) {
        for (std::size_t i = 0; i < snapshot->unit_id.size(); ++i) {
            if (snapshot->unit_id[i] == *unit) unit_index = i;
        }
        if (!unit_index) throw ApiError(ErrorCode::kNotFound, "单位不存在");
    }
    Date today = Date::Today();
    int last_month = year < today.year() ? 12 : (year == today.year() ? today.month() : 0);
    json::array this_year, last_year, this_year_ids;
    TargetTable none;
    for (int m = 1; m <= 12; ++m) {
        if (m > last_month) {
            this_year.emplace_back(nullptr);
            this_year_ids.emplace_back(json::array{});
            // Last year's months are complete; compute them even past this year's current month.
        }
        Period p{year, m, false};
        auto results = ComputeIndicators(*snapshot, settings, last_settings, p, none);
        for (const auto& r : results) {
            if (r.key != key) continue;
            const Figure& f = unit_index ? r.units[*unit_index] : r.city;
            if (m <= last_month) {
                this_year.emplace_back(f.actual);
                json::array month_ids;
                for (int64_t id : f.project_ids) month_ids.emplace_back(id);
                this_year_ids.emplace_back(std::move(month_ids));
            }
            last_year.emplace_back(f.last_year);
        }
    }
    return {{"indicator", key},
            {"year", year},
            {"this_year", std::move(this_year)},
            {"this_year_ids", std::move(this_year_ids)},
            {"last_year", std::move(last_year)}};
}

json::object App::StatsFunnel(const Actor& a, const Query& q) {
    RequireStatsReader(a);
    std::optional<int64_t> unit = QueryInt(q, "unit", 1, INT64_MAX);
    if (ReadScopeOf(a) == ReadScope::kOwnUnit) {
        if (unit && unit != a.unit_id) throw ApiError(ErrorCode::kNotFound, "单位不存在");
        unit = a.unit_id;
    }
    auto tx = store_.BeginRead();
    ViewContext ctx = LoadViewContext(*tx);
    // One pass over the unit's projects: live ones by stage, with their ids for the drill-down.
    ProjectFilter f;
    f.unit_id = unit;
    f.sort = "id";
    f.today = ctx.today;
    f.stalled_days = ctx.stalled_days;
    std::vector<json::array> ids(kNodeCount);
    for (const auto& p : tx->ListProjects(f, Page{0, 1'000'000}).items) {
        if (!p.terminated && p.stage) ids[NodeIndex(*p.stage)].emplace_back(p.id);
    }
    json::array items;
    for (Node n : kAllNodes) {
        auto& list = ids[NodeIndex(n)];
        auto count = static_cast<int64_t>(list.size());
        items.push_back({{"node", NodeKey(n)}, {"count", count}, {"project_ids", std::move(list)}});
    }
    return {{"items", std::move(items)}};
}

json::object App::StatsAlerts(const Actor& a, const Query& q) {
    RequireStatsReader(a);
    std::optional<int64_t> unit = QueryInt(q, "unit", 1, INT64_MAX);
    if (ReadScopeOf(a) == ReadScope::kOwnUnit) {
        if (unit && unit != a.unit_id) throw ApiError(ErrorCode::kNotFound, "单位不存在");
        unit = a.unit_id;
    }
    constexpr int64_t kMaxRows = 50;
    auto tx = store_.BeginRead();
    ViewContext ctx = LoadViewContext(*tx);
    ProjectFilter f;
    f.unit_id = unit;
    f.status = ProjectStatus::kDelayed;
    f.sort = "code";
    f.today = ctx.today;
    f.stalled_days = ctx.stalled_days;
    json::array overdue_nodes;
    for (const auto& summary : tx->ListProjects(f, Page{0, kMaxRows}).items) {
        auto p = tx->GetProject(summary.id, ctx.today);
        if (!p) continue;
        for (const auto& e : p->nodes) {
            if (!ctx.rules.Rule(p->category, e.node).applies || !IsOverdue(e, ctx.today)) continue;
            overdue_nodes.push_back({{"project_id", p->id},
                                     {"project_name", p->name},
                                     {"unit_name", p->unit_name},
                                     {"node", NodeKey(e.node)},
                                     {"planned_date", e.planned->ToString()},
                                     {"days", ctx.today.days() - e.planned->days()}});
        }
    }
    ProjectFilter all;
    all.unit_id = unit;
    all.sort = "code";
    all.today = ctx.today;
    all.stalled_days = ctx.stalled_days;
    json::array overdue_problems;
    // Projects with open problems past their deadline; the store counts them per project.
    for (const auto& summary : tx->ListProjects(all, Page{0, 100000}).items) {
        if (summary.overdue_problems == 0) continue;
        for (const auto& pr : tx->ListProblems(summary.id)) {
            if (pr.status != "open" || !pr.deadline || !(*pr.deadline < ctx.today)) continue;
            overdue_problems.push_back({{"project_id", summary.id},
                                        {"project_name", summary.name},
                                        {"unit_name", summary.unit_name},
                                        {"problem_id", pr.id},
                                        {"category", pr.category},
                                        {"description", pr.description},
                                        {"deadline", pr.deadline->ToString()},
                                        {"department", pr.department}});
        }
        if (static_cast<int64_t>(overdue_problems.size()) >= kMaxRows) break;
    }
    // Units late with last month's figures, once that month's deadline has passed.
    json::array late_units;
    Date last = ctx.today.AddDays(-ctx.today.day());  // the last day of the previous month
    std::set<int64_t> late = LateUnits(*tx, last.year(), last.month(), ctx.today);
    for (const auto& u : tx->ListUnits()) {
        if ((unit && *unit != u.id) || !late.count(u.id)) continue;
        late_units.push_back(
            {{"unit_id", u.id}, {"unit_name", u.name}, {"year", last.year()}, {"month", last.month()}});
    }
    return {{"overdue_nodes", std::move(overdue_nodes)},
            {"overdue_problems", std::move(overdue_problems)},
            {"late_units", std::move(late_units)}};
}

}  // namespace zs
