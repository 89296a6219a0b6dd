// The authorization matrix (authz-matrix.tsv): one row per endpoint documented in docs/api.md,
// one column per caller, each cell the expected status. Every cell is one real request, on a fresh
// fixture when the call changes or destroys something, so cells do not depend on each other.
// Also: list visibility per role (a reporter never sees another unit's projects or investors).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';

import {
  API_DOC, Client, PASSWORD, countRows, createInvestor, createProject, editable, expectStatus, isoDate, lifecycle,
  problemBody, putNode, ruleFor, setupCity, startWithAdmin, uniq, uploadFile,
} from './lib/server.mjs';
import { makeUscc } from './lib/uscc.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROLES = ['anonymous', 'admin', 'dispatcher', 'reporter_own', 'reporter_other', 'leader', 'reviewer'];

/** Rows of the TSV: {endpoint, line, cells: {role: status|null}}. */
export function parseMatrix(text) {
  const lines = text.split('\n').map((l, i) => [l.replace(/\r$/, ''), i + 1]).filter(([l]) => l.trim() && !l.startsWith('#'));
  const [header, ...rest] = lines;
  assert.ok(header, 'authz-matrix.tsv is empty');
  const cols = header[0].split('\t').map((s) => s.trim());
  assert.deepEqual(cols, ['endpoint', ...ROLES], 'authz-matrix.tsv header');
  return rest.map(([l, line]) => {
    const parts = l.split('\t');
    const cells = {};
    ROLES.forEach((r, i) => {
      const v = (parts[i + 1] ?? '').trim();
      cells[r] = /^\d{3}$/.test(v) ? Number(v) : null;
    });
    return { endpoint: parts[0].trim(), line, cells };
  });
}

/**
 * Every `METHOD /api/...` in backticks in docs/api.md (query strings dropped); a bare `METHOD` in
 * backticks after such a route on the same line names the same path with another method
 * ("`PUT /api/projects/{id}/problems/{pid}` (+`version`) → `200`; `DELETE` → `204`").
 */
export function parseDocRoutes(text) {
  const routes = new Set();
  for (const line of text.split('\n')) {
    let last = null;
    for (const m of line.matchAll(/`(GET|POST|PUT|DELETE|PATCH)(?: (\/api\/[^`\s?]*)[^`]*)?`/g)) {
      if (m[2]) {
        last = m[2];
        routes.add(`${m[1]} ${m[2]}`);
      } else if (last) {
        routes.add(`${m[1]} ${last}`);
      }
    }
  }
  return [...routes].sort();
}

const MATRIX = parseMatrix(fs.readFileSync(path.join(HERE, 'authz-matrix.tsv'), 'utf8'));

let server;
let admin;
let city;
let shared; // objects only read by cells: investor of unit A, a file of project A, an activity of unit A, a published report


const CLIENT_OF = { admin: 'admin', dispatcher: 'dispatcher', reporter_own: 'reporterA', reporter_other: 'reporterB',
  leader: 'leader', reviewer: 'reviewer' };
function clientFor(role) {
  return role === 'anonymous' ? new Client(server.baseUrl, { name: 'anonymous' }) : city.clients[CLIENT_OF[role]];
}

/** A new user with the column's role (reporters in unit A / B), for cells that use up a session or a password. */
async function throwaway(role) {
  const spec = { admin: ['admin', null], dispatcher: ['dispatcher', null], reporter_own: ['reporter', city.units.A.id],
    reporter_other: ['reporter', city.units.B.id], leader: ['leader', null], reviewer: ['reviewer', null],
    anonymous: ['leader', null] }[role];
  const username = `tmp_${uniq()}`;
  expectStatus(await admin.post('/api/users', { username, display_name: '临时', role: spec[0], unit_id: spec[1], password: PASSWORD }), 201, 'throwaway user');
  return username;
}
async function freshSession(role) {
  if (role === 'anonymous') return clientFor(role);
  return Client.login(server.baseUrl, await throwaway(role));
}

