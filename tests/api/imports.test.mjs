// Imports (docs/api.md "Imports") end to end, against the real server on a fresh database with its day
// fixed at 2026-07-10. Files are built the ways a unit makes them: the server's own exports and
// templates, exceljs (web/ devDependency), LibreOffice from a CSV, hand-written CSV in UTF-8, UTF-8 with
// a BOM and GBK, and hand-built zip packages for the hostile ones (a deflate bomb, lying sizes, billion
// laughs, 10^6 rows). What is checked: an exported file re-imports without a change and the commit then
// writes nothing; the preview (inserts, updates, changes in 万元 text, errors by the file's own row number
// and header, synonyms, 合计 rows, two-level merged headers); the API's own rules row by row; all or
// nothing (409 with errors, skip_errors and the rejected rows' file, data changed between preview and
// commit, cancel), every write audited in the commit's transaction; the column mapping; refused files;
// progress of a 20,000-row file; and who may do what.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { after, before, describe, test } from 'node:test';

import {
  REPO_ROOT, countRows, createInvestor, createProject, expectError, expectStatus, getProject, putNode, rawRequest,
  reachNode, setupCity, sleep, sql, startWithAdmin, uniq, updateProject, uploadFile, writeHeaders,
} from './lib/server.mjs';
import { makeUscc } from './lib/uscc.mjs';

const ExcelJS = createRequire(new URL('../../web/package.json', import.meta.url))('exceljs');

const TODAY = '2026-07-10';
const PY = '/usr/bin/python3';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

let tmp;

// ---------------------------------------------------------------------------------------------
// Files

const qs = (params) => new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null)
  .map(([k, v]) => [k, String(v)])).toString();

/** RFC 4180 CSV text (CRLF), quoting where needed. */
function csv(rows) {
  const cell = (v) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return `${rows.map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}

/** UTF-8 text → GBK bytes with iconv (an independent encoder). */
function gbk(text) {
  return execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GBK'], { input: Buffer.from(text, 'utf8') });
}

/**
 * CSV files → .xlsx by LibreOffice (zh-CN, dates and numbers recognised, as a user opening the CSV would get).
 * Asynchronous: the conversion (seconds, mostly start-up) runs while other tests do.
 */
async function libreOffice(files) {
  const dir = await fs.promises.mkdtemp(path.join(tmp, 'lo-'));
  const inputs = [];
  for (const [name, text] of Object.entries(files)) {
    inputs.push(path.join(dir, `${name}.csv`));
    await fs.promises.writeFile(inputs.at(-1), text);
  }
  await new Promise((resolve, reject) => {
    execFile('soffice', ['--headless', `-env:UserInstallation=file://${path.join(dir, 'profile')}`,
      '--infilter=CSV:44,34,76,1,,2052,false,true', '--convert-to', 'xlsx', '--outdir', dir, ...inputs],
    { timeout: 120_000 }, (e, stdout, stderr) => (e ? reject(new Error(`soffice: ${e.message}\n${stderr}`)) : resolve()));
  });
  const out = {};
  for (const name of Object.keys(files)) out[name] = await fs.promises.readFile(path.join(dir, `${name}.xlsx`));
  return out;
}

/** A workbook written by exceljs: `build(ws)` fills the first sheet. */
async function exceljs(build) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  await build(ws, wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Opens an .xlsx with exceljs, lets `edit(ws)` change it and saves it again (a user editing a file). */
async function editWithExceljs(bytes, edit) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes);
  const ws = wb.worksheets[0];
  await edit(ws);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Column number (1-based) of each header text in row `r` of an exceljs sheet. */
function headerColumns(ws, r = 1) {
  const cols = {};
  ws.getRow(r).eachCell((c, col) => { cols[String(c.value)] = col; });
  return cols;
}

const utcDay = (iso) => new Date(`${iso}T00:00:00Z`);

/** An .xlsx read by openpyxl (tests/tools/read_xlsx.py): the first sheet's cells by row, and the header texts. */
function readXlsx(bytes) {
  const file = path.join(tmp, `x${crypto.randomBytes(6).toString('hex')}.xlsx`);
  fs.writeFileSync(file, bytes);
  const wb = JSON.parse(execFileSync(PY, [path.join(REPO_ROOT, 'tests', 'tools', 'read_xlsx.py'), file],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }));
  assert.equal(wb.zip_bad_entry, null, 'the zip is sound');
  const sheet = wb.sheets[0];
  const rows = new Map();
  for (const c of sheet.cells) {
    if (!rows.has(c.row)) rows.set(c.row, []);
    rows.get(c.row)[c.col - 1] = c;
  }
  const values = (r) => Array.from(rows.get(r) ?? [], (c) => (c ? c.value : null));
  return { sheet, rows, values, maxRow: Math.max(0, ...rows.keys()) };
}

// --- zip packages built by hand, for the files no office program writes

