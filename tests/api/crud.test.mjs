// Projects, nodes and gates, reverse scheduling, problems, evidence files and investors through
// the API, as docs/api.md describes them.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  NODE_KEYS, addDays, countRows, createInvestor, createProject, expectError, expectStatus,
  expectUnchanged, getProject, isoDate, jpegBytes, lifecycle, listFiles, pdfBytes, pngBytes, problemBody,
  projectBody, putNode, reachNode, ruleFor, setupCity, startWithAdmin, uniq, updateProject, uploadFile,
} from './lib/server.mjs';
import { USCC_ALPHABET, makeUscc, usccCheckChar } from './lib/uscc.mjs';

let server;
let admin;
let city;

before(async () => {
  ({ server, admin } = await startWithAdmin());
  city = await setupCity(admin);
});
after(async () => { await server?.stop(); });

const ISO_TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

describe('reference data', () => {
  test('regions hold the provinces and cities the fixtures use', async () => {
    const r = expectStatus(await admin.get('/api/regions'), 200);
    const by = new Map(r.items.map((x) => [x.code, x]));
    assert.equal(r.total, r.items.length);
    for (const code of ['340000', '310000']) {
      assert.ok(by.has(code), `region ${code} missing`);
      assert.equal(by.get(code).parent, null, `${code} is a province`);
    }
    assert.equal(by.get('340100')?.parent, '340000', '340100 (合肥) is a city of 340000');
    assert.equal(by.get('310100')?.parent, '310000');
  });

  test('meta/lifecycle lists 11 nodes in order and 44 rules', async () => {
    const lc = await lifecycle(admin);
    assert.deepEqual([...lc.nodes].sort((a, b) => a.order - b.order).map((n) => n.key), NODE_KEYS);
    assert.deepEqual([...lc.categories].sort(), ['agriculture', 'industry', 'other', 'service']);
    assert.equal(lc.rules.length, 44);
    assert.ok(lc.evidence_kinds.some((k) => k.key === 'contract'), 'evidence kind contract');
    assert.equal(typeof lc.stalled_days, 'number');
  });

  test('industries: the whole GB/T 4754-2017 tree, flat', async () => {
    const r = expectStatus(await admin.get('/api/industries'), 200);
    assert.equal(r.total, r.items.length, 'not paged');
    const byLevel = (l) => r.items.filter((i) => i.level === l);
    assert.equal(byLevel(1).length, 20, '20 门类');
    assert.equal(byLevel(2).length, 97, '97 大类');
    assert.equal(byLevel(3).length, 473, '473 中类');
    assert.ok(byLevel(4).length > 1000, '小类');
    assert.ok(byLevel(1).every((i) => i.parent === null && /^[A-T]$/.test(i.code)));
    const codes = new Set(r.items.map((i) => i.code));
    assert.ok(r.items.filter((i) => i.level > 1).every((i) => codes.has(i.parent)), 'every parent exists');
    assert.equal(r.items.find((i) => i.code === 'C30')?.parent, 'C');
  });

  test('units are listed by sort_order; admin edits them with a version', async () => {
    const u = expectStatus(await admin.post('/api/units', { code: `UX${uniq()}`, name: `丙园区${uniq()}`, kind: 'park', sort_order: 0 }), 201);
    for (const k of ['id', 'code', 'name', 'kind', 'sort_order', 'version']) assert.ok(k in u, `Unit.${k}`);
    const list = expectStatus(await admin.get('/api/units'), 200);
    assert.equal(list.total, list.items.length);
    const orders = list.items.map((x) => x.sort_order);
    assert.deepEqual(orders, [...orders].sort((a, b) => a - b), 'sorted by sort_order');
    const upd = expectStatus(await admin.put(`/api/units/${u.id}`, { code: u.code, name: `${u.name}改`, kind: 'dev_zone', sort_order: 99, version: u.version }), 200);
    assert.equal(upd.kind, 'dev_zone');
    assert.ok(upd.version > u.version);
    const stale = await admin.put(`/api/units/${u.id}`, { code: u.code, name: 'x', kind: 'park', sort_order: 1, version: u.version });
    expectError(stale, 409);
    expectError(await admin.post('/api/units', { code: `UY${uniq()}`, name: 'y', kind: 'village', sort_order: 1 }), 422, 'kind');
  });

  test('lifecycle rules are data: an edited gate applies at once; bad rules are refused', async () => {
    const lc = expectStatus(await admin.get('/api/meta/lifecycle'), 200);
    const rule = ruleFor(lc, 'agriculture', 'negotiating');
    const body = { applies: true, required_fields: [...rule.required_fields, 'referrer'], required_evidence: rule.required_evidence,
      standard_days: 45 };
    const out = expectStatus(await admin.put('/api/meta/lifecycle/agriculture/negotiating', body), 200);
    assert.ok(out.required_fields.includes('referrer'));
    assert.equal(out.standard_days, 45);
    const again = ruleFor(expectStatus(await admin.get('/api/meta/lifecycle'), 200), 'agriculture', 'negotiating');
    assert.ok(again.required_fields.includes('referrer'), 'GET shows the edit');
    const p = await createProject(admin, { unit_id: city.units.A.id, category: 'agriculture' });
    const atLead = await reachNode(admin, p.id, 'lead', { investorId: city.investor.id, startDaysAgo: 20 });
    const err = expectError(await putNode(admin, atLead, 'negotiating', { actual_date: isoDate(-10) }), 422);
    assert.ok(err.details.some((d) => d.kind === 'field' && d.name === 'referrer'), `the new requirement is enforced: ${JSON.stringify(err.details)}`);
    for (const [bad, field] of [
      [{ ...body, required_fields: ['shoe_size'] }, 'required_fields'],
      [{ ...body, required_evidence: ['selfie'] }, 'required_evidence'],
      [{ ...body, standard_days: -1 }, 'standard_days'],
    ]) {
      const res = await expectUnchanged(server.db, () => admin.put('/api/meta/lifecycle/agriculture/negotiating', bad), field);
      expectError(res, 422, field);
    }
    const unknown = await admin.put('/api/meta/lifecycle/mining/lead', body);
    assert.ok([404, 422].includes(unknown.status), `unknown category: ${unknown.status}`);
  });

  test('meta/version and health', async () => {
    const v = expectStatus(await admin.get('/api/meta/version'), 200);
    assert.equal(v.name, 'zhaoshang');
    assert.equal(typeof v.version, 'string');
    assert.deepEqual(expectStatus(await admin.get('/api/health'), 200), { status: 'ok' });
  });
});

