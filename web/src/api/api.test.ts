// The new API modules build the URLs, methods and bodies of docs/api.md exactly.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as figures from './figures';
import * as targets from './targets';
import * as stats from './stats';
import { listProjects } from './projects';
import * as activities from './activities';
import * as weekly from './weekly';
import * as reports from './reports';

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

describe('activities API', () => {
  const input: activities.ActivityInput = {
    unit_id: 3, kind: 'visit', date: '2026-05-06', end_date: null, title: '', leader: '', destination: '', place: '',
    company: '某集团', companies: '', persons: 4, brochures: 0, enterprises_visited: 0, key_talks: 0, contacts: 0,
    follow_ups: 0, outcome: '',
  };

  it('lists with the contract filters, leaving out empty ones', async () => {
    await activities.listActivities({ page: 2, page_size: 20, kind: 'exhibition', unit_id: 3, from: '2026-01-01', to: '2026-06-30', q: '徽商', sort: '-date' });
    await activities.listActivities({ kind: '', unit_id: null, from: null, to: null, q: '' });
    expect(calls.map((c) => c.url)).toEqual([
      '/api/activities?page=2&page_size=20&kind=exhibition&unit_id=3&from=2026-01-01&to=2026-06-30&q=%E5%BE%BD%E5%95%86&sort=-date',
      '/api/activities',
    ]);
  });

  it('reads, creates, updates and deletes', async () => {
    await activities.getActivity(9);
    await activities.createActivity(input);
    await activities.updateActivity(9, { ...input, version: 2 });
    await activities.deleteActivity(9);
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'GET /api/activities/9',
      'POST /api/activities',
      'PUT /api/activities/9',
      'DELETE /api/activities/9',
    ]);
    expect(calls[1].body).toEqual(input);
    expect(calls[2].body).toEqual({ ...input, version: 2 });
  });
});

describe('weekly reports API', () => {
  it('reads a week and saves, submits or reopens a unit', async () => {
    await weekly.getWeeklyReports(2026, 1);
    await weekly.saveWeeklyReport(5, 2026, 53, { progress: '进展', problems: '', submit: false, version: 0 });
    await weekly.saveWeeklyReport(5, 2026, 53, { progress: '进展', problems: '问题', submit: true, version: 1 });
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'GET /api/weekly-reports?year=2026&week=1',
      'PUT /api/weekly-reports/5/2026/53',
      'PUT /api/weekly-reports/5/2026/53',
    ]);
    expect(calls[1].body).toEqual({ progress: '进展', problems: '', submit: false, version: 0 });
    expect(calls[2].body).toEqual({ progress: '进展', problems: '问题', submit: true, version: 1 });
  });
});

describe('reports API', () => {
  const summary: reports.PeriodReport = { type: 'summary', year: 2026, month: 6 };

  it('reads drafts with each type’s period', async () => {
    await reports.getDraft(summary);
    await reports.getDraft({ type: 'monthly', year: 2026, month: 10 });
    await reports.getDraft({ type: 'weekly', year: 2026, week: 48 });
    await reports.getDraft({ type: 'weekly', year: 2026, week: 48, unit_id: 4 });
    await reports.getDraft({ type: 'weekly', year: 2026, week: 48, unit_id: null });
    await reports.getDraft({ type: 'quarterly', year: 2026, quarter: 3 });
    await reports.getDraft({ type: 'ledger', unit_id: 2, stage: 'signed', status: '', is_key: true, q: '新能源' });
    await reports.getDraft({ type: 'ledger', is_key: '' });
    expect(calls.map((c) => c.url)).toEqual([
      '/api/reports/draft?type=summary&year=2026&month=6',
      '/api/reports/draft?type=monthly&year=2026&month=10',
      '/api/reports/draft?type=weekly&year=2026&week=48',
      '/api/reports/draft?type=weekly&year=2026&week=48&unit_id=4',
      '/api/reports/draft?type=weekly&year=2026&week=48',
      '/api/reports/draft?type=quarterly&year=2026&quarter=3',
      '/api/reports/draft?type=ledger&unit_id=2&stage=signed&is_key=true&q=%E6%96%B0%E8%83%BD%E6%BA%90',
      '/api/reports/draft?type=ledger',
    ]);
  });

  it('asks a ledger draft for one page; other types have none', async () => {
    await reports.getDraft({ type: 'ledger', stage: 'signed' }, { page: 3, page_size: 200 });
    await reports.getDraft(summary, { page: 3, page_size: 200 });
    expect(calls.map((c) => c.url)).toEqual([
      '/api/reports/draft?type=ledger&stage=signed&page=3&page_size=200',
      '/api/reports/draft?type=summary&year=2026&month=6',
    ]);
  });

  it('saves edits and publishes with the period in the body', async () => {
    await reports.saveDraft(summary, { 's2.1': '新的文字' }, 3);
    await reports.saveDraft({ type: 'weekly', year: 2026, week: 2, unit_id: 4 }, {}, 0);
    await reports.publishReport(summary, { edits: { 's2.1': '新的文字' }, version: 4 });
    await reports.publishReport({ type: 'quarterly', year: 2026, quarter: 2 }, { version: 0, note: '更正入统数' });
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'PUT /api/reports/draft',
      'PUT /api/reports/draft',
      'POST /api/reports/publish',
      'POST /api/reports/publish',
    ]);
    expect(calls[0].body).toEqual({ type: 'summary', year: 2026, month: 6, edits: { 's2.1': '新的文字' }, version: 3 });
    expect(calls[1].body).toEqual({ type: 'weekly', year: 2026, week: 2, unit_id: 4, edits: {}, version: 0 });
    expect(calls[2].body).toEqual({ type: 'summary', year: 2026, month: 6, edits: { 's2.1': '新的文字' }, version: 4 });
    expect(calls[3].body).toEqual({ type: 'quarterly', year: 2026, quarter: 2, version: 0, note: '更正入统数' });
  });

  it('lists and reads published reports', async () => {
    await reports.listReports();
    await reports.listReports({ type: 'summary', year: 2026 });
    await reports.listReports({ type: '', year: null });
    await reports.getReport(12);
    expect(calls.map((c) => c.url)).toEqual([
      '/api/reports',
      '/api/reports?type=summary&year=2026',
      '/api/reports',
      '/api/reports/12',
    ]);
  });

  it('builds the download URLs without calling the server', () => {
    expect(reports.renderUrl(summary, 'docx')).toBe('/api/reports/render?type=summary&year=2026&month=6&format=docx');
    expect(reports.renderUrl({ type: 'ledger', unit_id: 2, is_key: false }, 'xlsx')).toBe(
      '/api/reports/render?type=ledger&unit_id=2&is_key=false&format=xlsx',
    );
    expect(reports.downloadUrl(12, 'xlsx')).toBe('/api/reports/12/download?format=xlsx');
    expect(reports.reportFormats('ledger')).toEqual(['xlsx', 'html']);
    expect(reports.reportFormats('monthly')).toEqual(['docx', 'xlsx', 'html']);
    expect(calls).toEqual([]);
  });
});
