// The imports and exports modules send what docs/api.md "Imports" / "Exports" say, and an export
// asks for exactly the rows its list shows.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as imports from './imports';
import * as exports from './exports';
import { listProjects, type ProjectQuery } from './projects';
import { listInvestors, type InvestorQuery } from './investors';

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

let calls: Call[] = [];

beforeEach(() => {
  calls = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit = {}) => {
      const headers = (init.headers ?? {}) as Record<string, string>;
      let body: unknown = init.body;
      if (typeof init.body === 'string') body = JSON.parse(init.body);
      calls.push({ url, method: init.method ?? 'GET', headers, body });
      return new Response(JSON.stringify({ items: [], total: 0 }), { status: 200 });
    }),
  );
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('imports API', () => {
  it('uploads the file as the raw body with its name and the kind in the query', async () => {
    const file = new File(['名称,总投资\n'], '2026年 台账.csv', { type: '' });
    await imports.startImport({ kind: 'projects', file, unit_id: 3 });
    const c = calls[0];
    expect(c.method).toBe('POST');
    expect(c.url).toBe('/api/imports?kind=projects&name=2026%E5%B9%B4+%E5%8F%B0%E8%B4%A6.csv&unit_id=3');
    expect(c.body).toBe(file);
    expect(c.headers['Content-Type']).toBe('text/csv');
    expect(c.headers['X-Requested-With']).toBe('XMLHttpRequest');
  });

  it('sends year and month only where the kind takes them', async () => {
    const file = new File(['x'], 'a.xlsx');
    await imports.startImport({ kind: 'monthly', file, unit_id: null, year: 2026, month: 3 });
    await imports.startImport({ kind: 'monthly', file, year: 2026, month: null });
    await imports.startImport({ kind: 'targets', file, unit_id: 5, year: 2027, month: 4 });
    await imports.startImport({ kind: 'investors', file, unit_id: 5, year: 2027, month: 4 });
    expect(calls.map((c) => c.url)).toEqual([
      '/api/imports?kind=monthly&name=a.xlsx&year=2026&month=3',
      '/api/imports?kind=monthly&name=a.xlsx',
      '/api/imports?kind=targets&name=a.xlsx&year=2027',
      '/api/imports?kind=investors&name=a.xlsx',
    ]);
    expect(calls[0].headers['Content-Type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  });

  it('reads, lists, maps, commits and cancels with the contract bodies', async () => {
    await imports.getImport(12);
    await imports.listImports({ kind: 'projects', page: 2, page_size: 10 });
    await imports.listImports();
    await imports.updateMapping(12, { columns: { '0': 'name', '1': null }, save: true });
    await imports.commitImport(12, false);
    await imports.commitImport(12, true);
    await imports.cancelImport(12);
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'GET /api/imports/12',
      'GET /api/imports?kind=projects&page=2&page_size=10',
      'GET /api/imports',
      'PUT /api/imports/12/mapping',
      'POST /api/imports/12/commit',
      'POST /api/imports/12/commit',
      'POST /api/imports/12/cancel',
    ]);
    expect(calls[3].body).toEqual({ columns: { '0': 'name', '1': null }, save: true });
    expect(calls[4].body).toEqual({ skip_errors: false });
    expect(calls[5].body).toEqual({ skip_errors: true });
    for (const c of calls.slice(3)) expect(c.headers['X-Requested-With']).toBe('XMLHttpRequest');
  });

  it('builds the file URLs', () => {
    expect(imports.importFileUrl(5)).toBe('/api/imports/5/file');
    expect(imports.rejectedRowsUrl(5)).toBe('/api/imports/5/rejected');
    expect(imports.templateUrl('projects', 2026)).toBe('/api/imports/template?kind=projects');
    expect(imports.templateUrl('targets', 2026)).toBe('/api/imports/template?kind=targets&year=2026');
  });

  it('takes .xlsx and .csv only', () => {
    expect(imports.importExtension('台账.XLSX')).toBe('xlsx');
    expect(imports.importExtension('a.b.csv')).toBe('csv');
    expect(imports.importExtension('old.xls')).toBeNull();
    expect(imports.importExtension('noext')).toBeNull();
  });
});

/** The list URL of a query, as the list page asks for it. */
async function listUrl(fn: () => Promise<unknown>): Promise<string> {
  calls = [];
  await fn();
  return calls[0].url;
}

describe('exports', () => {
  it('asks for the projects with exactly the list filters and sort, without paging', async () => {
    const q: ProjectQuery = {
      page: 3,
      page_size: 50,
      q: '新能源',
      unit_id: 4,
      chain_id: null,
      industry_code: 'C30',
      category: 'industry',
      stage: '',
      status: 'delayed',
      is_key: true,
      signed_from: '2026-01-01',
      signed_to: '2026-06-30',
      sort: '-total_investment',
    };
    const list = await listUrl(() => listProjects(q));
    const exported = exports.exportProjectsUrl(q);
    expect(exported).toBe(
      '/api/exports/projects?q=%E6%96%B0%E8%83%BD%E6%BA%90&unit_id=4&industry_code=C30&category=industry&status=delayed&is_key=true&signed_from=2026-01-01&signed_to=2026-06-30&sort=-total_investment',
    );
    const params = (u: string) => {
      const p = new URLSearchParams(u.split('?')[1]);
      p.delete('page');
      p.delete('page_size');
      return p.toString();
    };
    expect(params(exported)).toBe(params(list));
    expect(exports.exportProjectsUrl({ ids: [3, 5] })).toBe('/api/exports/projects?ids=3%2C5');
    expect(exports.exportProjectsUrl({ page: 1, page_size: 20, is_key: '' })).toBe('/api/exports/projects');
  });

  it('asks for the investors with exactly the list filters', async () => {
    const q: InvestorQuery = { page: 1, page_size: 20, q: 'ABC', tag: 'listed', out_of_province: false, sort: 'name' };
    const list = await listUrl(() => listInvestors(q));
    expect(exports.exportInvestorsUrl(q)).toBe('/api/exports/investors?q=ABC&tag=listed&out_of_province=false&sort=name');
    expect(list).toBe('/api/investors?page=1&page_size=20&q=ABC&tag=listed&out_of_province=false&sort=name');
  });

  it('builds the monthly, targets and provincial report URLs', () => {
    expect(exports.exportMonthlyUrl({ year: 2026, month: 3, unit_id: 7 })).toBe('/api/exports/monthly?year=2026&month=3&unit_id=7');
    expect(exports.exportMonthlyUrl({ year: 2026, month: 3, unit_id: null })).toBe('/api/exports/monthly?year=2026&month=3');
    expect(exports.exportTargetsUrl(2026)).toBe('/api/exports/targets?year=2026');
    expect(exports.exportProvinceMonthlyUrl(2026, 11)).toBe('/api/exports/province-monthly?year=2026&month=11');
  });

  it('downloads through the download util (a refusal is an error, not a file)', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) => {
        calls.push({ url, method: 'GET', headers: {}, body: undefined });
        return new Response(JSON.stringify({ error: { code: 'forbidden', message: '无权导出' } }), { status: 403 });
      }),
    );
    calls = [];
    await expect(exports.exportTargets(2026)).rejects.toMatchObject({ status: 403, code: 'forbidden' });
    expect(calls[0].url).toBe('/api/exports/targets?year=2026');
  });
});
