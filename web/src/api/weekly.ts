// 周报送 (docs/api.md "Weekly reports"): each unit's report of an ISO week: its activity counts,
// 工作进展 and 存在问题, saved and then submitted.
import { http } from '@/utils/request';
import type { ActivityKind } from './activities';

export interface WeeklyReport {
  unit_id: number;
  unit_name: string;
  /** ISO year. */
  year: number;
  /** ISO week 1..53. */
  week: number;
  progress: string;
  problems: string;
  submitted: boolean;
  submitted_at: string | null;
  submitted_by_name: string | null;
  /** Not submitted and today is after the week's deadline. */
  late: boolean;
  /** The unit's activities dated in the week, by kind. */
  activities: Record<ActivityKind, number>;
  /** 0 while nothing was saved. */
  version: number;
  updated_at: string | null;
}

export interface WeeklyWeek {
  year: number;
  week: number;
  /** Monday, YYYY-MM-DD. */
  from: string;
  /** Sunday, YYYY-MM-DD. */
  to: string;
  deadline: string;
  items: WeeklyReport[];
  total: number;
  late_units: { unit_id: number; unit_name: string }[];
}

export interface WeeklyInput {
  progress: string;
  problems: string;
  /** true submits; false saves (and, by staff, reopens a submitted report). */
  submit: boolean;
  /** The version read; 0 creates. */
  version: number;
}

export function getWeeklyReports(year: number, week: number): Promise<WeeklyWeek> {
  return http.get<WeeklyWeek>('/api/weekly-reports', { year, week });
}

export function saveWeeklyReport(unitId: number, year: number, week: number, body: WeeklyInput): Promise<WeeklyReport> {
  return http.put<WeeklyReport>(`/api/weekly-reports/${unitId}/${year}/${week}`, body);
}
