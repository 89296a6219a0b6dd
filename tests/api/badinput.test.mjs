// Bad input is refused with the right status and field, and a refused write changes nothing:
// every case below also checks the row counts of the business tables (and, for uploads, the
// files under the data folder) before and after.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  createProject, sql, editable, expectError, expectStatus, expectUnchanged, getProject, isoDate, listFiles, pdfBytes,
  pngBytes, problemBody, projectBody, putNode, rawRequest, reachNode, setupCity, startWithAdmin, uploadFile,
  writeHeaders,
} from './lib/server.mjs';
import { makeBadUscc, makeUscc } from './lib/uscc.mjs';

let server;
let admin;
let city;
let project; // an existing project of unit A for PUT cases
let pristine; // its stored form before any rejected PUT

before(async () => {
  ({ server, admin } = await startWithAdmin());
  city = await setupCity(admin);
  project = await createProject(admin, { unit_id: city.units.A.id, total_investment: 1000 });
  pristine = { api: await getProject(admin, project.id), row: sql(server.db, `SELECT * FROM projects WHERE id = ${project.id}`) };
});
after(async () => { await server?.stop(); });

const body = (over = {}) => projectBody({ unit_id: city.units.A.id, ...over });

/** POSTs a raw text body as JSON; asserts the error and that nothing changed. */
async function rejectRaw(method, p, text, status, field, what) {
  const res = await expectUnchanged(server.db, () => admin.request(method, p, { body: text, contentType: 'application/json' }), what);
  return expectError(res, status, field, what);
}
async function rejectJson(method, p, json, status, field, what) {
  const res = await expectUnchanged(server.db, () => admin.request(method, p, { json }), what);
  return expectError(res, status, field, what);
}

describe('malformed bodies', () => {
  test('malformed JSON, arrays and scalars → 400', async () => {
    for (const [what, text] of [
      ['truncated', '{"name":'],
      ['garbage', 'not json at all'],
      ['trailing garbage', `${JSON.stringify(body())}xyz`],
      ['array', JSON.stringify([body()])],
      ['string', '"项目"'],
      ['number', '42'],
      ['null', 'null'],
      ['empty', ''],
      ['invalid UTF-8', Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xff, 0xfe]), Buffer.from('","unit_id":1,"category":"industry"}')])],
    ]) {
      await rejectRaw('POST', '/api/projects', text, 400, undefined, `POST ${what}`);
      await rejectRaw('PUT', `/api/projects/${project.id}`, text, 400, undefined, `PUT ${what}`);
    }
    await rejectRaw('POST', '/api/investors', '[1,2]', 400, undefined, 'investor array');
    await rejectRaw('POST', `/api/projects/${project.id}/problems`, '{', 400, undefined, 'problem malformed');
    await rejectRaw('PUT', `/api/projects/${project.id}/nodes/lead`, '[]', 400, undefined, 'node array');
  });

  test('wrong types → 400 naming the field', async () => {
    for (const [field, value] of [
      ['name', 5], ['total_investment', 'x'], ['total_investment', '100'], ['is_key', 'yes'], ['unit_id', String(city.units.A.id)],
      ['land_area_mu', '12.5'], ['terminated', 1], ['category', 3], ['leader_in_charge', ['a']],
      ['code', { a: 1 }], ['chain_id', true],
    ]) {
      await rejectJson('POST', '/api/projects', body({ [field]: value }), 400, field, `${field}=${JSON.stringify(value)}`);
    }
    await rejectJson('POST', '/api/projects', body({ name: null }), [400, 422], 'name', 'name=null');
    // A fractional id is a wrong type or an invalid value.
    await rejectJson('POST', '/api/projects', body({ investor_id: 1.5 }), [400, 422], 'investor_id', 'investor_id=1.5');
    await rejectJson('PUT', `/api/projects/${project.id}`, editable(project, { total_investment: 'x' }), 400, 'total_investment', 'PUT wrong type');
    await rejectJson('PUT', `/api/projects/${project.id}`, editable(project, { version: 'one' }), 400, 'version', 'version type');
    await rejectJson('POST', '/api/investors', { name: 'x', uscc: 91, province_code: '340000', city_code: null, tags: [] }, 400, 'uscc', 'uscc type');
    await rejectJson('POST', '/api/investors', { name: 'x', uscc: makeUscc(), province_code: '340000', city_code: null, tags: 'private' }, 400, 'tags', 'tags type');
    await rejectJson('PUT', `/api/projects/${project.id}/nodes/lead`, { planned_date: 20260101, actual_date: null, note: '', version: project.version }, 400, 'planned_date', 'date type');
  });

  test('unknown field → 400 naming it', async () => {
    await rejectJson('POST', '/api/projects', { ...body(), colour: 'red' }, 400, 'colour', 'project');
    await rejectJson('POST', '/api/projects', { ...body(), stage: 'signed' }, 400, 'stage', 'derived field is not editable');
    await rejectJson('PUT', `/api/projects/${project.id}`, { ...editable(project), id: 99 }, 400, 'id', 'id in PUT');
    await rejectJson('POST', '/api/investors', { name: 'x', uscc: makeUscc(), province_code: '340000', city_code: null, tags: [], rating: 5 }, 400, 'rating', 'investor');
    await rejectJson('POST', `/api/projects/${project.id}/problems`, { ...problemBody(), owner: 'x' }, 400, 'owner', 'problem');
    await rejectJson('PUT', `/api/projects/${project.id}/nodes/lead`, { planned_date: null, actual_date: null, note: '', version: project.version, overdue: true }, 400, 'overdue', 'node');
    await rejectJson('POST', '/api/users', { username: 'x_unknown', display_name: 'x', role: 'leader', unit_id: null, password: 'Zs-test-Pass-2026!', is_root: true }, 400, 'is_root', 'user');
  });

  test('a JSON body over 1 MiB → 413', async () => {
    const big = Buffer.from(JSON.stringify(body({ name: 'x'.repeat(2 * 1024 * 1024) })));
    const res = await expectUnchanged(server.db, () => rawRequest(server.baseUrl, 'POST', '/api/projects',
      { headers: writeHeaders(admin, { 'Content-Type': 'application/json' }), body: big }), 'big JSON');
    assert.equal(res.status, 413, `expected 413, got ${res.status} ${res.text.slice(0, 300)}`);
    expectStatus(await admin.get('/api/health'), 200, 'server still fine');
  });
});