describe('projects', () => {
  test('create, read, update, delete', async () => {
    const body = {
      name: `招商测试项目${uniq()}`, investor_id: city.investor.id, unit_id: city.units.A.id, chain_id: null,
      industry_code: null, category: 'industry', emerging_industry: null, total_investment: 300_000_000,
      fixed_asset_investment: 100_000_000, land_area_mu: 12.5, leader_in_charge: '王副市长', referrer: '李某',
      introducing_unit: '招商中心', first_introducer: '赵某', is_key: true, terminated: false, termination_reason: '',
    };
    const created = await createProject(admin, body);
    for (const [k, v] of Object.entries(body)) {
      if (v === '' && created[k] === null) continue; // an empty string may come back as null
      assert.deepEqual(created[k], v, `field ${k} echoed`);
    }
    assert.equal(typeof created.id, 'number');
    assert.match(created.code, new RegExp(`^XM${new Date().getUTCFullYear()}\\d{4}$`), 'generated code XM{year}{seq:04}');
    assert.equal(typeof created.version, 'number');
    assert.equal(created.unit_name, city.units.A.name);
    assert.equal(created.investor_name, city.investor.name);
    assert.equal(created.out_of_province, false);
    assert.equal(created.stage, null);
    assert.equal(created.status, 'normal');
    assert.equal(created.signed_date, null);
    assert.equal(created.overdue_nodes, 0);
    assert.equal(created.open_problems, 0);
    assert.match(created.created_at, ISO_TS);
    assert.match(created.updated_at, ISO_TS);

    const got = await getProject(admin, created.id);
    assert.deepEqual(got.nodes.map((n) => n.node), NODE_KEYS, 'all 11 nodes in order');
    for (const n of got.nodes) {
      assert.deepEqual(Object.keys(n).sort(), ['actual_date', 'applies', 'missing_evidence', 'node', 'note', 'overdue', 'planned_date']);
      assert.equal(n.planned_date, null);
      assert.equal(n.actual_date, null);
      assert.equal(n.overdue, false);
      assert.deepEqual(n.missing_evidence, [], 'nothing is missing before a node is reached');
    }
    const nodesRows = countRows(server.db, 'project_nodes', `project_id = ${created.id}`);

    const updated = await updateProject(admin, got, { name: `${body.name}-改`, total_investment: 400_000_000 });
    assert.equal(updated.name, `${body.name}-改`);
    assert.equal(updated.total_investment, 400_000_000);
    assert.equal(updated.fixed_asset_investment, 100_000_000, 'other fields kept');
    assert.ok(updated.version > got.version, 'version grows');
    const reread = await getProject(admin, created.id);
    assert.equal(reread.name, `${body.name}-改`);
    assert.equal(reread.version, updated.version);

    // An explicit code is kept.
    const code = `ZS${uniq()}`;
    const withCode = await createProject(admin, { unit_id: city.units.A.id, code });
    assert.equal(withCode.code, code);

    // Delete takes nodes, problems and files with it.
    expectStatus(await admin.post(`/api/projects/${created.id}/problems`, problemBody()), 201);
    expectStatus(await uploadFile(admin, created.id), 201);
    expectStatus(await admin.del(`/api/projects/${created.id}`), 204);
    expectError(await admin.get(`/api/projects/${created.id}`), 404);
    expectError(await admin.del(`/api/projects/${created.id}`), 404);
    assert.equal(countRows(server.db, 'projects', `id = ${created.id}`), 0);
    assert.equal(countRows(server.db, 'project_nodes', `project_id = ${created.id}`), 0,
      `nodes deleted (had ${nodesRows})`);
    assert.equal(countRows(server.db, 'problems', `project_id = ${created.id}`), 0);
    assert.equal(countRows(server.db, 'evidence_files', `project_id = ${created.id}`), 0);
  });

  test('out_of_province follows the investor\'s province', async () => {
    const sh = await createInvestor(admin, { province_code: '310000' });
    assert.equal(sh.out_of_province, true);
    const p = await createProject(admin, { unit_id: city.units.A.id, investor_id: sh.id });
    assert.equal(p.out_of_province, true);
    const none = await createProject(admin, { unit_id: city.units.A.id });
    assert.equal(none.out_of_province, null, 'no investor → null');
  });

  test('list: filters, sort, paging', async () => {
    const tag = `筛选${uniq()}`;
    const A = city.units.A.id;
    const B = city.units.B.id;
    const p1 = await createProject(admin, { name: `${tag}-1`, unit_id: A, is_key: true, total_investment: 100 });
    const p2 = await createProject(admin, { name: `${tag}-2`, unit_id: A, total_investment: 300 });
    const p3 = await createProject(admin, { name: `${tag}-3`, unit_id: B, is_key: true, total_investment: 200 });
    const p4 = await createProject(admin, { name: `${tag}-4`, unit_id: B, total_investment: 50 });
    await reachNode(admin, p4.id, 'lead', { investorId: city.investor.id });
    const p5 = await createProject(admin, { name: `${tag}-5`, unit_id: A, total_investment: 0 });
    const signedDate = isoDate(-10);
    await reachNode(admin, p5.id, 'signed', { investorId: city.investor.id, lastDate: signedDate });
    const p6 = await createProject(admin, { name: `${tag}-6`, unit_id: B, total_investment: 250 });
    expectStatus(await putNode(admin, p6, 'lead', { planned_date: isoDate(-3) }), 200);

    const list = async (qs) => {
      const res = await admin.get(`/api/projects?q=${encodeURIComponent(tag)}&${qs}`);
      return expectStatus(res, 200, qs);
    };
    const names = (r) => r.items.map((i) => i.name).sort();
    const all = await list('page_size=50');
    assert.equal(all.total, 6);
    assert.equal(all.items.length, 6);
    for (const it of all.items) assert.equal(it.nodes, undefined, 'list items are summaries without nodes');

    assert.deepEqual(names(await list(`unit_id=${A}`)), [`${tag}-1`, `${tag}-2`, `${tag}-5`]);
    assert.deepEqual(names(await list('stage=lead')), [`${tag}-4`]);
    assert.deepEqual(names(await list('stage=signed')), [`${tag}-5`]);
    assert.deepEqual(names(await list('status=delayed')), [`${tag}-6`]);
    assert.deepEqual(names(await list('is_key=true')), [`${tag}-1`, `${tag}-3`]);
    assert.equal((await list('is_key=false')).total, 4);
    assert.deepEqual(names(await list(`signed_from=${signedDate}&signed_to=${signedDate}`)), [`${tag}-5`], 'range inclusive');
    assert.deepEqual(names(await list(`signed_from=${addDays(signedDate, -5)}&signed_to=${addDays(signedDate, 5)}`)), [`${tag}-5`]);
    assert.equal((await list(`signed_from=${addDays(signedDate, 1)}`)).total, 0);
    assert.equal((await list(`signed_to=${addDays(signedDate, -1)}`)).total, 0);
    assert.equal((await list(`unit_id=${B}&is_key=true`)).total, 1, 'filters combine');

    // ids: exactly those projects (drill-down); an empty list matches nothing.
    const byIds = expectStatus(await admin.get(`/api/projects?ids=${p1.id},${p3.id}&page_size=50`), 200);
    assert.deepEqual(byIds.items.map((i) => i.id).sort((a, b) => a - b), [p1.id, p3.id].sort((a, b) => a - b));
    assert.equal(expectStatus(await admin.get('/api/projects?ids='), 200).total, 0);
    expectError(await admin.get('/api/projects?ids=1,x'), 400, 'ids');
    // A reporter asking for another unit's ids gets none of them.
    const foreign = expectStatus(await city.clients.reporterA.get(`/api/projects?ids=${p3.id}`), 200);
    assert.equal(foreign.total, 0);

    // q matches the code too.
    const byCode = expectStatus(await admin.get(`/api/projects?q=${encodeURIComponent(p3.code)}`), 200);
    assert.ok(byCode.items.some((i) => i.id === p3.id), 'q matches code');

    // Reaching 签约 gave project 5 a total investment (the gate requires one).
    const p5Total = (await getProject(admin, p5.id)).total_investment;
    assert.ok(p5Total > 300, 'project 5 got its total investment when signed');
    const asc = await list('sort=total_investment&page_size=50');
    assert.deepEqual(asc.items.map((i) => i.total_investment), [50, 100, 200, 250, 300, p5Total]);
    const desc = await list('sort=-total_investment&page_size=50');
    assert.deepEqual(desc.items.map((i) => i.total_investment), [p5Total, 300, 250, 200, 100, 50]);
    assert.deepEqual(names(await list('category=industry')), [1, 2, 3, 4, 5, 6].map((n) => `${tag}-${n}`));
    assert.equal((await list('category=service')).total, 0);
    const ind = p5.industry_code ?? (await getProject(admin, p5.id)).industry_code;
    assert.ok(ind, 'p5 has an industry code (set for the prereview gate)');
    assert.deepEqual(names(await list(`industry_code=${ind.slice(0, 1)}`)), [`${tag}-5`], 'industry prefix: section letter');
    assert.deepEqual(names(await list(`industry_code=${ind.slice(0, 3)}`)), [`${tag}-5`], 'industry prefix: 3 characters');
    const bySigned = await list('sort=-signed_date');
    assert.equal(bySigned.total, 6);
    const byCodeSort = await list('sort=code&page_size=50');
    const codes = byCodeSort.items.map((i) => i.code);
    assert.deepEqual(codes, [...codes].sort(), 'sort=code');
    const byUpdated = await list('sort=-updated_at&page_size=50');
    const ups = byUpdated.items.map((i) => i.updated_at);
    assert.deepEqual(ups, [...ups].sort().reverse(), 'sort=-updated_at');
    const byName = await list('sort=name');
    assert.deepEqual(byName.items.map((i) => i.name), [1, 2, 3, 4, 5, 6].map((n) => `${tag}-${n}`));

    // Paging: total stays right, pages do not overlap.
    const pg1 = await list('sort=name&page=1&page_size=4');
    const pg2 = await list('sort=name&page=2&page_size=4');
    const pg3 = await list('sort=name&page=3&page_size=4');
    assert.equal(pg1.total, 6);
    assert.equal(pg2.total, 6);
    assert.equal(pg3.total, 6);
    assert.deepEqual(pg1.items.map((i) => i.name), [1, 2, 3, 4].map((n) => `${tag}-${n}`));
    assert.deepEqual(pg2.items.map((i) => i.name), [`${tag}-5`, `${tag}-6`]);
    assert.equal(pg3.items.length, 0);
    const dflt = expectStatus(await admin.get('/api/projects'), 200);
    assert.ok(dflt.items.length <= 20, 'default page_size 20');

    expectStatus(await admin.get(`/api/projects?q=${encodeURIComponent(tag)}&page_size=200`), 200, 'page_size 200 is allowed');
    expectError(await admin.get(`/api/projects?q=${encodeURIComponent(tag)}&page_size=201`), 400, 'page_size');
    expectError(await admin.get(`/api/projects?page_size=0`), [400, 422], 'page_size');
    expectError(await admin.get(`/api/projects?page=0`), [400, 422], 'page');
    void p2; void p1;
  });

  test('gate failure lists every missing item; fixing them passes', async () => {
    const lc = await lifecycle(admin);
    const rule = ruleFor(lc, 'industry', 'signed');
    const p = await createProject(admin, { unit_id: city.units.A.id });
    const signedOn = isoDate(-10);

    const res = await expectUnchanged(server.db, () => putNode(admin, p, 'signed', { actual_date: signedOn }), 'gate');
    const err = expectError(res, 422, undefined, 'signed on a bare project');
    assert.ok(Array.isArray(err.details), `details missing: ${res.text}`);
    const have = new Set(err.details.map((d) => `${d.kind}:${d.name}`));
    for (const d of err.details) {
      assert.ok(['field', 'evidence', 'order'].includes(d.kind), `detail kind ${d.kind}`);
      assert.ok(typeof d.message === 'string' && d.message.length > 0, 'detail message');
    }
    // The ones the domain names for 签约, and everything the rule itself lists.
    for (const want of ['field:investor_id', 'field:total_investment', 'evidence:contract', 'order:prereview']) {
      assert.ok(have.has(want), `gate details lack ${want}: ${JSON.stringify(err.details)}`);
    }
    for (const f of rule.required_fields) assert.ok(have.has(`field:${f}`), `details lack field ${f}`);
    for (const e of rule.required_evidence) assert.ok(have.has(`evidence:${e}`), `details lack evidence ${e}`);
    for (const n of rule.after) {
      if (ruleFor(lc, 'industry', n).applies) assert.ok(have.has(`order:${n}`), `details lack order ${n}`);
    }
    assert.equal((await getProject(admin, p.id)).version, p.version, 'nothing written');

    // Evidence first: it drops out of the list.
    for (const kind of rule.required_evidence) {
      expectStatus(await uploadFile(admin, p.id, { node: 'signed', kind, name: '合同.pdf' }), 201, `upload ${kind}`);
    }
    let cur = await getProject(admin, p.id);
    let again = expectError(await putNode(admin, cur, 'signed', { actual_date: signedOn }), 422);
    assert.ok(!again.details.some((d) => d.kind === 'evidence'), `evidence still listed: ${JSON.stringify(again.details)}`);
    assert.ok(again.details.some((d) => d.name === 'investor_id'));

    // Then the fields.
    const changes = {};
    for (const f of rule.required_fields) {
      changes[f] = { investor_id: city.investor.id, total_investment: 500_000_000, fixed_asset_investment: 100_000_000,
        land_area_mu: 30, leader_in_charge: '王副市长', referrer: '李某' }[f];
      if (changes[f] === undefined) delete changes[f];
    }
    cur = await updateProject(admin, cur, changes);
    if (Object.keys(changes).length === rule.required_fields.length) {
      again = expectError(await putNode(admin, cur, 'signed', { actual_date: signedOn }), 422);
      assert.ok(!again.details.some((d) => d.kind === 'field'), `fields still listed: ${JSON.stringify(again.details)}`);
      assert.ok(again.details.some((d) => d.kind === 'order' && d.name === 'prereview'));
    }

    // Then the earlier nodes (and anything else their own gates need).
    cur = await reachNode(admin, p.id, 'prereview', { investorId: city.investor.id, startDaysAgo: 40 });
    const ok = expectStatus(await putNode(admin, cur, 'signed', { actual_date: signedOn }), 200, 'signed after fixing');
    assert.equal(ok.stage, 'signed');
    assert.equal(ok.signed_date, signedOn);
    assert.ok(ok.version > cur.version);
    assert.equal(ok.nodes.find((n) => n.node === 'signed').actual_date, signedOn);
    const reread = await getProject(admin, p.id);
    assert.equal(reread.stage, 'signed');
    assert.equal(reread.signed_date, signedOn);
  });

  test('a node that does not apply to the category → 422 field node', async () => {
    const lc = await lifecycle(admin);
    const land = ruleFor(lc, 'other', 'land');
    // Make sure one rule does not apply (rules are data; admins edit them).
    expectStatus(await admin.put('/api/meta/lifecycle/other/land', {
      applies: false, required_fields: land.required_fields, required_evidence: land.required_evidence,
      standard_days: land.standard_days,
    }), 200, 'PUT rule other/land');
    const p = await createProject(admin, { unit_id: city.units.A.id, category: 'other' });
    const got = await getProject(admin, p.id);
    assert.equal(got.nodes.find((n) => n.node === 'land').applies, false);
    const res = await expectUnchanged(server.db, () => putNode(admin, p, 'land', { planned_date: isoDate(10) }));
    expectError(res, 422, 'node');
    expectError(await putNode(admin, p, 'nonsense', { planned_date: isoDate(10) }), [404, 422]);
  });

  test('overdue node → overdue true and status delayed', async () => {
    const p = await createProject(admin, { unit_id: city.units.A.id });
    let cur = expectStatus(await putNode(admin, p, 'lead', { planned_date: isoDate(-5), note: '应已完成' }), 200);
    let lead = cur.nodes.find((n) => n.node === 'lead');
    assert.equal(lead.planned_date, isoDate(-5));
    assert.equal(lead.note, '应已完成');
    assert.equal(lead.overdue, true);
    assert.equal(cur.status, 'delayed');
    assert.equal(cur.overdue_nodes, 1);
    const summary = expectStatus(await admin.get(`/api/projects?q=${encodeURIComponent(p.name)}`), 200).items[0];
    assert.equal(summary.status, 'delayed');
    assert.equal(summary.overdue_nodes, 1);

    // A planned date in the future is not overdue.
    cur = expectStatus(await putNode(admin, cur, 'lead', { planned_date: isoDate(5) }), 200);
    lead = cur.nodes.find((n) => n.node === 'lead');
    assert.equal(lead.overdue, false);
    assert.equal(cur.status, 'normal');
    assert.equal(cur.overdue_nodes, 0);

    // Past planned date but reached: not overdue.
    cur = expectStatus(await putNode(admin, cur, 'lead', { planned_date: isoDate(-5) }), 200);
    assert.equal(cur.status, 'delayed');
    cur = await reachNode(admin, p.id, 'lead', { investorId: city.investor.id, startDaysAgo: 3 });
    assert.equal(cur.nodes.find((n) => n.node === 'lead').overdue, false);
    assert.equal(cur.status, 'normal');
    assert.equal(cur.stage, 'lead');
  });

  test('no progress for stalled_days → stalled; full capacity reached → completed', async () => {
    const lc = await lifecycle(admin);
    const p = await createProject(admin, { unit_id: city.units.A.id });
    const stalled = await reachNode(admin, p.id, 'lead', { investorId: city.investor.id, startDaysAgo: lc.stalled_days + 10 });
    assert.equal(stalled.status, 'stalled');
    const q = await createProject(admin, { unit_id: city.units.A.id });
    const done = await reachNode(admin, q.id, 'full_capacity', { investorId: city.investor.id, startDaysAgo: 60 });
    assert.equal(done.stage, 'full_capacity');
    assert.equal(done.status, 'completed');
    assert.ok(done.nodes.every((n) => !n.applies || n.actual_date), 'every applicable node reached');
  });

  test('terminated project → status terminated', async () => {
    const p = await createProject(admin, { unit_id: city.units.A.id });
    const t = await updateProject(admin, p, { terminated: true, termination_reason: '投资方撤资' });
    assert.equal(t.status, 'terminated');
    assert.equal(t.termination_reason, '投资方撤资');
  });

  test('reverse scheduling fills the planned dates backwards by standard_days', async () => {
    const lc = await lifecycle(admin);
    const p = await createProject(admin, { unit_id: city.units.A.id });
    const withLead = await reachNode(admin, p.id, 'lead', { investorId: city.investor.id, startDaysAgo: 5 });
    const leadBefore = withLead.nodes.find((n) => n.node === 'lead');
    const target = isoDate(300);
    const res = await admin.post(`/api/projects/${p.id}/schedule`, { target_node: 'started', target_date: target, version: withLead.version });
    const out = expectStatus(res, 200, 'schedule');
    assert.ok(out.version > withLead.version);
    const by = new Map(out.nodes.map((n) => [n.node, n]));
    assert.equal(by.get('started').planned_date, target);
    // Walk back over the applicable nodes before the target that have no actual date.
    const ti = NODE_KEYS.indexOf('started');
    let next = 'started';
    let expected = target;
    for (let i = ti - 1; i >= 0; i--) {
      const n = NODE_KEYS[i];
      if (!ruleFor(lc, 'industry', n).applies) {
        assert.equal(by.get(n).planned_date, null, `${n} does not apply`);
        continue;
      }
      expected = addDays(expected, -ruleFor(lc, 'industry', next).standard_days);
      next = n;
      if (n === 'lead') {
        assert.equal(by.get(n).planned_date, leadBefore.planned_date, 'a reached node keeps its planned date');
        assert.equal(by.get(n).actual_date, leadBefore.actual_date);
      } else {
        assert.equal(by.get(n).planned_date, expected, `planned date of ${n}`);
      }
    }
    for (let i = ti + 1; i < NODE_KEYS.length; i++) {
      assert.equal(by.get(NODE_KEYS[i]).planned_date, null, `${NODE_KEYS[i]} after the target untouched`);
    }
    const reread = await getProject(admin, p.id);
    assert.deepEqual(reread.nodes, out.nodes);
    // A target already reached cannot be scheduled.
    expectError(await admin.post(`/api/projects/${p.id}/schedule`, { target_node: 'lead', target_date: target, version: out.version }), 422);
  });
});

