// Activities (招商活动: 外出招商 trip, 接待/拜访客商 visit, 展会/推介 exhibition): CRUD per kind with the
// kind's required fields, validation naming the field, stale versions, list filters, who sees and
// writes which unit's activities, the leads (projects) created from an activity, and one audit row
// per change. The server's day is fixed (ZS_TODAY) so "future" dates are deterministic.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  addDays, countRows, createProject, expectError, expectStatus, getProject, setupCity, sql, startWithAdmin,
  updateProject,
} from './lib/server.mjs';

const TODAY = '2026-07-10';

let server;
let admin;
let city;

/** A complete activity body: every editable field, the kind's own ones filled. */
function activityBody(kind, unitId, over = {}) {
  const base = {
    unit_id: unitId, kind, date: '2026-07-01', end_date: null, title: '', leader: '', destination: '', place: '',
    company: '', companies: '', persons: 0, brochures: 0, enterprises_visited: 0, key_talks: 0, contacts: 0,
    follow_ups: 0, outcome: '',
  };
  const own = {
    trip: { title: '赴长三角招商', leader: '王局长', destination: '上海', companies: '上海汽车零部件集团、苏州精密机械', outcome: '达成初步合作意向' },
    visit: { date: '2026-06-20', company: '深圳新能源科技有限公司', persons: 3, outcome: '来访考察厂房' },
    exhibition: { date: '2026-05-10', end_date: '2026-05-12', title: '中国国际进口博览会', place: '上海国家会展中心', brochures: 500,
      enterprises_visited: 12, key_talks: 6, contacts: 20, follow_ups: 3 },
  }[kind];
  return { ...base, ...own, ...over };
}

const ACTIVITY_KEYS = ['id', 'unit_id', 'unit_name', 'kind', 'date', 'end_date', 'title', 'leader', 'destination', 'place',
  'company', 'companies', 'persons', 'brochures', 'enterprises_visited', 'key_talks', 'contacts', 'follow_ups', 'outcome',
  'lead_count', 'version', 'created_at', 'updated_at'];
const EDITABLE = ['unit_id', 'kind', 'date', 'end_date', 'title', 'leader', 'destination', 'place', 'company', 'companies',
  'persons', 'brochures', 'enterprises_visited', 'key_talks', 'contacts', 'follow_ups', 'outcome'];
const editableOf = (a, over = {}) => ({ ...Object.fromEntries(EDITABLE.map((k) => [k, a[k]])), version: a.version, ...over });

async function create(client, kind, unitId, over = {}) {
  return expectStatus(await client.post('/api/activities', activityBody(kind, unitId, over)), 201, `POST /api/activities ${kind}`);
}

const auditRows = (id) => sql(server.db,
  `SELECT id, user_id, entity, entity_id, action, before_json, after_json FROM audit_log WHERE entity = 'activity' AND entity_id = ${id} ORDER BY id`);

before(async () => {
  ({ server, admin } = await startWithAdmin({ today: TODAY }));
  city = await setupCity(admin);
});
after(async () => { await server?.stop(); });

