#include "core/date.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <limits>

namespace zs {
namespace {

constexpr int64_t kSecondsPerDay = 86'400;
constexpr int64_t kChinaOffsetSeconds = 8 * 3'600;
constexpr int64_t kNoOverride = std::numeric_limits<int64_t>::min();

// Set once at start-up (and by tests); atomic so request threads may read it meanwhile.
std::atomic<int64_t> g_today_override{kNoOverride};

struct Ymd {
    int year;
    int month;
    int day;
};

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

// Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian, day 0 = 1970-01-01).
int64_t DaysFromCivil(int64_t y, int m, int d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const int64_t yoe = y - era * 400;                                    // [0, 399]
    const int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;  // [0, 365]
    const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;            // [0, 146096]
    return era * 146'097 + doe - 719'468;
}

Ymd CivilFromDays(int64_t z) {
    z += 719'468;
    const int64_t era = (z >= 0 ? z : z - 146'096) / 146'097;
    const int64_t doe = z - era * 146'097;                                         // [0, 146096]
    const int64_t yoe = (doe - doe / 1'460 + doe / 36'524 - doe / 146'096) / 365;  // [0, 399]
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                   // [0, 365]
    const int64_t mp = (5 * doy + 2) / 153;                                        // [0, 11]
    const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);                  // [1, 31]
    const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);                     // [1, 12]
    const int64_t y = yoe + era * 400 + (m <= 2);
    return {static_cast<int>(y), m, d};
}

}  // namespace

std::optional<Date> Date::FromYmd(int year, int month, int day) {
    if (year < 1 || year > 9'999 || month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month)) {
        return std::nullopt;
    }
    return Date(static_cast<int32_t>(DaysFromCivil(year, month, day)));
}

std::optional<Date> Date::Parse(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    int parts[3] = {0, 0, 0};
    const std::pair<size_t, size_t> spans[3] = {{0, 4}, {5, 2}, {8, 2}};
    for (int i = 0; i < 3; ++i) {
        for (size_t k = 0; k < spans[i].second; ++k) {
            const char c = text[spans[i].first + k];
            if (c < '0' || c > '9') return std::nullopt;
            parts[i] = parts[i] * 10 + (c - '0');
        }
    }
    if (parts[0] < 1'900 || parts[0] > 2'999) return std::nullopt;
    return FromYmd(parts[0], parts[1], parts[2]);
}

Date Date::Today() {
    const int64_t override_days = g_today_override.load(std::memory_order_acquire);
    if (override_days != kNoOverride) return Date(static_cast<int32_t>(override_days));
    return Date(static_cast<int32_t>(FloorDiv(NowUnix() + kChinaOffsetSeconds, kSecondsPerDay)));
}

int Date::Weekday() const {
    // 1970-01-01 was a Thursday (ISO 4).
    int r = static_cast<int>(((static_cast<int64_t>(days_) + 3) % 7 + 7) % 7);
    return r + 1;
}

IsoWeek IsoWeekOf(Date d) {
    Date thursday = d.AddDays(4 - d.Weekday());  // the Thursday of d's week decides its ISO year
    int iso_year = thursday.year();
    Date jan1 = *Date::FromYmd(iso_year, 1, 1);
    return IsoWeek{iso_year, (thursday.days() - jan1.days()) / 7 + 1};
}

int IsoWeeksInYear(int iso_year) {
    Date dec28 = *Date::FromYmd(iso_year, 12, 28);  // always in the year's last ISO week
    return IsoWeekOf(dec28).week;
}

std::optional<Date> MondayOfIsoWeek(int iso_year, int week) {
    if (iso_year < 1901 || iso_year > 2998) return std::nullopt;
    if (week < 1 || week > IsoWeeksInYear(iso_year)) return std::nullopt;
    Date jan4 = *Date::FromYmd(iso_year, 1, 4);  // always in week 1
    Date week1_monday = jan4.AddDays(1 - jan4.Weekday());
    return week1_monday.AddDays((week - 1) * 7);
}

int Date::year() const { return CivilFromDays(days_).year; }
int Date::month() const { return CivilFromDays(days_).month; }
int Date::day() const { return CivilFromDays(days_).day; }

std::string Date::ToString() const {
    const Ymd ymd = CivilFromDays(days_);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", ymd.year, ymd.month, ymd.day);
    return buf;
}

int64_t NowUnix() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string FormatUtc(int64_t unix_seconds) {
    const int64_t days = FloorDiv(unix_seconds, kSecondsPerDay);
    const int64_t secs = unix_seconds - days * kSecondsPerDay;
    const Ymd ymd = CivilFromDays(days);
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", ymd.year, ymd.month, ymd.day,
                  static_cast<int>(secs / 3'600), static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60));
    return buf;
}

void SetTodayOverride(std::optional<Date> today) {
    g_today_override.store(today ? today->days() : kNoOverride, std::memory_order_release);
}

}  // namespace zs