describe('problems', () => {
  test('create, list, update, resolve, delete; overdue flag; open_problems count', async () => {
    const p = await createProject(admin, { unit_id: city.units.A.id });
    const late = expectStatus(await admin.post(`/api/projects/${p.id}/problems`, problemBody({ deadline: isoDate(-2) })), 201);
    for (const k of ['id', 'project_id', 'category', 'description', 'department', 'deadline', 'status', 'resolution', 'overdue', 'version', 'created_at']) {
      assert.ok(k in late, `Problem.${k}`);
    }
    assert.equal(late.project_id, p.id);
    assert.equal(late.category, 'land_quota');
    assert.equal(late.deadline, isoDate(-2));
    assert.equal(late.status, 'open');
    assert.equal(late.overdue, true);
    const soon = expectStatus(await admin.post(`/api/projects/${p.id}/problems`, problemBody({ deadline: isoDate(10), category: 'funding' })), 201);
    assert.equal(soon.overdue, false);
    const nodl = expectStatus(await admin.post(`/api/projects/${p.id}/problems`, problemBody({ deadline: null, category: 'other' })), 201);
    assert.equal(nodl.overdue, false);

    let list = expectStatus(await admin.get(`/api/projects/${p.id}/problems`), 200);
    assert.equal(list.total, 3);
    assert.equal((await getProject(admin, p.id)).open_problems, 3);

    // Resolving needs a resolution.
    const base = { category: late.category, description: late.description, department: late.department, deadline: late.deadline };
    const bad = await expectUnchanged(server.db, () => admin.put(`/api/projects/${p.id}/problems/${late.id}`,
      { ...base, status: 'resolved', resolution: '', version: late.version }));
    expectError(bad, 422, 'resolution');
    const resolved = expectStatus(await admin.put(`/api/projects/${p.id}/problems/${late.id}`,
      { ...base, status: 'resolved', resolution: '已协调解决用地指标', version: late.version }), 200);
    assert.equal(resolved.status, 'resolved');
    assert.equal(resolved.overdue, false, 'resolved is never overdue');
    assert.ok(resolved.version > late.version);
    assert.equal((await getProject(admin, p.id)).open_problems, 2);

    // Update text fields.
    const edited = expectStatus(await admin.put(`/api/projects/${p.id}/problems/${soon.id}`,
      { category: 'approval', description: '审批慢', department: '数据资源局', deadline: isoDate(-1), status: 'open', resolution: '', version: soon.version }), 200);
    assert.equal(edited.category, 'approval');
    assert.equal(edited.overdue, true);

    expectError(await admin.post(`/api/projects/${p.id}/problems`, problemBody({ category: 'weather' })), 422, 'category');
    expectError(await admin.post(`/api/projects/${p.id}/problems`, problemBody({ status: 'maybe' })), 422, 'status');

    expectStatus(await admin.del(`/api/projects/${p.id}/problems/${nodl.id}`), 204);
    list = expectStatus(await admin.get(`/api/projects/${p.id}/problems`), 200);
    assert.equal(list.total, 2);
    assert.ok(!list.items.some((x) => x.id === nodl.id));
    expectError(await admin.del(`/api/projects/${p.id}/problems/${nodl.id}`), 404);
    // A problem is reached only through its own project.
    const other = await createProject(admin, { unit_id: city.units.A.id });
    expectError(await admin.del(`/api/projects/${other.id}/problems/${soon.id}`), 404);
  });
});

