// Use cases: reports (工作总结, 月通报, 周动态, 季调度, 台账). Who may compose, edit, publish and
// read them; the data a report is made of, read in one transaction; drafts' edits; publishing as
// an immutable snapshot (document, edits, rendered files) that locks the month's figures; and the
// comparison of a published report with today's data. The words and files come from the report
// layer through ReportWriter (service/report_port.hpp).
#include <algorithm>
#include <charconv>

#include "core/crypto.hpp"
#include "core/document.hpp"
#include "core/indicators.hpp"
#include "core/pipeline.hpp"
#include "service/app.hpp"
#include "service/body.hpp"
#include "service/internal.hpp"
#include "service/report_port.hpp"
#include "service/weekly.hpp"

namespace zs {
namespace json = boost::json;

namespace {

constexpr int kPublishAttempts = 3;
// The ledger's preview pages (docs/api.md "Reports"): rows per page by default and at most.
constexpr int64_t kLedgerPageSize = 500;
constexpr int64_t kLedgerMaxPageSize = 2000;
// The sizes the web app offers (any size up to the maximum is accepted), sent with each page.
constexpr int64_t kLedgerPageSizes[] = {100, 200, kLedgerPageSize, 1000, kLedgerMaxPageSize};

// A report as asked for: its type, its key and, for the ledger, the project list's filters.
struct ReportParams {
    ReportType type = ReportType::kMonthly;
    ReportKey key;
    Query ledger_query;
    std::optional<LedgerPage> ledger_page;  // the ledger's preview: one page of rows; nullopt: every row
};


int RequiredInt(const Query& q, const std::string& key, int64_t min, int64_t max) {
    auto v = QueryInt(q, key, min, max);
    if (!v) throw ApiError(ErrorCode::kBadRequest, "缺少参数 " + key, key);
    return static_cast<int>(*v);
}

// Reads type and period; a period that has not begun is refused. No authorization here.
ReportParams ReadParams(const Query& q, Date today) {
    ReportParams p;
    std::string type = QueryString(q, "type");
    if (type.empty()) throw ApiError(ErrorCode::kBadRequest, "缺少参数 type", "type");
    auto t = ParseReportType(type);
    if (!t) throw ApiError(ErrorCode::kBadRequest, "未知的报告类型：" + type, "type");
    p.type = *t;
    p.key.type = std::string(ReportTypeKey(*t));
    auto unit = QueryInt(q, "unit_id", 1, INT64_MAX);
    if (p.type == ReportType::kLedger) {
        p.ledger_query = q;
        p.key.unit_id = unit.value_or(0);
        return p;
    }
    if (unit && p.type != ReportType::kWeekly) {
        throw ApiError(ErrorCode::kBadRequest, "该类报告不按单位生成", "unit_id");
    }
    p.key.year = RequiredInt(q, "year", 1901, 2998);
    switch (p.type) {
        case ReportType::kSummary:
        case ReportType::kMonthly:
            p.key.period = RequiredInt(q, "month", 1, 12);
            if (p.key.year * 12 + p.key.period > today.year() * 12 + today.month()) {
                throw ApiError(ErrorCode::kBadRequest, "该月尚未开始", "month");
            }
            break;
        case ReportType::kWeekly: {
            p.key.period = RequiredInt(q, "week", 1, 53);
            WeekSpan w = ReadWeek(p.key.year, p.key.period);
            if (today < w.monday) throw ApiError(ErrorCode::kBadRequest, "该周尚未开始", "week");
            p.key.unit_id = unit.value_or(0);
            break;
        }
        case ReportType::kQuarterly:
            p.key.period = RequiredInt(q, "quarter", 1, 4);
            if (p.key.year * 12 + (p.key.period - 1) * 3 + 1 > today.year() * 12 + today.month()) {
                throw ApiError(ErrorCode::kBadRequest, "该季度尚未开始", "quarter");
            }
            break;
        case ReportType::kLedger:
            break;
    }
    return p;
}

// `page` and `page_size` of a ledger preview (the draft, the HTML); nullopt for the whole ledger,
// which is what a ledger without them is when `paged_by_default` is false (the CLI). Other types
// have no pages.
std::optional<LedgerPage> ReadLedgerPage(const Query& q, ReportType type, bool paged_by_default) {
    const bool asked = !QueryString(q, "page").empty() || !QueryString(q, "page_size").empty();
    if (type != ReportType::kLedger) {
        if (asked) {
            const char* field = QueryString(q, "page").empty() ? "page_size" : "page";
            throw ApiError(ErrorCode::kBadRequest, "该类报告不分页", field);
        }
        return std::nullopt;
    }
    LedgerPage pg;
    pg.page = QueryInt(q, "page", 1, 1'000'000).value_or(1);
    pg.page_size = QueryInt(q, "page_size", 1, kLedgerMaxPageSize).value_or(kLedgerPageSize);
    if (!asked && !paged_by_default) return std::nullopt;
    return pg;
}

// The same parameters from a JSON body (draft edits, publishing), as a query.
Query QueryOfBody(const Body& b) {
    Query q;
    q["type"] = b.String("type", true, 16);
    for (const char* key : {"year", "month", "week", "quarter", "unit_id"}) {
        if (auto v = b.OptInt(key, 0, INT64_MAX)) q[key] = std::to_string(*v);
    }
    return q;
}

ReportParams ParamsOfKey(const ReportKey& k) {
    ReportParams p;
    p.type = *ParseReportType(k.type);
    p.key = k;
    return p;
}

// Who may compose (draft, render) a report: staff any; a reporter its own unit's weekly report and
// its ledger; nobody else.
void AuthorizeCompose(const Actor& a, ReportParams& p) {
    if (a.role == Role::kAdmin || a.role == Role::kDispatcher) return;
    if (a.role != Role::kReporter) throw ApiError(ErrorCode::kForbidden, "当前角色只能查看已发布的报告");
    if (p.type == ReportType::kWeekly) {
        if (p.key.unit_id != 0 && p.key.unit_id != a.unit_id) throw ApiError(ErrorCode::kNotFound, "单位不存在");
        p.key.unit_id = a.unit_id.value_or(0);
        return;
    }
    if (p.type == ReportType::kLedger) {
        p.key.unit_id = a.unit_id.value_or(0);
        return;
    }
    throw ApiError(ErrorCode::kForbidden, "单位填报员只能生成本单位的周动态和台账");
}

void RequirePublishedReader(const Actor& a) {
    if (a.role != Role::kAdmin && a.role != Role::kDispatcher && a.role != Role::kLeader) {
        throw ApiError(ErrorCode::kForbidden, "当前角色无权查看已发布的报告");
    }
}

Ratio ParseShare(const std::string& text) {
    auto slash = text.find('/');
    int64_t num = 0, den = 0;
    if (slash != std::string::npos) {
        std::from_chars(text.data(), text.data() + slash, num);
        std::from_chars(text.data() + slash + 1, text.data() + text.size(), den);
    }
    if (num <= 0 || den <= 0 || num > den) return Ratio{1, 3};
    return MakeRatio(num, den);
}

Date ParseMonthDay(const std::string& text, int year) {
    int month = 9, day = 30;
    if (text.size() == 5 && text[2] == '-') {
        std::from_chars(text.data(), text.data() + 2, month);
        std::from_chars(text.data() + 3, text.data() + 5, day);
    }
    if (auto d = Date::FromYmd(year, month, day)) return *d;
    return *Date::FromYmd(year, 9, 30);
}

IndicatorTable MakeIndicatorTable(const EngineSnapshot& s, const IndicatorSettings& settings,
                                  const IndicatorSettings& last, const Period& period, const TargetTable& targets) {
    IndicatorTable t;
    t.period = period;
    t.catalogue = IndicatorCatalogue(settings);
    t.results = ComputeIndicators(s, settings, last, period, targets);
    t.unit_ids = s.unit_id;
    return t;
}

// `f` as the reports read it: counts and status as of the context's day, the list's default order
// (newest first) turned into the ledger's (by id).
ProjectFilter ReportFilter(ProjectFilter f, const ViewContext& ctx) {
    f.today = ctx.today;
    f.stalled_days = ctx.stalled_days;
    f.with_counts = false;  // the reports count overdue nodes and problems from the ledgers and problems
    if (f.sort == "-id") f.sort = "id";
    return f;
}

// The projects of `f` (of `page` of them: the ledger's preview) with their ledgers, and how many
// match the filter.
PageOf<Project> LoadProjects(Tx& tx, const ProjectFilter& f, const ViewContext& ctx, bool live_only,
                             Page page = Page{0, INT32_MAX}) {
    PageOf<Project> projects = tx.ListProjects(ReportFilter(f, ctx), page);
    if (live_only) std::erase_if(projects.items, [](const Project& p) { return p.terminated; });
    tx.LoadLedgers(projects.items);
    return projects;
}

// The open problems of `projects`.
std::vector<Problem> OpenProblemsOf(Tx& tx, const std::vector<Project>& projects) {
    std::vector<int64_t> ids;
    ids.reserve(projects.size());
    for (const auto& pr : projects) ids.push_back(pr.id);
    std::vector<Problem> problems = tx.ListProblemsOf(ids);
    std::erase_if(problems, [](const Problem& p) { return p.status != "open"; });
    return problems;
}

std::vector<Activity> LoadActivities(Tx& tx, Date from, Date to, std::optional<int64_t> unit) {
    ActivityFilter f;
    f.from = from;
    f.to = to;
    f.unit_id = unit;
    f.sort = "date";
    return tx.ListActivities(f, Page{0, INT32_MAX}).items;
}

// The view context (rules, stalled days) as of `today`.
ViewContext ReportContext(Tx& tx, Date today) {
    ViewContext ctx = LoadViewContext(tx);
    ctx.today = today;
    return ctx;
}

// What every report type reads: the city, units, rules, industry and province names.
ReportData GatherCommon(Tx& tx, const ReportParams& p, Date today, const ViewContext& ctx) {
    ReportData d;
    d.type = p.type;
    d.year = p.key.year;
    d.today = today;
    d.city_name = tx.GetSetting("city_name").value_or("");
    d.issuer = (d.city_name.empty() ? std::string("市") : d.city_name) + "招商中心";
    d.units = tx.ListUnits();
    d.rules = ctx.rules;
    d.stalled_days = ctx.stalled_days;
    for (const auto& ind : tx.ListIndustries()) {
        if (ind.level == 1) d.industry_sections[ind.code] = ind.name;
    }
    for (const auto& region : tx.ListRegions()) {
        if (region.parent.empty()) d.province_names[region.code] = region.name;
    }
    std::optional<int64_t> unit = p.key.unit_id != 0 ? std::optional<int64_t>(p.key.unit_id) : std::nullopt;
    if (unit) {
        if (!tx.GetUnit(*unit)) throw ApiError(ErrorCode::kNotFound, "单位不存在");
        d.unit_id = unit;
        std::erase_if(d.units, [&](const Unit& u) { return u.id != *unit; });
    }
    return d;
}

// Everything the report of `p` is made of, read in `tx`; the engine's figures from `snapshot`.
ReportData Gather(Tx& tx, const Actor& a, const ReportParams& p, const EngineSnapshot& snapshot, Date today) {
    const ViewContext ctx = ReportContext(tx, today);
    ReportData d = GatherCommon(tx, p, today, ctx);
    const std::optional<int64_t> unit = d.unit_id;
    ProjectFilter all;

    switch (p.type) {
        case ReportType::kSummary:
        case ReportType::kMonthly: {
            d.month = p.key.period;
            d.from = *Date::FromYmd(d.year, 1, 1);
            d.to = std::min(LastDayOfMonth(d.year, d.month), today);
            d.settings = LoadSettings(tx, d.year).first;
            IndicatorSettings last = LoadSettings(tx, d.year - 1).first;
            TargetTable targets = LoadTargets(tx, d.year);
            d.cumulative = MakeIndicatorTable(snapshot, d.settings, last, Period{d.year, d.month, true}, targets);
            d.single = MakeIndicatorTable(snapshot, d.settings, last, Period{d.year, d.month, false}, targets);
            d.projects = LoadProjects(tx, all, ctx, true).items;
            d.activities = LoadActivities(tx, d.from, d.to, std::nullopt);
            if (p.type == ReportType::kMonthly) {
                std::set<int64_t> late = LateUnits(tx, d.year, d.month, today);
                d.late_figure_units.assign(late.begin(), late.end());
                d.warning_share = ParseShare(tx.GetSetting("bulletin_warning_share").value_or("1/3"));
                d.warning_date = ParseMonthDay(tx.GetSetting("bulletin_warning_date").value_or("09-30"), d.year);
            }
            break;
        }
        case ReportType::kWeekly: {
            WeekSpan w = ReadWeek(p.key.year, p.key.period);
            d.week = w.week;
            d.from = w.monday;
            d.to = std::min(w.sunday, today);
            d.settings = LoadSettings(tx, d.year).first;
            ProjectFilter f;
            f.unit_id = unit;
            d.projects = LoadProjects(tx, f, ctx, false).items;
            d.activities = LoadActivities(tx, d.from, d.to, unit);
            for (auto& r : tx.ListWeeklyReports(w.year, w.week)) {
                if (!unit || r.unit_id == *unit) d.weekly_reports.push_back(std::move(r));
            }
            std::set<int64_t> late = LateWeeklyUnits(tx, w, today);
            for (int64_t id : late) {
                if (!unit || id == *unit) d.late_weekly_units.push_back(id);
            }
            d.weekly_deadline = WeeklyDeadline(tx, w);
            break;
        }
        case ReportType::kQuarterly: {
            d.quarter = p.key.period;
            d.from = *Date::FromYmd(d.year, (d.quarter - 1) * 3 + 1, 1);
            d.to = std::min(LastDayOfMonth(d.year, d.quarter * 3), today);
            d.settings = LoadSettings(tx, d.year).first;
            // The pack shows the key projects alone, so only they are read (a quarter of the demo city).
            ProjectFilter key;
            key.is_key = true;
            d.projects = LoadProjects(tx, key, ctx, true).items;
            d.activities = LoadActivities(tx, d.from, d.to, std::nullopt);
            break;
        }
        case ReportType::kLedger: {
            d.from = d.to = today;
            d.year = today.year();
            d.settings = LoadSettings(tx, d.year).first;
            const ProjectFilter f = ReadProjectFilter(a, p.ledger_query);
            if (!p.ledger_page) {
                d.projects = LoadProjects(tx, f, ctx, false).items;
                break;
            }
            // A preview page reads, composes and renders its own rows only, in the whole ledger's order.
            LedgerPage pg = *p.ledger_page;
            PageOf<Project> page = LoadProjects(tx, f, ctx, false, Page{(pg.page - 1) * pg.page_size, pg.page_size});
            pg.total = page.total;
            if (pg.page > pg.Pages()) {
                throw ApiError(ErrorCode::kNotFound,
                               "第" + std::to_string(pg.page) + "页不存在（共" + std::to_string(pg.Pages()) + "页）",
                               "page");
            }
            d.projects = std::move(page.items);
            d.ledger_page = pg;
            break;
        }
    }
    d.open_problems = OpenProblemsOf(tx, d.projects);
    return d;
}

using Edits = std::map<std::string, std::string>;

Edits ParseEdits(const json::value& v, const std::string& field) {
    if (!v.is_object()) throw ApiError(ErrorCode::kBadRequest, "edits 应为对象", field);
    Edits out;
    for (const auto& [id, text] : v.as_object()) {
        if (!text.is_string()) {
            throw ApiError(ErrorCode::kBadRequest, "修改内容应为文本", field + "." + std::string(id));
        }
        out[std::string(id)] = std::string(text.as_string());
    }
    return out;
}

json::object EditsJson(const Edits& e) {
    json::object o;
    for (const auto& [id, text] : e) o[id] = text;
    return o;
}

Edits StoredEdits(Tx& tx, const ReportKey& k, int64_t* version) {
    auto draft = tx.GetReportDraft(k);
    *version = draft ? draft->version : 0;
    if (!draft) return {};
    return ParseEdits(json::parse(draft->edits_json), "edits");
}

// Applies stored edits that still fit the document (a block that no longer exists keeps its edit
// in the draft but is skipped here).
void ApplyStoredEdits(Document& doc, const Edits& edits) {
    Edits fitting;
    for (const auto& [id, text] : edits) {
        for (const auto& b : doc.blocks) {
            if (b.id == id && b.editable) fitting[id] = text;
        }
    }
    if (auto err = ApplyEdits(doc, fitting)) throw ApiError(*err);
}

json::object KeyJson(const ReportKey& k) {
    return {{"type", k.type}, {"year", k.year}, {"period", k.period}, {"unit_id", k.unit_id}};
}

json::object PublishedJson(const PublishedReport& r) {
    json::object o;
    o["id"] = r.id;
    o["key"] = KeyJson(r.key);
    o["version_no"] = r.version_no;
    o["title"] = r.title;
    o["note"] = r.note;
    o["published_at"] = FormatUtc(r.published_at);
    o["published_by_name"] = r.published_by_name;
    json::array files;
    auto add = [&files](std::string_view format, int64_t size, const std::string& sha) {
        if (!sha.empty()) files.push_back({{"format", format}, {"size", size}, {"sha256", sha}});
    };
    add("docx", r.docx_size, r.docx_sha256);
    add("xlsx", r.xlsx_size, r.xlsx_sha256);
    add("html", r.html_size, r.html_sha256);
    o["files"] = std::move(files);
    return o;
}

std::string FileName(const Document& doc, DocFormat f) {
    std::string name = doc.title + doc.subtitle;
    std::erase_if(name, [](char c) { return c == '/' || c == '\\' || c == '"' || c == '\n' || c == '\r'; });
    if (name.empty()) name = "report";
    return name + "." + std::string(DocFormatKey(f));
}

DocFormat ReadFormat(const Query& q) {
    std::string key = QueryString(q, "format");
    if (key.empty()) throw ApiError(ErrorCode::kBadRequest, "缺少参数 format", "format");
    auto f = ParseDocFormat(key);
    if (!f) throw ApiError(ErrorCode::kBadRequest, "未知的文件格式：" + key, "format");
    return *f;
}

// The whole ledger as a file (.xlsx, or the `report` command's HTML): the filter's ids in ledger
// order, then slices of `slice_size` projects, each read with its nodes and problems on a second
// thread (the transaction's only user meanwhile) while the slices before it are written. Same bytes
// as rendering the ledger composed at once.
FileBytes RenderWholeLedger(Tx& tx, const ReportWriter& writer, const Actor& a, const ReportParams& p, DocFormat format,
                            Date today, std::size_t slice_size) {
    slice_size = std::max<std::size_t>(slice_size, 1);
    const ViewContext ctx = ReportContext(tx, today);
    ReportData head = GatherCommon(tx, p, today, ctx);
    head.from = head.to = today;
    head.year = today.year();
    head.settings = LoadSettings(tx, head.year).first;
    std::unique_ptr<LedgerFile> file = writer.Ledger(head, format);
    const ProjectFilter f = ReportFilter(ReadProjectFilter(a, p.ledger_query), ctx);
    const std::vector<int64_t> ids = tx.ListProjectIds(f);
    struct Slice {
        std::vector<Project> projects;
        std::vector<Problem> problems;
    };
    const std::size_t slices = (ids.size() + slice_size - 1) / slice_size;
    RunPipelined(
        slices, 2,
        [&](std::size_t i) {
            ProjectFilter slice;
            slice.sort = f.sort;
            const auto from = ids.begin() + static_cast<std::ptrdiff_t>(i * slice_size);
            slice.ids.emplace(from,
                              from + static_cast<std::ptrdiff_t>(std::min(slice_size, ids.size() - i * slice_size)));
            Slice s;
            s.projects = LoadProjects(tx, slice, ctx, false).items;
            s.problems = OpenProblemsOf(tx, s.projects);
            return s;
        },
        [&](std::size_t, Slice& s) { file->Add(s.projects, s.problems); });
    FileBytes out;
    out.bytes = file->Finish();
    out.content_type = std::string(DocFormatContentType(format));
    out.name = FileName(file->Head(), format);
    return out;
}

}  // namespace

const ReportWriter& App::Writer() const {
    if (config_.reports == nullptr) throw std::runtime_error("no report writer configured");
    return *config_.reports;
}

json::object App::ReportDraft(const Actor& a, const Query& q) {
    ReportParams p = ReadParams(q, Date::Today());
    p.ledger_page = ReadLedgerPage(q, p.type, true);
    AuthorizeCompose(a, p);
    auto snapshot = Snapshot();
    auto tx = store_.BeginRead();
    const ReportData data = Gather(*tx, a, p, *snapshot, Date::Today());
    Document doc = Writer().Compose(data);
    int64_t version = 0;
    Edits edits = StoredEdits(*tx, p.key, &version);
    ApplyStoredEdits(doc, edits);
    json::object out = {
        {"key", KeyJson(p.key)}, {"document", DocumentToJson(doc)}, {"edits", EditsJson(edits)}, {"version", version}};
    if (const auto& pg = data.ledger_page) {
        json::array sizes;
        for (const int64_t size : kLedgerPageSizes) sizes.push_back(size);
        out["page"] = {{"page", pg->page},
                       {"page_size", pg->page_size},
                       {"total", pg->total},
                       {"pages", pg->Pages()},
                       {"page_sizes", std::move(sizes)}};
    }
    return out;
}

json::object App::SaveReportDraft(const Actor& a, const json::value& body) {
    RequireStaff(a);
    Body b(body, {"type", "year", "month", "week", "quarter", "unit_id", "edits", "version"});
    int64_t version = b.Version();
    ReportParams p = ReadParams(QueryOfBody(b), Date::Today());
    if (p.type == ReportType::kLedger) throw ApiError(ErrorCode::kBadRequest, "台账没有可编辑的文字", "type");
    if (!b.Has("edits")) throw ApiError(ErrorCode::kUnprocessable, "必填", "edits");
    Edits edits = ParseEdits(b.object().at("edits"), "edits");
    auto snapshot = Snapshot();
    auto tx = store_.BeginWrite();
    Document doc = Writer().Compose(Gather(*tx, a, p, *snapshot, Date::Today()));
    if (auto err = ApplyEdits(doc, edits)) throw ApiError(*err);
    int64_t current_version = 0;
    Edits before = StoredEdits(*tx, p.key, &current_version);
    json::object current = {{"key", KeyJson(p.key)}, {"edits", EditsJson(before)}, {"version", current_version}};
    if (current_version != version) ThrowStale(current);
    zs::ReportDraft draft;
    draft.key = p.key;
    draft.edits_json = json::serialize(EditsJson(edits));
    draft.updated_by = a.user_id;
    draft.updated_at = NowUnix();
    if (!tx->UpsertReportDraft(draft, version)) ThrowStale(current);
    Audit(*tx, a, "report_draft", 0, 0, version == 0 ? "create" : "update",
          version == 0 ? json::value(nullptr) : json::value(current),
          json::object{{"key", KeyJson(p.key)}, {"edits", EditsJson(edits)}});
    int64_t new_version = tx->GetReportDraft(p.key)->version;
    tx->Commit();
    return {{"key", KeyJson(p.key)}, {"document", DocumentToJson(doc)}, {"edits", EditsJson(edits)},
            {"version", new_version}};
}

FileBytes App::RenderReport(const Actor& a, const Query& q, LedgerHtml unpaged) {
    ReportParams p = ReadParams(q, Date::Today());
    DocFormat format = ReadFormat(q);
    if (p.type == ReportType::kLedger && format != DocFormat::kHtml) {
        // The file is the whole ledger; only the preview has pages.
        for (const char* key : {"page", "page_size"}) {
            if (!QueryString(q, key).empty()) {
                throw ApiError(ErrorCode::kBadRequest, "台账 .xlsx 是完整台账，不分页", key);
            }
        }
    } else {
        p.ledger_page = ReadLedgerPage(q, p.type, unpaged == LedgerHtml::kFirstPage);
    }
    AuthorizeCompose(a, p);
    auto snapshot = Snapshot();
    auto tx = store_.BeginRead();
    if (p.type == ReportType::kLedger && !p.ledger_page) {
        return RenderWholeLedger(*tx, Writer(), a, p, format, Date::Today(), config_.ledger_slice);
    }
    Document doc = Writer().Compose(Gather(*tx, a, p, *snapshot, Date::Today()));
    int64_t version = 0;
    ApplyStoredEdits(doc, StoredEdits(*tx, p.key, &version));
    FileBytes out;
    out.bytes = Writer().Render(doc, format);
    out.name = FileName(doc, format);
    out.content_type = std::string(DocFormatContentType(format));
    return out;
}

json::object App::PublishReport(const Actor& a, const json::value& body) {
    RequireStaff(a);
    Body b(body, {"type", "year", "month", "week", "quarter", "unit_id", "edits", "version", "note"});
    int64_t version = b.Version();
    std::string note = b.String("note", false, 500);
    const Date today = Date::Today();
    ReportParams p = ReadParams(QueryOfBody(b), today);
    if (p.type == ReportType::kLedger) throw ApiError(ErrorCode::kBadRequest, "台账不发布，请直接导出", "type");
    std::optional<Edits> new_edits;
    if (b.Has("edits")) new_edits = ParseEdits(b.object().at("edits"), "edits");

    // The figures must be those of the data the transaction sees: if another write lands between
    // reading the snapshot and beginning the transaction, read again.
    for (int attempt = 1;; ++attempt) {
        auto snapshot = Snapshot();
        auto tx = store_.BeginWrite();
        if (tx->DataVersion() != snapshot->data_version) {
            if (attempt < kPublishAttempts) continue;
            throw ApiError(ErrorCode::kConflict, "数据正在变化，请稍后再发布");
        }
        Document doc = Writer().Compose(Gather(*tx, a, p, *snapshot, today));
        int64_t current_version = 0;
        Edits edits = StoredEdits(*tx, p.key, &current_version);
        if (current_version != version) {
            ThrowStale({{"key", KeyJson(p.key)}, {"edits", EditsJson(edits)}, {"version", current_version}});
        }
        if (new_edits) {
            if (auto err = ApplyEdits(doc, *new_edits)) throw ApiError(*err);
            zs::ReportDraft draft;
            draft.key = p.key;
            draft.edits_json = json::serialize(EditsJson(*new_edits));
            draft.updated_by = a.user_id;
            draft.updated_at = NowUnix();
            if (!tx->UpsertReportDraft(draft, version)) {
                ThrowStale({{"key", KeyJson(p.key)}, {"edits", EditsJson(edits)}, {"version", current_version}});
            }
            edits = *new_edits;
        } else {
            ApplyStoredEdits(doc, edits);
        }
        int version_no = tx->MaxReportVersion(p.key) + 1;
        if (version_no > 1 && note.empty()) {
            throw ApiError(ErrorCode::kUnprocessable, "该报告已发布过，重新发布（更正）须说明原因", "note");
        }
        PublishedReport r;
        r.key = p.key;
        r.version_no = version_no;
        r.title = doc.title;
        r.note = note;
        r.document_json = json::serialize(DocumentToJson(doc));
        r.edits_json = json::serialize(EditsJson(edits));
        r.docx = Writer().Render(doc, DocFormat::kDocx);
        r.xlsx = Writer().Render(doc, DocFormat::kXlsx);
        r.html = Writer().Render(doc, DocFormat::kHtml);
        r.docx_sha256 = Sha256Hex(r.docx);
        r.xlsx_sha256 = Sha256Hex(r.xlsx);
        r.html_sha256 = Sha256Hex(r.html);
        r.published_by = a.user_id;
        r.published_at = NowUnix();
        try {
            r.id = tx->InsertPublishedReport(r);
        } catch (const UniqueViolation&) {
            throw ApiError(ErrorCode::kConflict, "该报告刚被他人发布，请刷新后再试");
        }
        if (p.type == ReportType::kMonthly || p.type == ReportType::kSummary) {
            LockMonthFigures(*tx, a, p.key.year, p.key.period);
        }
        json::object out = PublishedJson(*tx->GetPublishedReport(r.id, true));
        Audit(*tx, a, "report", r.id, 0, "create", nullptr, out);
        tx->Commit();
        return out;
    }
}

json::object App::ListReports(const Actor& a, const Query& q) {
    RequirePublishedReader(a);
    std::string type = QueryString(q, "type");
    if (!type.empty() && !ParseReportType(type)) throw ApiError(ErrorCode::kBadRequest, "未知的报告类型", "type");
    int year = static_cast<int>(QueryInt(q, "year", 1901, 2998).value_or(0));
    auto tx = store_.BeginRead();
    json::array items;
    for (const auto& r : tx->ListPublishedReports(type, year)) items.push_back(PublishedJson(r));
    auto n = static_cast<int64_t>(items.size());
    return ListJson(std::move(items), n);
}

json::object App::GetReport(const Actor& a, int64_t id) {
    RequirePublishedReader(a);
    auto snapshot = Snapshot();
    auto tx = store_.BeginRead();
    auto r = tx->GetPublishedReport(id, true);
    if (!r) throw ApiError(ErrorCode::kNotFound, "报告不存在");
    Document published = DocumentFromJson(json::parse(r->document_json));
    Edits edits = ParseEdits(json::parse(r->edits_json), "edits");
    // Today's data, composed the way the report was: same key, same edits, staff's view.
    const Actor& staff = kSystemActor;
    Document now = Writer().Compose(Gather(*tx, staff, ParamsOfKey(r->key), *snapshot, Date::Today()));
    ApplyStoredEdits(now, edits);
    json::array changed;
    for (const auto& c : CompareFacts(published.facts, now.facts)) {
        changed.push_back({{"key", c.key},
                           {"label", c.label},
                           {"published", c.published},
                           {"current", c.current ? json::value(*c.current) : json::value(nullptr)}});
    }
    json::object out = PublishedJson(*r);
    out["document"] = DocumentToJson(published);
    out["edits"] = EditsJson(edits);
    auto n = static_cast<int64_t>(changed.size());
    out["changes"] = {{"count", n}, {"items", std::move(changed)}};
    return out;
}

FileBytes App::DownloadReport(const Actor& a, int64_t id, const Query& q) {
    RequirePublishedReader(a);
    DocFormat format = ReadFormat(q);
    auto tx = store_.BeginRead();
    auto r = tx->GetPublishedReport(id, true);
    if (!r) throw ApiError(ErrorCode::kNotFound, "报告不存在");
    Document doc = DocumentFromJson(json::parse(r->document_json));
    FileBytes out;
    out.bytes = format == DocFormat::kDocx ? r->docx : format == DocFormat::kXlsx ? r->xlsx : r->html;
    if (out.bytes.empty()) throw ApiError(ErrorCode::kNotFound, "该报告没有此格式的文件", "format");
    out.content_type = std::string(DocFormatContentType(format));
    out.name = FileName(doc, format);
    return out;
}

}  // namespace zs
