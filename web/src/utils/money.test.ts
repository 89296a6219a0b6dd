import { describe, expect, it } from 'vitest';
import { MoneyError, formatWan, groupThousands, tryWanToYuan, wanToYuan, yuanToWan, yuanToWanExact } from './money';

describe('wanToYuan', () => {
  it('converts exactly', () => {
    expect(wanToYuan('0.0001')).toBe(1);
    expect(wanToYuan('12345.6789')).toBe(123456789);
    expect(wanToYuan('1')).toBe(10000);
    expect(wanToYuan('0')).toBe(0);
    expect(wanToYuan(' 2.5 ')).toBe(25000);
    expect(wanToYuan('0.1')).toBe(1000);
    expect(wanToYuan('000123.4500')).toBe(1234500);
    // 0.1 + 0.2 style float traps do not apply
    expect(wanToYuan('1.1')).toBe(11000);
    expect(wanToYuan('4.35')).toBe(43500);
  });
  it('takes the maximum 10^15 yuan and refuses more', () => {
    expect(wanToYuan('100000000000')).toBe(1e15);
    expect(() => wanToYuan('100000000000.0001')).toThrowError(MoneyError);
    expect(tryWanToYuan('999999999999')).toEqual({ ok: false, reason: 'too_large' });
  });
  it('rejects more than 4 decimals', () => {
    expect(() => wanToYuan('1.23456')).toThrowError(MoneyError);
    expect(tryWanToYuan('1.23456')).toEqual({ ok: false, reason: 'decimals' });
  });
  it('rejects negatives and malformed text', () => {
    expect(tryWanToYuan('-1')).toEqual({ ok: false, reason: 'negative' });
    expect(tryWanToYuan('-0.0001')).toEqual({ ok: false, reason: 'negative' });
    expect(tryWanToYuan('')).toEqual({ ok: false, reason: 'empty' });
    for (const bad of ['abc', '1e5', '1,000', '.5', '5.', '+1', '1.2.3', 'Infinity', '0x10']) {
      expect(tryWanToYuan(bad).ok, bad).toBe(false);
    }
  });
});

describe('yuanToWan', () => {
  it('shows two decimals, rounding half away from zero', () => {
    expect(yuanToWan(123456789)).toBe('12345.68');
    expect(yuanToWan(1)).toBe('0.00');
    expect(yuanToWan(50)).toBe('0.01');
    expect(yuanToWan(49)).toBe('0.00');
    expect(yuanToWan(0)).toBe('0.00');
    expect(yuanToWan(10000)).toBe('1.00');
    expect(yuanToWan(99999950)).toBe('10000.00');
    expect(yuanToWan(99995000)).toBe('9999.50');
    expect(yuanToWan(-50)).toBe('-0.01');
    expect(yuanToWan(1e15)).toBe('100000000000.00');
    expect(yuanToWan('999999999999999')).toBe('100000000000.00');
  });
  it('takes other decimal counts', () => {
    expect(yuanToWan(123456789, 4)).toBe('12345.6789');
    expect(yuanToWan(123456789, 0)).toBe('12346');
    expect(yuanToWan(123456789, 1)).toBe('12345.7');
  });
  it('round-trips exactly for editing', () => {
    expect(yuanToWanExact(123456789)).toBe('12345.6789');
    expect(yuanToWanExact(10000)).toBe('1');
    expect(yuanToWanExact(1)).toBe('0.0001');
    expect(yuanToWanExact(0)).toBe('0');
    expect(yuanToWanExact(12000)).toBe('1.2');
    for (const y of [0, 1, 9, 10, 99, 12345, 100000, 123456789, 1e15]) {
      expect(wanToYuan(yuanToWanExact(y))).toBe(y);
    }
  });
  it('refuses non-integers', () => {
    expect(() => yuanToWan(1.5)).toThrowError(MoneyError);
  });
});

describe('display', () => {
  it('groups thousands', () => {
    expect(groupThousands('1234567.89')).toBe('1,234,567.89');
    expect(groupThousands('123')).toBe('123');
    expect(formatWan(123456789000)).toBe('12,345,678.90');
    expect(formatWan(null)).toBe('—');
  });
});

describe('yuanToYi', () => {
  it('converts exactly with half-away-from-zero rounding', async () => {
    const { yuanToYi } = await import('./money');
    expect(yuanToYi(1025000000)).toBe('10.25');
    expect(yuanToYi(149999999)).toBe('1.50');
    expect(yuanToYi(100000000, 0)).toBe('1');
    expect(yuanToYi(0)).toBe('0.00');
    expect(yuanToYi(4999999, 1)).toBe('0.0');
    expect(yuanToYi(5000000, 1)).toBe('0.1');
    expect(yuanToYi(-5000000, 1)).toBe('-0.1');
    expect(yuanToYi(-4999999, 1)).toBe('0.0');
    expect(yuanToYi(99999999950, 6)).toBe('1000.000000');
    expect(yuanToYi(99999999949, 6)).toBe('999.999999');
    expect(yuanToYi(12345678901, 8)).toBe('123.45678901');
    expect(yuanToYi(999999995, 2)).toBe('10.00');
  });
});