describe('evidence files', () => {
  test('upload, list, download (same bytes, content type, disposition), delete', async () => {
    const p = await createProject(admin, { unit_id: city.units.A.id });
    const bytes = pdfBytes('crud');
    const before = listFiles(server.dataDir);
    const f = expectStatus(await uploadFile(admin, p.id, { bytes }), 201, 'upload');
    assert.equal(f.project_id, p.id);
    assert.equal(f.node, 'signed');
    assert.equal(f.kind, 'contract');
    assert.equal(f.name, '合同.pdf');
    assert.equal(f.content_type, 'application/pdf');
    assert.equal(f.size, bytes.length);
    assert.ok('uploaded_by' in f);
    assert.match(f.uploaded_at, ISO_TS);
    const after = listFiles(server.dataDir);
    const added = after.filter((x) => !before.includes(x));
    assert.equal(added.length, 1, `one file stored under the data folder (${added})`);
    assert.ok(fs.readFileSync(path.join(server.dataDir, added[0])).equals(bytes), 'stored bytes');
    assert.ok(!added[0].includes('合同'), 'stored under a generated name');

    const png = expectStatus(await uploadFile(admin, p.id, { node: 'started', kind: 'site_photo', name: '现场.png', contentType: 'image/png', bytes: pngBytes() }), 201);
    const jpg = expectStatus(await uploadFile(admin, p.id, { node: 'started', kind: 'site_photo', name: '现场.jpg', contentType: 'image/jpeg', bytes: jpegBytes() }), 201);

    const list = expectStatus(await admin.get(`/api/projects/${p.id}/files`), 200);
    assert.equal(list.total, 3);
    assert.deepEqual(list.items.map((x) => x.id).sort((a, b) => a - b), [f.id, png.id, jpg.id].sort((a, b) => a - b));

    const dl = await admin.get(`/api/projects/${p.id}/files/${f.id}`);
    assert.equal(dl.status, 200, `download: ${dl.status}`);
    assert.ok(dl.bytes.equals(bytes), 'downloaded bytes equal the upload');
    assert.match(dl.headers.get('content-type') ?? '', /^application\/pdf/);
    const cd = dl.headers.get('content-disposition') ?? '';
    assert.match(cd, /^attachment/, `Content-Disposition: ${cd}`);
    assert.ok(cd.includes("filename*=UTF-8''%E5%90%88%E5%90%8C.pdf"), `Content-Disposition: ${cd}`);
    const dlPng = await admin.get(`/api/projects/${p.id}/files/${png.id}`);
    assert.ok(dlPng.bytes.equals(pngBytes()));
    assert.match(dlPng.headers.get('content-type') ?? '', /^image\/png/);

    // A file is reached only through its own project.
    const other = await createProject(admin, { unit_id: city.units.A.id });
    expectError(await admin.get(`/api/projects/${other.id}/files/${f.id}`), 404);
    expectError(await admin.del(`/api/projects/${other.id}/files/${f.id}`), 404);

    expectStatus(await admin.del(`/api/projects/${p.id}/files/${f.id}`), 204);
    expectError(await admin.get(`/api/projects/${p.id}/files/${f.id}`), 404);
    const list2 = expectStatus(await admin.get(`/api/projects/${p.id}/files`), 200);
    assert.equal(list2.total, 2);
    assert.ok(!list2.items.some((x) => x.id === f.id));
  });

  test('docx and xlsx (zip) are accepted', async () => {
    const p = await createProject(admin, { unit_id: city.units.A.id });
    // A zip local header followed by the part name that tells the OOXML kinds apart.
    const zipWith = (part) => Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(26, 0), Buffer.from(part)]);
    const docx = zipWith('word/document.xml');
    const xlsx = zipWith('xl/workbook.xml');
    const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    expectStatus(await uploadFile(admin, p.id, { node: 'signed', kind: 'contract', name: '合同.docx',
      contentType: DOCX, bytes: docx }), 201, 'docx');
    expectStatus(await uploadFile(admin, p.id, { node: 'signed', kind: 'contract', name: '清单.xlsx',
      contentType: XLSX, bytes: xlsx }), 201, 'xlsx');
    // A spreadsheet declared as a Word document is refused.
    expectError(await uploadFile(admin, p.id, { node: 'signed', kind: 'contract', name: 'x.docx',
      contentType: DOCX, bytes: xlsx }), 422, 'file');
  });
});

