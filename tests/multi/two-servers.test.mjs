// Two app servers on one database, as behind a load balancer: `zhaoshang serve` twice on the same
// database (PostgreSQL with ZS_TEST_STORE=postgres, otherwise one SQLite file) and the same data
// folder. What one writes the other reads at once (objects, files, lifecycle rules, statistics);
// versions, sessions and login throttling live in the database, so they hold across the servers;
// killing one server with SIGKILL in the middle of a stream of writes loses no acknowledged write.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  ADMIN, Client, PASSWORD, createInvestor, createProject, editable, expectError, expectStatus, expectUnchanged,
  getProject, isoDate, projectBody, reachNode, ruleFor, setupCity, sleep, sql, startAnother, startWithAdmin, uniq, updateProject,
  uploadFile, pdfBytes,
} from '../api/lib/server.mjs';

const MAX_FAILURES = 5;
const YI = 100_000_000;
const now = new Date(Date.now() + 8 * 3600 * 1000); // the server's business day is UTC+8
const YEAR = now.getUTCFullYear();
const MONTH = now.getUTCMonth() + 1;

let A; // the first server: owns the database and the folders
let B; // the second server on the same database and data folder
let adminA;
let city;

/** The same session, talking to another server (what a load balancer does between requests). */
function on(server, client) {
  const c = new Client(server.baseUrl, { name: `${client.name}@${server.port}` });
  c.token = client.token;
  c.user = client.user;
  return c;
}

before(async () => {
  ({ server: A, admin: adminA } = await startWithAdmin({ settings: { login_max_failures_per_hour: MAX_FAILURES } }));
  B = await startAnother(A);
  city = await setupCity(adminA);
});
after(async () => {
  try {
    await B?.stop();
  } finally {
    await A?.stop();
  }
});

