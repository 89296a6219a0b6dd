// Use cases: spreadsheet imports (docs/api.md "Imports", docs/imports.md). An upload is stored with
// its file, read and validated on a worker (ImportJobs) with the API's own rules, and shown as a
// preview; a commit validates it again inside the write transaction and writes every row, audited,
// or nothing.
#include "service/imports.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <map>
#include <set>
#include <unordered_map>

#include "core/crypto.hpp"
#include "service/app.hpp"
#include "service/body.hpp"
#include "service/columns.hpp"
#include "service/internal.hpp"
#include "sheet/sheet.hpp"

namespace zs {
namespace json = boost::json;

// --- the workers

ImportJobs::ImportJobs(int workers) {
    for (int i = 0; i < workers; ++i) threads_.emplace_back([this] { Run(); });
}

ImportJobs::~ImportJobs() {
    {
        std::lock_guard l(mutex_);
        stopping_ = true;
        for (auto& [id, job] : jobs_) job->cancel = true;
    }
    cv_.notify_all();
    for (auto& t : threads_) t.join();
}

std::shared_ptr<ImportJobs::Job> ImportJobs::Submit(int64_t id, std::function<void(Job&)> work) {
    auto job = std::make_shared<Job>();
    {
        std::lock_guard l(mutex_);
        if (stopping_) job->cancel = true;
        jobs_[id] = job;
        queue_.emplace_back(id, std::move(work));
    }
    cv_.notify_one();
    return job;
}

std::shared_ptr<ImportJobs::Job> ImportJobs::Find(int64_t id) {
    std::lock_guard l(mutex_);
    auto it = jobs_.find(id);
    return it == jobs_.end() ? nullptr : it->second;
}

void ImportJobs::KeepPlan(int64_t id, std::string key, std::shared_ptr<void> plan) {
    std::lock_guard l(mutex_);
    std::erase_if(plans_, [id](const auto& p) { return std::get<0>(p) == id; });
    plans_.emplace_back(id, std::move(key), std::move(plan));
    while (plans_.size() > kPlansKept) plans_.pop_front();
}

std::shared_ptr<void> ImportJobs::TakePlan(int64_t id, const std::string& key) {
    std::lock_guard l(mutex_);
    for (auto it = plans_.begin(); it != plans_.end(); ++it) {
        if (std::get<0>(*it) != id) continue;
        std::shared_ptr<void> plan = std::get<1>(*it) == key ? std::get<2>(*it) : nullptr;
        plans_.erase(it);
        return plan;
    }
    return nullptr;
}

bool ImportJobs::Wait(Job& job, int ms) {
    std::unique_lock l(job.m);
    return job.cv.wait_for(l, std::chrono::milliseconds(ms), [&] { return job.finished; });
}

void ImportJobs::Run() {
    for (;;) {
        std::pair<int64_t, std::function<void(Job&)>> item;
        std::shared_ptr<Job> job;
        {
            std::unique_lock l(mutex_);
            cv_.wait(l, [&] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;
            item = std::move(queue_.front());
            queue_.pop_front();
            job = jobs_[item.first];
        }
        try {
            item.second(*job);
        } catch (const std::exception& e) {
            spdlog::error("import {}: {}", item.first, e.what());
        } catch (...) {
            spdlog::error("import {}: unknown failure", item.first);
        }
        {
            std::lock_guard l(job->m);
            job->finished = true;
        }
        job->cv.notify_all();
        std::lock_guard l(mutex_);
        auto it = jobs_.find(item.first);
        if (it != jobs_.end() && it->second == job) jobs_.erase(it);
    }
}

std::shared_ptr<ImportJobs> NewImportJobs() { return std::make_shared<ImportJobs>(2); }

namespace {

constexpr std::size_t kListedIssues = 1000;  // errors, warnings and changes listed per import
constexpr int kHeaderSearchRows = 20;

struct Cancelled {};

// What the upload asked for beyond the file.
struct ImportParams {
    std::optional<int64_t> unit_id;  // the unit of rows that name none
    int year = 0;
    int month = 0;
};

json::object ParamsJson(const ImportParams& p) {
    json::object o;
    o["unit_id"] = p.unit_id ? json::value(*p.unit_id) : json::value(nullptr);
    o["year"] = p.year;
    o["month"] = p.month;
    return o;
}

ImportParams ParamsOf(const ImportRecord& r) {
    ImportParams p;
    json::value v = json::parse(r.params_json);
    const auto& o = v.as_object();
    if (const auto* u = o.if_contains("unit_id"); u && u->is_int64()) p.unit_id = u->get_int64();
    if (const auto* y = o.if_contains("year"); y && y->is_int64()) p.year = static_cast<int>(y->get_int64());
    if (const auto* m = o.if_contains("month"); m && m->is_int64()) p.month = static_cast<int>(m->get_int64());
    return p;
}


std::string TrimText(std::string_view s) {
    std::size_t b = 0, e = s.size();
    while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r' || s[b] == '\n')) ++b;
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r' || s[e - 1] == '\n')) --e;
    // The ideographic space, common in hand-typed ledgers.
    std::string t(s.substr(b, e - b));
    while (t.rfind("\u3000", 0) == 0) t.erase(0, 3);
    while (t.size() >= 3 && t.compare(t.size() - 3, 3, "\u3000") == 0) t.erase(t.size() - 3);
    return t;
}

const sheet::Cell& CellAt(const sheet::Row& r, std::size_t j) {
    static const sheet::Cell kEmpty;
    return j < r.cells.size() ? r.cells[j] : kEmpty;
}

bool CellEmpty(const sheet::Cell& c) { return c.kind == sheet::CellKind::kEmpty || TrimText(c.text).empty(); }

// Exact 万元 text of an amount in yuan: 12345678 → "1234.5678", 10000 → "1".
std::string WanText(int64_t yuan) {
    std::string s = std::to_string(yuan / 10000);
    int64_t frac = yuan % 10000;
    if (frac != 0) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "%04lld", static_cast<long long>(frac));
        std::string f = buf;
        while (!f.empty() && f.back() == '0') f.pop_back();
        s += "." + f;
    }
    return s;
}

std::string MuText(int64_t hundredths) {
    std::string s = std::to_string(hundredths / 100);
    int64_t frac = hundredths % 100;
    if (frac != 0) {
        s += "." + std::to_string(frac / 10);
        if (frac % 10 != 0) s += std::to_string(frac % 10);
    }
    return s;
}

std::string DateText(const std::optional<Date>& d) { return d ? d->ToString() : ""; }

// --- the sheet's layout: which row holds the headers and which field each column is

struct Layout {
    std::vector<ColumnDef> defs;
    std::size_t header_index = 0;       // index into Sheet::rows
    int64_t header_row = 0;             // the spreadsheet's row number
    std::vector<std::string> headers;   // per column: the header as the file has it ("" when empty)
    std::vector<int> field;             // per column: index into defs, or -1 (not imported)
    int Column(std::string_view key) const {  // the column of a field, or -1
        for (std::size_t j = 0; j < field.size(); ++j) {
            if (field[j] >= 0 && defs[field[j]].key == key) return static_cast<int>(j);
        }
        return -1;
    }
    int Def(std::string_view key) const {
        for (std::size_t i = 0; i < defs.size(); ++i) {
            if (defs[i].key == key) return static_cast<int>(i);
        }
        return -1;
    }
    std::string ColumnName(int j) const {
        if (j < 0) return {};
        const std::string& h = headers[static_cast<std::size_t>(j)];
        return h.empty() ? sheet::ColumnName(j) : h;
    }
};

class HeaderIndex {
public:
    explicit HeaderIndex(const std::vector<ColumnDef>& defs) {
        // Canonical headers first, so that one field's header wins over another's synonym.
        for (std::size_t i = 0; i < defs.size(); ++i) map_.emplace(NormaliseHeader(defs[i].header), static_cast<int>(i));
        for (std::size_t i = 0; i < defs.size(); ++i) {
            for (const auto& s : defs[i].synonyms) map_.emplace(NormaliseHeader(s), static_cast<int>(i));
        }
    }
    int Match(std::string_view header) const {
        std::string n = NormaliseHeader(header);
        if (n.empty()) return -1;
        auto it = map_.find(n);
        return it == map_.end() ? -1 : it->second;
    }

private:
    std::unordered_map<std::string, int> map_;
};

// The headers of the row at `index`: each cell's text, or its parent's (the row above, when that row
// holds a merged group header such as 签约 over 计划时间 / 实际时间) joined with it when that names a field.
std::vector<std::string> HeadersAt(const sheet::Sheet& s, std::size_t index, const HeaderIndex& hx) {
    const sheet::Row& row = s.rows[index];
    const sheet::Row* above = nullptr;
    if (index > 0 && s.rows[index - 1].number == row.number - 1) above = &s.rows[index - 1];
    std::size_t n = row.cells.size();
    if (above) n = std::max(n, above->cells.size());
    std::vector<std::string> out(n);
    for (std::size_t j = 0; j < n; ++j) {
        std::string own = TrimText(CellAt(row, j).text);
        if (above) {
            std::string parent = TrimText(CellAt(*above, j).text);
            if (!parent.empty() && parent != own) {
                if (hx.Match(parent + own) >= 0) {
                    out[j] = parent + own;
                    continue;
                }
                if (hx.Match(own + parent) >= 0) {
                    out[j] = own + parent;
                    continue;
                }
            }
        }
        out[j] = own;
    }
    return out;
}

// Finds the header row (the one among the first rows naming most fields), then maps each column:
// the import's own mapping when it has one (after PUT mapping), else the unit's saved mapping for the
// headers it knows, else the headers' names and synonyms. A field goes to its first column only.
Layout FindLayout(const sheet::Sheet& s, std::vector<ColumnDef> defs, const json::object& explicit_map,
                  const json::object& saved) {
    Layout l;
    l.defs = std::move(defs);
    HeaderIndex hx(l.defs);
    int best = 0;
    const std::size_t limit = std::min<std::size_t>(s.rows.size(), kHeaderSearchRows);
    for (std::size_t i = 0; i < limit; ++i) {
        std::set<int> seen;
        for (const auto& h : HeadersAt(s, i, hx)) {
            if (int d = hx.Match(h); d >= 0) seen.insert(d);
        }
        if (static_cast<int>(seen.size()) > best) {
            best = static_cast<int>(seen.size());
            l.header_index = i;
        }
    }
    if (best < 2) {
        std::string names;
        for (const auto& d : l.defs) {
            if (!d.required) continue;
            names += (names.empty() ? "“" : "、“") + d.header + "”";
        }
        throw ApiError(ErrorCode::kUnprocessable,
                       "找不到表头：前 " + std::to_string(kHeaderSearchRows) + " 行中没有一行能识别出两个以上的列名（如" + names +
                           "）。请使用导入模板的列名，或检查是否选错了导入类型",
                       "file");
    }
    l.header_row = s.rows[l.header_index].number;
    l.headers = HeadersAt(s, l.header_index, hx);
    l.field.assign(l.headers.size(), -1);
    std::set<int> taken;
    for (std::size_t j = 0; j < l.headers.size(); ++j) {
        int d = -1;
        if (!explicit_map.empty()) {
            const auto* v = explicit_map.if_contains(std::to_string(j));
            if (v && v->is_string()) d = l.Def(v->get_string());
        } else if (const auto* v = saved.if_contains(NormaliseHeader(l.headers[j])); v != nullptr) {
            d = v->is_string() ? l.Def(v->get_string()) : -1;
        } else {
            d = hx.Match(l.headers[j]);
        }
        if (d >= 0 && taken.insert(d).second) l.field[j] = d;
    }
    return l;
}

// --- the outcome of validating a file

struct Issue {
    int64_t row = 0;
    std::string column;
    std::string field;
    std::string message;
};

struct FieldChange {
    std::string field, header, before, after;
};

struct RowChange {
    int64_t row = 0;
    int64_t id = 0;
    std::string name;
    std::vector<FieldChange> fields;
};

struct ProjectWrite {
    int64_t row = 0;
    bool insert = false;
    Project before;
    Project after;
};

struct InvestorWrite {
    int64_t row = 0;
    bool insert = false;
    Investor before;
    Investor after;
};

struct FigureWrite {
    int64_t row = 0;
    MonthlyFigure figure;
};

struct TargetWrite {
    int64_t row = 0;
    json::object item;  // as PUT /api/targets takes it
};

struct Plan {
    Layout layout;
    std::string sheet_name;
    int64_t rows = 0, inserts = 0, updates = 0, unchanged = 0;
    std::vector<Issue> errors, warnings;
    std::set<int64_t> error_rows;
    std::vector<RowChange> changes;
    std::vector<ProjectWrite> projects;
    std::vector<InvestorWrite> investors;
    std::map<std::tuple<int64_t, int, int>, std::vector<FigureWrite>> figures;  // (unit, year, month)
    std::vector<TargetWrite> targets;
    int year = 0;
};

// Reads one row at a time, collecting issues against the file's own row numbers and headers.
class RowContext {
public:
    RowContext(Plan& plan, const sheet::Row& row) : plan_(plan), row_(row) {}
    int64_t number() const { return row_.number; }
    const sheet::Cell& Cell(int j) const { return CellAt(row_, static_cast<std::size_t>(j)); }
    void Error(int column, std::string field, std::string message) {
        plan_.error_rows.insert(row_.number);
        plan_.errors.push_back({row_.number, plan_.layout.ColumnName(column), std::move(field), std::move(message)});
        failed_ = true;
    }
    // An error on a field by key: its column, or the canonical header when the file has no such column.
    void FieldError(const std::string& key, std::string message) {
        int j = plan_.layout.Column(key);
        if (j >= 0) return Error(j, key, std::move(message));
        int d = plan_.layout.Def(key);
        plan_.error_rows.insert(row_.number);
        plan_.errors.push_back({row_.number, d >= 0 ? plan_.layout.defs[d].header : key, key, std::move(message)});
        failed_ = true;
    }
    void Warning(const std::string& key, std::string message) {
        int j = plan_.layout.Column(key);
        plan_.warnings.push_back({row_.number, j >= 0 ? plan_.layout.ColumnName(j) : std::string(), key, std::move(message)});
    }
    bool failed() const { return failed_; }

private:
    Plan& plan_;
    const sheet::Row& row_;
    bool failed_ = false;
};

// An ApiError of the API's own checks, on the row: its field named the import's way.
void RowApiError(RowContext& rc, const ApiError& e, const std::map<std::string, std::string>& field_keys) {
    std::string field = e.error().field;
    if (auto dot = field.rfind('.'); dot != std::string::npos && field.rfind("rows[", 0) == 0) field = field.substr(dot + 1);
    if (auto dot = field.rfind('.'); dot != std::string::npos && field.rfind("items[", 0) == 0) field = field.substr(dot + 1);
    auto it = field_keys.find(field);
    rc.FieldError(it == field_keys.end() ? field : it->second, e.error().message);
}

// Counts row i as done (when `count`) and stops a cancelled job.
void CheckCancel(ImportJobs::Job* job, int64_t i, bool count = true) {
    if (job == nullptr) return;
    if (count) job->done = i;
    if ((i & 255) == 0 && job->cancel) throw Cancelled{};
}

// The rows after the header that carry anything in an imported column.
std::vector<const sheet::Row*> DataRows(const sheet::Sheet& s, const Layout& l) {
    std::vector<const sheet::Row*> out;
    for (std::size_t i = l.header_index + 1; i < s.rows.size(); ++i) {
        const sheet::Row& r = s.rows[i];
        bool any = false;
        for (std::size_t j = 0; j < l.field.size() && !any; ++j) any = l.field[j] >= 0 && !CellEmpty(CellAt(r, j));
        if (any) out.push_back(&r);
    }
    return out;
}

bool IsTotalRow(std::string_view text) {
    std::string t = TrimText(text);
    return t == "合计" || t == "总计" || t == "小计" || t == "合  计";
}

// Units by name (also without its 镇/街道/区 suffix spaces) and by code.
class UnitNames {
public:
    explicit UnitNames(const std::vector<Unit>& units) {
        for (const auto& u : units) {
            by_name_[TrimText(u.name)] = u.id;
            by_name_[u.code] = u.id;
            names_[u.id] = u.name;
        }
    }
    std::optional<int64_t> Find(const std::string& text) const {
        auto it = by_name_.find(TrimText(text));
        if (it == by_name_.end()) return std::nullopt;
        return it->second;
    }
    std::string Name(int64_t id) const {
        auto it = names_.find(id);
        return it == names_.end() ? std::string() : it->second;
    }

private:
    std::map<std::string, int64_t> by_name_;
    std::map<int64_t, std::string> names_;
};

// The unit a reporter is confined to, or the upload's default unit for the centre.
std::optional<int64_t> DefaultUnit(const Actor& a, const ImportParams& p) {
    if (a.role == Role::kReporter) return a.unit_id;
    return p.unit_id;
}

// Every project, for matching rows to them: codes are unique across the city, names within a unit.
struct ProjectIndex {
    std::vector<Project> all;  // by id
    std::map<std::string, std::size_t> by_code;
    std::map<std::pair<int64_t, std::string>, std::size_t> by_name;
    ProjectIndex(Tx& tx, Date today) {
        ProjectFilter f;
        f.today = today;
        f.sort = "id";
        f.with_counts = false;
        all = tx.ListProjects(f, Page{0, INT64_MAX / 2}).items;
        for (std::size_t i = 0; i < all.size(); ++i) {
            by_code[all[i].code] = i;
            by_name[{all[i].unit_id, TrimText(all[i].name)}] = i;
        }
    }
};

// ----- projects

struct ProjectRefs {
    UnitNames units;
    std::map<int64_t, std::string> chain_names;
    std::map<std::string, int64_t> chains;
    std::map<int64_t, Investor> investors;
    std::map<std::string, int64_t> investor_by_uscc;
    std::map<std::string, std::vector<int64_t>> investors_by_name;
};

std::string ProjectFieldText(const Project& p, const std::string& key, const ProjectRefs& refs) {
    auto inv = [&](bool uscc) -> std::string {
        if (!p.investor_id) return {};
        auto it = refs.investors.find(*p.investor_id);
        return it == refs.investors.end() ? std::string() : (uscc ? it->second.uscc : it->second.name);
    };
    if (key == "code") return p.code;
    if (key == "name") return p.name;
    if (key == "unit") return refs.units.Name(p.unit_id);
    if (key == "investor") return inv(false);
    if (key == "investor_uscc") return inv(true);
    if (key == "category") return std::string(CategoryLabel(p.category));
    if (key == "industry_code") return p.industry_code;
    if (key == "chain") {
        if (!p.chain_id) return {};
        auto it = refs.chain_names.find(*p.chain_id);
        return it == refs.chain_names.end() ? std::string() : it->second;
    }
    if (key == "emerging_industry") return p.emerging_industry;
    if (key == "total_investment") return WanText(p.total_investment);
    if (key == "fixed_asset_investment") return WanText(p.fixed_asset_investment);
    if (key == "land_area_mu") return MuText(p.land_mu_hundredths);
    if (key == "leader_in_charge") return p.leader_in_charge;
    if (key == "referrer") return p.referrer;
    if (key == "introducing_unit") return p.introducing_unit;
    if (key == "first_introducer") return p.first_introducer;
    if (key == "is_key") return p.is_key ? "是" : "否";
    if (key == "prov_db_status") return std::string(ProvDbLabel(p.prov_db_status));
    if (key == "prov_db_reported_date") return DateText(p.prov_db_reported_date);
    if (key == "prov_db_confirmed_date") return DateText(p.prov_db_confirmed_date);
    if (key == "above_scale_route") return std::string(RouteLabel(p.above_scale_route));
    if (key == "terminated") return p.terminated ? "是" : "否";
    if (key == "termination_reason") return p.termination_reason;
    if (key.rfind("node.", 0) == 0) {
        auto dot = key.find('.', 5);
        auto n = ParseNode(key.substr(5, dot - 5));
        if (!n) return {};
        const NodeEntry& e = p.nodes[NodeIndex(*n)];
        return DateText(key.substr(dot + 1) == "planned" ? e.planned : e.actual);
    }
    return {};
}

// ReadProject's lookups, remembered over the rows of one validation.
class CachedLookups : public ProjectLookups {
public:
    using ProjectLookups::ProjectLookups;
    bool UnitExists(int64_t id) override { return Memo(units_, id, [&] { return ProjectLookups::UnitExists(id); }); }
    bool ChainExists(int64_t id) override { return Memo(chains_, id, [&] { return ProjectLookups::ChainExists(id); }); }
    std::optional<Investor> GetInvestor(int64_t id) override {
        return Memo(investors_, id, [&] { return ProjectLookups::GetInvestor(id); });
    }
    bool InvestorVisibleToUnit(int64_t investor_id, int64_t unit_id) override {
        return Memo(visible_, std::make_pair(investor_id, unit_id),
                    [&] { return ProjectLookups::InvestorVisibleToUnit(investor_id, unit_id); });
    }
    std::optional<Industry> GetIndustry(const std::string& code) override {
        return Memo(industries_, code, [&] { return ProjectLookups::GetIndustry(code); });
    }
    std::optional<Activity> GetActivity(int64_t id) override {
        return Memo(activities_, id, [&] { return ProjectLookups::GetActivity(id); });
    }

private:
    template <typename Map, typename Key, typename F>
    static typename Map::mapped_type Memo(Map& m, const Key& k, F&& f) {
        auto it = m.find(k);
        if (it == m.end()) it = m.emplace(k, f()).first;
        return it->second;
    }
    std::map<int64_t, bool> units_, chains_;
    std::map<int64_t, std::optional<Investor>> investors_;
    std::map<std::pair<int64_t, int64_t>, bool> visible_;
    std::map<std::string, std::optional<Industry>> industries_;
    std::map<int64_t, std::optional<Activity>> activities_;
};

// The fields a project row sets through ReadProject, by the import's key → the API's.
const std::map<std::string, std::string> kProjectFieldKeys = {
    {"unit_id", "unit"}, {"investor_id", "investor"}, {"chain_id", "chain"}, {"actual_date", "node"}};

const std::vector<std::string_view> kProjectBodyFields = {
    "code", "name", "investor_id", "unit_id", "chain_id", "industry_code", "category", "emerging_industry",
    "total_investment", "fixed_asset_investment", "leader_in_charge", "referrer", "introducing_unit",
    "first_introducer", "is_key", "terminated", "termination_reason", "prov_db_status", "prov_db_reported_date",
    "prov_db_confirmed_date", "above_scale_route"};

void ValidateProjects(Tx& tx, const Actor& a, const ImportParams& params, const std::vector<const sheet::Row*>& rows,
                      Plan& plan, ImportJobs::Job* job) {
    const Layout& l = plan.layout;
    ViewContext ctx = LoadViewContext(tx);
    ProjectRefs refs{UnitNames(tx.ListUnits()), {}, {}, {}, {}, {}};
    for (const auto& c : tx.ListChains()) {
        refs.chains[TrimText(c.name)] = c.id;
        refs.chain_names[c.id] = c.name;
    }
    {
        InvestorFilter f;
        auto all = tx.ListInvestors(f, Page{0, INT64_MAX / 2}).items;
        for (auto& i : all) {
            refs.investor_by_uscc[i.uscc] = i.id;
            refs.investors_by_name[TrimText(i.name)].push_back(i.id);
            refs.investors.emplace(i.id, std::move(i));
        }
    }
    ProjectIndex index(tx, ctx.today);
    const std::vector<Project>& existing = index.all;
    const auto& by_code = index.by_code;
    const auto& by_name = index.by_name;
    const std::optional<int64_t> default_unit = DefaultUnit(a, params);
    const bool has_uscc = l.Column("investor_uscc") >= 0;
    const bool has_unit = l.Column("unit") >= 0;

    // Pass 1: read the cells into a request body and the node dates; find the project each row updates.
    struct Pending {
        const sheet::Row* row;
        json::object body;
        std::optional<int64_t> land;
        std::vector<std::pair<int, std::optional<Date>>> planned, actual;  // node index, date
        std::optional<std::size_t> match;
        bool failed = false;
    };
    std::vector<Pending> pending;
    pending.reserve(rows.size());
    std::map<std::string, int64_t> seen_codes;
    std::map<std::pair<int64_t, std::string>, int64_t> seen_names;
    int64_t i = 0;
    for (const sheet::Row* row : rows) {
        CheckCancel(job, ++i, false);  // the progress counts the second pass
        RowContext rc(plan, *row);
        Pending p{row, {}, {}, {}, {}, {}, false};
        for (std::size_t j = 0; j < l.field.size(); ++j) {
            if (l.field[j] < 0) continue;
            const ColumnDef& d = l.defs[l.field[j]];
            const sheet::Cell& c = CellAt(*row, j);
            const int col = static_cast<int>(j);
            const std::string text = TrimText(c.text);
            if (d.key == "unit") {
                if (text.empty()) continue;
                auto u = refs.units.Find(text);
                if (!u) {
                    rc.Error(col, d.key, "责任单位“" + text + "”不存在");
                } else {
                    p.body["unit_id"] = *u;
                }
            } else if (d.key == "investor") {
                if (has_uscc && !CellEmpty(CellAt(*row, static_cast<std::size_t>(l.Column("investor_uscc"))))) continue;
                if (text.empty()) {
                    p.body["investor_id"] = nullptr;
                    continue;
                }
                auto it = refs.investors_by_name.find(text);
                if (it == refs.investors_by_name.end()) {
                    rc.Error(col, d.key, "投资方“" + text + "”不存在，请先登记或导入投资方");
                } else if (it->second.size() > 1) {
                    rc.Error(col, d.key, "有多个名为“" + text + "”的投资方，请填写投资方统一社会信用代码");
                } else {
                    p.body["investor_id"] = it->second.front();
                }
            } else if (d.key == "investor_uscc") {
                if (text.empty()) {
                    if (l.Column("investor") < 0) p.body["investor_id"] = nullptr;
                    continue;
                }
                std::string u = text;
                std::transform(u.begin(), u.end(), u.begin(), [](unsigned char x) { return std::toupper(x); });
                auto it = refs.investor_by_uscc.find(u);
                if (it == refs.investor_by_uscc.end()) {
                    rc.Error(col, d.key, "统一社会信用代码为 " + u + " 的投资方不存在，请先登记或导入投资方");
                } else {
                    p.body["investor_id"] = it->second;
                }
            } else if (d.key == "chain") {
                if (text.empty()) {
                    p.body["chain_id"] = nullptr;
                    continue;
                }
                auto it = refs.chains.find(text);
                if (it == refs.chains.end()) {
                    rc.Error(col, d.key, "产业链“" + text + "”不存在");
                } else {
                    p.body["chain_id"] = it->second;
                }
            } else if (d.key == "industry_code") {
                std::string code = text.substr(0, text.find(' '));
                std::transform(code.begin(), code.end(), code.begin(), [](unsigned char x) { return std::toupper(x); });
                p.body["industry_code"] = code;
            } else if (d.type == ColumnType::kText) {
                p.body[d.key] = text;
            } else if (d.type == ColumnType::kCategory) {
                if (text.empty()) continue;  // required on insert: ReadProject says so
                auto cat = CategoryFromLabel(text);
                if (!cat) {
                    rc.Error(col, d.key, "项目类别应为 工业、服务业、农业 或 其他");
                } else {
                    p.body["category"] = std::string(CategoryKey(*cat));
                }
            } else if (d.type == ColumnType::kMoney) {
                int64_t yuan = 0;
                Parsed r = ParseMoneyCell(c, HeaderMoneyScale(l.headers[j]), yuan);
                if (!r.error.empty()) {
                    rc.Error(col, d.key, r.error);
                } else {
                    p.body[d.key] = r.empty ? json::value(nullptr) : json::value(yuan);
                }
            } else if (d.type == ColumnType::kMu) {
                int64_t h = 0;
                Parsed r = ParseMuCell(c, h);
                if (!r.error.empty()) {
                    rc.Error(col, d.key, r.error);
                } else {
                    p.land = r.empty ? 0 : h;
                }
            } else if (d.type == ColumnType::kBool) {
                bool b = false;
                Parsed r = ParseBoolCell(c, b);
                if (!r.error.empty()) {
                    rc.Error(col, d.key, r.error);
                } else {
                    p.body[d.key] = b;
                }
            } else if (d.type == ColumnType::kProvDb) {
                auto s = ProvDbFromLabel(text);
                if (!s) {
                    rc.Error(col, d.key, "入省库状态应为 未上报、待审核、已认定 或 未通过");
                } else {
                    p.body[d.key] = std::string(ProvDbStatusKey(*s));
                }
            } else if (d.type == ColumnType::kRoute) {
                auto r = RouteFromLabel(text);
                if (!r) {
                    rc.Error(col, d.key, "入规方式应为 小升规 或 新投产入规");
                } else {
                    p.body[d.key] = std::string(AboveScaleRouteKey(*r));
                }
            } else if (d.type == ColumnType::kDate) {
                Date day;
                Parsed r = ParseDateCell(c, day);
                if (!r.error.empty()) {
                    rc.Error(col, d.key, r.error);
                    continue;
                }
                std::optional<Date> value = r.empty ? std::nullopt : std::optional<Date>(day);
                if (d.key.rfind("node.", 0) == 0) {
                    auto dot = d.key.find('.', 5);
                    int n = NodeIndex(*ParseNode(d.key.substr(5, dot - 5)));
                    (d.key.substr(dot + 1) == "planned" ? p.planned : p.actual).emplace_back(n, value);
                } else {
                    p.body[d.key] = value ? json::value(value->ToString()) : json::value(nullptr);
                }
            }
        }
        // The unit: the row's, else the reporter's own or the upload's default.
        if (!p.body.contains("unit_id") && !has_unit && default_unit) p.body["unit_id"] = *default_unit;
        if (!p.body.contains("unit_id") && has_unit && default_unit && !rc.failed()) {
            // An empty 责任单位 cell takes the default too.
            int j = l.Column("unit");
            if (CellEmpty(CellAt(*row, static_cast<std::size_t>(j)))) p.body["unit_id"] = *default_unit;
        }
        // Which project the row is.
        std::string code = p.body.contains("code") ? std::string(p.body["code"].as_string()) : std::string();
        std::string name = p.body.contains("name") ? std::string(p.body["name"].as_string()) : std::string();
        if (!code.empty()) {
            if (auto it = by_code.find(code); it != by_code.end()) p.match = it->second;
            if (auto s = seen_codes.find(code); s != seen_codes.end()) {
                rc.FieldError("code", "项目编号与第 " + std::to_string(s->second) + " 行重复");
            } else {
                seen_codes[code] = row->number;
            }
        } else if (p.body.contains("unit_id") && p.body["unit_id"].is_int64() && !name.empty()) {
            std::pair<int64_t, std::string> k{p.body["unit_id"].as_int64(), name};
            if (auto it = by_name.find(k); it != by_name.end()) p.match = it->second;
            if (auto s = seen_names.find(k); s != seen_names.end()) {
                rc.FieldError("name", "与第 " + std::to_string(s->second) + " 行是同一单位的同名项目");
            } else {
                seen_names[k] = row->number;
            }
        }
        if (!p.match && !p.body.contains("unit_id") && !rc.failed()) rc.FieldError("unit", "请填写责任单位");
        if (p.match) {
            const Project& cur = existing[*p.match];
            if (!CanReadProject(a, cur)) {
                rc.FieldError(code.empty() ? "name" : "code", "项目编号已被其他单位的项目使用");
                p.match.reset();
            }
        }
        p.failed = rc.failed();
        pending.push_back(std::move(p));
    }

    // Pass 2: the matched projects' ledgers, then each row through the API's checks.
    std::vector<Project> matched;
    std::map<std::size_t, std::size_t> matched_at;
    for (const auto& p : pending) {
        if (p.match && !matched_at.count(*p.match)) {
            matched_at[*p.match] = matched.size();
            matched.push_back(existing[*p.match]);
        }
    }
    tx.LoadLedgers(matched);
    CachedLookups lookups(tx);
    if (job) job->phase = static_cast<int>(ImportPhase::kValidating);
    i = 0;
    for (auto& p : pending) {
        CheckCancel(job, ++i);
        RowContext rc(plan, *p.row);
        if (p.failed) rc.Error(-1, "", "");  // keeps the row counted as failed; no extra message
        if (!plan.errors.empty() && plan.errors.back().message.empty()) plan.errors.pop_back();
        const bool insert = !p.match;
        Project before = insert ? Project{} : matched[matched_at[*p.match]];
        Project after = before;
        if (!p.failed) {
            try {
                const json::value body(std::move(p.body));  // Body keeps a pointer: no temporary
                Body b(body, kProjectBodyFields);
                ReadProject(lookups, a, b, after, insert);
            } catch (const ApiError& e) {
                RowApiError(rc, e, kProjectFieldKeys);
            }
        }
        if (p.land) after.land_mu_hundredths = *p.land;
        if (insert) after.nodes = EmptyLedger();
        std::vector<Node> changed;
        for (const auto& [n, d] : p.planned) after.nodes[n].planned = d;
        for (const auto& [n, d] : p.actual) {
            if (after.nodes[n].actual != d) changed.push_back(kAllNodes[n]);
            after.nodes[n].actual = d;
        }
        if (!rc.failed()) {
            // The ledger: each changed node as PUT /api/projects/{id}/nodes/{node} checks it.
            GateFacts facts;
            facts.present_fields = PresentGateFields(after);
            std::vector<EvidenceFile> files;
            if (!insert && !changed.empty()) files = tx.ListFiles(before.id);
            for (Node n : changed) {
                const std::string col = "node." + std::string(NodeKey(n)) + ".actual";
                const NodeRule& rule = ctx.rules.Rule(after.category, n);
                const auto& actual = after.nodes[NodeIndex(n)].actual;
                if (actual && !rule.applies) {
                    rc.FieldError(col, "“" + std::string(NodeNameZh(n)) + "”节点不适用于" +
                                           std::string(CategoryLabel(after.category)) + "项目");
                    continue;
                }
                std::vector<ErrorDetail> details;
                if (actual) {
                    GateFacts f = facts;
                    for (const auto& file : files) {
                        if (file.node == n) f.present_evidence.insert(file.kind);
                    }
                    details = CheckGate(ctx.rules, after.category, n, *actual, after.nodes, f, ctx.today);
                }
                auto blocking = DependentsBlocking(ctx.rules, after.category, after.nodes, n, actual);
                details.insert(details.end(), blocking.begin(), blocking.end());
                for (const auto& detail : details) {
                    if (detail.kind == "evidence") {
                        rc.Warning(col, "“" + std::string(NodeNameZh(n)) + "”" + detail.message + "，导入后请在项目详情中补传");
                    } else if (detail.kind == "field") {
                        int fj = l.Column(detail.name);
                        if (fj >= 0) {
                            rc.Error(fj, detail.name, "“" + std::string(NodeNameZh(n)) + "”节点要求：" + detail.message);
                        } else {
                            rc.FieldError(col, "“" + std::string(NodeNameZh(n)) + "”节点要求：" + detail.message);
                        }
                    } else {
                        rc.FieldError(col, detail.message);
                    }
                }
            }
        }
        ++plan.rows;
        if (rc.failed()) continue;
        RefreshDerived(after, ctx.rules);
        if (insert) {
            ++plan.inserts;
            plan.projects.push_back({p.row->number, true, Project{}, std::move(after)});
            continue;
        }
        RowChange change{p.row->number, before.id, before.name, {}};
        for (std::size_t j = 0; j < l.field.size(); ++j) {
            if (l.field[j] < 0) continue;
            const ColumnDef& d = l.defs[l.field[j]];
            std::string was = ProjectFieldText(before, d.key, refs), now = ProjectFieldText(after, d.key, refs);
            if (d.key == "investor" || d.key == "investor_uscc") {
                // The investor may have been given by the other column: compare the id's text.
                was = ProjectFieldText(before, "investor", refs);
                now = ProjectFieldText(after, "investor", refs);
            }
            if (was != now) change.fields.push_back({d.key, l.ColumnName(static_cast<int>(j)), was, now});
        }
        if (change.fields.empty()) {
            ++plan.unchanged;
            continue;
        }
        ++plan.updates;
        plan.changes.push_back(std::move(change));
        plan.projects.push_back({p.row->number, false, std::move(before), std::move(after)});
    }
}

// ----- investors

struct RegionNames {
    std::map<std::string, std::string> provinces;                        // name, short name or code → code
    std::map<std::pair<std::string, std::string>, std::string> cities;  // (province, name) → code
    std::map<std::string, std::string> names;                           // code → name
};

std::string ShortRegionName(std::string name) {
    for (std::string_view suffix : {"维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "自治州", "地区", "省", "市", "盟"}) {
        if (name.size() > suffix.size() + 3 && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
            return name.substr(0, name.size() - suffix.size());
        }
    }
    return name;
}

RegionNames LoadRegionNames(Tx& tx) {
    RegionNames r;
    for (const auto& g : tx.ListRegions()) {
        r.names[g.code] = g.name;
        if (g.parent.empty()) {
            r.provinces[g.name] = g.code;
            r.provinces[ShortRegionName(g.name)] = g.code;
            r.provinces[g.code] = g.code;
        } else {
            r.cities[{g.parent, g.name}] = g.code;
            r.cities[{g.parent, ShortRegionName(g.name)}] = g.code;
            r.cities[{g.parent, g.code}] = g.code;
        }
    }
    return r;
}

std::string TagsText(const std::vector<std::string>& tags) {
    std::string s;
    for (const auto& t : tags) s += (s.empty() ? "" : "、") + std::string(TagLabel(t));
    return s;
}

std::string InvestorFieldText(const Investor& i, const std::string& key, const RegionNames& regions) {
    auto name = [&](const std::string& code) {
        auto it = regions.names.find(code);
        return it == regions.names.end() ? code : it->second;
    };
    if (key == "name") return i.name;
    if (key == "uscc") return i.uscc;
    if (key == "province") return i.province_code.empty() ? "" : name(i.province_code);
    if (key == "city") return i.city_code.empty() ? "" : name(i.city_code);
    if (key == "tags") return TagsText(i.tags);
    return {};
}

std::vector<std::string> SplitTags(const std::string& text) {
    std::vector<std::string> out;
    std::string cur;
    auto flush = [&] {
        std::string t = TrimText(cur);
        if (!t.empty()) out.push_back(t);
        cur.clear();
    };
    for (std::size_t i = 0; i < text.size();) {
        bool sep = false;
        for (std::string_view s : {"、", "，", "；", ",", ";", "/", " "}) {
            if (text.compare(i, s.size(), s) == 0) {
                flush();
                i += s.size();
                sep = true;
                break;
            }
        }
        if (!sep) cur += text[i++];
    }
    flush();
    return out;
}

void ValidateInvestors(Tx& tx, const Actor& a, const std::vector<const sheet::Row*>& rows, Plan& plan,
                       ImportJobs::Job* job) {
    const Layout& l = plan.layout;
    RegionNames regions = LoadRegionNames(tx);
    std::map<std::string, Investor> by_uscc;
    {
        InvestorFilter f;
        for (auto& i : tx.ListInvestors(f, Page{0, INT64_MAX / 2}).items) by_uscc.emplace(i.uscc, std::move(i));
    }
    static const std::map<std::string, std::string> kFieldKeys = {{"province_code", "province"}, {"city_code", "city"}};
    std::map<std::string, int64_t> seen;
    if (job) job->phase = static_cast<int>(ImportPhase::kValidating);
    int64_t n = 0;
    for (const sheet::Row* row : rows) {
        CheckCancel(job, ++n);
        RowContext rc(plan, *row);
        json::object body;
        for (std::size_t j = 0; j < l.field.size(); ++j) {
            if (l.field[j] < 0) continue;
            const ColumnDef& d = l.defs[l.field[j]];
            const std::string text = TrimText(CellAt(*row, j).text);
            const int col = static_cast<int>(j);
            if (d.key == "name") {
                body["name"] = text;
            } else if (d.key == "uscc") {
                std::string u = text;
                std::transform(u.begin(), u.end(), u.begin(), [](unsigned char x) { return std::toupper(x); });
                body["uscc"] = u;
            } else if (d.key == "province") {
                if (text.empty()) continue;
                auto it = regions.provinces.find(text);
                if (it == regions.provinces.end()) it = regions.provinces.find(ShortRegionName(text));
                if (it == regions.provinces.end()) {
                    rc.Error(col, d.key, "省份“" + text + "”不存在");
                } else {
                    body["province_code"] = it->second;
                }
            } else if (d.key == "tags") {
                json::array tags;
                for (const auto& t : SplitTags(text)) {
                    auto k = TagFromLabel(t);
                    if (!k) {
                        rc.Error(col, d.key, "未知标签“" + t + "”（可用：央企、国企、民企、外资、上市公司、世界500强、行业龙头）");
                    } else {
                        tags.push_back(json::string(*k));
                    }
                }
                body["tags"] = std::move(tags);
            }
        }
        // The city after the province, which it belongs to.
        if (int j = l.Column("city"); j >= 0) {
            const std::string text = TrimText(CellAt(*row, static_cast<std::size_t>(j)).text);
            if (text.empty()) {
                body["city_code"] = "";
            } else if (body.contains("province_code")) {
                const std::string prov(body["province_code"].as_string());
                auto it = regions.cities.find({prov, text});
                if (it == regions.cities.end()) it = regions.cities.find({prov, ShortRegionName(text)});
                if (it == regions.cities.end()) {
                    rc.Error(j, "city", "城市“" + text + "”不属于所填省份");
                } else {
                    body["city_code"] = it->second;
                }
            }
        }
        const std::string uscc = body.contains("uscc") ? std::string(body["uscc"].as_string()) : std::string();
        if (!uscc.empty()) {
            if (auto s = seen.find(uscc); s != seen.end()) {
                rc.FieldError("uscc", "统一社会信用代码与第 " + std::to_string(s->second) + " 行重复");
            } else {
                seen[uscc] = row->number;
            }
        }
        ++plan.rows;
        auto it = by_uscc.find(uscc);
        const bool insert = it == by_uscc.end();
        Investor before = insert ? Investor{} : it->second;
        if (!insert && !CanSeeInvestor(tx, a, before)) {
            rc.FieldError("uscc", "该投资方已由其他单位登记，请联系招商中心");
            continue;
        }
        // Columns the file does not have keep the stored values.
        if (!insert) {
            if (!body.contains("name") && l.Column("name") < 0) body["name"] = before.name;
            if (!body.contains("province_code") && l.Column("province") < 0) body["province_code"] = before.province_code;
            if (!body.contains("city_code") && l.Column("city") < 0) body["city_code"] = before.city_code;
            if (!body.contains("tags") && l.Column("tags") < 0) {
                json::array tags;
                for (const auto& t : before.tags) tags.push_back(json::string(t));
                body["tags"] = std::move(tags);
            }
        }
        Investor after = before;
        if (!rc.failed()) {
            try {
                const json::value value(std::move(body));  // Body keeps a pointer: no temporary
                Body b(value, {"name", "uscc", "province_code", "city_code", "tags"});
                ReadInvestor(tx, b, after);
            } catch (const ApiError& e) {
                RowApiError(rc, e, kFieldKeys);
            }
        }
        if (rc.failed()) continue;
        if (insert) {
            if (a.role == Role::kReporter) after.created_by_unit_id = a.unit_id;
            ++plan.inserts;
            plan.investors.push_back({row->number, true, Investor{}, std::move(after)});
            continue;
        }
        RowChange change{row->number, before.id, before.name, {}};
        for (std::size_t j = 0; j < l.field.size(); ++j) {
            if (l.field[j] < 0) continue;
            const ColumnDef& d = l.defs[l.field[j]];
            std::string was = InvestorFieldText(before, d.key, regions), now = InvestorFieldText(after, d.key, regions);
            if (was != now) change.fields.push_back({d.key, l.ColumnName(static_cast<int>(j)), was, now});
        }
        if (change.fields.empty()) {
            ++plan.unchanged;
            continue;
        }
        ++plan.updates;
        plan.changes.push_back(std::move(change));
        plan.investors.push_back({row->number, false, std::move(before), std::move(after)});
    }
}

// ----- monthly figures

constexpr const char* kFigureKeys[] = {"funds_in_place", "funds_out_of_province", "fixed_asset_investment",
                                       "output_value", "tax"};

int64_t FigureAmount(const MonthlyFigure& f, std::string_view key) {
    if (key == "funds_in_place") return f.funds_in_place;
    if (key == "funds_out_of_province") return f.funds_out_of_province;
    if (key == "fixed_asset_investment") return f.fixed_asset_investment;
    if (key == "output_value") return f.output_value;
    return f.tax;
}

void ValidateMonthly(Tx& tx, const Actor& a, const ImportParams& params, const std::vector<const sheet::Row*>& rows,
                     Plan& plan, ImportJobs::Job* job) {
    const Layout& l = plan.layout;
    const Date today = Date::Today();
    UnitNames units(tx.ListUnits());
    ProjectIndex index(tx, today);
    const std::vector<Project>& projects = index.all;
    const auto& by_code = index.by_code;
    const auto& by_name = index.by_name;
    const std::optional<int64_t> default_unit = DefaultUnit(a, params);
    struct Group {
        std::optional<std::string> refusal;
        std::map<int64_t, MonthlyFigure> current;
    };
    std::map<std::tuple<int64_t, int, int>, Group> groups;
    std::map<std::tuple<int64_t, int, int>, int64_t> seen;  // (project, year, month) → row
    if (job) job->phase = static_cast<int>(ImportPhase::kValidating);
    int64_t n = 0;
    for (const sheet::Row* row : rows) {
        CheckCancel(job, ++n);
        RowContext rc(plan, *row);
        ++plan.rows;
        auto text_of = [&](std::string_view key) -> std::string {
            int j = l.Column(key);
            return j < 0 ? std::string() : TrimText(CellAt(*row, static_cast<std::size_t>(j)).text);
        };
        // The unit the row names (if any), the project, the month.
        std::optional<int64_t> unit = default_unit;
        if (std::string u = text_of("unit"); !u.empty()) {
            auto id = units.Find(u);
            if (!id) {
                rc.FieldError("unit", "责任单位“" + u + "”不存在");
                continue;
            }
            unit = *id;
        }
        const Project* project = nullptr;
        if (std::string code = text_of("code"); !code.empty()) {
            if (auto it = by_code.find(code); it != by_code.end()) project = &projects[it->second];
            if (!project) rc.FieldError("code", "项目编号“" + code + "”不存在");
        } else if (std::string name = text_of("project"); !name.empty()) {
            if (!unit) {
                rc.FieldError("unit", "按项目名称匹配时须填写责任单位（或在导入时选择单位）");
            } else if (auto it = by_name.find({*unit, name}); it != by_name.end()) {
                project = &projects[it->second];
            } else {
                rc.FieldError("project", "本单位没有名为“" + name + "”的项目");
            }
        } else {
            rc.FieldError(l.Column("code") >= 0 ? "code" : "project", "请填写项目编号或项目名称");
        }
        if (project == nullptr) continue;
        if (!CanReadProject(a, *project)) {
            rc.FieldError(text_of("code").empty() ? "project" : "code", "只能导入本单位项目的数据");
            continue;
        }
        if (unit && *unit != project->unit_id) {
            rc.FieldError("unit", "项目“" + project->name + "”的责任单位是“" + units.Name(project->unit_id) + "”");
            continue;
        }
        int year = params.year, month = params.month;
        if (int j = l.Column("month"); j >= 0) {
            Parsed r = ParseMonthCell(CellAt(*row, static_cast<std::size_t>(j)), year, month);
            if (!r.error.empty()) {
                rc.Error(j, "month", r.error);
                continue;
            }
            if (r.empty) year = params.year, month = params.month;
        }
        if (year == 0 || month == 0) {
            rc.FieldError("month", "请填写月份，或在导入时选择月份");
            continue;
        }
        if (year * 12 + month > today.year() * 12 + today.month()) {
            rc.FieldError("month", "不能填报未来月份的数据");
            continue;
        }
        auto gk = std::make_tuple(project->unit_id, year, month);
        auto [git, fresh] = groups.try_emplace(gk);
        Group& g = git->second;
        if (fresh) {
            MonthlySubmission s = MonthSubmission(tx, project->unit_id, year, month);
            try {
                CheckMonthWritable(s, "");
            } catch (const ApiError& e) {
                g.refusal = units.Name(project->unit_id) + std::to_string(year) + "年" + std::to_string(month) + "月：" +
                            (s.state == SubmissionState::kLocked ? std::string("已锁定，更正请在月度数据页面填写原因后修改")
                                                                 : e.error().message);
            }
            for (auto& f : tx.ListCurrentFigures(project->unit_id, year, month)) g.current[f.project_id] = f;
        }
        if (g.refusal) {
            rc.FieldError("month", *g.refusal);
            continue;
        }
        auto pk = std::make_tuple(project->id, year, month);
        if (auto s = seen.find(pk); s != seen.end()) {
            rc.FieldError(text_of("code").empty() ? "project" : "code",
                          "与第 " + std::to_string(s->second) + " 行是同一项目的同一月份");
            continue;
        }
        seen[pk] = row->number;
        // Amounts: the file's for the columns it has, the stored ones for the others.
        auto cur = g.current.find(project->id);
        json::object body{{"project_id", project->id}};
        for (const char* key : kFigureKeys) {
            int j = l.Column(key);
            if (j < 0) {
                body[key] = cur == g.current.end() ? 0 : FigureAmount(cur->second, key);
                continue;
            }
            int64_t yuan = 0;
            Parsed r = ParseMoneyCell(CellAt(*row, static_cast<std::size_t>(j)), HeaderMoneyScale(l.headers[j]), yuan);
            if (!r.error.empty()) {
                rc.Error(j, key, r.error);
            } else {
                body[key] = r.empty ? 0 : yuan;
            }
        }
        if (rc.failed()) continue;
        MonthlyFigure f;
        try {
            f = ReadFigureRow(body, 0);
        } catch (const ApiError& e) {
            RowApiError(rc, e, {});
            continue;
        }
        const bool exists = cur != g.current.end();
        if (!exists && f.funds_in_place == 0 && f.funds_out_of_province == 0 && f.fixed_asset_investment == 0 &&
            f.output_value == 0 && f.tax == 0) {
            ++plan.unchanged;  // a blank row of the grid: PUT /api/figures writes nothing for it either
            continue;
        }
        RowChange change{row->number, project->id, project->name + "（" + std::to_string(year) + "年" + std::to_string(month) + "月）", {}};
        for (const char* key : kFigureKeys) {
            int64_t was = exists ? FigureAmount(cur->second, key) : 0, now = FigureAmount(f, key);
            if (was != now || (!exists && l.Column(key) >= 0)) {
                int j = l.Column(key);
                change.fields.push_back({key, j >= 0 ? l.ColumnName(j) : key, exists ? WanText(was) : "", WanText(now)});
            }
        }
        if (exists && change.fields.empty()) {
            ++plan.unchanged;
            continue;
        }
        if (exists) {
            ++plan.updates;
            plan.changes.push_back(std::move(change));
        } else {
            ++plan.inserts;
        }
        plan.figures[gk].push_back({row->number, f});
    }
}

// ----- targets

void ValidateTargets(Tx& tx, const ImportParams& params, const std::vector<const sheet::Row*>& rows, Plan& plan,
                     ImportJobs::Job* job) {
    const Layout& l = plan.layout;
    UnitNames units(tx.ListUnits());
    plan.year = params.year;
    std::map<std::pair<std::string, int64_t>, Target> current;
    for (const auto& t : tx.ListTargets(params.year)) current[{t.indicator, t.scope_unit_id}] = t;
    std::map<int64_t, int64_t> seen;
    if (job) job->phase = static_cast<int>(ImportPhase::kValidating);
    int64_t n = 0;
    for (const sheet::Row* row : rows) {
        CheckCancel(job, ++n);
        RowContext rc(plan, *row);
        ++plan.rows;
        int uj = l.Column("unit");
        std::string name = uj < 0 ? std::string() : TrimText(CellAt(*row, static_cast<std::size_t>(uj)).text);
        std::optional<int64_t> unit;
        if (name == "全市" || name == "全市合计" || name == "合计" || name == "总计" || name == "全市目标") {
            unit = 0;
        } else if (!name.empty()) {
            unit = units.Find(name);
        }
        if (!unit) {
            rc.FieldError("unit", name.empty() ? "请填写单位（全市目标填“全市”）" : "单位“" + name + "”不存在");
            continue;
        }
        if (auto s = seen.find(*unit); s != seen.end()) {
            rc.FieldError("unit", "与第 " + std::to_string(s->second) + " 行是同一单位");
            continue;
        }
        seen[*unit] = row->number;
        RowChange change{row->number, *unit, *unit == 0 ? std::string("全市") : units.Name(*unit), {}};
        std::vector<TargetWrite> items;
        bool had_any = false;
        for (std::size_t j = 0; j < l.field.size(); ++j) {
            if (l.field[j] < 0) continue;
            const ColumnDef& d = l.defs[l.field[j]];
            if (d.key == "unit") continue;
            const sheet::Cell& c = CellAt(*row, j);
            int64_t value = 0;
            Parsed r = d.type == ColumnType::kMoney ? ParseMoneyCell(c, HeaderMoneyScale(l.headers[j]), value)
                                                    : ParseCountCell(c, value);
            if (!r.error.empty()) {
                rc.Error(static_cast<int>(j), d.key, r.error);
                continue;
            }
            auto it = current.find({d.key, *unit});
            const bool exists = it != current.end();
            had_any = had_any || exists;
            if ((r.empty && !exists) || (!r.empty && exists && it->second.value == value)) continue;
            auto text = [&](int64_t v) { return d.type == ColumnType::kMoney ? WanText(v) + "万元" : std::to_string(v); };
            change.fields.push_back({d.key, l.ColumnName(static_cast<int>(j)), exists ? text(it->second.value) : "",
                                     r.empty ? "" : text(value)});
            json::object item{{"indicator", d.key},
                              {"unit_id", *unit},
                              {"value", r.empty ? json::value(nullptr) : json::value(value)},
                              {"version", exists ? it->second.version : 0}};
            items.push_back({row->number, std::move(item)});
        }
        if (rc.failed()) continue;
        if (items.empty()) {
            ++plan.unchanged;
            continue;
        }
        if (had_any) {
            ++plan.updates;
            plan.changes.push_back(std::move(change));
        } else {
            ++plan.inserts;
        }
        for (auto& t : items) plan.targets.push_back(std::move(t));
    }
}

// ----- one validation of a stored import

std::vector<IndicatorDef> CatalogueOf(Tx& tx, int year) {
    return IndicatorCatalogue(LoadSettings(tx, year == 0 ? Date::Today().year() : year).first);
}

json::object ParseObject(const std::string& text) {
    if (text.empty()) return {};
    json::value v = json::parse(text);
    return v.is_object() ? v.as_object() : json::object{};
}

Plan Validate(Tx& tx, const Actor& a, const ImportRecord& rec, ImportJobs::Job* job) {
    const ImportKind kind = *ParseImportKind(rec.kind);
    const ImportParams params = ParamsOf(rec);
    if (job) job->phase = static_cast<int>(ImportPhase::kParsing);
    sheet::Sheet s = sheet::ReadAny(rec.file_bytes, sheet::Limits{}, [job](int64_t n) {
        if (job == nullptr) return true;
        job->done = n;
        return !job->cancel.load();
    });
    Plan plan;
    plan.sheet_name = s.name;
    std::vector<IndicatorDef> indicators;
    if (kind == ImportKind::kTargets) indicators = CatalogueOf(tx, params.year);
    const int64_t mapping_unit = a.role == Role::kReporter ? a.unit_id.value_or(0) : 0;
    json::object saved = ParseObject(tx.GetImportMapping(mapping_unit, rec.kind).value_or(""));
    plan.layout = FindLayout(s, ImportColumns(kind, indicators), ParseObject(rec.mapping_json), saved);
    std::vector<const sheet::Row*> rows = DataRows(s, plan.layout);
    // A 合计 row at the foot of a ledger is not a project.
    if (kind != ImportKind::kTargets) {
        std::erase_if(rows, [&](const sheet::Row* r) {
            for (std::size_t j = 0; j < std::min<std::size_t>(r->cells.size(), 3); ++j) {
                if (IsTotalRow(r->cells[j].text)) return true;
            }
            return false;
        });
    }
    if (job) {
        job->total = static_cast<int64_t>(rows.size());
        job->done = 0;
        job->phase = static_cast<int>(ImportPhase::kValidating);
    }
    switch (kind) {
        case ImportKind::kProjects:
            ValidateProjects(tx, a, params, rows, plan, job);
            break;
        case ImportKind::kInvestors:
            ValidateInvestors(tx, a, rows, plan, job);
            break;
        case ImportKind::kMonthly:
            ValidateMonthly(tx, a, params, rows, plan, job);
            break;
        case ImportKind::kTargets:
            ValidateTargets(tx, params, rows, plan, job);
            break;
    }
    return plan;
}

json::array IssuesJson(const std::vector<Issue>& issues) {
    json::array out;
    for (std::size_t i = 0; i < issues.size() && i < kListedIssues; ++i) {
        out.push_back({{"row", issues[i].row},
                       {"column", issues[i].column},
                       {"field", issues[i].field},
                       {"message", issues[i].message}});
    }
    return out;
}

// The validation's outcome as stored: the mapping it used, the counts, the preview.
void StorePlan(ImportRecord& rec, const Plan& plan) {
    const Layout& l = plan.layout;
    json::object mapping;
    json::array columns;
    for (std::size_t j = 0; j < l.headers.size(); ++j) {
        json::value field = l.field[j] >= 0 ? json::value(l.defs[l.field[j]].key) : json::value(nullptr);
        mapping[std::to_string(j)] = field;
        columns.push_back({{"index", j}, {"header", l.ColumnName(static_cast<int>(j))}, {"field", field}});
    }
    json::array changes;
    for (std::size_t i = 0; i < plan.changes.size() && i < kListedIssues; ++i) {
        const RowChange& c = plan.changes[i];
        json::array fields;
        for (const auto& f : c.fields) {
            fields.push_back({{"field", f.field}, {"header", f.header}, {"before", f.before}, {"after", f.after}});
        }
        changes.push_back({{"row", c.row}, {"id", c.id}, {"name", c.name}, {"fields", std::move(fields)}});
    }
    rec.mapping_json = json::serialize(mapping);
    rec.summary_json = json::serialize(json::object{{"rows", plan.rows},
                                                    {"inserts", plan.inserts},
                                                    {"updates", plan.updates},
                                                    {"unchanged", plan.unchanged},
                                                    {"error_rows", static_cast<int64_t>(plan.error_rows.size())},
                                                    {"error_count", static_cast<int64_t>(plan.errors.size())},
                                                    {"warning_count", static_cast<int64_t>(plan.warnings.size())}});
    // The rejected rows' numbers and reasons, for the download.
    json::array rejected;
    {
        std::map<int64_t, std::string> reasons;
        for (const auto& e : plan.errors) {
            std::string& r = reasons[e.row];
            r += (r.empty() ? "" : "；") + (e.column.empty() ? std::string() : e.column + "：") + e.message;
        }
        for (const auto& [row, reason] : reasons) rejected.push_back({{"row", row}, {"reason", reason}});
    }
    rec.preview_json = json::serialize(json::object{{"sheet", plan.sheet_name},
                                                    {"header_row", plan.layout.header_row},
                                                    {"columns", std::move(columns)},
                                                    {"errors", IssuesJson(plan.errors)},
                                                    {"warnings", IssuesJson(plan.warnings)},
                                                    {"changes", std::move(changes)},
                                                    {"rejected", std::move(rejected)}});
}

// ----- writing a validated plan

struct Written {
    int64_t inserted = 0, updated = 0;
};

Written Apply(Tx& tx, const Actor& a, int64_t import_id, Plan& plan, ImportJobs::Job* job) {
    Written w;
    int64_t done = 0;
    auto tick = [&] {
        if (job) job->done = ++done;
    };
    if (job) {
        job->phase = static_cast<int>(ImportPhase::kWriting);
        job->total = static_cast<int64_t>(plan.projects.size() + plan.investors.size() + plan.targets.size());
        for (const auto& [k, v] : plan.figures) job->total += static_cast<int64_t>(v.size());
        job->done = 0;
    }
    if (!plan.projects.empty()) {
        ViewContext ctx = LoadViewContext(tx);
        const int64_t now = NowUnix();
        // New projects in bulk: their generated codes reserved at once, then one prepared insert.
        std::vector<Project> inserts;
        int64_t need_codes = 0;
        for (auto& pw : plan.projects) need_codes += pw.insert && pw.after.code.empty() ? 1 : 0;
        int64_t seq = need_codes > 0 ? tx.ReserveProjectSeqs(ctx.today.year(), need_codes) : 0;
        std::vector<AuditEntry> audits;
        audits.reserve(plan.projects.size());
        for (auto& pw : plan.projects) {
            Project& p = pw.after;
            p.updated_at = now;
            if (!pw.insert) continue;
            if (p.code.empty()) {
                char buf[32];
                std::snprintf(buf, sizeof buf, "XM%d%04lld", ctx.today.year(), static_cast<long long>(seq++));
                p.code = buf;
            }
            p.created_at = now;
            inserts.push_back(std::move(p));
        }
        // In chunks, so that the progress moves while a large ledger is written.
        constexpr std::size_t kChunk = 1000;
        for (std::size_t from = 0; from < inserts.size(); from += kChunk) {
            std::vector<Project> chunk(std::make_move_iterator(inserts.begin() + static_cast<std::ptrdiff_t>(from)),
                                       std::make_move_iterator(inserts.begin() + static_cast<std::ptrdiff_t>(
                                                                                     std::min(inserts.size(), from + kChunk))));
            try {
                tx.InsertProjects(chunk);
            } catch (const UniqueViolation&) {
                throw ApiError(ErrorCode::kConflict, "项目编号已存在（可能刚被他人登记），请重新上传", "code");
            }
            for (const Project& p : chunk) {
                json::object after = ProjectJson(p, ctx, false);
                after["import_id"] = import_id;
                audits.push_back(AuditOf(a, "project", p.id, p.id, "create", nullptr, after));
                ++w.inserted;
                tick();
            }
        }
        for (auto& pw : plan.projects) {
            if (pw.insert) continue;
            Project& p = pw.after;
            try {
                if (!tx.UpdateProject(p, pw.before.version)) {
                    throw ApiError(ErrorCode::kConflict,
                                   "第 " + std::to_string(pw.row) + " 行的项目已被他人修改，请重新上传", "version");
                }
            } catch (const UniqueViolation&) {
                throw ApiError(ErrorCode::kConflict, "第 " + std::to_string(pw.row) + " 行：项目编号已存在", "code");
            }
            for (int n = 0; n < kNodeCount; ++n) {
                const NodeEntry& b = pw.before.nodes[n];
                const NodeEntry& e = p.nodes[n];
                if (b.planned != e.planned || b.actual != e.actual || b.note != e.note) tx.UpsertNode(p.id, e);
            }
            json::object after = ProjectJson(p, ctx, false);
            after["import_id"] = import_id;
            audits.push_back(AuditOf(a, "project", p.id, p.id, "update", ProjectJson(pw.before, ctx, false), after));
            ++w.updated;
            tick();
        }
        tx.InsertAudits(audits);
    }
    if (!plan.investors.empty()) {
        std::string city = tx.GetSetting("city_province_code").value_or("340000");
        const int64_t now = NowUnix();
        for (auto& iw : plan.investors) {
            Investor& i = iw.after;
            i.updated_at = now;
            try {
                if (iw.insert) {
                    i.created_at = now;
                    i.id = tx.InsertInvestor(i);
                    ++w.inserted;
                } else {
                    if (!tx.UpdateInvestor(i, iw.before.version)) {
                        throw ApiError(ErrorCode::kConflict,
                                       "第 " + std::to_string(iw.row) + " 行的投资方已被他人修改，请重新上传", "version");
                    }
                    ++w.updated;
                }
            } catch (const UniqueViolation&) {
                throw ApiError(ErrorCode::kConflict, "第 " + std::to_string(iw.row) + " 行：统一社会信用代码已登记", "uscc");
            }
            json::object after = InvestorJson(i, city);
            after["import_id"] = import_id;
            Audit(tx, a, "investor", i.id, 0, iw.insert ? "create" : "update", iw.insert ? json::value(nullptr) : json::value(InvestorJson(iw.before, city)),
                  after);
            tick();
        }
    }
    for (auto& [key, rows] : plan.figures) {
        const auto& [unit, year, month] = key;
        MonthlySubmission s = MonthSubmission(tx, unit, year, month);
        std::vector<MonthlyFigure> input;
        for (const auto& r : rows) input.push_back(r.figure);
        try {
            WriteMonthFigures(tx, a, unit, year, month, s.version, std::move(input), "");
        } catch (const ApiError& e) {
            throw ApiError(ErrorCode::kConflict, std::to_string(year) + "年" + std::to_string(month) + "月：" + e.error().message,
                           "month");
        }
        for (const auto& r : rows) {
            (void)r;
            tick();
        }
    }
    if (!plan.targets.empty()) {
        json::array items;
        for (const auto& t : plan.targets) items.push_back(t.item);
        try {
            WriteTargets(tx, a, plan.year, items);
        } catch (const ApiError& e) {
            throw ApiError(ErrorCode::kConflict, "目标任务：" + e.error().message, "value");
        }
        for (std::size_t i = 0; i < plan.targets.size(); ++i) tick();
    }
    // Monthly rows and targets count per row of the file.
    if (!plan.figures.empty() || !plan.targets.empty()) {
        w.inserted = plan.inserts;
        w.updated = plan.updates;
    }
    return w;
}

// --- views and access

json::object ImportJson(const ImportRecord& r, const std::shared_ptr<ImportJobs::Job>& job, bool detail,
                        const std::vector<ColumnDef>* fields) {
    json::object summary = ParseObject(r.summary_json);
    auto count = [&](const char* k) -> int64_t {
        const auto* v = summary.if_contains(k);
        return v && v->is_int64() ? v->get_int64() : 0;
    };
    json::object o;
    o["id"] = r.id;
    o["kind"] = r.kind;
    o["state"] = r.state;
    o["message"] = r.message;
    o["file_name"] = r.file_name;
    o["file_size"] = r.file_size;
    o["unit_id"] = r.unit_id ? json::value(*r.unit_id) : json::value(nullptr);
    o["created_at"] = TimeJson(r.created_at);
    o["created_by_name"] = r.created_by_name;
    o["committed_at"] = TimeJson(r.committed_at);
    static constexpr const char* kPhases[] = {"parsing", "validating", "writing", "done"};
    const bool running = job && (r.state == "validating" || r.state == "committing");
    const int phase = running ? job->phase.load() : 3;
    o["progress"] = {{"phase", kPhases[std::clamp(phase, 0, 3)]},
                     {"done", running ? job->done.load() : count("rows")},
                     {"total", running ? job->total.load() : count("rows")}};
    o["rows"] = count("rows");
    o["inserts"] = count("inserts");
    o["updates"] = count("updates");
    o["unchanged"] = count("unchanged");
    o["error_count"] = count("error_count");
    o["error_rows"] = count("error_rows");
    o["warning_count"] = count("warning_count");
    o["result"] = r.result_json.empty() ? json::value(nullptr) : json::parse(r.result_json);
    if (detail) {
        json::object preview = ParseObject(r.preview_json);
        for (const char* k : {"sheet", "header_row", "columns", "errors", "warnings", "changes"}) {
            const auto* v = preview.if_contains(k);
            o[k] = v ? *v : json::value(nullptr);
        }
        json::array fs;
        if (fields) {
            for (const auto& d : *fields) {
                static constexpr const char* kTypes[] = {"text", "money", "count", "mu", "date", "month",
                                                         "bool", "category", "prov_db", "route", "tags"};
                fs.push_back({{"key", d.key},
                              {"header", d.header},
                              {"required", d.required},
                              {"type", kTypes[static_cast<int>(d.type)]}});
            }
        }
        o["fields"] = std::move(fs);
    }
    return o;
}

// The import `id` as `a` may see it: its own unit's for a reporter, any for the centre; else 404.
ImportRecord LoadImport(Tx& tx, const Actor& a, int64_t id, bool detail) {
    if (a.role != Role::kAdmin && a.role != Role::kDispatcher && a.role != Role::kReporter) {
        throw ApiError(ErrorCode::kForbidden, "当前角色不能导入数据");
    }
    auto r = tx.GetImport(id, detail);
    if (!r) throw ApiError(ErrorCode::kNotFound, "导入记录不存在");
    if (a.role == Role::kReporter && r->unit_id != a.unit_id) throw ApiError(ErrorCode::kNotFound, "导入记录不存在");
    return std::move(*r);
}

// Updates the stored import, retrying on a concurrent change of its row only when `force`.
void SaveImport(Store& store, ImportRecord rec, bool keep_if_changed) {
    auto tx = store.BeginBookkeepingWrite();
    auto cur = tx->GetImport(rec.id, false);
    if (!cur) return;
    if (keep_if_changed && cur->version != rec.version) return;  // cancelled meanwhile
    tx->UpdateImport(rec, cur->version);
    tx->Commit();
}

std::string SafeFileName(std::string name, ImportKind kind) {
    if (auto slash = name.find_last_of("/\\"); slash != std::string::npos) name = name.substr(slash + 1);
    std::erase_if(name, [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == '"'; });
    if (name.size() > 200) name = name.substr(name.size() - 200);
    if (name.empty()) name = std::string(ImportKindNameZh(kind)) + ".xlsx";
    return name;
}

// --- the workers' jobs

// Validation is a function of the file, the mapping, the parameters, the actor, today and the data,
// whose version every business write moves: a plan computed at data version v is the plan of any
// later transaction that still reads v.
std::string PlanKey(const ImportRecord& rec, const Actor& a, int64_t data_version) {
    return rec.file_sha256 + "|" + rec.mapping_json + "|" + rec.params_json + "|" + std::to_string(a.user_id) + "|" +
           std::string(RoleKey(a.role)) + "|" + std::to_string(a.unit_id.value_or(0)) + "|" + Date::Today().ToString() +
           "|" + std::to_string(data_version);
}

// What a plan does, row by row counted: inserts, updates, unchanged rows, rows with errors.
using Counts = std::array<int64_t, 4>;
Counts PlanCounts(const Plan& p) {
    return {p.inserts, p.updates, p.unchanged, static_cast<int64_t>(p.error_rows.size())};
}
// The same of a stored summary (StorePlan).
Counts PlanCounts(const json::object& summary) {
    const auto count = [&](const char* key) {
        const json::value* v = summary.if_contains(key);
        return v != nullptr && v->is_int64() ? v->as_int64() : int64_t{0};
    };
    return {count("inserts"), count("updates"), count("unchanged"), count("error_rows")};
}
// "新增 1 个、更新 2 个、无变化 0 个、有错误 0 行".
std::string CountsText(const Counts& c) {
    return "新增 " + std::to_string(c[0]) + " 个、更新 " + std::to_string(c[1]) + " 个、无变化 " + std::to_string(c[2]) +
           " 个、有错误 " + std::to_string(c[3]) + " 行";
}

// Validates in a read transaction, stores the outcome in `rec` (StorePlan: the mapping becomes the
// one the plan used, column by column) and keeps the plan for the commit, which takes it over (it is
// not changed here after it is kept).
std::shared_ptr<const Plan> ValidateAndKeep(Store& store, ImportJobs& jobs, const Actor& a, ImportRecord& rec,
                                            ImportJobs::Job* job) {
    auto tx = store.BeginRead();
    const int64_t version = tx->DataVersion();  // first: the transaction reads this version's data
    auto plan = std::make_shared<Plan>(Validate(*tx, a, rec, job));
    StorePlan(rec, *plan);
    jobs.KeepPlan(rec.id, PlanKey(rec, a, version), plan);
    return plan;
}

void RunImportValidation(Store& store_, ImportJobs& jobs, int64_t id, const Actor& a, ImportJobs::Job& job) {
    ImportRecord rec;
    {
        auto tx = store_.BeginRead();
        auto r = tx->GetImport(id, true);
        if (!r) return;
        rec = std::move(*r);
    }
    try {
        ValidateAndKeep(store_, jobs, a, rec, &job);
        rec.state = "ready";
        rec.message.clear();
    } catch (const Cancelled&) {
        return;  // CancelImport has recorded it
    } catch (const ApiError& e) {
        if (job.cancel) return;
        rec.state = "failed";
        rec.message = e.error().message;
    } catch (const std::exception& e) {
        spdlog::error("import {} validation: {}", id, e.what());
        rec.state = "failed";
        rec.message = "读取文件时出错，请检查文件后重新上传";
    }
    SaveImport(store_, rec, true);
}

void RunImportCommit(Store& store_, ImportJobs& jobs, int64_t id, const Actor& a, bool skip_errors,
                     ImportJobs::Job& job) {
    ImportRecord rec;
    try {
        auto tx = store_.BeginWrite();
        auto r = tx->GetImport(id, true);
        if (!r) return;
        rec = std::move(*r);
        // The preview's plan when nothing it depends on moved since (writers take turns, so the data
        // version read here is the latest); otherwise the file is read and checked again.
        const int64_t version = tx->DataVersion();
        auto kept = std::static_pointer_cast<Plan>(jobs.TakePlan(id, PlanKey(rec, a, version)));
        Plan plan = kept ? std::move(*kept) : Validate(*tx, a, rec, &job);
        if (!plan.errors.empty() && !skip_errors) {
            tx.reset();  // nothing written
            StorePlan(rec, plan);
            rec.state = "ready";
            rec.message = "数据已发生变化，有 " + std::to_string(plan.error_rows.size()) + " 行不能导入，请查看错误后重新提交";
            SaveImport(store_, rec, false);
            job.outcome = 1;
            return;
        }
        // Checked again on changed data, the rows would do something else than the preview the user
        // confirmed (a project created meanwhile with a previewed new code: an insert became an
        // update): nothing is written, the new preview is shown and kept for the next commit.
        if (const json::object previewed = ParseObject(rec.summary_json); !kept && PlanCounts(plan) != PlanCounts(previewed)) {
            tx.reset();
            const std::string before = CountsText(PlanCounts(previewed));
            StorePlan(rec, plan);
            rec.state = "ready";
            rec.message = "数据已发生变化：现为" + CountsText(PlanCounts(plan)) + "（预览时" + before +
                          "），未写入任何数据，请查看新的预览后重新提交";
            jobs.KeepPlan(id, PlanKey(rec, a, version), std::make_shared<Plan>(std::move(plan)));
            SaveImport(store_, rec, false);
            job.outcome = 1;
            return;
        }
        Written w = Apply(*tx, a, id, plan, &job);
        json::object result{{"inserted", w.inserted},
                            {"updated", w.updated},
                            {"unchanged", plan.unchanged},
                            {"skipped", static_cast<int64_t>(plan.error_rows.size())}};
        StorePlan(rec, plan);
        rec.state = "committed";
        rec.message.clear();
        rec.result_json = json::serialize(result);
        rec.committed_at = NowUnix();
        Audit(*tx, a, "import", id, 0, "update", json::object{{"state", "committing"}},
              json::object{{"state", "committed"}, {"kind", rec.kind}, {"file_name", rec.file_name}, {"file_sha256", rec.file_sha256},
                           {"result", result}});
        auto cur = tx->GetImport(id, false);
        if (!cur || !tx->UpdateImport(rec, cur->version)) throw ApiError(ErrorCode::kConflict, "导入已被他人处理");
        tx->Commit();
    } catch (const ApiError& e) {
        rec.state = "ready";
        rec.message = "提交失败，未写入任何数据：" + e.error().message;
        if (rec.id != 0) SaveImport(store_, rec, false);
        job.outcome = 1;
    } catch (const std::exception& e) {
        spdlog::error("import {} commit: {}", id, e.what());
        rec.state = "ready";
        rec.message = "提交失败，未写入任何数据，请稍后重试";
        if (rec.id != 0) SaveImport(store_, rec, false);
        job.outcome = 2;
    }
}

// An upload left waiting for a commit (ready, or validating on a server that stopped) for more than
// kWaitingImportDays is cancelled and its file dropped (the name, size, hash and preview stay), so
// abandoned uploads do not keep 20 MiB files in the database for ever. Each upload sweeps first, in
// the transaction that records it, with an audit row per import cancelled.
constexpr int64_t kWaitingImportDays = 7;

void ExpireWaitingImports(Tx& tx, int64_t now) {
    for (ImportRecord rec : tx.ListStaleImports(now - kWaitingImportDays * 86'400)) {
        const std::string was = rec.state;
        const int64_t version = rec.version;
        auto full = tx.GetImport(rec.id, true);
        if (!full) continue;
        rec.preview_json = full->preview_json;  // UpdateImport writes it: keep the stored one
        rec.state = "cancelled";
        rec.message = "超过 " + std::to_string(kWaitingImportDays) + " 天未提交，已自动取消，文件已清理";
        if (!tx.UpdateImport(rec, version)) continue;
        tx.DropImportFile(rec.id);
        Audit(tx, kSystemActor, "import", rec.id, 0, "update", json::object{{"state", was}},
              json::object{{"state", "cancelled"}, {"file_name", rec.file_name}, {"reason", "expired"}});
    }
}

// The stored file of `r`, or 404 once an expired upload's file was dropped.
void RequireFile(const ImportRecord& r) {
    if (r.file_bytes.empty()) {
        throw ApiError(ErrorCode::kNotFound,
                       "文件已清理（导入超过 " + std::to_string(kWaitingImportDays) + " 天未提交）", "file");
    }
}

}  // namespace

// --- the use cases

App::Progressing App::StartImport(const Actor& a, const Query& q, const std::string& bytes, int wait_ms) {
    RequireWriter(a);
    auto kind = ParseImportKind(QueryString(q, "kind"));
    if (!kind) throw ApiError(ErrorCode::kBadRequest, "导入类型应为 projects、investors、monthly 或 targets", "kind");
    if (*kind == ImportKind::kTargets) RequireStaff(a);
    ImportParams params;
    params.unit_id = QueryInt(q, "unit_id", 1, INT64_MAX);
    auto year = QueryInt(q, "year", 1901, 2999);
    auto month = QueryInt(q, "month", 1, 12);
    params.year = static_cast<int>(year.value_or(0));
    params.month = static_cast<int>(month.value_or(0));
    if (*kind == ImportKind::kTargets && !year) throw ApiError(ErrorCode::kBadRequest, "缺少参数 year", "year");
    if (month && !year) throw ApiError(ErrorCode::kBadRequest, "缺少参数 year", "year");
    if (a.role == Role::kReporter) {
        if (params.unit_id && params.unit_id != a.unit_id) throw ApiError(ErrorCode::kForbidden, "只能导入本单位的数据", "unit_id");
        params.unit_id = a.unit_id;
    }
    if (bytes.empty()) throw ApiError(ErrorCode::kUnprocessable, "文件为空", "file");
    if (static_cast<int64_t>(bytes.size()) > config_.max_upload_bytes) {
        throw ApiError(ErrorCode::kTooLarge, "文件超过大小限制", "file");
    }

    ImportRecord rec;
    rec.kind = std::string(ImportKindKey(*kind));
    rec.unit_id = a.role == Role::kReporter ? a.unit_id : std::nullopt;
    rec.params_json = json::serialize(ParamsJson(params));
    rec.file_name = SafeFileName(QueryString(q, "name"), *kind);
    rec.file_size = static_cast<int64_t>(bytes.size());
    rec.file_sha256 = Sha256Hex(bytes);
    rec.file_bytes = bytes;
    rec.state = "validating";
    rec.created_by = a.user_id;
    rec.created_at = NowUnix();
    {
        auto tx = store_.BeginBookkeepingWrite();
        if (params.unit_id && !tx->GetUnit(*params.unit_id)) throw ApiError(ErrorCode::kUnprocessable, "单位不存在", "unit_id");
        ExpireWaitingImports(*tx, rec.created_at);
        rec.id = tx->InsertImport(rec);
        Audit(*tx, a, "import", rec.id, 0, "create", nullptr,
              json::object{{"kind", rec.kind},
                           {"file_name", rec.file_name},
                           {"file_size", rec.file_size},
                           {"file_sha256", rec.file_sha256},
                           {"params", ParamsJson(params)}});
        tx->Commit();
    }
    const int64_t id = rec.id;
    auto job = import_jobs_->Submit(id, [store = &store_, jobs = import_jobs_.get(), id, a](ImportJobs::Job& j) {
        RunImportValidation(*store, *jobs, id, a, j);
    });
    ImportJobs::Wait(*job, wait_ms);
    json::object out = GetImport(a, id);
    const bool finished = out["state"] != "validating";  // it may have finished just after the wait
    return {std::move(out), finished};
}

json::object App::GetImport(const Actor& a, int64_t id) {
    auto tx = store_.BeginRead();
    ImportRecord r = LoadImport(*tx, a, id, true);
    const ImportKind kind = *ParseImportKind(r.kind);
    std::vector<IndicatorDef> indicators;
    if (kind == ImportKind::kTargets) indicators = CatalogueOf(*tx, ParamsOf(r).year);
    const auto fields = ImportColumns(kind, indicators);
    return ImportJson(r, import_jobs_->Find(id), true, &fields);
}

json::object App::ListImports(const Actor& a, const Query& q) {
    std::string kind = QueryString(q, "kind");
    if (!kind.empty() && !ParseImportKind(kind)) throw ApiError(ErrorCode::kBadRequest, "导入类型无效", "kind");
    int64_t page = QueryInt(q, "page", 1, 1'000'000).value_or(1);
    int64_t size = QueryInt(q, "page_size", 1, 200).value_or(20);
    if (a.role != Role::kAdmin && a.role != Role::kDispatcher && a.role != Role::kReporter) {
        throw ApiError(ErrorCode::kForbidden, "当前角色不能导入数据");
    }
    auto tx = store_.BeginRead();
    std::optional<int64_t> unit;
    if (a.role == Role::kReporter) unit = a.unit_id.value_or(-1);
    auto result = tx->ListImports(kind, unit, Page{(page - 1) * size, size});
    json::array items;
    for (const auto& r : result.items) items.push_back(ImportJson(r, import_jobs_->Find(r.id), false, nullptr));
    return ListJson(std::move(items), result.total);
}

json::object App::MapImport(const Actor& a, int64_t id, const json::value& body) {
    Body b(body, {"columns", "save"});
    const bool save = b.Bool("save", false);
    const auto* cols = b.object().if_contains("columns");
    if (cols == nullptr || !cols->is_object()) throw ApiError(ErrorCode::kBadRequest, "columns 应为对象", "columns");
    ImportRecord rec;
    {
        auto tx = store_.BeginRead();
        rec = LoadImport(*tx, a, id, true);
    }
    RequireWriter(a);
    if (rec.state != "ready") throw ApiError(ErrorCode::kConflict, "只有待提交的导入可以修改列对应关系", "state");
    const ImportKind kind = *ParseImportKind(rec.kind);
    std::vector<IndicatorDef> indicators;
    {
        auto tx = store_.BeginRead();
        if (kind == ImportKind::kTargets) indicators = CatalogueOf(*tx, ParamsOf(rec).year);
    }
    const auto defs = ImportColumns(kind, indicators);
    json::object mapping = ParseObject(rec.mapping_json);
    json::object preview = ParseObject(rec.preview_json);
    const std::size_t ncols = preview.contains("columns") ? preview["columns"].as_array().size() : 0;
    for (const auto& kv : cols->as_object()) {
        const std::string key(kv.key());
        const std::string field = "columns." + key;
        std::size_t index = 0;
        auto [ptr, ec] = std::from_chars(key.data(), key.data() + key.size(), index);
        if (ec != std::errc() || ptr != key.data() + key.size() || index >= ncols) {
            throw ApiError(ErrorCode::kUnprocessable, "文件没有第 " + key + " 列", field);
        }
        if (kv.value().is_null()) {
            mapping[key] = nullptr;
        } else if (kv.value().is_string()) {
            const std::string f(kv.value().get_string());
            if (std::none_of(defs.begin(), defs.end(), [&](const ColumnDef& d) { return d.key == f; })) {
                throw ApiError(ErrorCode::kUnprocessable, "未知字段：" + f, field);
            }
            mapping[key] = f;
        } else {
            throw ApiError(ErrorCode::kBadRequest, "应为字段名或 null", field);
        }
    }
    std::map<std::string, std::string> taken;
    for (const auto& kv : mapping) {
        if (!kv.value().is_string()) continue;
        const std::string f(kv.value().get_string());
        if (auto [it, fresh] = taken.emplace(f, std::string(kv.key())); !fresh) {
            const std::string later = cols->as_object().contains(kv.key()) ? std::string(kv.key()) : it->second;
            throw ApiError(ErrorCode::kUnprocessable, "字段“" + f + "”对应了两列", "columns." + later);
        }
    }
    rec.mapping_json = json::serialize(mapping);
    const std::shared_ptr<const Plan> kept = ValidateAndKeep(store_, *import_jobs_, a, rec, nullptr);
    const Plan& plan = *kept;
    auto tx = store_.BeginBookkeepingWrite();
    auto cur = tx->GetImport(id, false);
    if (!cur || cur->version != rec.version || cur->state != "ready") {
        throw ApiError(ErrorCode::kConflict, "导入已被他人处理，请刷新", "state");
    }
    tx->UpdateImport(rec, rec.version);
    json::object headers;  // the saved mapping: normalised header → field
    if (save) {
        const int64_t unit = a.role == Role::kReporter ? a.unit_id.value_or(0) : 0;
        headers = ParseObject(tx->GetImportMapping(unit, rec.kind).value_or(""));
        for (std::size_t j = 0; j < plan.layout.headers.size(); ++j) {
            std::string h = NormaliseHeader(plan.layout.headers[j]);
            if (h.empty()) continue;
            headers[h] = plan.layout.field[j] >= 0 ? json::value(plan.layout.defs[plan.layout.field[j]].key)
                                                   : json::value(nullptr);
        }
        tx->SetImportMapping(unit, rec.kind, json::serialize(headers), a.user_id);
    }
    Audit(*tx, a, "import", id, 0, "update", nullptr,
          json::object{{"columns", *cols}, {"saved", save ? json::value(headers) : json::value(nullptr)}});
    tx->Commit();
    auto rtx = store_.BeginRead();
    ImportRecord stored = LoadImport(*rtx, a, id, true);
    return ImportJson(stored, nullptr, true, &defs);
}

App::Progressing App::CommitImport(const Actor& a, int64_t id, const json::value& body, int wait_ms) {
    Body b(body, {"skip_errors"});
    const bool skip = b.Bool("skip_errors", false);
    {
        auto tx = store_.BeginBookkeepingWrite();
        ImportRecord rec = LoadImport(*tx, a, id, false);
        RequireWriter(a);
        if (rec.state != "ready") throw ApiError(ErrorCode::kConflict, "该导入当前不能提交（" + rec.state + "）", "state");
        json::object summary = ParseObject(rec.summary_json);
        const int64_t errors = summary.contains("error_rows") ? summary["error_rows"].as_int64() : 0;
        if (errors > 0 && !skip) {
            throw ApiError(ErrorCode::kConflict,
                           "还有 " + std::to_string(errors) + " 行有错误：请修正文件后重新上传，或选择跳过错误行", "skip_errors");
        }
        const int64_t version = rec.version;
        rec.state = "committing";
        rec.message.clear();
        rec.preview_json = "";  // UpdateImport writes it: keep the stored one
        auto full = tx->GetImport(id, true);
        rec.preview_json = full->preview_json;
        if (!tx->UpdateImport(rec, version)) throw ApiError(ErrorCode::kConflict, "导入已被他人处理，请刷新", "state");
        tx->Commit();
    }
    auto job = import_jobs_->Submit(id, [store = &store_, jobs = import_jobs_.get(), id, a, skip](ImportJobs::Job& j) {
        RunImportCommit(*store, *jobs, id, a, skip, j);
    });
    bool finished = ImportJobs::Wait(*job, wait_ms);
    json::object out = GetImport(a, id);
    if (finished && job->outcome == 1) {
        // The rows are not valid any more (the data changed since the preview): nothing was written.
        throw ApiError(ErrorCode::kConflict, std::string(out["message"].as_string()), "rows");
    }
    if (finished && job->outcome == 2) throw ApiError(ErrorCode::kInternal, std::string(out["message"].as_string()));
    return {std::move(out), finished};
}

json::object App::CancelImport(const Actor& a, int64_t id) {
    {
        // Answer at once while a commit holds the database, rather than after it.
        auto rtx = store_.BeginRead();
        ImportRecord cur = LoadImport(*rtx, a, id, false);
        if (cur.state != "validating" && cur.state != "ready") {
            throw ApiError(ErrorCode::kConflict, "该导入当前不能取消（" + cur.state + "）", "state");
        }
    }
    auto tx = store_.BeginBookkeepingWrite();
    ImportRecord rec = LoadImport(*tx, a, id, true);
    RequireWriter(a);
    if (rec.state != "validating" && rec.state != "ready") {
        throw ApiError(ErrorCode::kConflict, "该导入当前不能取消（" + rec.state + "）", "state");
    }
    const int64_t version = rec.version;
    const std::string cur_state = rec.state;
    rec.state = "cancelled";
    rec.message = "已取消";
    if (!tx->UpdateImport(rec, version)) throw ApiError(ErrorCode::kConflict, "导入已被他人处理，请刷新", "state");
    Audit(*tx, a, "import", id, 0, "update", json::object{{"state", cur_state}},
          json::object{{"state", "cancelled"}, {"file_name", rec.file_name}});
    tx->Commit();
    if (auto job = import_jobs_->Find(id)) job->cancel = true;
    return GetImport(a, id);
}

FileBytes App::ImportFile(const Actor& a, int64_t id) {
    auto tx = store_.BeginRead();
    ImportRecord r = LoadImport(*tx, a, id, true);
    RequireFile(r);
    const bool xlsx = r.file_bytes.rfind("PK", 0) == 0;
    return {std::move(r.file_bytes),
            xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv", r.file_name};
}

FileBytes App::ImportRejected(const Actor& a, int64_t id) {
    ImportRecord r;
    {
        auto tx = store_.BeginRead();
        r = LoadImport(*tx, a, id, true);
    }
    RequireFile(r);
    json::object preview = ParseObject(r.preview_json);
    const auto* rejected = preview.if_contains("rejected");
    if (rejected == nullptr || !rejected->is_array() || rejected->as_array().empty()) {
        throw ApiError(ErrorCode::kNotFound, "没有被拒绝的行");
    }
    std::map<int64_t, std::string> reasons;
    for (const auto& v : rejected->as_array()) reasons[v.at("row").as_int64()] = std::string(v.at("reason").as_string());
    sheet::Sheet s = sheet::ReadAny(r.file_bytes);
    const int64_t header_row = preview.contains("header_row") ? preview["header_row"].as_int64() : 0;
    sheet::OutSheet out;
    out.name = "未导入的行";
    std::size_t width = 0;
    for (const auto& row : s.rows) {
        if (row.number == header_row || reasons.count(row.number)) width = std::max(width, row.cells.size());
    }
    out.columns.push_back({"原行号", 8, "0"});
    out.columns.push_back({"错误原因", 48, ""});
    std::vector<std::string> headers(width);
    for (const auto& row : s.rows) {
        if (row.number != header_row) continue;
        for (std::size_t j = 0; j < row.cells.size(); ++j) headers[j] = row.cells[j].text;
    }
    for (std::size_t j = 0; j < width; ++j) out.columns.push_back({headers[j].empty() ? sheet::ColumnName(static_cast<int64_t>(j)) : headers[j], 14, ""});
    for (const auto& row : s.rows) {
        auto it = reasons.find(row.number);
        if (it == reasons.end()) continue;
        std::vector<sheet::OutCell> cells = {sheet::OutCell::Number(static_cast<double>(row.number)),
                                             sheet::OutCell::Text(it->second)};
        for (std::size_t j = 0; j < width; ++j) {
            const sheet::Cell& c = CellAt(row, j);
            if (c.kind == sheet::CellKind::kEmpty) {
                cells.emplace_back();
            } else if (c.kind == sheet::CellKind::kNumber) {
                cells.push_back(sheet::OutCell::Number(c.number));
            } else if (c.kind == sheet::CellKind::kDate && c.date) {
                cells.push_back(sheet::OutCell::Day(*c.date));
            } else {
                cells.push_back(sheet::OutCell::Text(c.text));
            }
        }
        out.rows.push_back(std::move(cells));
    }
    std::string base = r.file_name.substr(0, r.file_name.find_last_of('.'));
    return {sheet::WriteXlsx({out}), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            base + "（未导入的行）.xlsx"};
}

FileBytes App::ImportTemplate(const Actor& a, const Query& q) {
    RequireWriter(a);
    auto kind = ParseImportKind(QueryString(q, "kind"));
    if (!kind) throw ApiError(ErrorCode::kBadRequest, "导入类型应为 projects、investors、monthly 或 targets", "kind");
    const Date today = Date::Today();
    const int year = static_cast<int>(QueryInt(q, "year", 1901, 2999).value_or(today.year()));
    std::vector<IndicatorDef> indicators;
    std::string unit_name = "示例镇";
    std::string chain_name;
    {
        auto tx = store_.BeginRead();
        if (*kind == ImportKind::kTargets) indicators = CatalogueOf(*tx, year);
        if (a.unit_id) unit_name = UnitName(*tx, a.unit_id);
        else if (auto units = tx->ListUnits(); !units.empty()) unit_name = units.front().name;
        if (auto chains = tx->ListChains(); !chains.empty()) chain_name = chains.front().name;
    }
    const auto defs = ImportColumns(*kind, indicators);
    sheet::OutSheet s;
    s.name = std::string(ImportKindNameZh(*kind));
    for (const auto& d : defs) s.columns.push_back({d.header + (d.required ? "" : ""), d.width, NumberFormat(d.type)});
    // One example row, so that the format of each column is plain to see.
    const Date signed_day = today.AddDays(-30);
    std::vector<sheet::OutCell> row;
    for (const auto& d : defs) {
        sheet::OutCell c;
        const std::string& k = d.key;
        if (k == "name") c = TextOut(*kind == ImportKind::kInvestors ? "示例新能源科技有限公司" : "示例智能装备制造项目");
        else if (k == "project") c = TextOut("示例智能装备制造项目");
        else if (k == "unit") c = TextOut(*kind == ImportKind::kTargets ? "全市" : unit_name);
        else if (k == "investor") c = TextOut("示例新能源科技有限公司");
        else if (k == "uscc" || k == "investor_uscc") c = TextOut("91340100MA2N0XXXXX");
        else if (k == "category") c = TextOut("工业");
        else if (k == "industry_code") c = TextOut("C38");
        else if (k == "chain") c = TextOut(chain_name);
        else if (k == "total_investment") c = MoneyOut(1'500'000'000);
        else if (k == "fixed_asset_investment") c = MoneyOut(1'200'000'000);
        else if (k == "land_area_mu") c = MuOut(12050);
        else if (k == "is_key" || k == "terminated") c = BoolOut(k == "is_key");
        else if (k == "prov_db_status") c = TextOut("未上报");
        else if (k == "province") c = TextOut("江苏省");
        else if (k == "city") c = TextOut("南京市");
        else if (k == "tags") c = TextOut("民企、行业龙头");
        else if (k == "month") c = TextOut(std::to_string(today.year()) + "-" + (today.month() < 10 ? "0" : "") + std::to_string(today.month()));
        else if (k == "funds_in_place") c = MoneyOut(50'000'000);
        else if (k == "funds_out_of_province") c = MoneyOut(30'000'000);
        else if (k == "node.lead.actual") c = DateOut(signed_day.AddDays(-60));
        else if (k == "node.negotiating.actual") c = DateOut(signed_day.AddDays(-30));
        else if (k == "node.signed.planned") c = DateOut(signed_day);
        else if (k == "node.started.planned") c = DateOut(signed_day.AddDays(90));
        else if (d.type == ColumnType::kMoney && *kind == ImportKind::kTargets) c = MoneyOut(500'000'000, 100'000'000);
        else if (d.type == ColumnType::kCount && *kind == ImportKind::kTargets) c = sheet::OutCell::Number(3);
        row.push_back(std::move(c));
    }
    s.rows.push_back(std::move(row));
    std::string name = std::string(ImportKindNameZh(*kind)) + "导入模板.xlsx";
    return {sheet::WriteXlsx({s}), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name};
}

}  // namespace zs
