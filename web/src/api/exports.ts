// 导出 (docs/api.md "Exports"): .xlsx files of exactly what a list shows for the same filters, in the
// import's column layout. The list's own query builders make the URLs, so an export cannot drift
// from its list; paging is left out (the file has every row), the sort is kept.
import { buildQuery, type Query } from '@/utils/request';
import { downloadFile } from '@/utils/download';
import { projectListParams, type ProjectQuery } from './projects';
import type { InvestorQuery } from './investors';

/** A list query without its paging. */
function withoutPaging<T extends { page?: number; page_size?: number }>(q: T): Omit<T, 'page' | 'page_size'> {
  const { page: _page, page_size: _size, ...rest } = q;
  return rest;
}

export function exportProjectsUrl(query: ProjectQuery): string {
  return `/api/exports/projects${buildQuery(projectListParams(withoutPaging(query)))}`;
}

export function exportInvestorsUrl(query: InvestorQuery): string {
  return `/api/exports/investors${buildQuery({ ...withoutPaging(query) } as Query)}`;
}

export interface MonthlyExportQuery {
  year: number;
  month: number;
  /** Staff and leaders: one unit, or every unit when omitted; a reporter always gets its own. */
  unit_id?: number | null;
}

export function exportMonthlyUrl(q: MonthlyExportQuery): string {
  return `/api/exports/monthly${buildQuery({ year: q.year, month: q.month, unit_id: q.unit_id })}`;
}

/** Units × indicators of the year (staff and leaders). */
export function exportTargetsUrl(year: number): string {
  return `/api/exports/targets${buildQuery({ year })}`;
}

/** 省外资金及入省库项目月报 of the month (staff and leaders). */
export function exportProvinceMonthlyUrl(year: number, month: number): string {
  return `/api/exports/province-monthly${buildQuery({ year, month })}`;
}

// The names are fallbacks: the server names the file in its Content-Disposition.
export function exportProjects(query: ProjectQuery): Promise<void> {
  return downloadFile(exportProjectsUrl(query), '项目台账.xlsx');
}

export function exportInvestors(query: InvestorQuery): Promise<void> {
  return downloadFile(exportInvestorsUrl(query), '投资方.xlsx');
}

export function exportMonthly(q: MonthlyExportQuery): Promise<void> {
  return downloadFile(exportMonthlyUrl(q), `月度数据${q.year}年${q.month}月.xlsx`);
}

export function exportTargets(year: number): Promise<void> {
  return downloadFile(exportTargetsUrl(year), `目标任务${year}年.xlsx`);
}

export function exportProvinceMonthly(year: number, month: number): Promise<void> {
  return downloadFile(exportProvinceMonthlyUrl(year, month), `省外资金及入省库项目月报${year}年${month}月.xlsx`);
}
