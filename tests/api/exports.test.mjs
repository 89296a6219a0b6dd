// Exports (docs/api.md "Exports") against a fixed dataset built through the API with the server's day
// fixed at 2026-07-10. Every file is read back with openpyxl (tests/tools/read_xlsx.py), never with our
// own reader: the project, investor and monthly exports cell by cell against the list the API answers
// for the same filters (money exactly: the 万元 value × 10000 is the yuan amount), the targets against
// GET /api/targets, the provincial monthly report row by row and total by total against figures worked
// out by hand; who may export what; bad requests; and an exported file imported again changes nothing.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  REPO_ROOT, countRows, createInvestor, createProject, expectError, expectStatus, getProject, reachNode, setupCity,
  sleep, startWithAdmin, updateProject,
} from './lib/server.mjs';

const TODAY = '2026-07-10';
const CITY = '桐城市';
const PY = '/usr/bin/python3';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

let server;
let admin;
let city;
let tmp;
const U = {}; // units by key
const P = {}; // projects by key
const I = {}; // investors by key

// ---------------------------------------------------------------------------------------------
// Reading files

function readXlsx(bytes) {
  const file = path.join(tmp, `x${crypto.randomBytes(6).toString('hex')}.xlsx`);
  fs.writeFileSync(file, bytes);
  const out = execFileSync(PY, [path.join(REPO_ROOT, 'tests', 'tools', 'read_xlsx.py'), file],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const wb = JSON.parse(out);
  assert.equal(wb.zip_bad_entry, null, 'the zip is sound');
  assert.equal(wb.sheets.length, 1, 'one sheet');
  return wb.sheets[0];
}

/** The sheet as rows (1-based row numbers → 1-based column numbers → cell), and its extent. */
function table(sheet) {
  const rows = new Map();
  let maxRow = 0;
  let maxCol = 0;
  for (const c of sheet.cells) {
    if (!rows.has(c.row)) rows.set(c.row, new Map());
    rows.get(c.row).set(c.col, c);
    maxRow = Math.max(maxRow, c.row);
    maxCol = Math.max(maxCol, c.col);
  }
  return { maxRow, maxCol, at: (r, c) => rows.get(r)?.get(c), row: (r) => rows.get(r) ?? new Map() };
}

/** Content-Disposition: attachment; filename*=UTF-8''… → the decoded name. */
function attachmentName(res) {
  const cd = res.headers.get('content-disposition') ?? '';
  assert.match(cd, /^attachment;\s*filename\*=UTF-8''[^\s;]+$/i, `Content-Disposition: ${cd}`);
  return decodeURIComponent(cd.replace(/^attachment;\s*filename\*=UTF-8''/i, ''));
}

const qs = (params) => new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined)
  .map(([k, v]) => [k, String(v)])).toString();

/** GET an export; asserts 200, the content type and the file name; answers {sheet, name, bytes}. */
async function exportOf(client, kind, params = {}, what = '') {
  const res = await client.get(`/api/exports/${kind}?${qs(params)}`);
  expectStatus(res, 200, `export ${kind} ${qs(params)} ${what}`);
  assert.equal(res.headers.get('content-type'), XLSX_TYPE, 'content type');
  const name = attachmentName(res);
  assert.match(name, /\.xlsx$/, 'file name');
  return { sheet: readXlsx(res.bytes), name, bytes: res.bytes };
}

