// How a report's period is named in the UI (the documents name their own periods).
import type { PeriodReport, ReportKey, ReportType } from '@/api/reports';

type Translate = (key: string, values?: Record<string, unknown>) => string;

/** The month choice of a summary: 上半年 (6), 全年 (12), else 1-M月. */
export function summaryMonthLabel(t: Translate, month: number): string {
  if (month === 6) return t('report.summaryHalf');
  if (month === 12) return t('report.summaryYear');
  return month === 1 ? t('report.monthN', { month }) : t('report.monthsTo', { month });
}

/** "2026年上半年", "2026年10月", "2026年第48周", "2026年第3季度"; the unit appended when there is one. */
export function periodLabel(t: Translate, key: Pick<ReportKey, 'type' | 'year' | 'period' | 'unit_id'>, unitName?: string | null): string {
  const { type, year, period } = key;
  let s: string;
  switch (type as ReportType) {
    case 'summary':
      s = t('report.period.summary', { year, label: summaryMonthLabel(t, period) });
      break;
    case 'monthly':
      s = t('report.period.monthly', { year, month: period });
      break;
    case 'weekly':
      s = t('week.label', { year, week: period });
      break;
    case 'quarterly':
      s = t('report.period.quarterly', { year, quarter: period });
      break;
    default:
      return '—';
  }
  return key.unit_id && unitName ? `${s} · ${unitName}` : s;
}

/** The ReportKey fields a period report names (the city when no unit). */
export function keyOf(p: PeriodReport): Pick<ReportKey, 'type' | 'year' | 'period' | 'unit_id'> {
  switch (p.type) {
    case 'summary':
    case 'monthly':
      return { type: p.type, year: p.year, period: p.month, unit_id: 0 };
    case 'weekly':
      return { type: p.type, year: p.year, period: p.week, unit_id: p.unit_id ?? 0 };
    case 'quarterly':
      return { type: p.type, year: p.year, period: p.quarter, unit_id: 0 };
  }
}

export function sameKey(a: Pick<ReportKey, 'type' | 'year' | 'period' | 'unit_id'>, b: Pick<ReportKey, 'type' | 'year' | 'period' | 'unit_id'>): boolean {
  return a.type === b.type && a.year === b.year && a.period === b.period && (a.unit_id || 0) === (b.unit_id || 0);
}
