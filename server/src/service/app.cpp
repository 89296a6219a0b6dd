// Use cases: sessions, units, users, reference data and lifecycle rules.
#include "service/app.hpp"
#include "service/imports.hpp"

#include <spdlog/spdlog.h>

#include "core/crypto.hpp"
#include "service/body.hpp"
#include "service/internal.hpp"

namespace zs {
namespace json = boost::json;

namespace {

constexpr int64_t kDefaultIdleSeconds = 30 * 60;
constexpr int64_t kDefaultAbsoluteSeconds = 12 * 3600;

// A hash to verify against when the user does not exist, so that the answer takes as long
// whether or not the username is known.
const std::string& DummyHash() {
    static const std::string hash = HashPassword("zhaoshang-dummy-password");
    return hash;
}

}  // namespace

std::string UnitName(Tx& tx, const std::optional<int64_t>& unit_id) {
    if (!unit_id) return {};
    auto u = tx.GetUnit(*unit_id);
    return u ? u->name : std::string();
}

// Checks a new password against the policy; throws 422 on `field`.
void CheckPasswordPolicy(const std::string& password, const std::string& field) {
    if (password.size() < 8) throw ApiError(ErrorCode::kUnprocessable, "密码至少 8 个字符", field);
    if (password.size() > 128) throw ApiError(ErrorCode::kUnprocessable, "密码不能超过 128 个字符", field);
    if (IsCommonPassword(password)) throw ApiError(ErrorCode::kUnprocessable, "密码过于常见，请换一个", field);
}

App::App(Store& store, AppConfig config)
    : store_(store), config_(std::move(config)), import_jobs_(NewImportJobs()) {}

App::~App() = default;

LoginOutcome App::Login(const json::value& body, const std::string& old_token) {
    Body b(body, {"username", "password"});
    std::string username = b.String("username", true, 64);
    const auto* pw = b.object().if_contains("password");
    if (pw == nullptr || !pw->is_string()) throw ApiError(ErrorCode::kBadRequest, "应为字符串", "password");
    std::string password(pw->get_string());

    int64_t now = NowUnix();
    std::optional<User> user;
    {
        auto tx = store_.BeginRead();
        int64_t max_failures = SettingInt(*tx, "login_max_failures_per_hour", 100);
        if (tx->CountLoginFailures(username, now - 3600) >= max_failures) {
            throw ApiError(ErrorCode::kTooManyRequests, "登录失败次数过多，请一小时后再试");
        }
        user = tx->GetUserByUsername(username);
    }
    bool ok = VerifyPassword(user ? user->password_hash : DummyHash(), password) && user.has_value();
    auto tx = store_.BeginBookkeepingWrite();
    if (!ok) {
        tx->InsertLoginFailure(username, now);
        tx->Commit();
        throw ApiError(ErrorCode::kUnauthorized, "用户名或密码错误");
    }
    if (user->disabled) throw ApiError(ErrorCode::kForbidden, "账号已停用");
    if (!old_token.empty()) tx->DeleteSession(HashToken(old_token));  // rotate: the old cookie dies
    int64_t absolute = SettingInt(*tx, "session_absolute_seconds", kDefaultAbsoluteSeconds);
    int64_t idle = SettingInt(*tx, "session_idle_seconds", kDefaultIdleSeconds);
    tx->DeleteSessionsOlderThan(now - absolute, now - idle);
    std::string token = RandomToken();
    tx->InsertSession(Session{HashToken(token), user->id, now, now});
    std::string unit_name = UnitName(*tx, user->unit_id);
    tx->Commit();
    spdlog::info("login user={} role={}", user->username, RoleKey(user->role));
    return LoginOutcome{UserJson(*user, unit_name), token};
}

void App::Logout(const std::string& token) {
    if (token.empty()) return;
    auto tx = store_.BeginBookkeepingWrite();
    tx->DeleteSession(HashToken(token));
    tx->Commit();
}

Actor App::Authenticate(const std::string& token) {
    if (token.empty()) throw ApiError(ErrorCode::kUnauthorized, "请先登录");
    std::string hash = HashToken(token);
    int64_t now = NowUnix();
    auto tx = store_.BeginRead();
    auto s = tx->GetSession(hash);
    if (!s) throw ApiError(ErrorCode::kUnauthorized, "登录已失效，请重新登录");
    int64_t idle = SettingInt(*tx, "session_idle_seconds", kDefaultIdleSeconds);
    int64_t absolute = SettingInt(*tx, "session_absolute_seconds", kDefaultAbsoluteSeconds);
    auto user = tx->GetUser(s->user_id);
    bool expired = now - s->last_seen_at > idle || now - s->created_at > absolute;
    if (expired || !user || user->disabled) {
        tx.reset();
        auto w = store_.BeginBookkeepingWrite();
        w->DeleteSession(hash);
        w->Commit();
        throw ApiError(ErrorCode::kUnauthorized, "登录已失效，请重新登录");
    }
    // Refresh last_seen at most every quarter of the idle limit (and at most every minute).
    if (now - s->last_seen_at >= std::min<int64_t>(60, idle / 4)) {
        tx.reset();
        auto w = store_.BeginBookkeepingWrite();
        w->TouchSession(hash, now);
        w->Commit();
    }
    return Actor{user->id, user->username, user->role, user->unit_id, hash};
}

json::object App::Me(const Actor& a) {
    auto tx = store_.BeginRead();
    auto user = tx->GetUser(a.user_id);
    if (!user) throw ApiError(ErrorCode::kUnauthorized, "请先登录");
    return UserJson(*user, UnitName(*tx, user->unit_id));
}

void App::ChangePassword(const Actor& a, const json::value& body) {
    Body b(body, {"old_password", "new_password"});
    std::string old_pw = b.String("old_password", true, 128);
    std::string new_pw = b.String("new_password", true, 128);
    CheckPasswordPolicy(new_pw, "new_password");
    auto tx = store_.BeginWrite();
    auto user = tx->GetUser(a.user_id);
    if (!user) throw ApiError(ErrorCode::kUnauthorized, "请先登录");
    if (!VerifyPassword(user->password_hash, old_pw)) {
        throw ApiError(ErrorCode::kUnprocessable, "原密码不正确", "old_password");
    }
    User changed = *user;
    changed.password_hash = HashPassword(new_pw);
    if (!tx->UpdateUser(changed, user->version)) ThrowStale(UserJson(*user, UnitName(*tx, user->unit_id)));
    Audit(*tx, a, "user", a.user_id, 0, "update", json::object{{"password", "***"}},
          json::object{{"password", "changed"}});
    tx->Commit();
}

int64_t App::SessionAbsoluteSeconds() {
    auto tx = store_.BeginRead();
    return SettingInt(*tx, "session_absolute_seconds", kDefaultAbsoluteSeconds);
}

// --- units

json::object App::ListUnits(const Actor&) {
    auto tx = store_.BeginRead();
    json::array items;
    for (const auto& u : tx->ListUnits()) items.push_back(UnitJson(u));
    auto n = static_cast<int64_t>(items.size());
    return ListJson(std::move(items), n);
}

namespace {
Unit ReadUnit(const Body& b, Unit u) {
    u.code = b.String("code", true, 32);
    u.name = b.String("name", true, 64);
    std::string kind = b.String("kind", true, 32);
    auto k = ParseUnitKind(kind);
    if (!k) throw ApiError(ErrorCode::kUnprocessable, "单位类型无效", "kind");
    u.kind = *k;
    u.sort_order = static_cast<int>(b.Int("sort_order", false, 0, 100000, u.sort_order));
    return u;
}
}  // namespace

json::object App::CreateUnit(const Actor& a, const json::value& body) {
    RequireAdmin(a);
    Body b(body, {"code", "name", "kind", "sort_order"});
    Unit u = ReadUnit(b, Unit{});
    auto tx = store_.BeginWrite();
    try {
        u.id = tx->InsertUnit(u);
    } catch (const UniqueViolation&) {
        throw ApiError(ErrorCode::kConflict, "单位编码已存在", "code");
    }
    u.version = 1;
    json::object out = UnitJson(u);
    Audit(*tx, a, "unit", u.id, 0, "create", nullptr, out);
    tx->Commit();
    return out;
}

json::object App::UpdateUnit(const Actor& a, int64_t id, const json::value& body) {
    RequireAdmin(a);
    Body b(body, {"code", "name", "kind", "sort_order", "version"});
    int64_t version = b.Version();
    auto tx = store_.BeginWrite();
    auto cur = tx->GetUnit(id);
    if (!cur) throw ApiError(ErrorCode::kNotFound, "单位不存在");
    Unit u = ReadUnit(b, *cur);
    if (cur->version != version) ThrowStale(UnitJson(*cur));
    try {
        if (!tx->UpdateUnit(u, version)) ThrowStale(UnitJson(*cur));
    } catch (const UniqueViolation&) {
        throw ApiError(ErrorCode::kConflict, "单位编码已存在", "code");
    }
    u.version = version + 1;
    json::object out = UnitJson(u);
    Audit(*tx, a, "unit", id, 0, "update", UnitJson(*cur), out);
    tx->Commit();
    return out;
}

// --- reference data

json::object App::ListChains(const Actor&) {
    auto tx = store_.BeginRead();
    json::array items;
    for (const auto& c : tx->ListChains()) items.push_back({{"id", c.id}, {"name", c.name}, {"kind", c.kind}});
    auto n = static_cast<int64_t>(items.size());
    return ListJson(std::move(items), n);
}

json::object App::ListIndustries(const Actor&) {
    auto tx = store_.BeginRead();
    json::array items;
    for (const auto& i : tx->ListIndustries()) {
        items.push_back({{"code", i.code},
                         {"name", i.name},
                         {"level", i.level},
                         {"parent", i.parent.empty() ? json::value(nullptr) : json::value(json::string(i.parent))}});
    }
    auto n = static_cast<int64_t>(items.size());
    return ListJson(std::move(items), n);
}

json::object App::ListRegions(const Actor&) {
    auto tx = store_.BeginRead();
    json::array items;
    for (const auto& r : tx->ListRegions()) {
        items.push_back({{"code", r.code},
                         {"name", r.name},
                         {"parent", r.parent.empty() ? json::value(nullptr) : json::value(json::string(r.parent))}});
    }
    auto n = static_cast<int64_t>(items.size());
    return ListJson(std::move(items), n);
}

json::object App::Lifecycle(const Actor&) {
    auto tx = store_.BeginRead();
    LifecycleRules rules = LoadRules(*tx);
    json::object o;
    json::array nodes;
    for (Node n : kAllNodes) nodes.push_back({{"key", NodeKey(n)}, {"order", NodeIndex(n)}});
    o["nodes"] = std::move(nodes);
    json::array cats;
    for (Category c : kAllCategories) cats.emplace_back(CategoryKey(c));
    o["categories"] = std::move(cats);
    json::array fields;
    for (auto f : kGateFieldKeys) fields.push_back({{"key", f}, {"name_zh", GateFieldNameZh(f)}});
    o["fields"] = std::move(fields);
    json::array kinds;
    for (const auto& k : EvidenceKinds()) {
        kinds.push_back({{"key", k.key}, {"name_zh", k.name_zh}, {"name_en", k.name_en}});
    }
    o["evidence_kinds"] = std::move(kinds);
    o["stalled_days"] = SettingInt(*tx, "stalled_days", 90);
    json::array rs;
    for (const auto& r : rules.All()) rs.push_back(RuleJson(r));
    o["rules"] = std::move(rs);
    return o;
}

json::object App::UpdateRule(const Actor& a, const std::string& category, const std::string& node,
                             const json::value& body) {
    RequireAdmin(a);
    auto c = ParseCategory(category);
    auto n = ParseNode(node);
    if (!c || !n) throw ApiError(ErrorCode::kNotFound, "规则不存在");
    Body b(body, {"applies", "required_fields", "required_evidence", "standard_days", "after"});
    auto tx = store_.BeginWrite();
    LifecycleRules rules = LoadRules(*tx);
    NodeRule before = rules.Rule(*c, *n);
    NodeRule r = before;
    r.applies = b.Bool("applies", r.applies);
    if (b.Has("required_fields")) r.required_fields = b.StringArray("required_fields");
    if (b.Has("required_evidence")) r.required_evidence = b.StringArray("required_evidence");
    if (b.Has("after")) {
        r.after.clear();
        for (const auto& key : b.StringArray("after")) {
            auto an = ParseNode(key);
            if (!an) throw ApiError(ErrorCode::kUnprocessable, "未知节点：" + key, "after");
            r.after.push_back(*an);
        }
    }
    r.standard_days = static_cast<int>(b.Int("standard_days", false, 0, 3650, r.standard_days));
    if (auto err = LifecycleRules::Validate(r)) throw ApiError(*err);
    tx->UpsertRule(r);
    Audit(*tx, a, "rule", NodeIndex(*n), 0, "update", RuleJson(before), RuleJson(r));
    tx->Commit();
    return RuleJson(r);
}

json::object App::Health() {
    if (!store_.Healthy()) throw ApiError(ErrorCode::kUnavailable, "数据库不可用");
    return {{"status", "ok"}};
}

// --- users

json::object App::ListUsers(const Actor& a, const Query& q) {
    RequireAdmin(a);
    UserFilter f;
    f.q = QueryString(q, "q");
    if (auto r = QueryString(q, "role"); !r.empty()) {
        f.role = ParseRole(r);
        if (!f.role) throw ApiError(ErrorCode::kBadRequest, "角色无效", "role");
    }
    f.unit_id = QueryInt(q, "unit_id", 1, INT64_MAX);
    QuerySort(q, {"id"}, "id");  // users come in creation order only; any other sort is a 400
    int64_t page = QueryInt(q, "page", 1, 1'000'000).value_or(1);
    int64_t size = QueryInt(q, "page_size", 1, 200).value_or(20);
    auto tx = store_.BeginRead();
    auto result = tx->ListUsers(f, Page{(page - 1) * size, size});
    json::array items;
    for (const auto& u : result.items) items.push_back(UserJson(u, UnitName(*tx, u.unit_id)));
    return ListJson(std::move(items), result.total);
}

// Role and unit must agree: a reporter has exactly one unit, nobody else has one.
void CheckRoleUnit(Tx& tx, Role role, const std::optional<int64_t>& unit_id) {
    if (role == Role::kReporter) {
        if (!unit_id) throw ApiError(ErrorCode::kUnprocessable, "单位填报员必须指定单位", "unit_id");
        if (!tx.GetUnit(*unit_id)) throw ApiError(ErrorCode::kUnprocessable, "单位不存在", "unit_id");
    } else if (unit_id) {
        throw ApiError(ErrorCode::kUnprocessable, "只有单位填报员属于某个单位", "unit_id");
    }
}

User CreateUserIn(Tx& tx, const Actor& a, User u, const std::string& password) {
    CheckPasswordPolicy(password, "password");
    CheckRoleUnit(tx, u.role, u.unit_id);
    if (u.display_name.empty()) u.display_name = u.username;
    u.password_hash = HashPassword(password);
    u.created_at = NowUnix();
    try {
        u.id = tx.InsertUser(u);
    } catch (const UniqueViolation&) {
        throw ApiError(ErrorCode::kConflict, "用户名已存在", "username");
    }
    Audit(tx, a, "user", u.id, 0, "create", nullptr, UserJson(u, UnitName(tx, u.unit_id)));
    return u;
}

namespace {
std::string Username(const Body& b) {
    std::string u = b.String("username", true, 32);
    for (char c : u) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
                  c == '.';
        if (!ok) throw ApiError(ErrorCode::kUnprocessable, "用户名只能包含字母、数字、_ - .", "username");
    }
    if (u.size() < 2) throw ApiError(ErrorCode::kUnprocessable, "用户名至少 2 个字符", "username");
    return u;
}
}  // namespace

