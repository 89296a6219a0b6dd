// The import page's logic that is not rendering: the column mapping and the body of a change to it,
// the error list's filter, the rows a commit would skip, and whether the preview may be committed.
import type { Import, ImportColumn, ImportField, ImportIssue, ImportValue, MappingBody } from '@/api/imports';

/** Column index → field key (null: the column is not imported). */
export type Mapping = Record<number, string | null>;

export function mappingOf(columns: readonly ImportColumn[]): Mapping {
  const out: Mapping = {};
  for (const c of columns) out[c.index] = c.field ?? null;
  return out;
}

/**
 * The mapping after choosing `field` for column `index`. A field reads from one column only (the
 * server refuses it twice), so a column that had it is set to "not imported" and named in `cleared`.
 */
export function assignField(mapping: Mapping, index: number, field: string | null): { mapping: Mapping; cleared: number[] } {
  const next: Mapping = { ...mapping, [index]: field };
  const cleared: number[] = [];
  if (field !== null) {
    for (const [k, v] of Object.entries(mapping)) {
      const i = Number(k);
      if (i !== index && v === field) {
        next[i] = null;
        cleared.push(i);
      }
    }
  }
  return { mapping: next, cleared };
}

/** The PUT mapping body: every column, so the answer does not depend on how the server merges. */
export function mappingBody(mapping: Mapping, save: boolean): MappingBody {
  const columns: Record<string, string | null> = {};
  for (const k of Object.keys(mapping).map(Number).sort((a, b) => a - b)) columns[String(k)] = mapping[k] ?? null;
  return { columns, save };
}

/** True when the two mappings read the same fields from the same columns. */
export function sameMapping(a: Mapping, b: Mapping): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) if ((a[Number(k)] ?? null) !== (b[Number(k)] ?? null)) return false;
  return true;
}

/** The required fields no column is read into. */
export function unmappedRequired(fields: readonly ImportField[], mapping: Mapping): ImportField[] {
  const used = new Set(Object.values(mapping).filter((v): v is string => !!v));
  return fields.filter((f) => f.required && !used.has(f.key));
}

/** The column a 422 on PUT mapping names (`columns.<index>`), or null. */
export function columnOfError(field: string | undefined | null): number | null {
  const m = /^columns\.(\d+)$/.exec(field ?? '');
  return m ? Number(m[1]) : null;
}

export interface IssueFilter {
  /** Text in the message, or a row number. */
  q?: string;
  /** Only this column (its header as the server names it). */
  column?: string;
}

export function filterIssues(issues: readonly ImportIssue[], f: IssueFilter): ImportIssue[] {
  const q = (f.q ?? '').trim().toLowerCase();
  return issues.filter((i) => {
    if (f.column && i.column !== f.column) return false;
    if (!q) return true;
    if (/^\d+$/.test(q)) return String(i.row) === q;
    return i.message.toLowerCase().includes(q) || i.column.toLowerCase().includes(q);
  });
}

/** The columns the issues name, in order of first appearance. */
export function issueColumns(issues: readonly ImportIssue[]): string[] {
  return [...new Set(issues.map((i) => i.column))];
}

/**
 * The rows a commit with skip_errors would leave out: the server's `error_rows` when it sends it,
 * else the distinct rows of the listed errors, and then `exact` is false when the server listed
 * only some of the errors (`rows` is a lower bound).
 */
export function rowsWithErrors(imp: Pick<Import, 'errors' | 'error_count' | 'error_rows'>): { rows: number; exact: boolean } {
  if (typeof imp.error_rows === 'number') return { rows: imp.error_rows, exact: true };
  const rows = new Set(imp.errors.map((e) => e.row)).size;
  return { rows, exact: imp.errors.length >= imp.error_count };
}

export type CommitBlock = 'state' | 'errors' | 'empty' | null;

/**
 * Why the preview cannot be committed now (null: it can): not `ready`; errors the user did not
 * choose to skip; or nothing left to write (every row is in error, or the file has no rows).
 */
export function commitBlock(imp: Pick<Import, 'state' | 'rows' | 'errors' | 'error_count' | 'error_rows'>, skipErrors: boolean): CommitBlock {
  if (imp.state !== 'ready') return 'state';
  if (imp.error_count > 0 && !skipErrors) return 'errors';
  const bad = rowsWithErrors(imp);
  if (imp.rows === 0 || (bad.exact && bad.rows >= imp.rows)) return 'empty';
  return null;
}

/** A value of the changes list as text: empty → "—", booleans by the caller's words. */
export function valueText(v: ImportValue | undefined, yes: string, no: string): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? yes : no;
  return String(v);
}

/** One page of a list shown in pages of `size`. */
export function pageOf<T>(items: readonly T[], page: number, size: number): T[] {
  const start = (Math.max(1, page) - 1) * size;
  return items.slice(start, start + size);
}