describe('invalid values → 422 naming the field', () => {
  test('USCC, names, categories', async () => {
    await rejectJson('POST', '/api/investors', { name: '错误', uscc: makeBadUscc(), province_code: '340000', city_code: null, tags: [] }, 422, 'uscc', 'check digit');
    await rejectJson('POST', '/api/investors', { name: '错误', uscc: '9134010012345678', province_code: '340000', city_code: null, tags: [] }, 422, 'uscc', 'short');
    await rejectJson('POST', '/api/investors', { name: '错误', uscc: '91340100MA2NXXXXIO', province_code: '340000', city_code: null, tags: [] }, 422, 'uscc', 'letters I/O');
    await rejectJson('POST', '/api/investors', { name: '', uscc: makeUscc(), province_code: '340000', city_code: null, tags: [] }, 422, 'name', 'empty investor name');
    await rejectJson('POST', '/api/projects', body({ name: '' }), 422, 'name', 'empty name');
    await rejectJson('POST', '/api/projects', body({ name: '   ' }), 422, 'name', 'blank name');
    await rejectJson('POST', '/api/projects', body({ category: 'mining' }), 422, 'category', 'category');
    await rejectJson('POST', '/api/projects', body({ industry_code: 'C' }), 422, 'industry_code', 'level-1 industry code');
    const { name: _n, ...noName } = body();
    const res = await expectUnchanged(server.db, () => admin.post('/api/projects', noName), 'missing name');
    expectError(res, [400, 422], 'name', 'missing name');
  });

  test('money: negative, over 10^15, overflow, fractions', async () => {
    await rejectJson('POST', '/api/projects', body({ total_investment: -1 }), 422, 'total_investment', 'negative');
    await rejectJson('POST', '/api/projects', body({ total_investment: 1e15 + 1 }), 422, 'total_investment', '> 10^15');
    await rejectJson('POST', '/api/projects', body({ fixed_asset_investment: -5 }), 422, 'fixed_asset_investment', 'negative fixed');
    for (const raw of ['1e20', '100000000000000000000', '9223372036854775808', '18446744073709551616', '1.5', '-9223372036854775809']) {
      const text = JSON.stringify(body({ total_investment: 0 })).replace('"total_investment":0', `"total_investment":${raw}`);
      const res = await expectUnchanged(server.db, () => admin.request('POST', '/api/projects', { body: text, contentType: 'application/json' }), raw);
      expectError(res, [400, 422], 'total_investment', `total_investment ${raw}`);
    }
    const ok = await createProject(admin, { unit_id: city.units.A.id, total_investment: 1e15, fixed_asset_investment: 1e15 });
    assert.equal(ok.total_investment, 1e15, '10^15 is allowed and exact');
  });

  test('fixed asset investment above the total → 422', async () => {
    await rejectJson('POST', '/api/projects', body({ total_investment: 100, fixed_asset_investment: 101 }), 422, 'fixed_asset_investment', 'create');
    await rejectJson('PUT', `/api/projects/${project.id}`, editable(project, { fixed_asset_investment: 1001 }), 422, 'fixed_asset_investment', 'update');
  });

  test('land: negative or more than 2 decimals → 422', async () => {
    await rejectJson('POST', '/api/projects', body({ land_area_mu: -1 }), 422, 'land_area_mu', 'negative');
    await rejectJson('POST', '/api/projects', body({ land_area_mu: 12.345 }), 422, 'land_area_mu', '3 decimals');
    const ok = await createProject(admin, { unit_id: city.units.A.id, land_area_mu: 12.34 });
    assert.equal(ok.land_area_mu, 12.34);
  });

  test('terminated without a reason → 422 termination_reason', async () => {
    await rejectJson('POST', '/api/projects', body({ terminated: true, termination_reason: '' }), 422, 'termination_reason', 'create');
    await rejectJson('PUT', `/api/projects/${project.id}`, editable(project, { terminated: true, termination_reason: '  ' }), 422, 'termination_reason', 'update');
    await rejectJson('PUT', `/api/projects/${project.id}`, editable(project, { terminated: true, termination_reason: null }), [400, 422], 'termination_reason', 'null reason');
  });

  test('a reporter may not put a project in another unit', async () => {
    const rep = city.clients.reporterA;
    const res = await expectUnchanged(server.db, () => rep.post('/api/projects', body({ unit_id: city.units.B.id })), 'other unit');
    expectError(res, [403, 422], undefined, 'reporter creating in unit B');
    const mine = await createProject(rep, { unit_id: city.units.A.id });
    const res2 = await expectUnchanged(server.db, () => rep.put(`/api/projects/${mine.id}`, editable(mine, { unit_id: city.units.B.id })), 'move');
    expectError(res2, [403, 422], undefined, 'reporter moving its project to unit B');
    assert.equal((await getProject(admin, mine.id)).unit_id, city.units.A.id);
  });
});