// zlib.crc32 came with Node 20.15 (and 22.2); on an older Node 20, a table-driven one.
let crcTable = null;
const crc32 = zlib.crc32 ?? ((buf, prev = 0) => {
  crcTable ??= Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  let c = (prev ^ 0xffffffff) >>> 0;
  for (let i = 0; i < buf.length; i++) c = crcTable[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
});

/** Deflated entry data: {raw, crc, size}. */
function deflated(data) {
  const b = Buffer.from(data);
  return { raw: zlib.deflateRawSync(b), crc: crc32(b), size: b.length };
}

/**
 * A deflate stream of prefix + `times` × block + suffix without holding the whole: each piece is
 * deflated alone and ends on a full flush, so the pieces concatenate into one valid stream.
 */
function deflatedRepeat(prefix, block, times, suffix) {
  const flush = { finishFlush: zlib.constants.Z_FULL_FLUSH };
  const piece = zlib.deflateRawSync(block, { ...flush, level: 9 });
  const parts = [zlib.deflateRawSync(Buffer.from(prefix), flush)];
  for (let i = 0; i < times; i++) parts.push(piece);
  parts.push(zlib.deflateRawSync(Buffer.from(suffix)));
  let crc = crc32(Buffer.from(prefix));
  for (let i = 0; i < times; i++) crc = crc32(block, crc);
  crc = crc32(Buffer.from(suffix), crc);
  return { raw: Buffer.concat(parts), crc, size: Buffer.byteLength(prefix) + block.length * times + Buffer.byteLength(suffix) };
}

/** A zip of entries {name, data: string|Buffer|{raw, crc, size}, declaredSize?} (deflate, no data descriptors). */
function zipOf(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const { raw, crc, size } = typeof e.data === 'string' || Buffer.isBuffer(e.data) ? deflated(e.data) : e.data;
    const declared = e.declaredSize ?? size;
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt16LE(0x0800, 6); // UTF-8 names
    h.writeUInt16LE(8, 8); // deflate
    h.writeUInt16LE(0x21, 12); // 1980-01-01
    h.writeUInt32LE(crc >>> 0, 14);
    h.writeUInt32LE(raw.length, 18);
    h.writeUInt32LE(declared, 22);
    h.writeUInt16LE(name.length, 26);
    locals.push(h, name, raw);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(0x0800, 8);
    c.writeUInt16LE(8, 10);
    c.writeUInt16LE(0x21, 14);
    c.writeUInt32LE(crc >>> 0, 16);
    c.writeUInt32LE(raw.length, 20);
    c.writeUInt32LE(declared, 24);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt32LE(offset, 42);
    centrals.push(c, name);
    offset += 30 + name.length + raw.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const SML = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const OFFICE_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** The smallest .xlsx package: one worksheet whose XML (or deflated entry) is `sheet`. */
function xlsxPackage(sheet, { declaredSize } = {}) {
  return zipOf([
    { name: '[Content_Types].xml', data: '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      + '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
      + '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
      + '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>' },
    { name: '_rels/.rels', data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${RELS}"><Relationship Id="rId1" Type="${OFFICE_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>` },
    { name: 'xl/workbook.xml', data: `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${SML}" xmlns:r="${OFFICE_REL}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>` },
    { name: 'xl/_rels/workbook.xml.rels', data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${RELS}"><Relationship Id="rId1" Type="${OFFICE_REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>` },
    { name: 'xl/worksheets/sheet1.xml', data: sheet, declaredSize },
  ]);
}

const inlineCell = (ref, text) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
const SHEET_HEAD = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${SML}"><sheetData>`;
const SHEET_TAIL = '</sheetData></worksheet>';
/** Sheet XML with a 项目名称/项目类别 header and `rows` projects. */
function ledgerSheet(rows) {
  let xml = `${SHEET_HEAD}<row r="1">${inlineCell('A1', '项目名称')}${inlineCell('B1', '项目类别')}</row>`;
  rows.forEach((name, i) => { xml += `<row r="${i + 2}">${inlineCell(`A${i + 2}`, name)}${inlineCell(`B${i + 2}`, '工业')}</row>`; });
  return xml + SHEET_TAIL;
}

// ---------------------------------------------------------------------------------------------
// The API

/** POST /api/imports with the file as the raw body; answers the raw response. */
function upload(client, kind, bytes, params = {}, name = `${kind}.xlsx`) {
  return client.request('POST', `/api/imports?${qs({ kind, name, ...params })}`,
    { body: bytes, contentType: name.endsWith('.csv') ? 'text/csv' : XLSX_TYPE });
}

/** Polls GET /api/imports/{id} while its state is `state`; answers the Import and the progress seen. */
async function waitWhile(client, id, state, seen = []) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const imp = expectStatus(await client.get(`/api/imports/${id}`), 200, `poll import ${id}`);
    seen.push({ state: imp.state, ...imp.progress });
    if (imp.state !== state) return imp;
    assert.ok(Date.now() < deadline, `import ${id} still ${state} after 120 s`);
    await sleep(Math.min(200, 20 + seen.length * 10));
  }
}

/** Uploads and waits for the validation: answers the Import (state ready, or failed). */
async function importOf(client, kind, bytes, params = {}, name = undefined) {
  const res = await upload(client, kind, bytes, params, name);
  assert.ok([201, 202].includes(res.status), `POST /api/imports ${kind}: ${res.status} ${res.text.slice(0, 800)}`);
  if (res.status === 201) {
    assert.ok(['ready', 'failed'].includes(res.body.state), `201 with state ${res.body.state}`);
    return res.body;
  }
  // 202: the validation outlasted the wait. (The body is read after the wait, so a validation that ends in
  // between already shows its outcome; only `validating` needs polling.)
  assert.ok(['validating', 'ready', 'failed'].includes(res.body.state), `202 with state ${res.body.state}`);
  return res.body.state === 'validating' ? waitWhile(client, res.body.id, 'validating') : res.body;
}

/** Commits; when the server answers 202, polls until the state is no longer committing. */
async function commit(client, id, body = { skip_errors: false }) {
  const res = await client.post(`/api/imports/${id}/commit`, body);
  if (res.status !== 202) return { res, imp: res.status === 200 ? res.body : null };
  assert.equal(res.body.state, 'committing', `202 ${res.text.slice(0, 300)}`);
  return { res, imp: await waitWhile(client, id, 'committing') };
}

/** Commits and expects it to be written: answers the committed Import. */
async function commitOk(client, id, body) {
  const { res, imp } = await commit(client, id, body);
  assert.ok([200, 202].includes(res.status), `commit ${id}: ${res.status} ${res.text.slice(0, 800)}`);
  assert.equal(imp.state, 'committed', `commit ${id}: ${JSON.stringify({ state: imp.state, message: imp.message, errors: imp.errors })}`);
  return imp;
}

/**
 * Expects a commit to be refused with nothing written: 409 naming `field` (skip_errors: rows have errors;
 * rows: the data changed since the preview; state: not ready), or 202 and then back in `ready`.
 */
async function commitRefused(client, id, body, what, field) {
  const { res, imp } = await commit(client, id, body);
  if (res.status === 202) {
    assert.equal(imp.state, 'ready', `${what}: after 202 the import is back in ready`);
    return imp;
  }
  expectError(res, 409, field, what);
  return expectStatus(await client.get(`/api/imports/${id}`), 200, 'GET import');
}

/** A short description of an Import for assertion messages. */
const brief = (imp) => JSON.stringify({ state: imp.state, message: imp.message, rows: imp.rows, inserts: imp.inserts,
  updates: imp.updates, unchanged: imp.unchanged, error_count: imp.error_count, errors: imp.errors?.slice(0, 8),
  warnings: imp.warnings?.slice(0, 4), changes: imp.changes?.slice(0, 4), columns: imp.columns?.map((c) => `${c.header}→${c.field}`) });

/** Asserts a preview with no errors and the given counts. */
function expectPreview(imp, { rows, inserts = 0, updates = 0, unchanged = 0, errors = 0 }, what) {
  assert.equal(imp.state, 'ready', `${what}: ${brief(imp)}`);
  assert.deepEqual({ rows: imp.rows, inserts: imp.inserts, updates: imp.updates, unchanged: imp.unchanged, error_count: imp.error_count },
    { rows, inserts, updates, unchanged, error_count: errors }, `${what}: ${brief(imp)}`);
}

/** Every item of a paged list. */
async function listAll(client, p, params = {}) {
  const items = [];
  for (let page = 1; ; page++) {
    const body = expectStatus(await client.get(`${p}?${qs({ ...params, page, page_size: 200 })}`), 200, `GET ${p}`);
    items.push(...body.items);
    if (items.length >= body.total || body.items.length === 0) return items;
  }
}

/** Every project as the list and as the single object show it (versions, ledgers, derived fields included). */
async function projectsView(client) {
  const list = await listAll(client, '/api/projects', { sort: 'id' });
  const full = [];
  for (const p of list) full.push(await getProject(client, p.id));
  return { list, full };
}

async function exportOf(client, kind, params = {}) {
  const res = await client.get(`/api/exports/${kind}?${qs(params)}`);
  expectStatus(res, 200, `GET /api/exports/${kind}?${qs(params)}`);
  return res.bytes;
}

// --- the database

/** The business tables' full contents (rows sorted) and the audit log's size: what "nothing written" compares. */
const DATA_TABLES = ['projects', 'project_nodes', 'investors', 'monthly_figures', 'monthly_submissions', 'targets'];
function dbState(db) {
  const state = {};
  for (const t of DATA_TABLES) state[t] = sql(db, `SELECT * FROM ${t}`).map((r) => JSON.stringify(r)).sort();
  state.audit_log = countRows(db, 'audit_log');
  return state;
}
function expectSameData(db, before, what) {
  const now = dbState(db);
  for (const t of [...DATA_TABLES, 'audit_log']) assert.deepEqual(now[t], before[t], `${what}: ${t} changed`);
}
const lastAuditId = (db) => sql(db, 'SELECT COALESCE(MAX(id), 0) AS n FROM audit_log')[0].n;
const parsedJson = (v) => (v === null || typeof v !== 'string' ? v : JSON.parse(v)); // text in SQLite, maybe json in PostgreSQL
function auditSince(db, id) {
  return sql(db, `SELECT id, entity, entity_id, action, before_json, after_json FROM audit_log WHERE id > ${id} ORDER BY id`)
    .map((r) => ({ ...r, before: r.before_json ? parsedJson(r.before_json) : null, after: r.after_json ? parsedJson(r.after_json) : null }));
}

// ---------------------------------------------------------------------------------------------
// The dataset of the main server

let server;
let admin;
let city;
const U = {};
const P = {};
const I = {};
let industryCode;
let chain;
let libreOfficeLedger; // the synonym ledger converted by LibreOffice (a promise)

async function putFigures(unitId, year, month, rows) {
  const cur = expectStatus(await admin.get(`/api/figures?year=${year}&month=${month}&unit_id=${unitId}`), 200, 'GET figures');
  const full = rows.map((r) => ({ funds_in_place: 0, funds_out_of_province: 0, fixed_asset_investment: 0, output_value: 0, tax: 0, ...r }));
  return expectStatus(await admin.put('/api/figures', { year, month, unit_id: unitId, version: cur.submission.version, rows: full }),
    200, `PUT figures ${unitId} ${year}-${month}`);
}

async function buildDataset() {
  city = await setupCity(admin);
  U.A = city.units.A;
  U.B = city.units.B;
  U.C = expectStatus(await admin.post('/api/units', { code: `UC${city.suffix}`, name: `丙园区${city.suffix}`, kind: 'park', sort_order: 3 }), 201);
  // No endpoint creates industrial chains (the demo seeds them): one row of reference data, written before any use.
  server.db.exec("INSERT INTO chains (name, kind) VALUES ('新能源汽车产业链', 'leading')");
  chain = expectStatus(await admin.get('/api/chains'), 200).items.find((c) => c.name === '新能源汽车产业链');
  assert.ok(chain, 'the chain is listed');
  const industries = expectStatus(await admin.get('/api/industries'), 200).items;
  industryCode = industries.find((i) => i.level === 4 && i.code.startsWith('C')).code;
  const regions = expectStatus(await admin.get('/api/regions'), 200).items;
  const nanjing = regions.find((r) => r.parent === '320000' && r.name.startsWith('南京'));
  assert.ok(nanjing, 'a city of Jiangsu');

  I.JS = await createInvestor(admin, { province_code: '320000', city_code: nanjing.code, name: '江苏长江新能源有限公司', tags: ['private', 'listed'] });
  I.ZJ = await createInvestor(admin, { province_code: '330000', name: '浙江之江智造股份有限公司', tags: ['state_owned'] });
  I.ofA = await createInvestor(city.clients.reporterA, { province_code: '440000', name: '广东甲镇自建投资方有限公司', tags: [] });

  // P1 (A): every field, money to the yuan (4 decimals of 万元), land with 2 decimals, signed on 2026-03-15,
  // confirmed in the provincial database.
  P.P1 = await createProject(admin, { code: 'IMA001', unit_id: U.A.id, name: '长江新能源电池项目', investor_id: I.JS.id,
    category: 'industry', total_investment: 250_001_234, fixed_asset_investment: 150_000_001, land_area_mu: 12.25,
    industry_code: industryCode, chain_id: chain.id, emerging_industry: '新材料', leader_in_charge: '王副市长',
    referrer: '李引荐', introducing_unit: '市商务局', first_introducer: '张三', is_key: true });
  await reachNode(admin, P.P1.id, 'signed', { investorId: I.JS.id, on: '2026-03-15' });
  let p1 = await getProject(admin, P.P1.id);
  p1 = expectStatus(await putNode(admin, p1, 'started', { planned_date: '2026-09-30' }), 200, 'plan started');
  P.P1 = await updateProject(admin, p1, { prov_db_status: 'confirmed', prov_db_reported_date: '2026-04-01',
    prov_db_confirmed_date: '2026-05-06', above_scale_route: 'upgrade' });
  // P2 (A): a service project, pending in the provincial database, its lead dated.
  P.P2 = await createProject(admin, { code: 'IMA002', unit_id: U.A.id, name: '之江智造服务中心', investor_id: I.ZJ.id,
    category: 'service', total_investment: 80_000_000, prov_db_status: 'pending', prov_db_reported_date: '2026-06-30' });
  P.P2 = expectStatus(await putNode(admin, P.P2, 'lead', { actual_date: '2026-01-05' }), 200, 'P2 lead');
  // P3 (B): terminated, with its reason.
  P.P3 = await createProject(admin, { code: 'IMB001', unit_id: U.B.id, name: '撤资项目', category: 'other',
    total_investment: 5_000_000, terminated: true, termination_reason: '投资方撤资' });
  // P4 (C): the only project of unit C, with figures in May.
  P.P4 = await createProject(admin, { code: 'IMC001', unit_id: U.C.id, name: '丙园区农业项目', category: 'agriculture',
    total_investment: 12_345_678 });

  await putFigures(U.A.id, 2026, 6, [{ project_id: P.P1.id, funds_in_place: 6_000_000, funds_out_of_province: 5_000_050,
    fixed_asset_investment: 1_234_567, output_value: 7, tax: 12_345 }, { project_id: P.P2.id, funds_in_place: 1 }]);
  await putFigures(U.C.id, 2026, 5, [{ project_id: P.P4.id, funds_in_place: 30_000_001, funds_out_of_province: 10_000_000, tax: 99 }]);
  const items = [['provincial_funds', 0, 2_500_000_000], ['provincial_funds', U.A.id, 123_456_789], ['signed_100m', 0, 12],
    ['signed_100m', U.B.id, 3]].map(([indicator, unit_id, value]) => ({ indicator, unit_id, value, version: 0 }));
  expectStatus(await admin.put('/api/targets', { year: 2026, items }), 200, 'PUT targets');
}

// One ledger as a unit keeps it: synonyms for headers, dates typed three ways, a thousands separator, a 合计 row.
const SYN_HEADERS = ['项目名称', '属地', '项目类型', '计划总投资', '固投', '用地面积', '投资主体', '行业代码', '线索时间', '在谈时间',
  '预审时间', '签约时间', '是否重点项目', '包保市领导', '入库状态', '上报日期'];
const SYN_FIELDS = ['name', 'unit', 'category', 'total_investment', 'fixed_asset_investment', 'land_area_mu', 'investor', 'industry_code',
  'node.lead.actual', 'node.negotiating.actual', 'node.prereview.actual', 'node.signed.actual', 'is_key', 'leader_in_charge',
  'prov_db_status', 'prov_db_reported_date'];
const synRows = () => [
  SYN_HEADERS,
  ['同义表头项目甲', U.A.name, '工业', '1234.5678', '1000', '12.5', I.JS.name, industryCode, '2025/3/1', '2025年4月1日', '20250501',
    '2025-06-01', '是', '王市长', '待审核', '2026/6/30'],
  ['同义表头项目乙', U.A.name, '服务业', '0.0001', '', '', '', '', '2025年3月1日', '', '', '', '否', '', '', ''],
  ['同义表头项目丙', U.A.name, '农业', '12,345.6', '', '', '', '', '20250301', '', '', '', '', '', '未上报', ''],
  ['合计', '', '', '13580.1679', '1000', '', '', '', '', '', '', '', '', '', '', ''],
];
const synExpected = () => [
  ['同义表头项目甲', 'industry', 12_345_678, 10_000_000, 12.5, 'JS', industryCode, ['2025-03-01', '2025-04-01', '2025-05-01', '2025-06-01'], true, '王市长', 'pending', '2026-06-30'],
  ['同义表头项目乙', 'service', 1, 0, 0, null, '', ['2025-03-01', null, null, null], false, '', 'none', null],
  ['同义表头项目丙', 'agriculture', 123_456_000, 0, 0, null, '', ['2025-03-01', null, null, null], false, '', 'none', null],
];
const comparable = (imp) => ({ header_row: imp.header_row, fields: imp.columns.map((c) => c.field), rows: imp.rows,
  inserts: imp.inserts, updates: imp.updates, unchanged: imp.unchanged, error_count: imp.error_count,
  errors: imp.errors.map((e) => [e.row, e.field]), warnings: imp.warnings.map((w) => [w.row, w.field]) });

before(async () => {
  tmp = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'zs-imports-'));
});
after(async () => {
  if (tmp && !process.env.ZS_KEEP_TMP) await fs.promises.rm(tmp, { recursive: true, force: true });
});