describe('one database, two servers', () => {
  test('a write through A is read through B, and one through B through A; files through either', async () => {
    const adminB = on(B, adminA);
    const p = await createProject(adminA, { unit_id: city.units.A.id, name: `两台服务器${uniq()}`, total_investment: 3 * YI });
    assert.deepEqual(await getProject(adminB, p.id), await getProject(adminA, p.id), 'B reads what A wrote');
    const listed = expectStatus(await adminB.get(`/api/projects?q=${encodeURIComponent(p.name)}`), 200);
    assert.deepEqual(listed.items.map((x) => x.id), [p.id], 'B lists it');

    const changed = await updateProject(adminB, await getProject(adminB, p.id), { name: `${p.name}-B改`, total_investment: 4 * YI });
    const seenByA = await getProject(adminA, p.id);
    assert.equal(seenByA.name, `${p.name}-B改`);
    assert.equal(seenByA.total_investment, 4 * YI);
    assert.equal(seenByA.version, changed.version);

    // Evidence uploaded through A is served by B (the data folder is shared).
    const bytes = pdfBytes(`two servers ${uniq()}`);
    const file = expectStatus(await uploadFile(adminA, p.id, { node: 'signed', kind: 'contract', bytes }), 201, 'upload through A');
    const listB = expectStatus(await adminB.get(`/api/projects/${p.id}/files`), 200);
    assert.ok(listB.items.some((f) => f.id === file.id), 'B lists the file');
    const dl = await adminB.get(`/api/projects/${p.id}/files/${file.id}`);
    assert.equal(dl.status, 200);
    assert.ok(dl.bytes.equals(bytes), 'B serves the bytes A stored');
    expectStatus(await adminB.del(`/api/projects/${p.id}/files/${file.id}`), 204, 'delete through B');
    expectError(await adminA.get(`/api/projects/${p.id}/files/${file.id}`), 404, undefined, 'gone for A too');

    // An investor created on B is usable on A at once.
    const inv = await createInvestor(adminB);
    const linked = await updateProject(adminA, await getProject(adminA, p.id), { investor_id: inv.id });
    assert.equal(linked.investor_id, inv.id);
  });

  test('an update through B with the version A has replaced → 409 with A\'s write as current; nothing written', async () => {
    const disp = city.clients.dispatcher; // logged in on A
    const dispB = on(B, disp);
    const p = await createProject(disp, { unit_id: city.units.B.id, name: `版本${uniq()}` });
    const stale = await getProject(dispB, p.id);
    const win = await updateProject(disp, stale, { name: `${p.name}-A`, total_investment: 111 });
    const res = await expectUnchanged(A.db, () => dispB.put(`/api/projects/${p.id}`, editable(stale, { name: `${p.name}-B`, total_investment: 222 })),
      'stale PUT through B');
    expectError(res, 409, undefined, 'stale version through B');
    assert.equal(res.body.current.version, win.version, 'current carries A\'s version');
    assert.equal(res.body.current.name, `${p.name}-A`);
    const stored = await getProject(disp, p.id);
    assert.equal(stored.name, `${p.name}-A`, 'A\'s write kept');
    assert.equal(stored.total_investment, 111);
    // With the version from `current` the update through B goes through.
    const retry = expectStatus(await dispB.put(`/api/projects/${p.id}`, editable(res.body.current, { name: `${p.name}-B` })), 200);
    assert.equal((await getProject(disp, p.id)).version, retry.version);

    // Racing on one version through both servers: exactly one wins.
    const both = await Promise.all([disp, dispB].map((c, i) =>
      c.put(`/api/projects/${p.id}`, editable(retry, { name: `${p.name}-race${i}` }))));
    assert.deepEqual(both.map((r) => r.status).sort(), [200, 409], `one winner: ${both.map((r) => r.status)}`);
    const winner = both.find((r) => r.status === 200).body;
    assert.equal((await getProject(dispB, p.id)).name, winner.name);
  });

  test('statistics on one server reflect a write through the other at once, both ways', async () => {
    const statsOf = async (client) => expectStatus(await client.get(`/api/stats?year=${YEAR}&month=${MONTH}`), 200, 'GET /api/stats');
    const funnelOf = async (client, unit) => expectStatus(await client.get(`/api/stats/funnel?unit=${unit}`), 200, 'funnel');
    const signedIds = (stats) => stats.indicators.find((i) => i.key === 'signed_100m').city.project_ids;
    const fundsOf = (stats) => stats.indicators.find((i) => i.key === 'provincial_funds').city.actual;
    const unit = city.units.A.id;
    const pairs = [[adminA, on(B, adminA), 'A→B'], [on(B, adminA), adminA, 'B→A']];
    for (const [writer, reader, dir] of pairs) {
      // The reader computes its statistics first, so a stale cache would show.
      const before0 = await statsOf(reader);
      await funnelOf(reader, unit);
      const outInv = await createInvestor(writer, { province_code: '310000', tags: ['private'] });
      const p = await createProject(writer, { unit_id: unit, category: 'industry', total_investment: 5 * YI,
        investor_id: outInv.id, name: `统计${dir}${uniq()}` });
      await reachNode(writer, p.id, 'signed', { investorId: outInv.id, lastDate: isoDate(0) });
      const after1 = await statsOf(reader);
      assert.ok(!signedIds(before0).includes(p.id));
      assert.ok(signedIds(after1).includes(p.id), `${dir}: the reader's 亿元 signings include the writer's new signing`);
      const funnel = await funnelOf(reader, unit);
      assert.ok(funnel.items.find((i) => i.node === 'signed').project_ids.includes(p.id), `${dir}: the reader's funnel`);

      // A monthly figure through the writer moves the reader's 省外资金 by exactly that amount.
      const m = expectStatus(await writer.get(`/api/figures?year=${YEAR}&month=${MONTH}&unit_id=${unit}`), 200);
      expectStatus(await writer.put('/api/figures', { year: YEAR, month: MONTH, unit_id: unit, version: m.submission.version,
        rows: [{ project_id: p.id, funds_in_place: 2 * YI, funds_out_of_province: 76_543_210, fixed_asset_investment: 0,
          output_value: 0, tax: 0 }] }), 200, `${dir}: figures`);
      assert.equal(fundsOf(await statsOf(reader)), fundsOf(after1) + 76_543_210, `${dir}: the reader sees the new figure`);
    }
  });

  test('a lifecycle rule changed through A is enforced by B', async () => {
    const lc = expectStatus(await on(B, adminA).get('/api/meta/lifecycle'), 200); // B reads the rules first
    const rule = ruleFor(lc, 'service', 'negotiating');
    assert.ok(!rule.required_fields.includes('leader_in_charge'), 'the default rule does not ask for it');
    expectStatus(await adminA.put('/api/meta/lifecycle/service/negotiating', { applies: true,
      required_fields: [...rule.required_fields, 'leader_in_charge'], required_evidence: rule.required_evidence,
      standard_days: rule.standard_days }), 200);
    const adminB = on(B, adminA);
    const seen = ruleFor(expectStatus(await adminB.get('/api/meta/lifecycle'), 200), 'service', 'negotiating');
    assert.ok(seen.required_fields.includes('leader_in_charge'), 'B lists the new requirement');
    const p = await createProject(adminB, { unit_id: city.units.A.id, category: 'service' });
    const atLead = await reachNode(adminB, p.id, 'lead', { investorId: city.investor.id, startDaysAgo: 20 });
    const err = expectError(await adminB.put(`/api/projects/${p.id}/nodes/negotiating`,
      { planned_date: null, actual_date: isoDate(-10), note: '', version: atLead.version }), 422);
    assert.ok(err.details.some((d) => d.kind === 'field' && d.name === 'leader_in_charge'), `B enforces it: ${JSON.stringify(err.details)}`);
  });
});

