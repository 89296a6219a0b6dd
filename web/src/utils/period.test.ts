import { describe, expect, it } from 'vitest';
import { fromYm, isFutureMonth, previousMonth, toYm } from './period';

describe('period', () => {
  it('finds the previous month across a year end', () => {
    expect(previousMonth(new Date(2026, 0, 15))).toEqual({ year: 2025, month: 12 });
    expect(previousMonth(new Date(2026, 6, 1))).toEqual({ year: 2026, month: 6 });
  });
  it('round-trips the month picker value', () => {
    expect(toYm({ year: 2026, month: 3 })).toBe('2026-03');
    expect(fromYm('2026-03')).toEqual({ year: 2026, month: 3 });
    expect(fromYm('2026-13')).toBeNull();
    expect(fromYm('')).toBeNull();
  });
  it('tells future months', () => {
    const now = new Date(2026, 5, 30);
    expect(isFutureMonth({ year: 2026, month: 6 }, now)).toBe(false);
    expect(isFutureMonth({ year: 2026, month: 7 }, now)).toBe(true);
    expect(isFutureMonth({ year: 2027, month: 1 }, now)).toBe(true);
    expect(isFutureMonth({ year: 2025, month: 12 }, now)).toBe(false);
  });
});
