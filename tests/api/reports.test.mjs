// Reports (工作总结, 月通报, 周动态, 季调度, 台账) against a fixed dataset built through the API with the
// server's day fixed at 2026-07-10: request checks; the half-year summary's section 一 word for word
// and figure for figure against GET /api/stats; every indicator fact of the monthly bulletin against
// the engine; draft edits; rendered files read back by independent readers (python-docx, openpyxl);
// publishing (stored bytes that never change, the comparison with today's data, corrections, the
// month's figures locked); who may do what; and the `report` command.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  BIN, Client, REPO_ROOT, countRows, createDatabase, createInvestor, createProject, expectError, expectStatus, getProject,
  reachNode, runCli, setupCity, startWithAdmin, updateProject,
} from './lib/server.mjs';

const TODAY = '2026-07-10'; // a Friday of ISO week 28; the second half of 2026 has begun
const CITY = '桐城市';
const YI = 100_000_000;
const PY = '/usr/bin/python3';
const TOOLS = path.join(REPO_ROOT, 'tests', 'tools');
const CT = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  html: 'text/html',
};

let server;
let admin;
let city;
let tmp;
const U = {}; // units by key
const P = {}; // projects by key

// ---------------------------------------------------------------------------------------------
// Printing figures the way docs/reports.md says (half away from zero, once), from raw values.

const big = (x) => BigInt(x);
const abs = (x) => (x < 0n ? -x : x);
/** round(n / d) half away from zero, n ≥ 0, d > 0. */
const roundDiv = (n, d) => (2n * n + d) / (2n * d);
function place(q, decimals) {
  const s = q.toString().padStart(decimals + 1, '0');
  return decimals ? `${s.slice(0, -decimals)}.${s.slice(-decimals)}` : s;
}
/** |num/den| × 100 with `decimals` decimals. */
const pct = ([num, den], decimals) => place(roundDiv(abs(big(num)) * 100n * 10n ** big(decimals), big(den)), decimals);
/** yuan in 亿元 with `decimals` decimals. */
const yi = (yuan, decimals) => place(roundDiv(abs(big(yuan)) * 10n ** big(decimals), big(YI)), decimals);
/** yuan in 万元 with 2 decimals. */
const wan = (yuan) => place(roundDiv(abs(big(yuan)) * 100n, 10_000n), 2);
/** Exact ratio arithmetic for sums of units. */
const ratio = (n, d) => [big(n), big(d)];
const sub = ([a, b], [c, d]) => [a * d - c * b, b * d];

/** A(f, d) of docs/reports.md from a stats Figure (1 decimal: the API's own display). */
function aheadPhrase(f) {
  if (f.ahead === null) return '未下达全年目标任务';
  if (f.ahead_word === '持平') return '与序时进度持平';
  return `${f.ahead_word}序时进度${f.ahead_display}`;
}
/** Y(f, 1) of docs/reports.md from a stats Figure. */
function yoyPhrase(f) {
  if (f.yoy === null) return f.actual > 0 ? '同比新增' : '同比持平';
  if (f.yoy_word === '同比持平') return '同比持平';
  return `${f.yoy_word}${f.yoy_display}`;
}
/** The fixed-asset paragraph's clause with 2 decimals, from raw actual, target sum and schedule. */
function fixedAssetClause(actual, target, schedule) {
  let t = `${yi(actual, 2)}亿元`;
  if (!target) return `${t}，未下达目标任务`;
  const completion = ratio(actual, target);
  const ahead = sub(completion, schedule.map(big));
  const points = pct(ahead, 2);
  t += `，完成任务${pct(completion, 2)}%`;
  if (/^0\.0+$/.test(points)) return `${t}，与序时持平`;
  return `${t}，${ahead[0] > 0n ? '超' : '落后'}序时${points}个百分点`;
}

// ---------------------------------------------------------------------------------------------
// Requests

const qs = (params) => new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)])).toString();
const draftOf = async (client, params) => expectStatus(await client.get(`/api/reports/draft?${qs(params)}`), 200, `draft ${qs(params)}`);
const SUMMARY = { type: 'summary', year: 2026, month: 6 };
const MONTHLY = { type: 'monthly', year: 2026, month: 6 };

async function stats(params) {
  return expectStatus(await admin.get(`/api/stats?${qs(params)}`), 200, `stats ${qs(params)}`);
}
const cityFig = (s, key) => {
  const ind = s.indicators.find((i) => i.key === key);
  assert.ok(ind, `stats has no indicator ${key}`);
  return ind.city;
};
const unitFig = (s, key, unitId) => s.indicators.find((i) => i.key === key).units.find((u) => u.unit_id === unitId);

/** The paragraph that follows the level-2 heading `heading` (section 一 of the summary). */
function paragraphAfter(doc, heading) {
  const i = doc.blocks.findIndex((b) => b.kind === 'h2' && b.text === heading);
  assert.ok(i >= 0, `no heading "${heading}" in ${doc.blocks.map((b) => `${b.kind}:${b.text?.slice(0, 12)}`).join(' | ')}`);
  const p = doc.blocks[i + 1];
  assert.equal(p?.kind, 'p', `a paragraph after "${heading}"`);
  assert.equal(p.editable, false, `section 一 is not editable ("${heading}")`);
  return p;
}

const sha256 = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');