// A USCC whose check digit is right but whose inner organisation code check is wrong.
function usccWithBadOrgCode() {
  for (let k = 0; k < 10; k++) {
    const body8 = `7${String(Date.now() % 1e7).padStart(7, '0')}`;
    const w = [3, 7, 9, 10, 5, 8, 4, 2];
    const sum = [...body8].reduce((s, ch, i) => s + Number(ch) * w[i], 0);
    const c = 11 - (sum % 11);
    const good = c === 10 ? 'X' : c === 11 ? '0' : String(c);
    const wrong = ['1', '2'].find((x) => x !== good);
    const first17 = `91340100${body8}${wrong}`;
    if ([...first17].every((ch) => USCC_ALPHABET.includes(ch))) return first17 + usccCheckChar(first17);
  }
  throw new Error('unreachable');
}

describe('investors', () => {
  test('create, read, update, list filters, delete', async () => {
    const name = `合肥测试制造${uniq()}有限公司`;
    const uscc = makeUscc();
    const inv = expectStatus(await admin.post('/api/investors', { name, uscc, province_code: '340000', city_code: null, tags: ['private', 'listed'] }), 201);
    assert.equal(inv.name, name);
    assert.equal(inv.uscc, uscc);
    assert.equal(inv.province_code, '340000');
    assert.ok(inv.province_name && inv.province_name.includes('安徽'), `province_name ${inv.province_name}`);
    assert.equal(inv.city_code, null);
    assert.deepEqual([...inv.tags].sort(), ['listed', 'private']);
    assert.equal(inv.out_of_province, false);
    assert.deepEqual(inv.warnings, []);
    assert.equal(typeof inv.version, 'number');
    assert.ok('created_by_unit_id' in inv);

    const got = expectStatus(await admin.get(`/api/investors/${inv.id}`), 200);
    assert.equal(got.uscc, uscc);

    const upd = expectStatus(await admin.put(`/api/investors/${inv.id}`, { name: `${name}（更名）`, uscc, province_code: '340000', city_code: null, tags: ['state_owned'], version: inv.version }), 200);
    assert.equal(upd.name, `${name}（更名）`);
    assert.deepEqual(upd.tags, ['state_owned']);
    assert.ok(upd.version > inv.version);

    const sh = await createInvestor(admin, { name: `上海测试${uniq()}集团`, province_code: '310000', tags: ['foreign'] });
    const ids = async (qs) => expectStatus(await admin.get(`/api/investors?${qs}`), 200).items.map((x) => x.id);
    assert.ok((await ids(`q=${encodeURIComponent('（更名）')}`)).includes(inv.id), 'q by name');
    assert.ok((await ids(`q=${uscc.slice(4, 14)}`)).includes(inv.id), 'q by uscc');
    const outs = await ids('out_of_province=true&page_size=200');
    assert.ok(outs.includes(sh.id) && !outs.includes(inv.id), 'out_of_province=true');
    const ins = await ids('out_of_province=false&page_size=200');
    assert.ok(ins.includes(inv.id) && !ins.includes(sh.id), 'out_of_province=false');
    const foreign = await ids('tag=foreign&page_size=200');
    assert.ok(foreign.includes(sh.id) && !foreign.includes(inv.id), 'tag filter');

    expectStatus(await admin.del(`/api/investors/${sh.id}`), 204);
    expectError(await admin.get(`/api/investors/${sh.id}`), 404);
  });

  test('province and city: names joined, the city must belong to the province', async () => {
    const hf = expectStatus(await admin.post('/api/investors', { name: `合肥${uniq()}公司`, uscc: makeUscc(), province_code: '340000', city_code: '340100', tags: [] }), 201, 'investor in 340000/340100');
    assert.equal(hf.city_code, '340100');
    assert.ok(hf.city_name && hf.city_name.includes('合肥'), `city_name ${hf.city_name}`);
    assert.equal(hf.out_of_province, false);
    const sh = expectStatus(await admin.post('/api/investors', { name: `上海${uniq()}公司`, uscc: makeUscc('310115'), province_code: '310000', city_code: '310100', tags: [] }), 201, 'investor in 310000/310100');
    assert.equal(sh.out_of_province, true);
    assert.ok(sh.province_name && sh.province_name.includes('上海'), `province_name ${sh.province_name}`);
    expectError(await admin.post('/api/investors', { name: 'y公司', uscc: makeUscc(), province_code: '340000', city_code: '310100', tags: [] }), 422, 'city_code');
    expectError(await admin.post('/api/investors', { name: 'w公司', uscc: makeUscc(), province_code: '340000', city_code: '349900', tags: [] }), 422, 'city_code');
  });

  test('USCC: bad check digit 422, organisation-code warning, duplicate 409', async () => {
    const bad = await expectUnchanged(server.db, () => admin.post('/api/investors',
      { name: '错误代码公司', uscc: '91350100M000100Y4Z', province_code: '340000', city_code: null, tags: [] }));
    expectError(bad, 422, 'uscc');
    const warn = expectStatus(await admin.post('/api/investors',
      { name: `警告${uniq()}公司`, uscc: usccWithBadOrgCode(), province_code: '340000', city_code: null, tags: [] }), 201);
    assert.ok(Array.isArray(warn.warnings) && warn.warnings.length > 0, 'organisation code check gives a warning');
    const dup = await expectUnchanged(server.db, () => admin.post('/api/investors',
      { name: '重复公司', uscc: warn.uscc, province_code: '340000', city_code: null, tags: [] }));
    expectError(dup, 409, 'uscc');
    expectError(await admin.post('/api/investors', { name: 'x公司', uscc: makeUscc(), province_code: '990000', city_code: null, tags: [] }), 422, 'province_code');
    expectError(await admin.post('/api/investors', { name: 'z公司', uscc: makeUscc(), province_code: '340000', city_code: null, tags: ['unicorn'] }), 422, 'tags');
  });

  test('an investor in use cannot be deleted (409)', async () => {
    const inv = await createInvestor(admin);
    const p = await createProject(admin, { unit_id: city.units.A.id, investor_id: inv.id });
    const res = await expectUnchanged(server.db, () => admin.del(`/api/investors/${inv.id}`));
    expectError(res, 409);
    expectStatus(await admin.get(`/api/investors/${inv.id}`), 200);
    // Once the project lets go of it, it can go.
    await updateProject(admin, await getProject(admin, p.id), { investor_id: null });
    expectStatus(await admin.del(`/api/investors/${inv.id}`), 204);
  });

  test('a project cannot point at an unknown investor, unit, chain or industry (422)', async () => {
    for (const [k, v] of [['investor_id', 99999999], ['unit_id', 99999999], ['chain_id', 99999999], ['industry_code', 'Z9999']]) {
      const res = await expectUnchanged(server.db,
        () => admin.post('/api/projects', projectBody({ unit_id: city.units.A.id, [k]: v })), k);
      expectError(res, 422, k, `unknown ${k}`);
    }
  });
});

