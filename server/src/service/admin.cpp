#include "service/admin.hpp"

#include <spdlog/spdlog.h>

#include <fstream>
#include <set>

#include "core/crypto.hpp"
#include "service/internal.hpp"

namespace zs {
namespace json = boost::json;

namespace {

const Actor& kSystem = kSystemActor;

// GB/T 2260 provinces: used when the npm region data is not available, so that investors can
// still be registered by province.
const Region kProvinces[] = {
    {"110000", "北京市", ""},           {"120000", "天津市", ""},         {"130000", "河北省", ""},
    {"140000", "山西省", ""},           {"150000", "内蒙古自治区", ""},   {"210000", "辽宁省", ""},
    {"220000", "吉林省", ""},           {"230000", "黑龙江省", ""},       {"310000", "上海市", ""},
    {"320000", "江苏省", ""},           {"330000", "浙江省", ""},         {"340000", "安徽省", ""},
    {"350000", "福建省", ""},           {"360000", "江西省", ""},         {"370000", "山东省", ""},
    {"410000", "河南省", ""},           {"420000", "湖北省", ""},         {"430000", "湖南省", ""},
    {"440000", "广东省", ""},           {"450000", "广西壮族自治区", ""}, {"460000", "海南省", ""},
    {"500000", "重庆市", ""},           {"510000", "四川省", ""},         {"520000", "贵州省", ""},
    {"530000", "云南省", ""},           {"540000", "西藏自治区", ""},     {"610000", "陕西省", ""},
    {"620000", "甘肃省", ""},           {"630000", "青海省", ""},         {"640000", "宁夏回族自治区", ""},
    {"650000", "新疆维吾尔自治区", ""}, {"710000", "台湾省", ""},         {"810000", "香港特别行政区", ""},
    {"820000", "澳门特别行政区", ""},
};

std::vector<Region> ReadRegionsTsv(const std::filesystem::path& path) {
    std::vector<Region> out;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        auto t1 = line.find('\t');
        if (t1 == std::string::npos) continue;
        auto t2 = line.find('\t', t1 + 1);
        Region r;
        r.code = line.substr(0, t1);
        r.name = line.substr(t1 + 1, t2 == std::string::npos ? std::string::npos : t2 - t1 - 1);
        r.parent = t2 == std::string::npos ? "" : line.substr(t2 + 1);
        if (r.code.size() == 6 && !r.name.empty()) out.push_back(std::move(r));
    }
    return out;
}

}  // namespace

void EnsureReferenceData(Store& store, const std::filesystem::path& regions_tsv) {
    auto tx = store.BeginWrite();
    if (tx->ListRules().empty()) {
        const LifecycleRules defaults = LifecycleRules::Defaults();
        for (const auto& r : defaults.All()) tx->UpsertRule(r);
    }
    auto regions = tx->ListRegions();
    bool has_cities = false;
    std::set<std::string> known;
    for (const auto& r : regions) {
        has_cities = has_cities || !r.parent.empty();
        known.insert(r.code);
    }
    if (!has_cities) {
        std::vector<Region> rows;
        if (!regions_tsv.empty() && std::filesystem::exists(regions_tsv)) rows = ReadRegionsTsv(regions_tsv);
        if (rows.empty()) {
            spdlog::warn("region data {} not found; loading provinces only", regions_tsv.string());
            rows.assign(std::begin(kProvinces), std::end(kProvinces));
        }
        std::vector<Region> fresh;
        for (auto& r : rows) {
            if (known.insert(r.code).second) fresh.push_back(std::move(r));
        }
        if (!fresh.empty()) tx->InsertRegions(fresh);
    }
    tx->Commit();
}

int64_t AddUser(Store& store, const std::string& username, Role role, std::optional<int64_t> unit_id,
                const std::string& display_name, const std::string& password) {
    User u;
    u.username = username;
    u.display_name = display_name;
    u.role = role;
    u.unit_id = unit_id;
    auto tx = store.BeginWrite();
    u = CreateUserIn(*tx, kSystem, std::move(u), password);
    tx->Commit();
    return u.id;
}

void SetUserPassword(Store& store, const std::string& username, const std::string& password) {
    CheckPasswordPolicy(password, "password");
    auto tx = store.BeginWrite();
    auto u = tx->GetUserByUsername(username);
    if (!u) throw ApiError(ErrorCode::kNotFound, "用户不存在", "username");
    User changed = *u;
    changed.password_hash = HashPassword(password);
    if (!tx->UpdateUser(changed, u->version)) throw ApiError(ErrorCode::kConflict, "用户已被修改，请重试");
    tx->DeleteSessionsOfUser(u->id);
    Audit(*tx, kSystem, "user", u->id, 0, "update", json::object{{"password", "***"}},
          json::object{{"password", "reset"}});
    tx->Commit();
}

void SetSetting(Store& store, const std::string& key, const std::string& value) {
    struct Known {
        std::string_view key;
        int64_t min, max;  // numeric settings; min > max means free text
    };
    static constexpr Known kKnown[] = {
        {"session_idle_seconds", 1, 7 * 86400},
        {"session_absolute_seconds", 1, 30 * 86400},
        {"login_max_failures_per_hour", 1, 100000},
        {"stalled_days", 1, 3650},
        {"city_province_code", 1, 0},
        {"city_name", 1, 0},
        {"figures_deadline_day", 1, 28},
        {"weekly_deadline_weekday", 1, 7},
        {"bulletin_warning_share", 1, 0},  // "1/3": the share of the annual target of the warning list
        {"bulletin_warning_date", 1, 0},   // "09-30": the day it must be reached by
    };
    const Known* k = nullptr;
    for (const auto& c : kKnown) {
        if (c.key == key) k = &c;
    }
    if (k == nullptr) throw ApiError(ErrorCode::kUnprocessable, "未知设置项：" + key, "key");
    if (k->min <= k->max) {
        int64_t n = 0;
        bool digits = !value.empty() && value.size() < 12;
        for (char c : value) digits = digits && c >= '0' && c <= '9';
        if (digits) n = std::stoll(value);
        if (!digits || n < k->min || n > k->max) throw ApiError(ErrorCode::kUnprocessable, "取值超出范围", "value");
    } else if (value.empty()) {
        throw ApiError(ErrorCode::kUnprocessable, "取值不能为空", "value");
    }
    if (key == "bulletin_warning_share") {
        auto slash = value.find('/');
        bool ok = slash != std::string::npos && slash > 0 && slash + 1 < value.size() && value.size() <= 9 &&
                  value.find_first_not_of("0123456789/") == std::string::npos && value.find('/', slash + 1) == std::string::npos;
        if (ok) {
            int64_t num = std::stoll(value.substr(0, slash)), den = std::stoll(value.substr(slash + 1));
            ok = num > 0 && den > 0 && num <= den;
        }
        if (!ok) throw ApiError(ErrorCode::kUnprocessable, "应为 分子/分母，如 1/3", "value");
    }
    if (key == "bulletin_warning_date") {
        bool ok = value.size() == 5 && value[2] == '-' && Date::Parse("2024-" + value).has_value();
        if (!ok) throw ApiError(ErrorCode::kUnprocessable, "应为 MM-DD，如 09-30", "value");
    }
    auto tx = store.BeginWrite();
    auto before = tx->GetSetting(key);
    tx->SetSetting(key, value);
    Audit(*tx, kSystem, "setting", 0, 0, "update",
          before ? json::value(json::object{{key, *before}}) : json::value(nullptr), json::object{{key, value}});
    tx->Commit();
}

}  // namespace zs
