// Use cases: investors (投资方).
#include <algorithm>

#include "core/uscc.hpp"
#include "service/app.hpp"
#include "service/body.hpp"
#include "service/internal.hpp"

namespace zs {
namespace json = boost::json;

bool CanSeeInvestor(Tx& tx, const Actor& a, const Investor& i) {
    switch (ReadScopeOf(a)) {
        case ReadScope::kAll:
            return true;
        case ReadScope::kOwnUnit:
            return a.unit_id && tx.InvestorVisibleToUnit(i.id, *a.unit_id);
        case ReadScope::kNone:
            return false;
    }
    return false;
}

namespace {

Investor LoadInvestor(Tx& tx, const Actor& a, int64_t id) {
    auto i = tx.GetInvestor(id);
    if (!i || !CanSeeInvestor(tx, a, *i)) throw ApiError(ErrorCode::kNotFound, "投资方不存在");
    return std::move(*i);
}

}  // namespace

void ReadInvestor(Tx& tx, const Body& b, Investor& i) {
    i.name = b.String("name", true, 100);
    std::string uscc = b.String("uscc", true, 32);
    std::transform(uscc.begin(), uscc.end(), uscc.begin(), [](unsigned char c) { return std::toupper(c); });
    UsccCheck check = CheckUscc(uscc);
    if (!check.valid) throw ApiError(ErrorCode::kUnprocessable, "统一社会信用代码无效：" + check.error, "uscc");
    i.uscc = uscc;
    i.province_code = b.String("province_code", true, 6);
    auto province = tx.GetRegion(i.province_code);
    if (!province || !province->parent.empty()) {
        throw ApiError(ErrorCode::kUnprocessable, "注册地省份无效", "province_code");
    }
    i.city_code = b.String("city_code", false, 6);
    if (!i.city_code.empty()) {
        auto city = tx.GetRegion(i.city_code);
        if (!city || city->parent != i.province_code) {
            throw ApiError(ErrorCode::kUnprocessable, "注册地城市不属于所选省份", "city_code");
        }
    }
    i.tags = b.StringArray("tags", 7);
    for (const auto& t : i.tags) {
        if (std::find(std::begin(kInvestorTags), std::end(kInvestorTags), t) == std::end(kInvestorTags)) {
            throw ApiError(ErrorCode::kUnprocessable, "未知标签：" + t, "tags");
        }
    }
    std::sort(i.tags.begin(), i.tags.end());
    i.tags.erase(std::unique(i.tags.begin(), i.tags.end()), i.tags.end());
}

namespace {

std::string CityProvince(Tx& tx) { return tx.GetSetting("city_province_code").value_or("340000"); }

}  // namespace

InvestorFilter ReadInvestorFilter(Tx& tx, const Actor& a, const Query& q) {
    InvestorFilter f;
    f.q = QueryString(q, "q");
    f.tag = QueryString(q, "tag");
    f.out_of_province = QueryBool(q, "out_of_province");
    f.sort = QuerySort(q, {"name", "id", "uscc"}, "name");
    f.city_province_code = CityProvince(tx);
    if (ReadScopeOf(a) == ReadScope::kOwnUnit) f.visible_to_unit = a.unit_id.value_or(-1);
    return f;
}

json::object App::ListInvestors(const Actor& a, const Query& q) {
    auto tx = store_.BeginRead();
    InvestorFilter f = ReadInvestorFilter(*tx, a, q);
    int64_t page = QueryInt(q, "page", 1, 1'000'000).value_or(1);
    int64_t size = QueryInt(q, "page_size", 1, 200).value_or(20);
    json::array items;
    int64_t total = 0;
    if (ReadScopeOf(a) != ReadScope::kNone) {
        auto result = tx->ListInvestors(f, Page{(page - 1) * size, size});
        for (const auto& i : result.items) items.push_back(InvestorJson(i, f.city_province_code));
        total = result.total;
    }
    return ListJson(std::move(items), total);
}

json::object App::GetInvestor(const Actor& a, int64_t id) {
    auto tx = store_.BeginRead();
    return InvestorJson(LoadInvestor(*tx, a, id), CityProvince(*tx));
}

json::object App::CreateInvestor(const Actor& a, const json::value& body) {
    RequireWriter(a);
    Body b(body, {"name", "uscc", "province_code", "city_code", "tags"});
    auto tx = store_.BeginWrite();
    Investor i;
    ReadInvestor(*tx, b, i);
    if (a.role == Role::kReporter) i.created_by_unit_id = a.unit_id;
    i.created_at = i.updated_at = NowUnix();
    try {
        i.id = tx->InsertInvestor(i);
    } catch (const UniqueViolation&) {
        throw ApiError(ErrorCode::kConflict, "该统一社会信用代码已登记", "uscc");
    }
    Investor stored = *tx->GetInvestor(i.id);
    json::object out = InvestorJson(stored, CityProvince(*tx));
    Audit(*tx, a, "investor", i.id, 0, "create", nullptr, out);
    tx->Commit();
    return out;
}

json::object App::UpdateInvestor(const Actor& a, int64_t id, const json::value& body) {
    Body b(body, {"name", "uscc", "province_code", "city_code", "tags", "version"});
    int64_t version = b.Version();
    auto tx = store_.BeginWrite();
    Investor cur = LoadInvestor(*tx, a, id);
    RequireWriter(a);
    std::string city = CityProvince(*tx);
    Investor i = cur;
    ReadInvestor(*tx, b, i);
    i.updated_at = NowUnix();
    json::object before = InvestorJson(cur, city);
    try {
        if (cur.version != version || !tx->UpdateInvestor(i, version)) ThrowStale(before);
    } catch (const UniqueViolation&) {
        throw ApiError(ErrorCode::kConflict, "该统一社会信用代码已登记", "uscc");
    }
    json::object out = InvestorJson(*tx->GetInvestor(id), city);
    Audit(*tx, a, "investor", id, 0, "update", before, out);
    tx->Commit();
    return out;
}

void App::DeleteInvestor(const Actor& a, int64_t id) {
    auto tx = store_.BeginWrite();
    Investor cur = LoadInvestor(*tx, a, id);
    RequireWriter(a);
    if (tx->CountProjectsOfInvestor(id) > 0) {
        throw ApiError(ErrorCode::kConflict, "该投资方仍有关联项目，不能删除", "id");
    }
    tx->DeleteInvestor(id);
    Audit(*tx, a, "investor", id, 0, "delete", InvestorJson(cur, CityProvince(*tx)), nullptr);
    tx->Commit();
}

}  // namespace zs
