// Monthly figures (draft → submitted → reviewed / returned → locked → corrections), targets,
// indicator settings and the statistics computed from them, against the real server.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  countRows, createInvestor, createProject, expectError, expectStatus, expectUnchanged, isoDate, reachNode, setupCity,
  startWithAdmin, updateProject,
} from './lib/server.mjs';

let server;
let admin;
let city;
const now = new Date(Date.now() + 8 * 3600 * 1000); // the server's business day is UTC+8
const YEAR = now.getUTCFullYear();
const MONTH = now.getUTCMonth() + 1;
const YI = 100_000_000;

const monthOf = async (client, unitId, m = MONTH, y = YEAR) =>
  expectStatus(await client.get(`/api/figures?year=${y}&month=${m}&unit_id=${unitId}`), 200, 'GET figures');

function row(projectId, over = {}) {
  return { project_id: projectId, funds_in_place: 0, funds_out_of_province: 0, fixed_asset_investment: 0, output_value: 0, tax: 0, ...over };
}

before(async () => {
  ({ server, admin } = await startWithAdmin());
  city = await setupCity(admin);
});
after(async () => { await server?.stop(); });

describe('monthly figures', () => {
  test('draft, submit, return, approve, lock, then a correction as a new revision', async () => {
    // Last December: a closed month that this test may lock without touching the others.
    const LY = YEAR - 1;
    const LM = 12;
    const A = city.units.A.id;
    const rep = city.clients.reporterA;
    const disp = city.clients.dispatcher;
    const pid = city.projects.A.id;

    let m = await monthOf(rep, A, LM, LY);
    assert.equal(m.submission.state, 'draft');
    assert.ok(m.items.some((r) => r.project_id === pid && r.revision === 0 && r.funds_in_place === null));

    m = expectStatus(await rep.put('/api/figures', { year: LY, month: LM, unit_id: A, version: m.submission.version,
      rows: [row(pid, { funds_in_place: 3 * YI, funds_out_of_province: 2 * YI, fixed_asset_investment: YI })] }), 200, 'save draft');
    const saved = m.items.find((r) => r.project_id === pid);
    assert.equal(saved.funds_in_place, 3 * YI);
    assert.equal(saved.revision, 1);

    // A draft is overwritten in place: still revision 1.
    m = expectStatus(await rep.put('/api/figures', { year: LY, month: LM, unit_id: A, version: m.submission.version,
      rows: [row(pid, { funds_in_place: 4 * YI, funds_out_of_province: 2 * YI, fixed_asset_investment: YI })] }), 200);
    assert.equal(m.items.find((r) => r.project_id === pid).revision, 1);
    assert.equal(countRows(server.db, 'monthly_figures', `project_id = ${pid}`), 1);

    let s = expectStatus(await rep.post('/api/figures/submit', { year: LY, month: LM, unit_id: A, version: m.submission.version }), 200);
    assert.equal(s.state, 'submitted');
    // Submitted: the reporter cannot change it, nor review it.
    expectError(await rep.put('/api/figures', { year: LY, month: LM, unit_id: A, version: s.version, rows: [row(pid)] }), 409);
    expectError(await rep.post('/api/figures/review', { year: LY, month: LM, unit_id: A, version: s.version, action: 'approve' }), 403);
    expectError(await disp.post('/api/figures/review', { year: LY, month: LM, unit_id: A, version: s.version, action: 'return' }), 422, 'reason');
    s = expectStatus(await disp.post('/api/figures/review', { year: LY, month: LM, unit_id: A, version: s.version, action: 'return', reason: '省外资金需核实' }), 200);
    assert.equal(s.state, 'draft');
    assert.equal(s.return_reason, '省外资金需核实');
    s = expectStatus(await rep.post('/api/figures/submit', { year: LY, month: LM, unit_id: A, version: s.version }), 200);
    s = expectStatus(await disp.post('/api/figures/review', { year: LY, month: LM, unit_id: A, version: s.version, action: 'approve' }), 200);
    assert.equal(s.state, 'reviewed');
    assert.equal(typeof s.submitted_by_name, 'string', 'who submitted, by name');
    assert.ok(s.reviewed_by_name, 'who reviewed, by name');

    const locked = expectStatus(await disp.post('/api/figures/lock', { year: LY, month: LM }), 200);
    assert.ok(locked.items.every((x) => x.state === 'locked'));

    m = await monthOf(rep, A, LM, LY);
    expectError(await rep.put('/api/figures', { year: LY, month: LM, unit_id: A, version: m.submission.version,
      rows: [row(pid, { funds_in_place: 5 * YI })] }), 422, 'reason');
    m = expectStatus(await rep.put('/api/figures', { year: LY, month: LM, unit_id: A, version: m.submission.version, reason: '补报遗漏资金',
      rows: [row(pid, { funds_in_place: 5 * YI, funds_out_of_province: 2 * YI, fixed_asset_investment: YI })] }), 200);
    assert.equal(m.items.find((r) => r.project_id === pid).revision, 2);
    const hist = expectStatus(await rep.get(`/api/figures/history?project_id=${pid}&year=${LY}&month=${LM}`), 200);
    assert.deepEqual(hist.items.map((h) => [h.revision, h.funds_in_place, h.reason]), [[1, 4 * YI, ''], [2, 5 * YI, '补报遗漏资金']]);
    // Each figure change is in the project's history.
    const audit = expectStatus(await admin.get(`/api/projects/${pid}/audit`), 200);
    assert.ok(audit.items.filter((e) => e.entity === 'figure').length >= 3);
  });

  test('bad rows are refused with the field named and nothing written', async () => {
    const B = city.units.B.id;
    const rep = city.clients.reporterB;
    const pid = city.projects.B.id;
    const m = await monthOf(rep, B, 1, YEAR);
    const put = (rows, extra = {}) => rep.put('/api/figures', { year: YEAR, month: 1, unit_id: B, version: m.submission.version, rows, ...extra });
    await expectUnchanged(server.db, async () => {
      expectError(await put([row(pid, { funds_in_place: 10, funds_out_of_province: 11 })]), 422, 'rows[0].funds_out_of_province');
      expectError(await put([row(pid), row(pid, { funds_in_place: -1 })]), 422, 'rows[1].funds_in_place');
      expectError(await put([row(city.projects.A.id, { funds_in_place: 5 })]), 422, 'rows[0].project_id');
      expectError(await put([row(pid, { tax: 'many' })]), 400, 'rows[0].tax');
      expectError(await put([row(pid, { funds_in_place: 1 })], { version: m.submission.version + 7 }), 409);
      expectError(await rep.put('/api/figures', { year: YEAR + 1, month: 1, unit_id: B, version: 0, rows: [] }), 422, 'month');
    });
    assert.equal(countRows(server.db, 'monthly_figures', `project_id = ${pid}`), 0);
  });

  test('submissions list marks late units only after the deadline', async () => {
    const list = expectStatus(await admin.get(`/api/figures/submissions?year=${YEAR - 1}&month=1`), 200);
    assert.ok(list.items.length >= 2);
    assert.ok(list.items.every((x) => x.late === true), 'a draft month long past its deadline is late');
    const current = expectStatus(await admin.get(`/api/figures/submissions?year=${YEAR}&month=${MONTH}`), 200);
    assert.ok(current.items.every((x) => x.late === false), 'this month is not due yet');
    // The dashboard's late units are last month's late ones, by the same rule.
    const lastMonth = MONTH === 1 ? { y: YEAR - 1, m: 12 } : { y: YEAR, m: MONTH - 1 };
    const lastList = expectStatus(await admin.get(`/api/figures/submissions?year=${lastMonth.y}&month=${lastMonth.m}`), 200);
    const alerts = expectStatus(await admin.get('/api/stats/alerts'), 200);
    assert.deepEqual(alerts.late_units.map((u) => u.unit_id).sort((a, b) => a - b),
      lastList.items.filter((x) => x.late).map((x) => x.unit_id).sort((a, b) => a - b));
    const mine = expectStatus(await city.clients.reporterB.get(`/api/figures/submissions?year=${YEAR}&month=${MONTH}`), 200);
    assert.deepEqual(mine.items.map((x) => x.unit_id), [city.units.B.id]);
  });
});