// The two servers' suites run side by side; the tests within each, one after the other.
const SEQUENTIAL = { concurrency: 1 };
describe('imports', { concurrency: 2 }, () => {
  describe('on a small fixed dataset', SEQUENTIAL, () => {
    before(async () => {
      ({ server, admin } = await startWithAdmin({ today: TODAY }));
      await buildDataset();
      libreOfficeLedger = libreOffice({ ledger: csv(synRows()) });
      libreOfficeLedger.catch(() => {}); // awaited (and reported) by its test
    });
    after(async () => { await server?.stop(); });

    // -------------------------------------------------------------------------------------------
    describe('round trips: an exported file imports without a change and its commit writes nothing', SEQUENTIAL, () => {
      test('projects: preview all unchanged, commit writes nothing; re-saved by exceljs, still nothing', async () => {
        const bytes = await exportOf(admin, 'projects');
        const before = await projectsView(admin);
        const n = before.list.length;
        assert.ok(n >= 6, 'the dataset has its projects');
        const imp = await importOf(admin, 'projects', bytes);
        expectPreview(imp, { rows: n, unchanged: n }, 'projects export');
        assert.ok(imp.columns.every((c) => c.field !== null), `every exported column is recognised: ${brief(imp)}`);
        assert.deepEqual(imp.changes, []);
        assert.deepEqual(imp.warnings, []);

        const data = dbState(server.db);
        const mark = lastAuditId(server.db);
        const done = await commitOk(admin, imp.id);
        assert.deepEqual(done.result, { inserted: 0, updated: 0, unchanged: n, skipped: 0 });
        assert.deepEqual(await projectsView(admin), before, 'GET /api/projects and every project identical after the commit');
        const audit = auditSince(server.db, mark);
        assert.deepEqual(audit.map((a) => [a.entity, a.entity_id, a.action]), [['import', imp.id, 'update']], 'only the import\'s own audit row');
        assert.equal(audit[0].after.state, 'committed');
        data.audit_log += 1;
        expectSameData(server.db, data, 'a commit of an unchanged file');

        // The same file opened and saved by another program (exceljs keeps the cells, rewrites the package).
        const resaved = await editWithExceljs(bytes, () => {});
        assert.notDeepEqual(resaved, bytes);
        const again = await importOf(admin, 'projects', resaved);
        expectPreview(again, { rows: n, unchanged: n }, 'the export re-saved by exceljs');
        expectStatus(await admin.post(`/api/imports/${again.id}/cancel`), 200, 'cancel');
      });

      test('projects: a reporter\'s own export, imported by the reporter, changes nothing', async () => {
        const repA = city.clients.reporterA;
        const bytes = await exportOf(repA, 'projects');
        const mine = await listAll(repA, '/api/projects');
        const imp = await importOf(repA, 'projects', bytes);
        expectPreview(imp, { rows: mine.length, unchanged: mine.length }, 'reporter A\'s export');
        assert.equal(imp.unit_id, U.A.id, 'a reporter\'s import belongs to its unit');
        const data = dbState(server.db);
        const done = await commitOk(repA, imp.id);
        assert.deepEqual(done.result, { inserted: 0, updated: 0, unchanged: mine.length, skipped: 0 });
        data.audit_log += 1;
        expectSameData(server.db, data, 'reporter round trip');
      });

      test('investors: preview all unchanged, commit writes nothing', async () => {
        const bytes = await exportOf(admin, 'investors');
        const before = await listAll(admin, '/api/investors', { sort: 'id' });
        const imp = await importOf(admin, 'investors', bytes);
        expectPreview(imp, { rows: before.length, unchanged: before.length }, 'investors export');
        assert.ok(imp.columns.every((c) => c.field !== null), brief(imp));
        const data = dbState(server.db);
        const done = await commitOk(admin, imp.id);
        assert.deepEqual(done.result, { inserted: 0, updated: 0, unchanged: before.length, skipped: 0 });
        assert.deepEqual(await listAll(admin, '/api/investors', { sort: 'id' }), before);
        data.audit_log += 1;
        expectSameData(server.db, data, 'investors round trip');
      });

      test('monthly figures: a month whose every row was reported — preview unchanged, commit writes nothing', async () => {
        const bytes = await exportOf(admin, 'monthly', { year: 2026, month: 5, unit_id: U.C.id });
        const grid = expectStatus(await admin.get(`/api/figures?year=2026&month=5&unit_id=${U.C.id}`), 200);
        assert.equal(grid.items.length, 1);
        const imp = await importOf(admin, 'monthly', bytes);
        expectPreview(imp, { rows: 1, unchanged: 1 }, 'unit C, May');
        const data = dbState(server.db);
        const done = await commitOk(admin, imp.id);
        assert.deepEqual(done.result, { inserted: 0, updated: 0, unchanged: 1, skipped: 0 });
        assert.deepEqual(expectStatus(await admin.get(`/api/figures?year=2026&month=5&unit_id=${U.C.id}`), 200), grid);
        data.audit_log += 1;
        expectSameData(server.db, data, 'monthly round trip');
      });

      test('monthly figures: every unit\'s month, blank rows (nothing reported) included — preview unchanged', async () => {
        // Exports say "an exported file re-imports without changes" and write an amount nobody entered as an
        // empty cell; the projects of June nobody reported for must stay unreported, not become zeros.
        const bytes = await exportOf(admin, 'monthly', { year: 2026, month: 6 });
        const rows = readXlsx(bytes).maxRow - 1;
        assert.ok(rows >= 4, 'the export lists every unit\'s projects');
        const imp = await importOf(admin, 'monthly', bytes);
        try {
          expectPreview(imp, { rows, unchanged: rows }, 'all units, June (blank rows included)');
        } finally {
          expectStatus(await admin.post(`/api/imports/${imp.id}/cancel`), 200, 'cancel');
        }
      });

      test('targets: preview unchanged, commit writes nothing', async () => {
        const bytes = await exportOf(admin, 'targets', { year: 2026 });
        const before = expectStatus(await admin.get('/api/targets?year=2026'), 200);
        const units = expectStatus(await admin.get('/api/units'), 200).items.length;
        const imp = await importOf(admin, 'targets', bytes, { year: 2026 });
        expectPreview(imp, { rows: units + 1, unchanged: units + 1 }, 'targets export (全市 + each unit)');
        assert.ok(imp.columns.every((c) => c.field !== null), brief(imp));
        const data = dbState(server.db);
        const done = await commitOk(admin, imp.id);
        assert.deepEqual(done.result, { inserted: 0, updated: 0, unchanged: units + 1, skipped: 0 });
        assert.deepEqual(expectStatus(await admin.get('/api/targets?year=2026'), 200), before);
        data.audit_log += 1;
        expectSameData(server.db, data, 'targets round trip');
      });
    });

    // -------------------------------------------------------------------------------------------
    describe('preview', SEQUENTIAL, () => {
      test('an edited export: exactly the changed amount, the new node date and the new project; commit writes them, audited', async () => {
        const before = await projectsView(admin);
        const n = before.list.length;
        let rows = null;
        const bytes = await editWithExceljs(await exportOf(admin, 'projects'), (ws) => {
          const col = headerColumns(ws);
          let r1 = null;
          let r2 = null;
          ws.eachRow((row, r) => {
            if (row.getCell(col['项目编号']).value === 'IMA001') r1 = r;
            if (row.getCell(col['项目编号']).value === 'IMA002') r2 = r;
          });
          assert.ok(r1 && r2, 'P1 and P2 are in the export');
          ws.getCell(r1, col['总投资（万元）']).value = 25000.5;
          const neg = ws.getCell(r2, col['在谈日期']);
          neg.value = utcDay('2026-02-01');
          neg.numFmt = 'yyyy-mm-dd';
          const added = ws.getRow(ws.rowCount + 1);
          added.getCell(col['项目编号']).value = 'IMNEW1';
          added.getCell(col['项目名称']).value = '新增导入项目';
          added.getCell(col['责任单位']).value = U.A.name;
          added.getCell(col['项目类别']).value = '工业';
          added.getCell(col['总投资（万元）']).value = 100;
          added.getCell(col['线索日期']).value = '2026-06-01';
          rows = { r1, r2 };
        });
        const imp = await importOf(admin, 'projects', bytes);
        expectPreview(imp, { rows: n + 1, inserts: 1, updates: 2, unchanged: n - 2 }, 'edited export');
        const changes = [...imp.changes].sort((a, b) => a.row - b.row);
        assert.deepEqual(changes, [
          { row: rows.r1, id: P.P1.id, name: P.P1.name, fields: [{ field: 'total_investment', header: '总投资（万元）', before: '25000.1234', after: '25000.5' }] },
          { row: rows.r2, id: P.P2.id, name: P.P2.name, fields: [{ field: 'node.negotiating.actual', header: '在谈日期', before: '', after: '2026-02-01' }] },
        ].sort((a, b) => a.row - b.row), brief(imp));

        const mark = lastAuditId(server.db);
        const done = await commitOk(admin, imp.id);
        assert.deepEqual(done.result, { inserted: 1, updated: 2, unchanged: n - 2, skipped: 0 });
        const p1 = await getProject(admin, P.P1.id);
        assert.equal(p1.total_investment, 250_005_000, '25000.5 万元 exactly');
        assert.equal(p1.version, P.P1.version + 1);
        const p2 = await getProject(admin, P.P2.id);
        assert.equal(p2.nodes.find((x) => x.node === 'negotiating').actual_date, '2026-02-01');
        const fresh = (await listAll(admin, '/api/projects', { q: 'IMNEW1' })).find((p) => p.code === 'IMNEW1');
        assert.ok(fresh, 'the new project exists');
        const pn = await getProject(admin, fresh.id);
        assert.deepEqual([pn.unit_id, pn.category, pn.total_investment, pn.nodes.find((x) => x.node === 'lead').actual_date],
          [U.A.id, 'industry', 1_000_000, '2026-06-01']);
        // Nothing else moved.
        const after = await projectsView(admin);
        const untouched = (v) => v.full.filter((p) => ![P.P1.id, P.P2.id, fresh.id].includes(p.id));
        assert.deepEqual(untouched(after), untouched(before));
        // One audit row per project written, each naming the import, and the import's own.
        const audit = auditSince(server.db, mark);
        const projects = audit.filter((a) => a.entity === 'project');
        assert.deepEqual(projects.map((a) => [a.entity_id, a.action]).sort(),
          [[P.P1.id, 'update'], [P.P2.id, 'update'], [fresh.id, 'create']].sort());
        for (const a of projects) assert.equal(a.after.import_id, imp.id, 'after carries import_id');
        assert.equal(projects.find((a) => a.entity_id === P.P1.id).before.total_investment, 250_001_234);
        const own = audit.filter((a) => a.entity === 'import');
        assert.deepEqual(own.map((a) => [a.entity_id, a.action, a.before?.state, a.after?.state]), [[imp.id, 'update', 'committing', 'committed']]);
        assert.deepEqual(own[0].after.result, done.result);
        assert.equal(audit.length, 4, 'nothing else audited');
        P.P1 = p1;
        P.P2 = p2;
      });

      test('a matched row updates the columns the file has: an empty cell clears its value, a missing column keeps it', async () => {
        const before = await getProject(admin, P.P1.id);
        assert.equal(before.leader_in_charge, '王副市长');
        const text = csv([['项目编号', '包保领导', '引荐人'], [P.P1.code, '', '新引荐人']]);
        const imp = await importOf(admin, 'projects', Buffer.from(text), {}, 'partial.csv');
        expectPreview(imp, { rows: 1, updates: 1 }, 'two columns of P1');
        assert.deepEqual(imp.changes.map((c) => [c.id, c.fields.map((f) => [f.field, f.header, f.before, f.after])]),
          [[P.P1.id, [['leader_in_charge', '包保领导', '王副市长', ''], ['referrer', '引荐人', '李引荐', '新引荐人']]]]);
        await commitOk(admin, imp.id);
        const after = await getProject(admin, P.P1.id);
        assert.deepEqual([after.leader_in_charge, after.referrer], ['', '新引荐人']);
        const same = (p) => ({ ...p, leader_in_charge: null, referrer: null, version: null, updated_at: null });
        assert.deepEqual(same(after), same(before), 'every other field, node and amount as it was');
        P.P1 = after;
      });

      test('errors carry the spreadsheet\'s own row number and the file\'s header text; a title row above the headers', async () => {
        const bytes = await exceljs((ws) => {
          ws.getCell('A1').value = '2026年招商项目台账';
          ws.mergeCells('A1:E1');
          ws.getRow(3).values = ['项目名称', '项目类别', '计划总投资（万元）', '责任单位', '备注'];
          ws.getRow(4).values = ['行号测试甲', '工业', 12.5, U.A.name, '好的行'];
          ws.getRow(5).values = ['行号测试乙', '制造业', 10, U.A.name, ''];
          ws.getRow(6).values = ['行号测试丙', '服务业', 'abc', U.A.name, ''];
        });
        const imp = await importOf(admin, 'projects', bytes);
        assert.equal(imp.state, 'ready', brief(imp));
        assert.equal(imp.header_row, 3, 'the header row is found below the title');
        assert.deepEqual(imp.columns.map((c) => [c.index, c.header, c.field]), [[0, '项目名称', 'name'], [1, '项目类别', 'category'],
          [2, '计划总投资（万元）', 'total_investment'], [3, '责任单位', 'unit'], [4, '备注', null]]);
        assert.deepEqual({ rows: imp.rows, inserts: imp.inserts, error_count: imp.error_count }, { rows: 3, inserts: 1, error_count: 2 }, brief(imp));
        const errs = imp.errors.map((e) => [e.row, e.column, e.field]).sort();
        assert.deepEqual(errs, [[5, '项目类别', 'category'], [6, '计划总投资（万元）', 'total_investment']]);
        for (const e of imp.errors) assert.ok(e.message.length > 0, 'a message');
        assert.match(imp.errors.find((e) => e.row === 6).message, /金额/);
        expectStatus(await admin.post(`/api/imports/${imp.id}/cancel`), 200);
      });

      test('synonym headers map by themselves; 合计 ignored; text dates 2025/3/1, 2025年3月1日, 20250301; UTF-8, BOM, GBK, LibreOffice and exceljs files read alike', async () => {
        const text = csv(synRows());
        const files = {
          'UTF-8 CSV': [Buffer.from(text, 'utf8'), 'ledger.csv'],
          'UTF-8 CSV with BOM': [Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]), 'ledger-bom.csv'],
          'GBK CSV (iconv)': [gbk(text), 'ledger-gbk.csv'],
          'LibreOffice .xlsx': [(await libreOfficeLedger).ledger, 'ledger-lo.xlsx'],
          'exceljs .xlsx': [await exceljs((ws) => { for (const r of synRows()) ws.addRow(r); }), 'ledger-exceljs.xlsx'],
        };
        assert.ok(!files['GBK CSV (iconv)'][0].equals(files['UTF-8 CSV'][0]), 'GBK bytes differ from UTF-8');
        const previews = {};
        for (const [what, [bytes, name]] of Object.entries(files)) previews[what] = await importOf(admin, 'projects', bytes, {}, name);

        const imp = previews['UTF-8 CSV'];
        assert.equal(imp.state, 'ready', brief(imp));
        assert.deepEqual(imp.columns.map((c) => c.header), SYN_HEADERS, 'the file\'s own header texts');
        assert.deepEqual(imp.columns.map((c) => c.field), SYN_FIELDS, 'each synonym mapped to its field');
        expectPreview(imp, { rows: 3, inserts: 3 }, 'the 合计 row is no project');
        // The signed node's contract is evidence, uploaded later: a warning, not an error.
        assert.deepEqual(imp.warnings.map((w) => [w.row, w.column, w.field]), [[2, '签约时间', 'node.signed.actual']], brief(imp));
        for (const [what, other] of Object.entries(previews)) {
          assert.deepEqual(comparable(other), comparable(imp), `${what} reads as the UTF-8 CSV does: ${brief(other)}`);
        }
        for (const [what, other] of Object.entries(previews)) {
          if (other !== imp) expectStatus(await admin.post(`/api/imports/${other.id}/cancel`), 200, `cancel ${what}`);
        }

        const done = await commitOk(admin, imp.id);
        assert.deepEqual(done.result, { inserted: 3, updated: 0, unchanged: 0, skipped: 0 });
        const mine = await listAll(admin, '/api/projects', { q: '同义表头项目', unit_id: U.A.id });
        const got = [];
        for (const item of mine.sort((a, b) => a.name.localeCompare(b.name, 'zh'))) {
          const p = await getProject(admin, item.id);
          const dates = ['lead', 'negotiating', 'prereview', 'signed'].map((k) => p.nodes.find((x) => x.node === k).actual_date);
          got.push([p.name, p.category, p.total_investment, p.fixed_asset_investment, p.land_area_mu,
            p.investor_id === I.JS.id ? 'JS' : p.investor_id, p.industry_code ?? '', dates, p.is_key, p.leader_in_charge,
            p.prov_db_status, p.prov_db_reported_date]);
        }
        const want = synExpected().sort((a, b) => a[0].localeCompare(b[0], 'zh'));
        assert.deepEqual(got, want);

        // The project page flags the contract the import warned about, until it is uploaded.
        const signedOne = [];
        for (const item of mine) {
          const p = await getProject(admin, item.id);
          const missing = Object.fromEntries(p.nodes.map((x) => [x.node, x.missing_evidence]));
          if (p.nodes.find((x) => x.node === 'signed').actual_date) signedOne.push(p);
          for (const x of p.nodes) {
            assert.deepEqual(missing[x.node], x.node === 'signed' && x.actual_date ? ['contract'] : [], `${p.name} ${x.node}`);
          }
        }
        assert.equal(signedOne.length, 1, 'one imported project is signed');
        expectStatus(await uploadFile(admin, signedOne[0].id, { node: 'signed', kind: 'contract' }), 201, 'upload the contract');
        const after = await getProject(admin, signedOne[0].id);
        assert.deepEqual(after.nodes.find((x) => x.node === 'signed').missing_evidence, []);

        // Each other file, uploaded again now, finds the same three projects with the same values: nothing to change.
        for (const [what, [bytes, name]] of Object.entries(files)) {
          if (what === 'UTF-8 CSV') continue;
          const again = await importOf(admin, 'projects', bytes, {}, name);
          expectPreview(again, { rows: 3, unchanged: 3 }, `${what} after the commit`);
          expectStatus(await admin.post(`/api/imports/${again.id}/cancel`), 200);
        }
      });

      test('two-level merged headers (签约 over 计划时间 / 实际时间) map; a header in 亿元 scales the amount', async () => {
        const bytes = await exceljs((ws) => {
          ws.getRow(1).values = ['项目名称', '属地', '项目类型', '总投资（亿元）', '线索', null, '签约', null];
          ws.getRow(2).values = [null, null, null, null, '计划时间', '实际时间', '计划时间', '实际时间'];
          for (const m of ['A1:A2', 'B1:B2', 'C1:C2', 'D1:D2', 'E1:F1', 'G1:H1']) ws.mergeCells(m);
          ws.getRow(3).values = ['两级表头项目', U.A.name, '工业', 2.5, utcDay('2025-01-01'), utcDay('2025-03-01'), utcDay('2026-12-31'), null];
          for (const c of ['E3', 'F3', 'G3']) ws.getCell(c).numFmt = 'yyyy"年"m"月"d"日"';
        });
        const imp = await importOf(admin, 'projects', bytes);
        expectPreview(imp, { rows: 1, inserts: 1 }, 'merged headers');
        assert.equal(imp.header_row, 2);
        assert.deepEqual(imp.columns.map((c) => c.field), ['name', 'unit', 'category', 'total_investment', 'node.lead.planned',
          'node.lead.actual', 'node.signed.planned', 'node.signed.actual'], brief(imp));
        await commitOk(admin, imp.id);
        const item = (await listAll(admin, '/api/projects', { q: '两级表头项目' }))[0];
        const p = await getProject(admin, item.id);
        assert.equal(p.total_investment, 250_000_000, '2.5 亿元');
        const node = (k) => p.nodes.find((x) => x.node === k);
        assert.deepEqual([node('lead').planned_date, node('lead').actual_date, node('signed').planned_date, node('signed').actual_date],
          ['2025-01-01', '2025-03-01', '2026-12-31', null]);
      });

      test('an empty header is shown by its column letter', async () => {
        const text = csv([['项目名称', '项目类别', '', '责任单位'], ['字母列项目', '工业', '无表头的值', U.A.name]]);
        const imp = await importOf(admin, 'projects', Buffer.from(text), {}, 'letters.csv');
        assert.deepEqual(imp.columns.map((c) => [c.header, c.field]), [['项目名称', 'name'], ['项目类别', 'category'], ['C', null], ['责任单位', 'unit']]);
        expectStatus(await admin.post(`/api/imports/${imp.id}/cancel`), 200);
      });

      test('templates: canonical headers (the Import\'s fields, in order), one example row, and every column recognised', async () => {
        for (const [kind, params] of [['projects', {}], ['investors', {}], ['monthly', {}], ['targets', { year: 2026 }]]) {
          const res = await admin.get(`/api/imports/template?${qs({ kind, ...params })}`);
          expectStatus(res, 200, `template ${kind}`);
          assert.equal(res.headers.get('content-type'), XLSX_TYPE);
          const wb = new ExcelJS.Workbook();
          await wb.xlsx.load(res.bytes);
          const ws = wb.worksheets[0];
          assert.equal(ws.actualRowCount, 2, `${kind}: the header row and one example row`);
          const templateHeaders = ws.getRow(1).values.slice(1);
          const imp = await importOf(admin, kind, res.bytes, params);
          assert.equal(imp.state, 'ready', `${kind}: ${brief(imp)}`);
          assert.deepEqual(templateHeaders, imp.fields.map((f) => f.header), `${kind}: the template's headers are the canonical ones`);
          assert.deepEqual(imp.columns.map((c) => c.field), imp.fields.map((f) => f.key), `${kind}: each column maps to its field`);
          assert.equal(imp.rows, 1, `${kind}: the example row is read`);
          expectStatus(await admin.post(`/api/imports/${imp.id}/cancel`), 200);
        }
      });
    });

    // -------------------------------------------------------------------------------------------
    describe('the API\'s rules, row by row', SEQUENTIAL, () => {
      const HEADERS = ['项目编号', '项目名称', '责任单位', '项目类别', '投资方', '总投资（万元）', '固定资产投资（万元）', '国民经济行业代码',
        '线索日期', '在谈日期', '预审日期', '签约日期'];
      let rulesImport;
      let rulesRows;

      test('projects: each broken rule an error on its row, field and header; evidence missing only a warning', async () => {
        const s = uniq();
        const row = (code, name, o = {}) => [code, name, o.unit ?? U.A.name, o.category ?? '工业', o.investor ?? '', o.total ?? '100',
          o.fixed ?? '', o.industry ?? '', o.lead ?? '', o.negotiating ?? '', o.prereview ?? '', o.signed ?? ''];
        rulesRows = [
          HEADERS,
          row(`R${s}A`, '规则合格项目', { lead: '2026-01-01' }), // 2
          row(`R${s}B`, '负数金额', { total: '-5' }), // 3
          row(`R${s}C`, '不足一元', { total: '1.23456' }), // 4
          row(`R${s}D`, '未知单位', { unit: '不存在的镇' }), // 5
          row(`R${s}E`, '未来日期', { lead: '2026-08-01' }), // 6: after today
          row(`R${s}F`, '顺序颠倒', { lead: '2026-03-01', negotiating: '2026-02-01' }), // 7
          row(`R${s}G`, '缺行业代码', { lead: '2026-01-01', negotiating: '2026-02-01', prereview: '2026-03-01' }), // 8: prereview needs it
          row(`R${s}H`, '缺合同', { investor: I.ZJ.name, industry: industryCode, lead: '2026-01-01', negotiating: '2026-02-01',
            prereview: '2026-03-01', signed: '2026-04-01' }), // 9: only the contract (evidence) missing
          row(`R${s}I`, '固投超总投资', { total: '100', fixed: '200' }), // 10
          row(`R${s}A`, '重复编号', {}), // 11: the code of row 2
          row(`R${s}J`, '类别无效', { category: '制造业' }), // 12
          row(`R${s}K`, '日期不存在', { lead: '2025-02-30' }), // 13
          row(`R${s}L`, '文字金额', { total: '一百万' }), // 14
          row(`R${s}M`, '=HYPERLINK("http://x","点我")', { category: '制造业' }), // 15: a formula-like name, kept as text
        ];
        const before = dbState(server.db);
        const imp = await importOf(admin, 'projects', Buffer.from(csv(rulesRows)), {}, 'rules.csv');
        rulesImport = imp;
        assert.equal(imp.state, 'ready', brief(imp));
        const byRow = {};
        for (const e of imp.errors) (byRow[e.row] ??= []).push(e);
        const one = (r, field, column, message) => {
          assert.ok(byRow[r], `row ${r} has an error: ${brief(imp)}`);
          assert.ok(byRow[r].some((e) => e.field === field && e.column === column && message.test(e.message)),
            `row ${r}: an error on ${field} (${column}) matching ${message}: ${JSON.stringify(byRow[r])}`);
        };
        one(3, 'total_investment', '总投资（万元）', /负/);
        one(4, 'total_investment', '总投资（万元）', /元/);
        one(5, 'unit', '责任单位', /不存在的镇/);
        one(6, 'node.lead.actual', '线索日期', /今天/);
        one(7, 'node.negotiating.actual', '在谈日期', /线索/);
        one(8, 'industry_code', '国民经济行业代码', /预审/);
        one(10, 'fixed_asset_investment', '固定资产投资（万元）', /总投资/);
        one(11, 'code', '项目编号', /第 2 行/);
        one(12, 'category', '项目类别', /工业/);
        one(13, 'node.lead.actual', '线索日期', /日期/);
        one(14, 'total_investment', '总投资（万元）', /金额/);
        one(15, 'category', '项目类别', /工业/);
        assert.deepEqual(Object.keys(byRow).map(Number).sort((a, b) => a - b), [3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15],
          `rows 2 and 9 have no error: ${brief(imp)}`);
        assert.deepEqual(imp.warnings.map((w) => [w.row, w.column, w.field]), [[9, '签约日期', 'node.signed.actual']]);
        assert.match(imp.warnings[0].message, /合同|证明材料/);
        assert.deepEqual({ rows: imp.rows, inserts: imp.inserts, error_count: imp.error_count, error_rows: imp.error_rows },
          { rows: 14, inserts: 2, error_count: imp.errors.length, error_rows: 12 });
        // Validating wrote nothing but the upload's own audit row.
        before.audit_log += 1;
        expectSameData(server.db, before, 'a preview');
      });

      test('all or nothing: a commit with errors is 409 and writes nothing, not even audit rows', async () => {
        const before = dbState(server.db);
        const imp = await commitRefused(admin, rulesImport.id, { skip_errors: false }, 'commit with 12 bad rows', 'skip_errors');
        assert.equal(imp.state, 'ready');
        expectSameData(server.db, before, 'a refused commit');
        const imp2 = await commitRefused(admin, rulesImport.id, {}, 'commit with errors, skip_errors omitted', 'skip_errors');
        assert.equal(imp2.state, 'ready');
        expectSameData(server.db, before, 'a refused commit');
      });

      test('skip_errors writes only the good rows; /rejected lists exactly the bad rows with their reasons and cells', async () => {
        const mark = lastAuditId(server.db);
        const projectsBefore = countRows(server.db, 'projects');
        const done = await commitOk(admin, rulesImport.id, { skip_errors: true });
        assert.deepEqual(done.result, { inserted: 2, updated: 0, unchanged: 0, skipped: 12 });
        assert.equal(countRows(server.db, 'projects'), projectsBefore + 2);
        const written = (await listAll(admin, '/api/projects', { q: rulesRows[1][0].slice(0, -1) })).map((p) => p.name).sort();
        assert.deepEqual(written, ['缺合同', '规则合格项目'].sort());
        const audit = auditSince(server.db, mark);
        assert.deepEqual(audit.map((a) => [a.entity, a.action]).sort(), [['import', 'update'], ['project', 'create'], ['project', 'create']]);

        const res = await admin.get(`/api/imports/${rulesImport.id}/rejected`);
        expectStatus(res, 200, 'rejected rows');
        assert.equal(res.headers.get('content-type'), XLSX_TYPE);
        const x = readXlsx(res.bytes);
        assert.deepEqual(x.values(1), ['原行号', '错误原因', ...HEADERS], 'the row number, the reason, then the file\'s own headers');
        const bad = [3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15];
        assert.equal(x.maxRow, 1 + bad.length, 'one row per rejected row, nothing else');
        for (const [i, r] of bad.entries()) {
          const got = x.values(i + 2);
          assert.equal(Number(got[0]), r, `rejected row ${i + 2}: the original row number`);
          const reasons = rulesImport.errors.filter((e) => e.row === r);
          for (const e of reasons) assert.ok(String(got[1]).includes(e.message), `row ${r}: the reason names "${e.message}": ${got[1]}`);
          const own = HEADERS.map((_, j) => (got[j + 2] === null || got[j + 2] === undefined ? null : String(got[j + 2])));
          assert.deepEqual(own, rulesRows[r - 1].map((v) => (v === '' ? null : v)), `row ${r}: the file's own cells`);
        }
        const formula = x.rows.get(1 + bad.indexOf(15) + 1)[3];
        assert.equal(formula.type, 's', `a cell starting with = is written as text, never as a formula: ${JSON.stringify(formula)}`);
      });

      test('investors: invalid USCC, unknown province, a city of another province, unknown tag, duplicate USCC, missing name', async () => {
        const good = makeUscc('320100');
        const bad = `${good.slice(0, 17)}${good[17] === '0' ? '1' : '0'}`;
        const rows = [
          ['投资方名称', '统一社会信用代码', '注册地省份', '注册地城市', '标签'],
          ['规则投资方甲有限公司', good, '江苏省', '南京市', '民企、上市公司'], // 2
          ['校验位错误有限公司', bad, '江苏省', '', ''], // 3
          ['火星有限公司', makeUscc(), '火星省', '', ''], // 4
          ['错城市有限公司', makeUscc(), '浙江省', '南京市', ''], // 5
          ['怪标签有限公司', makeUscc(), '江苏', '', '独角兽'], // 6
          ['重复代码有限公司', good.toLowerCase(), '江苏省', '', ''], // 7: the same code, lower case
          ['', makeUscc(), '江苏省', '', ''], // 8
        ];
        const imp = await importOf(admin, 'investors', Buffer.from(csv(rows)), {}, 'investors.csv');
        assert.equal(imp.state, 'ready', brief(imp));
        const fields = imp.errors.map((e) => [e.row, e.field]).sort((a, b) => a[0] - b[0]);
        assert.deepEqual(fields, [[3, 'uscc'], [4, 'province'], [5, 'city'], [6, 'tags'], [7, 'uscc'], [8, 'name']], brief(imp));
        assert.equal(imp.inserts, 1);
        const mark = lastAuditId(server.db);
        const done = await commitOk(admin, imp.id, { skip_errors: true });
        assert.deepEqual(done.result, { inserted: 1, updated: 0, unchanged: 0, skipped: 6 });
        const inv = (await listAll(admin, '/api/investors', { q: good }))[0];
        assert.deepEqual([inv.name, inv.uscc, inv.province_code, inv.city_name, [...inv.tags].sort()],
          ['规则投资方甲有限公司', good, '320000', '南京市', ['listed', 'private']]);
        const audit = auditSince(server.db, mark);
        assert.deepEqual(audit.map((a) => [a.entity, a.entity_id, a.action]), [['investor', inv.id, 'create'], ['import', imp.id, 'update']]);
        assert.equal(audit[0].after.import_id, imp.id, 'the investor\'s audit row names the import');
      });

      test('monthly: another unit\'s project, a future month, a duplicate, funds out of province above funds in place', async () => {
        const repA = city.clients.reporterA;
        const rows = [
          ['项目编号', '项目名称', '月份', '到位资金（万元）', '其中省外资金（万元）'],
          [P.P2.code, '', '2026-06', '0.0002', '0.0001'], // 2: an update, exact to the yuan
          [P.P3.code, '', '2026-06', '1', ''], // 3: unit B's
          [P.P2.code, '', '2026-08', '1', ''], // 4: a month that has not begun
          [P.P2.code, '', '2026年6月', '3', ''], // 5: the same project and month as row 2
          ['', city.projects.A.name, '202606', '2', '5'], // 6: by name in the reporter's unit; out > in
        ];
        const imp = await importOf(repA, 'monthly', Buffer.from(csv(rows)), {}, 'monthly.csv');
        assert.equal(imp.state, 'ready', brief(imp));
        const fields = imp.errors.map((e) => [e.row, e.field]).sort((a, b) => a[0] - b[0]);
        assert.equal(fields.length, 4, brief(imp));
        assert.deepEqual(fields.map((f) => f[0]), [3, 4, 5, 6], brief(imp));
        assert.equal(fields[1][1], 'month');
        assert.equal(fields[3][1], 'funds_out_of_province');
        assert.deepEqual(imp.changes.map((c) => [c.row, c.id, c.fields.map((f) => [f.field, f.before, f.after])]),
          [[2, P.P2.id, [['funds_in_place', '0.0001', '0.0002'], ['funds_out_of_province', '0', '0.0001']]]]);
        const mark = lastAuditId(server.db);
        const done = await commitOk(repA, imp.id, { skip_errors: true });
        assert.deepEqual(done.result, { inserted: 0, updated: 1, unchanged: 0, skipped: 4 });
        const grid = expectStatus(await admin.get(`/api/figures?year=2026&month=6&unit_id=${U.A.id}`), 200);
        const r = grid.items.find((x) => x.project_id === P.P2.id);
        assert.deepEqual([r.funds_in_place, r.funds_out_of_province], [2, 1]);
        const audit = auditSince(server.db, mark).filter((a) => a.entity !== 'submission');
        assert.deepEqual(audit.map((a) => [a.entity, a.entity_id, a.action]), [['figure', P.P2.id, 'update'], ['import', imp.id, 'update']]);
      });

      test('monthly: without a 月份 column the upload\'s year and month apply; without either, each row says so', async () => {
        const rows = [['项目编号', '到位资金（万元）', '其中省外资金（万元）', '税收（万元）'], [P.P4.code, '3000.0001', '1000', '0.0099']];
        const imp = await importOf(admin, 'monthly', Buffer.from(csv(rows)), { year: 2026, month: 5 }, 'may.csv');
        expectPreview(imp, { rows: 1, unchanged: 1 }, 'May\'s figures of P4 as stored, the month from the upload');
        expectStatus(await admin.post(`/api/imports/${imp.id}/cancel`), 200);
        const changed = [['项目编号', '税收（万元）'], [P.P4.code, '0.01']];
        const imp2 = await importOf(admin, 'monthly', Buffer.from(csv(changed)), { year: 2026, month: 5 }, 'may2.csv');
        expectPreview(imp2, { rows: 1, updates: 1 }, 'one amount changed, the others kept');
        assert.deepEqual(imp2.changes[0].fields.map((f) => [f.field, f.before, f.after]), [['tax', '0.0099', '0.01']]);
        expectStatus(await admin.post(`/api/imports/${imp2.id}/cancel`), 200);
        const none = await importOf(admin, 'monthly', Buffer.from(csv(rows)), {}, 'nomonth.csv');
        assert.deepEqual(none.errors.map((e) => [e.row, e.field]), [[2, 'month']], brief(none));
        expectStatus(await admin.post(`/api/imports/${none.id}/cancel`), 200);
      });

      test('monthly: a locked month takes no import (a correction needs its reason, given in the figures page)', async () => {
        expectStatus(await admin.post('/api/figures/lock', { year: 2026, month: 4 }), 200, 'lock April');
        const rows = [['项目编号', '月份', '到位资金（万元）'], [P.P4.code, '2026-04', '5']];
        const imp = await importOf(admin, 'monthly', Buffer.from(csv(rows)), {}, 'april.csv');
        assert.deepEqual(imp.errors.map((e) => [e.row, e.field]), [[2, 'month']], brief(imp));
        assert.match(imp.errors[0].message, /锁定/);
        const before = dbState(server.db);
        await commitRefused(admin, imp.id, { skip_errors: false }, 'a locked month', 'skip_errors');
        expectSameData(server.db, before, 'a locked month');
      });

      test('targets: a changed target (亿元, shown in 万元), a negative one, an unknown unit and a unit twice', async () => {
        const exported = await exportOf(admin, 'targets', { year: 2026 });
        const first = await importOf(admin, 'targets', exported, { year: 2026 });
        const header = (key) => first.fields.find((f) => f.key === key).header;
        expectStatus(await admin.post(`/api/imports/${first.id}/cancel`), 200);
        const bytes = await editWithExceljs(exported, (ws) => {
          const col = headerColumns(ws);
          const rowOf = (name) => { let at = null; ws.eachRow((r, n) => { if (r.getCell(col['单位']).value === name) at = n; }); return at; };
          ws.getCell(rowOf('全市'), col[header('provincial_funds')]).value = 26;
          ws.getCell(rowOf(U.A.name), col[header('signed_100m')]).value = -1;
          const next = ws.rowCount + 1;
          ws.getCell(next, col['单位']).value = '不存在的单位';
          ws.getCell(next + 1, col['单位']).value = U.B.name;
          ws.getCell(next + 1, col[header('signed_100m')]).value = 4;
        });
        const imp = await importOf(admin, 'targets', bytes, { year: 2026 });
        assert.equal(imp.state, 'ready', brief(imp));
        assert.deepEqual(imp.errors.map((e) => e.field).sort(), ['signed_100m', 'unit', 'unit'], brief(imp));
        assert.equal(imp.updates, 1, brief(imp));
        assert.deepEqual(imp.changes.map((c) => [c.id, c.name, c.fields.map((f) => [f.field, f.before, f.after])]),
          [[0, '全市', [['provincial_funds', '250000万元', '260000万元']]]]);
        const done = await commitOk(admin, imp.id, { skip_errors: true });
        assert.equal(done.result.updated, 1);
        const t = expectStatus(await admin.get('/api/targets?year=2026'), 200).items;
        assert.equal(t.find((x) => x.indicator === 'provincial_funds' && x.unit_id === 0).value, 2_600_000_000);
        assert.equal(t.find((x) => x.indicator === 'signed_100m' && x.unit_id === U.B.id).value, 3, 'the refused duplicate row changed nothing');
      });

      test('a reporter: a row naming another unit or another unit\'s project code is a row error; its own rows import', async () => {
        const repA = city.clients.reporterA;
        const s = uniq();
        const rows = [
          ['项目编号', '项目名称', '责任单位', '项目类别'],
          ['', `本单位导入${s}`, U.A.name, '工业'], // 2
          ['', `他单位导入${s}`, U.B.name, '工业'], // 3
          ['', `默认单位导入${s}`, '', '服务业'], // 4: no unit: the reporter's own
          [P.P3.code, `冒用编号${s}`, '', '工业'], // 5: unit B's project code
        ];
        const imp = await importOf(repA, 'projects', Buffer.from(csv(rows)), {}, 'reporter.csv');
        assert.equal(imp.state, 'ready', brief(imp));
        assert.deepEqual(imp.errors.map((e) => [e.row, e.field]).sort((a, b) => a[0] - b[0]), [[3, 'unit'], [5, 'code']], brief(imp));
        const before = await getProject(admin, P.P3.id);
        const done = await commitOk(repA, imp.id, { skip_errors: true });
        assert.deepEqual(done.result, { inserted: 2, updated: 0, unchanged: 0, skipped: 2 });
        const mine = await listAll(admin, '/api/projects', { q: s });
        assert.deepEqual(mine.map((p) => [p.name, p.unit_id]).sort(), [[`本单位导入${s}`, U.A.id], [`默认单位导入${s}`, U.A.id]].sort());
        assert.deepEqual(await getProject(admin, P.P3.id), before, 'unit B\'s project untouched');
      });
    });

    // -------------------------------------------------------------------------------------------
    describe('all or nothing', SEQUENTIAL, () => {
      test('the data changed between preview and commit so that a row is invalid: 409, nothing written, back in ready with the new error', async () => {
        const p = await createProject(admin, { unit_id: U.B.id, name: `底层变化${uniq()}`, total_investment: 2_000_000 });
        const text = csv([['项目编号', '固定资产投资（万元）'], [p.code, '150']]);
        const imp = await importOf(admin, 'projects', Buffer.from(text), {}, 'race.csv');
        expectPreview(imp, { rows: 1, updates: 1 }, 'fixed asset 150 万元 ≤ total 200 万元');
        // Meanwhile someone lowers the total through the API: 150 万元 is now above it.
        await updateProject(admin, p, { total_investment: 1_000_000 });
        const before = dbState(server.db);
        const after = await commitRefused(admin, imp.id, { skip_errors: false }, 'commit after the data changed', 'rows');
        expectSameData(server.db, before, 'a commit invalidated by a concurrent change');
        assert.equal(after.state, 'ready');
        assert.equal(after.error_count, 1, brief(after));
        assert.deepEqual(after.errors.map((e) => [e.row, e.field, e.column]), [[2, 'fixed_asset_investment', '固定资产投资（万元）']]);
        assert.ok(after.message.length > 0, 'the import says why');
        assert.equal((await getProject(admin, p.id)).fixed_asset_investment, 0);
        // Still refused without skip_errors; with it, the row is skipped and nothing written.
        await commitRefused(admin, imp.id, { skip_errors: false }, 'again: the row now has an error', 'skip_errors');
        expectSameData(server.db, before, 'a second refused commit');
        const done = await commitOk(admin, imp.id, { skip_errors: true });
        assert.deepEqual(done.result, { inserted: 0, updated: 0, unchanged: 0, skipped: 1 });
      });

      test('the data changed so that a previewed new project would update one (its code created meanwhile): 409, nothing written, the new preview shown; the next commit writes it', async () => {
        const code = `RACE${uniq()}`.slice(0, 20);
        const text = csv([['项目编号', '项目名称', '责任单位', '项目类别'], [code, `导入时新建${uniq()}`, U.A.name, '工业']]);
        const imp = await importOf(admin, 'projects', Buffer.from(text), {}, 'race-insert.csv');
        expectPreview(imp, { rows: 1, inserts: 1 }, 'a new code');
        // Meanwhile someone creates a project with that code.
        const made = await createProject(admin, { code, unit_id: U.A.id, name: `他人先建${uniq()}` });
        const before = dbState(server.db);
        const after = await commitRefused(admin, imp.id, { skip_errors: false }, 'commit after the code was taken', 'rows');
        expectSameData(server.db, before, 'an insert that became an update');
        assert.equal(after.state, 'ready');
        assert.equal(after.inserts, 0, brief(after));
        assert.equal(after.updates, 1, brief(after));
        assert.match(after.message, /数据已发生变化：现为新增 0 个、更新 1 个、无变化 0 个、有错误 0 行（预览时新增 1 个、更新 0 个/);
        assert.equal((await getProject(admin, made.id)).name, made.name);
        // The user has seen the new preview: committing now writes what it says.
        const done = await commitOk(admin, imp.id, { skip_errors: false });
        assert.deepEqual(done.result, { inserted: 0, updated: 1, unchanged: 0, skipped: 0 });
        assert.notEqual((await getProject(admin, made.id)).name, made.name);
      });

      test('an upload left ready for more than 7 days is cancelled by the next upload and its file dropped; a younger one stays', async () => {
        const text = (s) => csv([['项目名称', '项目类别', '责任单位'], [`久置的导入${s}`, '工业', U.A.name]]);
        const old = await importOf(admin, 'projects', Buffer.from(text(uniq())), {}, 'old.csv');
        const young = await importOf(admin, 'projects', Buffer.from(text(uniq())), {}, 'young.csv');
        expectPreview(old, { rows: 1, inserts: 1 }, 'left waiting');
        server.db.exec(`UPDATE imports SET created_at = created_at - 8 * 86400 WHERE id = ${old.id}`);
        server.db.exec(`UPDATE imports SET created_at = created_at - 6 * 86400 WHERE id = ${young.id}`);
        const before = dbState(server.db);
        const audit = lastAuditId(server.db);
        const next = await importOf(admin, 'projects', Buffer.from(text(uniq())), {}, 'next.csv');

        const got = expectStatus(await admin.get(`/api/imports/${old.id}`), 200, 'GET the old import');
        assert.equal(got.state, 'cancelled');
        assert.equal(got.message, '超过 7 天未提交，已自动取消，文件已清理');
        assert.equal(got.file_name, 'old.csv', 'its record stays');
        expectError(await admin.get(`/api/imports/${old.id}/file`), 404, 'file', 'the dropped file');
        expectError((await commit(admin, old.id, {})).res, 409, 'state', 'commit an expired import');
        assert.equal(expectStatus(await admin.get(`/api/imports/${young.id}`), 200).state, 'ready', 'six days: still waiting');
        // Business data unchanged; the audit has the system's cancel, then the new upload.
        const now = dbState(server.db);
        for (const t of DATA_TABLES) assert.deepEqual(now[t], before[t], `${t} changed`);
        const rows = auditSince(server.db, audit);
        assert.deepEqual(rows.slice(0, 2).map((r) => [r.entity, r.entity_id, r.action]),
          [['import', old.id, 'update'], ['import', next.id, 'create']]);
        assert.deepEqual(rows[0].after, { state: 'cancelled', file_name: 'old.csv', reason: 'expired' });
        assert.equal(sql(server.db, `SELECT user_id FROM audit_log WHERE id = ${rows[0].id}`)[0].user_id, 0, 'by the system');
        for (const imp of [young, next]) expectStatus(await admin.post(`/api/imports/${imp.id}/cancel`), 200);
        // Back to their upload times, so later lists are in upload order again.
        server.db.exec(`UPDATE imports SET created_at = created_at + 8 * 86400 WHERE id = ${old.id}`);
        server.db.exec(`UPDATE imports SET created_at = created_at + 6 * 86400 WHERE id = ${young.id}`);
      });

      test('cancel before commit: cancelled, then commit, mapping and cancel answer 409; nothing written', async () => {
        const text = csv([['项目名称', '项目类别', '责任单位'], [`取消的导入${uniq()}`, '工业', U.A.name]]);
        const imp = await importOf(admin, 'projects', Buffer.from(text), {}, 'cancel.csv');
        expectPreview(imp, { rows: 1, inserts: 1 }, 'to be cancelled');
        const before = dbState(server.db);
        const mark = lastAuditId(server.db);
        const c = expectStatus(await admin.post(`/api/imports/${imp.id}/cancel`), 200, 'cancel');
        assert.equal(c.state, 'cancelled');
        expectError(await admin.post(`/api/imports/${imp.id}/commit`, { skip_errors: false }), 409, 'state', 'commit a cancelled import');
        expectError(await admin.post(`/api/imports/${imp.id}/commit`, { skip_errors: true }), 409, 'state', 'commit a cancelled import');
        expectError(await admin.put(`/api/imports/${imp.id}/mapping`, { columns: { 0: 'name' }, save: false }), 409, undefined, 'map a cancelled import');
        expectError(await admin.post(`/api/imports/${imp.id}/cancel`), 409, undefined, 'cancel twice');
        assert.equal(expectStatus(await admin.get(`/api/imports/${imp.id}`), 200).state, 'cancelled');
        before.audit_log += 1;
        expectSameData(server.db, before, 'a cancelled import');
        const audit = auditSince(server.db, mark);
        assert.deepEqual(audit.map((a) => [a.entity, a.entity_id, a.action, a.after?.state]), [['import', imp.id, 'update', 'cancelled']]);
        // A committed import cannot be cancelled or committed again.
        const text2 = csv([['项目名称', '项目类别', '责任单位'], [`已提交的导入${uniq()}`, '工业', U.A.name]]);
        const imp2 = await importOf(admin, 'projects', Buffer.from(text2), {}, 'committed.csv');
        await commitOk(admin, imp2.id);
        expectError(await admin.post(`/api/imports/${imp2.id}/cancel`), 409, undefined, 'cancel a committed import');
        expectError(await admin.post(`/api/imports/${imp2.id}/commit`, { skip_errors: false }), 409, 'state', 'commit twice');
      });

      test('the upload is audited; GET …/file answers the bytes as uploaded; /rejected is 404 when no row was refused', async () => {
        const text = csv([['项目名称', '项目类别', '责任单位'], [`原样文件${uniq()}`, '工业', U.A.name]]);
        const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
        const mark = lastAuditId(server.db);
        const imp = await importOf(admin, 'projects', bytes, {}, 'C:\\Users\\张三\\原样.csv');
        const audit = auditSince(server.db, mark);
        assert.deepEqual(audit.map((a) => [a.entity, a.entity_id, a.action]), [['import', imp.id, 'create']]);
        assert.equal(imp.file_size, bytes.length);
        const res = await admin.get(`/api/imports/${imp.id}/file`);
        expectStatus(res, 200, 'GET file');
        assert.ok(res.bytes.equals(bytes), 'the file as it came');
        expectError(await admin.get(`/api/imports/${imp.id}/rejected`), 404, undefined, 'no rejected rows');
        expectError(await admin.get('/api/imports/999999'), 404, undefined, 'no such import');
        expectStatus(await admin.post(`/api/imports/${imp.id}/cancel`), 200);
      });
    });

    // -------------------------------------------------------------------------------------------
    describe('mapping', SEQUENTIAL, () => {
      const headers = ['工程名称', '项目类别', '责任单位', '总投资（万元）', '', '备注'];
      const file = (s) => Buffer.from(csv([headers, [`映射甲${s}`, '工业', U.A.name, '10', '', '无'], [`映射乙${s}`, '服务业', U.A.name, '20', '', '']]));

      test('an unrecognised header mapped to name re-validates; unknown field / field twice / no such column → 422 naming columns.<i>; save → the next upload of the unit starts from it', async () => {
        const { dispatcher, reporterA } = city.clients;
        const s = uniq();
        const imp = await importOf(dispatcher, 'projects', file(s), {}, 'mapping.csv');
        assert.equal(imp.state, 'ready', brief(imp));
        assert.deepEqual(imp.columns.map((c) => c.field), [null, 'category', 'unit', 'total_investment', null, null]);
        assert.equal(imp.error_rows, 2, `no name column: each row lacks its name: ${brief(imp)}`);
        assert.ok(imp.errors.every((e) => e.field === 'name'), brief(imp));

        const mark = lastAuditId(server.db);
        let m = expectStatus(await dispatcher.put(`/api/imports/${imp.id}/mapping`, { columns: { 0: 'name' }, save: false }), 200, 'map 0 → name');
        assert.deepEqual(m.columns.map((c) => c.field), ['name', 'category', 'unit', 'total_investment', null, null]);
        expectPreview(m, { rows: 2, inserts: 2 }, 'after mapping');
        assert.deepEqual(auditSince(server.db, mark).map((a) => [a.entity, a.entity_id, a.action]), [['import', imp.id, 'update']], 'a mapping change is audited');

        const before = dbState(server.db);
        const cases = [
          [{ 1: 'nonsense' }, 'columns.1', 'unknown field'],
          [{ 5: 'name' }, 'columns.5', 'name is already column 0'],
          [{ 4: 'referrer', 5: 'referrer' }, /^columns\.[45]$/, 'one field for two columns in one request'],
          [{ 6: 'referrer' }, 'columns.6', 'no column 6'],
        ];
        for (const [columns, field, what] of cases) {
          const res = await dispatcher.put(`/api/imports/${imp.id}/mapping`, { columns, save: false });
          const e = expectError(res, 422, undefined, what);
          if (field instanceof RegExp) assert.match(e.field, field, what);
          else assert.equal(e.field, field, what);
        }
        expectSameData(server.db, before, 'refused mappings');
        m = expectStatus(await dispatcher.get(`/api/imports/${imp.id}`), 200);
        assert.deepEqual(m.columns.map((c) => c.field), ['name', 'category', 'unit', 'total_investment', null, null], 'the mapping is as before the refusals');

        // Unmapping brings the errors back; mapping again and saving keeps it for the centre.
        m = expectStatus(await dispatcher.put(`/api/imports/${imp.id}/mapping`, { columns: { 0: null }, save: false }), 200);
        assert.equal(m.error_rows, 2);
        m = expectStatus(await dispatcher.put(`/api/imports/${imp.id}/mapping`, { columns: { 0: 'name', 5: 'referrer' }, save: true }), 200);
        assert.deepEqual(m.columns.map((c) => c.field), ['name', 'category', 'unit', 'total_investment', null, 'referrer']);
        expectPreview(m, { rows: 2, inserts: 2 }, 'mapped and saved');

        // The centre's next upload with these headers (admin and dispatcher alike) starts from the saved mapping.
        for (const c of [dispatcher, admin]) {
          const next = await importOf(c, 'projects', file(uniq()), {}, 'mapping-again.csv');
          assert.deepEqual(next.columns.map((x) => x.field), ['name', 'category', 'unit', 'total_investment', null, 'referrer'], brief(next));
          expectPreview(next, { rows: 2, inserts: 2 }, 'the saved mapping applied');
          expectStatus(await c.post(`/api/imports/${next.id}/cancel`), 200);
        }
        // Another unit's (reporter A's) upload does not.
        const other = await importOf(reporterA, 'projects', file(uniq()), {}, 'mapping-reporter.csv');
        assert.deepEqual(other.columns.map((x) => x.field), [null, 'category', 'unit', 'total_investment', null, null], 'saved per unit');
        expectStatus(await reporterA.post(`/api/imports/${other.id}/cancel`), 200);

        const done = await commitOk(dispatcher, imp.id);
        assert.equal(done.result.inserted, 2);
        const written = await listAll(admin, '/api/projects', { q: `映射甲${s}` });
        assert.equal(written.length, 1);
        assert.equal((await getProject(admin, written[0].id)).referrer, '无', 'the column mapped to referrer was imported');
      });

      test('a mapping body of the wrong shape is 400; a mapping by a reporter of another unit 404', async () => {
        const imp = await importOf(city.clients.reporterA, 'projects', file(uniq()), {}, 'mapping-shape.csv');
        expectError(await admin.put(`/api/imports/${imp.id}/mapping`, { columns: ['name'], save: false }), 400, 'columns', 'columns as an array');
        expectError(await admin.put(`/api/imports/${imp.id}/mapping`, { columns: { 0: 'name' }, other: 1 }), 400, 'other', 'unknown field');
        expectError(await city.clients.reporterB.put(`/api/imports/${imp.id}/mapping`, { columns: { 0: 'name' }, save: false }), 404);
        expectStatus(await admin.post(`/api/imports/${imp.id}/cancel`), 200);
      });
    });

    // -------------------------------------------------------------------------------------------
    describe('who may', SEQUENTIAL, () => {
      test('a reporter cannot see, map, commit, cancel or download another unit\'s import (404), nor import targets or for another unit (403)', async () => {
        const { reporterA, reporterB } = city.clients;
        const text = csv([['项目名称', '项目类别'], [`甲镇私有导入${uniq()}`, '工业'], ['', '制造业']]);
        const imp = await importOf(reporterA, 'projects', Buffer.from(text), {}, 'private.csv');
        assert.equal(imp.error_rows, 1, brief(imp));
        const before = dbState(server.db);
        for (const [what, res] of [
          ['GET', await reporterB.get(`/api/imports/${imp.id}`)],
          ['file', await reporterB.get(`/api/imports/${imp.id}/file`)],
          ['rejected', await reporterB.get(`/api/imports/${imp.id}/rejected`)],
          ['commit', await reporterB.post(`/api/imports/${imp.id}/commit`, { skip_errors: true })],
          ['cancel', await reporterB.post(`/api/imports/${imp.id}/cancel`)],
        ]) expectError(res, 404, undefined, `reporter B ${what}`);
        expectSameData(server.db, before, 'another unit\'s attempts');
        const listB = expectStatus(await reporterB.get('/api/imports?page_size=200'), 200);
        assert.ok(!listB.items.some((x) => x.id === imp.id), 'not in reporter B\'s list');
        assert.ok(listB.items.every((x) => x.unit_id === U.B.id), 'reporter B lists its unit\'s imports only');
        // Staff see it.
        expectStatus(await city.clients.dispatcher.get(`/api/imports/${imp.id}`), 200);
        expectStatus(await reporterA.get(`/api/imports/${imp.id}/rejected`), 200);
        expectStatus(await reporterA.post(`/api/imports/${imp.id}/cancel`), 200);

        const targets = csv([['单位', '签约亿元以上项目（个）'], ['全市', '1']]);
        const b = dbState(server.db);
        const imports = countRows(server.db, 'imports');
        expectError(await upload(reporterA, 'targets', Buffer.from(targets), { year: 2026 }, 't.csv'), 403, undefined, 'reporter targets');
        expectError(await upload(reporterA, 'projects', Buffer.from(text), { unit_id: U.B.id }, 'p.csv'), 403, undefined, 'reporter for unit B');
        for (const who of ['leader', 'reviewer']) {
          expectError(await upload(city.clients[who], 'projects', Buffer.from(text), {}, 'p.csv'), 403, undefined, `${who} upload`);
          expectError(await city.clients[who].get('/api/imports/template?kind=projects'), 403, undefined, `${who} template`);
        }
        expectSameData(server.db, b, 'refused uploads');
        assert.equal(countRows(server.db, 'imports'), imports, 'no import recorded');
      });

      test('import.write in /api/auth/me: admin, dispatcher, reporter; not leader or reviewer', async () => {
        for (const [who, has] of [['admin', true], ['dispatcher', true], ['reporterA', true], ['reporterB', true], ['leader', false], ['reviewer', false]]) {
          const me = expectStatus(await city.clients[who].get('/api/auth/me'), 200);
          assert.equal(me.permissions.includes('import.write'), has, `${who}: ${me.permissions}`);
        }
      });

      test('GET /api/imports: newest first, without the preview\'s lists, filtered by kind, paged', async () => {
        const list = expectStatus(await admin.get('/api/imports?page_size=200'), 200);
        assert.equal(list.total, countRows(server.db, 'imports'));
        const ids = list.items.map((x) => x.id);
        assert.deepEqual(ids, [...ids].sort((a, b) => b - a), 'newest first');
        for (const k of ['columns', 'errors', 'warnings', 'changes']) assert.ok(!(k in list.items[0]), `no ${k} in the list`);
        for (const k of ['id', 'kind', 'state', 'file_name', 'rows', 'inserts', 'updates', 'unchanged', 'error_count', 'progress']) {
          assert.ok(k in list.items[0], `${k} in the list`);
        }
        const inv = expectStatus(await admin.get('/api/imports?kind=investors&page_size=200'), 200);
        assert.ok(inv.total >= 2 && inv.items.every((x) => x.kind === 'investors'));
        const page2 = expectStatus(await admin.get('/api/imports?page=2&page_size=3'), 200);
        assert.deepEqual(page2.items.map((x) => x.id), ids.slice(3, 6));
        expectError(await admin.get('/api/imports?kind=nonsense'), 400, 'kind');
        expectError(await upload(admin, 'nonsense', Buffer.from('a,b\n')), 400, 'kind');
        expectError(await upload(admin, 'targets', Buffer.from('a,b\n')), 400, 'year', 'targets without a year');
      });
    });
  });

  // ---------------------------------------------------------------------------------------------
  // Files the import refuses, and a large one, on a server of their own.

  describe('refused files and a large file', SEQUENTIAL, () => {
    let big;
    let bigAdmin;
    let bigCity;
    before(async () => {
      ({ server: big, admin: bigAdmin } = await startWithAdmin({ today: TODAY }));
      bigCity = await setupCity(bigAdmin);
    });
    after(async () => { await big?.stop(); });

    /** Uploads a file that cannot be used: the import fails with a message, and only the upload is recorded. */
    async function expectFailed(bytes, message, what, name = 'bad.xlsx') {
      const before = dbState(big.db);
      const imp = await importOf(bigAdmin, 'projects', bytes, {}, name);
      assert.equal(imp.state, 'failed', `${what}: ${brief(imp)}`);
      assert.match(imp.message, message, `${what}: the message says why`);
      assert.equal(imp.rows, 0, what);
      before.audit_log += 1; // the upload
      expectSameData(big.db, before, what);
      expectStatus(await bigAdmin.get('/api/health'), 200, `${what}: the server still answers`);
      expectError(await bigAdmin.post(`/api/imports/${imp.id}/commit`, { skip_errors: true }), 409, 'state', `${what}: a failed import cannot be committed`);
      return imp;
    }

    test('control: the hand-built package used below is read as a ledger', async () => {
      const imp = await importOf(bigAdmin, 'projects', xlsxPackage(ledgerSheet(['手工包项目'])), { unit_id: bigCity.units.A.id });
      expectPreview(imp, { rows: 1, inserts: 1 }, 'a hand-built .xlsx');
      expectStatus(await bigAdmin.post(`/api/imports/${imp.id}/cancel`), 200);
    });

    test('not spreadsheets: a truncated zip, an .xls (OLE2), bytes with NUL, bytes neither UTF-8 nor GBK, text without headers', async () => {
      const good = await exportOf(bigAdmin, 'projects');
      await expectFailed(good.subarray(0, Math.floor(good.length / 2)), /损坏|\.xlsx/, 'a truncated .xlsx');
      const ole = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(4096 - 8, 0)]);
      await expectFailed(ole, /\.xls/, 'an .xls file', 'old.xls');
      const noise = crypto.randomBytes(4096);
      noise[100] = 0;
      await expectFailed(noise, /CSV|文件/, 'random bytes', 'noise.bin');
      await expectFailed(Buffer.from([0x41, 0x2c, 0x42, 0x0a, 0xff, 0xff, 0xfe, 0x0a]), /编码|UTF-8|GBK/, 'neither UTF-8 nor GBK', 'bad.csv');
      await expectFailed(Buffer.from('just some text\nwith lines\nbut no ledger headers\n'), /表头/, 'no header row', 'notes.csv');
    });

    test('an empty body is 422 on file and records nothing', async () => {
      const before = dbState(big.db);
      const imports = countRows(big.db, 'imports');
      expectError(await upload(bigAdmin, 'projects', Buffer.alloc(0)), 422, 'file', 'empty body');
      expectSameData(big.db, before, 'an empty body');
      assert.equal(countRows(big.db, 'imports'), imports, 'no import recorded');
    });

    test('an upload over 20 MiB is 413 (as evidence files) and records nothing', async () => {
      const before = dbState(big.db);
      const imports = countRows(big.db, 'imports');
      for (const size of [20 * 1024 * 1024 + 1, 21 * 1024 * 1024]) {
        const res = await rawRequest(big.baseUrl, 'POST', '/api/imports?kind=projects&name=huge.csv',
          { headers: writeHeaders(bigAdmin, { 'Content-Type': 'text/csv' }), body: Buffer.alloc(size, 0x41) });
        assert.equal(res.status, 413, `an upload of ${size} bytes: ${res.status} ${res.text.slice(0, 200)}`);
      }
      expectSameData(big.db, before, 'refused bodies');
      assert.equal(countRows(big.db, 'imports'), imports, 'no import recorded');
    });

    test('a zip bomb (one entry inflating to 1 GiB, file ~1 MB) and an entry whose declared size lies', async () => {
      const gib = deflatedRepeat(SHEET_HEAD, Buffer.alloc(1 << 20, 0x20), 1024, SHEET_TAIL);
      assert.ok(gib.size > 1024 ** 3 && gib.raw.length < 2 * 1024 * 1024, 'small file, 1 GiB inside');
      await expectFailed(xlsxPackage(gib), /解压|压缩比/, 'a deflate bomb');
      // The same stream declared as 64 KiB: under every declared limit; the bytes are counted while unpacking.
      await expectFailed(xlsxPackage(gib, { declaredSize: 64 * 1024 }), /损坏|解压|过大/, 'a lying declared size');
    });

    test('billion laughs: an XML sheet declaring entities is refused outright', async () => {
      let dtd = '<!DOCTYPE worksheet [<!ENTITY lol "lol">';
      for (let i = 1; i <= 9; i++) dtd += `<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`;
      dtd += ']>';
      const sheet = `<?xml version="1.0" encoding="UTF-8"?>${dtd}<worksheet xmlns="${SML}"><sheetData><row r="1">${inlineCell('A1', '项目名称')}`
        + `${inlineCell('B1', '项目类别')}</row><row r="2">${inlineCell('A2', '&lol9;')}${inlineCell('B2', '工业')}</row></sheetData></worksheet>`;
      await expectFailed(xlsxPackage(sheet), /DOCTYPE|ENTITY|不安全/, 'billion laughs');
    });

    test('a sheet of 10^6 rows is refused by the 200,000-row limit; 600 columns by the 512-column limit', async () => {
      // 10^6 rows (no `r`: each row is the next) in blocks of 1000 identical ones, after a row of random text that
      // keeps the compression ratio under the bomb limit, so that the row limit is what refuses it.
      const filler = Array.from({ length: 8 }, (_, i) => inlineCell(`${String.fromCharCode(67 + i)}1`,
        crypto.randomBytes(22_000).toString('base64'))).join('');
      const head = `${SHEET_HEAD}<row r="1">${filler}</row><row r="2">${inlineCell('A2', '项目名称')}${inlineCell('B2', '项目类别')}</row>`;
      const block = Buffer.from('<row><c t="inlineStr"><is><t>百万行项目</t></is></c><c t="inlineStr"><is><t>工业</t></is></c></row>'.repeat(1000));
      const rows = deflatedRepeat(head, block, 1000, SHEET_TAIL);
      assert.ok(rows.size > 1000 * block.length && rows.size / rows.raw.length < 200,
        `10^6 rows, compression ratio ${Math.round(rows.size / rows.raw.length)}: not a bomb`);
      const file = xlsxPackage(rows);
      assert.ok(file.length < 20 * 1024 * 1024, `under the upload limit (${file.length} bytes)`);
      await expectFailed(file, /200000|200,000/, '10^6 rows');
      const wide = csv([['项目名称', '项目类别', ...Array.from({ length: 598 }, (_, i) => `列${i}`)], ['宽表项目', '工业', ...Array(598).fill('x')]]);
      await expectFailed(Buffer.from(wide), /512/, '600 columns', 'wide.csv');
    });

    test('a 20,000-row ledger: 201 or 202 while validating, 202 while committing; progress present and monotone; every row written', async () => {
      const A = bigCity.units.A;
      const lines = [['项目编号', '项目名称', '责任单位', '项目类别', '总投资（万元）', '线索日期']];
      for (let i = 0; i < 20_000; i++) {
        lines.push([`BIG${String(i).padStart(5, '0')}`, `批量项目${i}`, A.name, i % 2 ? '工业' : '服务业', `${i % 1000}.${String(i % 10000).padStart(4, '0')}`,
          `2026-0${1 + (i % 6)}-1${i % 10}`]);
      }
      const bytes = Buffer.from(csv(lines));
      const seen = [];
      const res = await upload(bigAdmin, 'projects', bytes, {}, 'big.csv');
      assert.ok([201, 202].includes(res.status), `${res.status} ${res.text.slice(0, 300)}`);
      seen.push({ state: res.body.state, ...res.body.progress });
      let imp = res.body;
      if (imp.state === 'validating') {
        assert.equal(res.status, 202);
        assert.ok(['parsing', 'validating'].includes(imp.progress.phase), JSON.stringify(imp.progress));
        expectError(await bigAdmin.post(`/api/imports/${imp.id}/commit`, { skip_errors: false }), 409, 'state', 'commit while validating');
        imp = await waitWhile(bigAdmin, imp.id, 'validating', seen);
      }
      expectPreview(imp, { rows: 20_000, inserts: 20_000 }, '20,000 rows');
      assert.deepEqual(imp.progress, { phase: 'done', done: 20_000, total: 20_000 });

      // The same file again, cancelled at once (while it is still validating when the answer was 202): it stays cancelled.
      const second = await upload(bigAdmin, 'projects', bytes, {}, 'big-again.csv');
      assert.ok([201, 202].includes(second.status), `${second.status} ${second.text.slice(0, 300)}`);
      assert.equal(expectStatus(await bigAdmin.post(`/api/imports/${second.body.id}/cancel`), 200, 'cancel').state, 'cancelled');

      const projects = countRows(big.db, 'projects');
      const audit = countRows(big.db, 'audit_log');
      const c = await bigAdmin.post(`/api/imports/${imp.id}/commit`, { skip_errors: false });
      assert.ok([200, 202].includes(c.status), `${c.status} ${c.text.slice(0, 300)}`);
      seen.push({ state: c.body.state, ...c.body.progress });
      if (c.status === 202) {
        assert.equal(c.body.state, 'committing');
        assert.ok(['parsing', 'validating', 'writing'].includes(c.body.progress.phase), JSON.stringify(c.body.progress));
        imp = await waitWhile(bigAdmin, imp.id, 'committing', seen);
      } else {
        imp = c.body;
      }
      assert.equal(imp.state, 'committed', brief(imp));
      assert.deepEqual(imp.result, { inserted: 20_000, updated: 0, unchanged: 0, skipped: 0 });
      assert.ok(imp.committed_at, 'committed_at');
      assert.equal(countRows(big.db, 'projects'), projects + 20_000);
      assert.equal(countRows(big.db, 'audit_log'), audit + 20_001, 'one audit row per project, and the commit\'s');
      const p = (await listAll(bigAdmin, '/api/projects', { q: 'BIG12345' })).find((x) => x.code === 'BIG12345');
      assert.equal((await getProject(bigAdmin, p.id)).total_investment, 3_452_345);
      expectError(await bigAdmin.post(`/api/imports/${imp.id}/cancel`), 409, undefined, 'cancel a committed import');
      const again = expectStatus(await bigAdmin.get(`/api/imports/${second.body.id}`), 200);
      assert.equal(again.state, 'cancelled', 'the import cancelled while validating stays cancelled');
      expectError(await bigAdmin.post(`/api/imports/${second.body.id}/commit`, { skip_errors: true }), 409, 'state', 'commit a cancelled import');

      // Progress: present on every answer; in one state, phases never go back, and within a phase (and a known
      // total) done never decreases and never passes total.
      if (process.env.ZS_DEBUG_PROGRESS) console.log(JSON.stringify(seen));
      const PHASES = ['parsing', 'validating', 'writing', 'done'];
      let last = null;
      for (const s of seen) {
        assert.ok(PHASES.includes(s.phase) && Number.isInteger(s.done) && Number.isInteger(s.total), JSON.stringify(s));
        if (s.total > 0) assert.ok(s.done <= s.total, `done ≤ total: ${JSON.stringify(s)}`);
        if (last && last.state === s.state) {
          assert.ok(PHASES.indexOf(s.phase) >= PHASES.indexOf(last.phase), `phase went back: ${JSON.stringify(last)} → ${JSON.stringify(s)}`);
          if (s.phase === last.phase && s.total === last.total) assert.ok(s.done >= last.done, `done went back: ${JSON.stringify(last)} → ${JSON.stringify(s)}`);
        }
        last = s;
      }
    });

    test('errors, warnings and changes list at most 1000 entries; the counts are exact; /rejected lists every refused row', async () => {
      // 1,200 updates of the ledger above (each total +1 yuan) and 300 rows with a bad category.
      const rows = [['项目编号', '项目类别', '总投资（万元）']];
      for (let i = 0; i < 1500; i++) {
        const k = i * 13;
        const yuan = (k % 1000) * 10000 + (k % 10000) + 1;
        rows.push([`BIG${String(k).padStart(5, '0')}`, i < 1200 ? (k % 2 ? '工业' : '服务业') : '制造业', (yuan / 10000).toFixed(4)]);
      }
      const imp = await importOf(bigAdmin, 'projects', Buffer.from(csv(rows)), {}, 'caps.csv');
      assert.equal(imp.state, 'ready', brief(imp));
      assert.deepEqual({ rows: imp.rows, updates: imp.updates, error_count: imp.error_count, error_rows: imp.error_rows },
        { rows: 1500, updates: 1200, error_count: 300, error_rows: 300 });
      assert.equal(imp.changes.length, 1000, 'changes: the first 1000 listed');
      assert.equal(imp.errors.length, 300);
      const res = await bigAdmin.get(`/api/imports/${imp.id}/rejected`);
      expectStatus(res, 200, 'rejected rows');
      const rejected = readXlsx(res.bytes);
      assert.equal(rejected.maxRow, 301, 'every refused row');
      expectStatus(await bigAdmin.post(`/api/imports/${imp.id}/cancel`), 200);

      const bad = [['项目名称', '项目类别', '责任单位']];
      for (let i = 0; i < 1200; i++) bad.push([`无效类别${i}`, '制造业', bigCity.units.A.name]);
      const imp2 = await importOf(bigAdmin, 'projects', Buffer.from(csv(bad)), {}, 'errors.csv');
      assert.deepEqual({ rows: imp2.rows, error_count: imp2.error_count, error_rows: imp2.error_rows, listed: imp2.errors.length },
        { rows: 1200, error_count: 1200, error_rows: 1200, listed: 1000 }, brief(imp2));
      const res2 = await bigAdmin.get(`/api/imports/${imp2.id}/rejected`);
      expectStatus(res2, 200, 'rejected rows');
      const rej = readXlsx(res2.bytes);
      assert.equal(rej.maxRow, 1201, 'the rejected file lists all 1200 rows, not the 1000 shown');
      expectStatus(await bigAdmin.post(`/api/imports/${imp2.id}/cancel`), 200);
    });
  });
});