describe('activities', () => {
  test('create, read, update and delete each kind; the answer carries every field', async () => {
    const A = city.units.A;
    for (const kind of ['trip', 'visit', 'exhibition']) {
      const body = activityBody(kind, A.id);
      const a = await create(city.clients.reporterA, kind, A.id);
      for (const k of ACTIVITY_KEYS) assert.ok(k in a, `${kind}: Activity.${k} missing`);
      for (const k of EDITABLE) assert.deepEqual(a[k], body[k], `${kind}: ${k} as sent`);
      assert.equal(a.unit_name, A.name);
      assert.equal(a.lead_count, 0);
      assert.equal(typeof a.version, 'number');
      assert.match(a.created_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);

      const got = expectStatus(await admin.get(`/api/activities/${a.id}`), 200);
      assert.deepEqual(got.leads, []);
      for (const k of ACTIVITY_KEYS) assert.deepEqual(got[k], a[k], `${kind}: GET ${k}`);

      const changed = { trip: { destination: '苏州' }, visit: { persons: 5 }, exhibition: { place: '深圳会展中心' } }[kind];
      const u = expectStatus(await city.clients.reporterA.put(`/api/activities/${a.id}`, editableOf(a, { ...changed, outcome: '已更新' })), 200, 'PUT');
      for (const [k, v] of Object.entries(changed)) assert.equal(u[k], v, `${kind}: ${k} updated`);
      assert.equal(u.outcome, '已更新');
      assert.ok(u.version > a.version, 'version grows');
      const again = expectStatus(await admin.get(`/api/activities/${a.id}`), 200);
      for (const [k, v] of Object.entries(changed)) assert.equal(again[k], v, `${kind}: ${k} stored`);

      expectStatus(await city.clients.reporterA.del(`/api/activities/${a.id}`), 204, 'DELETE');
      expectError(await admin.get(`/api/activities/${a.id}`), 404, undefined, 'deleted');
      expectError(await admin.put(`/api/activities/${a.id}`, editableOf(u)), 404, undefined, 'PUT deleted');
      expectError(await admin.del(`/api/activities/${a.id}`), 404, undefined, 'DELETE deleted');
    }
  });

  test('each kind\'s required fields, dates and another kind\'s fields → 422 naming the field; nothing written', async () => {
    const A = city.units.A.id;
    const n0 = countRows(server.db, 'activities');
    const a0 = countRows(server.db, 'audit_log');
    const bad = [
      ['trip without destination', activityBody('trip', A, { destination: '' }), 'destination'],
      ['visit without company', activityBody('visit', A, { company: '' }), 'company'],
      ['visit without persons', activityBody('visit', A, { persons: 0 }), 'persons'],
      ['exhibition without title', activityBody('exhibition', A, { title: '' }), 'title'],
      ['exhibition without place', activityBody('exhibition', A, { place: '' }), 'place'],
      ['trip with a visit\'s company', activityBody('trip', A, { company: '某公司' }), 'company'],
      ['trip with a visit\'s persons', activityBody('trip', A, { persons: 2 }), 'persons'],
      ['trip with an exhibition\'s place', activityBody('trip', A, { place: '会展中心' }), 'place'],
      ['visit with a trip\'s destination', activityBody('visit', A, { destination: '上海' }), 'destination'],
      ['exhibition with a visit\'s persons', activityBody('exhibition', A, { persons: 4 }), 'persons'],
      ['exhibition with a trip\'s destination', activityBody('exhibition', A, { destination: '北京' }), 'destination'],
      ['end_date before date', activityBody('trip', A, { date: '2026-07-01', end_date: '2026-06-30' }), 'end_date'],
      ['end_date 61 days after date', activityBody('trip', A, { date: '2026-05-01', end_date: addDays('2026-05-01', 61) }), 'end_date'],
      ['date tomorrow', activityBody('trip', A, { date: addDays(TODAY, 1) }), 'date'],
      ['date missing', activityBody('trip', A, { date: null }), 'date'],
      ['unknown kind', activityBody('trip', A, { kind: 'party' }), 'kind'],
      ['count over 10^7', activityBody('exhibition', A, { brochures: 10_000_001 }), 'brochures'],
      ['negative count', activityBody('visit', A, { persons: -1 }), 'persons'],
      ['text over 2000 characters', activityBody('trip', A, { outcome: '长'.repeat(2001) }), 'outcome'],
      ['unit that does not exist', activityBody('trip', 999999), 'unit_id'],
    ];
    for (const [what, body, field] of bad) {
      expectError(await admin.post('/api/activities', body), 422, field, what);
    }
    // Wrong types and unknown fields are 400.
    expectError(await admin.post('/api/activities', { ...activityBody('trip', A), persons: 'three' }), 400, 'persons', 'persons type');
    expectError(await admin.post('/api/activities', { ...activityBody('trip', A), colour: 'red' }), 400, 'colour', 'unknown field');
    expectError(await admin.post('/api/activities', { ...activityBody('trip', A), lead_count: 3 }), 400, 'lead_count', 'derived field');
    // The same rules on update.
    const a = await create(admin, 'visit', A);
    const n1 = countRows(server.db, 'activities');
    const a1 = countRows(server.db, 'audit_log');
    expectError(await admin.put(`/api/activities/${a.id}`, editableOf(a, { persons: 0 })), 422, 'persons', 'PUT visit persons 0');
    expectError(await admin.put(`/api/activities/${a.id}`, editableOf(a, { date: addDays(TODAY, 3) })), 422, 'date', 'PUT future date');
    expectError(await admin.put(`/api/activities/${a.id}`, editableOf(a, { kind: 'trip' })), 422, undefined, 'PUT visit → trip keeps a visit\'s fields');
    assert.equal(countRows(server.db, 'activities'), n1);
    assert.equal(countRows(server.db, 'audit_log'), a1, 'rejected updates are not audited');
    assert.deepEqual(expectStatus(await admin.get(`/api/activities/${a.id}`), 200).persons, 3, 'unchanged');
    assert.equal(n1, n0 + 1, 'only the one good activity was stored');
    assert.equal(a1, a0 + 1);

    // The edges that are allowed: today, end_date exactly 60 days after, the same day.
    await create(admin, 'trip', A, { date: TODAY });
    await create(admin, 'trip', A, { date: '2026-04-01', end_date: addDays('2026-04-01', 60) });
    await create(admin, 'exhibition', A, { date: '2026-07-02', end_date: '2026-07-02' });
    await create(admin, 'exhibition', A, { brochures: 10_000_000 });
  });

  test('text limits: names and places up to 200 characters, the leader 100, free texts 2000; one more is 422', async () => {
    const A = city.units.A.id;
    const limits = [
      ['trip', 'title', 200], ['trip', 'leader', 100], ['trip', 'destination', 200], ['trip', 'companies', 2000],
      ['trip', 'outcome', 2000], ['visit', 'company', 200], ['exhibition', 'place', 200],
    ];
    const failures = [];
    for (const [kind, field, max] of limits) {
      const fits = '招'.repeat(max);
      const ok = await admin.post('/api/activities', activityBody(kind, A, { [field]: fits }));
      if (ok.status !== 201) failures.push(`${kind}.${field} of ${max} characters: ${ok.status} ${ok.text.slice(0, 200)}`);
      else assert.equal(ok.body[field], fits);
      const over = await admin.post('/api/activities', activityBody(kind, A, { [field]: fits + '招' }));
      if (over.status !== 422 || over.body?.error?.field !== field) {
        failures.push(`${kind}.${field} of ${max + 1} characters: ${over.status} ${over.text.slice(0, 200)}`);
      }
    }
    assert.deepEqual(failures, [], 'docs/api.md "Activities": text limits');
  });

  test('a stale version → 409 with the stored activity as current; nothing overwritten', async () => {
    const a = await create(admin, 'trip', city.units.A.id, { destination: '杭州' });
    const b = expectStatus(await admin.put(`/api/activities/${a.id}`, editableOf(a, { destination: '宁波' })), 200);
    const a0 = countRows(server.db, 'audit_log');
    const res = await city.clients.reporterA.put(`/api/activities/${a.id}`, editableOf(a, { destination: '温州' }));
    expectError(res, 409);
    assert.ok(res.body.current, '409 carries current');
    assert.equal(res.body.current.id, a.id);
    assert.equal(res.body.current.destination, '宁波');
    assert.equal(res.body.current.version, b.version);
    assert.equal(expectStatus(await admin.get(`/api/activities/${a.id}`), 200).destination, '宁波', 'not overwritten');
    assert.equal(countRows(server.db, 'audit_log'), a0, 'a conflict is not audited');
    // Missing version is refused, not taken as "any".
    const { version, ...noVersion } = editableOf(b, { destination: '嘉兴' });
    void version;
    expectError(await admin.put(`/api/activities/${a.id}`, noVersion), [400, 422], 'version', 'PUT without version');
  });
});

