// Statistics (指标): the indicator catalogue with the year's settings, the indicator table for a
// period, and the dashboard's trend, funnel and alerts (docs/api.md "Statistics").
import { http } from '@/utils/request';

export type IndicatorUnit = 'yuan' | 'count';
export type StatsMode = 'cumulative' | 'month';
/** An exact ratio [numerator, denominator]; null when there is none (no target, zero base). */
export type RawRatio = [number, number] | null;

export interface Indicator {
  key: string;
  unit: IndicatorUnit;
  name_zh: string;
  name_en: string;
}

export interface SignedBand {
  /** Yuan, inclusive. */
  lower: number;
  /** Yuan, exclusive; null = no upper bound. */
  upper: number | null;
}

/** One year's indicator settings (money in integer yuan). Every field is required on PUT. */
export interface IndicatorSettings {
  year: number;
  /** 亿元以上. */
  threshold_100m: number;
  /** The large tier (xx亿元以上). */
  threshold_large: number;
  /** 入统: planned total investment. */
  threshold_in_stats: number;
  /** Sorted, non-overlapping; only the last may be unbounded. */
  signed_bands: SignedBand[];
  emerging_industries: string[];
  /** "Newly introduced" for 新引进项目新增固定资产投资: signed this year, or this year or last. */
  introduced_window: 'this_year' | 'this_and_last_year';
  schedule_mode: 'months' | 'days';
  /** January published alone as "1月", or folded into "1-2月". */
  january_label: 'alone' | 'folded';
  /** 0 while the year still runs on the defaults. */
  version: number;
}

export interface IndicatorCatalogue {
  year: number;
  settings: IndicatorSettings;
  indicators: Indicator[];
}

export type AheadWord = '超' | '落后' | '持平';
export type YoyWord = '同比增长' | '同比下降' | '新增';

export interface Figure {
  actual: number;
  actual_display: string;
  target: number | null;
  target_display: string;
  completion: RawRatio;
  completion_display: string;
  schedule: RawRatio;
  schedule_display: string;
  ahead: RawRatio;
  ahead_display: string;
  ahead_word: AheadWord | null;
  last_year: number;
  last_year_display: string;
  yoy: RawRatio;
  yoy_display: string;
  yoy_word: YoyWord | null;
  project_ids: number[];
}

export interface UnitFigure extends Figure {
  unit_id: number;
}

export interface IndicatorResult {
  key: string;
  unit: IndicatorUnit;
  /** Absent (or null) for a reporter. */
  city?: Figure | null;
  units: UnitFigure[];
}

export interface StatsPeriod {
  year: number;
  month: number;
  mode: StatsMode;
  label: string;
}

export interface StatsUnit {
  id: number;
  name: string;
  kind: string;
}

export interface StatsTable {
  period: StatsPeriod;
  units: StatsUnit[];
  indicators: IndicatorResult[];
}

export interface StatsQuery {
  year: number;
  month: number;
  mode: StatsMode;
  /** Narrows the units; omitted = every unit the caller may see. */
  unit?: number | null;
}

export interface Trend {
  indicator: string;
  /** 12 single-month values, raw (yuan or count); null for months that have not come yet. */
  this_year: (number | null)[];
  /** The projects behind each of this year's months. */
  this_year_ids: number[][];
  last_year: number[];
}

export interface FunnelItem {
  node: string;
  count: number;
  /** The live projects at this stage. */
  project_ids: number[];
}

export interface OverdueNodeAlert {
  project_id: number;
  project_name: string;
  unit_name: string;
  node: string;
  planned_date: string;
  days: number;
}

export interface OverdueProblemAlert {
  project_id: number;
  project_name: string;
  problem_id: number;
  category: string;
  deadline: string;
  department: string;
}

export interface LateUnitAlert {
  unit_id: number;
  unit_name: string;
  year: number;
  month: number;
}

export interface Alerts {
  overdue_nodes: OverdueNodeAlert[];
  overdue_problems: OverdueProblemAlert[];
  late_units: LateUnitAlert[];
}

export function getIndicators(year: number): Promise<IndicatorCatalogue> {
  return http.get<IndicatorCatalogue>('/api/stats/indicators', { year });
}

export function saveSettings(year: number, settings: IndicatorSettings): Promise<IndicatorSettings> {
  return http.put<IndicatorSettings>(`/api/stats/settings/${encodeURIComponent(String(year))}`, settings);
}

export function getStats(query: StatsQuery): Promise<StatsTable> {
  return http.get<StatsTable>('/api/stats', { year: query.year, month: query.month, mode: query.mode, unit: query.unit });
}

export function getTrend(year: number, indicator: string, unit?: number | null): Promise<Trend> {
  return http.get<Trend>('/api/stats/trend', { year, indicator, unit });
}

export function getFunnel(unit?: number | null): Promise<{ items: FunnelItem[] }> {
  return http.get<{ items: FunnelItem[] }>('/api/stats/funnel', { unit });
}

export function getAlerts(unit?: number | null): Promise<Alerts> {
  return http.get<Alerts>('/api/stats/alerts', { unit });
}
