// The ISO week of a weekly report and its deadline, shared by the weekly report use cases and the
// 周动态 report.
#pragma once

#include <cstdint>
#include <set>

#include "core/date.hpp"
#include "store/store.hpp"

namespace zs {

struct WeekSpan {
    int year = 0;  // ISO year
    int week = 0;
    Date monday;
    Date sunday;
};

// 400 naming `week` (or `year`) when the ISO week does not exist.
WeekSpan ReadWeek(int64_t year, int64_t week);
// The last day a unit may submit on time: the weekday of setting weekly_deadline_weekday (1 = Monday
// … 7, default 5 = Friday) of the week.
Date WeeklyDeadline(Tx& tx, const WeekSpan& w);
// Units that have not submitted the week's report once its deadline has passed (empty before).
std::set<int64_t> LateWeeklyUnits(Tx& tx, const WeekSpan& w, Date today);

}  // namespace zs
