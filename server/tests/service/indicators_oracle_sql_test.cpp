// Randomized oracle test of the indicator engine (issue 3 §5): generated data full of boundary values
// is written through the store's Tx API into a real SQLite file; the engine's figures (LoadSnapshot →
// ComputeIndicators) are then compared, figure by figure, with an independent straightforward
// implementation: plain SQL over the same file, opened read-only with the sqlite3 C API, following
// docs/indicators.md. Ratios (完成率, 序时进度, 超/落后, 同比) are checked as exact fractions
// (cross-multiplied) against arithmetic derived from the SQL numbers.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <map>
#include <numeric>
#include <random>
#include <set>
#include <sstream>
#include <variant>

#include "core/crypto.hpp"
#include "core/date.hpp"
#include "core/indicator_settings.hpp"
#include "core/indicators.hpp"
#include "core/money.hpp"
#include "store/store.hpp"

namespace zs {
namespace {

namespace fs = std::filesystem;

constexpr int64_t kWan = kYuanPerWan;
constexpr int64_t kYi = kYuanPerYi;
constexpr int kSeeds = 20;
constexpr int kMaxReportedFailures = 60;

// ---------------------------------------------------------------------------------------------
// Small helpers

std::string Ymd(int y, int m, int d) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    return buf;
}
bool Leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
int DaysInMonth(int y, int m) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && Leap(y) ? 29 : kDays[m - 1];
}
Date D(int y, int m, int d) { return *Date::FromYmd(y, m, d); }

std::string PeriodText(const Period& p) {
    return std::to_string(p.year) + (p.cumulative ? " 1-" : " month ") + std::to_string(p.month);
}

// Failures are capped so a systematic bug does not print thousands of lines.
struct Checker {
    int failures = 0;
    void Fail(const std::string& msg) {
        ++failures;
        if (failures <= kMaxReportedFailures) ADD_FAILURE() << msg;
    }
};

// ---------------------------------------------------------------------------------------------
// Read-only SQLite access for the oracle

class RoDb {
public:
    explicit RoDb(const std::string& path) {
        if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
            throw std::runtime_error("cannot open " + path);
        }
    }
    ~RoDb() { sqlite3_close(db_); }
    RoDb(const RoDb&) = delete;
    RoDb& operator=(const RoDb&) = delete;

    using Binder = std::map<std::string, std::variant<std::monostate, int64_t, std::string>>;

    // Runs `sql` with named parameters; calls `row` for each result row.
    template <typename F>
    void Query(const std::string& sql, const Binder& binds, F&& row) {
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
            throw std::runtime_error(std::string("prepare: ") + sqlite3_errmsg(db_) + "\n" + sql);
        }
        for (int i = 1; i <= sqlite3_bind_parameter_count(st); ++i) {
            const char* name = sqlite3_bind_parameter_name(st, i);
            if (name == nullptr) throw std::runtime_error("unnamed parameter in " + sql);
            auto it = binds.find(name + 1);  // skip ':'
            if (it == binds.end()) throw std::runtime_error(std::string("unbound ") + name + " in " + sql);
            if (std::holds_alternative<int64_t>(it->second)) {
                sqlite3_bind_int64(st, i, std::get<int64_t>(it->second));
            } else if (std::holds_alternative<std::string>(it->second)) {
                const std::string& s = std::get<std::string>(it->second);
                sqlite3_bind_text(st, i, s.c_str(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
            } else {
                sqlite3_bind_null(st, i);
            }
        }
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) row(st);
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE) throw std::runtime_error(std::string("step: ") + sqlite3_errmsg(db_));
    }
    int64_t Scalar(const std::string& sql, const Binder& binds = {}) {
        int64_t v = 0;
        Query(sql, binds, [&](sqlite3_stmt* st) { v = sqlite3_column_int64(st, 0); });
        return v;
    }

private:
    sqlite3* db_ = nullptr;
};

// ---------------------------------------------------------------------------------------------
// The oracle: one SQL statement per indicator, answering (unit_id, project_id, value) rows.

// The current revision of every (project, month), the straightforward way.
constexpr const char* kCurrentFigures =
    "WITH cur AS (SELECT f.* FROM monthly_figures f WHERE f.revision = (SELECT MAX(g.revision) FROM"
    " monthly_figures g WHERE g.project_id = f.project_id AND g.year = f.year AND g.month = f.month)) ";
constexpr const char* kSignedIn =
    "EXISTS (SELECT 1 FROM project_nodes n WHERE n.project_id = p.id AND n.node = 'signed'"
    " AND n.actual_date BETWEEN :d0 AND :d1)";
constexpr const char* kSignedInMonthM =
    "EXISTS (SELECT 1 FROM project_nodes n WHERE n.project_id = p.id AND n.node = 'signed'"
    " AND n.actual_date BETWEEN :m0 AND :m1)";
constexpr const char* kBand = "p.total_investment >= :lower AND (:upper IS NULL OR p.total_investment < :upper)";
constexpr const char* kNotYetReported = "p.category = 'industry' AND p.prov_db_status = 'none' AND p.terminated = 0";