function readWith(tool, bytes, ext) {
  const file = path.join(tmp, `r${crypto.randomBytes(6).toString('hex')}.${ext}`);
  fs.writeFileSync(file, bytes);
  const out = execFileSync(PY, [path.join(TOOLS, tool), file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(out);
}
const docxParagraphs = (d) => d.body.filter((x) => x.type === 'p').map((x) => x.text);

/** Content-Disposition: attachment; filename*=UTF-8''… → the decoded name. */
function attachmentName(res) {
  const cd = res.headers.get('content-disposition') ?? '';
  assert.match(cd, /^attachment;\s*filename\*=UTF-8''[^\s;]+$/i, `Content-Disposition: ${cd}`);
  return decodeURIComponent(cd.replace(/^attachment;\s*filename\*=UTF-8''/i, ''));
}

// ---------------------------------------------------------------------------------------------
// The dataset

async function putFigures(unitId, year, month, rows, reason) {
  const cur = expectStatus(await admin.get(`/api/figures?year=${year}&month=${month}&unit_id=${unitId}`), 200, 'GET figures');
  const full = rows.map((r) => ({ funds_in_place: 0, funds_out_of_province: 0, fixed_asset_investment: 0, output_value: 0, tax: 0, ...r }));
  const body = { year, month, unit_id: unitId, version: cur.submission.version, rows: full, ...(reason ? { reason } : {}) };
  return expectStatus(await admin.put('/api/figures', body), 200, `PUT figures ${unitId} ${year}-${month}`);
}

async function buildDataset() {
  city = await setupCity(admin); // units A and B are towns (镇/街道)
  U.A = city.units.A;
  U.B = city.units.B;
  const unit = async (code, name, kind, sort) => expectStatus(await admin.post('/api/units', { code, name, kind, sort_order: sort }), 201);
  U.DZ = await unit('RDZ', '桐城经开区', 'dev_zone', 0);
  U.PK = await unit('RPK', '双新产业园', 'park', 3);
  U.MU = await unit('RMU', '市商务局', 'municipal', 4);
  const sh = await createInvestor(admin, { province_code: '310000', name: '上海新材料集团有限公司' });
  const gd = await createInvestor(admin, { province_code: '440000', name: '广东智能装备股份有限公司' });

  // P1: 12亿 industry, 新材料 (emerging), signed 2026-03-16, province database confirmed 2026-04-20.
  P.P1 = await createProject(admin, { unit_id: U.DZ.id, name: '新材料产业基地项目', category: 'industry', total_investment: 12 * YI,
    fixed_asset_investment: 9 * YI, emerging_industry: '新材料', investor_id: sh.id, is_key: true });
  await reachNode(admin, P.P1.id, 'signed', { investorId: sh.id, on: '2026-03-16' });
  P.P1 = await updateProject(admin, await getProject(admin, P.P1.id), { prov_db_status: 'confirmed',
    prov_db_reported_date: '2026-04-01', prov_db_confirmed_date: '2026-04-20' });
  // P2: 3亿 industry, signed 2026-06-08 (to report in June). Its name starts with "=": no spreadsheet may run it.
  P.P2 = await createProject(admin, { unit_id: U.A.id, name: '=SUM(1,2)智能装备项目', category: 'industry', total_investment: 3 * YI,
    fixed_asset_investment: 2 * YI, investor_id: gd.id });
  await reachNode(admin, P.P2.id, 'signed', { investorId: gd.id, on: '2026-06-08' });
  // P3: 6亿 service, signed 2026-05-12, reported to the province database 2026-06-15 (pending).
  P.P3 = await createProject(admin, { unit_id: U.PK.id, name: '双新现代物流园项目', category: 'service', total_investment: 6 * YI,
    fixed_asset_investment: 4 * YI, investor_id: sh.id });
  await reachNode(admin, P.P3.id, 'signed', { investorId: sh.id, on: '2026-05-12' });
  P.P3 = await updateProject(admin, await getProject(admin, P.P3.id), { prov_db_status: 'pending', prov_db_reported_date: '2026-06-15' });
  // P4: 0.8亿 industry, 入统 2026-05-10, 入规 (小升规) 2026-05-20.
  P.P4 = await createProject(admin, { unit_id: U.B.id, name: '乙街道精密铸件技改项目', category: 'industry', total_investment: 80_000_000,
    fixed_asset_investment: 60_000_000, investor_id: gd.id });
  P.P4 = await updateProject(admin, P.P4, { above_scale_route: 'upgrade' });
  await reachNode(admin, P.P4.id, 'above_scale', { investorId: gd.id, on: '2026-05-20' });

  // Monthly figures (yuan): out-of-province funds and fixed-asset investment.
  await putFigures(U.DZ.id, 2026, 3, [{ project_id: P.P1.id, funds_in_place: 2 * YI, funds_out_of_province: 150_000_000, fixed_asset_investment: 80_000_000 }]);
  await putFigures(U.DZ.id, 2026, 6, [{ project_id: P.P1.id, funds_in_place: 250_000_000, funds_out_of_province: 230_000_000, fixed_asset_investment: 50_000_000 }]);
  await putFigures(U.DZ.id, 2025, 5, [{ project_id: P.P1.id, funds_in_place: 3 * YI, funds_out_of_province: 3 * YI, fixed_asset_investment: 10_000_000 }]);
  await putFigures(U.A.id, 2026, 6, [{ project_id: P.P2.id, funds_in_place: 50_000_000, funds_out_of_province: 45_000_000, fixed_asset_investment: 12_345_678 }]);
  await putFigures(U.PK.id, 2026, 5, [{ project_id: P.P3.id, fixed_asset_investment: 30_000_000 }]);
  await putFigures(U.B.id, 2026, 4, [{ project_id: P.P4.id, fixed_asset_investment: 20_000_000 }]);

  // Targets for 2026 (unit_id 0 = the city).
  const items = [
    ['provincial_funds', 0, 10 * YI], ['prov_db_new', 0, 4], ['prov_db_new_large', 0, 2], ['emerging_signed', 0, 3],
    ['signed_100m', 0, 6], ['signed_100m_industry', 0, 4], ['in_stats', 0, 3], ['new_fixed_asset', 0, 5 * YI],
    ['new_fixed_asset', U.DZ.id, 2 * YI], ['new_fixed_asset', U.A.id, 50_000_000], ['new_fixed_asset', U.B.id, 50_000_000],
    ['new_fixed_asset', U.PK.id, YI],
    ['signed_100m', U.DZ.id, 2], ['signed_100m', U.A.id, 2], ['signed_100m', U.PK.id, 1],
  ].map(([indicator, unit_id, value]) => ({ indicator, unit_id, value, version: 0 }));
  expectStatus(await admin.put('/api/targets', { year: 2026, items }), 200, 'PUT targets');
}

before(async () => {
  tmp = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'zs-reports-'));
  ({ server, admin } = await startWithAdmin({ today: TODAY, settings: { city_name: CITY } }));
  await buildDataset();
});
after(async () => {
  await server?.stop();
  if (tmp && !process.env.ZS_KEEP_TMP) await fs.promises.rm(tmp, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------

describe('requests', () => {
  test('bad report requests answer 400 naming the parameter', async () => {
    const cases = [
      [{ type: 'nonsense', year: 2026, month: 6 }, 'type', 'unknown type'],
      [{ year: 2026, month: 6 }, 'type', 'missing type'],
      [{ type: 'monthly', year: 2026 }, 'month', 'monthly without month'],
      [{ type: 'summary', year: 2026 }, 'month', 'summary without month'],
      [{ type: 'monthly', month: 6 }, 'year', 'monthly without year'],
      [{ type: 'weekly', year: 2026 }, 'week', 'weekly without week'],
      [{ type: 'quarterly', year: 2026 }, 'quarter', 'quarterly without quarter'],
      [{ type: 'monthly', year: 2026, month: 8 }, 'month', 'a month that has not begun'],
      [{ type: 'summary', year: 2027, month: 1 }, 'month', 'a month of next year'],
      [{ type: 'weekly', year: 2026, week: 29 }, 'week', 'a week that has not begun'],
      [{ type: 'quarterly', year: 2026, quarter: 4 }, 'quarter', 'a quarter that has not begun'],
      [{ type: 'monthly', year: 2026, month: 13 }, 'month', 'month 13'],
      [{ type: 'weekly', year: 2025, week: 53 }, 'week', '2025 has 52 ISO weeks'],
    ];
    for (const [params, field, what] of cases) {
      expectError(await admin.get(`/api/reports/draft?${qs(params)}`), 400, field, `draft: ${what}`);
      expectError(await admin.get(`/api/reports/render?${qs({ ...params, format: 'html' })}`), 400, field, `render: ${what}`);
    }
    // Periods that have begun are fine: this month, this week, this quarter.
    await draftOf(admin, { type: 'monthly', year: 2026, month: 7 });
    await draftOf(admin, { type: 'weekly', year: 2026, week: 28 });
    await draftOf(admin, { type: 'quarterly', year: 2026, quarter: 3 });
    // Formats.
    expectError(await admin.get(`/api/reports/render?${qs({ ...MONTHLY, format: 'pdf' })}`), 400, 'format', 'unknown format');
    expectError(await admin.get(`/api/reports/render?${qs(MONTHLY)}`), 400, 'format', 'missing format');
    expectError(await admin.get(`/api/reports/render?${qs({ type: 'ledger', format: 'docx' })}`), 400, 'format', 'ledger as docx');
    const ledger = await admin.get(`/api/reports/render?${qs({ type: 'ledger', format: 'xlsx' })}`);
    expectStatus(ledger, 200, 'ledger as xlsx');
    // Publishing: the ledger is never published; bad periods as above.
    expectError(await admin.post('/api/reports/publish', { type: 'ledger', version: 0 }), 400, 'type', 'publish ledger');
    expectError(await admin.post('/api/reports/publish', { type: 'monthly', year: 2026, month: 8, version: 0 }), 400, 'month', 'publish future month');
    expectError(await admin.post('/api/reports/publish', { type: 'nonsense', year: 2026, month: 6, version: 0 }), 400, 'type', 'publish unknown type');
    expectError(await admin.put('/api/reports/draft', { type: 'monthly', year: 2026, edits: {}, version: 0 }), 400, 'month', 'PUT draft without month');
    expectError(await admin.get('/api/reports?type=nonsense'), 400, 'type', 'list unknown type');
    expectError(await admin.get('/api/reports/999999'), 404, undefined, 'unknown report');
    expectError(await admin.get('/api/reports/999999/download?format=docx'), 404, undefined, 'unknown report download');
  });

  test('permissions at login name the report, activity and weekly rights per role', async () => {
    const perms = (key) => new Set(city.clients[key].user.permissions);
    const me = async (key) => new Set(expectStatus(await city.clients[key].get('/api/auth/me'), 200).permissions);
    const NEW = ['activity.read', 'activity.write', 'weekly.read', 'weekly.write', 'report.read', 'report.compose', 'report.publish'];
    const adminPerms = new Set(expectStatus(await admin.get('/api/auth/me'), 200).permissions);
    for (const p of NEW) assert.ok(adminPerms.has(p), `admin has ${p}`);
    const disp = await me('dispatcher');
    for (const p of NEW) assert.ok(disp.has(p), `dispatcher has ${p}`);
    for (const p of ['user.admin', 'unit.admin', 'rules.admin']) assert.ok(!disp.has(p), `dispatcher lacks ${p}`);
    const rep = perms('reporterA');
    for (const p of ['activity.read', 'activity.write', 'weekly.read', 'weekly.write', 'report.compose']) assert.ok(rep.has(p), `reporter has ${p}`);
    for (const p of ['report.read', 'report.publish']) assert.ok(!rep.has(p), `reporter lacks ${p}`);
    assert.deepEqual([...await me('leader')].sort(), ['activity.read', 'investor.read', 'project.read', 'report.read', 'weekly.read']);
    assert.deepEqual([...await me('reviewer')].sort(), ['project.read']);
  });
});

describe('the half-year summary, section 一', () => {
  let doc;
  let cum;
  let single;
  before(async () => {
    doc = (await draftOf(admin, SUMMARY)).document;
    cum = await stats({ year: 2026, month: 6 });
    single = await stats({ year: 2026, month: 6, mode: 'month' });
  });

  test('title, headings and the editable blocks', () => {
    assert.equal(doc.type, 'summary');
    assert.equal(doc.title, `${CITY}招商中心2026年上半年招商引资工作总结`);
    assert.equal(doc.issuer, `${CITY}招商中心`);
    assert.equal(doc.date_line, '2026年7月10日');
    const h1 = doc.blocks.filter((b) => b.kind === 'h1').map((b) => b.text);
    assert.deepEqual(h1, ['一、上半年招商实绩完成情况', '二、工作重点和特色', '三、目前存在的问题', '四、2026年下半年工作打算']);
    const h2 = doc.blocks.filter((b) => b.kind === 'h2').map((b) => b.text);
    assert.deepEqual(h2, ['1、实际利用省外资金情况', '2、新签约亿元以上项目情况', '3、项目入统入规情况', '4、新引进项目新增固定资产投资情况']);
    const editable = doc.blocks.filter((b) => b.editable).map((b) => b.id);
    for (const id of ['preamble', 's2.1', 's2.2', 's2.3', 's2.4', 's3.1', 's4.1']) assert.ok(editable.includes(id), `${id} editable`);
    const ids = doc.blocks.map((b) => b.id);
    assert.equal(new Set(ids).size, ids.length, 'block ids are unique');
    assert.match(doc.blocks.find((b) => b.id === 'preamble').text, /现将有关情况总结如下：$/);
  });

  test('1、实际利用省外资金: the figures exactly as GET /api/stats prints them, and the sentence word for word', () => {
    const funds = cityFig(cum, 'provincial_funds');
    const db = cityFig(cum, 'prov_db_new');
    const large = cityFig(cum, 'prov_db_new_large');
    const emerging = cityFig(cum, 'emerging_signed');
    const expected = `1-6月，我市实际利用省外资金${yi(funds.actual, 1)}亿元，${yoyPhrase(funds)}，${aheadPhrase(funds)}；`
      + `新入省库项目${db.actual_display}个，${aheadPhrase(db)}；`
      + `其中10亿元以上项目${large.actual_display}个，完成全年任务数的${large.completion_display}，${aheadPhrase(large)}；`
      + `新引进亿元以上十大新兴产业项目${emerging.actual_display}个，${aheadPhrase(emerging)}。`
      + `6月份，上报实际利用省外资金${cityFig(single, 'provincial_funds').actual_display}亿元，`
      + `新入省库项目${cityFig(single, 'prov_db_reported').actual_display}个，`
      + `其中10亿元以上项目${cityFig(single, 'prov_db_reported_large').actual_display}个，待审核。`;
    const p = paragraphAfter(doc, '1、实际利用省外资金情况');
    assert.equal(p.text, expected, 'built from the stats API');
    // The same paragraph, written out by hand from the dataset (docs/reports.md, DOMAIN.md §4–§5):
    // funds 1.5亿 + 2.3亿 + 0.45亿 = 4.25亿 → "4.3" (1 decimal, half away from zero); last year 3亿 → +41.7%;
    // 42.5% against 50% → 落后 7.5; 1 of 4 → 落后 25.0; 1 of 2 → 50.0%, 持平; 1 of 3 → 落后 16.7.
    assert.equal(p.text, '1-6月，我市实际利用省外资金4.3亿元，同比增长41.7%，落后序时进度7.5个百分点；'
      + '新入省库项目1个，落后序时进度25.0个百分点；其中10亿元以上项目1个，完成全年任务数的50.0%，与序时进度持平；'
      + '新引进亿元以上十大新兴产业项目1个，落后序时进度16.7个百分点。'
      + '6月份，上报实际利用省外资金2.75亿元，新入省库项目1个，其中10亿元以上项目0个，待审核。');
    // The raw engine agrees with the dataset.
    assert.equal(funds.actual, 425_000_000);
    assert.deepEqual(funds.project_ids.sort((a, b) => a - b), [P.P1.id, P.P2.id].sort((a, b) => a - b));
  });

  test('2、新签约亿元以上项目: counts, bands and the month to report, as the engine has them', () => {
    const bands = cum.indicators.filter((i) => /^signed_band_\d+$/.test(i.key));
    assert.equal(bands.length, 3);
    const bandText = ['1-5亿元', '5-10亿元', '10亿元以上'];
    const s = cityFig(cum, 'signed_100m');
    const ind = cityFig(cum, 'signed_100m_industry');
    let expected = `1-6月，我市新签约亿元以上项目${s.actual_display}个，${aheadPhrase(s)}；其中亿元以上工业项目${ind.actual_display}个，${aheadPhrase(ind)}`;
    bands.forEach((b, i) => { expected += `；${bandText[i]}项目${b.city.actual_display}个，${aheadPhrase(b.city)}`; });
    expected += `。6月份拟上报新签约亿元以上工业项目${cityFig(single, 'to_report').actual_display}个，其中`
      + bandText.map((t, i) => `${t}项目${cityFig(single, `to_report_band_${i + 1}`).actual_display}个`).join('，') + '。';
    const p = paragraphAfter(doc, '2、新签约亿元以上项目情况');
    assert.equal(p.text, expected);
    assert.equal(p.text, '1-6月，我市新签约亿元以上项目3个，与序时进度持平；其中亿元以上工业项目2个，与序时进度持平；'
      + '1-5亿元项目1个，未下达全年目标任务；5-10亿元项目1个，未下达全年目标任务；10亿元以上项目1个，未下达全年目标任务。'
      + '6月份拟上报新签约亿元以上工业项目1个，其中1-5亿元项目1个，5-10亿元项目0个，10亿元以上项目0个。');
  });

  test('3、项目入统入规: as the engine counts them', () => {
    const st = cityFig(cum, 'in_stats');
    const expected = `2026年1-6月份，入统项目${st.actual_display}个，${aheadPhrase(st)}；2026年1-6月份小升规项目`
      + `${cityFig(cum, 'upgrade_above_scale').actual_display}个，新投产入规项目${cityFig(cum, 'new_production_above_scale').actual_display}个。`;
    const p = paragraphAfter(doc, '3、项目入统入规情况');
    assert.equal(p.text, expected);
    assert.equal(p.text, '2026年1-6月份，入统项目1个，落后序时进度16.7个百分点；2026年1-6月份小升规项目1个，新投产入规项目0个。');
  });

  test('4、新引进项目新增固定资产投资: the city and each kind of unit, 2 decimals, from the engine\'s raw figures', () => {
    const key = 'new_fixed_asset';
    const c = cityFig(cum, key);
    let expected = `2026年1-6月份，全市新引进项目新增固定资产投资${fixedAssetClause(c.actual, c.target, c.schedule)}。`;
    const kinds = [['dev_zone', '经开区', '经开区'], ['park', '园区', '园区'], ['town', '镇（街道）', '镇（街道）'], ['municipal', '市直单位', '市直']];
    const withActual = [];
    let without = '';
    for (const [kind, label, short] of kinds) {
      const units = cum.units.filter((u) => u.kind === kind);
      if (!units.length) continue;
      let actual = 0;
      let target = 0;
      for (const u of units) {
        const f = unitFig(cum, key, u.id);
        actual += f.actual;
        target += f.target ?? 0;
      }
      if (actual === 0) { without += `${short}暂未有上报新引进项目新增固定资产投资单位。`; continue; }
      const name = units.length === 1 ? units[0].name : label;
      withActual.push(`${name}新引进项目新增固定资产投资${fixedAssetClause(actual, target, c.schedule)}`);
    }
    if (withActual.length) expected += `${withActual.join('；')}。`;
    expected += without;
    const p = paragraphAfter(doc, '4、新引进项目新增固定资产投资情况');
    assert.equal(p.text, expected);
    assert.equal(p.text, '2026年1-6月份，全市新引进项目新增固定资产投资1.92亿元，完成任务38.47%，落后序时11.53个百分点。'
      + '桐城经开区新引进项目新增固定资产投资1.30亿元，完成任务65.00%，超序时15.00个百分点；'
      + '双新产业园新引进项目新增固定资产投资0.30亿元，完成任务30.00%，落后序时20.00个百分点；'
      + '镇（街道）新引进项目新增固定资产投资0.32亿元，完成任务32.35%，落后序时17.65个百分点。'
      + '市直暂未有上报新引进项目新增固定资产投资单位。');
  });

  test('every figure printed is a fact, with a unique key', () => {
    const keys = doc.facts.map((f) => f.key);
    assert.equal(new Set(keys).size, keys.length, 'fact keys are unique');
    const text = doc.blocks.map((b) => b.text ?? '').join('\n');
    for (const f of doc.facts) {
      assert.equal(typeof f.label, 'string');
      assert.ok(text.includes(f.value) || f.value === '0个' || /^0(\.0+)?亿元$/.test(f.value),
        `fact ${f.key} = "${f.value}" is printed in the document`);
    }
    assert.ok(doc.facts.length >= 20, `only ${doc.facts.length} facts`);
  });
});

describe('the monthly bulletin', () => {
  test('every indicator fact equals GET /api/stats\' printed figure (city and each unit), ranks included', async () => {
    const draft = await draftOf(admin, MONTHLY);
    const doc = draft.document;
    assert.equal(doc.title, `${CITY}招商引资工作月通报`);
    assert.equal(doc.subtitle, '（2026年1-6月）');
    assert.equal(doc.blocks.find((b) => b.id === 'intro')?.text, '现将2026年1-6月全市招商引资主要指标完成情况通报如下：');
    assert.equal(doc.blocks.find((b) => b.id === 'intro')?.editable, true);
    const s = await stats({ year: 2026, month: 6 });
    const byKey = new Map(s.indicators.map((i) => [i.key, i]));
    const aheadCell = (f) => (f.ahead === null ? '—' : f.ahead_word === '持平' ? '持平' : `${f.ahead_word}${f.ahead_display.replace(/个百分点$/, '')}`);
    const rankOf = (ind, unitId) => {
      const me = ind.units.find((u) => u.unit_id === unitId);
      if (me.completion === null) return '—';
      const printed = (f) => Number(pct(f.completion, 1)) * Math.sign(f.completion[0]);
      const better = ind.units.filter((u) => u.completion !== null && printed(u) > printed(me)).length;
      return String(better + 1);
    };
    const checked = new Map();
    const mismatches = [];
    for (const fact of doc.facts) {
      let m = /^monthly\.([a-z0-9_]+)\.schedule$/.exec(fact.key);
      if (m && byKey.has(m[1])) {
        checked.set(fact.key, true);
        if (fact.value !== byKey.get(m[1]).city.schedule_display) mismatches.push(`${fact.key}: ${fact.value} ≠ ${byKey.get(m[1]).city.schedule_display}`);
        continue;
      }
      m = /^monthly\.([a-z0-9_]+)\.(city|unit\.(\d+))\.([a-z_]+)$/.exec(fact.key);
      if (!m || !byKey.has(m[1])) continue;
      const ind = byKey.get(m[1]);
      const f = m[2] === 'city' ? ind.city : ind.units.find((u) => u.unit_id === Number(m[3]));
      assert.ok(f, `${fact.key}: no such unit in the stats`);
      const want = { actual: f.actual_display, target: f.target_display, completion: f.completion_display, ahead: aheadCell(f),
        rank: m[2] === 'city' ? undefined : rankOf(ind, Number(m[3])) }[m[4]];
      assert.notEqual(want, undefined, `${fact.key}: unknown field`);
      checked.set(fact.key, true);
      if (fact.value !== want) mismatches.push(`${fact.key}: bulletin "${fact.value}" ≠ stats "${want}"`);
    }
    assert.deepEqual(mismatches, []);
    // Every table indicator, for the city and every unit, was among them.
    const units = s.units.map((u) => u.id);
    assert.equal(units.length, 5);
    for (const key of ['provincial_funds', 'prov_db_new', 'signed_100m', 'signed_100m_industry', 'in_stats', 'new_fixed_asset']) {
      for (const who of ['city', ...units.map((id) => `unit.${id}`)]) {
        for (const field of ['actual', 'target', 'completion', 'ahead']) {
          assert.ok(checked.has(`monthly.${key}.${who}.${field}`), `fact monthly.${key}.${who}.${field} missing`);
        }
      }
      for (const id of units) assert.ok(checked.has(`monthly.${key}.unit.${id}.rank`), `fact monthly.${key}.unit.${id}.rank missing`);
    }
    // Shared ranks: 新签约亿元以上项目 — park 1/1 (100%) first, 经开区 1/2 and 甲镇 1/2 (50%) both second.
    const rank = (id) => doc.facts.find((f) => f.key === `monthly.signed_100m.unit.${id}.rank`).value;
    assert.deepEqual([rank(U.PK.id), rank(U.DZ.id), rank(U.A.id), rank(U.B.id), rank(U.MU.id)], ['1', '2', '2', '—', '—']);
    // The table itself prints what the facts say: the city row of 实际利用省外资金.
    const table = doc.blocks.find((b) => b.kind === 'table' && b.table.rows.some((r) => r[0].text === '全市'));
    assert.ok(table, 'an indicator table');
    const cityRow = table.table.rows.find((r) => r[0].text === '全市');
    assert.equal(cityRow[1].text, byKey.get('provincial_funds').city.actual_display);
    assert.equal(cityRow[1].number, 425_000_000, 'money cells carry the yuan amount');

    // Projects signed or started this year: their totals in 万元 and their signing dates, as the projects say.
    for (const p of [P.P1, P.P2, P.P3, P.P4]) {
      const cur = await getProject(admin, p.id);
      const total = doc.facts.find((f) => f.key === `monthly.projects.${p.id}.total_investment`);
      assert.ok(total, `project ${p.name} is listed`);
      assert.equal(total.value, wan(cur.total_investment));
      assert.equal(doc.facts.find((f) => f.key === `monthly.projects.${p.id}.signed`)?.value, cur.signed_date ?? '—');
    }
  });
});

describe('draft edits', () => {
  test('an edit of s2.1 is saved and shown; a non-editable block → 422 edits.<id>; a stale version → 409', async () => {
    const d0 = await draftOf(admin, SUMMARY);
    assert.equal(d0.version, 0, 'no edits saved yet');
    assert.deepEqual(d0.edits, {});
    assert.deepEqual(d0.key, { type: 'summary', year: 2026, period: 6, unit_id: 0 });
    const s21 = d0.document.blocks.find((b) => b.id === 's2.1');
    assert.ok(s21?.editable, 's2.1 is editable');
    const text = '今年第二季度集中开工项目1个,总投资0.80亿元。(经核实,另有2个项目7月初开工。)';
    const saved = expectStatus(await admin.put('/api/reports/draft', { ...SUMMARY, edits: { 's2.1': text }, version: 0 }), 200, 'PUT draft');
    assert.ok(saved.version > 0);
    assert.deepEqual(saved.edits, { 's2.1': text });
    assert.equal(saved.document.blocks.find((b) => b.id === 's2.1').text, text);
    const d1 = await draftOf(city.clients.dispatcher, SUMMARY);
    assert.equal(d1.version, saved.version);
    assert.deepEqual(d1.edits, { 's2.1': text });
    assert.equal(d1.document.blocks.find((b) => b.id === 's2.1').text, text);
    // Section 一 is untouched by edits.
    assert.equal(paragraphAfter(d1.document, '1、实际利用省外资金情况').text, paragraphAfter(d0.document, '1、实际利用省外资金情况').text);

    for (const id of ['s1.1', 's1', 'nosuch']) {
      const bad = { ...SUMMARY, edits: { 's2.1': text, [id]: '篡改' }, version: saved.version };
      if (id === 's1.1') {
        const block = d1.document.blocks.find((b) => b.id === id);
        assert.ok(block && !block.editable, 's1.1 exists and is not editable');
      }
      expectError(await admin.put('/api/reports/draft', bad), 422, `edits.${id}`, `edit of ${id}`);
    }
    const stale = await admin.put('/api/reports/draft', { ...SUMMARY, edits: { 's2.1': '旧版本' }, version: 0 });
    expectError(stale, 409, undefined, 'stale version');
    assert.ok(stale.body.current, '409 carries current');
    const d2 = await draftOf(admin, SUMMARY);
    assert.equal(d2.version, saved.version, 'refused edits change nothing');
    assert.deepEqual(d2.edits, { 's2.1': text });
    // Only staff edit: a reporter or a leader gets 403.
    expectError(await city.clients.reporterA.put('/api/reports/draft', { ...SUMMARY, edits: { 's2.1': 'x' }, version: saved.version }), 403);
    expectError(await city.clients.leader.put('/api/reports/draft', { ...SUMMARY, edits: { 's2.1': 'x' }, version: saved.version }), 403);
    expectError(await admin.put('/api/reports/draft', { ...SUMMARY, edits: { 's2.1': 7 }, version: saved.version }), 400, 'edits.s2.1', 'edit not text');
    expectError(await admin.put('/api/reports/draft', { ...SUMMARY, edits: { 's2.1': 'x' }, version: saved.version, colour: 1 }), 400, 'colour');
  });
});

describe('rendering', () => {
  test('docx, xlsx and html downloads: content type, file name, and what independent readers find in them', async () => {
    const d = await draftOf(admin, SUMMARY);
    const edited = d.edits['s2.1'];
    assert.ok(edited, 'the previous test saved an edit of s2.1');
    const s11 = paragraphAfter(d.document, '1、实际利用省外资金情况').text;
    const firstSentence = s11.slice(0, s11.indexOf('。') + 1);

    const docx = await admin.get(`/api/reports/render?${qs({ ...SUMMARY, format: 'docx' })}`);
    expectStatus(docx, 200, 'render docx');
    assert.equal(docx.headers.get('content-type'), CT.docx);
    assert.equal(attachmentName(docx), `${d.document.title}.docx`);
    assert.equal(docx.bytes.subarray(0, 2).toString('latin1'), 'PK');
    const dx = readWith('read_docx.py', docx.bytes, 'docx');
    const paras = docxParagraphs(dx);
    assert.ok(paras.includes(d.document.title), 'the title');
    assert.ok(paras.includes(edited), 'the edited s2.1 text');
    assert.ok(paras.some((p) => p.startsWith(firstSentence)), `the first sentence of section 一: ${firstSentence}`);
    assert.ok(paras.includes(s11), 'the whole paragraph');
    assert.equal(dx.zip_bad_entry, null);

    const html = await admin.get(`/api/reports/render?${qs({ ...SUMMARY, format: 'html' })}`);
    expectStatus(html, 200, 'render html');
    assert.ok(html.headers.get('content-type').startsWith(CT.html), html.headers.get('content-type'));
    assert.equal(attachmentName(html), `${d.document.title}.html`);
    const hx = readWith('read_html.py', html.bytes, 'html');
    assert.ok(hx.lines.includes(s11), 'html: section 一 paragraph');
    assert.ok(hx.lines.includes(edited), 'html: the edit');
    assert.equal(hx.scripts, 0, 'html: no scripts');

    // The monthly bulletin as a workbook: numbers as numbers, no formula anywhere, even from a name starting with "=".
    const m = await draftOf(admin, MONTHLY);
    const xlsx = await admin.get(`/api/reports/render?${qs({ ...MONTHLY, format: 'xlsx' })}`);
    expectStatus(xlsx, 200, 'render xlsx');
    assert.equal(xlsx.headers.get('content-type'), CT.xlsx);
    const name = attachmentName(xlsx);
    assert.ok([`${m.document.title}.xlsx`, `${m.document.title}${m.document.subtitle}.xlsx`].includes(name), `xlsx file name ${name}`);
    const wb = readWith('read_xlsx.py', xlsx.bytes, 'xlsx');
    const cells = wb.sheets.flatMap((sh) => sh.cells.map((c) => ({ ...c, sheet: sh.name })));
    assert.ok(cells.length > 50, 'cells');
    const formulas = cells.filter((c) => c.type === 'f');
    assert.deepEqual(formulas, [], 'no formula cells');
    const injected = cells.filter((c) => typeof c.value === 'string' && c.value.includes('SUM(1,2)智能装备项目'));
    assert.ok(injected.length > 0, 'the project named "=SUM(1,2)…" is in the workbook, as text');
    assert.ok(injected.every((c) => c.type === 's' || c.type === 'inlineStr' || c.type === 'str'), 'as a text cell');
    assert.ok(cells.some((c) => c.type === 'n' && c.value === 4.25), 'the city\'s 4.25亿元 is a number');
    assert.ok(cells.some((c) => c.type === 'n' && c.format === '0.0%'), 'percentages are numbers formatted 0.0%');
    assert.ok(wb.sheets.filter((sh) => sh.freeze_panes).length >= 6, 'the tables\' sheets have frozen header rows');
  });

  test('the HTML shows the same text as the .docx, line for line (summary and monthly bulletin)', async () => {
    for (const params of [SUMMARY, MONTHLY]) {
      const docx = await admin.get(`/api/reports/render?${qs({ ...params, format: 'docx' })}`);
      const html = await admin.get(`/api/reports/render?${qs({ ...params, format: 'html' })}`);
      expectStatus(docx, 200);
      expectStatus(html, 200);
      const dx = readWith('read_docx.py', docx.bytes, 'docx');
      const docxLines = dx.body.flatMap((b) => (b.type === 'p' ? [b.text] : b.rows.map((r) => r.join('\t')))).filter((x) => x.trim());
      const htmlLines = readWith('read_html.py', html.bytes, 'html').lines.filter((x) => x.trim());
      assert.ok(docxLines.length > 10, `${params.type}: docx lines`);
      assert.deepEqual(htmlLines, docxLines, `${params.type}: HTML and .docx text`);
    }
  });

  test('reporters render their own unit\'s weekly dynamics and ledger only; leaders and reviewers compose nothing', async () => {
    const rep = city.clients.reporterA;
    const w = await draftOf(rep, { type: 'weekly', year: 2026, week: 28 });
    assert.equal(w.key.unit_id, U.A.id, 'the unit is implied');
    expectStatus(await rep.get(`/api/reports/draft?${qs({ type: 'weekly', year: 2026, week: 28, unit_id: U.A.id })}`), 200);
    expectError(await rep.get(`/api/reports/draft?${qs({ type: 'weekly', year: 2026, week: 28, unit_id: U.B.id })}`), [403, 404], undefined, 'another unit');
    expectError(await rep.get(`/api/reports/draft?${qs(MONTHLY)}`), 403, undefined, 'reporter monthly');
    expectError(await rep.get(`/api/reports/draft?${qs(SUMMARY)}`), 403, undefined, 'reporter summary');
    expectError(await rep.get(`/api/reports/render?${qs({ ...MONTHLY, format: 'html' })}`), 403, undefined, 'reporter render monthly');
    expectError(await rep.get(`/api/reports/draft?${qs({ type: 'quarterly', year: 2026, quarter: 2 })}`), 403, undefined, 'reporter quarterly');
    // The ledger of a reporter lists its unit's projects only.
    const ledger = await rep.get(`/api/reports/render?${qs({ type: 'ledger', format: 'xlsx' })}`);
    expectStatus(ledger, 200, 'reporter ledger');
    const values = readWith('read_xlsx.py', ledger.bytes, 'xlsx').sheets.flatMap((sh) => sh.cells.map((c) => String(c.value)));
    assert.ok(values.some((v) => v.endsWith('SUM(1,2)智能装备项目')), 'its own project');
    assert.ok(values.includes(city.projects.A.name), 'its own project (2)');
    for (const p of [P.P1, P.P3, P.P4, city.projects.B]) assert.ok(!values.includes(p.name), `not ${p.name} of another unit`);
    const ledgerAll = await admin.get(`/api/reports/render?${qs({ type: 'ledger', format: 'xlsx', unit_id: U.DZ.id })}`);
    expectStatus(ledgerAll, 200, 'ledger of one unit');
    const allValues = readWith('read_xlsx.py', ledgerAll.bytes, 'xlsx').sheets.flatMap((sh) => sh.cells.map((c) => String(c.value)));
    assert.ok(allValues.includes(P.P1.name) && !allValues.includes(P.P2.name), 'the ledger takes the project list\'s unit_id filter');

    for (const who of ['leader', 'reviewer']) {
      expectError(await city.clients[who].get(`/api/reports/draft?${qs(SUMMARY)}`), 403, undefined, `${who} draft`);
      expectError(await city.clients[who].get(`/api/reports/render?${qs({ ...SUMMARY, format: 'docx' })}`), 403, undefined, `${who} render`);
    }
  });
});

describe('the ledger preview, page by page', () => {
  const LEDGER = { type: 'ledger' };
  const render = (params) => admin.get(`/api/reports/render?${qs({ ...LEDGER, ...params })}`);
  async function htmlLines(params) {
    const res = await render({ ...params, format: 'html' });
    expectStatus(res, 200, `ledger html ${qs(params)}`);
    return readWith('read_html.py', res.bytes, 'html').lines;
  }
  const pageLineOf = (lines) => lines.filter((l) => /^第\d+\/\d+页/.test(l));
  /** The table's body rows, cells joined by tabs (the header row left out). */
  const rowsOf = (lines) => lines.filter((l) => l.includes('\t') && !l.startsWith('项目编号\t'));
  const codeOf = (row) => row.split('\t')[0];

  test('pages are consecutive, disjoint slices of the whole ledger, under a line naming the page and the counts', async () => {
    // The whole ledger: the .xlsx (its 项目编号 column, in row order) and one page as large as it.
    const whole = await render({ format: 'xlsx' });
    expectStatus(whole, 200, 'ledger xlsx');
    const xlsx = readWith('read_xlsx.py', whole.bytes, 'xlsx');
    const sheet = xlsx.sheets.find((sh) => sh.cells.some((c) => c.ref === 'A1' && c.value === '项目编号'));
    const codes = sheet.cells.filter((c) => c.col === 1 && c.row > 1).sort((a, b) => a.row - b.row).map((c) => String(c.value));
    const n = codes.length;
    assert.ok(n >= 4, `the dataset has ${n} projects`);
    assert.ok(!sheet.cells.some((c) => /^第\d+\/\d+页/.test(String(c.value))), 'the .xlsx has no page line');

    const large = await htmlLines({ page_size: 2000 });
    assert.deepEqual(pageLineOf(large), [`第1/1页，共${n}个项目（每页2000个）`]);
    const all = rowsOf(large);
    assert.deepEqual(all.map(codeOf), codes, 'one large page is the whole ledger, in the .xlsx order');

    const size = 2;
    const pages = Math.ceil(n / size);
    const p1 = await htmlLines({ page: 1, page_size: size });
    const p2 = await htmlLines({ page: 2, page_size: size });
    assert.deepEqual(pageLineOf(p1), [`第1/${pages}页，共${n}个项目（每页${size}个）`]);
    assert.deepEqual(pageLineOf(p2), [`第2/${pages}页，共${n}个项目（每页${size}个）`]);
    // The page line comes first, above the table.
    assert.ok(p2.indexOf(pageLineOf(p2)[0]) < p2.findIndex((l) => l.startsWith('项目编号\t')), 'page line above the table');
    assert.deepEqual(rowsOf(p1).map(codeOf), codes.slice(0, size), 'page 1: the first rows');
    assert.deepEqual(rowsOf(p2).map(codeOf), codes.slice(size, 2 * size), 'page 2: the next rows');
    assert.deepEqual([...rowsOf(p1), ...rowsOf(p2)], all.slice(0, 2 * size), 'pages 1 and 2 are the first rows, cell for cell');
    const seen = new Set(rowsOf(p1).map(codeOf));
    assert.ok(rowsOf(p2).every((r) => !seen.has(codeOf(r))), 'pages 1 and 2 are disjoint');
    // The last page holds what is left.
    const last = await htmlLines({ page: pages, page_size: size });
    assert.deepEqual(rowsOf(last), all.slice((pages - 1) * size));

    // Without page parameters the preview is page 1 of 500 rows.
    const byDefault = await htmlLines({});
    assert.deepEqual(pageLineOf(byDefault), [`第1/1页，共${n}个项目（每页500个）`]);
    assert.deepEqual(rowsOf(byDefault), all);

    // The draft is the same page, with where it is.
    const d = await draftOf(admin, { ...LEDGER, page: 2, page_size: size });
    // The sizes to offer come with the page, from the server's default up to its maximum.
    assert.deepEqual(d.page, { page: 2, page_size: size, total: n, pages, page_sizes: [100, 200, 500, 1000, 2000] });
    assert.equal(d.document.blocks[0].id, 'ledger.page');
    assert.equal(d.document.blocks[0].text, pageLineOf(p2)[0]);
    const table = d.document.blocks.find((b) => b.id === 'ledger').table;
    assert.deepEqual(table.rows.map((r) => r.map((c) => c.text).join('\t')), rowsOf(p2));
    assert.equal(d.document.facts.find((f) => f.key === 'ledger.count').value, `${n}个`);
    const shownIds = new Set(rowsOf(p2).map(codeOf));
    const factProjects = new Set(d.document.facts.filter((f) => /^ledger\.\d+\./.test(f.key)).map((f) => f.key.split('.')[1]));
    assert.equal(factProjects.size, shownIds.size, 'facts of the page\'s projects only');

    // The filters count: one unit's ledger.
    const dz = await htmlLines({ unit_id: U.DZ.id, page_size: 1 });
    const dzCount = (await draftOf(admin, { ...LEDGER, unit_id: U.DZ.id, page_size: 2000 })).page.total;
    assert.ok(dzCount >= 1 && dzCount < n);
    assert.deepEqual(pageLineOf(dz), [`第1/${dzCount}页，共${dzCount}个项目（每页1个）`]);
  });

  test('a bad page or page_size answers 400 naming it, a page after the last 404; the .xlsx and other types have no pages', async () => {
    for (const [params, field] of [
      [{ page: 0 }, 'page'], [{ page: -1 }, 'page'], [{ page: 'abc' }, 'page'], [{ page: '1.5' }, 'page'],
      [{ page_size: 0 }, 'page_size'], [{ page_size: 2001 }, 'page_size'], [{ page_size: 'x' }, 'page_size'],
    ]) {
      expectError(await render({ ...params, format: 'html' }), 400, field, `html ${qs(params)}`);
      expectError(await admin.get(`/api/reports/draft?${qs({ ...LEDGER, ...params })}`), 400, field, `draft ${qs(params)}`);
    }
    expectStatus(await render({ page_size: 2000, format: 'html' }), 200, 'page_size 2000 is allowed');
    const { total, pages } = (await draftOf(admin, { ...LEDGER, page_size: 3 })).page;
    assert.equal(pages, Math.ceil(total / 3));
    const after = expectError(await render({ page: pages + 1, page_size: 3, format: 'html' }), 404, 'page', 'page after the last');
    assert.equal(after.message, `第${pages + 1}页不存在（共${pages}页）`);
    expectError(await admin.get(`/api/reports/draft?${qs({ ...LEDGER, page: pages + 1, page_size: 3 })}`), 404, 'page');
    expectError(await render({ page: 1, format: 'xlsx' }), 400, 'page', 'the .xlsx is the whole ledger');
    expectError(await render({ page_size: 10, format: 'xlsx' }), 400, 'page_size', 'the .xlsx is the whole ledger');
    expectError(await admin.get(`/api/reports/render?${qs({ ...MONTHLY, page: 1, format: 'html' })}`), 400, 'page', 'monthly has no pages');
    expectError(await admin.get(`/api/reports/draft?${qs({ ...MONTHLY, page_size: 5 })}`), 400, 'page_size', 'monthly has no pages');
  });

  test('the report command writes the demo city\'s whole ledger, or one page with --page/--page-size', async (t) => {
    const dir = await fs.promises.mkdtemp(path.join(tmp, 'demo-'));
    const demo = createDatabase(dir);
    t.after(() => demo.drop());
    const env = { ZS_TODAY: TODAY };
    assert.equal((await runCli(['demo', '--db', demo.url], { env })).code, 0);
    const n = countRows(demo, 'projects');
    assert.ok(n > 100, `the demo city has ${n} projects`);
    const write = async (name, extra, opts = {}) => {
      const out = path.join(dir, name);
      const r = await runCli(['report', '--db', demo.url, '--type', 'ledger', '--format', 'html', '--out', out, ...extra], { env, ...opts });
      return { ...r, out };
    };
    const whole = await write('whole.html', []);
    assert.equal(whole.code, 0);
    const wholeLines = readWith('read_html.py', fs.readFileSync(whole.out), 'html').lines;
    assert.deepEqual(pageLineOf(wholeLines), [], 'the whole ledger has no page line');
    const all = rowsOf(wholeLines);
    assert.equal(all.length, n, 'every project');

    const size = 50;
    const paged = await write('page2.html', ['--page', '2', '--page-size', String(size)]);
    assert.equal(paged.code, 0);
    const lines = readWith('read_html.py', fs.readFileSync(paged.out), 'html').lines;
    assert.deepEqual(pageLineOf(lines), [`第2/${Math.ceil(n / size)}页，共${n}个项目（每页${size}个）`]);
    assert.deepEqual(rowsOf(lines), all.slice(size, 2 * size), 'page 2 is rows 51–100 of the whole ledger');
    const onlySize = await write('page1.html', ['--page-size', String(size)]);
    assert.deepEqual(rowsOf(readWith('read_html.py', fs.readFileSync(onlySize.out), 'html').lines), all.slice(0, size));

    const bad = await write('bad.html', ['--page', '0'], { allowFail: true });
    assert.notEqual(bad.code, 0, '--page 0: non-zero exit');
    assert.match(bad.stdout + bad.stderr, /page/);
    assert.ok(!fs.existsSync(bad.out), 'no file written');
  });
});

describe('publishing', () => {
  let pub;
  const downloads = {};

  test('publish: 201 with the three files; listed; downloads are the published bytes; the month\'s figures are locked', async () => {
    const draft = await draftOf(admin, MONTHLY);
    pub = expectStatus(await city.clients.dispatcher.post('/api/reports/publish', { ...MONTHLY, version: draft.version }), 201, 'publish');
    assert.deepEqual(pub.key, { type: 'monthly', year: 2026, period: 6, unit_id: 0 });
    assert.equal(pub.version_no, 1);
    assert.equal(pub.title, draft.document.title);
    assert.equal(pub.note, '');
    assert.equal(pub.published_by_name, city.users.dispatcher.display_name);
    assert.match(pub.published_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    assert.deepEqual(pub.files.map((f) => f.format).sort(), ['docx', 'html', 'xlsx']);

    for (const f of pub.files) {
      assert.match(f.sha256, /^[0-9a-f]{64}$/);
      const res = await city.clients.leader.get(`/api/reports/${pub.id}/download?format=${f.format}`);
      expectStatus(res, 200, `download ${f.format}`);
      assert.ok(res.headers.get('content-type').startsWith(CT[f.format]), `${f.format}: ${res.headers.get('content-type')}`);
      attachmentName(res);
      assert.equal(sha256(res.bytes), f.sha256, `${f.format}: the bytes are the published ones`);
      assert.equal(res.bytes.length, f.size, `${f.format}: size`);
      downloads[f.format] = res.bytes;
    }
    const dx = readWith('read_docx.py', downloads.docx, 'docx');
    assert.ok(docxParagraphs(dx).includes(`${CITY}招商引资工作月通报`));
    expectError(await admin.get(`/api/reports/${pub.id}/download?format=pdf`), 400, 'format');

    const list = expectStatus(await city.clients.leader.get('/api/reports'), 200);
    assert.equal(list.items[0].id, pub.id, 'newest first');
    assert.equal(list.total, list.items.length);
    assert.deepEqual(list.items[0], pub);
    assert.equal(expectStatus(await admin.get('/api/reports?type=summary'), 200).total, 0, 'type filter');
    assert.equal(expectStatus(await admin.get('/api/reports?type=monthly&year=2025'), 200).total, 0, 'year filter');

    const one = expectStatus(await city.clients.leader.get(`/api/reports/${pub.id}`), 200);
    assert.deepEqual(one.document, draft.document, 'the document as published');
    assert.deepEqual(one.changes, { count: 0, items: [] }, 'nothing changed since');

    for (const u of Object.values(U)) {
      const m = expectStatus(await admin.get(`/api/figures?year=2026&month=6&unit_id=${u.id}`), 200);
      assert.equal(m.submission.state, 'locked', `June of ${u.name} is locked`);
    }
    const may = expectStatus(await admin.get(`/api/figures?year=2026&month=5&unit_id=${U.PK.id}`), 200);
    assert.notEqual(may.submission.state, 'locked', 'other months stay open');
  });

  test('after data changes the downloads stay byte-identical while the report lists the changed figures', async () => {
    assert.ok(pub, 'published by the previous test');
    // A correction of a locked month (needs a reason) and a project's total investment.
    await putFigures(U.DZ.id, 2026, 6, [{ project_id: P.P1.id, funds_in_place: 300_000_000, funds_out_of_province: 260_000_000, fixed_asset_investment: 50_000_000 }], '补报6月份到位资金');
    const p2 = await getProject(admin, P.P2.id);
    await updateProject(admin, p2, { total_investment: 350_000_000 });

    for (const f of pub.files) {
      const res = await admin.get(`/api/reports/${pub.id}/download?format=${f.format}`);
      expectStatus(res, 200);
      assert.ok(res.bytes.equals(downloads[f.format]), `${f.format}: same bytes as at publication`);
      assert.equal(sha256(res.bytes), f.sha256);
    }
    const one = expectStatus(await admin.get(`/api/reports/${pub.id}`), 200);
    assert.ok(one.changes.count > 0, 'changes counted');
    assert.equal(one.changes.count, one.changes.items.length);
    const byKey = new Map(one.changes.items.map((c) => [c.key, c]));
    const funds = byKey.get('monthly.provincial_funds.city.actual');
    assert.ok(funds, `the city's funds are listed: ${[...byKey.keys()].join(', ')}`);
    assert.equal(funds.published, '4.25');
    assert.equal(funds.current, '4.55');
    assert.equal(typeof funds.label, 'string');
    const total = byKey.get(`monthly.projects.${P.P2.id}.total_investment`);
    assert.ok(total, 'the project\'s total is listed');
    assert.equal(total.published, '30000.00');
    assert.equal(total.current, '35000.00');
    assert.ok(!byKey.has('monthly.signed_100m.city.actual'), 'unchanged figures are not listed');
    // The published document itself is unchanged.
    assert.equal(one.document.facts.find((f) => f.key === 'monthly.provincial_funds.city.actual').value, '4.25');
  });

  test('a second publication is a correction: note required (422), then version 2; version 1 still downloads unchanged', async () => {
    const draft = await draftOf(admin, MONTHLY);
    expectError(await admin.post('/api/reports/publish', { ...MONTHLY, version: draft.version }), 422, 'note', 'no note');
    expectError(await admin.post('/api/reports/publish', { ...MONTHLY, version: draft.version, note: '   ' }), 422, 'note', 'blank note');
    const v2 = expectStatus(await admin.post('/api/reports/publish', { ...MONTHLY, version: draft.version, note: '更正6月份省外资金' }), 201);
    assert.equal(v2.version_no, 2);
    assert.equal(v2.note, '更正6月份省外资金');
    assert.notEqual(v2.id, pub.id);
    const docx2 = v2.files.find((f) => f.format === 'docx');
    assert.notEqual(docx2.sha256, pub.files.find((f) => f.format === 'docx').sha256, 'the correction has other figures');
    const two = expectStatus(await admin.get(`/api/reports/${v2.id}`), 200);
    assert.equal(two.document.facts.find((f) => f.key === 'monthly.provincial_funds.city.actual').value, '4.55');
    assert.equal(two.changes.count, 0);
    for (const f of pub.files) {
      const res = await admin.get(`/api/reports/${pub.id}/download?format=${f.format}`);
      assert.ok(res.bytes.equals(downloads[f.format]), `version 1 ${f.format} unchanged`);
    }
    const list = expectStatus(await admin.get('/api/reports?type=monthly&year=2026'), 200);
    assert.deepEqual(list.items.map((r) => [r.id, r.version_no]), [[v2.id, 2], [pub.id, 1]]);
  });

  test('publishing a summary saves its edits and locks its month; a stale draft version → 409', async () => {
    const MAY = { type: 'summary', year: 2026, month: 5 };
    for (const u of Object.values(U)) {
      const m = expectStatus(await admin.get(`/api/figures?year=2026&month=5&unit_id=${u.id}`), 200);
      assert.notEqual(m.submission.state, 'locked');
    }
    const edits = { 's4.1': '下半年重点做好项目签约落地和要素保障。' };
    expectError(await admin.post('/api/reports/publish', { ...MAY, edits, version: 3 }), 409, undefined, 'stale version');
    expectError(await admin.post('/api/reports/publish', { ...MAY, edits: { 's1.1': 'x' }, version: 0 }), 422, 'edits.s1.1');
    expectError(await city.clients.reporterA.post('/api/reports/publish', { ...MAY, version: 0 }), 403);
    expectError(await city.clients.leader.post('/api/reports/publish', { ...MAY, version: 0 }), 403);
    const pubMay = expectStatus(await admin.post('/api/reports/publish', { ...MAY, edits, version: 0 }), 201);
    assert.equal(pubMay.title, `${CITY}招商中心2026年1-5月招商引资工作总结`);
    const one = expectStatus(await admin.get(`/api/reports/${pubMay.id}`), 200);
    assert.deepEqual(one.edits, edits);
    assert.equal(one.document.blocks.find((b) => b.id === 's4.1').text, edits['s4.1']);
    const d = await draftOf(admin, MAY);
    assert.deepEqual(d.edits, edits, 'the edits are saved as the draft\'s');
    assert.ok(d.version > 0);
    for (const u of Object.values(U)) {
      const m = expectStatus(await admin.get(`/api/figures?year=2026&month=5&unit_id=${u.id}`), 200);
      assert.equal(m.submission.state, 'locked', `May of ${u.name} locked by the summary`);
    }
    // A weekly report is published too, and locks nothing.
    const wk = expectStatus(await admin.post('/api/reports/publish', { type: 'weekly', year: 2026, week: 27, version: 0 }), 201);
    assert.deepEqual(wk.key, { type: 'weekly', year: 2026, period: 27, unit_id: 0 });
    const apr = expectStatus(await admin.get(`/api/figures?year=2026&month=4&unit_id=${U.B.id}`), 200);
    assert.notEqual(apr.submission.state, 'locked');
  });

  test('who reads published reports: staff and leaders; reporters and reviewers 403', async () => {
    for (const who of ['reporterA', 'reporterB', 'reviewer']) {
      const c = city.clients[who];
      expectError(await c.get('/api/reports'), 403, undefined, `${who} list`);
      expectError(await c.get(`/api/reports/${pub.id}`), 403, undefined, `${who} get`);
      expectError(await c.get(`/api/reports/${pub.id}/download?format=docx`), 403, undefined, `${who} download`);
    }
    expectStatus(await city.clients.leader.get(`/api/reports/${pub.id}`), 200);
    expectError(await new Client(server.baseUrl).get('/api/reports'), 401);
  });
});

describe('the report command', () => {
  test('writes a .docx that python-docx opens; an unknown type exits non-zero with a clear error', async (t) => {
    const copyDb = await server.db.copy(tmp); // the command on its own database, beside the running server
    t.after(() => copyDb.drop());
    const copy = copyDb.url;
    const out = path.join(tmp, 'bulletin.docx');
    const env = { ZS_TODAY: TODAY };
    const ok = await runCli(['report', '--db', copy, '--type', 'monthly', '--year', '2026', '--month', '6', '--format', 'docx', '--out', out], { env });
    assert.equal(ok.code, 0);
    const bytes = fs.readFileSync(out);
    const dx = readWith('read_docx.py', bytes, 'docx');
    const paras = docxParagraphs(dx);
    assert.ok(paras.includes(`${CITY}招商引资工作月通报`), 'title');
    assert.ok(paras.includes('一、主要指标完成情况'), 'section 一');
    // The same bytes as the server renders from the same data.
    const served = await admin.get(`/api/reports/render?${qs({ ...MONTHLY, format: 'docx' })}`);
    assert.equal(sha256(bytes), sha256(served.bytes), 'CLI and server render the same document');

    const bad = await runCli(['report', '--db', copy, '--type', 'nonsense', '--year', '2026', '--month', '6', '--format', 'docx',
      '--out', path.join(tmp, 'x.docx')], { env, allowFail: true });
    assert.notEqual(bad.code, 0, 'non-zero exit');
    assert.match(bad.stdout + bad.stderr, /nonsense|type|类型/, 'the error names the type');
    assert.ok(!fs.existsSync(path.join(tmp, 'x.docx')), 'no file written');
    const noMonth = await runCli(['report', '--db', copy, '--type', 'monthly', '--year', '2026', '--format', 'docx',
      '--out', path.join(tmp, 'y.docx')], { env, allowFail: true });
    assert.notEqual(noMonth.code, 0, 'missing month: non-zero exit');
    assert.match(noMonth.stdout + noMonth.stderr, /month/);
    void BIN;
  });
});
