// A small city built by hand for the composer tests: units of every kind, projects described
// once and turned into both the engine's snapshot and the service's Project rows, monthly figures
// of this year and last, targets. ReportData comes from running the real indicator engine on it,
// as the service does, so the texts are checked against the engine and not against themselves.
#pragma once

// Test data names only the fields a project has (designated initializers); the others keep their
// defaults on purpose.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "core/date.hpp"
#include "core/document.hpp"
#include "core/domain.hpp"
#include "core/indicator_settings.hpp"
#include "core/indicators.hpp"
#include "core/money.hpp"
#include "core/snapshot.hpp"
#include "service/report_port.hpp"

namespace zs::compose_test {

inline constexpr int64_t kYi = kYuanPerYi;
inline constexpr int64_t kWan = kYuanPerWan;

inline Date D(int y, int m, int d) { return *Date::FromYmd(y, m, d); }
inline Date LastDayOfMonth(int y, int m) { return m == 12 ? D(y, 12, 31) : D(y, m + 1, 1).AddDays(-1); }
// Unix seconds of a China-time noon, so LocalDateOfUnix gives the same day.
inline int64_t UnixOf(Date d) { return static_cast<int64_t>(d.days()) * 86'400 + 4 * 3'600; }

struct ProjectSpec {
    int64_t id = 0;
    int64_t unit_id = 0;
    std::string name;
    Category category = Category::kIndustry;
    int64_t total = 0;
    std::string emerging;
    std::string chain;
    std::string industry_code;
    bool is_key = false;
    bool terminated = false;
    std::vector<std::pair<Node, Date>> actual;
    std::vector<std::pair<Node, Date>> planned;
    ProvDbStatus prov = ProvDbStatus::kNone;
    std::optional<Date> reported;
    std::optional<Date> confirmed;
    AboveScaleRoute route = AboveScaleRoute::kNone;
    Date created = D(2026, 1, 1);
};

struct FigureSpec {
    int64_t project_id = 0;
    int year = 0;
    int month = 0;
    int64_t funds_out = 0;
    int64_t fixed_asset = 0;
};

inline std::optional<Date> NodeDate(const std::vector<std::pair<Node, Date>>& dates, Node n) {
    for (const auto& [node, date] : dates) {
        if (node == n) return date;
    }
    return std::nullopt;
}

inline int32_t DayOrNone(const std::optional<Date>& d) { return d ? d->days() : kNoDay; }

struct World {
    std::vector<Unit> units;
    std::vector<ProjectSpec> projects;
    std::vector<FigureSpec> figures;
    TargetTable targets;
    std::vector<Problem> problems;
    std::vector<Activity> activities;

    void AddUnit(int64_t id, std::string name, UnitKind kind) {
        Unit u;
        u.id = id;
        u.code = "U" + std::to_string(id);
        u.name = std::move(name);
        u.kind = kind;
        u.sort_order = static_cast<int>(units.size());
        units.push_back(std::move(u));
    }

    std::string UnitName(int64_t id) const {
        for (const Unit& u : units) {
            if (u.id == id) return u.name;
        }
        return "";
    }