std::string CountSql(const std::string& where) { return "SELECT p.unit_id, p.id, 1 FROM projects p WHERE " + where; }

struct OracleFigure {
    int64_t actual = 0;
    std::set<int64_t> ids;
};
struct OracleResult {
    OracleFigure city;
    std::map<int64_t, OracleFigure> units;  // only units with rows
};

// Parameters of one year's computation (this year, or last year with last year's settings and this
// year's bands).
struct YearParams {
    int year = 0;
    int month = 0;
    bool cumulative = true;
    const IndicatorSettings* settings = nullptr;  // thresholds, emerging list, window
    const std::vector<SignedBand>* bands = nullptr;
};

class Oracle {
public:
    explicit Oracle(RoDb& db) : db_(db) {}

    // key → figure for one year.
    OracleResult Compute(const std::string& key, const YearParams& yp) {
        RoDb::Binder b;
        const int first = yp.cumulative ? 1 : yp.month;
        b["d0"] = Ymd(yp.year, first, 1);
        b["d1"] = Ymd(yp.year, yp.month, DaysInMonth(yp.year, yp.month));
        b["m0"] = Ymd(yp.year, yp.month, 1);
        b["m1"] = Ymd(yp.year, yp.month, DaysInMonth(yp.year, yp.month));
        b["y"] = int64_t{yp.year};
        b["mfirst"] = int64_t{first};
        b["mlast"] = int64_t{yp.month};
        const IndicatorSettings& st = *yp.settings;
        b["t100m"] = st.threshold_100m;
        b["tlarge"] = st.threshold_large;
        b["tstats"] = st.threshold_in_stats;
        const int intro_from = st.introduced_window == IntroducedWindow::kThisYear ? yp.year : yp.year - 1;
        b["intro0"] = Ymd(intro_from, 1, 1);
        b["intro1"] = Ymd(yp.year, 12, 31);
        boost::json::array names;
        for (const auto& n : st.emerging_industries) names.emplace_back(n);
        b["emerging"] = boost::json::serialize(names);

        std::string sql;
        auto band = [&](const std::string& prefix) {
            const int k = std::stoi(key.substr(prefix.size())) - 1;
            const SignedBand& sb = (*yp.bands).at(static_cast<std::size_t>(k));
            b["lower"] = sb.lower;
            if (sb.upper) {
                b["upper"] = *sb.upper;
            } else {
                b["upper"] = std::monostate{};
            }
        };
        if (key == "provincial_funds") {
            sql =
                std::string(kCurrentFigures) +
                "SELECT p.unit_id, p.id, SUM(c.funds_out_of_province) FROM projects p JOIN cur c ON c.project_id = p.id"
                " WHERE p.total_investment >= :t100m AND c.year = :y AND c.month BETWEEN :mfirst AND :mlast"
                " GROUP BY p.id";
        } else if (key == "new_fixed_asset") {
            sql = std::string(kCurrentFigures) +
                  "SELECT p.unit_id, p.id, SUM(c.fixed_asset_investment) FROM projects p JOIN cur c ON c.project_id = "
                  "p.id"
                  " WHERE c.year = :y AND c.month BETWEEN :mfirst AND :mlast AND EXISTS (SELECT 1 FROM project_nodes n"
                  " WHERE n.project_id = p.id AND n.node = 'signed' AND n.actual_date BETWEEN :intro0 AND :intro1)"
                  " GROUP BY p.id";
        } else if (key == "prov_db_new") {
            sql = CountSql("p.prov_db_status = 'confirmed' AND p.prov_db_confirmed_date BETWEEN :d0 AND :d1");
        } else if (key == "prov_db_new_large") {
            sql = CountSql(
                "p.prov_db_status = 'confirmed' AND p.prov_db_confirmed_date BETWEEN :d0 AND :d1"
                " AND p.total_investment >= :tlarge");
        } else if (key == "prov_db_reported") {
            sql = CountSql("p.prov_db_status = 'pending' AND p.prov_db_reported_date BETWEEN :d0 AND :d1");
        } else if (key == "prov_db_reported_large") {
            sql = CountSql(
                "p.prov_db_status = 'pending' AND p.prov_db_reported_date BETWEEN :d0 AND :d1"
                " AND p.total_investment >= :tlarge");
        } else if (key == "emerging_signed") {
            sql = CountSql(std::string(kSignedIn) +
                           " AND p.total_investment >= :t100m"
                           " AND p.emerging_industry IN (SELECT value FROM json_each(:emerging))");
        } else if (key == "signed_100m") {
            sql = CountSql(std::string(kSignedIn) + " AND p.total_investment >= :t100m");
        } else if (key == "signed_100m_industry") {
            sql = CountSql(std::string(kSignedIn) + " AND p.total_investment >= :t100m AND p.category = 'industry'");
        } else if (key.rfind("signed_band_", 0) == 0) {
            band("signed_band_");
            sql = CountSql(std::string(kSignedIn) + " AND " + kBand);
        } else if (key == "to_report") {
            sql = CountSql(std::string(kSignedInMonthM) + " AND " + kNotYetReported +
                           " AND p.total_investment >= :t100m");
        } else if (key.rfind("to_report_band_", 0) == 0) {
            band("to_report_band_");
            sql = CountSql(std::string(kSignedInMonthM) + " AND " + kNotYetReported + " AND " + kBand);
        } else if (key == "in_stats") {
            sql = CountSql(
                "EXISTS (SELECT 1 FROM project_nodes n WHERE n.project_id = p.id AND n.node = 'in_stats'"
                " AND n.actual_date BETWEEN :d0 AND :d1) AND p.total_investment >= :tstats");
        } else if (key == "upgrade_above_scale" || key == "new_production_above_scale") {
            b["route"] = std::string(key == "upgrade_above_scale" ? "upgrade" : "new_production");
            sql = CountSql(
                "EXISTS (SELECT 1 FROM project_nodes n WHERE n.project_id = p.id AND n.node = 'above_scale'"
                " AND n.actual_date BETWEEN :d0 AND :d1) AND p.above_scale_route = :route");
        } else {
            throw std::runtime_error("oracle: unknown indicator " + key);
        }
        // Unused parameters are fine: only those the statement names are bound.
        OracleResult r;
        db_.Query(sql, b, [&](sqlite3_stmt* st) {
            const int64_t unit = sqlite3_column_int64(st, 0);
            const int64_t pid = sqlite3_column_int64(st, 1);
            const int64_t v = sqlite3_column_int64(st, 2);
            OracleFigure& u = r.units[unit];
            u.actual += v;
            r.city.actual += v;
            if (v != 0) {
                u.ids.insert(pid);
                r.city.ids.insert(pid);
            }
        });
        return r;
    }