describe('activity list', () => {
  let ids;
  before(async () => {
    // A separate pair of units so counts are exact whatever the other tests created.
    const s = Date.now() % 100000;
    const mk = async (code, name, sort) => expectStatus(await admin.post('/api/units', { code, name, kind: 'park', sort_order: sort }), 201);
    const X = await mk(`LX${s}`, `列表甲园${s}`, 30);
    const Y = await mk(`LY${s}`, `列表乙园${s}`, 31);
    const acts = [
      ['x1', 'trip', X, { date: '2026-03-05', destination: '东莞', leader: '李主任' }],
      ['x2', 'visit', X, { date: '2026-03-20', company: '合肥晶圆制造有限公司', persons: 2 }],
      ['x3', 'exhibition', X, { date: '2026-04-02', end_date: '2026-04-04', title: '世界制造业大会', place: '合肥滨湖会展中心' }],
      ['y1', 'trip', Y, { date: '2026-03-10', destination: '宁波北仑港', outcome: '签订框架协议' }],
      ['y2', 'trip', Y, { date: '2026-04-15', destination: '厦门' }],
    ];
    ids = { X, Y };
    for (const [key, kind, unit, over] of acts) ids[key] = (await create(admin, kind, unit.id, over)).id;
  });

  const list = async (qs, client = admin) => expectStatus(await client.get(`/api/activities?${qs}`), 200, `GET /api/activities?${qs}`);
  const idsOf = (r) => r.items.map((a) => a.id);

  test('filters: unit_id, kind, from/to (inclusive), q over the texts', async () => {
    const { X, Y } = ids;
    const ux = await list(`unit_id=${X.id}`);
    assert.equal(ux.total, 3);
    assert.deepEqual(idsOf(ux), [ids.x3, ids.x2, ids.x1], 'default sort -date');
    assert.ok(ux.items.every((a) => a.unit_id === X.id && a.unit_name === X.name));
    const trips = await list(`unit_id=${Y.id}&kind=trip`);
    assert.deepEqual(idsOf(trips).sort(), [ids.y1, ids.y2].sort());
    assert.equal((await list(`unit_id=${Y.id}&kind=visit`)).total, 0);
    assert.deepEqual(idsOf(await list(`unit_id=${X.id}&kind=exhibition`)), [ids.x3]);
    // Inclusive bounds on date.
    const range = await list(`unit_id=${X.id}&from=2026-03-20&to=2026-04-02`);
    assert.deepEqual(idsOf(range).sort(), [ids.x2, ids.x3].sort());
    assert.deepEqual(idsOf(await list(`unit_id=${X.id}&from=2026-03-21&to=2026-04-01`)), []);
    assert.deepEqual(idsOf(await list(`unit_id=${Y.id}&to=2026-03-10`)), [ids.y1]);
    // q: destination, company, title, place, leader, outcome.
    for (const [q, want] of [['北仑港', [ids.y1]], ['晶圆', [ids.x2]], ['制造业大会', [ids.x3]], ['滨湖会展', [ids.x3]],
      ['李主任', [ids.x1]], ['框架协议', [ids.y1]]]) {
      const r = await list(`q=${encodeURIComponent(q)}`);
      assert.deepEqual(idsOf(r).sort(), want.sort(), `q=${q}`);
      assert.equal(r.total, want.length, `q=${q} total`);
    }
    expectError(await admin.get('/api/activities?kind=party'), 400, 'kind', 'unknown kind filter');
    expectError(await admin.get('/api/activities?sort=colour'), 400, 'sort', 'unknown sort');
  });

  test('sort by date, id and unit (± prefix); paging with total', async () => {
    const both = `from=2026-03-01&to=2026-04-30&q=`;
    const scope = async (sort, extra = '') => {
      const r = await list(`${both}&sort=${sort}&page_size=200${extra}`);
      return r.items.filter((a) => [ids.X.id, ids.Y.id].includes(a.unit_id)).map((a) => a.id);
    };
    assert.deepEqual(await scope('date'), [ids.x1, ids.y1, ids.x2, ids.x3, ids.y2]);
    assert.deepEqual(await scope('-date'), [ids.y2, ids.x3, ids.x2, ids.y1, ids.x1]);
    assert.deepEqual(await scope('id'), [ids.x1, ids.x2, ids.x3, ids.y1, ids.y2]);
    assert.deepEqual(await scope('-id'), [ids.y2, ids.y1, ids.x3, ids.x2, ids.x1]);
    const byUnit = await scope('unit');
    assert.deepEqual(byUnit.slice(0, 3).sort(), [ids.x1, ids.x2, ids.x3].sort(), 'unit X (sort_order 30) first');
    const byUnitDesc = await scope('-unit');
    assert.deepEqual(byUnitDesc.slice(0, 2).sort(), [ids.y1, ids.y2].sort(), '-unit: unit Y first');

    const p1 = await list(`unit_id=${ids.X.id}&sort=id&page_size=2&page=1`);
    const p2 = await list(`unit_id=${ids.X.id}&sort=id&page_size=2&page=2`);
    assert.equal(p1.total, 3);
    assert.equal(p2.total, 3);
    assert.deepEqual(idsOf(p1), [ids.x1, ids.x2]);
    assert.deepEqual(idsOf(p2), [ids.x3]);
    assert.deepEqual(idsOf(await list(`unit_id=${ids.X.id}&page=3&page_size=2`)), []);
    expectError(await admin.get('/api/activities?page_size=201'), 400, 'page_size');
  });
});