describe('sessions and login throttling across servers', () => {
  test('a session made on A works on B; logging out on B ends it on A', async () => {
    const c = await Client.login(A.baseUrl, city.users.leader.username, PASSWORD, 'leader');
    const onB = on(B, c);
    const me = expectStatus(await onB.get('/api/auth/me'), 200, 'A\'s cookie on B');
    assert.equal(me.username, city.users.leader.username);
    expectStatus(await onB.post('/api/auth/logout'), 204);
    expectError(await c.get('/api/auth/me'), 401, undefined, 'A after logout on B');

    // Disabling a user through B ends its session on A.
    const u = expectStatus(await adminA.post('/api/users', { username: `dis_${uniq()}`, display_name: '停用', role: 'leader',
      unit_id: null, password: PASSWORD }), 201);
    const victim = await Client.login(A.baseUrl, u.username);
    const full = expectStatus(await on(B, adminA).get(`/api/users?q=${u.username}`), 200).items.find((x) => x.id === u.id);
    expectStatus(await on(B, adminA).put(`/api/users/${u.id}`, { display_name: full.display_name, role: full.role,
      unit_id: full.unit_id, disabled: true, version: full.version }), 200);
    expectError(await victim.get('/api/auth/me'), 401, undefined, 'disabled through B, refused by A');
  });

  test(`failures on both servers count together: the ${MAX_FAILURES + 1}th anywhere → 429 on both`, async () => {
    const username = `victim_${uniq()}`;
    expectStatus(await adminA.post('/api/users', { username, display_name: '受害者', role: 'leader', unit_id: null, password: PASSWORD }), 201);
    const ca = new Client(A.baseUrl);
    const cb = new Client(B.baseUrl);
    for (let i = 1; i <= MAX_FAILURES; i++) {
      expectError(await (i % 2 ? ca : cb).login(username, `Wrong-pass-${i}-xx`), 401, undefined, `attempt ${i}`);
    }
    // Neither server alone has seen more than 3 failures; together they have seen 5.
    expectError(await cb.login(username, 'Wrong-pass-6-xx'), 429, undefined, 'attempt 6 on B');
    expectError(await ca.login(username, PASSWORD), 429, undefined, 'the right password on A while throttled');
    expectError(await cb.login(username, PASSWORD), 429, undefined, 'the right password on B while throttled');
    assert.equal(ca.token, null);
    assert.equal(cb.token, null);
    // Other accounts are unaffected on both.
    await Client.login(A.baseUrl, ADMIN.username, ADMIN.password);
    await Client.login(B.baseUrl, ADMIN.username, ADMIN.password);
  });
});