const freshProject = () => createProject(admin, { unit_id: city.units.A.id });
const freshInvestorOfA = () => createInvestor(city.clients.reporterA);
async function freshProblem() {
  return expectStatus(await admin.post(`/api/projects/${city.projects.A.id}/problems`, problemBody()), 201, 'fixture problem');
}
const investorBody = (inv, over = {}) => ({ name: inv.name, uscc: inv.uscc, province_code: inv.province_code,
  city_code: inv.city_code, tags: inv.tags, ...over });

// Each figures cell works on a month of its own, so states left by one cell never reach another.
let monthSeq = 0;
function freshMonth() {
  monthSeq += 1;
  return { year: 2020 + Math.floor((monthSeq - 1) / 12), month: ((monthSeq - 1) % 12) + 1 };
}
async function monthOfA(m) {
  return expectStatus(await admin.get(`/api/figures?year=${m.year}&month=${m.month}&unit_id=${city.units.A.id}`), 200, 'fixture month');
}
let settingsYear = 2100;
let weekSeq = 0;
let publishSeq = 0;
const activityBody = () => ({ unit_id: city.units.A.id, kind: 'trip', date: isoDate(-3), end_date: null, title: '', leader: '',
  destination: '上海', place: '', company: '', companies: '', persons: 0, brochures: 0, enterprises_visited: 0, key_talks: 0,
  contacts: 0, follow_ups: 0, outcome: '' });
const freshActivity = async () => expectStatus(await admin.post('/api/activities', activityBody()), 201, 'fixture activity');

// Imports: a one-row ledger uploaded by unit A's reporter (reporter_own's), fresh for each write; one with a
// refused row, shared by the reads.
async function importOfA({ refused = false } = {}) {
  const text = `项目名称,项目类别\r\n矩阵导入${uniq()},工业\r\n${refused ? ',制造业\r\n' : ''}`;
  const res = await city.clients.reporterA.request('POST', '/api/imports?kind=projects&name=matrix.csv',
    { body: Buffer.from(text), contentType: 'text/csv' });
  let imp = expectStatus(res, res.status === 202 ? 202 : 201, 'fixture import');
  while (imp.state === 'validating') {
    await new Promise((r) => setTimeout(r, 50));
    imp = expectStatus(await admin.get(`/api/imports/${imp.id}`), 200, 'fixture import');
  }
  assert.equal(imp.state, 'ready', 'fixture import');
  return imp;
}
let importWithRefusedRow = null;
const sharedImportOfA = async () => (importWithRefusedRow ??= await importOfA({ refused: true }));
const uploadLedger = (c) => c.request('POST', '/api/imports?kind=projects&name=matrix.csv',
  { body: Buffer.from(`项目名称,项目类别\r\n矩阵上传${uniq()},工业\r\n`), contentType: 'text/csv' });

