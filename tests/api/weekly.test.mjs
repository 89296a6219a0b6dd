// Weekly reports (周报送): one per unit and ISO week; saving, submitting, the reporter's lock after
// submitting and the centre reopening it; late units by the deadline weekday (setting
// weekly_deadline_weekday); weeks that have not begun; the week's activity counts per kind.
// The server's day is fixed: ZS_TODAY = Wednesday 2026-07-08 (ISO week 28) and the deadline is
// Wednesday, so week 28 is due today (nobody late yet) and week 27 is past its deadline.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { countRows, expectError, expectStatus, setupCity, startWithAdmin } from './lib/server.mjs';

const TODAY = '2026-07-08';
const YEAR = 2026;
const WEEK = 28; // 2026-07-06 … 2026-07-12
const LAST = 27; // 2026-06-29 … 2026-07-05

let server;
let admin;
let city;
let units;

const weekOf = async (client, week = WEEK, year = YEAR) =>
  expectStatus(await client.get(`/api/weekly-reports?year=${year}&week=${week}`), 200, `GET weekly ${year}/${week}`);
const put = (client, unitId, week, body, year = YEAR) => client.put(`/api/weekly-reports/${unitId}/${year}/${week}`, body);
const itemOf = (list, unitId) => {
  const it = list.items.find((x) => x.unit_id === unitId);
  assert.ok(it, `no item for unit ${unitId}`);
  return it;
};

before(async () => {
  ({ server, admin } = await startWithAdmin({ today: TODAY, settings: { weekly_deadline_weekday: 3 } }));
  city = await setupCity(admin);
  units = expectStatus(await admin.get('/api/units'), 200).items;
});
after(async () => { await server?.stop(); });