describe('who sees and writes which activities', () => {
  let actA;
  let actB;
  before(async () => {
    actA = await create(city.clients.reporterA, 'trip', city.units.A.id, { destination: '南京', title: '甲镇可见性' });
    actB = await create(city.clients.reporterB, 'visit', city.units.B.id, { company: '乙街道客商', persons: 1 });
  });

  test('a reporter lists and reads its own unit\'s only; another unit\'s is 404; it cannot create for another unit', async () => {
    const repA = city.clients.reporterA;
    const all = await repA.get('/api/activities?page_size=200');
    expectStatus(all, 200);
    assert.ok(all.body.items.length > 0);
    assert.ok(all.body.items.every((a) => a.unit_id === city.units.A.id), 'only unit A');
    assert.equal(all.body.total, countRows(server.db, 'activities', `unit_id = ${city.units.A.id}`), 'total counts only unit A');
    assert.equal(expectStatus(await repA.get(`/api/activities?unit_id=${city.units.B.id}`), 200).total, 0, 'filtering by unit B');
    assert.equal(expectStatus(await repA.get(`/api/activities?q=${encodeURIComponent('乙街道客商')}`), 200).total, 0, 'searching B\'s');
    expectStatus(await repA.get(`/api/activities/${actA.id}`), 200);
    expectError(await repA.get(`/api/activities/${actB.id}`), 404, undefined, 'read B\'s');
    expectError(await repA.put(`/api/activities/${actB.id}`, editableOf(actB, { persons: 9 })), 404, undefined, 'update B\'s');
    expectError(await repA.del(`/api/activities/${actB.id}`), 404, undefined, 'delete B\'s');
    const n = countRows(server.db, 'activities');
    expectError(await repA.post('/api/activities', activityBody('trip', city.units.B.id)), 403, undefined, 'create for B');
    // Nor move its own activity to another unit.
    expectError(await repA.put(`/api/activities/${actA.id}`, editableOf(actA, { unit_id: city.units.B.id })), 403, undefined, 'move to B');
    assert.equal(countRows(server.db, 'activities'), n);
    assert.equal(expectStatus(await admin.get(`/api/activities/${actA.id}`), 200).unit_id, city.units.A.id);
    assert.equal(expectStatus(await admin.get(`/api/activities/${actB.id}`), 200).persons, 1);
  });

  test('leaders read everything and write nothing (403); reviewers get an empty list and 404', async () => {
    const leader = city.clients.leader;
    const total = countRows(server.db, 'activities');
    const l = expectStatus(await leader.get('/api/activities?page_size=1'), 200);
    assert.equal(l.total, total, 'leader sees all');
    expectStatus(await leader.get(`/api/activities/${actB.id}`), 200);
    const n = countRows(server.db, 'activities');
    expectError(await leader.post('/api/activities', activityBody('trip', city.units.A.id)), 403);
    expectError(await leader.put(`/api/activities/${actA.id}`, editableOf(actA, { destination: '无锡' })), 403);
    expectError(await leader.del(`/api/activities/${actA.id}`), 403);
    assert.equal(countRows(server.db, 'activities'), n);
    assert.equal(expectStatus(await admin.get(`/api/activities/${actA.id}`), 200).destination, '南京');

    const rev = city.clients.reviewer;
    const r = expectStatus(await rev.get('/api/activities'), 200);
    assert.deepEqual(r.items, []);
    assert.equal(r.total, 0);
    expectError(await rev.get(`/api/activities/${actA.id}`), 404);
    expectError(await rev.post('/api/activities', activityBody('trip', city.units.A.id)), 403);
    // The dispatcher reads and writes any unit's.
    const disp = city.clients.dispatcher;
    expectStatus(await disp.get(`/api/activities/${actB.id}`), 200);
    await create(disp, 'exhibition', city.units.B.id);
  });
});