/** How to perform each endpoint as caller `c` with role `role`; answers the response. */
const PERFORM = {
  'POST /api/auth/login': async (c, role) => new Client(server.baseUrl).login(await throwaway(role), PASSWORD),
  'POST /api/auth/logout': async (c, role) => (await freshSession(role)).post('/api/auth/logout'),
  'GET /api/auth/me': (c) => c.get('/api/auth/me'),
  'POST /api/auth/password': async (c, role) => (await freshSession(role)).post('/api/auth/password',
    { old_password: PASSWORD, new_password: 'Another-Strong-Pass-9' }),
  'GET /api/units': (c) => c.get('/api/units'),
  'POST /api/units': (c) => c.post('/api/units', { code: `U${uniq()}`, name: `新单位${uniq()}`, kind: 'park', sort_order: 50 }),
  'PUT /api/units/{id}': async (c) => {
    const u = expectStatus(await admin.post('/api/units', { code: `U${uniq()}`, name: `改名单位${uniq()}`, kind: 'municipal', sort_order: 60 }), 201);
    return c.put(`/api/units/${u.id}`, { code: u.code, name: `${u.name}改`, kind: u.kind, sort_order: u.sort_order, version: u.version });
  },
  'GET /api/chains': (c) => c.get('/api/chains'),
  'GET /api/industries': (c) => c.get('/api/industries'),
  'GET /api/regions': (c) => c.get('/api/regions'),
  'GET /api/meta/lifecycle': (c) => c.get('/api/meta/lifecycle'),
  'PUT /api/meta/lifecycle/{category}/{node}': async (c) => {
    const r = ruleFor(await lifecycle(admin), 'other', 'full_capacity');
    return c.put('/api/meta/lifecycle/other/full_capacity', { applies: r.applies, required_fields: r.required_fields,
      required_evidence: r.required_evidence, standard_days: r.standard_days });
  },
  'GET /api/meta/version': (c) => c.get('/api/meta/version'),
  'GET /api/health': (c) => c.get('/api/health'),
  'GET /api/users': (c) => c.get('/api/users'),
  'POST /api/users': (c) => c.post('/api/users', { username: `new_${uniq()}`, display_name: '新用户', role: 'leader', unit_id: null, password: PASSWORD }),
  'PUT /api/users/{id}': async (c) => {
    const username = `target_${uniq()}`;
    const u = expectStatus(await admin.post('/api/users', { username, display_name: '目标', role: 'leader', unit_id: null, password: PASSWORD }), 201);
    const full = expectStatus(await admin.get(`/api/users?q=${username}`), 200).items.find((x) => x.id === u.id);
    return c.put(`/api/users/${u.id}`, { display_name: '目标改', role: 'leader', unit_id: null, disabled: false, version: full.version });
  },
  'GET /api/investors': (c) => c.get('/api/investors'),
  'POST /api/investors': (c) => c.post('/api/investors', { name: `新投资方${uniq()}`, uscc: makeUscc(), province_code: '340000', city_code: null, tags: [] }),
  'GET /api/investors/{id}': (c) => c.get(`/api/investors/${shared.invA.id}`),
  'PUT /api/investors/{id}': async (c) => {
    const inv = await freshInvestorOfA();
    return c.put(`/api/investors/${inv.id}`, investorBody(inv, { name: `${inv.name}改`, version: inv.version }));
  },
  'DELETE /api/investors/{id}': async (c) => c.del(`/api/investors/${(await freshInvestorOfA()).id}`),
  'GET /api/projects': (c) => c.get('/api/projects'),
  'POST /api/projects': (c) => c.post('/api/projects', {
    name: `矩阵项目${uniq()}`, investor_id: null, unit_id: city.units.A.id, chain_id: null, industry_code: null, category: 'service',
    emerging_industry: null, total_investment: 0, fixed_asset_investment: 0, land_area_mu: 0, leader_in_charge: '', referrer: '',
    introducing_unit: '', first_introducer: '', is_key: false, terminated: false, termination_reason: '',
  }),
  'GET /api/projects/{id}': (c) => c.get(`/api/projects/${city.projects.A.id}`),
  'PUT /api/projects/{id}': async (c) => {
    const p = await freshProject();
    return c.put(`/api/projects/${p.id}`, editable(p, { name: `${p.name}改` }));
  },
  'DELETE /api/projects/{id}': async (c) => c.del(`/api/projects/${(await freshProject()).id}`),
  'PUT /api/projects/{id}/nodes/{node}': async (c) => putNode(c, await freshProject(), 'lead', { planned_date: isoDate(30) }),
  'POST /api/projects/{id}/schedule': async (c) => {
    const p = await freshProject();
    return c.post(`/api/projects/${p.id}/schedule`, { target_node: 'signed', target_date: isoDate(200), version: p.version });
  },
  'GET /api/projects/{id}/audit': (c) => c.get(`/api/projects/${city.projects.A.id}/audit`),
  'GET /api/projects/{id}/problems': (c) => c.get(`/api/projects/${city.projects.A.id}/problems`),
  'POST /api/projects/{id}/problems': (c) => c.post(`/api/projects/${city.projects.A.id}/problems`, problemBody()),
  'PUT /api/projects/{id}/problems/{pid}': async (c) => {
    const pr = await freshProblem();
    return c.put(`/api/projects/${city.projects.A.id}/problems/${pr.id}`, { ...problemBody(), description: '改', version: pr.version });
  },
  'DELETE /api/projects/{id}/problems/{pid}': async (c) => c.del(`/api/projects/${city.projects.A.id}/problems/${(await freshProblem()).id}`),
  'GET /api/projects/{id}/files': (c) => c.get(`/api/projects/${city.projects.A.id}/files`),
  'POST /api/projects/{id}/files': (c) => uploadFile(c, city.projects.A.id),
  'GET /api/projects/{id}/files/{fid}': (c) => c.get(`/api/projects/${city.projects.A.id}/files/${shared.fileA.id}`),
  'DELETE /api/projects/{id}/files/{fid}': async (c) => {
    const f = expectStatus(await uploadFile(admin, city.projects.A.id), 201, 'fixture file');
    return c.del(`/api/projects/${city.projects.A.id}/files/${f.id}`);
  },
  'GET /api/figures': (c) => c.get(`/api/figures?year=2025&month=3&unit_id=${city.units.A.id}`),
  'PUT /api/figures': async (c) => {
    const m = freshMonth();
    const cur = await monthOfA(m);
    return c.put('/api/figures', { ...m, unit_id: city.units.A.id, version: cur.submission.version,
      rows: [{ project_id: city.projects.A.id, funds_in_place: 100, funds_out_of_province: 50, fixed_asset_investment: 10, output_value: 0, tax: 0 }] });
  },
  'POST /api/figures/submit': async (c) => {
    const m = freshMonth();
    const cur = await monthOfA(m);
    return c.post('/api/figures/submit', { ...m, unit_id: city.units.A.id, version: cur.submission.version });
  },
  'POST /api/figures/review': async (c) => {
    const m = freshMonth();
    const cur = await monthOfA(m);
    const s = expectStatus(await admin.post('/api/figures/submit', { ...m, unit_id: city.units.A.id, version: cur.submission.version }), 200, 'fixture submit');
    return c.post('/api/figures/review', { ...m, unit_id: city.units.A.id, version: s.version, action: 'approve' });
  },
  'POST /api/figures/lock': (c) => c.post('/api/figures/lock', freshMonth()),
  'GET /api/figures/history': (c) => c.get(`/api/figures/history?project_id=${city.projects.A.id}&year=2025&month=3`),
  'GET /api/figures/submissions': (c) => c.get('/api/figures/submissions?year=2025&month=3'),
  'GET /api/targets': (c) => c.get('/api/targets?year=2025'),
  'PUT /api/targets': (c) => c.put('/api/targets', { year: 2031 + (monthSeq++ % 50),
    items: [{ indicator: 'signed_100m', unit_id: city.units.A.id, value: 12, version: 0 }] }),
  'GET /api/stats/indicators': (c) => c.get('/api/stats/indicators?year=2025'),
  'PUT /api/stats/settings/{year}': async (c) => {
    settingsYear += 1;
    const cur = expectStatus(await admin.get(`/api/stats/indicators?year=${settingsYear}`), 200, 'fixture settings');
    return c.put(`/api/stats/settings/${settingsYear}`, cur.settings);
  },
  'GET /api/stats': (c) => c.get('/api/stats?year=2025&month=6'),
  'GET /api/stats/trend': (c) => c.get('/api/stats/trend?year=2025&indicator=signed_100m'),
  'GET /api/stats/funnel': (c) => c.get('/api/stats/funnel'),
  'GET /api/stats/alerts': (c) => c.get('/api/stats/alerts'),

  // Activities: a trip of unit A (reporter_own's unit), a fresh one for each write.
  'GET /api/activities': (c) => c.get('/api/activities'),
  'POST /api/activities': (c) => c.post('/api/activities', activityBody()),
  'GET /api/activities/{id}': (c) => c.get(`/api/activities/${shared.activityA.id}`),
  'PUT /api/activities/{id}': async (c) => {
    const a = await freshActivity();
    return c.put(`/api/activities/${a.id}`, { ...activityBody(), destination: '苏州', version: a.version });
  },
  'DELETE /api/activities/{id}': async (c) => c.del(`/api/activities/${(await freshActivity()).id}`),
  // Weekly reports: unit A's, each write on a week of its own (version 0 creates).
  'GET /api/weekly-reports': (c) => c.get('/api/weekly-reports?year=2025&week=10'),
  'PUT /api/weekly-reports/{unit_id}/{year}/{week}': (c) => {
    weekSeq += 1;
    return c.put(`/api/weekly-reports/${city.units.A.id}/2025/${weekSeq}`, { progress: '矩阵', problems: '', submit: false, version: 0 });
  },
  // Reports: unit A's weekly report (what a reporter may compose), the monthly bulletin's intro (staff
  // edit), a fresh monthly bulletin per publication, and one published report read by the others.
  'GET /api/reports/draft': (c) => c.get(`/api/reports/draft?type=weekly&year=2025&week=10&unit_id=${city.units.A.id}`),
  'PUT /api/reports/draft': async (c, role) => {
    const cur = expectStatus(await admin.get('/api/reports/draft?type=monthly&year=2025&month=3'), 200, 'fixture draft');
    return c.put('/api/reports/draft', { type: 'monthly', year: 2025, month: 3, edits: { intro: `矩阵编辑 ${role}` }, version: cur.version });
  },
  'GET /api/reports/render': (c) => c.get(`/api/reports/render?type=weekly&year=2025&week=10&unit_id=${city.units.A.id}&format=html`),
  'POST /api/reports/publish': (c) => {
    publishSeq += 1;
    return c.post('/api/reports/publish', { type: 'monthly', year: 2000 + publishSeq, month: 1, version: 0 });
  },
  'GET /api/reports': (c) => c.get('/api/reports'),
  'GET /api/reports/{id}': (c) => c.get(`/api/reports/${shared.report.id}`),
  'GET /api/reports/{id}/download': (c) => c.get(`/api/reports/${shared.report.id}/download?format=html`),
  // Exports: unit A's month (reporter_own's unit), a month and a year that have begun.
  'GET /api/exports/projects': (c) => c.get('/api/exports/projects'),
  'GET /api/exports/investors': (c) => c.get('/api/exports/investors'),
  'GET /api/exports/monthly': (c) => c.get(`/api/exports/monthly?year=2025&month=3&unit_id=${city.units.A.id}`),
  'GET /api/exports/targets': (c) => c.get('/api/exports/targets?year=2025'),
  'GET /api/exports/province-monthly': (c) => c.get('/api/exports/province-monthly?year=2025&month=3'),
  // Imports: reporter_own's unit owns the import; a reporter of another unit may upload its own, not see A's.
  'POST /api/imports': (c) => uploadLedger(c),
  'GET /api/imports': (c) => c.get('/api/imports'),
  'GET /api/imports/{id}': async (c) => c.get(`/api/imports/${(await sharedImportOfA()).id}`),
  'PUT /api/imports/{id}/mapping': async (c) => c.put(`/api/imports/${(await importOfA()).id}/mapping`, { columns: { 0: 'name' }, save: false }),
  'POST /api/imports/{id}/commit': async (c) => c.post(`/api/imports/${(await importOfA()).id}/commit`, { skip_errors: false }),
  'POST /api/imports/{id}/cancel': async (c) => c.post(`/api/imports/${(await importOfA()).id}/cancel`),
  'GET /api/imports/{id}/file': async (c) => c.get(`/api/imports/${(await sharedImportOfA()).id}/file`),
  'GET /api/imports/{id}/rejected': async (c) => c.get(`/api/imports/${(await sharedImportOfA()).id}/rejected`),
  'GET /api/imports/template': (c) => c.get('/api/imports/template?kind=projects'),
};

