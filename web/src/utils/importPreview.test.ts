import { describe, expect, it } from 'vitest';
import type { ImportColumn, ImportField, ImportIssue } from '@/api/imports';
import {
  assignField,
  columnOfError,
  commitBlock,
  filterIssues,
  issueColumns,
  mappingBody,
  mappingOf,
  pageOf,
  rowsWithErrors,
  sameMapping,
  unmappedRequired,
  valueText,
} from './importPreview';

const columns: ImportColumn[] = [
  { index: 0, header: '项目名称', field: 'name' },
  { index: 1, header: '总投资（万元）', field: 'total_investment' },
  { index: 2, header: '备注', field: null },
  { index: 3, header: '责任单位', field: 'unit' },
];

describe('column mapping', () => {
  it('reads the server columns into index → field', () => {
    expect(mappingOf(columns)).toEqual({ 0: 'name', 1: 'total_investment', 2: null, 3: 'unit' });
  });

  it('maps an unused column to a field', () => {
    const r = assignField(mappingOf(columns), 2, 'referrer');
    expect(r.mapping).toEqual({ 0: 'name', 1: 'total_investment', 2: 'referrer', 3: 'unit' });
    expect(r.cleared).toEqual([]);
  });

  it('moves a field from the column that had it (never mapped twice)', () => {
    const r = assignField(mappingOf(columns), 2, 'total_investment');
    expect(r.mapping).toEqual({ 0: 'name', 1: null, 2: 'total_investment', 3: 'unit' });
    expect(r.cleared).toEqual([1]);
  });

  it('sets a column to not imported without touching the others', () => {
    const before = mappingOf(columns);
    const r = assignField(before, 0, null);
    expect(r.mapping).toEqual({ 0: null, 1: 'total_investment', 2: null, 3: 'unit' });
    expect(r.cleared).toEqual([]);
    expect(before[0]).toBe('name'); // the input is left alone
  });

  it('builds the PUT body with every column as a string key, in order', () => {
    const { mapping } = assignField(mappingOf(columns), 2, 'total_investment');
    const body = mappingBody(mapping, true);
    expect(body).toEqual({ columns: { '0': 'name', '1': null, '2': 'total_investment', '3': 'unit' }, save: true });
    expect(Object.keys(body.columns)).toEqual(['0', '1', '2', '3']);
    expect(JSON.parse(JSON.stringify(mappingBody(mapping, false)))).toEqual({ columns: body.columns, save: false });
  });

  it('compares mappings', () => {
    const m = mappingOf(columns);
    expect(sameMapping(m, { ...m })).toBe(true);
    expect(sameMapping(m, assignField(m, 2, 'referrer').mapping)).toBe(false);
    expect(sameMapping({ 0: null }, {})).toBe(true);
  });

  it('names the required fields no column reads', () => {
    const fields: ImportField[] = [
      { key: 'name', header: '项目名称', required: true, type: 'text' },
      { key: 'category', header: '项目类别', required: true, type: 'category' },
      { key: 'referrer', header: '引荐人', required: false, type: 'text' },
    ];
    expect(unmappedRequired(fields, mappingOf(columns)).map((f) => f.key)).toEqual(['category']);
    expect(unmappedRequired(fields, assignField(mappingOf(columns), 0, null).mapping).map((f) => f.key)).toEqual(['name', 'category']);
  });

  it('finds the column a 422 names', () => {
    expect(columnOfError('columns.12')).toBe(12);
    expect(columnOfError('columns')).toBeNull();
    expect(columnOfError('rows[1].name')).toBeNull();
    expect(columnOfError(undefined)).toBeNull();
  });
});

const issues: ImportIssue[] = [
  { row: 3, column: '总投资（万元）', field: 'total_investment', message: '金额格式不正确' },
  { row: 3, column: '责任单位', field: 'unit', message: '责任单位不存在' },
  { row: 5, column: '签约日期', field: 'node.signed.actual', message: '日期不能晚于今天' },
  { row: 13, column: '责任单位', field: 'unit', message: '只能导入本单位的项目' },
];

