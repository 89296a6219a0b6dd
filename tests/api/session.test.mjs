// Sessions and the protections around them: the cookie, token rotation, logout, idle and absolute
// timeouts, disabled users, login throttling, CSRF, security headers, password rules, shutdown.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  ADMIN, Client, PASSWORD, countRows, createProject, expectError, expectStatus, expectUnchanged, projectBody,
  setupCity, sleep, sql, startServer, startWithAdmin, uniq,
} from './lib/server.mjs';

const CSP = "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

let server;
let admin;
let city;

before(async () => {
  ({ server, admin } = await startWithAdmin());
  city = await setupCity(admin);
});
after(async () => { await server?.stop(); });

async function newUser(role = 'dispatcher', unitId = null) {
  const username = `u_${uniq()}`;
  const u = expectStatus(await admin.post('/api/users', { username, display_name: '会话测试', role, unit_id: unitId, password: PASSWORD }), 201);
  return u;
}

describe('login and the session cookie', () => {
  test('login answers the User and sets an HttpOnly SameSite=Strict Path=/ cookie', async () => {
    const c = new Client(server.baseUrl);
    const res = await c.login(ADMIN.username, ADMIN.password);
    expectStatus(res, 200);
    const sc = res.setCookies.find((x) => x.startsWith('zs_session='));
    assert.ok(sc, `no zs_session Set-Cookie: ${res.setCookies}`);
    assert.match(sc, /;\s*HttpOnly/i);
    assert.match(sc, /;\s*SameSite=Strict/i);
    assert.match(sc, /;\s*Path=\/(;|$)/);
    assert.ok(c.token && c.token.length >= 32, 'token has enough entropy (>= 32 chars)');
    const u = res.body;
    for (const k of ['id', 'username', 'display_name', 'role', 'unit_id', 'unit_name', 'disabled', 'permissions']) {
      assert.ok(k in u, `User.${k}`);
    }
    assert.equal(u.username, 'admin');
    assert.equal(u.role, 'admin');
    assert.equal(u.disabled, false);
    assert.ok(!('password' in u) && !('password_hash' in u), 'no password in the answer');
    for (const perm of ['project.read', 'project.write', 'investor.read', 'investor.write', 'user.admin', 'unit.admin', 'rules.admin']) {
      assert.ok(u.permissions.includes(perm), `admin permission ${perm}`);
    }
    const me = expectStatus(await c.get('/api/auth/me'), 200);
    assert.equal(me.id, u.id);
    // The token is not stored as is.
    const stored = JSON.stringify(sql(server.db, 'SELECT * FROM sessions'));
    assert.ok(!stored.includes(c.token), 'the sessions table holds no raw token');
  });

  test('permissions per role', async () => {
    const perms = async (key) => new Set(expectStatus(await city.clients[key].get('/api/auth/me'), 200).permissions);
    const leader = await perms('leader');
    assert.ok(leader.has('project.read') && !leader.has('project.write') && !leader.has('user.admin'));
    const rep = await perms('reporterA');
    assert.ok(rep.has('project.write') && rep.has('investor.write') && !rep.has('user.admin') && !rep.has('rules.admin'));
    const disp = await perms('dispatcher');
    assert.ok(disp.has('project.write') && !disp.has('user.admin') && !disp.has('unit.admin'));
    const me = expectStatus(await city.clients.reporterA.get('/api/auth/me'), 200);
    assert.equal(me.unit_id, city.units.A.id);
    assert.equal(me.unit_name, city.units.A.name);
  });

  test('wrong password and unknown user → 401, same answer', async () => {
    const c = new Client(server.baseUrl);
    const wrong = await c.login(city.users.leader.username, 'Not-The-Pass-2026!');
    expectError(wrong, 401);
    const unknown = await c.login(`nobody_${uniq()}`, 'Not-The-Pass-2026!');
    expectError(unknown, 401);
    assert.equal(wrong.body.error.message, unknown.body.error.message, 'no user enumeration by message');
    assert.equal(c.token, null);
    expectError(await c.get('/api/auth/me'), 401);
    expectError(await c.post('/api/auth/login', { username: 'admin' }), [400, 422]);
  });

  test('logging in again rotates the token; the old one stops working', async () => {
    const u = await newUser();
    const c = await Client.login(server.baseUrl, u.username);
    const old = c.clone('old');
    const res = await c.login(u.username, PASSWORD);
    expectStatus(res, 200);
    assert.ok(c.token && c.token !== old.token, 'a new token');
    expectStatus(await c.get('/api/auth/me'), 200);
    expectError(await old.get('/api/auth/me'), 401, undefined, 'old token after re-login');
  });

  test('logout destroys the session and clears the cookie', async () => {
    const u = await newUser();
    const c = await Client.login(server.baseUrl, u.username);
    const old = c.clone('old');
    const res = await c.post('/api/auth/logout');
    expectStatus(res, 204);
    const sc = res.setCookies.find((x) => x.startsWith('zs_session='));
    assert.ok(sc && (/Max-Age=0/i.test(sc) || /Expires=Thu, 01 Jan 1970/i.test(sc)), `cookie cleared: ${sc}`);
    expectError(await old.get('/api/auth/me'), 401);
    expectError(await old.post('/api/auth/logout'), 401);
    // Other sessions of the same user live on.
    const a = await Client.login(server.baseUrl, u.username);
    const b = await Client.login(server.baseUrl, u.username);
    expectStatus(await a.post('/api/auth/logout'), 204);
    expectStatus(await b.get('/api/auth/me'), 200);
  });

  test('disabling a user destroys its sessions; it cannot log in (403)', async () => {
    const u = await newUser('reporter', city.units.A.id);
    const c = await Client.login(server.baseUrl, u.username);
    const full = expectStatus(await admin.get(`/api/users?q=${u.username}`), 200).items.find((x) => x.id === u.id);
    expectStatus(await admin.put(`/api/users/${u.id}`, { display_name: full.display_name, role: full.role,
      unit_id: full.unit_id, disabled: true, version: full.version }), 200);
    expectError(await c.get('/api/auth/me'), 401);
    assert.equal(countRows(server.db, 'sessions', `user_id = ${u.id}`), 0, 'sessions rows gone');
    expectError(await new Client(server.baseUrl).login(u.username, PASSWORD), 403);
  });

  test('changing the password: old one stops working, rules apply', async () => {
    const u = await newUser();
    const c = await Client.login(server.baseUrl, u.username);
    expectError(await c.post('/api/auth/password', { old_password: 'wrong-Old-pass-1', new_password: 'An0ther-Strong-Pass' }), [401, 403, 422]);
    expectError(await c.post('/api/auth/password', { old_password: PASSWORD, new_password: 'password1' }), 422, 'new_password');
    expectError(await c.post('/api/auth/password', { old_password: PASSWORD, new_password: 'Ab1!xyz' }), 422, 'new_password');
    expectStatus(await c.post('/api/auth/password', { old_password: PASSWORD, new_password: 'An0ther-Strong-Pass' }), 204);
    expectError(await new Client(server.baseUrl).login(u.username, PASSWORD), 401);
    await Client.login(server.baseUrl, u.username, 'An0ther-Strong-Pass');
  });

  test('common and short passwords are refused on user create (422 field password)', async () => {
    for (const pw of ['password1', '12345678', 'qwertyuiop', 'Ab1!xyz', '']) {
      const res = await expectUnchanged(server.db, () => admin.post('/api/users',
        { username: `weak_${uniq()}`, display_name: '弱口令', role: 'leader', unit_id: null, password: pw }), pw);
      expectError(res, 422, 'password', `password "${pw}"`);
    }
    // Reporter needs a unit; other roles must not have one.
    expectError(await admin.post('/api/users', { username: `r_${uniq()}`, display_name: 'x', role: 'reporter', unit_id: null, password: PASSWORD }), 422, 'unit_id');
    expectError(await admin.post('/api/users', { username: `l_${uniq()}`, display_name: 'x', role: 'leader', unit_id: city.units.A.id, password: PASSWORD }), 422, 'unit_id');
    expectError(await admin.post('/api/users', { username: `b_${uniq()}`, display_name: 'x', role: 'boss', unit_id: null, password: PASSWORD }), 422, 'role');
    expectError(await admin.post('/api/users', { username: city.users.leader.username, display_name: 'x', role: 'leader', unit_id: null, password: PASSWORD }), 409, 'username');
  });
});