describe('leads from an activity', () => {
  test('a project with activity_id counts as a lead; another unit\'s activity → 422; deleting the activity keeps the project', async () => {
    const A = city.units.A.id;
    const act = await create(city.clients.reporterA, 'visit', A, { company: '线索来源公司', persons: 2 });
    const otherUnits = await create(admin, 'trip', city.units.B.id, { destination: '成都' });

    const p = await createProject(city.clients.reporterA, { unit_id: A, name: '活动线索项目', activity_id: act.id });
    assert.equal(p.activity_id, act.id, 'Project.activity_id');
    const p2 = await createProject(admin, { unit_id: A, name: '活动线索项目二', activity_id: act.id });
    const got = expectStatus(await admin.get(`/api/activities/${act.id}`), 200);
    assert.equal(got.lead_count, 2);
    assert.deepEqual(got.leads.map((l) => [l.id, l.name]).sort((x, y) => x[0] - y[0]), [[p.id, '活动线索项目'], [p2.id, '活动线索项目二']]);
    const inList = expectStatus(await admin.get(`/api/activities?unit_id=${A}&q=${encodeURIComponent('线索来源公司')}`), 200);
    assert.equal(inList.items[0].lead_count, 2, 'lead_count in the list');

    // An activity of another unit (or none at all) is refused, naming activity_id; nothing written.
    const n = countRows(server.db, 'projects');
    expectError(await admin.post('/api/projects', { ...projectLike(A), activity_id: otherUnits.id }), 422, 'activity_id', 'admin: B\'s activity');
    expectError(await city.clients.reporterA.post('/api/projects', { ...projectLike(A), activity_id: otherUnits.id }), 422, 'activity_id', 'reporter A: B\'s activity');
    expectError(await admin.post('/api/projects', { ...projectLike(A), activity_id: 99999999 }), 422, 'activity_id', 'unknown activity');
    assert.equal(countRows(server.db, 'projects'), n);
    // Moving the project to unit B while it keeps A's activity is refused too.
    const cur = await getProject(admin, p2.id);
    const moved = await admin.put(`/api/projects/${p2.id}`, { ...editableProject(cur), unit_id: city.units.B.id });
    expectError(moved, 422, 'activity_id', 'unit changed, activity of the old unit');
    // Unlinking works.
    const un = await updateProject(admin, cur, { activity_id: null });
    assert.equal(un.activity_id, null);
    assert.equal(expectStatus(await admin.get(`/api/activities/${act.id}`), 200).lead_count, 1);

    const before = countRows(server.db, 'audit_log');
    expectStatus(await city.clients.reporterA.del(`/api/activities/${act.id}`), 204);
    const kept = await getProject(admin, p.id);
    assert.equal(kept.activity_id, null, 'the lead stays, unlinked');
    assert.equal(kept.name, '活动线索项目');
    assert.ok(countRows(server.db, 'audit_log') > before, 'the delete is audited');
    const del = auditRows(act.id).filter((r) => r.action === 'delete');
    assert.equal(del.length, 1, 'one delete row for the activity');
  });
});

