// Use cases: the activity log (外出招商 trips, 接待/拜访客商 visits, 展会/推介 exhibitions), the
// input of the weekly dynamics and the summary's section 二.
#include "service/app.hpp"
#include "service/body.hpp"
#include "service/internal.hpp"

namespace zs {
namespace json = boost::json;

namespace {

const std::vector<std::string_view> kActivityFields = {
    "unit_id",    "kind",     "date",     "end_date",  "title",    "leader",   "destination",         "place",
    "company",    "companies", "persons", "brochures", "key_talks", "contacts", "enterprises_visited", "follow_ups",
    "outcome"};
constexpr int64_t kMaxCount = 10'000'000;
constexpr std::size_t kMaxText = 2000;
constexpr int kMaxDays = 60;

json::object ActivityJson(const Activity& x) {
    json::object o;
    o["id"] = x.id;
    o["unit_id"] = x.unit_id;
    o["unit_name"] = x.unit_name;
    o["kind"] = ActivityKindKey(x.kind);
    o["date"] = x.date.ToString();
    o["end_date"] = DateJson(x.end_date);
    o["title"] = x.title;
    o["leader"] = x.leader;
    o["destination"] = x.destination;
    o["place"] = x.place;
    o["company"] = x.company;
    o["companies"] = x.companies;
    o["persons"] = x.persons;
    o["brochures"] = x.brochures;
    o["enterprises_visited"] = x.enterprises_visited;
    o["key_talks"] = x.key_talks;
    o["contacts"] = x.contacts;
    o["follow_ups"] = x.follow_ups;
    o["outcome"] = x.outcome;
    o["lead_count"] = x.lead_count;
    o["version"] = x.version;
    o["created_at"] = FormatUtc(x.created_at);
    o["updated_at"] = FormatUtc(x.updated_at);
    return o;
}

bool CanReadActivity(const Actor& a, const Activity& x) {
    switch (ReadScopeOf(a)) {
        case ReadScope::kAll:
            return true;
        case ReadScope::kOwnUnit:
            return a.unit_id == x.unit_id;
        case ReadScope::kNone:
            return false;
    }
    return false;
}

Activity LoadActivity(Tx& tx, const Actor& a, int64_t id) {
    auto x = tx.GetActivity(id);
    if (!x || !CanReadActivity(a, *x)) throw ApiError(ErrorCode::kNotFound, "活动不存在");
    return std::move(*x);
}

// Reads every editable field onto `x` (a PUT carries the whole object) and checks it.
void ReadActivity(Tx& tx, const Actor& a, const Body& b, Activity& x) {
    x.unit_id = b.Int("unit_id", true, 1, INT64_MAX);
    if (!tx.GetUnit(x.unit_id)) throw ApiError(ErrorCode::kUnprocessable, "单位不存在", "unit_id");
    if (a.role == Role::kReporter && a.unit_id != x.unit_id) {
        throw ApiError(ErrorCode::kForbidden, "只能登记本单位的活动", "unit_id");
    }
    auto kind = ParseActivityKind(b.String("kind", true, 16));
    if (!kind) throw ApiError(ErrorCode::kUnprocessable, "活动类型无效", "kind");
    x.kind = *kind;
    auto date = b.OptDate("date");
    if (!date) throw ApiError(ErrorCode::kUnprocessable, "必填", "date");
    x.date = *date;
    if (Date::Today() < x.date) throw ApiError(ErrorCode::kUnprocessable, "活动日期不能晚于今天", "date");
    x.end_date = b.OptDate("end_date");
    if (x.end_date && (*x.end_date < x.date || x.end_date->days() - x.date.days() > kMaxDays)) {
        throw ApiError(ErrorCode::kUnprocessable, "结束日期应在开始日期之后 60 天以内", "end_date");
    }
    x.title = b.String("title", false, 200);
    x.leader = b.String("leader", false, 100);
    x.destination = b.String("destination", false, 200);
    x.place = b.String("place", false, 200);
    x.company = b.String("company", false, 200);
    x.companies = b.String("companies", false, kMaxText);
    x.outcome = b.String("outcome", false, kMaxText);
    x.persons = b.Int("persons", false, 0, kMaxCount);
    x.brochures = b.Int("brochures", false, 0, kMaxCount);
    x.enterprises_visited = b.Int("enterprises_visited", false, 0, kMaxCount);
    x.key_talks = b.Int("key_talks", false, 0, kMaxCount);
    x.contacts = b.Int("contacts", false, 0, kMaxCount);
    x.follow_ups = b.Int("follow_ups", false, 0, kMaxCount);

    // Each kind has its own fields; another kind's must stay empty so a report never counts them.
    struct Use {
        std::string_view field;
        bool set;
        bool trip, visit, exhibition;
    };
    const Use uses[] = {
        {"leader", !x.leader.empty(), true, false, false},
        {"destination", !x.destination.empty(), true, false, false},
        {"companies", !x.companies.empty(), true, false, false},
        {"company", !x.company.empty(), false, true, false},
        {"persons", x.persons != 0, false, true, false},
        {"place", !x.place.empty(), false, false, true},
        {"brochures", x.brochures != 0, false, false, true},
        {"enterprises_visited", x.enterprises_visited != 0, false, false, true},
        {"key_talks", x.key_talks != 0, false, false, true},
        {"contacts", x.contacts != 0, false, false, true},
        {"follow_ups", x.follow_ups != 0, false, false, true},
    };
    for (const auto& u : uses) {
        bool allowed = x.kind == ActivityKind::kTrip ? u.trip : x.kind == ActivityKind::kVisit ? u.visit : u.exhibition;
        if (u.set && !allowed) {
            throw ApiError(ErrorCode::kUnprocessable, "该字段不适用于此类活动", std::string(u.field));
        }
    }
    switch (x.kind) {
        case ActivityKind::kTrip:
            if (x.destination.empty()) throw ApiError(ErrorCode::kUnprocessable, "必填", "destination");
            break;
        case ActivityKind::kVisit:
            if (x.company.empty()) throw ApiError(ErrorCode::kUnprocessable, "必填", "company");
            if (x.persons < 1) throw ApiError(ErrorCode::kUnprocessable, "人数至少为 1", "persons");
            break;
        case ActivityKind::kExhibition:
            if (x.title.empty()) throw ApiError(ErrorCode::kUnprocessable, "必填", "title");
            if (x.place.empty()) throw ApiError(ErrorCode::kUnprocessable, "必填", "place");
            break;
    }
}

}  // namespace

json::object App::ListActivities(const Actor& a, const Query& q) {
    ActivityFilter f;
    f.q = QueryString(q, "q");
    f.unit_id = QueryInt(q, "unit_id", 1, INT64_MAX);
    if (auto k = QueryString(q, "kind"); !k.empty()) {
        f.kind = ParseActivityKind(k);
        if (!f.kind) throw ApiError(ErrorCode::kBadRequest, "活动类型无效", "kind");
    }
    f.from = QueryDate(q, "from");
    f.to = QueryDate(q, "to");
    f.sort = QuerySort(q, {"date", "id", "unit"}, "-date");
    int64_t page = QueryInt(q, "page", 1, 1'000'000).value_or(1);
    int64_t size = QueryInt(q, "page_size", 1, 200).value_or(20);
    json::array items;
    int64_t total = 0;
    if (ReadScopeOf(a) == ReadScope::kNone) return ListJson(std::move(items), total);
    if (ReadScopeOf(a) == ReadScope::kOwnUnit) {
        if (f.unit_id && f.unit_id != a.unit_id) return ListJson(std::move(items), total);
        f.unit_id = a.unit_id;
    }
    auto tx = store_.BeginRead();
    auto result = tx->ListActivities(f, Page{(page - 1) * size, size});
    for (const auto& x : result.items) items.push_back(ActivityJson(x));
    return ListJson(std::move(items), result.total);
}

json::object App::GetActivity(const Actor& a, int64_t id) {
    auto tx = store_.BeginRead();
    json::object out = ActivityJson(LoadActivity(*tx, a, id));
    json::array leads;
    for (const auto& [pid, name] : tx->ListActivityLeads(id)) leads.push_back({{"id", pid}, {"name", name}});
    out["leads"] = std::move(leads);
    return out;
}

json::object App::CreateActivity(const Actor& a, const json::value& body) {
    RequireWriter(a);
    Body b(body, kActivityFields);
    auto tx = store_.BeginWrite();
    Activity x;
    ReadActivity(*tx, a, b, x);
    x.created_by = a.user_id;
    x.created_at = x.updated_at = NowUnix();
    x.id = tx->InsertActivity(x);
    json::object out = ActivityJson(*tx->GetActivity(x.id));
    Audit(*tx, a, "activity", x.id, 0, "create", nullptr, out);
    tx->Commit();
    return out;
}

json::object App::UpdateActivity(const Actor& a, int64_t id, const json::value& body) {
    std::vector<std::string_view> fields = kActivityFields;
    fields.push_back("version");
    Body b(body, fields);
    int64_t version = b.Version();
    auto tx = store_.BeginWrite();
    Activity cur = LoadActivity(*tx, a, id);
    RequireWriter(a);
    json::object before = ActivityJson(cur);
    Activity x = cur;
    ReadActivity(*tx, a, b, x);
    x.updated_at = NowUnix();
    if (cur.version != version || !tx->UpdateActivity(x, version)) ThrowStale(before);
    json::object out = ActivityJson(*tx->GetActivity(id));
    Audit(*tx, a, "activity", id, 0, "update", before, out);
    tx->Commit();
    return out;
}

void App::DeleteActivity(const Actor& a, int64_t id) {
    auto tx = store_.BeginWrite();
    Activity cur = LoadActivity(*tx, a, id);
    RequireWriter(a);
    tx->DeleteActivity(id);
    Audit(*tx, a, "activity", id, 0, "delete", ActivityJson(cur), nullptr);
    tx->Commit();
}

}  // namespace zs
