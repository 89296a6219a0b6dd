// Use cases: the weekly report (周报送) each unit submits, and who is late with it.
#include <algorithm>
#include <map>

#include "service/app.hpp"
#include "service/body.hpp"
#include "service/internal.hpp"
#include "service/weekly.hpp"

namespace zs {
namespace json = boost::json;

WeekSpan ReadWeek(int64_t year, int64_t week) {
    auto monday = MondayOfIsoWeek(static_cast<int>(year), static_cast<int>(week));
    if (!monday) {
        bool year_ok = year >= 1901 && year <= 2998;
        throw ApiError(ErrorCode::kBadRequest, year_ok ? "该年没有这一周" : "年度无效", year_ok ? "week" : "year");
    }
    return WeekSpan{static_cast<int>(year), static_cast<int>(week), *monday, monday->AddDays(6)};
}

Date WeeklyDeadline(Tx& tx, const WeekSpan& w) {
    int weekday = static_cast<int>(std::clamp<int64_t>(SettingInt(tx, "weekly_deadline_weekday", 5), 1, 7));
    return w.monday.AddDays(weekday - 1);
}

std::set<int64_t> LateWeeklyUnits(Tx& tx, const WeekSpan& w, Date today) {
    std::set<int64_t> late;
    if (!(WeeklyDeadline(tx, w) < today)) return late;
    std::set<int64_t> submitted;
    for (const auto& r : tx.ListWeeklyReports(w.year, w.week)) {
        if (r.submitted) submitted.insert(r.unit_id);
    }
    for (const auto& u : tx.ListUnits()) {
        if (!submitted.contains(u.id)) late.insert(u.id);
    }
    return late;
}

namespace {

struct KindCounts {
    int64_t trip = 0, visit = 0, exhibition = 0;
};

// The week's activities per unit, by kind.
std::map<int64_t, KindCounts> CountActivities(Tx& tx, const WeekSpan& w, std::optional<int64_t> unit) {
    ActivityFilter f;
    f.from = w.monday;
    f.to = w.sunday;
    f.unit_id = unit;
    std::map<int64_t, KindCounts> out;
    for (const auto& x : tx.ListActivities(f, Page{0, INT32_MAX}).items) {
        KindCounts& c = out[x.unit_id];
        switch (x.kind) {
            case ActivityKind::kTrip:
                ++c.trip;
                break;
            case ActivityKind::kVisit:
                ++c.visit;
                break;
            case ActivityKind::kExhibition:
                ++c.exhibition;
                break;
        }
    }
    return out;
}

json::object WeeklyJson(Tx& tx, const WeeklyReport& r, const std::string& unit_name, bool late, const KindCounts& c) {
    json::object o;
    o["unit_id"] = r.unit_id;
    o["unit_name"] = unit_name;
    o["year"] = r.year;
    o["week"] = r.week;
    o["progress"] = r.progress;
    o["problems"] = r.problems;
    o["submitted"] = r.submitted;
    o["submitted_at"] = TimeJson(r.submitted_at);
    o["submitted_by_name"] = UserNameJson(tx, r.submitted_by);
    o["late"] = late;
    o["activities"] = {{"trip", c.trip}, {"visit", c.visit}, {"exhibition", c.exhibition}};
    o["version"] = r.version;
    o["updated_at"] = TimeJson(r.updated_at);
    return o;
}

WeeklyReport LoadWeekly(Tx& tx, int64_t unit_id, const WeekSpan& w) {
    if (auto r = tx.GetWeeklyReport(unit_id, w.year, w.week)) return *r;
    WeeklyReport fresh;
    fresh.unit_id = unit_id;
    fresh.year = w.year;
    fresh.week = w.week;
    fresh.version = 0;  // not stored yet
    return fresh;
}

void RequireWeeklyReader(const Actor& a) {
    if (ReadScopeOf(a) == ReadScope::kNone) throw ApiError(ErrorCode::kForbidden, "当前角色无权查看周报送");
}

}  // namespace

json::object App::ListWeeklyReports(const Actor& a, const Query& q) {
    RequireWeeklyReader(a);
    auto year = QueryInt(q, "year", 1901, 2998);
    if (!year) throw ApiError(ErrorCode::kBadRequest, "缺少参数 year", "year");
    auto week = QueryInt(q, "week", 1, 53);
    if (!week) throw ApiError(ErrorCode::kBadRequest, "缺少参数 week", "week");
    WeekSpan w = ReadWeek(*year, *week);
    auto tx = store_.BeginRead();
    Date today = Date::Today();
    std::optional<int64_t> only;
    if (ReadScopeOf(a) == ReadScope::kOwnUnit) only = a.unit_id;
    std::set<int64_t> late = LateWeeklyUnits(*tx, w, today);
    auto counts = CountActivities(*tx, w, only);
    json::array items;
    json::array late_units;
    for (const auto& u : tx->ListUnits()) {
        if (only && u.id != *only) continue;
        bool is_late = late.contains(u.id);
        items.push_back(WeeklyJson(*tx, LoadWeekly(*tx, u.id, w), u.name, is_late, counts[u.id]));
        if (is_late) late_units.push_back({{"unit_id", u.id}, {"unit_name", u.name}});
    }
    auto n = static_cast<int64_t>(items.size());
    json::object out = ListJson(std::move(items), n);
    out["year"] = w.year;
    out["week"] = w.week;
    out["from"] = w.monday.ToString();
    out["to"] = w.sunday.ToString();
    out["deadline"] = WeeklyDeadline(*tx, w).ToString();
    out["late_units"] = std::move(late_units);
    return out;
}

json::object App::SaveWeeklyReport(const Actor& a, int64_t unit_id, int64_t year, int64_t week,
                                   const json::value& body) {
    RequireWeeklyReader(a);
    Body b(body, {"progress", "problems", "submit", "version"});
    int64_t version = b.Version();
    WeekSpan w = ReadWeek(year, week);
    auto tx = store_.BeginWrite();
    auto unit = tx->GetUnit(unit_id);
    if (!unit || (ReadScopeOf(a) == ReadScope::kOwnUnit && a.unit_id != unit_id)) {
        throw ApiError(ErrorCode::kNotFound, "单位不存在");
    }
    RequireWriter(a);
    Date today = Date::Today();
    if (today < w.monday) throw ApiError(ErrorCode::kUnprocessable, "该周尚未开始", "week");
    WeeklyReport cur = LoadWeekly(*tx, unit_id, w);
    std::set<int64_t> late = LateWeeklyUnits(*tx, w, today);
    auto counts = CountActivities(*tx, w, unit_id);
    json::object before = WeeklyJson(*tx, cur, unit->name, late.contains(unit_id), counts[unit_id]);
    if (cur.version != version) ThrowStale(before);
    if (cur.submitted && a.role == Role::kReporter) {
        throw ApiError(ErrorCode::kConflict, "周报已报送，如需修改请联系招商中心退回");
    }
    WeeklyReport next = cur;
    next.progress = b.String("progress", false, 20000);
    next.problems = b.String("problems", false, 20000);
    bool submit = b.Bool("submit", false);
    if (submit && !cur.submitted) {
        next.submitted = true;
        next.submitted_at = NowUnix();
        next.submitted_by = a.user_id;
    } else if (!submit) {
        next.submitted = false;  // staff reopen a submitted report
        next.submitted_at = 0;
        next.submitted_by = 0;
    }
    next.updated_at = NowUnix();
    if (!tx->UpsertWeeklyReport(next, version)) ThrowStale(before);
    WeeklyReport stored = *tx->GetWeeklyReport(unit_id, w.year, w.week);
    late = LateWeeklyUnits(*tx, w, today);
    json::object out = WeeklyJson(*tx, stored, unit->name, late.contains(unit_id), counts[unit_id]);
    Audit(*tx, a, "weekly_report", unit_id, 0, cur.version == 0 ? "create" : "update",
          cur.version == 0 ? json::value(nullptr) : json::value(before), out);
    tx->Commit();
    return out;
}

}  // namespace zs
