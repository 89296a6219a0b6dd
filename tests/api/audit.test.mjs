// Every change to a project, its nodes, problems and files adds exactly one audit row, visible in
// GET /api/projects/{id}/audit (newest first) with the user, the action and before/after.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  countRows, createProject, editable, expectError, expectStatus, getProject, isoDate, problemBody, putNode,
  setupCity, sql, startWithAdmin, uploadFile,
} from './lib/server.mjs';

let server;
let admin;
let city;

before(async () => {
  ({ server, admin } = await startWithAdmin());
  city = await setupCity(admin);
});
after(async () => { await server?.stop(); });

const ISO_TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

test('each change adds exactly one audit row, with user, action, before and after', async () => {
  const rep = city.clients.reporterA;
  const repUser = city.users.reporterA;
  const dbCount = () => countRows(server.db, 'audit_log');
  const auditOf = async (id, as = admin) => expectStatus(await as.get(`/api/projects/${id}/audit`), 200, 'audit');

  /** Runs a change and checks the one new row (newest first) it leaves. */
  let p;
  const step = async (what, change, check) => {
    const db0 = dbCount();
    const list0 = p ? (await auditOf(p.id)).total : 0;
    const out = await change();
    assert.equal(dbCount(), db0 + 1, `${what}: audit_log grows by exactly one`);
    const list = await auditOf(p.id);
    assert.equal(list.total, list0 + 1, `${what}: project audit grows by exactly one`);
    assert.equal(list.items.length, list.total);
    const row = list.items[0];
    for (const k of ['id', 'user_id', 'username', 'at', 'entity', 'entity_id', 'action', 'before', 'after']) {
      assert.ok(k in row, `${what}: Audit.${k}`);
    }
    assert.match(row.at, ISO_TS, `${what}: at`);
    if (list.items.length > 1) assert.ok(row.id > list.items[1].id, `${what}: newest first`);
    check(row, out);
    return out;
  };

  // create (as the reporter of the unit: the audit names that user)
  const db0 = dbCount();
  p = expectStatus(await rep.post('/api/projects', {
    name: '审计测试项目', investor_id: null, unit_id: city.units.A.id, chain_id: null, industry_code: null,
    category: 'industry', emerging_industry: null, total_investment: 1000, fixed_asset_investment: 0, land_area_mu: 0,
    leader_in_charge: '', referrer: '', introducing_unit: '', first_introducer: '', is_key: false, terminated: false,
    termination_reason: '',
  }), 201);
  assert.equal(dbCount(), db0 + 1, 'create: audit_log grows by exactly one');
  const created = await auditOf(p.id, rep);
  assert.equal(created.total, 1);
  const c = created.items[0];
  assert.equal(c.entity, 'project');
  assert.equal(c.entity_id, p.id);
  assert.equal(c.action, 'create');
  assert.equal(c.user_id, repUser.id);
  assert.equal(c.username, repUser.username);
  assert.equal(c.before, null);
  assert.equal(c.after?.name, '审计测试项目');

  // update
  p = await step('update', async () => expectStatus(await admin.put(`/api/projects/${p.id}`,
    editable(p, { name: '审计测试项目（改）', total_investment: 2000 })), 200), (row) => {
    assert.equal(row.entity, 'project');
    assert.equal(row.action, 'update');
    assert.equal(row.entity_id, p.id);
    assert.equal(row.user_id, admin.user.id);
    assert.equal(row.username, 'admin');
    assert.equal(row.before?.name, '审计测试项目');
    assert.equal(row.before?.total_investment, 1000);
    assert.equal(row.after?.name, '审计测试项目（改）');
    assert.equal(row.after?.total_investment, 2000);
  });

  // node
  p = await step('node', async () => expectStatus(await putNode(admin, p, 'lead', { planned_date: isoDate(7), note: '计划' }), 200),
    (row) => {
      assert.equal(row.entity, 'node');
      assert.ok(['create', 'update'].includes(row.action), `node action ${row.action}`);
      assert.ok(row.after && JSON.stringify(row.after).includes(isoDate(7)), `node after: ${JSON.stringify(row.after)}`);
      assert.ok(!JSON.stringify(row.before ?? {}).includes(isoDate(7)), 'node before lacks the new date');
    });

  // problem create / update / delete
  const pr = await step('problem create', async () => expectStatus(await rep.post(`/api/projects/${p.id}/problems`, problemBody()), 201),
    (row, out) => {
      assert.equal(row.entity, 'problem');
      assert.equal(row.entity_id, out.id);
      assert.equal(row.action, 'create');
      assert.equal(row.user_id, repUser.id);
      assert.equal(row.before, null);
      assert.equal(row.after?.description, '等待土地指标');
    });
  const pr2 = await step('problem update', async () => expectStatus(await admin.put(`/api/projects/${p.id}/problems/${pr.id}`, {
    ...problemBody(), description: '土地指标已上报省厅', version: pr.version,
  }), 200), (row) => {
    assert.equal(row.entity, 'problem');
    assert.equal(row.action, 'update');
    assert.equal(row.before?.description, '等待土地指标');
    assert.equal(row.after?.description, '土地指标已上报省厅');
  });
  await step('problem delete', async () => expectStatus(await admin.del(`/api/projects/${p.id}/problems/${pr2.id}`), 204),
    (row) => {
      assert.equal(row.entity, 'problem');
      assert.equal(row.entity_id, pr.id);
      assert.equal(row.action, 'delete');
      assert.equal(row.before?.description, '土地指标已上报省厅');
      assert.equal(row.after, null);
    });

  // file upload / delete
  const f = await step('file upload', async () => expectStatus(await uploadFile(admin, p.id), 201), (row, out) => {
    assert.equal(row.entity, 'file');
    assert.equal(row.entity_id, out.id);
    assert.equal(row.action, 'create');
    assert.equal(row.before, null);
    assert.equal(row.after?.name, '合同.pdf');
  });
  await step('file delete', async () => expectStatus(await admin.del(`/api/projects/${p.id}/files/${f.id}`), 204), (row) => {
    assert.equal(row.entity, 'file');
    assert.equal(row.action, 'delete');
    assert.equal(row.before?.name, '合同.pdf');
    assert.equal(row.after, null);
  });

  // schedule changes several planned dates: audited as one 'schedule' row
  p = await getProject(admin, p.id);
  const s0 = dbCount();
  expectStatus(await admin.post(`/api/projects/${p.id}/schedule`, { target_node: 'signed', target_date: isoDate(200), version: p.version }), 200);
  assert.equal(dbCount(), s0 + 1, 'schedule is audited once');
  assert.equal((await auditOf(p.id)).items[0].entity, 'schedule');

  // A rejected change leaves no audit row.
  const before0 = dbCount();
  p = await getProject(admin, p.id);
  expectError(await admin.put(`/api/projects/${p.id}`, editable(p, { version: p.version - 1 })), 409);
  expectError(await putNode(admin, p, 'signed', { actual_date: isoDate(-1) }), 422);
  expectError(await city.clients.leader.put(`/api/projects/${p.id}`, editable(p, { name: 'x' })), 403);
  assert.equal(dbCount(), before0, 'rejected changes are not audited');

  // Reads are not audited.
  await getProject(admin, p.id);
  await admin.get('/api/projects');
  assert.equal(dbCount(), before0);

  // Project delete: one row, recorded in the database (the project's own history is gone with it).
  expectStatus(await admin.del(`/api/projects/${p.id}`), 204);
  assert.equal(dbCount(), before0 + 1, 'delete: audit_log grows by exactly one');
  const rows = sql(server.db, `SELECT * FROM audit_log ORDER BY id DESC LIMIT 1`);
  assert.equal(rows[0].entity, 'project');
  assert.equal(rows[0].entity_id, p.id);
  assert.equal(rows[0].action, 'delete');
  expectError(await admin.get(`/api/projects/${p.id}/audit`), 404);
});

test('a reporter sees the audit of its own unit\'s project only', async () => {
  expectStatus(await city.clients.reporterA.get(`/api/projects/${city.projects.A.id}/audit`), 200);
  expectError(await city.clients.reporterB.get(`/api/projects/${city.projects.A.id}/audit`), 404);
  expectError(await city.clients.reviewer.get(`/api/projects/${city.projects.A.id}/audit`), 404);
  expectStatus(await city.clients.leader.get(`/api/projects/${city.projects.A.id}/audit`), 200);
});
