// Optimistic locking: a PUT carrying a stale `version` answers 409 with the stored object in
// `current`, and nothing is written; of several writers racing on one version exactly one wins.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  createInvestor, createProject, editable, expectError, expectStatus, expectUnchanged, getProject, isoDate,
  problemBody, putNode, setupCity, startWithAdmin, uniq,
} from './lib/server.mjs';

let server;
let admin;
let city;
let disp;

before(async () => {
  ({ server, admin } = await startWithAdmin());
  city = await setupCity(admin);
  disp = city.clients.dispatcher;
});
after(async () => { await server?.stop(); });

/** `current` must be the stored object: every key it carries equals the fresh GET. */
function assertCurrentIs(current, stored, what) {
  assert.ok(current && typeof current === 'object', `${what}: 409 without current`);
  assert.equal(current.id, stored.id, `${what}: current.id`);
  assert.equal(current.version, stored.version, `${what}: current.version`);
  const { nodes: _n1, ...cur } = current;
  const { nodes: _n2, ...st } = stored;
  assert.deepEqual(cur, st, `${what}: current equals the stored object`);
  if (current.nodes) assert.deepEqual(current.nodes, stored.nodes, `${what}: current.nodes`);
}

describe('stale versions', () => {
  test('project PUT: 409 with current, the winner\'s data kept', async () => {
    const p = await createProject(admin, { unit_id: city.units.A.id, name: `并发${uniq()}` });
    const seenByDisp = await getProject(disp, p.id);
    const seenByAdmin = await getProject(admin, p.id);
    const win = expectStatus(await admin.put(`/api/projects/${p.id}`, editable(seenByAdmin, { name: `${p.name}-管理员`, total_investment: 111 })), 200);
    const res = await expectUnchanged(server.db,
      () => disp.put(`/api/projects/${p.id}`, editable(seenByDisp, { name: `${p.name}-调度`, total_investment: 222 })), 'stale PUT');
    expectError(res, 409, undefined, 'stale project PUT');
    const stored = await getProject(admin, p.id);
    assert.equal(stored.name, `${p.name}-管理员`);
    assert.equal(stored.total_investment, 111);
    assert.equal(stored.version, win.version);
    assertCurrentIs(res.body.current, stored, 'project');
    // Retrying with the version from `current` succeeds.
    const retry = expectStatus(await disp.put(`/api/projects/${p.id}`, editable(res.body.current, { name: `${p.name}-调度` })), 200);
    assert.equal(retry.name, `${p.name}-调度`);
    // A version from the future is stale too.
    expectError(await admin.put(`/api/projects/${p.id}`, editable(retry, { version: retry.version + 5 })), 409);
    // A PUT without version is refused.
    const { version: _v, ...noVersion } = editable(retry);
    expectError(await admin.put(`/api/projects/${p.id}`, noVersion), [400, 422], 'version');
  });

  test('node PUT: stale project version → 409, nothing written', async () => {
    const p = await createProject(admin, { unit_id: city.units.A.id });
    const old = await getProject(disp, p.id);
    const win = expectStatus(await putNode(admin, p, 'negotiating', { planned_date: isoDate(20), note: '管理员' }), 200);
    const res = await expectUnchanged(server.db,
      () => putNode(disp, old, 'negotiating', { planned_date: isoDate(40), note: '调度' }), 'stale node PUT');
    expectError(res, 409);
    const stored = await getProject(admin, p.id);
    const n = stored.nodes.find((x) => x.node === 'negotiating');
    assert.equal(n.planned_date, isoDate(20));
    assert.equal(n.note, '管理员');
    assert.equal(stored.version, win.version);
    assertCurrentIs(res.body.current, stored, 'node');
    // A project update also bumps the version the node PUT must carry.
    const upd = expectStatus(await admin.put(`/api/projects/${p.id}`, editable(stored, { is_key: true })), 200);
    expectError(await putNode(disp, stored, 'lead', { planned_date: isoDate(5) }), 409);
    expectStatus(await putNode(disp, upd, 'lead', { planned_date: isoDate(5) }), 200);
  });

  test('problem PUT: 409 with current, nothing written', async () => {
    const p = await createProject(admin, { unit_id: city.units.A.id });
    const pr = expectStatus(await admin.post(`/api/projects/${p.id}/problems`, problemBody()), 201);
    const body = (over) => ({ category: pr.category, description: pr.description, department: pr.department,
      deadline: pr.deadline, status: pr.status, resolution: pr.resolution, version: pr.version, ...over });
    const win = expectStatus(await admin.put(`/api/projects/${p.id}/problems/${pr.id}`, body({ description: '管理员改' })), 200);
    const res = await expectUnchanged(server.db,
      () => disp.put(`/api/projects/${p.id}/problems/${pr.id}`, body({ description: '调度改' })), 'stale problem PUT');
    expectError(res, 409);
    const stored = expectStatus(await admin.get(`/api/projects/${p.id}/problems`), 200).items.find((x) => x.id === pr.id);
    assert.equal(stored.description, '管理员改');
    assert.equal(stored.version, win.version);
    assertCurrentIs(res.body.current, stored, 'problem');
  });

  test('investor PUT: 409 with current', async () => {
    const inv = await createInvestor(admin);
    const body = (over) => ({ name: inv.name, uscc: inv.uscc, province_code: inv.province_code, city_code: inv.city_code,
      tags: inv.tags, version: inv.version, ...over });
    expectStatus(await admin.put(`/api/investors/${inv.id}`, body({ name: `${inv.name}甲` })), 200);
    const res = await disp.put(`/api/investors/${inv.id}`, body({ name: `${inv.name}乙` }));
    expectError(res, 409);
    const stored = expectStatus(await admin.get(`/api/investors/${inv.id}`), 200);
    assert.equal(stored.name, `${inv.name}甲`);
    assertCurrentIs(res.body.current, stored, 'investor');
  });

  test('racing writers on one version: exactly one wins', async () => {
    const p = await createProject(admin, { unit_id: city.units.A.id, name: `竞争${uniq()}` });
    const writers = [admin, disp, city.clients.reporterA, admin, disp, city.clients.reporterA];
    const results = await Promise.all(writers.map((c, i) =>
      c.put(`/api/projects/${p.id}`, editable(p, { name: `${p.name}-${i}` }))));
    const statuses = results.map((r) => r.status);
    assert.equal(statuses.filter((s) => s === 200).length, 1, `exactly one 200: ${statuses}`);
    assert.equal(statuses.filter((s) => s === 409).length, writers.length - 1, `the rest 409: ${statuses}`);
    const winner = results.find((r) => r.status === 200).body;
    const stored = await getProject(admin, p.id);
    assert.equal(stored.name, winner.name);
    assert.equal(stored.version, winner.version);

    const nodeRace = await Promise.all(writers.map((c, i) => putNode(c, stored, 'lead', { planned_date: isoDate(10 + i) })));
    assert.equal(nodeRace.filter((r) => r.status === 200).length, 1, `node race: ${nodeRace.map((r) => r.status)}`);
  });
});
