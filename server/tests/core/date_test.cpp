#include "core/date.hpp"

#include <gtest/gtest.h>

namespace zs {
namespace {

Date D(std::string_view text) {
    std::optional<Date> d = Date::Parse(text);
    EXPECT_TRUE(d.has_value()) << text;
    return d.value_or(Date());
}

TEST(DateTest, ParsesKnownDaysSinceEpoch) {
    EXPECT_EQ(D("1970-01-01").days(), 0);
    EXPECT_EQ(D("1969-12-31").days(), -1);
    EXPECT_EQ(D("1900-01-01").days(), -25567);
    EXPECT_EQ(D("2000-01-01").days(), 10957);
    EXPECT_EQ(D("2000-02-29").days(), 11016);
    EXPECT_EQ(D("2100-02-28").days(), 47540);
    EXPECT_EQ(D("2100-03-01").days(), 47541);
    EXPECT_EQ(D("2026-11-26").days(), 20783);
    EXPECT_EQ(D("2999-12-31").days(), 376199);
}

TEST(DateTest, LeapYears) {
    EXPECT_TRUE(Date::Parse("2024-02-29"));
    EXPECT_TRUE(Date::Parse("2000-02-29"));   // divisible by 400
    EXPECT_FALSE(Date::Parse("1900-02-29"));  // divisible by 100, not 400
    EXPECT_FALSE(Date::Parse("2100-02-29"));
    EXPECT_FALSE(Date::Parse("2026-02-29"));
    EXPECT_FALSE(Date::Parse("2024-02-30"));
    EXPECT_EQ(D("2024-02-28").AddDays(1).ToString(), "2024-02-29");
    EXPECT_EQ(D("2023-02-28").AddDays(1).ToString(), "2023-03-01");
    EXPECT_EQ(D("1900-02-28").AddDays(1).ToString(), "1900-03-01");
    EXPECT_EQ(D("2000-02-28").AddDays(1).ToString(), "2000-02-29");
    EXPECT_EQ(D("2100-02-28").AddDays(1).ToString(), "2100-03-01");
    EXPECT_EQ(D("2025-01-01").days() - D("2024-01-01").days(), 366);
    EXPECT_EQ(D("2026-01-01").days() - D("2025-01-01").days(), 365);
}

TEST(DateTest, YearAndMonthTransitions) {
    EXPECT_EQ(D("2024-12-31").AddDays(1).ToString(), "2025-01-01");
    EXPECT_EQ(D("2025-01-01").AddDays(-1).ToString(), "2024-12-31");
    EXPECT_EQ(D("1999-12-31").AddDays(1).ToString(), "2000-01-01");
    EXPECT_EQ(D("2026-04-30").AddDays(1).ToString(), "2026-05-01");
    EXPECT_EQ(D("2026-01-31").AddDays(1).ToString(), "2026-02-01");
    EXPECT_EQ(D("2026-03-01").AddDays(-1).ToString(), "2026-02-28");
}

TEST(DateTest, Components) {
    const Date d = D("2026-11-26");
    EXPECT_EQ(d.year(), 2026);
    EXPECT_EQ(d.month(), 11);
    EXPECT_EQ(d.day(), 26);
    const Date e = D("1900-01-01");
    EXPECT_EQ(e.year(), 1900);
    EXPECT_EQ(e.month(), 1);
    EXPECT_EQ(e.day(), 1);
}

TEST(DateTest, RoundTripsEveryDayOverFourCenturies) {
    // 1900-01-01 .. 2299-12-31 covers every leap rule; each day must parse back to itself and be consecutive.
    Date d = D("1900-01-01");
    const Date end = D("2300-01-01");
    int count = 0;
    while (d < end) {
        const std::string s = d.ToString();
        std::optional<Date> back = Date::Parse(s);
        ASSERT_TRUE(back.has_value()) << s;
        ASSERT_EQ(back->days(), d.days()) << s;
        ASSERT_EQ(Date::FromYmd(d.year(), d.month(), d.day())->days(), d.days()) << s;
        d = d.AddDays(1);
        ++count;
    }
    EXPECT_EQ(count, 400 * 365 + 97);  // 97 leap days in 400 Gregorian years
}

TEST(DateTest, RejectsMalformedText) {
    for (std::string_view bad : {"",           "2026-1-01",      "2026-01-1",   "2026/01/01",
                                 "20260101",   "2026-01-01 ",    " 2026-01-01", "2026-01-01T00:00:00",
                                 "2026-13-01", "2026-00-10",     "2026-01-00",  "2026-01-32",
                                 "2026-04-31", "2026-06-31",     "2026-09-31",  "2026-11-31",
                                 "1899-12-31", "3000-01-01",     "0000-01-01",  "+026-01-01",
                                 "2026-0a-01", "２０２６-01-01", "2026--1-01"}) {
        EXPECT_FALSE(Date::Parse(bad)) << bad;
    }
    EXPECT_TRUE(Date::Parse("1900-01-01"));
    EXPECT_TRUE(Date::Parse("2999-12-31"));
    EXPECT_TRUE(Date::Parse("2026-01-31"));
    EXPECT_TRUE(Date::Parse("2026-12-31"));
}

TEST(DateTest, FromYmdChecksRealDates) {
    EXPECT_FALSE(Date::FromYmd(2026, 2, 29));
    EXPECT_FALSE(Date::FromYmd(2026, 13, 1));
    EXPECT_FALSE(Date::FromYmd(2026, 0, 1));
    EXPECT_FALSE(Date::FromYmd(2026, 1, 0));
    ASSERT_TRUE(Date::FromYmd(2024, 2, 29));
    EXPECT_EQ(Date::FromYmd(2024, 2, 29)->ToString(), "2024-02-29");
}

TEST(DateTest, Ordering) {
    EXPECT_LT(D("2026-01-31"), D("2026-02-01"));
    EXPECT_GT(D("2027-01-01"), D("2026-12-31"));
    EXPECT_EQ(D("2026-05-05"), Date::FromDays(D("2026-05-05").days()));
}

TEST(DateTest, FormatUtc) {
    EXPECT_EQ(FormatUtc(0), "1970-01-01T00:00:00Z");
    EXPECT_EQ(FormatUtc(1795702697), "2026-11-26T14:18:17Z");
    EXPECT_EQ(FormatUtc(1709251199), "2024-02-29T23:59:59Z");
    EXPECT_EQ(FormatUtc(1709251200), "2024-03-01T00:00:00Z");
    EXPECT_EQ(FormatUtc(-1), "1969-12-31T23:59:59Z");
}

TEST(DateTest, NowUnixIsRecent) {
    const int64_t now = NowUnix();
    EXPECT_GT(now, 1'735'689'600);  // after 2025-01-01
    EXPECT_LT(now, 4'102'444'800);  // before 2100-01-01
}

TEST(DateTest, TodayIsChinaStandardTimeUnlessOverridden) {
    SetTodayOverride(std::nullopt);
    const int64_t before = NowUnix();
    const Date today = Date::Today();
    const int64_t after = NowUnix();
    // UTC+8: the day that began at 16:00 UTC the day before.
    const int32_t lo = static_cast<int32_t>((before + 8 * 3600) / 86400);
    const int32_t hi = static_cast<int32_t>((after + 8 * 3600) / 86400);
    EXPECT_GE(today.days(), lo);
    EXPECT_LE(today.days(), hi);

    SetTodayOverride(D("2026-03-15"));
    EXPECT_EQ(Date::Today().ToString(), "2026-03-15");
    SetTodayOverride(D("1900-01-01"));
    EXPECT_EQ(Date::Today().ToString(), "1900-01-01");
    SetTodayOverride(std::nullopt);
    EXPECT_GE(Date::Today().days(), lo);
}

}  // namespace
}  // namespace zs

namespace zs {
namespace {

TEST(IsoWeekTest, WeekdayIsIso) {
    EXPECT_EQ(D("1970-01-01").Weekday(), 4);  // Thursday
    EXPECT_EQ(D("2026-11-23").Weekday(), 1);  // Monday
    EXPECT_EQ(D("2026-11-29").Weekday(), 7);  // Sunday
    EXPECT_EQ(D("1969-12-31").Weekday(), 3);  // before the epoch too
}

TEST(IsoWeekTest, WeeksAroundNewYear) {
    // 2026-01-01 is a Thursday: week 1 of 2026.
    EXPECT_EQ(IsoWeekOf(D("2026-01-01")), (IsoWeek{2026, 1}));
    // 2027-01-01 is a Friday: it still belongs to week 53 of 2026.
    EXPECT_EQ(IsoWeekOf(D("2027-01-01")), (IsoWeek{2026, 53}));
    EXPECT_EQ(IsoWeekOf(D("2027-01-04")), (IsoWeek{2027, 1}));
    // 2024-12-30 (Monday) is week 1 of 2025; 31 Dec 2024 as well.
    EXPECT_EQ(IsoWeekOf(D("2024-12-30")), (IsoWeek{2025, 1}));
    EXPECT_EQ(IsoWeekOf(D("2024-12-31")), (IsoWeek{2025, 1}));
    EXPECT_EQ(IsoWeekOf(D("2026-11-26")), (IsoWeek{2026, 48}));
}

TEST(IsoWeekTest, WeeksInYearAndMondays) {
    EXPECT_EQ(IsoWeeksInYear(2026), 53);
    EXPECT_EQ(IsoWeeksInYear(2025), 52);
    EXPECT_EQ(IsoWeeksInYear(2020), 53);
    EXPECT_EQ(MondayOfIsoWeek(2026, 1), D("2025-12-29"));
    EXPECT_EQ(MondayOfIsoWeek(2026, 53), D("2026-12-28"));
    EXPECT_EQ(MondayOfIsoWeek(2025, 1), D("2024-12-30"));
    EXPECT_FALSE(MondayOfIsoWeek(2025, 53).has_value());
    EXPECT_FALSE(MondayOfIsoWeek(2026, 0).has_value());
    EXPECT_FALSE(MondayOfIsoWeek(1800, 1).has_value());
    // Every day of three decades maps back to its week's Monday.
    for (int32_t days = D("1999-12-27").days(); days < D("2031-01-05").days(); ++days) {
        Date d = Date::FromDays(days);
        IsoWeek w = IsoWeekOf(d);
        ASSERT_EQ(*MondayOfIsoWeek(w.year, w.week), d.AddDays(1 - d.Weekday())) << d.ToString();
    }
}

}  // namespace
}  // namespace zs