describe('users (admin)', () => {
  test('list with filters and paging; update with version; password reset', async () => {
    const all = expectStatus(await admin.get('/api/users?page_size=200'), 200);
    assert.equal(all.total, all.items.length);
    assert.ok(all.items.every((u) => typeof u.version === 'number' && !('password_hash' in u) && !('password' in u)));
    const ids = all.items.map((u) => u.id);
    assert.deepEqual(ids, [...ids].sort((a, b) => a - b), 'creation order');
    expectError(await admin.get('/api/users?sort=password_hash'), 400, 'sort');
    const reps = expectStatus(await admin.get('/api/users?role=reporter&page_size=200'), 200);
    assert.ok(reps.total >= 2 && reps.items.every((u) => u.role === 'reporter'));
    const ofA = expectStatus(await admin.get(`/api/users?unit_id=${city.units.A.id}&page_size=200`), 200);
    assert.ok(ofA.items.some((u) => u.id === city.users.reporterA.id));
    assert.ok(ofA.items.every((u) => u.unit_id === city.units.A.id));
    const q = expectStatus(await admin.get(`/api/users?q=${city.users.leader.username}`), 200);
    assert.deepEqual(q.items.map((u) => u.id), [city.users.leader.id]);
    const page = expectStatus(await admin.get('/api/users?page_size=2&page=1'), 200);
    assert.equal(page.items.length, 2);
    assert.equal(page.total, all.total);

    const u = await newUser('leader');
    const full = expectStatus(await admin.get(`/api/users?q=${u.username}`), 200).items[0];
    const c = await Client.login(server.baseUrl, u.username);
    const upd = expectStatus(await admin.put(`/api/users/${u.id}`, { display_name: '改名', role: 'dispatcher', unit_id: null,
      disabled: false, password: 'Reset-Strong-Pass-77', version: full.version }), 200);
    assert.equal(upd.display_name, '改名');
    assert.equal(upd.role, 'dispatcher');
    expectError(await new Client(server.baseUrl).login(u.username, PASSWORD), 401, undefined, 'old password after reset');
    await Client.login(server.baseUrl, u.username, 'Reset-Strong-Pass-77');
    void c;
    const stale = await admin.put(`/api/users/${u.id}`, { display_name: 'x', role: 'leader', unit_id: null, disabled: false, version: full.version });
    expectError(stale, 409);
    assert.equal(stale.body.current?.display_name, '改名');
    expectError(await admin.put(`/api/users/${u.id}`, { display_name: 'x', role: 'leader', unit_id: null, disabled: false,
      password: '12345678', version: upd.version ?? full.version + 1 }), 422, 'password');
  });
});

