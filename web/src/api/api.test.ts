// The new API modules build the URLs, methods and bodies of docs/api.md exactly.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as figures from './figures';
import * as targets from './targets';
import * as stats from './stats';
import { listProjects } from './projects';

interface Call {
  url: string;
  method: string;
  body: unknown;
}

let calls: Call[] = [];

beforeEach(() => {
  calls = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit) => {
      calls.push({ url, method: init.method ?? 'GET', body: init.body ? JSON.parse(String(init.body)) : undefined });
      return new Response(JSON.stringify({ items: [], total: 0 }), { status: 200 });
    }),
  );
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('figures API', () => {
  it('reads a month, with or without a unit', async () => {
    await figures.getFigures({ year: 2026, month: 3, unit_id: 7 });
    await figures.getFigures({ year: 2026, month: 3 });
    await figures.getFigures({ year: 2026, month: 3, unit_id: null });
    expect(calls.map((c) => c.url)).toEqual([
      '/api/figures?year=2026&month=3&unit_id=7',
      '/api/figures?year=2026&month=3',
      '/api/figures?year=2026&month=3',
    ]);
    expect(calls[0].method).toBe('GET');
  });

  it('saves, submits, reviews and locks with the contract bodies', async () => {
    const row = { project_id: 1, funds_in_place: 10000, funds_out_of_province: 0, fixed_asset_investment: 1, output_value: 2, tax: 3 };
    await figures.saveFigures({ year: 2026, month: 3, unit_id: 7, version: 0, rows: [row] });
    await figures.saveFigures({ year: 2026, month: 3, unit_id: 7, version: 4, reason: '更正', rows: [row] });
    await figures.submitFigures({ year: 2026, month: 3, unit_id: 7, version: 1 });
    await figures.reviewFigures({ year: 2026, month: 3, unit_id: 7, version: 2, action: 'return', reason: '数据有误' });
    await figures.lockFigures(2026, 3);
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'PUT /api/figures',
      'PUT /api/figures',
      'POST /api/figures/submit',
      'POST /api/figures/review',
      'POST /api/figures/lock',
    ]);
    expect(calls[0].body).toEqual({ year: 2026, month: 3, unit_id: 7, version: 0, rows: [row] });
    expect(calls[1].body).toMatchObject({ reason: '更正' });
    expect(calls[2].body).toEqual({ year: 2026, month: 3, unit_id: 7, version: 1 });
    expect(calls[3].body).toEqual({ year: 2026, month: 3, unit_id: 7, version: 2, action: 'return', reason: '数据有误' });
    expect(calls[4].body).toEqual({ year: 2026, month: 3 });
  });

  it('reads history and submissions', async () => {
    await figures.figureHistory(42, 2026, 12);
    await figures.listSubmissions(2026, 12);
    expect(calls.map((c) => c.url)).toEqual([
      '/api/figures/history?project_id=42&year=2026&month=12',
      '/api/figures/submissions?year=2026&month=12',
    ]);
  });
});

describe('targets API', () => {
  it('reads and saves a year', async () => {
    await targets.getTargets(2026);
    await targets.saveTargets(2026, [
      { indicator: 'provincial_funds', unit_id: 0, value: 2500000000, version: 3 },
      { indicator: 'signed_100m', unit_id: 5, value: null, version: 1 },
    ]);
    expect(calls[0].url).toBe('/api/targets?year=2026');
    expect(calls[1].method).toBe('PUT');
    expect(calls[1].url).toBe('/api/targets');
    expect(calls[1].body).toEqual({
      year: 2026,
      items: [
        { indicator: 'provincial_funds', unit_id: 0, value: 2500000000, version: 3 },
        { indicator: 'signed_100m', unit_id: 5, value: null, version: 1 },
      ],
    });
  });
});

describe('stats API', () => {
  it('builds the statistics queries', async () => {
    await stats.getIndicators(2026);
    await stats.getStats({ year: 2026, month: 6, mode: 'cumulative' });
    await stats.getStats({ year: 2026, month: 6, mode: 'month', unit: 3 });
    await stats.getTrend(2026, 'provincial_funds');
    await stats.getTrend(2026, 'signed_band_1', 3);
    await stats.getFunnel();
    await stats.getFunnel(3);
    await stats.getAlerts(null);
    await stats.getAlerts(3);
    expect(calls.map((c) => c.url)).toEqual([
      '/api/stats/indicators?year=2026',
      '/api/stats?year=2026&month=6&mode=cumulative',
      '/api/stats?year=2026&month=6&mode=month&unit=3',
      '/api/stats/trend?year=2026&indicator=provincial_funds',
      '/api/stats/trend?year=2026&indicator=signed_band_1&unit=3',
      '/api/stats/funnel',
      '/api/stats/funnel?unit=3',
      '/api/stats/alerts',
      '/api/stats/alerts?unit=3',
    ]);
  });

  it('puts a year of settings', async () => {
    const settings: stats.IndicatorSettings = {
      year: 2026,
      threshold_100m: 100000000,
      threshold_large: 1000000000,
      threshold_in_stats: 5000000,
      signed_bands: [
        { lower: 100000000, upper: 500000000 },
        { lower: 500000000, upper: null },
      ],
      emerging_industries: ['新一代信息技术'],
      introduced_window: 'this_year',
      schedule_mode: 'months',
      january_label: 'alone',
      version: 0,
    };
    await stats.saveSettings(2026, settings);
    expect(calls[0]).toEqual({ url: '/api/stats/settings/2026', method: 'PUT', body: settings });
  });
});

describe('projects API ids', () => {
  it('sends ids comma-separated and makes no call for an empty list', async () => {
    await listProjects({ ids: [3, 1, 2], page: 1, page_size: 3 });
    expect(calls[0].url).toBe('/api/projects?page=1&page_size=3&ids=3%2C1%2C2');
    const none = await listProjects({ ids: [] });
    expect(none).toEqual({ items: [], total: 0 });
    expect(calls).toHaveLength(1);
    await listProjects({ q: 'x' });
    expect(calls[1].url).toBe('/api/projects?q=x');
  });
});
