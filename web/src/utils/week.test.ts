import { describe, expect, it } from 'vitest';
import {
  currentQuarter,
  currentWeek,
  isFutureWeek,
  isoWeekOf,
  quarterOfMonth,
  shiftWeek,
  weekRange,
  weeksInYear,
} from './week';

describe('ISO weeks', () => {
  it('puts the days around New Year in the right ISO year', () => {
    expect(isoWeekOf('2026-01-01')).toEqual({ year: 2026, week: 1 }); // a Thursday
    expect(isoWeekOf('2027-01-01')).toEqual({ year: 2026, week: 53 }); // a Friday of 2026's last week
    expect(isoWeekOf('2024-12-30')).toEqual({ year: 2025, week: 1 }); // a Monday
    expect(isoWeekOf('2025-12-28')).toEqual({ year: 2025, week: 52 });
    expect(isoWeekOf('2026-12-31')).toEqual({ year: 2026, week: 53 });
    expect(isoWeekOf('2021-01-03')).toEqual({ year: 2020, week: 53 });
  });

  it('reads a Date in local time', () => {
    expect(isoWeekOf(new Date(2026, 0, 1, 23, 59))).toEqual({ year: 2026, week: 1 });
    expect(currentWeek(new Date(2026, 10, 26, 0, 1))).toEqual({ year: 2026, week: 48 });
  });

  it('gives Monday to Sunday of a week', () => {
    expect(weekRange(2026, 1)).toEqual({ from: '2025-12-29', to: '2026-01-04' });
    expect(weekRange(2026, 53)).toEqual({ from: '2026-12-28', to: '2027-01-03' });
    expect(weekRange(2025, 1)).toEqual({ from: '2024-12-30', to: '2025-01-05' });
    expect(weekRange(2026, 48)).toEqual({ from: '2026-11-23', to: '2026-11-29' });
  });

  it('counts 52 or 53 weeks', () => {
    expect(weeksInYear(2026)).toBe(53);
    expect(weeksInYear(2025)).toBe(52);
    expect(weeksInYear(2020)).toBe(53);
    expect(weeksInYear(2024)).toBe(52);
  });

  it('steps across year ends', () => {
    expect(shiftWeek({ year: 2026, week: 53 }, 1)).toEqual({ year: 2027, week: 1 });
    expect(shiftWeek({ year: 2026, week: 1 }, -1)).toEqual({ year: 2025, week: 52 });
    expect(shiftWeek({ year: 2026, week: 10 }, 0)).toEqual({ year: 2026, week: 10 });
  });

  it('tells weeks that have not begun', () => {
    const wednesday = new Date(2026, 10, 25);
    expect(isFutureWeek({ year: 2026, week: 48 }, wednesday)).toBe(false);
    expect(isFutureWeek({ year: 2026, week: 49 }, wednesday)).toBe(true);
    expect(isFutureWeek({ year: 2027, week: 1 }, wednesday)).toBe(true);
    expect(isFutureWeek({ year: 2026, week: 49 }, new Date(2026, 10, 30))).toBe(false);
  });
});

describe('quarters', () => {
  it('maps months to quarters', () => {
    expect([1, 3, 4, 6, 7, 9, 10, 12].map(quarterOfMonth)).toEqual([1, 1, 2, 2, 3, 3, 4, 4]);
    expect(currentQuarter(new Date(2026, 10, 26))).toEqual({ year: 2026, quarter: 4 });
  });
});