    EngineSnapshot Snapshot() const {
        EngineSnapshot s;
        for (const Unit& u : units) {
            s.unit_id.push_back(u.id);
            s.unit_kind.push_back(static_cast<uint8_t>(u.kind));
        }
        std::vector<ProjectSpec> sorted = projects;
        std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
        for (const ProjectSpec& p : sorted) {
            s.project_id.push_back(p.id);
            int32_t unit = -1;
            for (std::size_t i = 0; i < units.size(); ++i) {
                if (units[i].id == p.unit_id) unit = static_cast<int32_t>(i);
            }
            s.project_unit.push_back(unit);
            s.category.push_back(static_cast<uint8_t>(p.category));
            s.terminated.push_back(p.terminated ? 1 : 0);
            s.total_investment.push_back(p.total);
            s.out_of_province.push_back(1);
            int16_t emerging = -1;
            if (!p.emerging.empty()) {
                auto it = std::find(s.emerging_names.begin(), s.emerging_names.end(), p.emerging);
                if (it == s.emerging_names.end()) it = s.emerging_names.insert(s.emerging_names.end(), p.emerging);
                emerging = static_cast<int16_t>(it - s.emerging_names.begin());
            }
            s.emerging.push_back(emerging);
            s.signed_day.push_back(DayOrNone(NodeDate(p.actual, Node::kSigned)));
            s.in_stats_day.push_back(DayOrNone(NodeDate(p.actual, Node::kInStats)));
            s.producing_day.push_back(DayOrNone(NodeDate(p.actual, Node::kProducing)));
            s.above_scale_day.push_back(DayOrNone(NodeDate(p.actual, Node::kAboveScale)));
            s.above_scale_route.push_back(static_cast<uint8_t>(p.route));
            s.prov_db_status.push_back(static_cast<uint8_t>(p.prov));
            s.prov_db_reported_day.push_back(DayOrNone(p.reported));
            s.prov_db_confirmed_day.push_back(DayOrNone(p.confirmed));
        }
        auto index_of = [&](int64_t id) {
            return static_cast<int32_t>(std::find(s.project_id.begin(), s.project_id.end(), id) - s.project_id.begin());
        };
        std::vector<FigureSpec> rows = figures;
        std::sort(rows.begin(), rows.end(), [&](const FigureSpec& a, const FigureSpec& b) {
            return std::tuple(index_of(a.project_id), a.year, a.month) <
                   std::tuple(index_of(b.project_id), b.year, b.month);
        });
        for (const FigureSpec& f : rows) {
            s.fig_project.push_back(index_of(f.project_id));
            s.fig_month.push_back(f.year * 12 + f.month - 1);
            s.fig_funds.push_back(f.funds_out);
            s.fig_funds_out.push_back(f.funds_out);
            s.fig_fixed_asset.push_back(f.fixed_asset);
            s.fig_output.push_back(0);
            s.fig_tax.push_back(0);
        }
        return s;
    }

    Project ToProject(const ProjectSpec& spec) const {
        Project p;
        p.id = spec.id;
        p.code = "XM" + std::to_string(spec.id);
        p.name = spec.name;
        p.unit_id = spec.unit_id;
        p.unit_name = UnitName(spec.unit_id);
        p.category = spec.category;
        p.emerging_industry = spec.emerging;
        p.total_investment = spec.total;
        p.fixed_asset_investment = spec.total / 2;
        p.land_mu_hundredths = 5'025;
        p.chain_name = spec.chain;
        p.industry_code = spec.industry_code;
        p.industry_name = spec.industry_code.empty() ? "" : "行业" + spec.industry_code;
        p.is_key = spec.is_key;
        p.terminated = spec.terminated;
        p.investor_name = "投资方" + std::to_string(spec.id);
        p.investor_province_code = "320000";
        p.leader_in_charge = "包保领导";
        p.referrer = "引荐人";
        p.introducing_unit = p.unit_name;
        p.first_introducer = "第一引资人";
        p.prov_db_status = spec.prov;
        p.prov_db_reported_date = spec.reported;
        p.prov_db_confirmed_date = spec.confirmed;
        p.above_scale_route = spec.route;
        p.created_at = UnixOf(spec.created);
        for (const auto& [node, date] : spec.actual) p.nodes[NodeIndex(node)].actual = date;
        for (const auto& [node, date] : spec.planned) p.nodes[NodeIndex(node)].planned = date;
        p.signed_date = p.nodes[NodeIndex(Node::kSigned)].actual;
        return p;
    }

    IndicatorTable Table(const EngineSnapshot& s, const Period& p) const {
        IndicatorTable t;
        t.period = p;
        const IndicatorSettings settings = IndicatorSettings::Defaults(p.year);
        t.catalogue = IndicatorCatalogue(settings);
        t.results = ComputeIndicators(s, settings, IndicatorSettings::Defaults(p.year - 1), p, targets);
        t.unit_ids = s.unit_id;
        return t;
    }