describe('object shapes (every documented key present)', () => {
  const SHAPES = {
    User: ['id', 'username', 'display_name', 'role', 'unit_id', 'unit_name', 'disabled', 'permissions'],
    Unit: ['id', 'code', 'name', 'kind', 'sort_order', 'version'],
    Investor: ['id', 'name', 'uscc', 'province_code', 'province_name', 'city_code', 'city_name', 'tags', 'out_of_province',
      'created_by_unit_id', 'version', 'warnings'],
    Project: ['code', 'name', 'investor_id', 'unit_id', 'chain_id', 'industry_code', 'category', 'emerging_industry',
      'total_investment', 'fixed_asset_investment', 'land_area_mu', 'leader_in_charge', 'referrer', 'introducing_unit',
      'first_introducer', 'is_key', 'terminated', 'termination_reason', 'id', 'investor_name', 'unit_name', 'chain_name',
      'industry_name', 'out_of_province', 'stage', 'status', 'signed_date', 'overdue_nodes', 'open_problems', 'version',
      'created_at', 'updated_at'],
    Problem: ['id', 'project_id', 'category', 'description', 'department', 'deadline', 'status', 'resolution', 'overdue',
      'version', 'created_at'],
    File: ['id', 'project_id', 'node', 'kind', 'name', 'content_type', 'size', 'uploaded_by', 'uploaded_at'],
    Audit: ['id', 'user_id', 'username', 'at', 'entity', 'entity_id', 'action', 'before', 'after'],
    Lifecycle: ['nodes', 'categories', 'fields', 'evidence_kinds', 'stalled_days', 'rules'],
    Rule: ['category', 'node', 'applies', 'required_fields', 'required_evidence', 'after', 'standard_days'],
  };
  const has = (name, obj) => {
    const missing = SHAPES[name].filter((k) => !(obj && k in obj));
    assert.deepEqual(missing, [], `${name} lacks ${missing}`);
  };

  test('User, Unit, Investor, Project, Problem, File, Audit, Lifecycle', async () => {
    has('User', expectStatus(await admin.get('/api/auth/me'), 200));
    const users = expectStatus(await admin.get('/api/users'), 200);
    for (const u of users.items) { has('User', u); assert.equal(typeof u.version, 'number'); }
    has('Unit', expectStatus(await admin.get('/api/units'), 200).items[0]);
    has('Investor', expectStatus(await admin.get(`/api/investors/${city.investor.id}`), 200));
    const p = await getProject(admin, city.projects.A.id);
    has('Project', p);
    const summary = expectStatus(await admin.get('/api/projects'), 200).items[0];
    has('Project', summary);
    assert.equal('nodes' in summary, false, 'a summary has no nodes');
    has('Problem', expectStatus(await admin.post(`/api/projects/${p.id}/problems`, problemBody()), 201));
    has('File', expectStatus(await uploadFile(admin, p.id), 201));
    has('Audit', expectStatus(await admin.get(`/api/projects/${p.id}/audit`), 200).items[0]);
    const lc = await lifecycle(admin);
    has('Lifecycle', lc);
    for (const r of lc.rules) has('Rule', r);
    for (const k of lc.evidence_kinds) assert.ok(k.key && k.name_zh && k.name_en, `evidence kind ${JSON.stringify(k)}`);
  });
});