describe('targets, settings and statistics', () => {
  test('a signed 亿元 project with out-of-province funds shows in the indicators, with its target', async () => {
    const A = city.units.A.id;
    const rep = city.clients.reporterA;
    const outInv = await createInvestor(rep, { province_code: '310000', tags: ['private'] });
    let p = await createProject(rep, { unit_id: A, category: 'industry', total_investment: 5 * YI, name: `统计项目${Date.now()}` });
    p = await updateProject(rep, p, { investor_id: outInv.id });
    await reachNode(rep, p.id, 'signed', { investorId: outInv.id, lastDate: isoDate(0) });

    const before = expectStatus(await admin.get(`/api/stats?year=${YEAR}&month=${MONTH}`), 200);
    const funds0 = before.indicators.find((i) => i.key === 'provincial_funds').city.actual;
    const signed0 = before.indicators.find((i) => i.key === 'signed_100m').city;
    assert.ok(signed0.project_ids.includes(p.id), 'the new signing counts');
    const band = before.indicators.find((i) => i.key === 'signed_band_2'); // [5亿, 10亿): 5亿 exactly
    assert.ok(band.city.project_ids.includes(p.id), '5亿 falls in the 5–10亿 band');
    assert.ok(!before.indicators.find((i) => i.key === 'signed_band_1').city.project_ids.includes(p.id));

    const m = await monthOf(rep, A);
    expectStatus(await rep.put('/api/figures', { year: YEAR, month: MONTH, unit_id: A, version: m.submission.version,
      rows: [row(p.id, { funds_in_place: 3 * YI, funds_out_of_province: 123_456_789 })] }), 200);
    const after = expectStatus(await admin.get(`/api/stats?year=${YEAR}&month=${MONTH}`), 200);
    const funds = after.indicators.find((i) => i.key === 'provincial_funds');
    assert.equal(funds.city.actual, funds0 + 123_456_789, 'the engine sees the new figure');
    assert.ok(funds.city.project_ids.includes(p.id));

    // A city target gives completion, schedule and the ahead/behind wording.
    const t = expectStatus(await admin.get(`/api/targets?year=${YEAR}`), 200);
    const cur = t.items.find((x) => x.indicator === 'signed_100m' && x.unit_id === 0);
    expectStatus(await city.clients.dispatcher.put('/api/targets', { year: YEAR,
      items: [{ indicator: 'signed_100m', unit_id: 0, value: 1000, version: cur ? cur.version : 0 }] }), 200);
    const withTarget = expectStatus(await admin.get(`/api/stats?year=${YEAR}&month=${MONTH}`), 200)
      .indicators.find((i) => i.key === 'signed_100m').city;
    assert.equal(withTarget.target, 1000);
    assert.ok(withTarget.completion_display.endsWith('%'));
    assert.equal(withTarget.ahead_word, '落后', 'a handful of signings against 1000 is behind schedule');

    // The funnel and the trend carry the projects behind each number.
    const funnel = expectStatus(await admin.get(`/api/stats/funnel?unit=${A}`), 200);
    const signedStage = funnel.items.find((i) => i.node === 'signed');
    assert.ok(signedStage.project_ids.includes(p.id));
    assert.equal(signedStage.count, signedStage.project_ids.length);
    const trend = expectStatus(await admin.get(`/api/stats/trend?year=${YEAR}&indicator=signed_100m`), 200);
    assert.equal(trend.this_year.length, 12);
    assert.ok(trend.this_year_ids[MONTH - 1].includes(p.id), 'signed this month');
    assert.equal(trend.this_year[MONTH - 1], trend.this_year_ids[MONTH - 1].length);
    if (MONTH < 12) assert.equal(trend.this_year[MONTH], null, 'months to come are null');

    // The reporter sees its own unit only, and no city figure.
    const mine = expectStatus(await rep.get(`/api/stats?year=${YEAR}&month=${MONTH}`), 200);
    assert.deepEqual(mine.units.map((u) => u.id), [A]);
    assert.equal(mine.indicators[0].city, null);
    expectError(await rep.get(`/api/stats?year=${YEAR}&month=${MONTH}&unit=${city.units.B.id}`), 404);
  });

  test('targets: unknown indicator, stale version, negative value → refused, nothing written', async () => {
    const disp = city.clients.dispatcher;
    await expectUnchanged(server.db, async () => {
      expectError(await disp.put('/api/targets', { year: 2024, items: [{ indicator: 'moon_landings', unit_id: 0, value: 1, version: 0 }] }), 422, 'items[0].indicator');
      expectError(await disp.put('/api/targets', { year: 2024, items: [{ indicator: 'signed_100m', unit_id: 0, value: -1, version: 0 }] }), 422, 'items[0].value');
      expectError(await disp.put('/api/targets', { year: 2024, items: [{ indicator: 'signed_100m', unit_id: 0, value: 1, version: 0 },
        { indicator: 'signed_100m', unit_id: 999999, value: 1, version: 0 }] }), 422, 'items[1].unit_id');
    });
    assert.equal(countRows(server.db, 'targets', 'year = 2024'), 0, 'all or nothing');
  });

  test('indicator settings: a year\'s bands change that year only', async () => {
    const y = 2019;
    const cur = expectStatus(await admin.get(`/api/stats/indicators?year=${y}`), 200);
    assert.equal(cur.settings.version, 0);
    const bands = [{ lower: YI, upper: 20 * YI }, { lower: 20 * YI, upper: null }];
    const saved = expectStatus(await admin.put(`/api/stats/settings/${y}`, { ...cur.settings, signed_bands: bands }), 200);
    assert.equal(saved.version, 1);
    const again = expectStatus(await admin.get(`/api/stats/indicators?year=${y}`), 200);
    assert.deepEqual(again.indicators.filter((i) => i.key.startsWith('signed_band_')).map((i) => i.key), ['signed_band_1', 'signed_band_2']);
    const other = expectStatus(await admin.get(`/api/stats/indicators?year=${y + 1}`), 200);
    assert.equal(other.indicators.filter((i) => i.key.startsWith('signed_band_')).length, 3);
    expectError(await admin.put(`/api/stats/settings/${y}`, { ...saved, signed_bands: [{ lower: 5 * YI, upper: YI }] }), 422);
    expectError(await admin.put(`/api/stats/settings/${y}`, { ...cur.settings }), 409);
  });
});
