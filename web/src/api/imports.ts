// 导入 (docs/api.md "Imports"): a unit uploads the spreadsheet it keeps, the server reads and
// validates it into a preview (Import), the column mapping can be corrected, and nothing is written
// until the preview is committed. Reading and committing may outlast the request (202): the
// caller polls getImport while the state is validating or committing.
import { buildQuery, http, request, type ListResult } from '@/utils/request';
import { downloadFile } from '@/utils/download';

export type ImportKind = 'projects' | 'investors' | 'monthly' | 'targets';
export const IMPORT_KINDS: readonly ImportKind[] = ['projects', 'investors', 'monthly', 'targets'];

export type ImportState = 'validating' | 'ready' | 'committing' | 'committed' | 'cancelled' | 'failed';
export const IMPORT_STATES: readonly ImportState[] = ['validating', 'ready', 'committing', 'committed', 'cancelled', 'failed'];
export type ImportPhase = 'parsing' | 'validating' | 'writing' | 'done';

export interface ImportProgress {
  phase: ImportPhase | string;
  done: number;
  total: number;
}

/** A column of the file: its header (or column letter) and the field it is read into (null: not imported). */
export interface ImportColumn {
  index: number;
  header: string;
  field: string | null;
}

/** A field the kind can take: `header` is the canonical (Chinese) header of the template. */
export interface ImportField {
  key: string;
  header: string;
  required: boolean;
  type: string;
}

/** An error or warning of one cell or row; `row` is the spreadsheet's own row number. */
export interface ImportIssue {
  row: number;
  /** The file's header text, or the column letter when the header is empty. */
  column: string;
  field: string | null;
  message: string;
}

export type ImportValue = string | number | boolean | null;

export interface ImportFieldChange {
  field: string;
  header: string;
  before: ImportValue;
  after: ImportValue;
}

/** A row that updates an existing object, with the fields it changes. */
export interface ImportChange {
  row: number;
  id: number;
  name: string;
  fields: ImportFieldChange[];
}

export interface ImportResult {
  inserted: number;
  updated: number;
  unchanged: number;
  skipped: number;
}

/** An import as the history list shows it (no columns, errors, warnings or changes). */
export interface ImportSummary {
  id: number;
  kind: ImportKind;
  state: ImportState;
  /** Why the file could not be used (state failed), else usually empty. */
  message: string | null;
  file_name: string;
  file_size: number;
  unit_id: number | null;
  created_at: string;
  created_by_name: string | null;
  committed_at: string | null;
  progress: ImportProgress | null;
  sheet: string | null;
  header_row: number | null;
  rows: number;
  inserts: number;
  updates: number;
  unchanged: number;
  error_count: number;
  /**
   * The distinct rows with errors (what a commit with skip_errors leaves out). The server sends it;
   * docs/api.md does not list it yet, so it is optional here.
   */
  error_rows?: number;
  warning_count: number;
  result: ImportResult | null;
}

/** The whole preview. `errors`, `warnings` and `changes` list at most 1000 entries; the counts are exact. */
export interface Import extends ImportSummary {
  columns: ImportColumn[];
  fields: ImportField[];
  errors: ImportIssue[];
  warnings: ImportIssue[];
  changes: ImportChange[];
}

/** Most entries of each list the server sends. */
export const MAX_LISTED_ISSUES = 1000;
/** The server's upload limit (413 above it). */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
/** The file types the server reads. */
export const IMPORT_EXTENSIONS = ['xlsx', 'csv'] as const;

export interface StartImportInput {
  kind: ImportKind;
  file: File;
  /** Staff: the unit of rows without a 责任单位 column (a reporter's unit is always its own). */
  unit_id?: number | null;
  /** monthly: the month of rows without a 月份 column (with `month`); targets: required. */
  year?: number | null;
  month?: number | null;
}

const CONTENT_TYPES: Record<string, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv',
};