describe('weekly reports', () => {
  test('GET lists one item per unit with version 0 and empty texts before anything is saved; a reporter its own', async () => {
    const list = await weekOf(admin, 26); // untouched by the other tests
    assert.equal(list.year, YEAR);
    assert.equal(list.week, 26);
    assert.equal(list.from, '2026-06-22');
    assert.equal(list.to, '2026-06-28');
    assert.equal(list.deadline, '2026-06-24', 'Wednesday of the week (weekly_deadline_weekday = 3)');
    assert.equal(list.total, units.length);
    assert.deepEqual(list.items.map((x) => x.unit_id).sort((a, b) => a - b), units.map((u) => u.id).sort((a, b) => a - b));
    for (const it of list.items) {
      for (const k of ['unit_id', 'unit_name', 'year', 'week', 'progress', 'problems', 'submitted', 'submitted_at',
        'submitted_by_name', 'late', 'activities', 'version', 'updated_at']) {
        assert.ok(k in it, `WeeklyReport.${k}`);
      }
      assert.equal(it.version, 0);
      assert.equal(it.progress, '');
      assert.equal(it.problems, '');
      assert.equal(it.submitted, false);
      assert.equal(it.year, YEAR);
      assert.equal(it.week, 26);
      assert.equal(it.unit_name, units.find((u) => u.id === it.unit_id).name);
      assert.deepEqual(it.activities, { trip: 0, visit: 0, exhibition: 0 });
    }
    const mine = await weekOf(city.clients.reporterB, 26);
    assert.deepEqual(mine.items.map((x) => x.unit_id), [city.units.B.id]);
    assert.equal(mine.total, 1);
    const leader = await weekOf(city.clients.leader, 26);
    assert.equal(leader.total, units.length, 'a leader reads every unit');
  });

  test('PUT with version 0 creates, then updates with the version read, then submits; stale → 409 with current', async () => {
    const A = city.units.A.id;
    const rep = city.clients.reporterA;
    const n0 = countRows(server.db, 'weekly_reports');
    let r = expectStatus(await put(rep, A, WEEK, { progress: '对接客商3家', problems: '', submit: false, version: 0 }), 200, 'create');
    assert.equal(countRows(server.db, 'weekly_reports'), n0 + 1);
    assert.equal(r.unit_id, A);
    assert.equal(r.progress, '对接客商3家');
    assert.equal(r.submitted, false);
    assert.ok(r.version >= 1, 'stored: version > 0');
    const v1 = r.version;
    // A second "create" is stale.
    const again = await put(rep, A, WEEK, { progress: '重复新建', problems: '', submit: false, version: 0 });
    expectError(again, 409);
    assert.equal(again.body.current?.progress, '对接客商3家', '409 carries the stored report');
    assert.equal(again.body.current?.version, v1);

    r = expectStatus(await put(rep, A, WEEK, { progress: '对接客商5家', problems: '用地指标紧张', submit: false, version: v1 }), 200, 'update');
    assert.equal(r.progress, '对接客商5家');
    assert.equal(r.problems, '用地指标紧张');
    assert.ok(r.version > v1);
    assert.equal(countRows(server.db, 'weekly_reports'), n0 + 1, 'updated in place');
    const listed = itemOf(await weekOf(rep), A);
    assert.equal(listed.progress, '对接客商5家');
    assert.equal(listed.version, r.version);

    expectError(await put(rep, A, WEEK, { progress: 'x', problems: '', submit: false, version: v1 }), 409, undefined, 'stale update');
    assert.equal(itemOf(await weekOf(admin), A).progress, '对接客商5家', 'nothing overwritten');

    r = expectStatus(await put(rep, A, WEEK, { progress: '对接客商5家,签约1个', problems: '用地指标紧张', submit: true, version: r.version }), 200, 'submit');
    assert.equal(r.submitted, true);
    assert.match(r.submitted_at ?? '', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    assert.equal(r.submitted_by_name, city.users.reporterA.display_name);
    assert.equal(r.late, false);

    // Submitted: the reporter can no longer change it, not even to reopen it.
    const locked = r;
    expectError(await put(rep, A, WEEK, { progress: '再改', problems: '', submit: true, version: locked.version }), 409, undefined, 'reporter after submit');
    expectError(await put(rep, A, WEEK, { progress: '再改', problems: '', submit: false, version: locked.version }), 409, undefined, 'reporter reopening');
    const still = itemOf(await weekOf(admin), A);
    assert.equal(still.progress, '对接客商5家,签约1个');
    assert.equal(still.submitted, true);

    // The centre can change it and reopen it; then the reporter can edit again.
    const disp = city.clients.dispatcher;
    r = expectStatus(await put(disp, A, WEEK, { progress: still.progress, problems: '用地指标紧张(已协调)', submit: true, version: still.version }), 200, 'staff edit');
    assert.equal(r.submitted, true, 'still submitted');
    assert.equal(r.problems, '用地指标紧张(已协调)');
    r = expectStatus(await put(disp, A, WEEK, { progress: r.progress, problems: r.problems, submit: false, version: r.version }), 200, 'staff reopen');
    assert.equal(r.submitted, false);
    r = expectStatus(await put(rep, A, WEEK, { progress: '补充:新增线索2条', problems: '', submit: false, version: r.version }), 200, 'reporter after reopen');
    assert.equal(r.progress, '补充:新增线索2条');
  });

  test('who may write: a reporter only its unit (404 for another), a leader nobody\'s (403)', async () => {
    const A = city.units.A.id;
    const B = city.units.B.id;
    const n0 = countRows(server.db, 'weekly_reports');
    expectError(await put(city.clients.reporterA, B, 25, { progress: 'x', problems: '', submit: false, version: 0 }), 404, undefined, 'reporter A → B');
    expectError(await put(city.clients.leader, A, 25, { progress: 'x', problems: '', submit: false, version: 0 }), 403, undefined, 'leader');
    expectError(await put(admin, 999999, 25, { progress: 'x', problems: '', submit: false, version: 0 }), 404, undefined, 'unknown unit');
    assert.equal(countRows(server.db, 'weekly_reports'), n0);
    // The admin writes for any unit.
    expectStatus(await put(admin, B, 25, { progress: '代填', problems: '', submit: false, version: 0 }), 200, 'admin → B');
  });

  test('late units: past the deadline and not submitted; none before or on the deadline day', async () => {
    const A = city.units.A.id;
    const B = city.units.B.id;
    // Week 28: the deadline is today (Wednesday 2026-07-08); "late when today is after it".
    const cur = await weekOf(admin);
    assert.equal(cur.from, '2026-07-06');
    assert.equal(cur.to, '2026-07-12');
    assert.equal(cur.deadline, '2026-07-08');
    assert.deepEqual(cur.late_units, [], 'nobody is late on the deadline day');
    assert.ok(cur.items.every((x) => x.late === false));

    // Week 27: deadline 2026-07-01 has passed. Unit A submits (late, but submitted); B does not.
    let last = await weekOf(admin, LAST);
    assert.equal(last.deadline, '2026-07-01');
    assert.deepEqual(last.late_units.map((u) => u.unit_id).sort((a, b) => a - b), units.map((u) => u.id).sort((a, b) => a - b),
      'every unit is late before anyone submits');
    assert.ok(last.late_units.every((u) => u.unit_name === units.find((x) => x.id === u.unit_id).name));
    assert.ok(last.items.every((x) => x.late === true));
    // A saved but unsubmitted report is still late.
    const saved = expectStatus(await put(city.clients.reporterA, A, LAST, { progress: '草稿', problems: '', submit: false, version: 0 }), 200);
    assert.equal(saved.late, true, 'saved, not submitted: late');
    const sub = expectStatus(await put(city.clients.reporterA, A, LAST, { progress: '草稿', problems: '', submit: true, version: saved.version }), 200);
    assert.equal(sub.late, false, 'submitted: no longer late');
    last = await weekOf(admin, LAST);
    const lateIds = last.late_units.map((u) => u.unit_id);
    assert.ok(!lateIds.includes(A), 'A submitted');
    assert.ok(lateIds.includes(B), 'B still late');
    assert.equal(itemOf(last, A).late, false);
    assert.equal(itemOf(last, B).late, true);
    // A reporter's list: its own unit only, late_units too.
    const mine = await weekOf(city.clients.reporterB, LAST);
    assert.deepEqual(mine.late_units.map((u) => u.unit_id), [B]);
  });

  test('a week that has not begun → 422 field week; bad weeks → 400 naming the parameter', async () => {
    const A = city.units.A.id;
    const n0 = countRows(server.db, 'weekly_reports');
    expectError(await put(city.clients.reporterA, A, WEEK + 1, { progress: '提前填报', problems: '', submit: false, version: 0 }), 422, 'week', 'next week');
    expectError(await put(admin, A, 1, { progress: '明年', problems: '', submit: false, version: 0 }, 2027), 422, 'week', 'next year');
    expectError(await put(admin, A, 53, { progress: '', problems: '', submit: false, version: 0 }, 2025), 400, 'week', '2025 has 52 ISO weeks');
    expectError(await put(admin, A, 54, { progress: '', problems: '', submit: false, version: 0 }), [400, 404], undefined, 'week 54');
    expectError(await put(admin, A, 0, { progress: '', problems: '', submit: false, version: 0 }), [400, 404], undefined, 'week 0');
    expectError(await put(admin, A, 20, { progress: '长'.repeat(20001), problems: '', submit: false, version: 0 }), 422, 'progress', 'text over 20000');
    expectError(await put(admin, A, 20, { progress: '', problems: '', submit: 'yes', version: 0 }), 400, 'submit', 'submit type');
    expectError(await put(admin, A, 20, { progress: '', problems: '', submit: false, version: 0, colour: 1 }), 400, 'colour', 'unknown field');
    assert.equal(countRows(server.db, 'weekly_reports'), n0, 'nothing written');
    // Exactly 20000 characters is fine.
    expectStatus(await put(admin, A, 20, { progress: '长'.repeat(20000), problems: '', submit: false, version: 0 }), 200, '20000 characters');

    expectError(await admin.get(`/api/weekly-reports?year=${YEAR}&week=54`), 400, 'week', 'week=54');
    expectError(await admin.get(`/api/weekly-reports?year=${YEAR}&week=0`), 400, 'week', 'week=0');
    expectError(await admin.get(`/api/weekly-reports?year=${YEAR}`), 400, 'week', 'week missing');
    expectError(await admin.get(`/api/weekly-reports?week=${WEEK}`), 400, 'year', 'year missing');
    expectError(await admin.get('/api/weekly-reports?year=2025&week=53'), 400, 'week', '2025-W53 does not exist');
    // 2026 has 53 ISO weeks (it begins on a Thursday).
    const w53 = await weekOf(admin, 53);
    assert.equal(w53.from, '2026-12-28');
    assert.equal(w53.to, '2027-01-03');
  });

  test('activities: the unit\'s activities dated in the week, per kind', async () => {
    const A = city.units.A.id;
    const B = city.units.B.id;
    const act = async (unit, kind, date, over = {}) => {
      const body = { unit_id: unit, kind, date, end_date: null, title: '', leader: '', destination: '', place: '', company: '',
        companies: '', persons: 0, brochures: 0, enterprises_visited: 0, key_talks: 0, contacts: 0, follow_ups: 0, outcome: '',
        ...{ trip: { destination: '上海' }, visit: { company: '来访企业', persons: 2 }, exhibition: { title: '推介会', place: '合肥' } }[kind],
        ...over };
      return expectStatus(await admin.post('/api/activities', body), 201, `activity ${kind} ${date}`);
    };
    await act(A, 'trip', '2026-07-06'); // Monday: in week 28
    await act(A, 'trip', '2026-07-08');
    await act(A, 'visit', '2026-07-07');
    await act(A, 'exhibition', '2026-07-07', { end_date: '2026-07-08' });
    await act(A, 'trip', '2026-07-05'); // Sunday of week 27
    await act(B, 'visit', '2026-07-07');
    await act(B, 'visit', '2026-06-29'); // Monday of week 27

    const cur = await weekOf(admin);
    assert.deepEqual(itemOf(cur, A).activities, { trip: 2, visit: 1, exhibition: 1 });
    assert.deepEqual(itemOf(cur, B).activities, { trip: 0, visit: 1, exhibition: 0 });
    const last = await weekOf(admin, LAST);
    assert.deepEqual(itemOf(last, A).activities, { trip: 1, visit: 0, exhibition: 0 });
    assert.deepEqual(itemOf(last, B).activities, { trip: 0, visit: 1, exhibition: 0 });
    // The reporter's own view and the PUT answer carry the same counts.
    assert.deepEqual(itemOf(await weekOf(city.clients.reporterA), A).activities, { trip: 2, visit: 1, exhibition: 1 });
    const r = itemOf(cur, B);
    const saved = expectStatus(await put(city.clients.reporterB, B, WEEK, { progress: '接待客商1批', problems: '', submit: false, version: r.version }), 200);
    assert.deepEqual(saved.activities, { trip: 0, visit: 1, exhibition: 0 });
  });
});
