// Pieces shared by the use cases in this folder: access rules, the JSON views of domain
// objects (the API's shapes, also what the audit log records) and the audit writer.
#pragma once

#include <boost/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "core/domain.hpp"
#include "core/indicator_settings.hpp"
#include "core/indicators.hpp"
#include "core/lifecycle.hpp"
#include "service/app.hpp"
#include "store/store.hpp"

namespace zs {

// What every view of a project needs beyond the project itself, read once per request.
struct ViewContext {
    LifecycleRules rules;
    std::string city_province_code;
    Date today;
    int stalled_days = 90;
};
ViewContext LoadViewContext(Tx& tx);
// The rules as stored; falls back to the defaults while the table is empty.
LifecycleRules LoadRules(Tx& tx);
int64_t SettingInt(Tx& tx, const std::string& key, int64_t def);

// --- who may do what
// How far a role's reading reaches: everything, its own unit's objects, or nothing.
enum class ReadScope { kAll, kOwnUnit, kNone };
ReadScope ReadScopeOf(const Actor& a);
bool CanReadProject(const Actor& a, const Project& p);
void RequireWriter(const Actor& a);  // 403 for leader and reviewer
void RequireAdmin(const Actor& a);   // 403 unless admin
void RequireStaff(const Actor& a);   // 403 unless admin or dispatcher (招商中心)
// The day after which a unit's figures for (year, month) are late: the setting
// figures_deadline_day (default 5) of the following month.
Date FiguresDeadline(Tx& tx, int year, int month);
// The units late with (year, month): its deadline has passed and they have not submitted.
std::set<int64_t> LateUnits(Tx& tx, int year, int month, Date today);
// A month of monthly figures.
struct MonthKey {
    int year = 0;
    int month = 0;
};
// `year` and `month` of a query, both required: 400 naming the missing or malformed one.
MonthKey ReadMonth(const Query& q);
// The unit whose monthly figures are asked for: a reporter's own (another answers 404); 403 for a
// role that reads no figures; others name an existing unit (404 otherwise), or, unless `required`
// (400 on unit_id), none: nullopt, every unit.
std::optional<int64_t> ResolveFiguresUnit(Tx& tx, const Actor& a, std::optional<int64_t> requested, bool required);
// Loads a project the actor may read, else 404; `for_write` adds the 403 check.
Project LoadProject(Tx& tx, const Actor& a, int64_t id, bool for_write, Date today);
std::vector<std::string> Permissions(Role r);
// A reporter has exactly one (existing) unit; nobody else has one. 422 on unit_id.
void CheckRoleUnit(Tx& tx, Role role, const std::optional<int64_t>& unit_id);
// Checks and inserts a new user with `password`, audited as `a`; returns it with its id.
User CreateUserIn(Tx& tx, const Actor& a, User u, const std::string& password);
std::string UnitName(Tx& tx, const std::optional<int64_t>& unit_id);
// Length and the common-password list; throws 422 naming `field`.
void CheckPasswordPolicy(const std::string& password, const std::string& field);

// Applies the fields present in `b` to `p` and checks them (and their references) in `tx`, as
// POST/PUT /api/projects do (service/projects.cpp); the import checks its rows with it too.
class Body;
// What ReadProject looks up about a project's references: the transaction's rows; an import, which
// checks 10^4 rows against the same few units, chains and investors, remembers them (CachedLookups).
class ProjectLookups {
public:
    explicit ProjectLookups(Tx& tx) : tx_(tx) {}
    virtual ~ProjectLookups() = default;
    virtual bool UnitExists(int64_t id) { return tx_.GetUnit(id).has_value(); }
    virtual bool ChainExists(int64_t id) { return tx_.GetChain(id).has_value(); }
    virtual std::optional<Investor> GetInvestor(int64_t id) { return tx_.GetInvestor(id); }
    virtual bool InvestorVisibleToUnit(int64_t investor_id, int64_t unit_id) {
        return tx_.InvestorVisibleToUnit(investor_id, unit_id);
    }
    virtual std::optional<Industry> GetIndustry(const std::string& code) { return tx_.GetIndustry(code); }
    virtual std::optional<Activity> GetActivity(int64_t id) { return tx_.GetActivity(id); }

protected:
    Tx& tx_;
};
void ReadProject(ProjectLookups& refs, const Actor& a, const Body& b, Project& p, bool create);
// Nodes that must come after `n` and already have an actual date earlier than `actual` (or any
// actual date when `actual` is empty: the node is being cleared), one detail each (service/projects.cpp).
std::vector<ErrorDetail> DependentsBlocking(const LifecycleRules& rules, Category c, const NodeLedger& ledger, Node n,
                                            std::optional<Date> actual);
// Reads and checks an investor's editable fields onto `i` (service/investors.cpp).
void ReadInvestor(Tx& tx, const Body& b, Investor& i);
bool CanSeeInvestor(Tx& tx, const Actor& a, const Investor& i);

// The project list's filters of a query (docs/api.md "Projects"), confined to what `a` may read;
// paging is the caller's. 400 naming the parameter on a malformed one.
ProjectFilter ReadProjectFilter(const Actor& a, const Query& q);
// The investor list's filters of a query (docs/api.md "Investors"), with the city's province and, for
// a reporter, its unit's visibility; paging is the caller's, and so is a role that sees none (reviewer).
InvestorFilter ReadInvestorFilter(Tx& tx, const Actor& a, const Query& q);

// The query's `year` (400 naming it when missing or out of 1901–2999).
int ReadYear(const Query& q);
Date LastDayOfMonth(int year, int month);

// The stored indicator settings of a year, or the defaults (version 0) while none are stored;
// the year's targets as the engine's table.
std::pair<IndicatorSettings, int64_t> LoadSettings(Tx& tx, int year);
TargetTable LoadTargets(Tx& tx, int year);

// Monthly figures (service/figures.cpp). One row of PUT /api/figures' `rows` (errors name
// rows[i].field); a unit's month as stored (a draft at version 0 when there is none); whether a month
// in that state can take figures (409 submitted/reviewed, 422 locked without a reason); and the
// write of a unit's month as PUT /api/figures does it after its own checks: `version` must be the
// submission's, each row's project the unit's and not repeated, each changed row audited.
MonthlyFigure ReadFigureRow(const boost::json::value& v, std::size_t i);
MonthlySubmission MonthSubmission(Tx& tx, int64_t unit_id, int year, int month);
void CheckMonthWritable(const MonthlySubmission& s, const std::string& reason);
void WriteMonthFigures(Tx& tx, const Actor& a, int64_t unit, int year, int month, int64_t version,
                       std::vector<MonthlyFigure> input, const std::string& reason);

// The items of PUT /api/targets written for `year` (service/stats.cpp): each checked (indicator,
// unit, value, version; errors name items[i].field), written, deleted (value null) or left alone
// when unchanged, and audited.
void WriteTargets(Tx& tx, const Actor& a, int year, const boost::json::array& items);

// Locks every unit's (year, month) of figures (已锁定), audited; answers each unit's submission.
boost::json::array LockMonthFigures(Tx& tx, const Actor& a, int year, int month);

// --- views
boost::json::object UserJson(const User& u, const std::string& unit_name);
boost::json::object UnitJson(const Unit& u);
boost::json::object InvestorJson(const Investor& i, const std::string& city_province_code);
boost::json::object ProjectJson(const Project& p, const ViewContext& ctx, bool with_nodes);
// ProjectJson of one project as its page shows it: each node also lists `missing_evidence`, the
// evidence kinds its rule requires that no file of the node is, when the node is reached (an import,
// or a rule changed later, can leave a reached node without them; setting a date by hand cannot).
boost::json::object ProjectDetailJson(Tx& tx, const Project& p, const ViewContext& ctx);
boost::json::object NodeJson(const NodeEntry& e, bool applies, Date today);
boost::json::object ProblemJson(const Problem& p, Date today);
boost::json::object FileJson(const EvidenceFile& f);
boost::json::object RuleJson(const NodeRule& r);
boost::json::value DateJson(const std::optional<Date>& d);
boost::json::object ListJson(boost::json::array items, int64_t total);
boost::json::value TimeJson(int64_t unix_seconds);  // null for 0
boost::json::value UserIdJson(int64_t id);          // null for 0 (the system)
// Who did it, by display name, so that a reporter (who cannot list users) sees it too; null for 0.
boost::json::value UserNameJson(Tx& tx, int64_t id);

// --- audit: one row per change, written in the caller's transaction
void Audit(Tx& tx, const Actor& a, std::string entity, int64_t entity_id, int64_t project_id, std::string action,
           const boost::json::value& before, const boost::json::value& after);
// The row Audit writes, for a caller that writes many at once (Tx::InsertAudits).
AuditEntry AuditOf(const Actor& a, std::string entity, int64_t entity_id, int64_t project_id, std::string action,
                   const boost::json::value& before, const boost::json::value& after);

// Throws a 409 carrying the current object.
[[noreturn]] void ThrowStale(const boost::json::object& current);

}  // namespace zs