test('the matrix has one complete row for every documented endpoint', () => {
  const documented = parseDocRoutes(fs.readFileSync(API_DOC, 'utf8'));
  assert.ok(documented.length >= 30, `parsed only ${documented.length} routes from docs/api.md`);
  const rows = MATRIX.map((r) => r.endpoint);
  const dupes = rows.filter((e, i) => rows.indexOf(e) !== i);
  assert.deepEqual(dupes, [], 'duplicate rows');
  const missing = documented.filter((e) => !rows.includes(e));
  assert.deepEqual(missing, [], 'documented endpoints without a row in authz-matrix.tsv');
  const stale = rows.filter((e) => !documented.includes(e));
  assert.deepEqual(stale, [], 'rows for endpoints docs/api.md does not document');
  for (const r of MATRIX) {
    const empty = ROLES.filter((role) => r.cells[role] === null);
    assert.deepEqual(empty, [], `authz-matrix.tsv line ${r.line} (${r.endpoint}): empty or invalid cells`);
    assert.ok(PERFORM[r.endpoint], `no request defined in authz.test.mjs for ${r.endpoint}`);
  }
});

describe('against the server', () => {
  before(async () => {
    ({ server, admin } = await startWithAdmin());
    city = await setupCity(admin);
    const invA = await createInvestor(city.clients.reporterA);
    const fileA = expectStatus(await uploadFile(admin, city.projects.A.id), 201, 'shared file');
    const activityA = expectStatus(await city.clients.reporterA.post('/api/activities', activityBody()), 201, 'shared activity');
    const report = expectStatus(await admin.post('/api/reports/publish', { type: 'monthly', year: 2000, month: 1, version: 0 }), 201, 'shared report');
    shared = { invA, fileA, activityA, report };
  });
  after(async () => { await server?.stop(); });

  describe('authorization matrix', () => {
    for (const row of MATRIX) {
      test(row.endpoint, async (t) => {
        const perform = PERFORM[row.endpoint];
        assert.ok(perform, `no request defined for ${row.endpoint}`);
        const failures = [];
        for (const role of ROLES) {
          const want = row.cells[role];
          if (want === null) { failures.push(`${role}: empty cell`); continue; }
          const res = await perform(clientFor(role), role);
          if (res.status !== want) failures.push(`${role}: expected ${want}, got ${res.status} ${res.text.slice(0, 160)}`);
          else if (want >= 400) {
            const codes = { 401: 'unauthorized', 403: 'forbidden', 404: 'not_found' };
            if (codes[want] && res.body?.error?.code !== codes[want]) failures.push(`${role}: error code ${res.body?.error?.code}`);
          }
        }
        assert.deepEqual(failures, [], `${row.endpoint}:\n  ${failures.join('\n  ')}`);
        void t;
      });
    }
  });

  describe('visibility', () => {
    test('a reporter lists only its own unit\'s projects; totals count only those', async () => {
      const all = countRows(server.db, 'projects');
      const ofA = countRows(server.db, 'projects', `unit_id = ${city.units.A.id}`);
      const ofB = countRows(server.db, 'projects', `unit_id = ${city.units.B.id}`);
      assert.ok(ofA > 0 && ofB > 0);
      for (const [key, unit, n] of [['reporterA', city.units.A.id, ofA], ['reporterB', city.units.B.id, ofB]]) {
        const list = expectStatus(await city.clients[key].get('/api/projects?page_size=200'), 200);
        assert.equal(list.total, n, `${key} total`);
        assert.ok(list.items.every((p) => p.unit_id === unit), `${key} sees only unit ${unit}`);
        const other = unit === city.units.A.id ? city.units.B.id : city.units.A.id;
        const filtered = expectStatus(await city.clients[key].get(`/api/projects?unit_id=${other}`), 200);
        assert.equal(filtered.total, 0, `${key} filtering by the other unit`);
        const q = expectStatus(await city.clients[key].get(`/api/projects?q=${encodeURIComponent(unit === city.units.A.id ? city.projects.B.name : city.projects.A.name)}`), 200);
        assert.equal(q.total, 0, `${key} searching the other unit's project by name`);
      }
      const listA = expectStatus(await city.clients.reporterA.get('/api/projects?page_size=200'), 200);
      assert.ok(!listA.items.some((p) => p.id === city.projects.B.id), 'unit B\'s project never in reporter A\'s list');
      for (const key of ['admin', 'dispatcher', 'leader']) {
        const list = expectStatus(await city.clients[key].get('/api/projects?page_size=1'), 200);
        assert.equal(list.total, all, `${key} sees all`);
      }
      const rev = expectStatus(await city.clients.reviewer.get('/api/projects'), 200);
      assert.equal(rev.total, 0, 'reviewer sees no project');
      assert.deepEqual(rev.items, []);
    });

    test('a reporter lists only the investors its unit created or its projects use', async () => {
      const usedByB = await createInvestor(admin);
      const pB = await createProject(admin, { unit_id: city.units.B.id, investor_id: usedByB.id });
      void pB;
      const ofB = await createInvestor(city.clients.reporterB);
      assert.equal(ofB.created_by_unit_id, city.units.B.id);
      const idsOf = async (key) => expectStatus(await city.clients[key].get('/api/investors?page_size=200'), 200);
      const a = await idsOf('reporterA');
      const aIds = a.items.map((x) => x.id);
      assert.ok(aIds.includes(city.investor.id), 'A sees the investor its project uses');
      assert.ok(aIds.includes(shared.invA.id), 'A sees the investor it created');
      assert.ok(!aIds.includes(usedByB.id) && !aIds.includes(ofB.id), 'A does not see B\'s investors');
      assert.equal(a.total, a.items.length);
      const bIds = (await idsOf('reporterB')).items.map((x) => x.id);
      assert.ok(bIds.includes(usedByB.id) && bIds.includes(ofB.id));
      assert.ok(!bIds.includes(shared.invA.id));
      expectStatus(await city.clients.reporterB.get(`/api/investors/${usedByB.id}`), 200);
      const total = countRows(server.db, 'investors');
      assert.equal(expectStatus(await city.clients.leader.get('/api/investors?page_size=1'), 200).total, total, 'leader sees all');
      assert.equal(expectStatus(await city.clients.reviewer.get('/api/investors'), 200).total, 0, 'reviewer sees none');
      // An investor a reporter cannot see is, for it, an unknown investor.
      const ref = await city.clients.reporterA.post('/api/projects', { name: `引用${uniq()}`, investor_id: ofB.id, unit_id: city.units.A.id,
        chain_id: null, industry_code: null, category: 'industry', emerging_industry: null, total_investment: 0,
        fixed_asset_investment: 0, land_area_mu: 0, leader_in_charge: '', referrer: '', introducing_unit: '', first_introducer: '',
        is_key: false, terminated: false, termination_reason: '' });
      assert.equal(ref.status, 422, `reporter A using B's investor: ${ref.status} ${ref.text}`);
      assert.equal(ref.body?.error?.field, 'investor_id');
      // A unique USCC is still unique across units: B cannot re-create A's investor, and learns nothing else.
      const dup = await city.clients.reporterB.post('/api/investors', investorBody(shared.invA));
      assert.equal(dup.status, 409);
    });

    test('a reporter cannot move a project into its unit by PUT or reach it by another path', async () => {
      const repB = city.clients.reporterB;
      const pA = city.projects.A;
      const res = await repB.put(`/api/projects/${pA.id}`, editable(pA, { unit_id: city.units.B.id }));
      assert.equal(res.status, 404);
      assert.equal((await repB.get(`/api/projects/${pA.id}/files/${shared.fileA.id}`)).status, 404);
      assert.equal((await repB.get(`/api/projects/${pA.id}/problems`)).status, 404);
    });
  });
});
