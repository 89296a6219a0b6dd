import { describe, expect, it } from 'vitest';
import { i18n } from '@/locales';
import { dispositionFilename } from './download';
import { keyOf, periodLabel, sameKey, summaryMonthLabel } from './reportPeriod';

const t = (k: string, v?: Record<string, unknown>) => i18n.global.t(k, v ?? {});

describe('report periods', () => {
  it('names the summary months', () => {
    expect(summaryMonthLabel(t, 6)).toBe('上半年');
    expect(summaryMonthLabel(t, 12)).toBe('全年');
    expect(summaryMonthLabel(t, 9)).toBe('1-9月');
    expect(summaryMonthLabel(t, 1)).toBe('1月');
  });

  it('names every type’s period', () => {
    expect(periodLabel(t, { type: 'summary', year: 2026, period: 6, unit_id: 0 })).toBe('2026年上半年');
    expect(periodLabel(t, { type: 'monthly', year: 2026, period: 10, unit_id: 0 })).toBe('2026年10月');
    expect(periodLabel(t, { type: 'weekly', year: 2026, period: 48, unit_id: 0 })).toBe('2026年第48周');
    expect(periodLabel(t, { type: 'weekly', year: 2026, period: 48, unit_id: 3 }, '经开区')).toBe('2026年第48周 · 经开区');
    expect(periodLabel(t, { type: 'quarterly', year: 2026, period: 3, unit_id: 0 })).toBe('2026年第3季度');
    expect(periodLabel(t, { type: 'ledger', year: 0, period: 0, unit_id: 0 })).toBe('—');
  });

  it('matches a chosen period with published keys', () => {
    expect(keyOf({ type: 'summary', year: 2026, month: 6 })).toEqual({ type: 'summary', year: 2026, period: 6, unit_id: 0 });
    expect(keyOf({ type: 'weekly', year: 2026, week: 2, unit_id: 5 })).toEqual({ type: 'weekly', year: 2026, period: 2, unit_id: 5 });
    expect(keyOf({ type: 'quarterly', year: 2026, quarter: 4 })).toEqual({ type: 'quarterly', year: 2026, period: 4, unit_id: 0 });
    expect(sameKey(keyOf({ type: 'weekly', year: 2026, week: 2 }), { type: 'weekly', year: 2026, period: 2, unit_id: 0 })).toBe(true);
    expect(sameKey(keyOf({ type: 'monthly', year: 2026, month: 6 }), { type: 'summary', year: 2026, period: 6, unit_id: 0 })).toBe(false);
  });
});

describe('download file names', () => {
  it('reads Content-Disposition', () => {
    expect(dispositionFilename("attachment; filename*=UTF-8''%E5%B7%A5%E4%BD%9C%E6%80%BB%E7%BB%93.docx")).toBe('工作总结.docx');
    expect(dispositionFilename('attachment; filename="a b.xlsx"')).toBe('a b.xlsx');
    expect(dispositionFilename('attachment; filename=x.html')).toBe('x.html');
    expect(dispositionFilename('attachment')).toBeNull();
    expect(dispositionFilename(null)).toBeNull();
  });
});