describe('the error list', () => {
  it('filters by column, by row number and by text', () => {
    expect(filterIssues(issues, {}).length).toBe(4);
    expect(filterIssues(issues, { column: '责任单位' }).map((i) => i.row)).toEqual([3, 13]);
    expect(filterIssues(issues, { q: '3' }).map((i) => i.message)).toEqual(['金额格式不正确', '责任单位不存在']);
    expect(filterIssues(issues, { q: ' 不存在 ' }).map((i) => i.row)).toEqual([3]);
    expect(filterIssues(issues, { q: '日期', column: '责任单位' })).toEqual([]);
  });

  it('lists the columns named, once each', () => {
    expect(issueColumns(issues)).toEqual(['总投资（万元）', '责任单位', '签约日期']);
  });

  it('pages', () => {
    const xs = Array.from({ length: 45 }, (_, i) => i);
    expect(pageOf(xs, 1, 20)).toEqual(xs.slice(0, 20));
    expect(pageOf(xs, 3, 20)).toEqual([40, 41, 42, 43, 44]);
    expect(pageOf(xs, 0, 20)).toEqual(xs.slice(0, 20));
  });

  it('counts the distinct rows a skip would leave out, and says when the list is partial', () => {
    expect(rowsWithErrors({ errors: issues, error_count: 4 })).toEqual({ rows: 3, exact: true });
    expect(rowsWithErrors({ errors: issues, error_count: 1200 })).toEqual({ rows: 3, exact: false });
    expect(rowsWithErrors({ errors: [], error_count: 0 })).toEqual({ rows: 0, exact: true });
  });

  it("takes the server's count of rows with errors when it sends one", () => {
    expect(rowsWithErrors({ errors: issues, error_count: 1200, error_rows: 900 })).toEqual({ rows: 900, exact: true });
    expect(rowsWithErrors({ errors: issues, error_count: 4, error_rows: 0 })).toEqual({ rows: 0, exact: true });
  });
});

describe('commitBlock', () => {
  const ready = { state: 'ready' as const, rows: 5, errors: issues.slice(0, 2), error_count: 2 };

  it('refuses while errors exist unless they are skipped', () => {
    expect(commitBlock(ready, false)).toBe('errors');
    expect(commitBlock(ready, true)).toBeNull();
    expect(commitBlock({ ...ready, errors: [], error_count: 0 }, false)).toBeNull();
  });

  it('refuses outside the ready state', () => {
    for (const state of ['validating', 'committing', 'committed', 'cancelled', 'failed'] as const) {
      expect(commitBlock({ ...ready, state, errors: [], error_count: 0 }, true)).toBe('state');
    }
  });

  it('refuses when nothing would be written', () => {
    expect(commitBlock({ ...ready, rows: 1 }, true)).toBe('empty'); // its only row is in error
    expect(commitBlock({ state: 'ready', rows: 0, errors: [], error_count: 0 }, false)).toBe('empty');
    // A partial list cannot prove every row is bad: let the server decide.
    expect(commitBlock({ ...ready, rows: 1, error_count: 5000 }, true)).toBeNull();
    // …but the server's count of rows with errors can.
    expect(commitBlock({ ...ready, rows: 1200, error_count: 5000, error_rows: 1200 }, true)).toBe('empty');
    expect(commitBlock({ ...ready, rows: 1200, error_count: 5000, error_rows: 1199 }, true)).toBeNull();
  });
});

describe('valueText', () => {
  it('prints empty values as a dash and booleans in words', () => {
    expect(valueText(null, '是', '否')).toBe('—');
    expect(valueText('', '是', '否')).toBe('—');
    expect(valueText(true, '是', '否')).toBe('是');
    expect(valueText(false, 'Yes', 'No')).toBe('No');
    expect(valueText(12.5, '是', '否')).toBe('12.5');
    expect(valueText('12,345.6789', '是', '否')).toBe('12,345.6789');
  });
});