json::object App::CreateUser(const Actor& a, const json::value& body) {
    RequireAdmin(a);
    Body b(body, {"username", "display_name", "role", "unit_id", "password"});
    User u;
    u.username = Username(b);
    u.display_name = b.String("display_name", false, 64);
    auto role = ParseRole(b.String("role", true, 16));
    if (!role) throw ApiError(ErrorCode::kUnprocessable, "角色无效", "role");
    u.role = *role;
    u.unit_id = b.OptInt("unit_id", 1, INT64_MAX);
    std::string password = b.String("password", true, 128);
    auto tx = store_.BeginWrite();
    u = CreateUserIn(*tx, a, std::move(u), password);
    json::object out = UserJson(u, UnitName(*tx, u.unit_id));
    tx->Commit();
    return out;
}

json::object App::UpdateUser(const Actor& a, int64_t id, const json::value& body) {
    RequireAdmin(a);
    Body b(body, {"display_name", "role", "unit_id", "disabled", "password", "version"});
    int64_t version = b.Version();
    std::optional<std::string> password = b.OptString("password", 128);
    if (password && !password->empty()) CheckPasswordPolicy(*password, "password");
    auto tx = store_.BeginWrite();
    auto cur = tx->GetUser(id);
    if (!cur) throw ApiError(ErrorCode::kNotFound, "用户不存在");
    User u = *cur;
    if (b.Has("display_name")) u.display_name = b.String("display_name", true, 64);
    if (b.Has("role")) {
        auto role = ParseRole(b.String("role", true, 16));
        if (!role) throw ApiError(ErrorCode::kUnprocessable, "角色无效", "role");
        u.role = *role;
    }
    if (b.Has("unit_id")) u.unit_id = b.OptInt("unit_id", 1, INT64_MAX);
    u.disabled = b.Bool("disabled", u.disabled);
    if (id == a.user_id && (u.disabled || u.role != Role::kAdmin)) {
        throw ApiError(ErrorCode::kUnprocessable, "不能停用自己或取消自己的管理员角色", "disabled");
    }
    CheckRoleUnit(*tx, u.role, u.unit_id);
    if (password && !password->empty()) u.password_hash = HashPassword(*password);
    json::object before = UserJson(*cur, UnitName(*tx, cur->unit_id));
    if (cur->version != version || !tx->UpdateUser(u, version)) ThrowStale(before);
    u.version = version + 1;
    // A disabled user, a new role or a reset password ends every session the user had.
    if (u.disabled || u.role != cur->role || u.unit_id != cur->unit_id || (password && !password->empty())) {
        tx->DeleteSessionsOfUser(id);
    }
    json::object out = UserJson(u, UnitName(*tx, u.unit_id));
    Audit(*tx, a, "user", id, 0, "update", before, out);
    tx->Commit();
    return out;
}

}  // namespace zs