describe('CSRF', () => {
  test('a write without X-Requested-With, without Origin or from another origin → 403, nothing written', async () => {
    const rep = city.clients.reporterA;
    const body = projectBody({ unit_id: city.units.A.id });
    for (const [what, opts] of [
      ['no X-Requested-With', { csrf: false }],
      ['foreign Origin', { origin: 'http://evil.example' }],
      ['no Origin', { origin: null }],
      ['other port', { origin: `http://127.0.0.1:${server.port === 65535 ? 1 : server.port + 1}` }],
      ['Origin null', { origin: 'null' }],
    ]) {
      const res = await expectUnchanged(server.db, () => rep.request('POST', '/api/projects', { json: body, ...opts }), what);
      expectError(res, 403, undefined, what);
    }
    const p = await createProject(admin, { unit_id: city.units.A.id });
    expectError(await rep.request('PUT', `/api/projects/${p.id}`, { json: { name: 'x' }, csrf: false }), 403);
    expectError(await rep.request('DELETE', `/api/projects/${p.id}`, { csrf: false }), 403);
    expectError(await rep.request('DELETE', `/api/projects/${p.id}`, { origin: 'https://evil.example' }), 403);
    expectStatus(await admin.get(`/api/projects/${p.id}`), 200, 'still there');
    // Login and logout are writes too.
    expectError(await new Client(server.baseUrl).request('POST', '/api/auth/login',
      { json: { username: ADMIN.username, password: ADMIN.password }, csrf: false }), 403);
    expectError(await rep.request('POST', '/api/auth/logout', { origin: 'http://evil.example' }), 403);
    expectStatus(await rep.get('/api/auth/me'), 200, 'session survived the forged logout');
  });
});

