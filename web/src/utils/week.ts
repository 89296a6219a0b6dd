// ISO 8601 weeks (Monday first; week 1 holds the year's first Thursday) and quarters, for the
// weekly reports and the report periods. Calendar dates are handled as UTC midnights so the
// browser's time zone never shifts a day.

export interface YearWeek {
  /** The ISO year, which differs from the calendar year around 1 January. */
  year: number;
  week: number;
}

const DAY = 86_400_000;

function utc(year: number, month: number, day: number): Date {
  return new Date(Date.UTC(year, month - 1, day));
}

/** A date as YYYY-MM-DD (its UTC fields). */
export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** Today's local calendar date as a UTC midnight. */
function localDay(now: Date): Date {
  return utc(now.getFullYear(), now.getMonth() + 1, now.getDate());
}

function parseDay(s: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) throw new Error(`not a date: ${s}`);
  return utc(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** Monday = 0 … Sunday = 6. */
function weekday(d: Date): number {
  return (d.getUTCDay() + 6) % 7;
}

/** The ISO week of a calendar date ("YYYY-MM-DD", or a Date read in local time). */
export function isoWeekOf(date: string | Date): YearWeek {
  const d = typeof date === 'string' ? parseDay(date) : localDay(date);
  // The week's Thursday decides the year.
  const thursday = new Date(d.getTime() + (3 - weekday(d)) * DAY);
  const year = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - utc(year, 1, 1).getTime()) / (7 * DAY));
  return { year, week };
}

/** The Monday of an ISO week. */
export function weekMonday(year: number, week: number): Date {
  const jan4 = utc(year, 1, 4);
  return new Date(jan4.getTime() - weekday(jan4) * DAY + (week - 1) * 7 * DAY);
}

/** Monday and Sunday of an ISO week, as YYYY-MM-DD. */
export function weekRange(year: number, week: number): { from: string; to: string } {
  const monday = weekMonday(year, week);
  return { from: isoDate(monday), to: isoDate(new Date(monday.getTime() + 6 * DAY)) };
}

/** 52 or 53: the week of 28 December is always the year's last. */
export function weeksInYear(year: number): number {
  return isoWeekOf(isoDate(utc(year, 12, 28))).week;
}

export function currentWeek(now: Date = new Date()): YearWeek {
  return isoWeekOf(now);
}

/** The week `delta` weeks after `w` (negative: before). */
export function shiftWeek(w: YearWeek, delta: number): YearWeek {
  return isoWeekOf(isoDate(new Date(weekMonday(w.year, w.week).getTime() + delta * 7 * DAY)));
}

/** A week that has not begun yet (its Monday is after today). */
export function isFutureWeek(w: YearWeek, now: Date = new Date()): boolean {
  return weekMonday(w.year, w.week).getTime() > localDay(now).getTime();
}

export function quarterOfMonth(month: number): number {
  return Math.ceil(month / 3);
}

export function currentQuarter(now: Date = new Date()): { year: number; quarter: number } {
  return { year: now.getFullYear(), quarter: quarterOfMonth(now.getMonth() + 1) };
}

/** "MM-DD" of a YYYY-MM-DD date, for compact week labels. */
export function monthDay(date: string): string {
  return date.slice(5);
}
