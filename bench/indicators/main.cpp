// Indicator benchmark (issue 3 §6, not part of `make test`): the monthly bulletin — every indicator,
// city and all units, cumulative and single month, with last year — computed by the engine on a
// generated snapshot, against a hand-written single loop over the same arrays (same process) and
// against DuckDB running equivalent SQL on the same data (bench/duckdb/run.mjs); then the refresh
// cost after one write (a full LoadSnapshot from SQLite). Prints medians, ratios and PASS/MISS.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json.hpp>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "core/domain.hpp"
#include "core/indicators.hpp"
#include "core/lifecycle.hpp"
#include "core/money.hpp"
#include "core/snapshot.hpp"
#include "service/admin.hpp"
#include "service/snapshot_refresh.hpp"
#include "store/store.hpp"

namespace fs = std::filesystem;

namespace zs::bench {
namespace {

// The generated city's fixed "today" and the bulletin it computes, so every run sees the same data.
constexpr int kYear = 2026;
constexpr int kMonth = 10;  // the bulletin of 1-10月 and of 10月份, published in November
constexpr int kTodayMonth = 11;
constexpr int kTodayDay = 26;

using Clock = std::chrono::steady_clock;

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

double Median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// Runs f once to warm up, then `runs` times; answers the median in milliseconds.
template <typename F>
double TimeMedian(int runs, F&& f) {
    f();
    std::vector<double> ms;
    for (int i = 0; i < runs; ++i) {
        const auto t0 = Clock::now();
        f();
        ms.push_back(Ms(Clock::now() - t0));
    }
    return Median(ms);
}

// splitmix64, as the demo generator: deterministic on every platform.
class Rng {
public:
    explicit Rng(uint64_t seed) : s_(seed) {}
    uint64_t Next() {
        uint64_t z = (s_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    int64_t Between(int64_t lo, int64_t hi) { return lo + static_cast<int64_t>(Next() % uint64_t(hi - lo + 1)); }
    bool Chance(int percent) { return Between(1, 100) <= percent; }

private:
    uint64_t s_;
};

int32_t Day(int y, int m, int d) { return Date::FromYmd(y, m, d)->days(); }

// ---------------------------------------------------------------------------------------------
// The generated city: the demo's shapes (25 units weighted towards the zone and the parks, 70%
// industry, totals across the bands with exact 500万 / 1亿 / 5亿 / 10亿 now and then, ~60% of
// investors out of province, signings from Oct 2024 on with some on 1 Jan / 31 Dec / month edges,
// statistical events following the signing) and ~10 monthly figure rows per project.

const char* const kEmergingNames[] = {"新材料",         "高端装备制造", "新能源汽车和智能网联汽车",
                                      "新一代信息技术", "生命健康",     "先进光伏和新型储能",
                                      "绿色环保包装"};  // the last is in no year's list

EngineSnapshot Generate(int64_t projects, uint64_t seed) {
    Rng rng(seed);
    EngineSnapshot s;
    const UnitKind kinds[] = {UnitKind::kDevZone, UnitKind::kPark, UnitKind::kPark};
    for (int u = 0; u < 25; ++u) {
        s.unit_id.push_back(u + 1);
        s.unit_kind.push_back(
            static_cast<uint8_t>(u < 3 ? kinds[u] : (u < 17 ? UnitKind::kTown : UnitKind::kMunicipal)));
    }
    for (const char* name : kEmergingNames) s.emerging_names.emplace_back(name);

    const auto n = static_cast<std::size_t>(projects);
    for (auto* v : {&s.signed_day, &s.in_stats_day, &s.producing_day, &s.above_scale_day, &s.prov_db_reported_day,
                    &s.prov_db_confirmed_day}) {
        v->assign(n, kNoDay);
    }
    s.project_id.resize(n);
    s.project_unit.resize(n);
    s.category.resize(n);
    s.terminated.resize(n);
    s.total_investment.resize(n);
    s.out_of_province.resize(n);
    s.emerging.resize(n);
    s.above_scale_route.assign(n, 0);
    s.prov_db_status.assign(n, 0);
    const std::size_t expected_rows = n * 11;
    for (auto* v : {&s.fig_project, &s.fig_month}) v->reserve(expected_rows);
    for (auto* v : {&s.fig_funds, &s.fig_funds_out, &s.fig_fixed_asset, &s.fig_output, &s.fig_tax}) {
        v->reserve(expected_rows);
    }

    const int32_t first = Day(2024, 10, 1);  // signings from Oct 2024: ~10 figure rows a project
    const int32_t today = Day(kYear, kTodayMonth, kTodayDay);
    const int last_month = kYear * 12 + kTodayMonth - 2;  // figures up to last month
    const int32_t kEdgeDays[] = {Day(2025, 12, 31), Day(2026, 1, 1),   Day(2026, 10, 1), Day(2026, 10, 31),
                                 Day(2025, 10, 1),  Day(2025, 10, 31), Day(2025, 1, 1),  Day(2026, 9, 30)};
    const int64_t kBoundaries[] = {kYuanPerYi, 5 * kYuanPerYi, 10 * kYuanPerYi, 500 * kYuanPerWan};
    auto wan = [](int64_t yuan) { return yuan / kYuanPerWan * kYuanPerWan; };

    for (std::size_t i = 0; i < n; ++i) {
        s.project_id[i] = static_cast<int64_t>(i) + 1;
        const int unit_roll = static_cast<int>(rng.Between(0, 99));
        s.project_unit[i] = unit_roll < 25   ? 0
                            : unit_roll < 45 ? static_cast<int32_t>(1 + rng.Between(0, 1))
                            : unit_roll < 85 ? static_cast<int32_t>(3 + rng.Between(0, 13))
                                             : static_cast<int32_t>(17 + rng.Between(0, 7));
        const int cat_roll = static_cast<int>(rng.Between(0, 99));
        const Category cat = cat_roll < 70   ? Category::kIndustry
                             : cat_roll < 90 ? Category::kService
                             : cat_roll < 97 ? Category::kAgriculture
                                             : Category::kOther;
        s.category[i] = static_cast<uint8_t>(cat);
        s.terminated[i] = rng.Chance(3) ? 1 : 0;
        const int band = static_cast<int>(rng.Between(0, 99));
        int64_t total = (band < 25   ? rng.Between(500, 9999)
                         : band < 60 ? rng.Between(10000, 49999)
                         : band < 80 ? rng.Between(50000, 99999)
                                     : rng.Between(100000, 800000)) *
                        kYuanPerWan;
        if (i % 29 == 0) total = kBoundaries[(i / 29) % 4];
        s.total_investment[i] = total;
        const bool out = rng.Chance(60);
        s.out_of_province[i] = out ? 1 : 0;
        s.emerging[i] = -1;
        if (cat == Category::kIndustry && rng.Chance(60)) {
            s.emerging[i] = static_cast<int16_t>(rng.Next() % std::size(kEmergingNames));
        }

        // ~85% signed; the signing date anywhere from Oct 2024 to last month, edges now and then.
        if (!rng.Chance(85)) continue;
        int32_t signed_day = first + static_cast<int32_t>(rng.Between(0, Day(kYear, kTodayMonth, 1) - 1 - first));
        if (i % 31 == 0) signed_day = kEdgeDays[(i / 31) % std::size(kEdgeDays)];
        s.signed_day[i] = signed_day;
        if (total >= kYuanPerYi && rng.Chance(85)) {
            const int32_t reported = signed_day + static_cast<int32_t>(rng.Between(10, 40));
            if (reported <= today) {
                s.prov_db_status[i] = static_cast<uint8_t>(ProvDbStatus::kPending);
                s.prov_db_reported_day[i] = reported;
                const int32_t confirmed = reported + static_cast<int32_t>(rng.Between(15, 60));
                if (confirmed <= today && rng.Chance(90)) {
                    if (rng.Chance(6)) {
                        s.prov_db_status[i] = static_cast<uint8_t>(ProvDbStatus::kRejected);
                    } else {
                        s.prov_db_status[i] = static_cast<uint8_t>(ProvDbStatus::kConfirmed);
                        s.prov_db_confirmed_day[i] = confirmed;
                    }
                }
            }
        }
        int32_t started = signed_day + static_cast<int32_t>(rng.Between(30, 150));
        if (started > today) started = kNoDay;
        if (started != kNoDay && rng.Chance(70)) {
            const int32_t in_stats = started + static_cast<int32_t>(rng.Between(10, 60));
            if (in_stats <= today) s.in_stats_day[i] = in_stats;
            const int32_t producing = started + static_cast<int32_t>(rng.Between(120, 400));
            if (producing <= today) {
                s.producing_day[i] = producing;
                const int32_t above = producing + static_cast<int32_t>(rng.Between(30, 120));
                if (above <= today && rng.Chance(50)) {
                    s.above_scale_day[i] = above;
                    s.above_scale_route[i] = static_cast<uint8_t>(rng.Chance(50) ? AboveScaleRoute::kUpgrade
                                                                                 : AboveScaleRoute::kNewProduction);
                }
            }
        }

        // Monthly figures from the signing month to last month (at most 24), some months empty.
        const Date sd = Date::FromDays(signed_day);
        const int from = std::max(sd.year() * 12 + sd.month() - 1, last_month - 23);
        const int64_t fixed_total = total / 100 * rng.Between(60, 90);
        int64_t funds_left = total;
        for (int m = from; m <= last_month; ++m) {
            if (rng.Chance(8)) continue;
            const int32_t month_end = Day(m / 12, m % 12 + 1, 28);
            const int64_t funds = rng.Chance(75) ? std::min(funds_left, wan(total / 1000 * rng.Between(2, 12))) : 0;
            funds_left -= funds;
            const int64_t fixed =
                started != kNoDay && started <= month_end ? wan(fixed_total / 100 * rng.Between(2, 8)) : 0;
            const bool producing = s.producing_day[i] != kNoDay && s.producing_day[i] <= month_end;
            const int64_t output = producing ? wan(total / 100 * rng.Between(1, 4)) : 0;
            s.fig_project.push_back(static_cast<int32_t>(i));
            s.fig_month.push_back(m);
            s.fig_funds.push_back(funds);
            s.fig_funds_out.push_back(out ? wan(funds / 100 * rng.Between(80, 100)) : 0);
            s.fig_fixed_asset.push_back(fixed);
            s.fig_output.push_back(output);
            s.fig_tax.push_back(wan(output / 100 * rng.Between(3, 6)));
        }
    }
    return s;
}

// The demo's targets: the city's from the prefecture, each unit's by its weight.
TargetTable MakeTargets(const EngineSnapshot& s) {
    TargetTable t;
    const std::pair<const char*, int64_t> city[] = {{"provincial_funds", 60 * kYuanPerYi},
                                                    {"prov_db_new", 80},
                                                    {"prov_db_new_large", 14},
                                                    {"emerging_signed", 36},
                                                    {"signed_100m", 100},
                                                    {"signed_100m_industry", 66},
                                                    {"in_stats", 70},
                                                    {"new_fixed_asset", 70 * kYuanPerYi}};
    for (const auto& [key, value] : city) {
        t.Set(key, kCityUnitId, value);
        for (std::size_t u = 0; u < s.unit_id.size(); ++u) {
            const auto kind = static_cast<UnitKind>(s.unit_kind[u]);
            const int w = kind == UnitKind::kDevZone ? 250
                          : kind == UnitKind::kPark  ? 120
                          : kind == UnitKind::kTown  ? 30
                                                     : 10;
            t.Set(key, s.unit_id[u], value * w / 1000);
        }
    }
    return t;
}

// ---------------------------------------------------------------------------------------------
// The engine's bulletin: both periods of one month, each with last year inside.

struct Bulletin {
    std::vector<IndicatorResult> cumulative;
    std::vector<IndicatorResult> month;
};

struct EngineInputs {
    IndicatorSettings this_year = IndicatorSettings::Defaults(kYear);
    IndicatorSettings last_year = IndicatorSettings::Defaults(kYear - 1);
    TargetTable targets;
};

Bulletin EngineBulletin(const EngineSnapshot& s, const EngineInputs& in, int year, int month) {
    Bulletin b;
    b.cumulative = ComputeIndicators(s, in.this_year, in.last_year, Period{year, month, true}, in.targets);
    b.month = ComputeIndicators(s, in.this_year, in.last_year, Period{year, month, false}, in.targets);
    return b;
}

// ---------------------------------------------------------------------------------------------
// The hand-written reference: one pass over the projects and one over the figure rows, the
// default settings' thresholds, bands and lists written in, both periods and both years fused.
// It computes the same actuals and the same project-id lists as the engine (city and units), but
// not targets, ratios or the catalogue (≈1,000 small figures: noise next to the passes).

constexpr int kInd = 19;  // the default catalogue: 3 bands
enum HandInd : int {
    kFunds = 0,
    kProvNew,
    kProvNewLarge,
    kProvReported,
    kProvReportedLarge,
    kEmerging,
    kSigned,
    kSignedIndustry,
    kBand1,
    kBand2,
    kBand3,
    kToReport,
    kToReportBand1,
    kToReportBand2,
    kToReportBand3,
    kInStats,
    kUpgrade,
    kNewProduction,
    kFixedAsset
};

struct HandResult {
    std::size_t units = 0;
    std::vector<int64_t> sum;                // [period 2][year 2][indicator][unit]
    std::vector<std::vector<int64_t>> ids;   // this year: [period 2][indicator][unit]
    std::vector<std::vector<int64_t>> city;  // this year: [period 2][indicator]
    int64_t& Sum(int period, int year, int ind, std::size_t unit) {
        return sum[((static_cast<std::size_t>(period) * 2 + year) * kInd + ind) * units + unit];
    }
};

HandResult HandLoop(const EngineSnapshot& s, int year, int month) {
    const std::size_t units = s.unit_id.size();
    HandResult r;
    r.units = units;
    r.sum.assign(2 * 2 * kInd * units, 0);
    r.ids.resize(2 * kInd * units);
    r.city.resize(2 * kInd);

    // Windows as [lo, lo + span] on unsigned day numbers: [year][period] (period 0 = 1..M, 1 = M).
    uint32_t lo[2][2], span[2][2], intro_lo[2], intro_span[2];
    int fig_first[2];
    std::vector<uint8_t> emerging_ok[2];
    const IndicatorSettings settings[2] = {IndicatorSettings::Defaults(year), IndicatorSettings::Defaults(year - 1)};
    for (int y = 0; y < 2; ++y) {
        const int yy = year - y;
        const int32_t end = (month == 12 ? Day(yy + 1, 1, 1) : Day(yy, month + 1, 1)) - 1;
        lo[y][0] = static_cast<uint32_t>(Day(yy, 1, 1));
        lo[y][1] = static_cast<uint32_t>(Day(yy, month, 1));
        span[y][0] = static_cast<uint32_t>(end) - lo[y][0];
        span[y][1] = static_cast<uint32_t>(end) - lo[y][1];
        intro_lo[y] = static_cast<uint32_t>(Day(yy, 1, 1));
        intro_span[y] = static_cast<uint32_t>(Day(yy, 12, 31)) - intro_lo[y];
        fig_first[y] = yy * 12;
        for (const auto& name : s.emerging_names) {
            const auto& list = settings[y].emerging_industries;
            emerging_ok[y].push_back(std::find(list.begin(), list.end(), name) != list.end());
        }
    }
    constexpr int64_t k1 = kYuanPerYi, k5 = 5 * kYuanPerYi, k10 = 10 * kYuanPerYi, kStats = 500 * kYuanPerWan;
    constexpr auto kIndustry = static_cast<uint8_t>(Category::kIndustry);
    constexpr auto kConfirmed = static_cast<uint8_t>(ProvDbStatus::kConfirmed);
    constexpr auto kPending = static_cast<uint8_t>(ProvDbStatus::kPending);
    constexpr auto kNone = static_cast<uint8_t>(ProvDbStatus::kNone);

    const std::size_t n = s.project_id.size();
    std::vector<uint8_t> flags(n);  // bit y: signed in year y's introduction window
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t u = static_cast<std::size_t>(s.project_unit[i]);
        const int64_t pid = s.project_id[i];
        const int64_t total = s.total_investment[i];
        const uint8_t status = s.prov_db_status[i];
        const auto signed_day = static_cast<uint32_t>(s.signed_day[i]);
        const auto confirmed = static_cast<uint32_t>(s.prov_db_confirmed_day[i]);
        const auto reported = static_cast<uint32_t>(s.prov_db_reported_day[i]);
        const auto in_stats = static_cast<uint32_t>(s.in_stats_day[i]);
        const auto above = static_cast<uint32_t>(s.above_scale_day[i]);
        const uint8_t route = s.above_scale_route[i];
        const bool industry = s.category[i] == kIndustry;
        const bool big = total >= k1;
        const int band = total < k1 ? -1 : total < k5 ? 0 : total < k10 ? 1 : 2;
        const int16_t e = s.emerging[i];
        const bool plain = industry && status == kNone && s.terminated[i] == 0;
        uint8_t f = 0;
        for (int y = 0; y < 2; ++y) {
            if (signed_day - intro_lo[y] <= intro_span[y]) f |= static_cast<uint8_t>(1 << y);
            const bool emerging = e >= 0 && emerging_ok[y][static_cast<std::size_t>(e)];
            const bool signed_in_m = signed_day - lo[y][1] <= span[y][1];
            for (int k = 0; k < 2; ++k) {
                auto hit = [&](int ind) {
                    ++r.Sum(k, y, ind, u);
                    if (y == 0) {
                        r.ids[(static_cast<std::size_t>(k) * kInd + ind) * units + u].push_back(pid);
                        r.city[static_cast<std::size_t>(k) * kInd + ind].push_back(pid);
                    }
                };
                const uint32_t l = lo[y][k], sp = span[y][k];
                if (status == kConfirmed && confirmed - l <= sp) {
                    hit(kProvNew);
                    if (total >= k10) hit(kProvNewLarge);
                } else if (status == kPending && reported - l <= sp) {
                    hit(kProvReported);
                    if (total >= k10) hit(kProvReportedLarge);
                }
                if (signed_day - l <= sp) {
                    if (big) {
                        hit(kSigned);
                        if (emerging) hit(kEmerging);
                        if (industry) hit(kSignedIndustry);
                        hit(kBand1 + band);
                        if (signed_in_m && plain) {
                            hit(kToReport);
                            hit(kToReportBand1 + band);
                        }
                    }
                }
                if (in_stats - l <= sp && total >= kStats) hit(kInStats);
                if (above - l <= sp) {
                    if (route == static_cast<uint8_t>(AboveScaleRoute::kUpgrade)) hit(kUpgrade);
                    if (route == static_cast<uint8_t>(AboveScaleRoute::kNewProduction)) hit(kNewProduction);
                }
            }
        }
        flags[i] = f | static_cast<uint8_t>(big ? 4 : 0);
    }

    const std::size_t rows = s.fig_project.size();
    for (std::size_t row = 0; row < rows; ++row) {
        const int m = s.fig_month[row];
        int y;
        if (static_cast<unsigned>(m - fig_first[0]) < static_cast<unsigned>(month)) {
            y = 0;
        } else if (static_cast<unsigned>(m - fig_first[1]) < static_cast<unsigned>(month)) {
            y = 1;
        } else {
            continue;
        }
        const std::size_t p = static_cast<std::size_t>(s.fig_project[row]);
        const uint8_t f = flags[p];
        const bool big = f & 4;
        const bool introduced = f & (1 << y);
        if (!big && !introduced) continue;
        const std::size_t u = static_cast<std::size_t>(s.project_unit[p]);
        const int64_t funds = s.fig_funds_out[row];
        const int64_t fixed = s.fig_fixed_asset[row];
        const int periods = m - fig_first[y] == month - 1 ? 2 : 1;  // the month M counts for both
        for (int k = 0; k < periods; ++k) {
            auto add = [&](int ind, int64_t v) {
                r.Sum(k, y, ind, u) += v;
                if (y == 0 && v != 0) {
                    auto& ids = r.ids[(static_cast<std::size_t>(k) * kInd + ind) * units + u];
                    const int64_t pid = s.project_id[p];
                    if (ids.empty() || ids.back() != pid) {
                        ids.push_back(pid);
                        r.city[static_cast<std::size_t>(k) * kInd + ind].push_back(pid);
                    }
                }
            };
            if (big) add(kFunds, funds);
            if (introduced) add(kFixedAsset, fixed);
        }
    }
    return r;
}

// Every actual, last-year value and id list of the engine against the loop; throws on the first difference.
void Verify(const Bulletin& b, HandResult& h) {
    for (int k = 0; k < 2; ++k) {
        const auto& res = k == 0 ? b.cumulative : b.month;
        if (res.size() != kInd) throw std::runtime_error("verify: catalogue size " + std::to_string(res.size()));
        for (int ind = 0; ind < kInd; ++ind) {
            const IndicatorResult& r = res[static_cast<std::size_t>(ind)];
            auto fail = [&](const std::string& what) {
                throw std::runtime_error("verify: " + r.key + (k == 0 ? " cumulative " : " month ") + what);
            };
            int64_t city_this = 0, city_last = 0;
            for (std::size_t u = 0; u < h.units; ++u) {
                const Figure& f = r.units[u];
                if (f.actual != h.Sum(k, 0, ind, u)) fail("unit " + std::to_string(u) + " actual");
                if (f.last_year != h.Sum(k, 1, ind, u)) fail("unit " + std::to_string(u) + " last year");
                if (f.project_ids != h.ids[(static_cast<std::size_t>(k) * kInd + ind) * h.units + u]) {
                    fail("unit " + std::to_string(u) + " ids");
                }
                city_this += h.Sum(k, 0, ind, u);
                city_last += h.Sum(k, 1, ind, u);
            }
            if (r.city.actual != city_this || r.city.last_year != city_last) fail("city");
            if (r.city.project_ids != h.city[static_cast<std::size_t>(k) * kInd + ind]) fail("city ids");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// CSV export for DuckDB: units, projects (dates ISO, empty when unset), figures (as the store
// keeps them: project id, year, month), and the emerging-industry list of each year.

class CsvWriter {
public:
    explicit CsvWriter(const fs::path& path) : f_(std::fopen(path.c_str(), "wb")) {
        if (!f_) throw std::runtime_error("cannot write " + path.string());
        buf_.reserve(1 << 20);
    }
    ~CsvWriter() {
        Flush();
        std::fclose(f_);
    }
    CsvWriter& Raw(std::string_view s) {
        buf_.append(s);
        if (buf_.size() > (1 << 20) - 256) Flush();
        return *this;
    }
    CsvWriter& Int(int64_t v) {
        char tmp[24];
        auto [end, ec] = std::to_chars(tmp, tmp + sizeof tmp, v);
        return Raw(std::string_view(tmp, static_cast<std::size_t>(end - tmp)));
    }

private:
    void Flush() {
        std::fwrite(buf_.data(), 1, buf_.size(), f_);
        buf_.clear();
    }
    std::FILE* f_;
    std::string buf_;
};

void ExportCsv(const EngineSnapshot& s, const EngineInputs& in, const fs::path& dir) {
    fs::create_directories(dir);
    {
        CsvWriter w(dir / "units.csv");
        w.Raw("id,kind\n");
        for (std::size_t u = 0; u < s.unit_id.size(); ++u) w.Int(s.unit_id[u]).Raw(",").Int(s.unit_kind[u]).Raw("\n");
    }
    {
        CsvWriter w(dir / "emerging.csv");
        w.Raw("year,name\n");
        for (const IndicatorSettings* st : {&in.this_year, &in.last_year}) {
            for (const auto& name : st->emerging_industries) w.Int(st->year).Raw(",").Raw(name).Raw("\n");
        }
    }
    {
        // Dates through a small table: every day in the data formats once.
        std::vector<std::string> iso;
        int32_t min_day = std::numeric_limits<int32_t>::max();
        for (const auto* v : {&s.signed_day, &s.in_stats_day, &s.producing_day, &s.above_scale_day,
                              &s.prov_db_reported_day, &s.prov_db_confirmed_day}) {
            for (int32_t d : *v)
                if (d != kNoDay) min_day = std::min(min_day, d);
        }
        auto date = [&](CsvWriter& w, int32_t d) -> CsvWriter& {
            if (d == kNoDay) return w;
            const auto k = static_cast<std::size_t>(d - min_day);
            if (k >= iso.size()) iso.resize(k + 1);
            if (iso[k].empty()) iso[k] = Date::FromDays(d).ToString();
            return w.Raw(iso[k]);
        };
        CsvWriter w(dir / "projects.csv");
        w.Raw(
            "id,unit_id,category,terminated,total_investment,out_of_province,emerging_industry,signed_date,"
            "in_stats_date,producing_date,above_scale_date,above_scale_route,prov_db_status,prov_db_reported_date,"
            "prov_db_confirmed_date\n");
        for (std::size_t i = 0; i < s.project_id.size(); ++i) {
            w.Int(s.project_id[i]).Raw(",").Int(s.unit_id[static_cast<std::size_t>(s.project_unit[i])]).Raw(",");
            w.Int(s.category[i]).Raw(",").Int(s.terminated[i]).Raw(",").Int(s.total_investment[i]).Raw(",");
            w.Int(s.out_of_province[i]).Raw(",");
            if (s.emerging[i] >= 0) w.Raw(s.emerging_names[static_cast<std::size_t>(s.emerging[i])]);
            w.Raw(",");
            date(w, s.signed_day[i]).Raw(",");
            date(w, s.in_stats_day[i]).Raw(",");
            date(w, s.producing_day[i]).Raw(",");
            date(w, s.above_scale_day[i]).Raw(",");
            w.Int(s.above_scale_route[i]).Raw(",").Int(s.prov_db_status[i]).Raw(",");
            date(w, s.prov_db_reported_day[i]).Raw(",");
            date(w, s.prov_db_confirmed_day[i]).Raw("\n");
        }
    }
    {
        CsvWriter w(dir / "figures.csv");
        w.Raw("project_id,year,month,funds_in_place,funds_out_of_province,fixed_asset_investment,output_value,tax\n");
        for (std::size_t r = 0; r < s.fig_project.size(); ++r) {
            const int m = s.fig_month[r];
            w.Int(s.project_id[static_cast<std::size_t>(s.fig_project[r])]).Raw(",").Int(m / 12).Raw(",");
            w.Int(m % 12 + 1).Raw(",").Int(s.fig_funds[r]).Raw(",").Int(s.fig_funds_out[r]).Raw(",");
            w.Int(s.fig_fixed_asset[r]).Raw(",").Int(s.fig_output[r]).Raw(",").Int(s.fig_tax[r]).Raw("\n");
        }
    }
}

std::string RunCommand(const std::string& cmd) {
    std::FILE* p = popen(cmd.c_str(), "r");
    if (!p) throw std::runtime_error("cannot run " + cmd);
    std::string out;
    char buf[4096];
    while (std::size_t got = std::fread(buf, 1, sizeof buf, p)) out.append(buf, got);
    const int rc = pclose(p);
    if (rc != 0) throw std::runtime_error("failed (" + std::to_string(rc) + "): " + cmd);
    return out;
}

struct DuckResult {
    double load_ms = 0;
    double ids_ms = 0;     // the equivalent SQL: actuals and the project-id lists
    double counts_ms = 0;  // the same without id lists
    int threads = 0;
    bool checked = false;
};

// Runs bench/duckdb/run.mjs and checks its city figures against the engine's.
DuckResult RunDuckDb(const fs::path& script, const fs::path& dir, int runs, const Bulletin& b) {
    const std::string cmd = "node '" + script.string() + "' '" + dir.string() + "' --year " + std::to_string(kYear) +
                            " --month " + std::to_string(kMonth) + " --runs " + std::to_string(runs);
    const boost::json::object o = boost::json::parse(RunCommand(cmd)).as_object();  // one JSON line on stdout
    DuckResult d;
    d.load_ms = o.at("load_ms").to_number<double>();
    d.ids_ms = o.at("median_ms").to_number<double>();
    d.counts_ms = o.at("median_counts_ms").to_number<double>();
    d.threads = static_cast<int>(o.at("threads").to_number<int64_t>());
    // city: {"cumulative": {key: [this, last, ids]}, "month": {...}}
    const auto& city = o.at("city").as_object();
    for (int k = 0; k < 2; ++k) {
        const auto& mine = k == 0 ? b.cumulative : b.month;
        const auto& theirs = city.at(k == 0 ? "cumulative" : "month").as_object();
        for (const IndicatorResult& r : mine) {
            const auto& v = theirs.at(r.key).as_array();
            const auto num = [](const boost::json::value& x) { return std::stoll(std::string(x.as_string())); };
            if (num(v[0]) != r.city.actual || num(v[1]) != r.city.last_year ||
                num(v[2]) != static_cast<int64_t>(r.city.project_ids.size())) {
                throw std::runtime_error("duckdb disagrees with the engine on " + r.key);
            }
        }
    }
    d.checked = true;
    return d;
}

// ---------------------------------------------------------------------------------------------

struct Options {
    std::vector<int64_t> sizes = {1'000, 100'000, 1'000'000};
    int runs = 7;
    int duck_runs = 5;
    bool duckdb = true;
    int refresh_scale = 250;  // the demo city × 250 = 10^5 projects; 0 = skip
    fs::path duck_script = "bench/duckdb/run.mjs";
    fs::path tmp;
    bool keep = false;
};

int64_t ParseSize(const std::string& t) {
    const auto e = t.find_first_of("eE");
    if (e != std::string::npos) {
        int64_t v = std::stoll(t.substr(0, e));
        for (int i = std::stoi(t.substr(e + 1)); i > 0; --i) v *= 10;
        return v;
    }
    return std::stoll(t);
}

const char* Verdict(bool ok) { return ok ? "PASS" : "MISS"; }

void BenchSize(int64_t size, const Options& opt) {
    std::printf("\n== %lld projects ==\n", static_cast<long long>(size));
    auto t0 = Clock::now();
    const EngineSnapshot s = Generate(size, 2026 + static_cast<uint64_t>(size));
    EngineInputs in;
    in.targets = MakeTargets(s);
    std::printf("generated: %zu units, %zu projects, %zu figure rows (%.1f per project) in %.0f ms\n", s.unit_id.size(),
                s.project_id.size(), s.fig_project.size(),
                static_cast<double>(s.fig_project.size()) / static_cast<double>(s.project_id.size()),
                Ms(Clock::now() - t0));

    Bulletin b = EngineBulletin(s, in, kYear, kMonth);
    HandResult h = HandLoop(s, kYear, kMonth);
    Verify(b, h);
    const auto& signed_city = b.cumulative[6].city;
    std::printf(
        "verified: loop = engine on every actual, last-year value and id list (%zu indicators x %zu units + "
        "city, 2 periods); e.g. signed_100m 1-%d月 city %lld (last year %lld)\n",
        b.cumulative.size(), s.unit_id.size(), kMonth, static_cast<long long>(signed_city.actual),
        static_cast<long long>(signed_city.last_year));

    const double engine_ms = TimeMedian(opt.runs, [&] { b = EngineBulletin(s, in, kYear, kMonth); });
    const double loop_ms = TimeMedian(opt.runs, [&] { h = HandLoop(s, kYear, kMonth); });
    std::printf("%-44s %12s\n", "bulletin (median of runs)", "ms");
    std::printf("%-44s %12.3f\n", "engine: ComputeIndicators, both periods", engine_ms);
    std::printf("%-44s %12.3f\n", "hand-written single loop", loop_ms);
    std::printf("%-44s %12.2f\n", "ratio engine / loop", engine_ms / loop_ms);

    if (size <= 1'000) std::printf("target at 10^3: bulletin under 1 ms ... %s\n", Verdict(engine_ms < 1.0));
    if (size >= 1'000'000)
        std::printf("target at 10^6: within 2x of the loop ... %s\n", Verdict(engine_ms <= 2 * loop_ms));

    if (opt.duckdb) {
        const fs::path dir = opt.tmp / ("csv-" + std::to_string(size));
        t0 = Clock::now();
        ExportCsv(s, in, dir);
        std::printf("exported CSV to %s in %.0f ms\n", dir.c_str(), Ms(Clock::now() - t0));
        const DuckResult d = RunDuckDb(opt.duck_script, dir, opt.duck_runs, b);
        std::printf("duckdb (%d threads): loaded in %.0f ms (not timed); city figures agree with the engine\n",
                    d.threads, d.load_ms);
        std::printf("%-44s %12.3f\n", "duckdb: equivalent SQL with id lists", d.ids_ms);
        std::printf("%-44s %12.3f\n", "duckdb: the same, counts and sums only", d.counts_ms);
        std::printf("%-44s %12.2f\n", "ratio duckdb / engine", d.ids_ms / engine_ms);
        std::printf("%-44s %12.2f\n", "ratio duckdb (counts only) / engine", d.counts_ms / engine_ms);
        if (size >= 1'000'000) {
            std::printf("target at 10^6: at least 5x faster than duckdb ... %s\n", Verdict(d.ids_ms >= 5 * engine_ms));
        }
        if (!opt.keep) fs::remove_all(dir);
    }
    std::fflush(stdout);
}

// The refresh after one write: what App::Snapshot does (RefreshSnapshot: the changed projects read and
// merged into the current snapshot), against a full LoadSnapshot of the same data.
void BenchRefresh(const Options& opt) {
    std::printf("\n== refresh after one write: SQLite demo city x %d ==\n", opt.refresh_scale);
    const fs::path dir = opt.tmp / "refresh";
    fs::create_directories(dir);
    auto t0 = Clock::now();
    spdlog::set_level(spdlog::level::err);  // the demo's progress and the missing-regions note
    auto store = OpenSqliteStore((dir / "zs.db").string(), 2);
    store->Migrate();
    EnsureReferenceData(*store, fs::path());  // provinces only: the engine needs no cities
    DemoOptions demo;
    demo.scale = opt.refresh_scale;
    GenerateDemoCity(*store, demo);
    EngineSnapshot s;
    store->BeginRead()->LoadSnapshot(s);
    std::printf("demo city: %zu units, %zu projects, %zu figure rows, created in %.1f s\n", s.unit_id.size(),
                s.project_id.size(), s.fig_project.size(), std::chrono::duration<double>(Clock::now() - t0).count());

    const Date today = Date::Today();
    const int year = today.month() == 1 ? today.year() - 1 : today.year();
    const int month = today.month() == 1 ? 12 : today.month() - 1;
    EngineInputs in;
    in.this_year = IndicatorSettings::Defaults(year);
    in.last_year = IndicatorSettings::Defaults(year - 1);
    in.targets = MakeTargets(s);
    const int64_t project = s.project_id[s.project_id.size() / 2];

    std::shared_ptr<const EngineSnapshot> current = std::make_shared<EngineSnapshot>(s);
    std::vector<double> write_ms, reload_ms, incremental_ms, bulletin_ms;
    for (int run = 0; run <= opt.runs; ++run) {
        const auto w0 = Clock::now();
        {
            auto tx = store->BeginWrite();
            MonthlyFigure f;
            f.project_id = project;
            f.year = year;
            f.month = month;
            f.funds_in_place = (run + 1) * 10 * kYuanPerWan;
            f.fixed_asset_investment = (run + 1) * kYuanPerWan;
            tx->UpsertFigureDraft(f);
            tx->Commit();
        }
        const auto i0 = Clock::now();
        SnapshotRefresh how = SnapshotRefresh::kNone;
        {
            auto tx = store->BeginRead();
            current = RefreshSnapshot(*tx, current, &how);
        }
        const auto r0 = Clock::now();
        auto fresh = std::make_shared<EngineSnapshot>();
        {
            auto tx = store->BeginRead();
            if (tx->DataVersion() == s.data_version) throw std::runtime_error("refresh: data version did not move");
            tx->LoadSnapshot(*fresh);
        }
        const auto c0 = Clock::now();
        if (how != SnapshotRefresh::kIncremental || !(*current == *fresh)) {
            throw std::runtime_error("refresh: the incremental refresh did not give the full load");
        }
        s.data_version = fresh->data_version;
        const Bulletin b = EngineBulletin(*fresh, in, year, month);
        const auto c1 = Clock::now();
        if (run == 0) continue;  // warm-up
        write_ms.push_back(Ms(i0 - w0));
        incremental_ms.push_back(Ms(r0 - i0));
        reload_ms.push_back(Ms(c0 - r0));
        bulletin_ms.push_back(Ms(c1 - c0));
    }
    const double reload = Median(reload_ms), bulletin = Median(bulletin_ms);
    std::printf("%-44s %12s\n", "after one write (median of runs)", "ms");
    std::printf("%-44s %12.3f\n", "the write: one monthly figure, committed", Median(write_ms));
    const double incremental = Median(incremental_ms);
    std::printf("%-44s %12.3f\n", "refresh: incremental (what App does)", incremental);
    std::printf("%-44s %12.3f\n", "refresh: full LoadSnapshot (for comparison)", reload);
    std::printf("%-44s %12.3f\n", "bulletin on the fresh snapshot", bulletin);
    std::printf("%-44s %12.3f\n", "first bulletin after a write", incremental + bulletin);
    std::printf("incremental refresh %.1f ms vs full reload %.0f ms at %zu projects (equal column by column)\n",
                incremental, reload, s.project_id.size());
    if (!opt.keep) fs::remove_all(dir);
}

int Main(int argc, char** argv) {
    Options opt;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) throw std::runtime_error(a + " needs a value");
            return argv[++i];
        };
        if (a == "--sizes") {
            opt.sizes.clear();
            std::stringstream ss(value());
            for (std::string t; std::getline(ss, t, ',');) opt.sizes.push_back(ParseSize(t));
        } else if (a == "--runs") {
            opt.runs = std::stoi(value());
        } else if (a == "--duck-runs") {
            opt.duck_runs = std::stoi(value());
        } else if (a == "--no-duckdb") {
            opt.duckdb = false;
        } else if (a == "--refresh-scale") {
            opt.refresh_scale = std::stoi(value());
        } else if (a == "--duckdb-script") {
            opt.duck_script = value();
        } else if (a == "--tmp") {
            opt.tmp = value();
        } else if (a == "--keep") {
            opt.keep = true;
        } else {
            std::fprintf(
                stderr,
                "usage: bench_indicators [--sizes 1e3,1e5,1e6] [--runs 7] [--duck-runs 5] [--no-duckdb]\n"
                "                        [--refresh-scale 250 (0 = skip)] [--duckdb-script bench/duckdb/run.mjs]\n"
                "                        [--tmp DIR] [--keep]\n");
            return 2;
        }
    }
    if (opt.runs < 1 || opt.duck_runs < 1) throw std::runtime_error("--runs and --duck-runs must be at least 1");
    const bool own_tmp = opt.tmp.empty();
    if (own_tmp) {
        std::string templ = (fs::temp_directory_path() / "zs-bench-XXXXXX").string();
        if (!mkdtemp(templ.data())) throw std::runtime_error("mkdtemp failed");
        opt.tmp = templ;
    }
    std::printf(
        "indicator bench: bulletin of %d-%02d (1-%d月 and %d月份, last year inside), default settings; "
        "median of %d runs after a warm-up (duckdb: %d)\n",
        kYear, kMonth, kMonth, kMonth, opt.runs, opt.duck_runs);
    for (int64_t size : opt.sizes) BenchSize(size, opt);
    if (opt.refresh_scale > 0) BenchRefresh(opt);
    if (own_tmp && !opt.keep) fs::remove_all(opt.tmp);
    return 0;
}

}  // namespace
}  // namespace zs::bench

int main(int argc, char** argv) {
    try {
        return zs::bench::Main(argc, argv);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_indicators: %s\n", e.what());
        return 1;
    }
}