describe('a server killed mid-stream', () => {
  test('SIGKILL of B during a stream of writes: every acknowledged write is there, read through A', async () => {
    const prefix = `流${uniq()}-`;
    const writerB = await Client.login(B.baseUrl, city.users.dispatcher.username, PASSWORD, 'dispB');
    const acked = new Map(); // id → {names acknowledged in order, pending: name sent without an answer, writes}
    let ackCount = 0;
    let killedAt = null;
    const writers = 6;
    const KILL_AFTER = 60; // acknowledged writes before the kill: well into the stream

    const writer = async (w) => {
      for (let i = 0; ; i++) {
        const name = `${prefix}${w}-${i}`;
        let res;
        try {
          res = await writerB.post('/api/projects', projectBody({ name, unit_id: city.units.A.id }));
        } catch { return; } // the server is gone
        if (res.status !== 201) {
          if (killedAt === null) assert.fail(`create through B: ${res.status} ${res.text.slice(0, 300)}`);
          return;
        }
        const rec = { names: [name], pending: null, writes: 1 };
        acked.set(res.body.id, rec);
        ackCount += 1;
        let p = res.body;
        for (let j = 1; j <= 2; j++) {
          rec.pending = `${name}/${j}`;
          try {
            res = await writerB.put(`/api/projects/${p.id}`, editable(p, { name: rec.pending }));
          } catch { return; }
          if (res.status !== 200) {
            if (killedAt === null) assert.fail(`update through B: ${res.status} ${res.text.slice(0, 300)}`);
            return;
          }
          rec.names.push(rec.pending);
          rec.pending = null;
          rec.writes += 1;
          ackCount += 1;
          p = res.body;
        }
      }
    };
    const killer = (async () => {
      const t0 = Date.now();
      while (ackCount < KILL_AFTER && Date.now() - t0 < 60_000) await sleep(5);
      killedAt = ackCount;
      B.proc.kill('SIGKILL');
    })();
    await Promise.all([...Array.from({ length: writers }, (_, w) => writer(w)), killer]);
    const killed = B;
    B = null; // nothing to stop any more
    const { signal } = await killed.exited;
    assert.equal(signal, 'SIGKILL', 'B was killed, not stopped');
    assert.ok(killedAt >= KILL_AFTER, `the stream ran (${killedAt} acknowledged writes before the kill)`);

    // Every acknowledged create and update is there, through A; an unanswered update may or may not be.
    for (const [id, rec] of acked) {
      const got = expectStatus(await adminA.get(`/api/projects/${id}`), 200, `acknowledged project ${id} through A`);
      const last = rec.names[rec.names.length - 1];
      const allowed = rec.pending ? [last, rec.pending] : [last];
      assert.ok(allowed.includes(got.name), `project ${id}: name ${got.name}, expected ${allowed.join(' or ')}`);
      const audited = Number(sql(A.db, `SELECT COUNT(*) AS n FROM audit_log WHERE entity = 'project' AND entity_id = ${id}`)[0].n);
      assert.ok(audited >= rec.writes, `project ${id}: ${audited} audit rows for ${rec.writes} acknowledged writes`);
    }
    // Nothing half-written: every project of the stream (answered or not) has its create audit row,
    // written in the same transaction.
    const rows = sql(A.db, `SELECT p.id AS id, COUNT(a.id) AS n FROM projects p LEFT JOIN audit_log a
      ON a.entity = 'project' AND a.entity_id = p.id AND a.action = 'create' WHERE p.name LIKE '${prefix}%' GROUP BY p.id`);
    assert.ok(rows.length >= acked.size, `${rows.length} stream projects stored, ${acked.size} acknowledged`);
    for (const r of rows) assert.equal(Number(r.n), 1, `project ${r.id}: its create audit row`);

    // A writes on; a restarted B starts on the same database and reads the same.
    const more = await createProject(adminA, { unit_id: city.units.A.id, name: `${prefix}after` });
    B = await startAnother(A);
    const adminB = on(B, adminA);
    const [someId] = acked.keys();
    assert.deepEqual(await getProject(adminB, someId), await getProject(adminA, someId));
    assert.equal((await getProject(adminB, more.id)).name, `${prefix}after`);
  });
});