describe('security headers', () => {
  test('CSP, nosniff, Referrer-Policy on every answer; no-store on /api', async () => {
    for (const [what, res] of [
      ['health', await admin.get('/api/health')],
      ['projects', await admin.get('/api/projects')],
      ['401', await new Client(server.baseUrl).get('/api/projects')],
      ['404', await admin.get('/api/no-such-thing')],
    ]) {
      assert.equal(res.headers.get('content-security-policy'), CSP, `${what}: CSP`);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff', `${what}: nosniff`);
      const rp = res.headers.get('referrer-policy');
      assert.ok(['no-referrer', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin'].includes(rp),
        `${what}: Referrer-Policy ${rp}`);
      assert.match(res.headers.get('cache-control') ?? '', /no-store/, `${what}: Cache-Control`);
      assert.match(res.headers.get('content-type') ?? '', /^application\/json/, `${what}: JSON`);
    }
    const nf = await admin.get('/api/no-such-thing');
    expectError(nf, 404);
    const wrongMethod = await admin.request('PATCH', '/api/projects', { json: {} });
    assert.ok([404, 405].includes(wrongMethod.status), `PATCH: ${wrongMethod.status}`);
  });
});

describe('timeouts (session_idle_seconds=3, session_absolute_seconds=6)', () => {
  let s2;
  before(async () => { s2 = await startServer({ settings: { session_idle_seconds: 3, session_absolute_seconds: 6 } }); });
  after(async () => { await s2?.stop(); });

  test('idle timeout', async () => {
    const c = await Client.login(s2.baseUrl, ADMIN.username, ADMIN.password);
    await sleep(1000);
    expectStatus(await c.get('/api/auth/me'), 200, 'active after 1 s');
    await sleep(4300);
    expectError(await c.get('/api/auth/me'), 401, undefined, 'idle for > 4 s');
  });

  test('absolute timeout, even when active', async () => {
    const c = await Client.login(s2.baseUrl, ADMIN.username, ADMIN.password);
    const t0 = Date.now();
    while (Date.now() - t0 < 4800) {
      await sleep(800);
      expectStatus(await c.get('/api/auth/me'), 200, `active at ${Date.now() - t0} ms`);
    }
    while (Date.now() - t0 < 7600) {
      await sleep(800);
      await c.get('/api/auth/me'); // keeps it from idling; may already be 401
    }
    expectError(await c.get('/api/auth/me'), 401, undefined, 'past the absolute limit');
  });
});

describe('login throttling (login_max_failures_per_hour=5)', () => {
  let s3;
  before(async () => { s3 = await startServer({ settings: { login_max_failures_per_hour: 5 } }); });
  after(async () => { await s3?.stop(); });

  test('the 6th wrong attempt → 429, then even the right password → 429; other accounts unaffected', async () => {
    const adm = await Client.login(s3.baseUrl, ADMIN.username, ADMIN.password);
    const victim = `victim_${uniq()}`;
    expectStatus(await adm.post('/api/users', { username: victim, display_name: '受害者', role: 'leader', unit_id: null, password: PASSWORD }), 201);
    const c = new Client(s3.baseUrl);
    for (let i = 1; i <= 5; i++) expectError(await c.login(victim, `Wrong-pass-${i}-xx`), 401, undefined, `attempt ${i}`);
    expectError(await c.login(victim, 'Wrong-pass-6-xx'), 429, undefined, 'attempt 6');
    expectError(await c.login(victim, PASSWORD), 429, undefined, 'right password while throttled');
    assert.equal(c.token, null);
    await Client.login(s3.baseUrl, ADMIN.username, ADMIN.password);
  });
});

describe('shutdown', () => {
  test('SIGTERM → graceful exit with code 0', async () => {
    const s4 = await startServer();
    const c = await Client.login(s4.baseUrl, ADMIN.username, ADMIN.password);
    expectStatus(await c.get('/api/health'), 200);
    const t0 = Date.now();
    assert.equal(await s4.stop(), 0);
    assert.ok(Date.now() - t0 < 10_000, 'exits within 10 s');
    await assert.rejects(fetch(`${s4.baseUrl}/api/health`), 'no longer listening');
  });
});