    std::optional<int64_t> Target(int year, const std::string& key, int64_t scope) {
        std::optional<int64_t> out;
        db_.Query("SELECT value FROM targets WHERE year = :y AND indicator = :k AND scope_unit_id = :u",
                  {{"y", int64_t{year}}, {"k", key}, {"u", scope}},
                  [&](sqlite3_stmt* st) { out = sqlite3_column_int64(st, 0); });
        return out;
    }

    // 序时进度 as (num, den), from SQLite's own calendar in days mode.
    std::pair<int64_t, int64_t> Schedule(const Period& p, const IndicatorSettings& st) {
        if (st.schedule_mode == ScheduleMode::kMonths) return {p.cumulative ? p.month : 1, 12};
        const int first = p.cumulative ? 1 : p.month;
        const int64_t elapsed =
            db_.Scalar("SELECT CAST(julianday(date(:m, '+1 month', '-1 day')) - julianday(:f) + 1 AS INTEGER)",
                       {{"m", Ymd(p.year, p.month, 1)}, {"f", Ymd(p.year, first, 1)}});
        const int64_t year_days = db_.Scalar("SELECT CAST(julianday(:e) - julianday(:s) + 1 AS INTEGER)",
                                             {{"e", Ymd(p.year, 12, 31)}, {"s", Ymd(p.year, 1, 1)}});
        return {elapsed, year_days};
    }

private:
    RoDb& db_;
};

// ---------------------------------------------------------------------------------------------
// Exact-fraction checks

int64_t Abs(int64_t v) { return v < 0 ? -v : v; }
bool Reduced(const Ratio& r) { return r.den > 0 && std::gcd(Abs(r.num), r.den) == 1; }
bool SameFraction(const Ratio& r, __int128 num, __int128 den) {  // den > 0
    return r.den > 0 && static_cast<__int128>(r.num) * den == num * static_cast<__int128>(r.den);
}
std::string RatioText(const std::optional<Ratio>& r) {
    if (!r) return "none";
    return std::to_string(r->num) + "/" + std::to_string(r->den);
}
std::string I128(__int128 v) {
    if (v == 0) return "0";
    const bool neg = v < 0;
    unsigned __int128 u = neg ? static_cast<unsigned __int128>(-v) : static_cast<unsigned __int128>(v);
    std::string s;
    while (u > 0) {
        s.insert(s.begin(), static_cast<char>('0' + static_cast<int>(u % 10)));
        u /= 10;
    }
    return neg ? "-" + s : s;
}
std::string IdsText(const std::vector<int64_t>& ids) {
    std::ostringstream o;
    o << "[";
    for (std::size_t i = 0; i < ids.size(); ++i) o << (i ? "," : "") << ids[i];
    o << "]";
    return o.str();
}