/** `.xlsx` / `.csv` (lower case), or null for anything else. */
export function importExtension(fileName: string): (typeof IMPORT_EXTENSIONS)[number] | null {
  const ext = fileName.split('.').pop()?.toLowerCase() ?? '';
  return (IMPORT_EXTENSIONS as readonly string[]).includes(ext) ? (ext as (typeof IMPORT_EXTENSIONS)[number]) : null;
}

/** The query of an upload: only the parameters that apply to the kind. */
export function startImportQuery(input: Omit<StartImportInput, 'file'> & { name: string }): Record<string, string | number | undefined> {
  const q: Record<string, string | number | undefined> = { kind: input.kind, name: input.name };
  if (input.unit_id && (input.kind === 'projects' || input.kind === 'monthly')) q.unit_id = input.unit_id;
  if (input.kind === 'targets' && input.year) q.year = input.year;
  if (input.kind === 'monthly' && input.year && input.month) {
    q.year = input.year;
    q.month = input.month;
  }
  return q;
}

/** Uploads the file as the raw body → the Import: `ready`/`failed`, or `validating` (poll it). */
export function startImport(input: StartImportInput): Promise<Import> {
  const ext = importExtension(input.file.name) ?? '';
  return request<Import>('POST', '/api/imports', {
    query: startImportQuery({ ...input, name: input.file.name }),
    raw: input.file,
    contentType: input.file.type || CONTENT_TYPES[ext] || 'application/octet-stream',
  });
}

export function getImport(id: number): Promise<Import> {
  return http.get<Import>(`/api/imports/${id}`);
}

export interface ImportListQuery {
  kind?: ImportKind | '';
  page?: number;
  page_size?: number;
}

/** The imports the caller may see, newest first. */
export function listImports(query: ImportListQuery = {}): Promise<ListResult<ImportSummary>> {
  return http.get<ListResult<ImportSummary>>('/api/imports', { kind: query.kind, page: query.page, page_size: query.page_size });
}

/** The body of PUT mapping: every column index (as a string key) → field key or null. */
export interface MappingBody {
  columns: Record<string, string | null>;
  save: boolean;
}

/** Validates the import again with this mapping (`save`: also keep it as the unit's default). */
export function updateMapping(id: number, body: MappingBody): Promise<Import> {
  return http.put<Import>(`/api/imports/${id}/mapping`, body);
}

/** Writes the preview: `committed` with `result`, or `committing` (poll it). */
export function commitImport(id: number, skipErrors: boolean): Promise<Import> {
  return http.post<Import>(`/api/imports/${id}/commit`, { skip_errors: skipErrors });
}

export function cancelImport(id: number): Promise<Import> {
  return http.post<Import>(`/api/imports/${id}/cancel`);
}

export function importFileUrl(id: number): string {
  return `/api/imports/${id}/file`;
}

export function rejectedRowsUrl(id: number): string {
  return `/api/imports/${id}/rejected`;
}

export function templateUrl(kind: ImportKind, year?: number | null): string {
  return `/api/imports/template${buildQuery({ kind, year: kind === 'targets' ? year : undefined })}`;
}

/** The uploaded file as it came. */
export function downloadImportFile(imp: Pick<ImportSummary, 'id' | 'file_name'>): Promise<void> {
  return downloadFile(importFileUrl(imp.id), imp.file_name);
}

/** The rows with errors, with a 错误原因 column (.xlsx). */
export function downloadRejectedRows(imp: Pick<ImportSummary, 'id' | 'file_name'>): Promise<void> {
  const base = imp.file_name.replace(/\.[^.]+$/, '');
  return downloadFile(rejectedRowsUrl(imp.id), `${base}-错误行.xlsx`);
}

/** A blank template with the canonical headers and one example row. */
export function downloadTemplate(kind: ImportKind, fallbackName: string, year?: number | null): Promise<void> {
  return downloadFile(templateUrl(kind, year), fallbackName);
}
