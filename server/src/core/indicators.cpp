#include "core/indicators.hpp"

#include <algorithm>
#include <limits>

#include "core/date.hpp"
#include "core/lifecycle.hpp"
#include "core/money.hpp"

namespace zs {
namespace {

constexpr int kMaxDecimals = 8;
constexpr __int128 kInt64Max = std::numeric_limits<int64_t>::max();

unsigned __int128 Gcd(unsigned __int128 a, unsigned __int128 b) {
    while (b != 0) {
        const unsigned __int128 t = a % b;
        a = b;
        b = t;
    }
    return a;
}

// |r| × 100 rounded half away from zero to `decimals` decimals, as scaled digits (no sign).
unsigned __int128 ScaledPercentMagnitude(const Ratio& r, int decimals) {
    const __int128 num = r.num;
    const unsigned __int128 magnitude = static_cast<unsigned __int128>(num < 0 ? -num : num) * 100;
    return RoundedScaledQuotient(magnitude, static_cast<unsigned __int128>(r.den > 0 ? r.den : 1), decimals);
}

// 亿元 amounts in names: "1", "5", "0.5", "12.25".
std::string YiNumber(int64_t yuan) { return TrimDecimalZeros(FormatScaled(yuan, kYuanPerYi, 4)); }

int32_t DayOf(int y, int m, int d) { return Date::FromYmd(y, m, d)->days(); }
int32_t LastDayOfMonth(int y, int m) { return m == 12 ? DayOf(y, 12, 31) : DayOf(y, m + 1, 1) - 1; }

// An inclusive range of day numbers (or month numbers); kNoDay is never inside.
struct Window {
    uint32_t lo = 0;
    uint32_t span = 0;
    static Window Of(int32_t first, int32_t last) {
        return {static_cast<uint32_t>(first), static_cast<uint32_t>(last) - static_cast<uint32_t>(first)};
    }
    bool In(int32_t v) const { return static_cast<uint32_t>(v) - lo <= span; }
};

// Everything one year's pass needs: the period, month M alone, the introduction window, thresholds.
struct YearRules {
    Window period;
    Window month_m;
    Window introduced;
    Window fig_months;
    int64_t t100m = 0;
    int64_t t_large = 0;
    int64_t t_stats = 0;
    std::vector<uint8_t> emerging_ok;  // by snapshot emerging_names index
};

YearRules MakeRules(const EngineSnapshot& s, const IndicatorSettings& st, int year, int month, bool cumulative) {
    YearRules r;
    const int first_month = cumulative ? 1 : month;
    r.period = Window::Of(DayOf(year, first_month, 1), LastDayOfMonth(year, month));
    r.month_m = Window::Of(DayOf(year, month, 1), LastDayOfMonth(year, month));
    const int intro_from = st.introduced_window == IntroducedWindow::kThisYear ? year : year - 1;
    r.introduced = Window::Of(DayOf(intro_from, 1, 1), DayOf(year, 12, 31));
    r.fig_months = Window::Of(year * 12 + first_month - 1, year * 12 + month - 1);
    r.t100m = st.threshold_100m;
    r.t_large = st.threshold_large;
    r.t_stats = st.threshold_in_stats;
    r.emerging_ok.assign(s.emerging_names.size(), 0);
    for (std::size_t i = 0; i < s.emerging_names.size(); ++i) {
        r.emerging_ok[i] = std::find(st.emerging_industries.begin(), st.emerging_industries.end(),
                                     s.emerging_names[i]) != st.emerging_industries.end();
    }
    return r;
}

// Indicator positions inside the engine, in catalogue order.
struct Layout {
    int bands = 0;
    static constexpr int kFunds = 0;
    static constexpr int kProvDbNew = 1;
    static constexpr int kProvDbNewLarge = 2;
    static constexpr int kProvDbReported = 3;
    static constexpr int kProvDbReportedLarge = 4;
    static constexpr int kEmerging = 5;
    static constexpr int kSigned = 6;
    static constexpr int kSignedIndustry = 7;
    static constexpr int kBand0 = 8;
    int ToReport() const { return kBand0 + bands; }
    int ToReportBand0() const { return ToReport() + 1; }
    int InStats() const { return ToReportBand0() + bands; }
    int Upgrade() const { return InStats() + 1; }
    int NewProduction() const { return InStats() + 2; }
    int FixedAsset() const { return InStats() + 3; }
    int Count() const { return InStats() + 4; }
};

constexpr uint8_t kBigThis = 1;
constexpr uint8_t kBigLast = 2;
constexpr uint8_t kNewThis = 4;
constexpr uint8_t kNewLast = 8;

// The accumulators of one pass: sums[indicator * slots + unit_slot] for both years, and this
// year's project ids per (indicator, unit slot). Slot `units` collects projects without a valid
// unit: they count for the city only.
struct Accumulators {
    std::size_t slots = 0;
    std::vector<int64_t> sum_this;
    std::vector<int64_t> sum_last;
    std::vector<std::vector<int64_t>> ids;
    std::vector<std::vector<int64_t>> city_ids;  // per indicator: kept apart so it needs no merge
};

template <bool kThisYear>
inline void ProjectEvents(const EngineSnapshot& s, std::size_t p, std::size_t slot, const YearRules& r,
                          const Layout& lay, const std::vector<int64_t>& band_lower,
                          const std::vector<int64_t>& band_upper, Accumulators& acc) {
    int64_t* sum = kThisYear ? acc.sum_this.data() : acc.sum_last.data();
    const int64_t pid = s.project_id[p];
    auto hit = [&](int ind) {
        const std::size_t k = static_cast<std::size_t>(ind) * acc.slots + slot;
        ++sum[k];
        if constexpr (kThisYear) {
            acc.ids[k].push_back(pid);
            acc.city_ids[static_cast<std::size_t>(ind)].push_back(pid);
        }
    };
    const int64_t total = s.total_investment[p];
    const auto status = static_cast<ProvDbStatus>(s.prov_db_status[p]);
    if (status == ProvDbStatus::kConfirmed && r.period.In(s.prov_db_confirmed_day[p])) {
        hit(Layout::kProvDbNew);
        if (total >= r.t_large) hit(Layout::kProvDbNewLarge);
    } else if (status == ProvDbStatus::kPending && r.period.In(s.prov_db_reported_day[p])) {
        hit(Layout::kProvDbReported);
        if (total >= r.t_large) hit(Layout::kProvDbReportedLarge);
    }
    const int32_t signed_day = s.signed_day[p];
    const bool industry = s.category[p] == static_cast<uint8_t>(Category::kIndustry);
    if (r.period.In(signed_day)) {
        if (total >= r.t100m) {
            hit(Layout::kSigned);
            const int16_t e = s.emerging[p];
            if (e >= 0 && static_cast<std::size_t>(e) < r.emerging_ok.size() && r.emerging_ok[e]) {
                hit(Layout::kEmerging);
            }
            if (industry) hit(Layout::kSignedIndustry);
        }
        int band = -1;
        for (int b = 0; b < lay.bands; ++b) {
            if (total >= band_lower[b] && total < band_upper[b]) {
                band = b;
                break;
            }
        }
        if (band >= 0) hit(Layout::kBand0 + band);
        if (r.month_m.In(signed_day) && industry && status == ProvDbStatus::kNone && s.terminated[p] == 0) {
            if (total >= r.t100m) hit(lay.ToReport());
            if (band >= 0) hit(lay.ToReportBand0() + band);
        }
    }
    if (r.period.In(s.in_stats_day[p]) && total >= r.t_stats) hit(lay.InStats());
    if (r.period.In(s.above_scale_day[p])) {
        const auto route = static_cast<AboveScaleRoute>(s.above_scale_route[p]);
        if (route == AboveScaleRoute::kUpgrade) {
            hit(lay.Upgrade());
        } else if (route == AboveScaleRoute::kNewProduction) {
            hit(lay.NewProduction());
        }
    }
}

template <typename T>
void CheckLength(const std::vector<T>& v, std::size_t n, const char* name) {
    if (v.size() != n) throw ApiError(ErrorCode::kInternal, std::string("快照列长度不一致：") + name);
}

void CheckSnapshot(const EngineSnapshot& s) {
    const std::size_t n = s.project_id.size();
    CheckLength(s.project_unit, n, "project_unit");
    CheckLength(s.category, n, "category");
    CheckLength(s.terminated, n, "terminated");
    CheckLength(s.total_investment, n, "total_investment");
    CheckLength(s.emerging, n, "emerging");
    CheckLength(s.signed_day, n, "signed_day");
    CheckLength(s.in_stats_day, n, "in_stats_day");
    CheckLength(s.above_scale_day, n, "above_scale_day");
    CheckLength(s.above_scale_route, n, "above_scale_route");
    CheckLength(s.prov_db_status, n, "prov_db_status");
    CheckLength(s.prov_db_reported_day, n, "prov_db_reported_day");
    CheckLength(s.prov_db_confirmed_day, n, "prov_db_confirmed_day");
    const std::size_t f = s.fig_project.size();
    CheckLength(s.fig_month, f, "fig_month");
    CheckLength(s.fig_funds_out, f, "fig_funds_out");
    CheckLength(s.fig_fixed_asset, f, "fig_fixed_asset");
}

Figure MakeFigure(int64_t actual, int64_t last, std::optional<int64_t> target, const Ratio& schedule,
                  std::vector<int64_t> ids) {
    Figure fig;
    fig.actual = actual;
    fig.last_year = last;
    fig.schedule = schedule;
    if (target && *target > 0) {
        fig.target = target;
        fig.completion = MakeRatio(actual, *target);
        // a/t − sn/sd = (a·sd − sn·t) / (t·sd)
        fig.ahead =
            MakeRatio(static_cast<__int128>(actual) * schedule.den - static_cast<__int128>(schedule.num) * *target,
                      static_cast<__int128>(*target) * schedule.den);
    }
    if (last != 0) {
        const __int128 base = last < 0 ? -static_cast<__int128>(last) : static_cast<__int128>(last);
        fig.yoy = MakeRatio(static_cast<__int128>(actual) - last, base);
    }
    // Pushed in project order, so already sorted when the snapshot's ids ascend (the store's order).
    if (!std::is_sorted(ids.begin(), ids.end())) std::sort(ids.begin(), ids.end());
    if (std::adjacent_find(ids.begin(), ids.end()) != ids.end())
        ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    fig.project_ids = std::move(ids);
    return fig;
}

}  // namespace

// ---------------------------------------------------------------------------------------------

Ratio MakeRatio(__int128 num, __int128 den) {
    if (den == 0) return {0, 1};
    if (den < 0) {
        num = -num;
        den = -den;
    }
    const bool negative = num < 0;
    auto n = static_cast<unsigned __int128>(negative ? -num : num);
    auto d = static_cast<unsigned __int128>(den);
    const unsigned __int128 g = Gcd(n, d);
    if (g > 1) {
        n /= g;
        d /= g;
    }
    while (n > static_cast<unsigned __int128>(kInt64Max) || d > static_cast<unsigned __int128>(kInt64Max)) {
        n >>= 1;
        d >>= 1;
    }
    if (d == 0) d = 1;
    const auto sn = static_cast<int64_t>(n);
    return {negative ? -sn : sn, static_cast<int64_t>(d)};
}

int Sign(const Ratio& r) { return r.num > 0 ? 1 : (r.num < 0 ? -1 : 0); }

Ratio SubtractRatio(const Ratio& a, const Ratio& b) {
    return MakeRatio(static_cast<__int128>(a.num) * b.den - static_cast<__int128>(b.num) * a.den,
                     static_cast<__int128>(a.den) * b.den);
}

int CompareRatio(const Ratio& a, const Ratio& b) {
    // Denominators are positive, so cross-multiplying keeps the order; __int128 holds the products.
    const __int128 l = static_cast<__int128>(a.num) * b.den;
    const __int128 r = static_cast<__int128>(b.num) * a.den;
    return l < r ? -1 : (l > r ? 1 : 0);
}

std::string FormatPercent(const Ratio& r, int decimals) {
    decimals = std::clamp(decimals, 0, kMaxDecimals);
    return PlaceDecimals(ScaledPercentMagnitude(r, decimals), decimals, r.num < 0);
}

std::string FormatPoints(const Ratio& r, int decimals) {
    decimals = std::clamp(decimals, 0, kMaxDecimals);
    return PlaceDecimals(ScaledPercentMagnitude(r, decimals), decimals, false);
}

std::string_view AheadWord(const Ratio& ahead) {
    const int sign = Sign(ahead);
    return sign > 0 ? "超" : (sign < 0 ? "落后" : "持平");
}

AheadText DescribeAhead(const Ratio& ahead, int decimals) {
    decimals = std::clamp(decimals, 0, kMaxDecimals);
    const unsigned __int128 scaled = ScaledPercentMagnitude(ahead, decimals);
    AheadText t;
    t.word = scaled == 0 ? "持平" : std::string(AheadWord(ahead));
    t.points = PlaceDecimals(scaled, decimals, false);
    return t;
}

std::string YoyText(const std::optional<Ratio>& yoy, int64_t actual, int decimals) {
    if (!yoy) return actual > 0 ? "新增" : "—";
    decimals = std::clamp(decimals, 0, kMaxDecimals);
    const unsigned __int128 scaled = ScaledPercentMagnitude(*yoy, decimals);
    if (scaled == 0) return "同比持平";
    return std::string(yoy->num > 0 ? "同比增长" : "同比下降") + PlaceDecimals(scaled, decimals, false) + "%";
}

// ---------------------------------------------------------------------------------------------

std::string YiThresholdText(int64_t yuan) { return yuan == kYuanPerYi ? "亿元" : YiNumber(yuan) + "亿元"; }

std::string SignedBandText(const SignedBand& b) {
    if (!b.upper) return YiNumber(b.lower) + "亿元以上";
    return YiNumber(b.lower) + "-" + YiNumber(*b.upper) + "亿元";
}

std::vector<IndicatorDef> IndicatorCatalogue(const IndicatorSettings& st) {
    const std::string yuan(kUnitYuan);
    const std::string count(kUnitCount);
    const std::string yi = YiThresholdText(st.threshold_100m);
    const std::string large = YiThresholdText(st.threshold_large);
    std::vector<IndicatorDef> out;
    out.push_back({"provincial_funds", yuan, "实际利用省外资金"});
    out.push_back({"prov_db_new", count, "新入省库项目"});
    out.push_back({"prov_db_new_large", count, "新入省库" + large + "以上项目"});
    out.push_back({"prov_db_reported", count, "上报新入省库项目（待审核）"});
    out.push_back({"prov_db_reported_large", count, "上报新入省库" + large + "以上项目（待审核）"});
    out.push_back({"emerging_signed", count, "新引进" + yi + "以上十大新兴产业项目"});
    out.push_back({"signed_100m", count, "新签约" + yi + "以上项目"});
    out.push_back({"signed_100m_industry", count, "新签约" + yi + "以上工业项目"});
    for (std::size_t i = 0; i < st.signed_bands.size(); ++i) {
        const std::string band = SignedBandText(st.signed_bands[i]);
        out.push_back({"signed_band_" + std::to_string(i + 1), count, "新签约" + band + "项目"});
    }
    out.push_back({"to_report", count, "拟上报新签约" + yi + "以上工业项目"});
    for (std::size_t i = 0; i < st.signed_bands.size(); ++i) {
        const std::string band = SignedBandText(st.signed_bands[i]);
        out.push_back({"to_report_band_" + std::to_string(i + 1), count, "拟上报" + band + "工业项目"});
    }
    out.push_back({"in_stats", count, "入统项目"});
    out.push_back({"upgrade_above_scale", count, "小升规项目"});
    out.push_back({"new_production_above_scale", count, "新投产入规项目"});
    out.push_back({"new_fixed_asset", yuan, "新引进项目新增固定资产投资"});
    return out;
}

// ---------------------------------------------------------------------------------------------

std::optional<Error> ValidatePeriod(const Period& p) {
    if (p.year < 1'901 || p.year > 2'999) return MakeError(ErrorCode::kBadRequest, "年度应在 1901–2999 之间", "year");
    if (p.month < 1 || p.month > 12) return MakeError(ErrorCode::kBadRequest, "月份应在 1–12 之间", "month");
    return std::nullopt;
}

std::string PeriodLabel(const Period& p) {
    if (!p.cumulative) return std::to_string(p.month) + "月份";
    if (p.month == 1) return "1月";
    return "1-" + std::to_string(p.month) + "月";
}

bool IsPublishedPeriod(const Period& p, const IndicatorSettings& settings) {
    return !(p.cumulative && p.month == 1 && settings.january_label == JanuaryLabel::kFolded);
}

Ratio ScheduleProgress(const Period& p, const IndicatorSettings& settings) {
    if (settings.schedule_mode == ScheduleMode::kMonths) return MakeRatio(p.cumulative ? p.month : 1, 12);
    const int32_t jan1 = DayOf(p.year, 1, 1);
    const int32_t days_in_year = DayOf(p.year, 12, 31) - jan1 + 1;
    const int32_t last = LastDayOfMonth(p.year, p.month);
    const int32_t elapsed = p.cumulative ? last - jan1 + 1 : last - DayOf(p.year, p.month, 1) + 1;
    return MakeRatio(elapsed, days_in_year);
}

// ---------------------------------------------------------------------------------------------

void TargetTable::Set(std::string_view key, int64_t unit_id, int64_t annual_target) {
    auto it = targets_.find(key);
    if (it == targets_.end()) it = targets_.emplace(std::string(key), std::map<int64_t, int64_t>{}).first;
    it->second[unit_id] = annual_target;
}

std::optional<int64_t> TargetTable::Find(std::string_view key, int64_t unit_id) const {
    const auto it = targets_.find(key);
    if (it == targets_.end()) return std::nullopt;
    const auto jt = it->second.find(unit_id);
    if (jt == it->second.end()) return std::nullopt;
    return jt->second;
}

// ---------------------------------------------------------------------------------------------

std::vector<IndicatorResult> ComputeIndicators(const EngineSnapshot& s, const IndicatorSettings& settings_this_year,
                                               const IndicatorSettings& settings_last_year, const Period& p,
                                               const TargetTable& targets) {
    if (auto err = ValidatePeriod(p)) throw ApiError(std::move(*err));
    if (settings_this_year.year != p.year || settings_last_year.year != p.year - 1) {
        throw ApiError(ErrorCode::kInternal, "指标设置年度与统计期不一致");
    }
    CheckSnapshot(s);

    const std::size_t units = s.unit_id.size();
    const std::size_t projects = s.project_id.size();
    Layout lay;
    lay.bands = static_cast<int>(settings_this_year.signed_bands.size());
    std::vector<int64_t> band_lower(lay.bands);
    std::vector<int64_t> band_upper(lay.bands);
    for (int b = 0; b < lay.bands; ++b) {
        const SignedBand& band = settings_this_year.signed_bands[b];
        band_lower[b] = band.lower;
        band_upper[b] = band.upper.value_or(std::numeric_limits<int64_t>::max());
    }
    const YearRules this_rules = MakeRules(s, settings_this_year, p.year, p.month, p.cumulative);
    const YearRules last_rules = MakeRules(s, settings_last_year, p.year - 1, p.month, p.cumulative);

    Accumulators acc;
    acc.slots = units + 1;
    const std::size_t cells = static_cast<std::size_t>(lay.Count()) * acc.slots;
    acc.sum_this.assign(cells, 0);
    acc.sum_last.assign(cells, 0);
    acc.ids.resize(cells);
    acc.city_ids.resize(static_cast<std::size_t>(lay.Count()));

    // Pass 1: project events for both years, and the flags the figure pass needs.
    std::vector<uint8_t> flags(projects, 0);
    for (std::size_t i = 0; i < projects; ++i) {
        const int32_t u = s.project_unit[i];
        const std::size_t slot = static_cast<uint32_t>(u) < units ? static_cast<std::size_t>(u) : units;
        ProjectEvents<true>(s, i, slot, this_rules, lay, band_lower, band_upper, acc);
        ProjectEvents<false>(s, i, slot, last_rules, lay, band_lower, band_upper, acc);
        const int64_t total = s.total_investment[i];
        const int32_t signed_day = s.signed_day[i];
        flags[i] = static_cast<uint8_t>((total >= this_rules.t100m ? kBigThis : 0) |
                                        (total >= last_rules.t100m ? kBigLast : 0) |
                                        (this_rules.introduced.In(signed_day) ? kNewThis : 0) |
                                        (last_rules.introduced.In(signed_day) ? kNewLast : 0));
    }

    // Pass 2: monthly figure rows (money indicators) for both years.
    const std::size_t funds_base = static_cast<std::size_t>(Layout::kFunds) * acc.slots;
    const std::size_t fixed_base = static_cast<std::size_t>(lay.FixedAsset()) * acc.slots;
    const std::size_t rows = s.fig_project.size();
    for (std::size_t r = 0; r < rows; ++r) {
        const int32_t month = s.fig_month[r];
        const bool in_this = this_rules.fig_months.In(month);
        if (!in_this && !last_rules.fig_months.In(month)) continue;
        const int32_t pi = s.fig_project[r];
        if (static_cast<uint32_t>(pi) >= projects) continue;
        const int32_t u = s.project_unit[pi];
        const std::size_t slot = static_cast<uint32_t>(u) < units ? static_cast<std::size_t>(u) : units;
        const uint8_t f = flags[pi];
        const int64_t funds = s.fig_funds_out[r];
        const int64_t fixed = s.fig_fixed_asset[r];
        if (in_this) {
            const int64_t pid = s.project_id[pi];
            if (f & kBigThis) {
                acc.sum_this[funds_base + slot] += funds;
                auto& ids = acc.ids[funds_base + slot];
                if (funds != 0 && (ids.empty() || ids.back() != pid)) {
                    ids.push_back(pid);
                    acc.city_ids[Layout::kFunds].push_back(pid);
                }
            }
            if (f & kNewThis) {
                acc.sum_this[fixed_base + slot] += fixed;
                auto& ids = acc.ids[fixed_base + slot];
                if (fixed != 0 && (ids.empty() || ids.back() != pid)) {
                    ids.push_back(pid);
                    acc.city_ids[static_cast<std::size_t>(lay.FixedAsset())].push_back(pid);
                }
            }
        } else {
            if (f & kBigLast) acc.sum_last[funds_base + slot] += funds;
            if (f & kNewLast) acc.sum_last[fixed_base + slot] += fixed;
        }
    }

    // Assemble: units, then the city as the sum of every slot (including projects without a unit).
    const std::vector<IndicatorDef> catalogue = IndicatorCatalogue(settings_this_year);
    const Ratio schedule = ScheduleProgress(p, settings_this_year);
    std::vector<IndicatorResult> out;
    out.reserve(catalogue.size());
    for (std::size_t k = 0; k < catalogue.size(); ++k) {
        IndicatorResult res;
        res.key = catalogue[k].key;
        res.unit = catalogue[k].unit;
        const std::size_t base = k * acc.slots;
        int64_t city_this = 0;
        int64_t city_last = 0;
        res.units.reserve(units);
        for (std::size_t u = 0; u <= units; ++u) {
            city_this += acc.sum_this[base + u];
            city_last += acc.sum_last[base + u];
            if (u < units) {
                res.units.push_back(MakeFigure(acc.sum_this[base + u], acc.sum_last[base + u],
                                               targets.Find(res.key, s.unit_id[u]), schedule,
                                               std::move(acc.ids[base + u])));
            }
        }
        res.city =
            MakeFigure(city_this, city_last, targets.Find(res.key, kCityUnitId), schedule, std::move(acc.city_ids[k]));
        out.push_back(std::move(res));
    }
    return out;
}

}  // namespace zs
