// Monthly figures (月度数据) of a unit's projects and the unit's monthly submission state
// (docs/api.md "Monthly figures"). Amounts are integer yuan; the grid shows and takes 万元.
import { http, type ListResult } from '@/utils/request';

export type SubmissionState = 'draft' | 'submitted' | 'reviewed' | 'locked';

/** The four figures of a project's month (five amounts: funds in place has its out-of-province part). */
export const FIGURE_FIELDS = [
  'funds_in_place',
  'funds_out_of_province',
  'fixed_asset_investment',
  'output_value',
  'tax',
] as const;
export type FigureField = (typeof FIGURE_FIELDS)[number];

export type FigureAmounts = Record<FigureField, number | null>;

export interface Submission {
  unit_id: number;
  year: number;
  month: number;
  state: SubmissionState;
  submitted_at: string | null;
  submitted_by: number | null;
  /** Display name of the user who submitted. */
  submitted_by_name: string | null;
  reviewed_at: string | null;
  reviewed_by: number | null;
  reviewed_by_name: string | null;
  return_reason: string | null;
  locked_at: string | null;
  /** 0 before the first save. */
  version: number;
}

export interface SubmissionListItem extends Submission {
  unit_name: string;
  late: boolean;
}

export interface FigureRow extends FigureAmounts {
  project_id: number;
  project_code: string;
  project_name: string;
  /** 0 when nothing was entered yet. */
  revision: number;
  reason: string | null;
  updated_at: string | null;
}

export interface FigureRevision extends FigureRow {
  created_by: number | string | null;
  created_by_name: string | null;
  created_at: string;
}

export interface FiguresMonth {
  year: number;
  month: number;
  unit_id: number;
  unit_name: string;
  submission: Submission;
  deadline: string;
  items: FigureRow[];
  total: number;
}

export interface FiguresQuery {
  year: number;
  month: number;
  /** Required except for a reporter (its own unit). */
  unit_id?: number | null;
}

export interface FigureRowInput {
  project_id: number;
  funds_in_place: number;
  funds_out_of_province: number;
  fixed_asset_investment: number;
  output_value: number;
  tax: number;
}

export interface SaveFiguresInput {
  year: number;
  month: number;
  unit_id: number;
  version: number;
  /** Required when the month is locked: the correction's reason. */
  reason?: string;
  rows: FigureRowInput[];
}

export interface MonthKey {
  year: number;
  month: number;
  unit_id: number;
  version: number;
}

export type ReviewAction = 'approve' | 'return';

export interface ReviewInput extends MonthKey {
  action: ReviewAction;
  reason?: string;
}

export function getFigures(query: FiguresQuery): Promise<FiguresMonth> {
  return http.get<FiguresMonth>('/api/figures', { year: query.year, month: query.month, unit_id: query.unit_id });
}

export function saveFigures(body: SaveFiguresInput): Promise<FiguresMonth> {
  return http.put<FiguresMonth>('/api/figures', body);
}

export function submitFigures(body: MonthKey): Promise<Submission> {
  return http.post<Submission>('/api/figures/submit', body);
}

export function reviewFigures(body: ReviewInput): Promise<Submission> {
  return http.post<Submission>('/api/figures/review', body);
}

export function lockFigures(year: number, month: number): Promise<ListResult<Submission>> {
  return http.post<ListResult<Submission>>('/api/figures/lock', { year, month });
}

export function figureHistory(project_id: number, year: number, month: number): Promise<ListResult<FigureRevision>> {
  return http.get<ListResult<FigureRevision>>('/api/figures/history', { project_id, year, month });
}

export function listSubmissions(year: number, month: number): Promise<ListResult<SubmissionListItem>> {
  return http.get<ListResult<SubmissionListItem>>('/api/figures/submissions', { year, month });
}
