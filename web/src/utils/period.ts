// Year-month helpers for the figures grid and the dashboard.

export interface YearMonth {
  year: number;
  month: number;
}

/** The month before `d` (the month units report on in early `d`'s month). */
export function previousMonth(d: Date = new Date()): YearMonth {
  const m = d.getMonth(); // 0-based: this month - 1 in 1-based terms
  return m === 0 ? { year: d.getFullYear() - 1, month: 12 } : { year: d.getFullYear(), month: m };
}

export function currentMonth(d: Date = new Date()): YearMonth {
  return { year: d.getFullYear(), month: d.getMonth() + 1 };
}

/** {2026, 3} → "2026-03" (the month picker's value). */
export function toYm(p: YearMonth): string {
  return `${p.year}-${String(p.month).padStart(2, '0')}`;
}

/** "2026-03" → {2026, 3}; null when malformed. */
export function fromYm(s: string | null | undefined): YearMonth | null {
  const m = /^(\d{4})-(\d{2})$/.exec(s ?? '');
  if (!m) return null;
  const month = Number(m[2]);
  return month >= 1 && month <= 12 ? { year: Number(m[1]), month } : null;
}

/** True for a month after the current one (the server refuses figures for it). */
export function isFutureMonth(p: YearMonth, now: Date = new Date()): boolean {
  const c = currentMonth(now);
  return p.year > c.year || (p.year === c.year && p.month > c.month);
}
