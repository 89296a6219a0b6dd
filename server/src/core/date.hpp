// Civil dates (proleptic Gregorian) as a day count, and the business clock (Asia/Shanghai, UTC+8).
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace zs {

class Date {
public:
    Date() = default;
    static Date FromDays(int32_t days_since_epoch) { return Date(days_since_epoch); }
    static std::optional<Date> FromYmd(int year, int month, int day);  // nullopt if not a real date
    // Strict "YYYY-MM-DD", years 1900..2999; nullopt otherwise (2026-02-30 is nullopt).
    static std::optional<Date> Parse(std::string_view text);
    // Today in China Standard Time (UTC+8), where the centre works.
    static Date Today();

    int32_t days() const { return days_; }
    int year() const;
    int month() const;
    int day() const;
    std::string ToString() const;  // "YYYY-MM-DD"
    Date AddDays(int32_t n) const { return Date(days_ + n); }
    int Weekday() const;  // ISO: 1 = Monday … 7 = Sunday
    auto operator<=>(const Date&) const = default;

private:
    explicit Date(int32_t d) : days_(d) {}
    int32_t days_ = 0;  // days since 1970-01-01
};

// ISO 8601 weeks (Monday first; week 1 holds the year's first Thursday). 周报送 and 周动态 use them.
struct IsoWeek {
    int year = 0;  // the ISO year, which differs from the calendar year around 1 January
    int week = 0;  // 1..53
    bool operator==(const IsoWeek&) const = default;
};
IsoWeek IsoWeekOf(Date d);
int IsoWeeksInYear(int iso_year);  // 52 or 53
// The Monday of (iso_year, week); nullopt when week is not 1..IsoWeeksInYear(iso_year) or the year is out of range.
std::optional<Date> MondayOfIsoWeek(int iso_year, int week);

// Seconds since the Unix epoch, UTC.
int64_t NowUnix();
// "2026-11-26T14:18:17Z"
std::string FormatUtc(int64_t unix_seconds);

// The China Standard Time (UTC+8) calendar date of a Unix time.
Date LocalDateOfUnix(int64_t unix_seconds);

// Overrides the clock for tests and demo data ("YYYY-MM-DD"; empty restores the real clock).
// Set from the ZS_TODAY environment variable at start-up by main.cpp.
void SetTodayOverride(std::optional<Date> today);

}  // namespace zs