// Compares one engine Figure with the oracle's numbers.
void CheckFigure(Checker& ck, const std::string& where, const Figure& got, const OracleFigure& now,
                 const OracleFigure& last, std::optional<int64_t> target_row, std::pair<int64_t, int64_t> schedule) {
    if (got.actual != now.actual) {
        ck.Fail(where + ": actual expected " + std::to_string(now.actual) + " got " + std::to_string(got.actual));
    }
    if (got.last_year != last.actual) {
        ck.Fail(where + ": last_year expected " + std::to_string(last.actual) + " got " +
                std::to_string(got.last_year));
    }
    const std::vector<int64_t> want_ids(now.ids.begin(), now.ids.end());
    if (got.project_ids != want_ids) {
        ck.Fail(where + ": project_ids expected " + IdsText(want_ids) + " got " + IdsText(got.project_ids));
    }
    // 序时进度
    if (!Reduced(got.schedule) || !SameFraction(got.schedule, schedule.first, schedule.second)) {
        ck.Fail(where + ": schedule expected " + std::to_string(schedule.first) + "/" +
                std::to_string(schedule.second) + " got " + RatioText(got.schedule));
    }
    // Target, completion and ahead: only with a positive target.
    std::optional<int64_t> target;
    if (target_row.value_or(0) > 0) target = target_row.value_or(0);
    if (got.target != target) {
        ck.Fail(where + ": target expected " + (target ? std::to_string(*target) : "none") + " got " +
                (got.target ? std::to_string(*got.target) : "none") +
                (target_row ? " (stored " + std::to_string(*target_row) + ")" : " (no row)"));
    }
    if (!target) {
        if (got.completion || got.ahead) {
            ck.Fail(where + ": completion/ahead expected none (no positive target), got " + RatioText(got.completion) +
                    " / " + RatioText(got.ahead));
        }
    } else {
        const __int128 t = *target;
        if (!got.completion || !Reduced(*got.completion) || !SameFraction(*got.completion, now.actual, t)) {
            ck.Fail(where + ": completion expected " + std::to_string(now.actual) + "/" + std::to_string(*target) +
                    " got " + RatioText(got.completion));
        }
        // a/t − sn/sd = (a·sd − sn·t) / (t·sd)
        const __int128 an =
            static_cast<__int128>(now.actual) * schedule.second - static_cast<__int128>(schedule.first) * t;
        const __int128 ad = t * schedule.second;
        if (!got.ahead || !Reduced(*got.ahead) || !SameFraction(*got.ahead, an, ad)) {
            ck.Fail(where + ": ahead expected " + I128(an) + "/" + I128(ad) + " got " + RatioText(got.ahead));
        }
    }
    // 同比: (actual − last) / last, none when last is zero.
    if (last.actual == 0) {
        if (got.yoy) ck.Fail(where + ": yoy expected none (last year zero) got " + RatioText(got.yoy));
    } else {
        const __int128 yn = static_cast<__int128>(now.actual) - last.actual;
        if (!got.yoy || !Reduced(*got.yoy) || !SameFraction(*got.yoy, yn, last.actual)) {
            ck.Fail(where + ": yoy expected " + I128(yn) + "/" + std::to_string(last.actual) + " got " +
                    RatioText(got.yoy));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The generator

class Gen {
public:
    explicit Gen(uint64_t seed) : rng_(seed) {}
    int64_t Int(int64_t lo, int64_t hi) { return std::uniform_int_distribution<int64_t>(lo, hi)(rng_); }
    bool Chance(double p) { return std::bernoulli_distribution(p)(rng_); }
    template <typename T>
    const T& Pick(const std::vector<T>& v) {
        return v[static_cast<std::size_t>(Int(0, static_cast<int64_t>(v.size()) - 1))];
    }

    // Total investment: the boundaries of every threshold and band, or anything up to 20亿.
    int64_t Total() {
        static const std::vector<int64_t> kBoundaries = {
            0,       500 * kWan - 1, 500 * kWan, 1000 * kWan - 1, 1000 * kWan, kYi - 1,      kYi,
            2 * kYi, 5 * kYi - 1,    5 * kYi,    10 * kYi - 1,    10 * kYi,    10 * kYi + 1, 50 * kYi};
        if (Chance(0.7)) return Pick(kBoundaries);
        return Int(0, 20 * kYi);
    }
    // A date around year ends and month ends, in years y0..y1.
    Date Day(int y0, int y1) {
        const int y = static_cast<int>(Int(y0, y1));
        const int m = static_cast<int>(Int(1, 12));
        switch (Int(0, 6)) {
            case 0:
                return D(y, 1, 1);
            case 1:
                return D(y, 12, 31);
            case 2:
                return D(y, m, DaysInMonth(y, m));
            case 3:
                return D(y, m, 1);
            case 4:
                return Chance(0.5) ? D(y, 2, DaysInMonth(y, 2)) : D(y, 3, 1);
            default:
                return D(y, m, static_cast<int>(Int(1, DaysInMonth(y, m))));
        }
    }
    int64_t Money() {
        switch (Int(0, 4)) {
            case 0:
                return 0;
            case 1:
                return Pick(std::vector<int64_t>{1, kWan, kYi - 1, kYi, 5 * kYi});
            default:
                return Int(0, 30 * kYi);
        }
    }
    MonthlyFigure Fig(int64_t project, int year, int month) {
        MonthlyFigure f;
        f.project_id = project;
        f.year = year;
        f.month = month;
        f.funds_in_place = Money();
        const int64_t r = Int(0, 3);
        f.funds_out_of_province = r == 0 ? 0 : (r == 1 ? f.funds_in_place : Int(0, f.funds_in_place));
        f.fixed_asset_investment = Chance(0.25) ? 0 : Money();
        f.output_value = Money();
        f.tax = Int(0, 10 * kWan);
        return f;
    }

private:
    std::mt19937_64 rng_;
};

const std::vector<std::string> kEmergingNames = {"",
                                                 "",
                                                 "新材料",
                                                 "人工智能",
                                                 "生命健康",
                                                 "数字创意",
                                                 "低空经济" /* not in the 2021 list */,
                                                 "新材料 " /* not an exact match */,
                                                 "新一代信息技术"};
const std::vector<std::string> kIndustryCodes = {"C3011", "C3911", "C2710", "F5123", "A0111", ""};
const std::vector<std::string> kProvinces = {"340000", "340000", "320000", "110000", "440000"};

// This year's and last year's settings: the defaults, or (variant 1) a this-and-last-year window
// with days-based 序时进度 this year, and other thresholds and emerging list last year.
// threshold_100m stays 1亿 and the bands stay the defaults: with a band below threshold_100m,
// docs/indicators.md does not say whether to_report_band_* ("the same by band") keeps the ≥ 1亿
// condition of to_report (the engine drops it); with the default bands both readings agree.
IndicatorSettings SettingsFor(int year, int Y, int variant) {
    IndicatorSettings s = IndicatorSettings::Defaults(year);
    if (variant == 1) {
        if (year == Y) {
            s.introduced_window = IntroducedWindow::kThisAndLastYear;
            s.schedule_mode = ScheduleMode::kDays;
            s.emerging_industries.push_back("低空经济");
        } else if (year == Y - 1) {
            s.threshold_large = 5 * kYi;
            s.threshold_in_stats = 1000 * kWan;
            std::erase(s.emerging_industries, std::string("新材料"));
            s.introduced_window = IntroducedWindow::kThisAndLastYear;
            s.schedule_mode = ScheduleMode::kDays;
        }
    }
    return s;
}

const std::vector<std::string> kFixedKeysHead = {
    "provincial_funds",       "prov_db_new",     "prov_db_new_large", "prov_db_reported",
    "prov_db_reported_large", "emerging_signed", "signed_100m",       "signed_100m_industry"};

std::vector<std::string> ExpectedKeys(std::size_t bands) {
    std::vector<std::string> keys = kFixedKeysHead;
    for (std::size_t i = 1; i <= bands; ++i) keys.push_back("signed_band_" + std::to_string(i));
    keys.push_back("to_report");
    for (std::size_t i = 1; i <= bands; ++i) keys.push_back("to_report_band_" + std::to_string(i));
    for (const char* k : {"in_stats", "upgrade_above_scale", "new_production_above_scale", "new_fixed_asset"}) {
        keys.emplace_back(k);
    }
    return keys;
}

struct Stats {
    int periods = 0;
    int64_t figures = 0;
    int projects = 0;
    int figure_rows = 0;
    int corrections = 0;
    int moved = 0;
    int with_target = 0;
    int zero_target = 0;
    int zero_last_nonzero_now = 0;
};

// One seed: generate, then compare every indicator of a handful of periods.
void RunSeed(uint64_t seed, Checker& ck, Stats& stats) {
    Gen g(seed * 7919 + 17);
    const int Y = 2024 + static_cast<int>(seed % 3);  // 2024 is a leap year; last year 2023, then 2025/2026
    const int variant = seed % 3 == 2 ? 1 : 0;

    const fs::path dir = fs::temp_directory_path() / ("zs_oracle_" + RandomToken().substr(0, 12));
    fs::create_directories(dir);
    const std::string path = (dir / "zs.db").string();
    struct Cleanup {
        fs::path d;
        ~Cleanup() {
            std::error_code ec;
            fs::remove_all(d, ec);
        }
    } cleanup{dir};

    auto store = OpenSqliteStore(path, 2);
    store->Migrate();

    std::vector<int64_t> units;
    std::vector<int64_t> projects;
    std::map<int64_t, int64_t> unit_of;  // project → unit at creation
    {
        auto tx = store->BeginWrite();
        tx->SetSetting("city_province_code", "340000");
        const int n_units = static_cast<int>(g.Int(3, 5));
        for (int i = 0; i < n_units; ++i) {
            Unit u;
            u.code = "U" + std::to_string(i);
            u.name = "单位" + std::to_string(i);
            u.kind = static_cast<UnitKind>(g.Int(0, 3));
            u.sort_order = static_cast<int>(g.Int(0, 3));  // not id order: the engine's units follow sort_order
            units.push_back(tx->InsertUnit(u));
        }
        std::vector<int64_t> investors;
        for (int i = 0; i < 6; ++i) {
            Investor inv;
            inv.name = "投资方" + std::to_string(i);
            inv.uscc = "91340100TEST" + std::to_string(seed) + "X" + std::to_string(i);
            inv.province_code = g.Pick(kProvinces);
            investors.push_back(tx->InsertInvestor(inv));
        }
        const int n_projects = static_cast<int>(g.Int(45, 70));
        for (int i = 0; i < n_projects; ++i) {
            Project p;
            p.code = "XM" + std::to_string(seed) + "-" + std::to_string(i);
            p.name = "项目" + std::to_string(i);
            // The last unit is kept empty for some seeds: a unit with no project has zero everywhere.
            const std::size_t usable = seed % 2 == 0 ? units.size() - 1 : units.size();
            p.unit_id = units[static_cast<std::size_t>(g.Int(0, static_cast<int64_t>(usable) - 1))];
            if (g.Chance(0.85)) p.investor_id = g.Pick(investors);
            p.industry_code = g.Pick(kIndustryCodes);
            p.category = g.Chance(0.55) ? Category::kIndustry : static_cast<Category>(g.Int(1, 3));
            p.emerging_industry = g.Pick(kEmergingNames);
            p.total_investment = g.Total();
            p.fixed_asset_investment = g.Chance(0.5) ? 0 : g.Int(0, p.total_investment);
            p.terminated = g.Chance(0.15);
            if (p.terminated) p.termination_reason = "终止";
            // Node ledger: 签约 / 入统 / 投产 / 入规 actual dates around year and month ends, some only planned.
            auto set_node = [&](Node n, double p_actual) {
                NodeEntry& e = p.nodes[static_cast<std::size_t>(NodeIndex(n))];
                if (g.Chance(p_actual)) {
                    e.actual = g.Day(Y - 2, Y + 1);
                } else if (g.Chance(0.3)) {
                    e.planned = g.Day(Y - 1, Y);  // planned only: never counts
                }
            };
            set_node(Node::kSigned, 0.8);
            set_node(Node::kInStats, 0.4);
            set_node(Node::kProducing, 0.3);
            set_node(Node::kAboveScale, 0.4);
            p.signed_date = p.nodes[static_cast<std::size_t>(NodeIndex(Node::kSigned))].actual;
            const int64_t route = g.Int(0, 2);
            p.above_scale_route = static_cast<AboveScaleRoute>(route);
            // 入省库 within the schema's CHECKs.
            const int64_t st = g.Int(0, 9);
            if (st < 4) {
                p.prov_db_status = ProvDbStatus::kNone;
            } else if (st < 6) {
                p.prov_db_status = ProvDbStatus::kPending;
                p.prov_db_reported_date = g.Day(Y - 2, Y + 1);
            } else if (st < 8) {
                p.prov_db_status = ProvDbStatus::kConfirmed;
                p.prov_db_confirmed_date = g.Day(Y - 2, Y + 1);
                if (g.Chance(0.7)) p.prov_db_reported_date = g.Day(Y - 2, Y);
            } else {
                p.prov_db_status = ProvDbStatus::kRejected;
                if (g.Chance(0.8)) p.prov_db_reported_date = g.Day(Y - 2, Y + 1);
            }
            const int64_t id = tx->InsertProject(p);
            projects.push_back(id);
            unit_of[id] = p.unit_id;
        }
        tx->Commit();
    }
    stats.projects += static_cast<int>(projects.size());

    // Monthly figures over two years (and the tail of the year before), with locked months corrected.
    {
        auto tx = store->BeginWrite();
        for (const int64_t pid : projects) {
            if (!g.Chance(0.7)) continue;
            for (int ym = (Y - 2) * 12 + 6; ym <= Y * 12 + 11; ++ym) {
                const int year = ym / 12;
                const int month = ym % 12 + 1;
                if (!g.Chance(year == Y - 2 ? 0.2 : 0.4)) continue;
                tx->UpsertFigureDraft(g.Fig(pid, year, month));
                ++stats.figure_rows;
                if (g.Chance(0.3)) {  // the draft edited in place
                    tx->UpsertFigureDraft(g.Fig(pid, year, month));
                }
                if (g.Chance(0.3)) {  // the unit's month is locked, then corrected
                    MonthlySubmission s;
                    s.unit_id = unit_of[pid];
                    s.year = year;
                    s.month = month;
                    s.state = SubmissionState::kLocked;
                    s.locked_at = 1'700'000'000;
                    tx->UpsertSubmission(s, 0);  // false when the month's row exists already: fine
                    MonthlyFigure c = g.Fig(pid, year, month);
                    c.reason = "更正: 统计口径调整";
                    const int rev = tx->InsertFigureRevision(c);
                    if (rev < 2)
                        ck.Fail("seed " + std::to_string(seed) + ": correction got revision " + std::to_string(rev));
                    ++stats.corrections;
                    if (g.Chance(0.25)) {  // a second correction
                        MonthlyFigure c2 = g.Fig(pid, year, month);
                        c2.reason = "再次更正";
                        tx->InsertFigureRevision(c2);
                        ++stats.corrections;
                    }
                    if (g.Chance(0.15)) {  // revision 1 rewritten after the correction: must not become current
                        tx->UpsertFigureDraft(g.Fig(pid, year, month));
                    }
                }
            }
        }
        tx->Commit();
    }

    // Projects moved to another unit after having figures; some ledger dates changed afterwards.
    {
        auto tx = store->BeginWrite();
        const Date today = D(Y, 12, 31);
        for (const int64_t pid : projects) {
            if (units.size() > 1 && g.Chance(0.2)) {
                std::optional<Project> p = tx->GetProject(pid, today);
                ASSERT_TRUE(p);
                int64_t to = p->unit_id;
                while (to == p->unit_id) to = g.Pick(units);
                p->unit_id = to;
                ASSERT_TRUE(tx->UpdateProject(*p, p->version)) << "seed " << seed << " move project " << pid;
                ++stats.moved;
            }
            if (g.Chance(0.1)) {  // the signing date corrected in the ledger (and its stored summary)
                std::optional<Project> p = tx->GetProject(pid, today);
                ASSERT_TRUE(p);
                NodeEntry e;
                e.node = Node::kSigned;
                e.actual = g.Day(Y - 1, Y);
                tx->UpsertNode(pid, e);
                p->signed_date = e.actual;
                ASSERT_TRUE(tx->UpdateProject(*p, p->version));
            }
            if (g.Chance(0.05)) {  // an 入统 date withdrawn: planned only now
                NodeEntry e;
                e.node = Node::kInStats;
                e.planned = g.Day(Y, Y);
                tx->UpsertNode(pid, e);
            }
        }
        tx->Commit();
    }

    // Targets for Y and Y−1: city and units, some zero, some missing.
    {
        auto tx = store->BeginWrite();
        for (const int year : {Y, Y - 1}) {
            const IndicatorSettings st = SettingsFor(year, Y, variant);
            for (const IndicatorDef& def : IndicatorCatalogue(st)) {
                std::vector<int64_t> scopes = units;
                scopes.push_back(kCityUnitId);
                for (const int64_t scope : scopes) {
                    if (!g.Chance(0.5)) continue;
                    Target t;
                    t.year = year;
                    t.indicator = def.key;
                    t.scope_unit_id = scope;
                    const int64_t r = g.Int(0, 9);
                    if (r < 2) {
                        t.value = 0;
                    } else if (def.unit == kUnitCount) {
                        t.value = g.Int(1, 12);
                    } else {
                        t.value = r == 2 ? kYi : g.Int(1, 50 * kYi);
                    }
                    ASSERT_TRUE(tx->UpsertTarget(t, 0));
                }
            }
        }
        tx->Commit();
    }

    // --- compare
    EngineSnapshot snap;
    std::map<int, TargetTable> targets;
    {
        auto tx = store->BeginRead();
        tx->LoadSnapshot(snap);
        for (const int year : {Y, Y - 1}) {
            for (const Target& t : tx->ListTargets(year)) targets[year].Set(t.indicator, t.scope_unit_id, t.value);
        }
    }
    RoDb db(path);
    Oracle oracle(db);
    const std::string seed_text =
        "seed " + std::to_string(seed) + " (Y=" + std::to_string(Y) + ", variant " + std::to_string(variant) + ")";

    // The snapshot's shape against SQL: units in sort order, projects, current figure rows.
    {
        std::vector<int64_t> sql_units;
        db.Query("SELECT id FROM units ORDER BY sort_order, id", {},
                 [&](sqlite3_stmt* st) { sql_units.push_back(sqlite3_column_int64(st, 0)); });
        if (snap.unit_id != sql_units) ck.Fail(seed_text + ": snapshot units differ from SQL");
        if (static_cast<int64_t>(snap.project_id.size()) != db.Scalar("SELECT COUNT(*) FROM projects")) {
            ck.Fail(seed_text + ": snapshot project count differs from SQL");
        }
        const int64_t rows =
            db.Scalar("SELECT COUNT(*) FROM (SELECT DISTINCT project_id, year, month FROM monthly_figures)");
        if (static_cast<int64_t>(snap.fig_project.size()) != rows) {
            ck.Fail(seed_text + ": snapshot has " + std::to_string(snap.fig_project.size()) + " figure rows, SQL has " +
                    std::to_string(rows) + " distinct (project, month)");
        }
        // 省外 investor flag (the snapshot carries it though no indicator of docs/indicators.md uses it).
        std::map<int64_t, int> out_of_province;
        db.Query(
            "SELECT p.id, CASE WHEN i.id IS NOT NULL AND i.province_code <> (SELECT value FROM settings WHERE key ="
            " 'city_province_code') THEN 1 ELSE 0 END FROM projects p LEFT JOIN investors i ON i.id = p.investor_id",
            {}, [&](sqlite3_stmt* st) {
                out_of_province[sqlite3_column_int64(st, 0)] = static_cast<int>(sqlite3_column_int64(st, 1));
            });
        for (std::size_t i = 0; i < snap.project_id.size(); ++i) {
            if (out_of_province[snap.project_id[i]] != snap.out_of_province[i]) {
                ck.Fail(seed_text + ": project " + std::to_string(snap.project_id[i]) + " out_of_province differs");
            }
        }
    }

    // Periods: Y cumulative 1, 6, 12 and one random month; single months 1, 12 and one random; Y−1
    // cumulative 12 and a random month, and January alone.
    std::vector<Period> periods = {{Y, 1, true},
                                   {Y, 6, true},
                                   {Y, 12, true},
                                   {Y, static_cast<int>(g.Int(2, 11)), true},
                                   {Y, 1, false},
                                   {Y, 12, false},
                                   {Y, static_cast<int>(g.Int(2, 11)), false},
                                   {Y - 1, 12, true},
                                   {Y - 1, static_cast<int>(g.Int(1, 11)), true},
                                   {Y - 1, 1, false}};
    for (const Period& p : periods) {
        const IndicatorSettings st_this = SettingsFor(p.year, Y, variant);
        const IndicatorSettings st_last = SettingsFor(p.year - 1, Y, variant);
        ASSERT_FALSE(st_this.Validate());
        ASSERT_FALSE(st_last.Validate());
        const std::vector<IndicatorResult> results = ComputeIndicators(snap, st_this, st_last, p, targets[p.year]);
        ++stats.periods;
        const std::string ptext = seed_text + " period " + PeriodText(p);

        std::vector<std::string> got_keys;
        for (const auto& r : results) got_keys.push_back(r.key);
        if (got_keys != ExpectedKeys(st_this.signed_bands.size())) ck.Fail(ptext + ": catalogue keys differ");

        const auto schedule = oracle.Schedule(p, st_this);
        YearParams now{p.year, p.month, p.cumulative, &st_this, &st_this.signed_bands};
        YearParams before{p.year - 1, p.month, p.cumulative, &st_last, &st_this.signed_bands};
        for (const IndicatorResult& res : results) {
            const OracleResult o_now = oracle.Compute(res.key, now);
            const OracleResult o_last = oracle.Compute(res.key, before);
            const std::string w = ptext + " indicator " + res.key;
            CheckFigure(ck, w + " city", res.city, o_now.city, o_last.city, oracle.Target(p.year, res.key, kCityUnitId),
                        schedule);
            ++stats.figures;
            if (res.units.size() != snap.unit_id.size()) {
                ck.Fail(w + ": " + std::to_string(res.units.size()) + " unit figures for " +
                        std::to_string(snap.unit_id.size()) + " units");
                continue;
            }
            int64_t unit_sum = 0;
            for (std::size_t u = 0; u < res.units.size(); ++u) {
                const int64_t uid = snap.unit_id[u];
                static const OracleFigure kEmpty;
                const auto a = o_now.units.find(uid);
                const auto b = o_last.units.find(uid);
                const OracleFigure& fn = a == o_now.units.end() ? kEmpty : a->second;
                const OracleFigure& fl = b == o_last.units.end() ? kEmpty : b->second;
                const std::optional<int64_t> trow = oracle.Target(p.year, res.key, uid);
                CheckFigure(ck, w + " unit " + std::to_string(uid), res.units[u], fn, fl, trow, schedule);
                ++stats.figures;
                unit_sum += res.units[u].actual;
                if (trow) ++(*trow > 0 ? stats.with_target : stats.zero_target);
                if (fl.actual == 0 && fn.actual > 0) ++stats.zero_last_nonzero_now;
            }
            if (unit_sum != res.city.actual) ck.Fail(w + ": units do not add up to the city");
            if (o_last.city.actual == 0 && o_now.city.actual > 0) ++stats.zero_last_nonzero_now;
        }
    }
}

TEST(IndicatorsOracleSql, EngineMatchesPlainSqlFigureByFigure) {
    const auto t0 = std::chrono::steady_clock::now();
    Checker ck;
    Stats stats;
    for (uint64_t seed = 1; seed <= kSeeds; ++seed) {
        RunSeed(seed, ck, stats);
        if (HasFatalFailure()) return;
    }
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf(
        "[oracle] %d seeds, %d periods, %lld figures compared; %d projects, %d figure months, %d corrections, "
        "%d moves; unit targets: %d positive, %d zero; %d figures with zero last year and something this year; "
        "%d failures; %.2f s\n",
        kSeeds, stats.periods, static_cast<long long>(stats.figures), stats.projects, stats.figure_rows,
        stats.corrections, stats.moved, stats.with_target, stats.zero_target, stats.zero_last_nonzero_now, ck.failures,
        secs);
    EXPECT_EQ(ck.failures, 0);
    // The generator must actually reach the edge cases it is meant to cover.
    EXPECT_GT(stats.corrections, 0);
    EXPECT_GT(stats.moved, 0);
    EXPECT_GT(stats.zero_target, 0);
    EXPECT_GT(stats.zero_last_nonzero_now, 0);
}

}  // namespace
}  // namespace zs
