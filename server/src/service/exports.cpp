// Use cases: exports (导出) — what a list shows, as an .xlsx in the import's own column layout
// (service/columns.hpp), so that an exported file re-imports unchanged; and the monthly report of
// out-of-province funds and provincial-database projects the city sends to the province.
// docs/api.md "Exports", docs/imports.md "Exports".
#include <algorithm>
#include <cstdio>
#include <functional>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <unordered_map>

#include "service/app.hpp"
#include "service/body.hpp"
#include "service/columns.hpp"
#include "service/internal.hpp"
#include "sheet/sheet.hpp"

namespace zs {

namespace {

constexpr const char* kXlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
// Rows read per query: the whole list is exported, but never loaded by one unbounded statement.
constexpr int64_t kPageRows = 2000;
// Up to this many distinct investors are read one by one; more, and the whole table in pages.
constexpr std::size_t kInvestorLookups = 500;

FileBytes XlsxFile(std::string name, sheet::OutSheet s) {
    std::vector<sheet::OutSheet> sheets;
    sheets.push_back(std::move(s));  // not a copy of every row, as an initializer list would make
    FileBytes out;
    out.bytes = sheet::WriteXlsx(sheets);
    out.content_type = kXlsxType;
    out.name = std::move(name) + ".xlsx";
    return out;
}

// The sheet's columns as the column definitions give them (header, width, number format).
std::vector<sheet::OutColumn> OutColumns(const std::vector<ColumnDef>& defs) {
    std::vector<sheet::OutColumn> out;
    out.reserve(defs.size());
    for (const auto& d : defs) out.push_back({d.header, d.width, NumberFormat(d.type)});
    return out;
}

// A column this file does not know how to fill: a programming error (columns.cpp gained a column),
// answered as a 500 rather than as a file that silently lacks it.
[[noreturn]] void UnknownColumn(const ColumnDef& c) { throw std::logic_error("export: no value for column " + c.key); }

void RequireListReader(const Actor& a) {
    if (ReadScopeOf(a) == ReadScope::kNone) throw ApiError(ErrorCode::kForbidden, "当前角色无权导出");
}

// 招商中心 and leaders: the city-wide tables (targets, the provincial report).
void RequireCityReader(const Actor& a) {
    if (a.role != Role::kAdmin && a.role != Role::kDispatcher && a.role != Role::kLeader) {
        throw ApiError(ErrorCode::kForbidden, "仅招商中心和领导可以导出");
    }
}

// A month that has not begun has no data to export.
void RequireBegun(const MonthKey& m, Date today) {
    if (m.year * 12 + m.month > today.year() * 12 + today.month()) {
        throw ApiError(ErrorCode::kUnprocessable, "不能导出未来月份的数据", "month");
    }
}


std::string MonthText(const MonthKey& m) { return std::to_string(m.year) + "年" + std::to_string(m.month) + "月"; }

// Every project matching `f` in the filter's order (the export shows no overdue counts).
std::vector<Project> AllProjects(Tx& tx, ProjectFilter f) {
    f.with_counts = false;
    return tx.ListProjects(f, Page{0, INT64_MAX / 2}).items;
}

// The investors the projects use, by id (for their USCC).
std::unordered_map<int64_t, Investor> InvestorsOf(Tx& tx, const std::vector<Project>& projects) {
    std::set<int64_t> ids;
    for (const auto& p : projects) {
        if (p.investor_id) ids.insert(*p.investor_id);
    }
    std::unordered_map<int64_t, Investor> out;
    if (ids.size() <= kInvestorLookups) {
        for (int64_t id : ids) {
            if (auto i = tx.GetInvestor(id)) out.emplace(id, std::move(*i));
        }
        return out;
    }
    InvestorFilter all;
    all.sort = "id";
    for (int64_t offset = 0;; offset += kPageRows) {
        auto page = tx.ListInvestors(all, Page{offset, kPageRows});
        const auto n = static_cast<int64_t>(page.items.size());
        for (auto& i : page.items) {
            if (ids.count(i.id)) out.emplace(i.id, std::move(i));
        }
        if (n < kPageRows || offset + n >= page.total) break;
    }
    return out;
}

// How a column is filled from a row's object: resolved once per export from the column's key, so a
// key this file does not know fails even when there are no rows.
template <typename... Row>
using Getter = std::function<sheet::OutCell(const Row&...)>;

template <typename T>
Getter<T> TextOf(std::string T::*field) {
    return [field](const T& o) { return TextOut(o.*field); };
}

// "node.<key>.planned" / "node.<key>.actual" → the ledger entry's date.
std::optional<Getter<Project>> NodeColumn(const std::string& key) {
    if (key.rfind("node.", 0) != 0) return std::nullopt;
    const auto dot = key.rfind('.');
    const std::string node = key.substr(5, dot - 5);
    const std::string which = key.substr(dot + 1);
    for (Node n : kAllNodes) {
        if (NodeKey(n) != node || (which != "planned" && which != "actual")) continue;
        const bool planned = which == "planned";
        return [n, planned](const Project& p) {
            for (const auto& e : p.nodes) {
                if (e.node == n) return DateOut(planned ? e.planned : e.actual);
            }
            return sheet::OutCell{};
        };
    }
    return std::nullopt;
}

// `investors` (by id, for the USCC) must outlive the getter.
Getter<Project> ProjectColumn(const ColumnDef& c, const std::unordered_map<int64_t, Investor>& investors) {
    const std::string& k = c.key;
    const int64_t scale = HeaderMoneyScale(c.header);
    if (k == "code") return TextOf(&Project::code);
    if (k == "name") return TextOf(&Project::name);
    if (k == "unit") return TextOf(&Project::unit_name);
    if (k == "investor") return [](const Project& p) { return TextOut(p.investor_id ? p.investor_name : ""); };
    if (k == "investor_uscc") {
        return [&investors](const Project& p) {
            auto it = p.investor_id ? investors.find(*p.investor_id) : investors.end();
            return TextOut(it == investors.end() ? "" : it->second.uscc);
        };
    }
    if (k == "category") return [](const Project& p) { return TextOut(std::string(CategoryLabel(p.category))); };
    if (k == "industry_code") return TextOf(&Project::industry_code);
    if (k == "chain") return [](const Project& p) { return TextOut(p.chain_id ? p.chain_name : ""); };
    if (k == "emerging_industry") return TextOf(&Project::emerging_industry);
    if (k == "total_investment") return [scale](const Project& p) { return MoneyOut(p.total_investment, scale); };
    if (k == "fixed_asset_investment") {
        return [scale](const Project& p) { return MoneyOut(p.fixed_asset_investment, scale); };
    }
    if (k == "land_area_mu") return [](const Project& p) { return MuOut(p.land_mu_hundredths); };
    if (k == "leader_in_charge") return TextOf(&Project::leader_in_charge);
    if (k == "referrer") return TextOf(&Project::referrer);
    if (k == "introducing_unit") return TextOf(&Project::introducing_unit);
    if (k == "first_introducer") return TextOf(&Project::first_introducer);
    if (k == "is_key") return [](const Project& p) { return BoolOut(p.is_key); };
    if (k == "prov_db_status") {
        return [](const Project& p) { return TextOut(std::string(ProvDbLabel(p.prov_db_status))); };
    }
    if (k == "prov_db_reported_date") return [](const Project& p) { return DateOut(p.prov_db_reported_date); };
    if (k == "prov_db_confirmed_date") return [](const Project& p) { return DateOut(p.prov_db_confirmed_date); };
    if (k == "above_scale_route") {
        return [](const Project& p) { return TextOut(std::string(RouteLabel(p.above_scale_route))); };
    }
    if (k == "terminated") return [](const Project& p) { return BoolOut(p.terminated); };
    if (k == "termination_reason") return TextOf(&Project::termination_reason);
    if (auto node = NodeColumn(k)) return *node;
    UnknownColumn(c);
}

std::string TagsText(const std::vector<std::string>& tags) {
    std::string out;
    for (const auto& t : tags) {
        if (!out.empty()) out += "、";
        out += TagLabel(t);
    }
    return out;
}

Getter<Investor> InvestorColumn(const ColumnDef& c) {
    const std::string& k = c.key;
    if (k == "name") return TextOf(&Investor::name);
    if (k == "uscc") return TextOf(&Investor::uscc);
    if (k == "province") return TextOf(&Investor::province_name);
    if (k == "city") return TextOf(&Investor::city_name);
    if (k == "tags") return [](const Investor& i) { return TextOut(TagsText(i.tags)); };
    UnknownColumn(c);
}

// One row of the monthly grid: a project and its current figure of the month, when one was entered
// (null: the amount cells stay empty, as the grid shows nothing there).
Getter<Project, const MonthlyFigure*> MonthlyColumn(const ColumnDef& c, const MonthKey& m) {
    const std::string& k = c.key;
    if (k == "code") return [](const Project& p, const MonthlyFigure*) { return TextOut(p.code); };
    if (k == "project") return [](const Project& p, const MonthlyFigure*) { return TextOut(p.name); };
    if (k == "unit") return [](const Project& p, const MonthlyFigure*) { return TextOut(p.unit_name); };
    if (k == "month") {
        char buf[16];
        std::snprintf(buf, sizeof buf, "%04d-%02d", m.year, m.month);
        return [text = std::string(buf)](const Project&, const MonthlyFigure*) { return TextOut(text); };
    }
    const int64_t MonthlyFigure::*field = k == "funds_in_place"           ? &MonthlyFigure::funds_in_place
                                          : k == "funds_out_of_province"  ? &MonthlyFigure::funds_out_of_province
                                          : k == "fixed_asset_investment" ? &MonthlyFigure::fixed_asset_investment
                                          : k == "output_value"           ? &MonthlyFigure::output_value
                                          : k == "tax"                    ? &MonthlyFigure::tax
                                                                          : nullptr;
    if (field == nullptr) UnknownColumn(c);
    return [field, scale = HeaderMoneyScale(c.header)](const Project&, const MonthlyFigure* f) {
        return f ? MoneyOut(f->*field, scale) : sheet::OutCell{};
    };
}

// Resolves every column's getter once.
template <typename G, typename F>
std::vector<G> Getters(const std::vector<ColumnDef>& defs, F&& column) {
    std::vector<G> out;
    out.reserve(defs.size());
    for (const auto& c : defs) out.push_back(column(c));
    return out;
}

sheet::OutSheet NewSheet(std::string name, const std::vector<ColumnDef>& defs) {
    sheet::OutSheet s;
    s.name = std::move(name);
    s.columns = OutColumns(defs);
    return s;
}

}  // namespace

FileBytes App::ExportProjects(const Actor& a, const Query& q) {
    RequireListReader(a);
    ProjectFilter f = ReadProjectFilter(a, q);
    auto tx = store_.BeginRead();
    ViewContext ctx = LoadViewContext(*tx);
    f.today = ctx.today;
    f.stalled_days = ctx.stalled_days;
    std::vector<Project> projects = AllProjects(*tx, f);
    tx->LoadLedgers(projects);
    const auto investors = InvestorsOf(*tx, projects);

    const auto defs = ImportColumns(ImportKind::kProjects);
    const auto columns =
        Getters<Getter<Project>>(defs, [&](const ColumnDef& c) { return ProjectColumn(c, investors); });
    sheet::OutSheet s = NewSheet(std::string(ImportKindNameZh(ImportKind::kProjects)), defs);
    s.rows.reserve(projects.size());
    for (const auto& p : projects) {
        std::vector<sheet::OutCell> row;
        row.reserve(columns.size());
        for (const auto& cell : columns) row.push_back(cell(p));
        s.rows.push_back(std::move(row));
    }
    std::string name = s.name + ctx.today.ToString();
    return XlsxFile(std::move(name), std::move(s));
}

FileBytes App::ExportInvestors(const Actor& a, const Query& q) {
    RequireListReader(a);
    auto tx = store_.BeginRead();
    InvestorFilter f = ReadInvestorFilter(*tx, a, q);
    const auto defs = ImportColumns(ImportKind::kInvestors);
    const auto columns = Getters<Getter<Investor>>(defs, InvestorColumn);
    sheet::OutSheet s = NewSheet(std::string(ImportKindNameZh(ImportKind::kInvestors)), defs);
    for (int64_t offset = 0;; offset += kPageRows) {
        auto page = tx->ListInvestors(f, Page{offset, kPageRows});
        const auto n = static_cast<int64_t>(page.items.size());
        for (const auto& i : page.items) {
            std::vector<sheet::OutCell> row;
            row.reserve(columns.size());
            for (const auto& cell : columns) row.push_back(cell(i));
            s.rows.push_back(std::move(row));
        }
        if (n < kPageRows || offset + n >= page.total) break;
    }
    std::string name = s.name + Date::Today().ToString();
    return XlsxFile(std::move(name), std::move(s));
}

FileBytes App::ExportMonthly(const Actor& a, const Query& q) {
    RequireListReader(a);
    const MonthKey m = ReadMonth(q);
    auto requested = QueryInt(q, "unit_id", 1, INT64_MAX);
    auto tx = store_.BeginRead();
    ViewContext ctx = LoadViewContext(*tx);
    RequireBegun(m, ctx.today);
    std::optional<int64_t> only = ResolveFiguresUnit(*tx, a, requested, false);

    std::vector<Unit> units = tx->ListUnits();
    if (only) std::erase_if(units, [&](const Unit& u) { return u.id != *only; });
    const auto defs = ImportColumns(ImportKind::kMonthly);
    const auto columns =
        Getters<Getter<Project, const MonthlyFigure*>>(defs, [&](const ColumnDef& c) { return MonthlyColumn(c, m); });
    sheet::OutSheet s = NewSheet(std::string(ImportKindNameZh(ImportKind::kMonthly)), defs);
    for (const auto& unit : units) {
        // The grid of GET /api/figures: the unit's projects by code; terminated ones only with a figure.
        ProjectFilter f;
        f.unit_id = unit.id;
        f.sort = "code";
        f.today = ctx.today;
        f.stalled_days = ctx.stalled_days;
        std::map<int64_t, MonthlyFigure> figures;
        for (auto& fig : tx->ListCurrentFigures(unit.id, m.year, m.month)) figures[fig.project_id] = fig;
        for (const auto& p : AllProjects(*tx, f)) {
            auto it = figures.find(p.id);
            const MonthlyFigure* fig = it == figures.end() ? nullptr : &it->second;
            if (p.terminated && fig == nullptr) continue;
            std::vector<sheet::OutCell> row;
            row.reserve(columns.size());
            for (const auto& cell : columns) row.push_back(cell(p, fig));
            s.rows.push_back(std::move(row));
        }
    }
    std::string name = (only && !units.empty() ? units.front().name : std::string()) + MonthText(m) + s.name;
    return XlsxFile(std::move(name), std::move(s));
}

FileBytes App::ExportTargets(const Actor& a, const Query& q) {
    RequireCityReader(a);
    const int year = ReadYear(q);
    auto tx = store_.BeginRead();
    const auto catalogue = IndicatorCatalogue(LoadSettings(*tx, year).first);
    std::map<std::pair<std::string, int64_t>, int64_t> values;
    for (const auto& t : tx->ListTargets(year)) values[{t.indicator, t.scope_unit_id}] = t.value;

    const auto defs = ImportColumns(ImportKind::kTargets, catalogue);
    // The unit's name, or an indicator's target in the column's unit (empty: no target set).
    using TargetGetter = Getter<int64_t, std::string>;
    const auto columns = Getters<TargetGetter>(defs, [&values](const ColumnDef& c) -> TargetGetter {
        if (c.key == "unit") return [](const int64_t&, const std::string& name) { return TextOut(name); };
        if (c.type != ColumnType::kMoney && c.type != ColumnType::kCount) UnknownColumn(c);
        // Money in the header's unit (亿元), counts as they are.
        const std::optional<int64_t> scale =
            c.type == ColumnType::kMoney ? std::optional<int64_t>(HeaderMoneyScale(c.header)) : std::nullopt;
        return [&values, key = c.key, scale](const int64_t& unit_id, const std::string&) {
            auto it = values.find({key, unit_id});
            if (it == values.end()) return sheet::OutCell{};
            return scale ? MoneyOut(it->second, *scale) : sheet::OutCell::Number(static_cast<double>(it->second));
        };
    });
    sheet::OutSheet s = NewSheet(std::string(ImportKindNameZh(ImportKind::kTargets)), defs);
    std::vector<std::pair<int64_t, std::string>> scopes = {{0, "全市"}};
    for (const auto& u : tx->ListUnits()) scopes.emplace_back(u.id, u.name);
    for (const auto& [unit_id, unit_name] : scopes) {
        std::vector<sheet::OutCell> row;
        row.reserve(columns.size());
        for (const auto& cell : columns) row.push_back(cell(unit_id, unit_name));
        s.rows.push_back(std::move(row));
    }
    std::string name = std::to_string(year) + "年" + s.name;
    return XlsxFile(std::move(name), std::move(s));
}

// 实际利用省外资金及入省库项目情况表: see docs/imports.md "Exports" for what is listed and why.
FileBytes App::ExportProvinceMonthly(const Actor& a, const Query& q) {
    RequireCityReader(a);
    const MonthKey m = ReadMonth(q);
    auto tx = store_.BeginRead();
    ViewContext ctx = LoadViewContext(*tx);
    RequireBegun(m, ctx.today);
    const Date month_end = LastDayOfMonth(m.year, m.month);

    // Out-of-province funds of each project: the month's and January..month's (current revisions).
    const std::vector<Unit> units = tx->ListUnits();
    std::unordered_map<int64_t, int64_t> this_month, year_to_date;
    for (const auto& u : units) {
        for (int month = 1; month <= m.month; ++month) {
            for (const auto& f : tx->ListCurrentFigures(u.id, m.year, month)) {
                year_to_date[f.project_id] += f.funds_out_of_province;
                if (month == m.month) this_month[f.project_id] += f.funds_out_of_province;
            }
        }
    }
    std::map<std::string, std::string> provinces;
    for (const auto& r : tx->ListRegions()) {
        if (r.parent.empty()) provinces[r.code] = r.name;
    }
    std::unordered_map<int64_t, std::size_t> unit_rank;
    for (std::size_t i = 0; i < units.size(); ++i) unit_rank[units[i].id] = i;

    ProjectFilter f;
    f.sort = "code";
    f.today = ctx.today;
    f.stalled_days = ctx.stalled_days;
    std::vector<Project> listed;
    for (auto& p : AllProjects(*tx, f)) {
        if (p.terminated) continue;
        const bool funds = year_to_date[p.id] > 0;
        const bool reported =
            p.prov_db_status != ProvDbStatus::kNone && p.prov_db_reported_date && *p.prov_db_reported_date <= month_end;
        if (funds || reported) listed.push_back(std::move(p));
    }
    // By the units' order (ListUnits: sort_order, id), then project code (stable: already by code).
    std::stable_sort(listed.begin(), listed.end(),
                     [&](const Project& x, const Project& y) { return unit_rank[x.unit_id] < unit_rank[y.unit_id]; });

    const std::string money = NumberFormat(ColumnType::kMoney);
    sheet::OutSheet s;
    s.name = "省外资金及入省库项目";
    const std::string city = tx->GetSetting("city_name").value_or("");
    const std::string title = city + MonthText(m) + "实际利用省外资金及入省库项目情况表";
    s.title_lines = {title, "单位：万元"};
    s.columns = {{"序号", 6, "0"},
                 {"项目名称", 30, ""},
                 {"投资方", 26, ""},
                 {"来源省份", 10, ""},
                 {"总投资（万元）", 14, money},
                 {"本月到位省外资金（万元）", 16, money},
                 {"年度累计到位省外资金（万元）", 18, money},
                 {"入库状态", 10, ""},
                 {"上报日期", 12, ""},
                 {"认定日期", 12, ""},
                 {"责任单位", 16, ""}};
    s.autofilter = false;  // the 合计 row would be filtered with the projects
    int64_t total = 0, month_sum = 0, ytd_sum = 0;
    int64_t seq = 0;
    for (const auto& p : listed) {
        const int64_t month_funds = this_month[p.id];
        const int64_t ytd_funds = year_to_date[p.id];
        total += p.total_investment;
        month_sum += month_funds;
        ytd_sum += ytd_funds;
        std::string province;
        if (p.investor_id && !p.investor_province_code.empty()) {
            auto it = provinces.find(p.investor_province_code);
            province = it == provinces.end() ? p.investor_province_code : it->second;
        }
        s.rows.push_back({sheet::OutCell::Number(static_cast<double>(++seq)), TextOut(p.name),
                          TextOut(p.investor_id ? p.investor_name : ""), TextOut(province),
                          MoneyOut(p.total_investment), MoneyOut(month_funds), MoneyOut(ytd_funds),
                          TextOut(std::string(ProvDbLabel(p.prov_db_status))), DateOut(p.prov_db_reported_date),
                          DateOut(p.prov_db_confirmed_date), TextOut(p.unit_name)});
    }
    s.rows.push_back(
        {TextOut("合计"), {}, {}, {}, MoneyOut(total), MoneyOut(month_sum), MoneyOut(ytd_sum), {}, {}, {}, {}});
    return XlsxFile(title, std::move(s));
}

}  // namespace zs