// --- exact money: a number cell in 万元 (or 亿元) back to yuan, by decimal text, never by multiplying floats
function toYuan(value, decimals) {
  const s = String(value); // the shortest text that reads back as the same double: "12345.6789", "1e-8"
  const m = /^(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/.exec(s);
  assert.ok(m, `money cell ${s} is a non-negative number`);
  const [, whole, frac = '', exp = '0'] = m;
  // digits × 10^(exp − frac.length) yuan-units; scale by 10^decimals and require a whole number.
  const shift = Number(exp) - frac.length + decimals;
  const digits = BigInt(whole + frac);
  if (shift >= 0) return digits * 10n ** BigInt(shift);
  const d = 10n ** BigInt(-shift);
  assert.equal(digits % d, 0n, `money cell ${s} has more than ${decimals} decimals: not an exact amount`);
  return digits / d;
}

// Expected cells: {t: 's'|'n'|'d'|'empty', v}. Money compares in yuan, dates as YYYY-MM-DD.
const E = {
  text: (s) => (s === null || s === undefined || s === '' ? { t: 'empty' } : { t: 's', v: String(s) }),
  wan: (yuan) => ({ t: 'money', v: BigInt(yuan), decimals: 4 }),
  yi: (yuan) => ({ t: 'money', v: BigInt(yuan), decimals: 8 }),
  num: (n) => ({ t: 'n', v: n }),
  date: (d) => (d ? { t: 'd', v: d } : { t: 'empty' }),
  empty: () => ({ t: 'empty' }),
};

/** Asserts that a read cell is the expected one. */
function expectCell(cell, want, where) {
  if (want.t === 'empty') {
    assert.ok(cell === undefined || cell.value === '' , `${where}: expected an empty cell, got ${JSON.stringify(cell)}`);
    return;
  }
  assert.ok(cell, `${where}: expected ${JSON.stringify(want, (k, v) => (typeof v === 'bigint' ? String(v) : v))}, got an empty cell`);
  switch (want.t) {
    case 's':
      assert.equal(cell.type, 's', `${where}: a text cell (${JSON.stringify(cell)})`);
      assert.equal(cell.value, want.v, where);
      break;
    case 'money':
      assert.equal(cell.type, 'n', `${where}: a number cell (${JSON.stringify(cell)})`);
      assert.equal(toYuan(cell.value, want.decimals), want.v, `${where}: ${cell.value} is not ${want.v} yuan`);
      break;
    case 'n':
      assert.equal(cell.type, 'n', `${where}: a number cell (${JSON.stringify(cell)})`);
      assert.equal(Number(cell.value), want.v, where);
      break;
    case 'd':
      assert.equal(cell.type, 'd', `${where}: a date cell, not text or a bare number (${JSON.stringify(cell)})`);
      assert.equal(String(cell.value).slice(0, 10), want.v, where);
      break;
    default:
      throw new Error(`unknown expectation ${want.t}`);
  }
}

/** Asserts the header row and then every data row, cell by cell; `rows` are arrays of expectations. */
function expectSheet(sheet, headers, rows, what, headerRow = 1) {
  const t = table(sheet);
  const got = [...t.row(headerRow).values()].sort((a, b) => a.col - b.col).map((c) => c.value);
  assert.deepEqual(got, headers, `${what}: header row`);
  for (const [col, h] of headers.entries()) assert.equal(t.at(headerRow, col + 1)?.type, 's', `${what}: header ${h} is text`);
  assert.equal(t.maxRow, headerRow + rows.length, `${what}: ${rows.length} data rows (last row ${t.maxRow})`);
  assert.ok(t.maxCol <= headers.length, `${what}: no cells beyond the last column`);
  rows.forEach((row, i) => {
    row.forEach((want, j) => expectCell(t.at(headerRow + 1 + i, j + 1), want, `${what} row ${headerRow + 1 + i} ${headers[j]}`));
  });
}

// ---------------------------------------------------------------------------------------------
// What the exports must hold, from the API's own answers

const NODE_ZH = [['lead', '线索'], ['negotiating', '在谈'], ['prereview', '预审'], ['signed', '签约'], ['registered', '注册'],
  ['land', '供地'], ['started', '开工'], ['in_stats', '入统'], ['producing', '投产'], ['above_scale', '入规'],
  ['full_capacity', '达产']];
const CATEGORY_ZH = { industry: '工业', service: '服务业', agriculture: '农业', other: '其他' };
const PROV_DB_ZH = { none: '未上报', pending: '待审核', confirmed: '已认定', rejected: '未通过' };
const ROUTE_ZH = { upgrade: '小升规', new_production: '新投产入规' };
const TAG_ZH = { central_soe: '央企', state_owned: '国企', private: '民企', foreign: '外资', listed: '上市公司',
  fortune500: '世界500强', industry_leader: '行业龙头' };
const yesNo = (b) => E.text(b ? '是' : '否');

/** The project ledger's columns (docs/imports.md): header → the expected cell of a Project (with nodes) and its investor. */
const PROJECT_COLUMNS = [
  ['项目编号', (p) => E.text(p.code)],
  ['项目名称', (p) => E.text(p.name)],
  ['责任单位', (p) => E.text(p.unit_name)],
  ['投资方', (p) => E.text(p.investor_name)],
  ['投资方统一社会信用代码', (p, inv) => E.text(inv?.uscc)],
  ['项目类别', (p) => E.text(CATEGORY_ZH[p.category])],
  ['国民经济行业代码', (p) => E.text(p.industry_code)],
  ['产业链', (p) => E.text(p.chain_name)],
  ['新兴产业', (p) => E.text(p.emerging_industry)],
  ['总投资（万元）', (p) => E.wan(p.total_investment)],
  ['固定资产投资（万元）', (p) => E.wan(p.fixed_asset_investment)],
  ['用地面积（亩）', (p) => (p.land_area_mu ? E.num(p.land_area_mu) : E.empty())],
  ['包保领导', (p) => E.text(p.leader_in_charge)],
  ['引荐人', (p) => E.text(p.referrer)],
  ['招引单位', (p) => E.text(p.introducing_unit)],
  ['第一引资人', (p) => E.text(p.first_introducer)],
  ['重点项目', (p) => yesNo(p.is_key)],
  ['入省库状态', (p) => E.text(PROV_DB_ZH[p.prov_db_status])],
  ['上报省库日期', (p) => E.date(p.prov_db_reported_date)],
  ['省库认定日期', (p) => E.date(p.prov_db_confirmed_date)],
  ['入规方式', (p) => E.text(ROUTE_ZH[p.above_scale_route])],
  ['是否终止', (p) => yesNo(p.terminated)],
  ['终止原因', (p) => E.text(p.termination_reason)],
  ...NODE_ZH.flatMap(([key, zh]) => [
    [`${zh}计划日期`, (p) => E.date(p.nodes.find((n) => n.node === key).planned_date)],
    [`${zh}日期`, (p) => E.date(p.nodes.find((n) => n.node === key).actual_date)],
  ]),
];

const INVESTOR_COLUMNS = [
  ['投资方名称', (i) => E.text(i.name)],
  ['统一社会信用代码', (i) => E.text(i.uscc)],
  ['注册地省份', (i) => E.text(i.province_name)],
  ['注册地城市', (i) => E.text(i.city_name)],
  ['标签', (i) => E.text(i.tags.map((t) => TAG_ZH[t]).join('、'))],
];

const MONTHLY_COLUMNS = [
  ['项目编号', (r) => E.text(r.project_code)],
  ['项目名称', (r) => E.text(r.project_name)],
  ['责任单位', (r, g) => E.text(g.unit_name)],
  ['月份', (r, g) => E.text(`${g.year}-${String(g.month).padStart(2, '0')}`)],
  ...[['到位资金（万元）', 'funds_in_place'], ['其中省外资金（万元）', 'funds_out_of_province'],
    ['固定资产投资（万元）', 'fixed_asset_investment'], ['产值（万元）', 'output_value'], ['税收（万元）', 'tax']]
    .map(([h, k]) => [h, (r) => (r[k] === null ? E.empty() : E.wan(r[k]))]),
];

/** Every item of a paged list (page_size 200). */
async function listAll(client, p, params = {}) {
  const items = [];
  for (let page = 1; ; page++) {
    const body = expectStatus(await client.get(`${p}?${qs({ ...params, page, page_size: 200 })}`), 200, `GET ${p}`);
    items.push(...body.items);
    if (items.length >= body.total || body.items.length === 0) return items;
  }
}

const investorCache = new Map();
async function investorOf(id) {
  if (id === null) return null;
  if (!investorCache.has(id)) investorCache.set(id, expectStatus(await admin.get(`/api/investors/${id}`), 200, 'GET investor'));
  return investorCache.get(id);
}

/** The expected rows of a project export: GET /api/projects with the same filters, each with its ledger. */
async function expectedProjectRows(client, params) {
  const rows = [];
  for (const item of await listAll(client, '/api/projects', params)) {
    const full = await getProject(admin, item.id);
    // The list row is what the export must equal; the ledger comes from the single object.
    const p = { ...item, nodes: full.nodes };
    const inv = await investorOf(p.investor_id);
    rows.push(PROJECT_COLUMNS.map(([, f]) => f(p, inv)));
  }
  return rows;
}

async function expectedInvestorRows(client, params) {
  return (await listAll(client, '/api/investors', params)).map((i) => INVESTOR_COLUMNS.map(([, f]) => f(i)));
}

async function expectedMonthlyRows(client, year, month, unitIds) {
  const rows = [];
  for (const unitId of unitIds) {
    const g = expectStatus(await client.get(`/api/figures?${qs({ year, month, unit_id: unitId })}`), 200, 'GET figures');
    for (const r of g.items) rows.push(MONTHLY_COLUMNS.map(([, f]) => f(r, g)));
  }
  return rows;
}

const headersOf = (cols) => cols.map(([h]) => h);

// ---------------------------------------------------------------------------------------------
// The dataset

async function putFigures(unitId, year, month, rows, reason) {
  const cur = expectStatus(await admin.get(`/api/figures?year=${year}&month=${month}&unit_id=${unitId}`), 200, 'GET figures');
  const full = rows.map((r) => ({ funds_in_place: 0, funds_out_of_province: 0, fixed_asset_investment: 0, output_value: 0, tax: 0, ...r }));
  const body = { year, month, unit_id: unitId, version: cur.submission.version, rows: full, ...(reason ? { reason } : {}) };
  return expectStatus(await admin.put('/api/figures', body), 200, `PUT figures ${unitId} ${year}-${month}`);
}

async function buildDataset() {
  city = await setupCity(admin); // units A (sort 1) and B (sort 2), a project in each
  U.A = city.units.A;
  U.B = city.units.B;
  // Unit C sorts first although it was created last: the provincial report follows sort_order, not ids.
  U.C = expectStatus(await admin.post('/api/units', { code: `UC${city.suffix}`, name: `丙园区${city.suffix}`, kind: 'park', sort_order: 0 }), 201);
  I.JS = await createInvestor(admin, { province_code: '320000', name: '江苏长江新能源有限公司', tags: ['private', 'listed'] });
  I.ZJ = await createInvestor(admin, { province_code: '330000', name: '浙江之江智造股份有限公司', tags: ['state_owned'] });
  I.AH = await createInvestor(admin, { province_code: '340000', name: '安徽本省配套有限公司', tags: [] });
  I.ofA = await createInvestor(city.clients.reporterA, { province_code: '440000', name: '=广东甲镇自建投资方', tags: ['foreign'] });

  const chains = expectStatus(await admin.get('/api/chains'), 200).items;
  const industries = expectStatus(await admin.get('/api/industries'), 200).items;
  const industry = industries.find((i) => i.level === 4 && i.code.startsWith('C'));

  // P1 (A): everything filled in, signed 2026-03-15; out-of-province funds in March (corrected) and June.
  P.P1 = await createProject(admin, { code: 'EXA002', unit_id: U.A.id, name: '长江新能源电池项目', investor_id: I.JS.id,
    category: 'industry', total_investment: 250_001_234, fixed_asset_investment: 150_000_001, land_area_mu: 12.5,
    industry_code: industry.code, chain_id: chains[0]?.id ?? null, emerging_industry: '新材料', leader_in_charge: '王副市长',
    referrer: '李引荐', introducing_unit: '市商务局', first_introducer: '张三', is_key: true });
  await reachNode(admin, P.P1.id, 'signed', { investorId: I.JS.id, on: '2026-03-15' });
  P.P1 = await updateProject(admin, await getProject(admin, P.P1.id), { above_scale_route: 'upgrade' });
  // P2 (A): a name a spreadsheet would run as a formula; reported to the province on the month's last day.
  P.P2 = await createProject(admin, { code: 'EXA001', unit_id: U.A.id, name: '=HYPERLINK("http://x","之江智造")', investor_id: I.ZJ.id,
    category: 'service', total_investment: 80_000_000, prov_db_status: 'pending', prov_db_reported_date: '2026-06-30' });
  // P7 (A): reported after the month's end, no funds: not in June's report.
  P.P7 = await createProject(admin, { code: 'EXA003', unit_id: U.A.id, name: '七月上报项目', category: 'industry',
    total_investment: 30_000_000, prov_db_status: 'pending', prov_db_reported_date: '2026-07-02' });
  // P3 (B): in-province investor, reported 2026-07-01 and confirmed 2026-07-05: not in June's report.
  P.P3 = await createProject(admin, { code: 'EXB003', unit_id: U.B.id, name: '本省配套项目', investor_id: I.AH.id,
    category: 'agriculture', total_investment: 10_000_000, prov_db_status: 'confirmed', prov_db_reported_date: '2026-07-01',
    prov_db_confirmed_date: '2026-07-05' });
  // P4 (B): funds only last year, but reported (and turned down) in February.
  P.P4 = await createProject(admin, { code: 'EXB001', unit_id: U.B.id, name: '未通过项目', category: 'other',
    total_investment: 5_000_000, prov_db_status: 'rejected', prov_db_reported_date: '2026-02-01' });
  // P8 (B): no investor, out-of-province funds in June.
  P.P8 = await createProject(admin, { code: 'EXB002', unit_id: U.B.id, name: '无投资方项目', category: 'industry',
    total_investment: 0 });
  // P5 (C): one yuan in January, more in July (after the report's month).
  P.P5 = await createProject(admin, { code: 'EXC001', unit_id: U.C.id, name: '一元项目', investor_id: I.JS.id,
    category: 'industry', total_investment: 1 });
  // P6 (C): funds in May, then terminated: never in the report.
  P.P6 = await createProject(admin, { code: 'EXC002', unit_id: U.C.id, name: '终止项目', investor_id: I.JS.id,
    category: 'industry', total_investment: 40_000_000 });

  await putFigures(U.A.id, 2026, 3, [{ project_id: P.P1.id, funds_in_place: 30_000_000, funds_out_of_province: 10_000_000 }]);
  await putFigures(U.A.id, 2026, 6, [{ project_id: P.P1.id, funds_in_place: 6_000_000, funds_out_of_province: 5_000_050,
    fixed_asset_investment: 1_234_567, output_value: 7, tax: 12_345 }]);
  await putFigures(U.B.id, 2025, 12, [{ project_id: P.P4.id, funds_in_place: 3_000_000, funds_out_of_province: 3_000_000 }]);
  await putFigures(U.B.id, 2026, 6, [{ project_id: P.P8.id, funds_in_place: 2_500_000, funds_out_of_province: 2_000_000 }]);
  await putFigures(U.C.id, 2026, 1, [{ project_id: P.P5.id, funds_in_place: 1, funds_out_of_province: 1 }]);
  await putFigures(U.C.id, 2026, 7, [{ project_id: P.P5.id, funds_in_place: 4_000_000, funds_out_of_province: 4_000_000 }]);
  await putFigures(U.C.id, 2026, 5, [{ project_id: P.P6.id, funds_in_place: 700_000, funds_out_of_province: 700_000 }]);
  P.P6 = await updateProject(admin, P.P6, { terminated: true, termination_reason: '投资方撤资' });
  // March is locked (its bulletin went out) and then corrected: the current revision counts.
  expectStatus(await admin.post('/api/figures/lock', { year: 2026, month: 3 }), 200, 'lock March');
  await putFigures(U.A.id, 2026, 3, [{ project_id: P.P1.id, funds_in_place: 30_000_000, funds_out_of_province: 12_000_000 }], '省外资金更正');

  // Targets for 2026 (unit_id 0 = the city): money in yuan, counts.
  const items = [['provincial_funds', 0, 2_500_000_000], ['provincial_funds', U.A.id, 123_456_789], ['signed_100m', 0, 12],
    ['signed_100m', U.B.id, 3], ['new_fixed_asset', U.C.id, 1]]
    .map(([indicator, unit_id, value]) => ({ indicator, unit_id, value, version: 0 }));
  expectStatus(await admin.put('/api/targets', { year: 2026, items }), 200, 'PUT targets');
}

before(async () => {
  tmp = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'zs-exports-'));
  ({ server, admin } = await startWithAdmin({ today: TODAY, settings: { city_name: CITY } }));
  await buildDataset();
});
after(async () => {
  await server?.stop();
  if (tmp && !process.env.ZS_KEEP_TMP) await fs.promises.rm(tmp, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------

describe('requests', () => {
  test('bad parameters answer 400 naming the parameter; a month that has not begun 422 on month', async () => {
    const cases = [
      ['province-monthly', {}, 400, 'year'],
      ['province-monthly', { year: 2026 }, 400, 'month'],
      ['province-monthly', { month: 6 }, 400, 'year'],
      ['province-monthly', { year: 'abc', month: 6 }, 400, 'year'],
      ['province-monthly', { year: 2026, month: 13 }, 400, 'month'],
      ['province-monthly', { year: 2026, month: 0 }, 400, 'month'],
      ['province-monthly', { year: 2026, month: 8 }, 422, 'month'],
      ['province-monthly', { year: 2027, month: 1 }, 422, 'month'],
      ['monthly', { month: 6 }, 400, 'year'],
      ['monthly', { year: 2026 }, 400, 'month'],
      ['monthly', { year: 2026, month: 'x' }, 400, 'month'],
      ['monthly', { year: 2026, month: 8 }, 422, 'month'],
      ['monthly', { year: 2026, month: 6, unit_id: 'x' }, 400, 'unit_id'],
      ['targets', {}, 400, 'year'],
      ['targets', { year: 1800 }, 400, 'year'],
      ['projects', { category: 'nonsense' }, 400, 'category'],
      ['projects', { sort: 'nonsense' }, 400, 'sort'],
      ['projects', { signed_from: '2026-02-30' }, 400, 'signed_from'],
      ['projects', { is_key: 'maybe' }, 400, 'is_key'],
      ['investors', { sort: 'nonsense' }, 400, 'sort'],
      ['investors', { out_of_province: 'maybe' }, 400, 'out_of_province'],
    ];
    for (const [kind, params, status, field] of cases) {
      expectError(await admin.get(`/api/exports/${kind}?${qs(params)}`), status, field, `${kind} ${qs(params)}`);
    }
    // This month has begun: its exports answer.
    await exportOf(admin, 'province-monthly', { year: 2026, month: 7 });
    await exportOf(admin, 'monthly', { year: 2026, month: 7 });
    // A unit that does not exist.
    expectError(await admin.get('/api/exports/monthly?year=2026&month=6&unit_id=999999'), 404, undefined, 'unknown unit');
  });

  test('who may export: as the lists, and the city-wide tables for staff and leaders only', async () => {
    const { reporterA, reporterB, leader, reviewer, dispatcher } = city.clients;
    const month = { year: 2026, month: 6 };
    for (const kind of ['projects', 'investors', 'monthly', 'targets', 'province-monthly']) {
      const params = kind === 'targets' ? { year: 2026 } : ['monthly', 'province-monthly'].includes(kind) ? month : {};
      expectError(await reviewer.get(`/api/exports/${kind}?${qs(params)}`), 403, undefined, `reviewer ${kind}`);
      await exportOf(leader, kind, params, 'leader');
      await exportOf(dispatcher, kind, params, 'dispatcher');
    }
    for (const [kind, params] of [['targets', { year: 2026 }], ['province-monthly', month]]) {
      expectError(await reporterA.get(`/api/exports/${kind}?${qs(params)}`), 403, undefined, `reporter ${kind}`);
    }
    expectError(await reporterB.get(`/api/exports/monthly?${qs({ ...month, unit_id: U.A.id })}`), 404, undefined, 'another unit\'s month');
    const anonymous = await fetch(`${server.baseUrl}/api/exports/projects`);
    assert.equal(anonymous.status, 401);
  });
});

describe('project ledger', () => {
  test('headers are the import\'s canonical columns; every row and cell equals GET /api/projects, for each filter', async () => {
    const filters = [
      {},
      { unit_id: U.A.id },
      { q: 'EXB' },
      { category: 'industry' },
      { is_key: true },
      { stage: 'signed' },
      { status: 'terminated' },
      { signed_from: '2026-03-01', signed_to: '2026-03-31' },
      { industry_code: 'C' },
      { chain_id: P.P1.chain_id ?? undefined },
      { ids: `${P.P2.id},${P.P4.id},${P.P6.id}` },
      { sort: 'name' },
      { sort: '-total_investment' },
      { sort: 'code', unit_id: U.C.id },
    ];
    const all = countRows(server.db, 'projects');
    for (const params of filters) {
      const { sheet, name } = await exportOf(admin, 'projects', params);
      assert.equal(name, `项目台账${TODAY}.xlsx`);
      const rows = await expectedProjectRows(admin, params);
      if (Object.keys(params).length === 0) assert.equal(rows.length, all, 'no filter: every project');
      expectSheet(sheet, headersOf(PROJECT_COLUMNS), rows, `projects ${qs(params)}`);
      assert.equal(sheet.freeze_panes, 'A2', 'the header row stays in view');
    }
    // Filters narrow (not every filter above answers everything).
    assert.equal((await expectedProjectRows(admin, { q: 'EXB' })).length, 3);
    assert.equal((await expectedProjectRows(admin, { is_key: true })).length, 1);
  });

  test('money is exact, dates are date cells, labels are Chinese, a name starting with "=" stays text', async () => {
    const { sheet } = await exportOf(admin, 'projects', { ids: `${P.P1.id},${P.P2.id}`, sort: 'code' });
    const t = table(sheet);
    const col = (h) => headersOf(PROJECT_COLUMNS).indexOf(h) + 1;
    // Row 2 is EXA001 (P2), row 3 EXA002 (P1).
    assert.equal(t.at(2, col('项目名称')).value, '=HYPERLINK("http://x","之江智造")');
    assert.equal(t.at(2, col('项目名称')).type, 's', 'not a formula');
    assert.equal(t.at(3, col('总投资（万元）')).value, 25000.1234);
    assert.equal(t.at(3, col('固定资产投资（万元）')).value, 15000.0001);
    assert.equal(t.at(3, col('用地面积（亩）')).value, 12.5);
    assert.equal(t.at(3, col('项目类别')).value, '工业');
    assert.equal(t.at(2, col('项目类别')).value, '服务业');
    assert.equal(t.at(3, col('重点项目')).value, '是');
    assert.equal(t.at(3, col('入规方式')).value, '小升规');
    assert.equal(t.at(2, col('入省库状态')).value, '待审核');
    assert.equal(t.at(2, col('上报省库日期')).type, 'd');
    assert.equal(String(t.at(3, col('签约日期')).value).slice(0, 10), '2026-03-15');
    assert.equal(t.at(3, col('投资方统一社会信用代码')).value, I.JS.uscc);
    for (const h of ['总投资（万元）', '固定资产投资（万元）']) {
      assert.equal(t.at(3, col(h)).format, '#,##0.00##', `${h} shows two to four decimals`);
    }
  });

  test('a reporter exports only its own unit; a leader everything; no match is the header row alone', async () => {
    const { reporterA, reporterB, leader } = city.clients;
    const ofA = countRows(server.db, 'projects', `unit_id = ${U.A.id}`);
    const mine = await exportOf(reporterA, 'projects');
    const rowsA = await expectedProjectRows(reporterA, {});
    assert.equal(rowsA.length, ofA);
    expectSheet(mine.sheet, headersOf(PROJECT_COLUMNS), rowsA, 'reporter A');
    const unitCol = headersOf(PROJECT_COLUMNS).indexOf('责任单位') + 1;
    const t = table(mine.sheet);
    for (let r = 2; r <= t.maxRow; r++) assert.equal(t.at(r, unitCol).value, U.A.name, `row ${r} is unit A's`);
    // Asking for another unit's projects finds none, as the list does.
    const other = await exportOf(reporterB, 'projects', { unit_id: U.A.id });
    expectSheet(other.sheet, headersOf(PROJECT_COLUMNS), [], 'reporter B asking for unit A');
    const byName = await exportOf(reporterB, 'projects', { q: P.P1.name });
    expectSheet(byName.sheet, headersOf(PROJECT_COLUMNS), [], 'reporter B searching unit A\'s project');
    // The leader's file is the admin's, byte for byte (same filters, same data: a deterministic file).
    const l = await exportOf(leader, 'projects');
    const a = await exportOf(admin, 'projects');
    assert.ok(l.bytes.equals(a.bytes), 'leader and admin get the same file');
    assert.equal(table(l.sheet).maxRow - 1, countRows(server.db, 'projects'));
    const none = await exportOf(admin, 'projects', { q: '没有这样的项目' });
    expectSheet(none.sheet, headersOf(PROJECT_COLUMNS), [], 'no match');
  });
});

describe('investors', () => {
  test('every row and cell equals GET /api/investors for the same filters; a reporter its unit\'s investors', async () => {
    const filters = [{}, { q: '江苏' }, { tag: 'listed' }, { out_of_province: true }, { out_of_province: false }, { sort: '-uscc' }];
    for (const params of filters) {
      const { sheet, name } = await exportOf(admin, 'investors', params);
      assert.equal(name, `投资方${TODAY}.xlsx`);
      expectSheet(sheet, headersOf(INVESTOR_COLUMNS), await expectedInvestorRows(admin, params), `investors ${qs(params)}`);
    }
    assert.equal((await expectedInvestorRows(admin, { tag: 'listed' })).length, 1);
    const { sheet } = await exportOf(admin, 'investors', { q: '江苏' });
    assert.equal(table(sheet).at(2, 5).value, '上市公司、民企', 'tags as labels, in the stored order');
    // Reporter A: the investor its project uses and the one it created, nothing of unit B.
    const mine = await exportOf(city.clients.reporterA, 'investors');
    const rows = await expectedInvestorRows(city.clients.reporterA, {});
    expectSheet(mine.sheet, headersOf(INVESTOR_COLUMNS), rows, 'reporter A');
    const names = rows.map((r) => r[0].v);
    assert.ok(names.includes('=广东甲镇自建投资方'), 'the investor A created');
    assert.ok(names.includes(city.investor.name), 'the investor A\'s project uses');
    assert.ok(!names.includes(I.AH.name), 'not an investor only unit B uses');
    const t = table(mine.sheet);
    const created = [...Array(t.maxRow).keys()].map((i) => t.at(i + 1, 1)).find((c) => c?.value === '=广东甲镇自建投资方');
    assert.equal(created.type, 's', 'a name starting with "=" stays text');
  });
});

describe('monthly figures', () => {
  test('one unit: the grid of GET /api/figures, cell by cell, amounts exact and empty where nothing was entered', async () => {
    const { sheet, name } = await exportOf(admin, 'monthly', { year: 2026, month: 6, unit_id: U.A.id });
    assert.equal(name, `${U.A.name}2026年6月月度数据.xlsx`);
    const rows = await expectedMonthlyRows(admin, 2026, 6, [U.A.id]);
    expectSheet(sheet, headersOf(MONTHLY_COLUMNS), rows, 'unit A June');
    const t = table(sheet);
    const p1 = [2, 3, 4, 5].find((r) => t.at(r, 1)?.value === 'EXA002');
    assert.equal(t.at(p1, 6).value, 500.005);
    assert.equal(t.at(p1, 8).value, 0.0007, '7 yuan of output');
    assert.equal(t.at(p1, 9).value, 1.2345, '12,345 yuan of tax');
  });

  test('every unit in the units\' order; a reporter its own; terminated projects only with figures; corrections count', async () => {
    const units = expectStatus(await admin.get('/api/units'), 200).items.map((u) => u.id);
    assert.deepEqual(units.slice(0, 3), [U.C.id, U.A.id, U.B.id]);
    for (const [y, m] of [[2026, 6], [2026, 5], [2026, 3]]) {
      const all = await exportOf(admin, 'monthly', { year: y, month: m });
      assert.equal(all.name, `${y}年${m}月月度数据.xlsx`);
      expectSheet(all.sheet, headersOf(MONTHLY_COLUMNS), await expectedMonthlyRows(admin, y, m, units), `all units ${y}-${m}`);
    }
    // May: the terminated project had figures, so it is there; June: it is not.
    const may = table((await exportOf(admin, 'monthly', { year: 2026, month: 5, unit_id: U.C.id })).sheet);
    assert.ok([...Array(may.maxRow).keys()].some((i) => may.at(i + 1, 1)?.value === 'EXC002'), 'terminated with figures');
    const june = table((await exportOf(admin, 'monthly', { year: 2026, month: 6, unit_id: U.C.id })).sheet);
    assert.ok(![...Array(june.maxRow).keys()].some((i) => june.at(i + 1, 1)?.value === 'EXC002'), 'terminated without figures');
    // March was corrected after locking: 1200 万元, not 1000.
    const march = table((await exportOf(admin, 'monthly', { year: 2026, month: 3, unit_id: U.A.id })).sheet);
    const r = [...Array(march.maxRow).keys()].map((i) => i + 1).find((i) => march.at(i, 1)?.value === 'EXA002');
    assert.equal(march.at(r, 6).value, 1200);
    // Reporter A without unit_id: its own unit.
    const mine = await exportOf(city.clients.reporterA, 'monthly', { year: 2026, month: 6 });
    expectSheet(mine.sheet, headersOf(MONTHLY_COLUMNS), await expectedMonthlyRows(admin, 2026, 6, [U.A.id]), 'reporter A');
  });
});

describe('targets', () => {
  test('全市 first, then every unit in order; a column per indicator of the year; money in 亿元, exactly', async () => {
    const ind = expectStatus(await admin.get('/api/stats/indicators?year=2026'), 200).indicators;
    const targets = expectStatus(await admin.get('/api/targets?year=2026'), 200).items;
    const units = expectStatus(await admin.get('/api/units'), 200).items;
    const headers = ['单位', ...ind.map((i) => `${i.name_zh}${i.unit === 'yuan' ? '（亿元）' : '（个）'}`)];
    const scopes = [[0, '全市'], ...units.map((u) => [u.id, u.name])];
    const rows = scopes.map(([id, n]) => [E.text(n), ...ind.map((i) => {
      const t = targets.find((x) => x.indicator === i.key && x.unit_id === id);
      if (!t) return E.empty();
      return i.unit === 'yuan' ? E.yi(t.value) : E.num(t.value);
    })]);
    const { sheet, name } = await exportOf(admin, 'targets', { year: 2026 });
    assert.equal(name, '2026年目标任务.xlsx');
    expectSheet(sheet, headers, rows, 'targets 2026');
    const t = table(sheet);
    const col = ind.findIndex((i) => i.key === 'provincial_funds') + 2;
    assert.equal(t.at(2, col).value, 25, '25亿');
    const rowA = scopes.findIndex(([id]) => id === U.A.id) + 2;
    assert.equal(t.at(rowA, col).value, 1.23456789);
    // A year without targets: every unit, no values.
    const empty = await exportOf(city.clients.leader, 'targets', { year: 2030 });
    const ind2030 = expectStatus(await admin.get('/api/stats/indicators?year=2030'), 200).indicators;
    expectSheet(empty.sheet, ['单位', ...ind2030.map((i) => `${i.name_zh}${i.unit === 'yuan' ? '（亿元）' : '（个）'}`)],
      scopes.map(([, n]) => [E.text(n), ...ind2030.map(() => E.empty())]), 'targets 2030: only the unit names');
  });
});

describe('provincial monthly report (省外资金及入省库项目月报)', () => {
  const HEADERS = ['序号', '项目名称', '投资方', '来源省份', '总投资（万元）', '本月到位省外资金（万元）', '年度累计到位省外资金（万元）',
    '入库状态', '上报日期', '认定日期', '责任单位'];

  test('rows, columns and totals as worked out by hand', async () => {
    const regions = expectStatus(await admin.get('/api/regions'), 200).items;
    const prov = (code) => regions.find((r) => r.code === code).name;
    const { sheet, name } = await exportOf(admin, 'province-monthly', { year: 2026, month: 6 });
    const title = `${CITY}2026年6月实际利用省外资金及入省库项目情况表`;
    assert.equal(name, `${title}.xlsx`);
    const t = table(sheet);
    assert.equal(t.at(1, 1).value, title);
    assert.equal(t.at(2, 1).value, '单位：万元');
    assert.deepEqual(sheet.merged, ['A1:K1', 'A2:K2'], 'the title lines span the table');
    // By unit order (C, A, B), then code. Amounts in yuan:
    //   EXC001: January 1 → year 1, June 0.               EXA001: reported 2026-06-30 (the month's last day).
    //   EXA002: March 12,000,000 (corrected from 10,000,000) + June 5,000,050.
    //   EXB001: rejected, reported in February; last December's funds do not count.   EXB002: June 2,000,000.
    // Not listed: EXA003 (reported 07-02), EXB003 (reported 07-01), EXC002 (terminated), setupCity's two.
    const row = (seq, p, inv, total, month, year, status, reported, confirmed, unit) => [E.num(seq), E.text(p.name),
      E.text(inv?.name), E.text(inv ? prov(inv.province_code) : ''), E.wan(total), E.wan(month), E.wan(year),
      E.text(status), E.date(reported), E.date(confirmed), E.text(unit.name)];
    const rows = [
      row(1, P.P5, I.JS, 1, 0, 1, '未上报', null, null, U.C),
      row(2, P.P2, I.ZJ, 80_000_000, 0, 0, '待审核', '2026-06-30', null, U.A),
      row(3, P.P1, I.JS, 250_001_234, 5_000_050, 17_000_050, '未上报', null, null, U.A),
      row(4, P.P4, null, 5_000_000, 0, 0, '未通过', '2026-02-01', null, U.B),
      row(5, P.P8, null, 0, 2_000_000, 2_000_000, '未上报', null, null, U.B),
      [E.text('合计'), E.empty(), E.empty(), E.empty(), E.wan(1 + 80_000_000 + 250_001_234 + 5_000_000),
        E.wan(5_000_050 + 2_000_000), E.wan(1 + 17_000_050 + 2_000_000), E.empty(), E.empty(), E.empty(), E.empty()],
    ];
    expectSheet(sheet, HEADERS, rows, 'June report', 3);
    assert.equal(t.at(9, 5).value, 33500.1235, '合计 总投资');
    assert.equal(t.at(9, 7).value, 1900.0051, '合计 年度累计');
    assert.equal(t.at(5, 2).type, 's', 'a name starting with "=" stays text');
  });

  test('a confirmed project shows its dates; status is today\'s; an empty month is the header and the 合计 row', async () => {
    // July: EXA003 and EXB003 (reported in July) join; EXC001 has July funds.
    const { sheet } = await exportOf(city.clients.leader, 'province-monthly', { year: 2026, month: 7 });
    const t = table(sheet);
    const byName = (n) => [...Array(t.maxRow).keys()].map((i) => i + 1).find((r) => t.at(r, 2)?.value === n);
    const r3 = byName(P.P3.name);
    assert.ok(r3, 'EXB003 is in July\'s report');
    assert.equal(t.at(r3, 8).value, '已认定');
    assert.equal(String(t.at(r3, 9).value).slice(0, 10), '2026-07-01');
    assert.equal(String(t.at(r3, 10).value).slice(0, 10), '2026-07-05');
    assert.equal(t.at(r3, 4).value, '安徽省', 'an in-province investor\'s province');
    const r5 = byName(P.P5.name);
    assert.equal(t.at(r5, 6).value, 400);
    assert.equal(toYuan(t.at(r5, 7).value, 4), 4_000_001n);
    // February: only EXB001 (reported 2026-02-01) — and January's one yuan of EXC001.
    const feb = table((await exportOf(admin, 'province-monthly', { year: 2026, month: 2 })).sheet);
    assert.deepEqual([4, 5].map((r) => feb.at(r, 2)?.value), [P.P5.name, P.P4.name]);
    assert.equal(feb.at(6, 1).value, '合计');
    // A year with nothing: the header row and a 合计 of zeros.
    const empty = await exportOf(admin, 'province-monthly', { year: 2024, month: 12 });
    expectSheet(empty.sheet, HEADERS, [[E.text('合计'), E.empty(), E.empty(), E.empty(), E.wan(0), E.wan(0), E.wan(0),
      E.empty(), E.empty(), E.empty(), E.empty()]], 'empty year', 3);
  });
});

describe('round trip', () => {
  /** Uploads a file as an import and waits for its validation; answers the Import. */
  async function importOf(kind, bytes, params = {}) {
    const res = await admin.request('POST', `/api/imports?${qs({ kind, name: `${kind}.xlsx`, ...params })}`,
      { body: bytes, contentType: XLSX_TYPE });
    assert.ok([201, 202].includes(res.status), `POST /api/imports ${kind}: ${res.status} ${res.text.slice(0, 500)}`);
    let imp = res.body;
    for (let i = 0; imp.state === 'validating' && i < 200; i++) {
      await sleep(100);
      imp = expectStatus(await admin.get(`/api/imports/${imp.id}`), 200, 'poll import');
    }
    return imp;
  }

  // The monthly grid lists projects nobody reported for (amount cells empty, as GET /api/figures shows
  // them): such a blank row must come back as unchanged, not as a new figure of zeros.
  const CASES = [
    ['projects', 'projects', () => exportOf(admin, 'projects'), {}],
    ['investors', 'investors', () => exportOf(admin, 'investors'), {}],
    ['monthly (unit A, June: with blank rows)', 'monthly',
      () => exportOf(admin, 'monthly', { year: 2026, month: 6, unit_id: U.A.id }), {}],
    // Unit C in January: its one live project has a figure (1 yuan), the terminated one none.
    ['monthly (unit C, January: every row reported)', 'monthly',
      () => exportOf(admin, 'monthly', { year: 2026, month: 1, unit_id: U.C.id }), {}],
    ['targets', 'targets', () => exportOf(admin, 'targets', { year: 2026 }), { year: 2026 }],
  ];
  for (const [label, kind, make, params] of CASES) {
    test(`an exported ${label} file imports again without a single change`, async () => {
      const file = await make();
      assert.ok(table(file.sheet).maxRow > 1, `${kind}: the export has rows`);
      const imp = await importOf(kind, file.bytes, params);
      const detail = `${kind}: ${JSON.stringify({ state: imp.state, message: imp.message, errors: imp.errors?.slice(0, 5),
        changes: imp.changes?.slice(0, 5), columns: imp.columns?.filter((c) => !c.field) })}`;
      assert.equal(imp.state, 'ready', detail);
      assert.equal(imp.error_count, 0, detail);
      assert.ok(imp.columns.every((c) => c.field !== null), `${detail}: every exported column is recognised`);
      assert.equal(imp.rows, table(file.sheet).maxRow - 1, `${detail}: every row read`);
      assert.equal(imp.inserts, 0, detail);
      assert.equal(imp.updates, 0, detail);
      assert.equal(imp.unchanged, imp.rows, `${detail}: every row matched to itself`);
      expectStatus(await admin.post(`/api/imports/${imp.id}/cancel`), 200, 'cancel');
    });
  }
});