    // What the service gathers for a summary or monthly bulletin of `year`, months 1..`month`.
    ReportData Data(ReportType type, int year, int month, Date today) const {
        ReportData d;
        d.type = type;
        d.year = year;
        d.month = month;
        d.today = today;
        d.from = D(year, 1, 1);
        d.to = std::min(LastDayOfMonth(year, month), today);
        d.city_name = "桐城市";
        d.issuer = "桐城市招商中心";
        d.units = units;
        d.settings = IndicatorSettings::Defaults(year);
        const EngineSnapshot s = Snapshot();
        d.cumulative = Table(s, {year, month, true});
        d.single = Table(s, {year, month, false});
        for (const ProjectSpec& spec : projects) {
            if (!spec.terminated) d.projects.push_back(ToProject(spec));
        }
        d.open_problems = problems;
        d.activities = activities;
        d.industry_sections = {{"C", "制造业"}, {"F", "批发和零售业"}, {"I", "信息传输、软件和信息技术服务业"}};
        d.warning_share = {1, 3};
        d.warning_date = D(year, 9, 30);
        return d;
    }
};

inline Problem MakeProblem(int64_t id, int64_t project_id, std::string category, std::string description,
                           std::optional<Date> deadline, std::string department = "市自然资源和规划局") {
    Problem p;
    p.id = id;
    p.project_id = project_id;
    p.category = std::move(category);
    p.description = std::move(description);
    p.department = std::move(department);
    p.deadline = deadline;
    p.status = "open";
    return p;
}

// The city of the summary and bulletin tests (2026, figures to June). Totals sit on the band
// boundaries (1亿, 5亿, 10亿 and one yuan below); every figure the tests expect is worked out in
// compose_summary_test.cpp beside the expected text.
inline World CityWorld() {
    World w;
    w.AddUnit(1, "桐城经济开发区", UnitKind::kDevZone);
    w.AddUnit(2, "双新产业园", UnitKind::kPark);
    w.AddUnit(3, "文昌街道", UnitKind::kTown);
    w.AddUnit(4, "龙眠街道", UnitKind::kTown);
    w.AddUnit(5, "孔城镇", UnitKind::kTown);
    w.AddUnit(6, "市发改委", UnitKind::kMunicipal);
    w.AddUnit(7, "市商务局", UnitKind::kMunicipal);

    w.projects = {
        {.id = 101,
         .unit_id = 1,
         .name = "智能输送机项目",
         .total = 10 * kYi,
         .emerging = "高端装备制造",
         .chain = "机电装备",
         .industry_code = "C3434",
         .is_key = true,
         .actual = {{Node::kLead, D(2025, 10, 1)},
                    {Node::kNegotiating, D(2025, 11, 1)},
                    {Node::kPrereview, D(2026, 2, 20)},
                    {Node::kSigned, D(2026, 3, 15)},
                    {Node::kRegistered, D(2026, 4, 1)},
                    {Node::kLand, D(2026, 4, 20)},
                    {Node::kStarted, D(2026, 5, 20)}},
         .planned = {{Node::kInStats, D(2026, 6, 20)}, {Node::kProducing, D(2026, 12, 31)}},
         .prov = ProvDbStatus::kConfirmed,
         .reported = D(2026, 3, 20),
         .confirmed = D(2026, 4, 10)},
        {.id = 102,
         .unit_id = 1,
         .name = "光伏封装材料项目",
         .total = 5 * kYi,
         .emerging = "先进光伏和新型储能",
         .industry_code = "C3825",
         .actual = {{Node::kSigned, D(2026, 6, 10)}, {Node::kStarted, D(2026, 6, 25)}},
         .planned = {{Node::kInStats, D(2026, 9, 30)}}},
        {.id = 103,
         .unit_id = 2,
         .name = "新能源汽车底盘项目",
         .total = 10 * kYi - 1,
         .chain = "汽车零部件",
         .actual = {{Node::kSigned, D(2026, 2, 1)}, {Node::kStarted, D(2026, 4, 2)}},
         .prov = ProvDbStatus::kPending,
         .reported = D(2026, 6, 5)},
        {.id = 104,
         .unit_id = 3,
         .name = "绿色包装产业园项目",
         .total = kYi,
         .chain = "绿色包装",
         .actual = {{Node::kSigned, D(2026, 6, 20)}},
         .planned = {{Node::kRegistered, D(2026, 6, 25)}, {Node::kLand, D(2026, 8, 31)}}},
        {.id = 105,
         .unit_id = 3,
         .name = "商贸物流项目",
         .category = Category::kService,
         .total = 5 * kYi - 1,
         .industry_code = "F5191",
         .actual = {{Node::kSigned, D(2026, 1, 10)}}},
        {.id = 106,
         .unit_id = 4,
         .name = "农产品加工项目",
         .total = kYi - 1,
         .actual = {{Node::kSigned, D(2026, 5, 5)}}},
        {.id = 107,
         .unit_id = 5,
         .name = "金属表面处理产业园",
         .total = 12 * kYi,
         .is_key = true,
         .actual = {{Node::kSigned, D(2025, 11, 20)},
                    {Node::kStarted, D(2025, 12, 20)},
                    {Node::kInStats, D(2026, 3, 1)},
                    {Node::kProducing, D(2026, 5, 18)},
                    {Node::kAboveScale, D(2026, 6, 1)}},
         .prov = ProvDbStatus::kConfirmed,
         .reported = D(2025, 12, 25),
         .confirmed = D(2026, 1, 20),
         .route = AboveScaleRoute::kNewProduction,
         .created = D(2025, 10, 1)},
        {.id = 108,
         .unit_id = 4,
         .name = "老厂技改项目",
         .total = 6'000 * kWan,
         .actual = {{Node::kSigned, D(2024, 6, 1)},
                    {Node::kInStats, D(2026, 2, 10)},
                    {Node::kAboveScale, D(2026, 4, 15)}},
         .route = AboveScaleRoute::kUpgrade,
         .created = D(2024, 5, 1)},
        {.id = 109,
         .unit_id = 2,
         .name = "中鼎汽车零部件产业园",
         .total = 20 * kYi,
         .chain = "汽车零部件",
         .actual = {{Node::kSigned, D(2026, 6, 28)}},
         .prov = ProvDbStatus::kPending,
         .reported = D(2026, 6, 30)},
        {.id = 110,
         .unit_id = 6,
         .name = "文旅综合体项目",
         .category = Category::kService,
         .total = 3 * kYi,
         .actual = {{Node::kLead, D(2026, 2, 1)}, {Node::kNegotiating, D(2026, 3, 1)}}},
        {.id = 111,
         .unit_id = 1,
         .name = "已终止项目",
         .total = 2 * kYi,
         .terminated = true,
         .actual = {{Node::kSigned, D(2026, 1, 5)}}},
        {.id = 112,
         .unit_id = 7,
         .name = "数字经济产业园",
         .total = 15'000 * kWan,
         .actual = {{Node::kLead, D(2026, 4, 1)},
                    {Node::kNegotiating, D(2026, 5, 10)},
                    {Node::kPrereview, D(2026, 6, 15)}}},
    };

    w.figures = {
        {101, 2026, 3, 25'000 * kWan, 12'000 * kWan}, {101, 2026, 5, 10'000 * kWan, 8'000 * kWan},
        {101, 2026, 6, 3'500 * kWan, 5'000 * kWan},   {101, 2026, 7, 5 * kYi, 5 * kYi},  // after the period
        {107, 2026, 2, 3 * kYi, 4'000 * kWan},        {107, 2025, 4, 4 * kYi, 0},
        {103, 2026, 4, 12'000 * kWan, 9'000 * kWan},  {104, 2026, 6, 0, 3'000 * kWan},
        {106, 2026, 5, 5'000 * kWan, 2'000 * kWan},
    };

    TargetTable& t = w.targets;
    t.Set("provincial_funds", kCityUnitId, 20 * kYi);
    t.Set("prov_db_new", kCityUnitId, 4);
    t.Set("prov_db_new_large", kCityUnitId, 3);
    t.Set("signed_100m", kCityUnitId, 12);
    t.Set("signed_100m_industry", kCityUnitId, 15);
    t.Set("signed_band_1", kCityUnitId, 6);
    t.Set("signed_band_2", kCityUnitId, 2);
    t.Set("in_stats", kCityUnitId, 8);
    t.Set("new_fixed_asset", kCityUnitId, 10 * kYi);
    t.Set("new_fixed_asset", 1, 4 * kYi);
    t.Set("new_fixed_asset", 2, 18'000 * kWan);
    t.Set("new_fixed_asset", 3, 15'000 * kWan);
    t.Set("new_fixed_asset", 5, 15'000 * kWan);
    t.Set("signed_100m", 1, 4);
    t.Set("signed_100m", 2, 4);
    t.Set("signed_100m", 3, 4);
    t.Set("signed_100m", 4, 2);
    t.Set("provincial_funds", 1, 10 * kYi);
    t.Set("provincial_funds", 5, 3 * kYi);

    w.problems = {
        MakeProblem(1, 102, "land_quota", "已签约项目等待土地指标", D(2026, 6, 15)),
        MakeProblem(2, 103, "funding", "配套资金未到位", D(2026, 8, 1), "市财政局"),
        MakeProblem(3, 109, "land_quota", "用地规划调整", std::nullopt),
        MakeProblem(4, 101, "approval", "环评批复待审", D(2026, 5, 31), "市生态环境分局"),
    };

    auto activity = [](int64_t id, int64_t unit, ActivityKind kind, Date date) {
        Activity a;
        a.id = id;
        a.unit_id = unit;
        a.kind = kind;
        a.date = date;
        return a;
    };
    Activity trip = activity(1, 1, ActivityKind::kTrip, D(2026, 3, 2));
    trip.leader = "张副市长";
    trip.destination = "上海";
    Activity visit = activity(2, 3, ActivityKind::kVisit, D(2026, 4, 10));
    visit.persons = 12;
    Activity show1 = activity(3, 1, ActivityKind::kExhibition, D(2026, 5, 12));
    show1.place = "上海";
    show1.title = "2026中国生物降解材料高峰论坛";
    show1.brochures = 800;
    show1.enterprises_visited = 30;
    show1.key_talks = 12;
    show1.contacts = 25;
    show1.follow_ups = 6;
    Activity show2 = activity(4, 2, ActivityKind::kExhibition, D(2026, 6, 18));
    show2.place = "深圳";
    show2.title = "2026国际橡塑展";
    show2.brochures = 2'000;
    show2.enterprises_visited = 120;
    show2.key_talks = 15;
    show2.contacts = 40;
    show2.follow_ups = 8;
    Activity later = activity(5, 2, ActivityKind::kVisit, D(2026, 7, 2));  // after the period: left out
    later.persons = 99;
    w.activities = {trip, visit, show1, show2, later};
    return w;
}

// The block with `id`; fails the test when absent.
inline const Block& BlockOf(const Document& doc, std::string_view id) {
    for (const Block& b : doc.blocks) {
        if (b.id == id) return b;
    }
    ADD_FAILURE() << "no block " << id;
    static const Block kNone;
    return kNone;
}

inline bool HasBlock(const Document& doc, std::string_view id) {
    return std::any_of(doc.blocks.begin(), doc.blocks.end(), [&](const Block& b) { return b.id == id; });
}

inline std::optional<std::string> FactOf(const Document& doc, std::string_view key) {
    for (const Fact& f : doc.facts) {
        if (f.key == key) return f.value;
    }
    return std::nullopt;
}

inline std::vector<std::string> EditableIds(const Document& doc) {
    std::vector<std::string> out;
    for (const Block& b : doc.blocks) {
        if (b.editable) out.push_back(b.id);
    }
    return out;
}

inline std::vector<std::string> BlockIds(const Document& doc) {
    std::vector<std::string> out;
    for (const Block& b : doc.blocks) out.push_back(b.id);
    return out;
}

// A table's column as printed texts, every row.
inline std::vector<std::string> ColumnTexts(const Table& t, std::size_t col) {
    std::vector<std::string> out;
    for (const auto& row : t.rows) out.push_back(col < row.size() ? row[col].text : "<missing>");
    return out;
}

// The row whose first cell reads `first`.
inline std::vector<std::string> RowTexts(const Table& t, std::string_view first) {
    for (const auto& row : t.rows) {
        if (!row.empty() && row[0].text == first) {
            std::vector<std::string> out;
            for (const Cell& c : row) out.push_back(c.text);
            return out;
        }
    }
    ADD_FAILURE() << "no row " << first;
    return {};
}

}  // namespace zs::compose_test