describe('dates', () => {
  test('an actual date in the future → 422 field actual_date', async () => {
    const p = await createProject(admin, { unit_id: city.units.A.id });
    const res = await expectUnchanged(server.db, () => putNode(admin, p, 'lead', { actual_date: isoDate(3) }), 'future');
    expectError(res, 422, 'actual_date');
    assert.equal((await getProject(admin, p.id)).nodes[0].actual_date, null);
  });

  test('dates out of order (signed before prereview) → 422', async () => {
    const p = await createProject(admin, { unit_id: city.units.A.id });
    const atPre = await reachNode(admin, p.id, 'prereview', { investorId: city.investor.id, startDaysAgo: 30 });
    const preDate = atPre.nodes.find((n) => n.node === 'prereview').actual_date;
    expectStatus(await admin.put(`/api/projects/${p.id}`, editable(atPre, { investor_id: city.investor.id, total_investment: 500_000_000 })), 200);
    expectStatus(await uploadFile(admin, p.id), 201);
    const cur = await getProject(admin, p.id);
    const d = new Date(`${preDate}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() - 1);
    const early = d.toISOString().slice(0, 10);
    const res = await expectUnchanged(server.db, () => putNode(admin, cur, 'signed', { actual_date: early }), 'out of order');
    const err = expectError(res, 422);
    const named = err.field === 'actual_date' || (err.details ?? []).some((x) => x.kind === 'order' && x.name === 'prereview');
    assert.ok(named, `out-of-order error names actual_date or order:prereview: ${JSON.stringify(err)}`);
    // The same date as prereview is fine.
    expectStatus(await putNode(admin, cur, 'signed', { actual_date: preDate }), 200);
  });

  test('invalid date strings → 4xx naming the field', async () => {
    const p = await createProject(admin, { unit_id: city.units.A.id });
    for (const bad of ['2026-02-30', '2026-13-01', '2026-1-5', '26-01-05', '2026-02-28T00:00:00Z', '', '明天', '2026-00-10']) {
      const res = await expectUnchanged(server.db, () => putNode(admin, p, 'lead', { planned_date: bad }), bad);
      expectError(res, [400, 422], 'planned_date', `planned_date "${bad}"`);
    }
    const res = await expectUnchanged(server.db, () => admin.post(`/api/projects/${p.id}/problems`, problemBody({ deadline: '2026-02-30' })), 'deadline');
    expectError(res, [400, 422], 'deadline', 'problem deadline');
    // 2028-02-29 is a real date.
    expectStatus(await putNode(admin, p, 'lead', { planned_date: '2028-02-29' }), 200);
  });

  test('bad query parameters', async () => {
    for (const qs of ['page_size=201', 'page_size=abc', 'page=-1', 'is_key=maybe', 'signed_from=2026-02-30', 'unit_id=x']) {
      const res = await admin.get(`/api/projects?${qs}`);
      assert.ok([400, 422].includes(res.status), `${qs}: ${res.status}`);
    }
    const res = await admin.get('/api/projects/abc');
    assert.ok([400, 404].includes(res.status), `non-numeric id: ${res.status}`);
    expectError(await admin.get('/api/projects/99999999'), 404);
  });
});

describe('uploads', () => {
  const outsideFiles = () => {
    // Everything in the server's temporary folder except the data folder and the database.
    const all = [];
    const walk = (d) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const full = path.join(d, e.name);
        if (full === server.dataDir) continue;
        if (e.isDirectory()) walk(full); else all.push(full);
      }
    };
    walk(server.tmpDir);
    return all.filter((f) => !path.basename(f).startsWith('zs.db')).sort();
  };

  test('a path in the name is only a label: nothing is written outside the data folder', async () => {
    const p = await createProject(admin, { unit_id: city.units.A.id });
    const outside0 = outsideFiles();
    const inside0 = listFiles(server.dataDir);
    const targets = [path.join(os.tmpdir(), 'etc', 'passwd'), path.join(server.tmpDir, 'etc', 'passwd'),
      path.join(server.tmpDir, 'passwd'), path.join(server.dataDir, 'passwd')];
    const existed = targets.map((t) => fs.existsSync(t));
    for (const name of ['../../etc/passwd', '../passwd', '..\\..\\passwd', '/etc/passwd', 'a/../../../passwd']) {
      const res = await uploadFile(admin, p.id, { name, bytes: pdfBytes(name) });
      if (res.status === 201) {
        assert.equal(res.body.name.includes('\0'), false);
        const dl = await admin.get(`/api/projects/${p.id}/files/${res.body.id}`);
        assert.equal(dl.status, 200);
        assert.ok(dl.bytes.equals(pdfBytes(name)));
        const cd = dl.headers.get('content-disposition') ?? '';
        assert.ok(!/filename\*=UTF-8''[^;]*\//.test(cd), `a raw / in filename*: ${cd}`);
      } else {
        expectError(res, [400, 422], undefined, `name ${name}`);
      }
    }
    assert.deepEqual(outsideFiles(), outside0, 'no file written outside the data folder');
    targets.forEach((t, i) => assert.equal(fs.existsSync(t), existed[i], `${t} untouched`));
    const inside = listFiles(server.dataDir).filter((f) => !inside0.includes(f));
    for (const f of inside) assert.ok(!f.includes('passwd'), `stored under a generated name, not ${f}`);
  });

  test('a name with CR/LF cannot inject headers into the download', async () => {
    const p = await createProject(admin, { unit_id: city.units.A.id });
    const name = 'a\r\nSet-Cookie: zs_session=evil\r\n.pdf';
    const res = await uploadFile(admin, p.id, { name });
    if (res.status === 201) {
      const dl = await admin.get(`/api/projects/${p.id}/files/${res.body.id}`);
      assert.equal(dl.status, 200);
      assert.ok(!dl.setCookies.some((c) => c.includes('evil')), 'injected Set-Cookie');
    } else {
      expectError(res, [400, 422]);
    }
  });

  test('content that does not match the type, unknown types, bad node/kind → 4xx, nothing stored', async () => {
    const p = await createProject(admin, { unit_id: city.units.A.id });
    const cases = [
      ['PNG bytes as PDF', { contentType: 'application/pdf', bytes: pngBytes() }],
      ['text as PDF', { contentType: 'application/pdf', bytes: Buffer.from('hello, this is not a pdf') }],
      ['PDF as PNG', { contentType: 'image/png', bytes: pdfBytes() }],
      ['PDF as JPEG', { contentType: 'image/jpeg', bytes: pdfBytes() }],
      ['PDF as docx', { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', bytes: pdfBytes() }],
      ['text/plain', { contentType: 'text/plain', bytes: Buffer.from('plain text') }],
      ['text/html', { contentType: 'text/html', bytes: Buffer.from('<script>alert(1)</script>') }],
      ['svg', { contentType: 'image/svg+xml', bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>') }],
      ['octet-stream', { contentType: 'application/octet-stream', bytes: pdfBytes() }],
      ['empty body', { contentType: 'application/pdf', bytes: Buffer.alloc(0) }],
      ['unknown node', { node: 'moon', bytes: pdfBytes() }],
      ['unknown kind', { kind: 'selfie', bytes: pdfBytes() }],
      ['empty name', { name: '', bytes: pdfBytes() }],
    ];
    for (const [what, opts] of cases) {
      const files0 = listFiles(server.dataDir);
      const res = await expectUnchanged(server.db, () => uploadFile(admin, p.id, opts), what);
      assert.ok(res.status >= 400 && res.status < 500, `${what}: expected 4xx, got ${res.status} ${res.text.slice(0, 200)}`);
      assert.deepEqual(listFiles(server.dataDir), files0, `${what}: no file left in the data folder`);
    }
    const noQuery = await expectUnchanged(server.db, () => admin.request('POST', `/api/projects/${p.id}/files`,
      { body: pdfBytes(), contentType: 'application/pdf' }), 'no query');
    assert.ok(noQuery.status >= 400 && noQuery.status < 500, `no node/kind/name: ${noQuery.status}`);
  });

  test('an upload over 20 MiB → 413; exactly 20 MiB is accepted', async () => {
    const p = await createProject(admin, { unit_id: city.units.A.id });
    const head = pdfBytes('big');
    const over = Buffer.concat([head, Buffer.alloc(20 * 1024 * 1024 + 1 - head.length, 0x20)]);
    const files0 = listFiles(server.dataDir);
    const q = new URLSearchParams({ node: 'signed', kind: 'contract', name: '大文件.pdf' }).toString();
    const res = await expectUnchanged(server.db, () => rawRequest(server.baseUrl, 'POST', `/api/projects/${p.id}/files?${q}`,
      { headers: writeHeaders(admin, { 'Content-Type': 'application/pdf' }), body: over }), 'over 20 MiB');
    assert.equal(res.status, 413, `expected 413, got ${res.status} ${res.text.slice(0, 200)}`);
    assert.deepEqual(listFiles(server.dataDir), files0, 'nothing left in the data folder');
    const exact = over.subarray(0, 20 * 1024 * 1024);
    const ok = await rawRequest(server.baseUrl, 'POST', `/api/projects/${p.id}/files?${q}`,
      { headers: writeHeaders(admin, { 'Content-Type': 'application/pdf' }), body: exact });
    assert.equal(ok.status, 201, `20 MiB: ${ok.status} ${ok.text.slice(0, 200)}`);
    assert.equal(ok.body.size, exact.length);
  });
});

describe('after all rejected PUTs', () => {
  test('the project they aimed at is exactly as it was', async () => {
    assert.deepEqual(await getProject(admin, project.id), pristine.api);
    assert.deepEqual(sql(server.db, `SELECT * FROM projects WHERE id = ${project.id}`), pristine.row);
  });
});
