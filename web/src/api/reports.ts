// 报告 (docs/api.md "Reports"): drafts composed from live data with saved edits, their files, and
// published reports stored for good. A report is its type plus its period (or, the ledger, the
// project list's filters). Files come as attachments: the page links to the URLs built here.
import { buildQuery, http, type ListResult, type Query } from '@/utils/request';

export type ReportType = 'summary' | 'monthly' | 'weekly' | 'quarterly' | 'ledger';
export const REPORT_TYPES: readonly ReportType[] = ['summary', 'monthly', 'weekly', 'quarterly', 'ledger'];
export type ReportFormat = 'docx' | 'xlsx' | 'html';

/** The formats a type renders to (the ledger is a spreadsheet only). */
export function reportFormats(type: ReportType): ReportFormat[] {
  return type === 'ledger' ? ['xlsx', 'html'] : ['docx', 'xlsx', 'html'];
}

/** The ledger's filters: those of the project list. */
export interface LedgerFilters {
  q?: string;
  unit_id?: number | null;
  chain_id?: number | null;
  industry_code?: string | null;
  category?: string;
  stage?: string;
  status?: string;
  is_key?: boolean | '';
  signed_from?: string | null;
  signed_to?: string | null;
}

/** A report with a period: the ones that have drafts with edits and can be published. */
export type PeriodReport =
  | { type: 'summary' | 'monthly'; year: number; month: number }
  | { type: 'weekly'; year: number; week: number; unit_id?: number | null }
  | { type: 'quarterly'; year: number; quarter: number };

export type ReportParams = PeriodReport | ({ type: 'ledger' } & LedgerFilters);

/** How a table cell is printed: `text` always; `number`/`ratio` are for spreadsheets. */
export type CellKind = 'text' | 'wan' | 'yi' | 'count' | 'percent' | 'date';

export interface ReportCell {
  text: string;
  number?: number;
  ratio?: [number, number];
}

export interface ReportColumn {
  title: string;
  kind: CellKind;
  /** Relative width in characters. */
  width: number;
}

export interface ReportTable {
  columns: ReportColumn[];
  rows: ReportCell[][];
}

export type BlockKind = 'h1' | 'h2' | 'p' | 'caption' | 'table';

export interface ReportBlock {
  kind: BlockKind;
  /** Stable within a report type ("s2.1"); the key of an edit. */
  id: string;
  text: string;
  /** A paragraph people may rewrite before publishing. */
  editable: boolean;
  table?: ReportTable;
}

export interface ReportFact {
  key: string;
  label: string;
  value: string;
}

export interface ReportDocument {
  type: ReportType;
  title: string;
  subtitle: string;
  issuer: string;
  date_line: string;
  landscape: boolean;
  blocks: ReportBlock[];
  facts: ReportFact[];
}

export interface ReportKey {
  type: ReportType;
  year: number;
  /** Month, week or quarter; 0 for the ledger. */
  period: number;
  /** 0 = the city. */
  unit_id: number;
}

export type Edits = Record<string, string>;

/** Which page of a ledger preview a draft shows (the ledger's draft only). */
export interface LedgerPage {
  page: number;
  page_size: number;
  /** Projects of the ledger's filters, every page. */
  total: number;
  /** At least 1: an empty ledger is one empty page. */
  pages: number;
  /** The page sizes to offer (the server's default among them, none over its maximum). */
  page_sizes: number[];
}

/** The page of a ledger preview to ask for; without `page_size`, the server's default. */
export interface LedgerPaging {
  page: number;
  page_size?: number;
}

export interface ReportDraft {
  key: ReportKey;
  document: ReportDocument;
  edits: Edits;
  /** 0 while no edits are saved. */
  version: number;
  /** A ledger: the page shown (its rows are in the document's `ledger` table). */
  page?: LedgerPage;
}

export interface PublishedFile {
  format: ReportFormat;
  size: number;
  sha256: string;
}

export interface PublishedReport {
  id: number;
  key: ReportKey;
  version_no: number;
  title: string;
  note: string | null;
  published_at: string;
  published_by_name: string | null;
  files: PublishedFile[];
}

export interface FactChange {
  key: string;
  label: string;
  published: string;
  /** null: the figure no longer appears. */
  current: string | null;
}

export interface PublishedReportDetail extends PublishedReport {
  document: ReportDocument;
  edits: Edits;
  changes: { count: number; items: FactChange[] };
}

/** The query parameters that name a report (`type` plus its period or the ledger's filters). */
export function reportQuery(p: ReportParams): Query {
  if (p.type === 'ledger') {
    const { type, ...filters } = p;
    return { type, ...filters };
  }
  return periodBody(p);
}

/** The JSON naming a period report (`unit_id` only when one is chosen). */
export function periodBody(p: PeriodReport): Record<string, string | number> {
  switch (p.type) {
    case 'summary':
    case 'monthly':
      return { type: p.type, year: p.year, month: p.month };
    case 'weekly':
      return p.unit_id ? { type: p.type, year: p.year, week: p.week, unit_id: p.unit_id } : { type: p.type, year: p.year, week: p.week };
    case 'quarterly':
      return { type: p.type, year: p.year, quarter: p.quarter };
  }
}

/** The draft; a ledger's is one page of rows (`paging`, else the server's first page). */
export function getDraft(p: ReportParams, paging?: LedgerPaging): Promise<ReportDraft> {
  const query = reportQuery(p);
  return http.get<ReportDraft>('/api/reports/draft', p.type === 'ledger' && paging ? { ...query, ...paging } : query);
}

/** Saves the whole set of edits of a draft (staff only); a stale `version` answers 409. */
export function saveDraft(p: PeriodReport, edits: Edits, version: number): Promise<ReportDraft> {
  return http.put<ReportDraft>('/api/reports/draft', { ...periodBody(p), edits, version });
}

/** The URL of the draft's file (with its edits), served as an attachment. */
export function renderUrl(p: ReportParams, format: ReportFormat): string {
  return `/api/reports/render${buildQuery({ ...reportQuery(p), format })}`;
}

export interface PublishInput {
  /** Saved with the publication (the same rule as saving the draft). */
  edits?: Edits;
  version: number;
  /** The reason of a correction: required when the report was published before. */
  note?: string;
}

export function publishReport(p: PeriodReport, input: PublishInput): Promise<PublishedReport> {
  const body: Record<string, unknown> = { ...periodBody(p), version: input.version };
  if (input.edits) body.edits = input.edits;
  if (input.note) body.note = input.note;
  return http.post<PublishedReport>('/api/reports/publish', body);
}

export interface PublishedQuery {
  type?: ReportType | '';
  year?: number | null;
}

/** Published reports, newest first. */
export function listReports(query: PublishedQuery = {}): Promise<ListResult<PublishedReport>> {
  return http.get<ListResult<PublishedReport>>('/api/reports', { type: query.type, year: query.year });
}

export function getReport(id: number): Promise<PublishedReportDetail> {
  return http.get<PublishedReportDetail>(`/api/reports/${id}`);
}

/** The stored bytes of a published report, exactly as published. */
export function downloadUrl(id: number, format: ReportFormat): string {
  return `/api/reports/${id}/download${buildQuery({ format })}`;
}