describe('audit', () => {
  test('one audit row per create, update and delete, with the user, before and after; reads and refusals none', async () => {
    const rep = city.clients.reporterA;
    const count = () => countRows(server.db, 'audit_log');
    let n = count();
    const a = await create(rep, 'exhibition', city.units.A.id, { title: '审计展会' });
    assert.equal(count(), n + 1, 'create: exactly one row');
    let rows = auditRows(a.id);
    assert.equal(rows.length, 1);
    assert.equal(rows[0].action, 'create');
    assert.equal(rows[0].user_id, city.users.reporterA.id);
    assert.equal(rows[0].before_json, null);
    assert.equal(JSON.parse(rows[0].after_json).title, '审计展会');

    n = count();
    const u = expectStatus(await admin.put(`/api/activities/${a.id}`, editableOf(a, { title: '审计展会(改)' })), 200);
    assert.equal(count(), n + 1, 'update: exactly one row');
    rows = auditRows(a.id);
    assert.equal(rows.length, 2);
    assert.equal(rows[1].action, 'update');
    assert.equal(rows[1].user_id, admin.user.id);
    assert.equal(JSON.parse(rows[1].before_json).title, '审计展会');
    assert.equal(JSON.parse(rows[1].after_json).title, '审计展会(改)');

    n = count();
    await admin.get(`/api/activities/${a.id}`);
    await admin.get('/api/activities');
    expectError(await admin.put(`/api/activities/${a.id}`, editableOf(a, { title: 'stale' })), 409);
    expectError(await city.clients.leader.del(`/api/activities/${a.id}`), 403);
    expectError(await admin.put(`/api/activities/${a.id}`, editableOf(u, { place: '' })), 422, 'place');
    assert.equal(count(), n, 'reads and refused changes leave no row');

    expectStatus(await admin.del(`/api/activities/${a.id}`), 204);
    assert.equal(count(), n + 1, 'delete: exactly one row');
    rows = auditRows(a.id);
    assert.equal(rows.length, 3);
    assert.equal(rows[2].action, 'delete');
    assert.equal(JSON.parse(rows[2].before_json).title, '审计展会(改)');
    assert.equal(rows[2].after_json, null);
  });
});

/** A minimal project create body for unit `unitId`. */
function projectLike(unitId) {
  return {
    name: `引用活动项目${Date.now()}`, investor_id: null, unit_id: unitId, chain_id: null, industry_code: null, category: 'service',
    emerging_industry: null, total_investment: 0, fixed_asset_investment: 0, land_area_mu: 0, leader_in_charge: '', referrer: '',
    introducing_unit: '', first_introducer: '', is_key: false, terminated: false, termination_reason: '',
  };
}

/** The editable fields of a project as PUT carries them, including activity_id. */
function editableProject(p) {
  const keys = ['code', 'name', 'investor_id', 'unit_id', 'chain_id', 'industry_code', 'category', 'emerging_industry',
    'total_investment', 'fixed_asset_investment', 'land_area_mu', 'leader_in_charge', 'referrer', 'introducing_unit',
    'first_introducer', 'is_key', 'terminated', 'termination_reason', 'activity_id'];
  return { ...Object.fromEntries(keys.map((k) => [k, p[k]])), version: p.version };
}
