// Harness for the end-to-end API tests: starts the real server binary on a fresh database (a SQLite
// file in a temporary folder, or with ZS_TEST_STORE=postgres a new PostgreSQL database), an HTTP
// client with its own cookie jar, direct reads of the database (row counts for "nothing was
// written" checks) through the sqlite3 or psql command-line tool, and a small city fixture built
// through the API. No npm dependencies: Node 20's fetch and node:test.

import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { makeUscc } from './uscc.mjs';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const BIN = process.env.ZS_BIN ? path.resolve(process.env.ZS_BIN) : path.join(REPO_ROOT, 'build', 'zhaoshang');
export const API_DOC = path.join(REPO_ROOT, 'docs', 'api.md');

/** One strong password for every fixture user (not in any common-password list). */
export const PASSWORD = 'Zs-test-Pass-2026!';
export const ADMIN = { username: 'admin', password: PASSWORD };

/** Tables whose row counts prove that a rejected write changed nothing. */
export const COUNTED_TABLES = [
  'projects', 'project_nodes', 'problems', 'evidence_files', 'investors', 'audit_log', 'users', 'units',
];

/**
 * The store the servers run on: `sqlite` (default) or `postgres` (ZS_TEST_STORE=postgres, with
 * ZS_PG_URL the URL of a cluster's `postgres` database, as scripts/with-postgres exports it).
 */
export const STORE = process.env.ZS_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';
if (process.env.ZS_TEST_STORE && !['sqlite', 'postgres'].includes(process.env.ZS_TEST_STORE)) {
  throw new Error(`ZS_TEST_STORE=${process.env.ZS_TEST_STORE}: expected sqlite or postgres`);
}
if (STORE === 'postgres' && !/^postgres(ql)?:\/\/[^?]*\/postgres\?/.test(process.env.ZS_PG_URL ?? '')) {
  throw new Error('ZS_TEST_STORE=postgres needs ZS_PG_URL=postgresql:///postgres?host=…&port=…&user=… ' +
    '(run under scripts/with-postgres)');
}

/** Settings every test server gets unless overridden: the city is in Anhui (340000). */
export const DEFAULT_SETTINGS = { city_province_code: '340000' };

// ---------------------------------------------------------------------------------------------
// Processes

/**
 * Runs the CLI; resolves {code, stdout, stderr}; throws with the output on a non-zero exit. `env`
 * adds environment variables (e.g. {ZS_TODAY: '2026-07-10'}).
 */
export function runCli(args, { input, allowFail = false, timeoutMs = 60_000, env } = {}) {
  return new Promise((resolve, reject) => {
    if (!fs.existsSync(BIN)) {
      reject(new Error(`server binary not found at ${BIN} (build it first, or set ZS_BIN)`));
      return;
    }
    const child = spawn(BIN, args, { stdio: ['pipe', 'pipe', 'pipe'], env: env ? { ...process.env, ...env } : process.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const out = { code, signal, stdout, stderr };
      if (!allowFail && code !== 0) {
        reject(new Error(`zhaoshang ${args.join(' ')} exited ${code ?? signal}\nstdout:\n${stdout}\nstderr:\n${stderr}`));
      } else {
        resolve(out);
      }
    });
    child.stdin.on('error', () => {});
    child.stdin.end(input ?? '');
  });
}

/** A TCP port that was free a moment ago. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts a server on a fresh database (see STORE). Returns {baseUrl, port, db, dbPath, dataDir,
 * tmpDir, proc, today, env, output(), exited, stop()}: `db` reads and writes the database directly
 * (Db below), `dbPath` is what `--db` was given (a file path, or a postgresql:// URL). stop() sends
 * SIGTERM, waits for the exit and throws unless the exit code is 0 (graceful shutdown); it resolves
 * the exit code, then removes the temporary folder and drops the PostgreSQL database.
 * `today` ("YYYY-MM-DD") fixes the server's business day (environment ZS_TODAY, read at start-up);
 * `env` adds other environment variables to the server process (and to the set-up commands).
 */
export async function startServer({ settings = {}, threads = 2, readyTimeoutMs = 20_000, today = null, env = {} } = {}) {
  const serverEnv = { ...env, ...(today ? { ZS_TODAY: today } : {}) };
  const tmpDir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'zs-api-'));
  const dataDir = path.join(tmpDir, 'data');
  let db = null;
  const cleanup = async () => {
    if (process.env.ZS_KEEP_TMP) return;
    await fs.promises.rm(tmpDir, { recursive: true, force: true });
    await db?.drop();
  };
  try {
    db = createDatabase(tmpDir);
    const dbPath = db.url;
    await fs.promises.mkdir(dataDir);
    await runCli(['migrate', '--db', dbPath], { env: serverEnv });
    await runCli(['user', 'add', '--db', dbPath, '--username', ADMIN.username, '--role', 'admin',
      '--display-name', '测试管理员', '--password-stdin'], { input: `${ADMIN.password}\n`, env: serverEnv });
    for (const [key, value] of Object.entries({ ...DEFAULT_SETTINGS, ...settings })) {
      await runCli(['setting', 'set', '--db', dbPath, '--key', key, '--value', String(value)], { env: serverEnv });
    }
    let lastError;
    for (let attempt = 0; attempt < 3; attempt++) {
      const port = await freePort();
      try {
        const srv = await spawnServe({ tmpDir, db, dataDir, port, threads, readyTimeoutMs, env: serverEnv, cleanup });
        srv.today = today;
        srv.env = serverEnv;
        return srv;
      } catch (e) {
        lastError = e;
        if (!/address|in use|bind/i.test(String(e.message))) break; // retry only port races
      }
    }
    throw lastError;
  } catch (e) {
    await cleanup().catch(() => {});
    throw e;
  }
}

/**
 * Starts another server on `srv`'s database and data folder (several app servers side by side).
 * Returns the same shape as startServer; its stop() leaves the database and folders to `srv`'s.
 */
export async function startAnother(srv, { threads = 2, readyTimeoutMs = 20_000, env = srv.env ?? {} } = {}) {
  let lastError;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    try {
      const other = await spawnServe({ tmpDir: srv.tmpDir, db: srv.db, dataDir: srv.dataDir, port, threads, readyTimeoutMs,
        env, cleanup: async () => {}, logName: `${path.basename(srv.tmpDir)}-${port}` });
      other.today = srv.today;
      other.env = env;
      return other;
    } catch (e) {
      lastError = e;
      if (!/address|in use|bind/i.test(String(e.message))) break;
    }
  }
  throw lastError;
}

function spawnServe({ tmpDir, db, dataDir, port, threads, readyTimeoutMs, env = {}, cleanup, logName = path.basename(tmpDir) }) {
  return new Promise((resolve, reject) => {
    const dbPath = db.url;
    const args = ['serve', '--db', dbPath, '--listen', `127.0.0.1:${port}`, '--data', dataDir, '--threads', String(threads)];
    const proc = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let output = '';
    let ready = false;
    const marker = `listening on http://127.0.0.1:${port}`;
    const exited = new Promise((res) => proc.on('exit', (code, signal) => res({ code, signal })));
    const onData = (d) => {
      output += d;
      if (output.length > 2_000_000) output = output.slice(-1_000_000);
      if (!ready && output.includes(marker)) {
        ready = true;
        clearTimeout(timer);
        const baseUrl = `http://127.0.0.1:${port}`;
        let stopped = null;
        resolve({
          baseUrl, port, db, dbPath, dataDir, tmpDir, proc, exited,
          output: () => output,
          async stop({ keep = !!process.env.ZS_KEEP_TMP } = {}) {
            if (!stopped) {
              stopped = (async () => {
                if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
                const killer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
                const { code, signal } = await exited;
                clearTimeout(killer);
                if (process.env.ZS_SERVER_LOG) {
                  await fs.promises.mkdir(process.env.ZS_SERVER_LOG, { recursive: true });
                  await fs.promises.writeFile(path.join(process.env.ZS_SERVER_LOG, `${logName}.log`), output);
                }
                if (!keep) await cleanup();
                return { code, signal };
              })();
            }
            const { code, signal } = await stopped;
            assert.equal(code, 0, `server did not shut down gracefully on SIGTERM (code ${code}, signal ${signal})\n` +
              `--- server output (tail) ---\n${output.slice(-4000)}`);
            return code;
          },
        });
      }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    proc.on('error', (e) => { clearTimeout(timer); reject(e); });
    exited.then(({ code, signal }) => {
      if (!ready) {
        clearTimeout(timer);
        reject(new Error(`server exited (${code ?? signal}) before listening\n--- output ---\n${output}`));
      }
    });
    const timer = setTimeout(() => {
      if (!ready) {
        proc.kill('SIGKILL');
        reject(new Error(`server not listening after ${readyTimeoutMs} ms (waiting for "${marker}")\n--- output ---\n${output}`));
      }
    }, readyTimeoutMs);
  });
}

// ---------------------------------------------------------------------------------------------
// HTTP client

/** Parsed response: status, headers, body (JSON or null), text, bytes. */
async function wrap(res) {
  const bytes = Buffer.from(await res.arrayBuffer());
  const text = bytes.toString('utf8');
  let body = null;
  const ct = res.headers.get('content-type') ?? '';
  if (ct.includes('json') || /^\s*[{[]/.test(text)) {
    try { body = JSON.parse(text); } catch { body = null; }
  }
  return { status: res.status, headers: res.headers, body, text, bytes, setCookies: res.headers.getSetCookie() };
}

/** An HTTP client with its own cookie jar (only zs_session matters). */
export class Client {
  constructor(baseUrl, { name = 'client' } = {}) {
    this.baseUrl = baseUrl;
    this.name = name;
    this.token = null;
    this.user = null;
  }

  /** A second client carrying the same session token (to replay an old cookie). */
  clone(name = `${this.name}-clone`) {
    const c = new Client(this.baseUrl, { name });
    c.token = this.token;
    c.user = this.user;
    return c;
  }

  /**
   * method, path (relative to baseUrl); options: json (a value, serialised), body (raw string or
   * Buffer), contentType, headers, csrf (false: no X-Requested-With), origin (string, or null to
   * omit; defaults to baseUrl on POST/PUT/DELETE).
   */
  async request(method, p, { json, body, contentType, headers = {}, csrf = true, origin } = {}) {
    const h = { Accept: 'application/json', ...headers };
    const write = !['GET', 'HEAD'].includes(method);
    if (write) {
      if (csrf) h['X-Requested-With'] = 'XMLHttpRequest';
      const o = origin === undefined ? this.baseUrl : origin;
      if (o !== null) h.Origin = o;
    }
    if (this.token) h.Cookie = `zs_session=${this.token}`;
    let payload = body;
    if (json !== undefined) {
      payload = JSON.stringify(json);
      h['Content-Type'] = 'application/json';
    }
    if (contentType) h['Content-Type'] = contentType;
    const res = await fetch(this.baseUrl + p, { method, headers: h, body: payload, redirect: 'manual' });
    const out = await wrap(res);
    this.#takeCookies(out.setCookies);
    return out;
  }

  #takeCookies(setCookies) {
    for (const sc of setCookies) {
      const m = /^\s*zs_session=([^;]*)/.exec(sc);
      if (!m) continue;
      const cleared = m[1] === '' || /;\s*max-age=0\b/i.test(sc) || /;\s*expires=Thu, 01 Jan 1970/i.test(sc);
      this.token = cleared ? null : m[1];
    }
  }

  get(p, o) { return this.request('GET', p, o); }
  post(p, json, o = {}) { return this.request('POST', p, { json, ...o }); }
  put(p, json, o = {}) { return this.request('PUT', p, { json, ...o }); }
  del(p, o) { return this.request('DELETE', p, o); }

  async login(username, password) {
    const res = await this.post('/api/auth/login', { username, password });
    if (res.status === 200) this.user = res.body;
    return res;
  }

  /** Logs in and asserts 200. */
  static async login(baseUrl, username, password = PASSWORD, name = username) {
    const c = new Client(baseUrl, { name });
    const res = await c.login(username, password);
    assert.equal(res.status, 200, `login ${username}: ${res.status} ${res.text}`);
    assert.ok(c.token, `login ${username}: no zs_session cookie set`);
    return c;
  }
}

/**
 * A raw HTTP request with node:http, for bodies the server may refuse before reading them all
 * (a 413 followed by a closed connection makes fetch throw). Resolves like Client.request.
 */
export function rawRequest(baseUrl, method, p, { headers = {}, body = Buffer.alloc(0) } = {}) {
  return new Promise((resolve, reject) => {
    const url = new URL(p, baseUrl);
    let settled = false;
    const req = http.request({ method, host: url.hostname, port: url.port, path: url.pathname + url.search,
      headers: { ...headers, 'Content-Length': body.length } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      const finish = () => {
        if (settled) return;
        settled = true;
        const bytes = Buffer.concat(chunks);
        const text = bytes.toString('utf8');
        let parsed = null;
        try { parsed = JSON.parse(text); } catch { parsed = null; }
        resolve({ status: res.statusCode, headers: new Headers(Object.entries(res.headers).map(([k, v]) =>
          [k, Array.isArray(v) ? v.join(', ') : String(v)])), body: parsed, text, bytes });
      };
      res.on('end', finish);
      res.on('close', finish);
      res.on('error', finish);
    });
    req.on('error', (e) => {
      // The server may answer and close while we are still writing: wait briefly for the answer.
      setTimeout(() => { if (!settled) { settled = true; reject(e); } }, 1000);
    });
    // Write in chunks so an early answer can arrive while the body is still going out.
    const chunk = 256 * 1024;
    let off = 0;
    const pump = () => {
      while (off < body.length) {
        const part = body.subarray(off, off + chunk);
        off += part.length;
        if (!req.write(part)) { req.once('drain', pump); return; }
      }
      req.end();
    };
    pump();
  });
}

/** Headers an authenticated client sends on a write, for rawRequest. */
export function writeHeaders(client, extra = {}) {
  return {
    'X-Requested-With': 'XMLHttpRequest',
    Origin: client.baseUrl,
    ...(client.token ? { Cookie: `zs_session=${client.token}` } : {}),
    ...extra,
  };
}

// ---------------------------------------------------------------------------------------------
// Assertions

export function show(res) {
  return `${res.status} ${res.text?.slice(0, 1500)}`;
}

/** Asserts a status; returns the body. */
export function expectStatus(res, status, what = '') {
  assert.equal(res.status, status, `${what} expected ${status}, got ${show(res)}`);
  return res.body;
}

/**
 * Asserts an error answer: the status, the one error shape, the code that goes with the status,
 * and (when given) the field.
 */
export function expectError(res, status, field, what = '') {
  const statuses = Array.isArray(status) ? status : [status];
  assert.ok(statuses.includes(res.status), `${what} expected ${statuses.join('/')}, got ${show(res)}`);
  const codes = { 400: 'bad_request', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 409: 'conflict',
    413: 'too_large', 422: 'unprocessable', 429: 'too_many_requests', 500: 'internal' };
  assert.ok(res.body && typeof res.body.error === 'object', `${what} error body missing: ${show(res)}`);
  if (codes[res.status]) assert.equal(res.body.error.code, codes[res.status], `${what} error code: ${show(res)}`);
  assert.equal(typeof res.body.error.message, 'string', `${what} error message: ${show(res)}`);
  if (field !== undefined) assert.equal(res.body.error.field, field, `${what} error field: ${show(res)}`);
  return res.body.error;
}

// ---------------------------------------------------------------------------------------------
// The database

let databases = 0;

/**
 * Direct access to a test server's database, for checks the API cannot make (row counts, stored
 * columns) and the odd fixture row. One interface over the sqlite3 and psql command-line tools;
 * the SQL given to it must mean the same in both schemas (dates are 'YYYY-MM-DD' text, booleans
 * 0/1 integers, timestamps bigint unix seconds).
 *   query(sql) → rows as objects, numbers as numbers (one SELECT)
 *   exec(sql)  → runs statements, returns nothing
 *   copy(dir)  → a new database with the same contents (async), e.g. for a CLI run beside the server
 *   drop()     → removes a PostgreSQL database (async; a SQLite file goes with its folder)
 */
export class Db {
  constructor(url) {
    this.url = url;
    this.kind = /^postgres(ql)?:\/\//.test(url) ? 'postgres' : 'sqlite';
    this.file = this.kind === 'sqlite' ? url.replace(/^sqlite:\/\//, '') : null;
  }

  query(query) {
    const q = query.trim().replace(/;$/, '');
    if (this.kind === 'sqlite') {
      const out = execFileSync('sqlite3', ['-cmd', '.timeout 5000', '-json', this.file, q],
        { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
      return out.trim() ? JSON.parse(out) : [];
    }
    // One JSON object per line, in the query's order; row_to_json keeps numbers numbers, as sqlite3 -json does.
    const out = this.#psql(`SELECT row_to_json(zs_q) FROM (${q}) AS zs_q`);
    return out.split('\n').filter(Boolean).map((line) => JSON.parse(line));
  }

  exec(statements) {
    if (this.kind === 'sqlite') {
      execFileSync('sqlite3', ['-bail', '-cmd', '.timeout 5000', this.file, statements], { encoding: 'utf8' });
    } else {
      this.#psql(statements);
    }
  }

  async copy(dir) {
    if (this.kind === 'sqlite') {
      const file = path.join(dir, `copy-${++databases}.db`);
      execFileSync('sqlite3', ['-cmd', '.timeout 5000', this.file, `.backup '${file}'`]);
      return new Db(file);
    }
    const other = createDatabase(dir);
    const dump = execFileSync('pg_dump', ['--no-owner', '--no-privileges', this.url], { maxBuffer: 1024 * 1024 * 1024 });
    execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', other.url], { input: dump, stdio: ['pipe', 'ignore', 'pipe'] });
    return other;
  }

  async drop() {
    if (this.kind !== 'postgres') return;
    psql(process.env.ZS_PG_URL, `DROP DATABASE IF EXISTS ${this.name} WITH (FORCE)`);
  }

  #psql(statements) {
    return psql(this.url, statements);
  }
}

function psql(url, statements) {
  return execFileSync('psql', ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', statements],
    { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
}

/**
 * A new empty database for a test server: a file in `dir` (SQLite), or `zs_api_<pid>_<n>` created
 * in the cluster of ZS_PG_URL (PostgreSQL). The server's migrate creates the tables.
 */
export function createDatabase(dir) {
  databases += 1;
  if (STORE === 'sqlite') return new Db(path.join(dir, 'zs.db'));
  const name = `zs_api_${process.pid}_${databases}`;
  psql(process.env.ZS_PG_URL, `CREATE DATABASE ${name}`);
  const db = new Db(process.env.ZS_PG_URL.replace('/postgres?', `/${name}?`));
  db.name = name;
  return db;
}

/** A Db for `db` (a Db, or what --db was given). */
function asDb(db) {
  return db instanceof Db ? db : new Db(db);
}

/** Runs a query; returns rows as objects. `db` is a server's `db` (or its `dbPath`). */
export function sql(db, query) {
  return asDb(db).query(query);
}

export function countRows(db, table, where = '') {
  return Number(sql(db, `SELECT COUNT(*) AS n FROM ${table}${where ? ` WHERE ${where}` : ''}`)[0].n);
}

/** Row counts of COUNTED_TABLES (one query). */
export function snapshot(db, tables = COUNTED_TABLES) {
  const row = sql(db, `SELECT ${tables.map((t) => `(SELECT COUNT(*) FROM ${t}) AS ${t}`).join(', ')}`)[0];
  return Object.fromEntries(tables.map((t) => [t, Number(row[t])]));
}

/** Runs fn (a rejected write) and asserts that no counted table changed. Returns fn's result. */
export async function expectUnchanged(db, fn, what = '') {
  const before = snapshot(db);
  const result = await fn();
  const after = snapshot(db);
  assert.deepEqual(after, before, `${what}: database changed by a rejected write`);
  return result;
}

/** Every regular file under dir, as paths relative to it. */
export function listFiles(dir) {
  const out = [];
  const walk = (d) => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else out.push(path.relative(dir, full));
    }
  };
  walk(dir);
  return out.sort();
}

// ---------------------------------------------------------------------------------------------
// Dates and file contents

/** "YYYY-MM-DD" for today (UTC) plus `days`. */
export function isoDate(days = 0) {
  const d = new Date(Date.now() + days * 86_400_000);
  return d.toISOString().slice(0, 10);
}

export function addDays(iso, days) {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function pdfBytes(extra = '') {
  return Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% zhaoshang test ${extra}\n%%EOF\n`, 'latin1');
}
export function pngBytes() {
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    Buffer.from('0000000d49484452000000010000000108060000001f15c489', 'hex'), Buffer.alloc(64, 1)]);
}
export function jpegBytes() {
  return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0', 'latin1'),
    Buffer.alloc(64, 2), Buffer.from([0xff, 0xd9])]);
}

// ---------------------------------------------------------------------------------------------
// Business helpers

export const EDITABLE_PROJECT_FIELDS = [
  'code', 'name', 'investor_id', 'unit_id', 'chain_id', 'industry_code', 'category', 'emerging_industry',
  'total_investment', 'fixed_asset_investment', 'land_area_mu', 'leader_in_charge', 'referrer',
  'introducing_unit', 'first_introducer', 'is_key', 'terminated', 'termination_reason',
];
export const NODE_KEYS = ['lead', 'negotiating', 'prereview', 'signed', 'registered', 'land', 'started', 'in_stats',
  'producing', 'above_scale', 'full_capacity'];

let seq = 0;
/** A short unique suffix for names and codes. */
export function uniq() {
  seq += 1;
  return `${process.pid % 10000}${seq}${Math.floor(Math.random() * 1000)}`;
}

/** A full create body for a project (code omitted: generated). */
export function projectBody(overrides = {}) {
  return {
    name: `测试项目${uniq()}`,
    investor_id: null,
    unit_id: null,
    chain_id: null,
    industry_code: null,
    category: 'industry',
    emerging_industry: null,
    total_investment: 0,
    fixed_asset_investment: 0,
    land_area_mu: 0,
    leader_in_charge: '',
    referrer: '',
    introducing_unit: '',
    first_introducer: '',
    is_key: false,
    terminated: false,
    termination_reason: '',
    ...overrides,
  };
}

/** The editable fields of a Project (what a PUT carries), plus its version. */
export function editable(p, changes = {}) {
  const out = {};
  for (const k of EDITABLE_PROJECT_FIELDS) out[k] = p[k];
  return { ...out, ...changes, version: changes.version ?? p.version };
}

export async function createProject(client, overrides = {}) {
  const res = await client.post('/api/projects', projectBody(overrides));
  return expectStatus(res, 201, 'POST /api/projects');
}

export async function getProject(client, id) {
  return expectStatus(await client.get(`/api/projects/${id}`), 200, `GET /api/projects/${id}`);
}

export async function updateProject(client, p, changes) {
  const res = await client.put(`/api/projects/${p.id}`, editable(p, changes));
  return expectStatus(res, 200, `PUT /api/projects/${p.id}`);
}

/** PUT a node (body fields default from the stored node); returns the raw response. */
export function putNode(client, p, node, { planned_date = null, actual_date = null, note = '', version = p.version } = {}) {
  return client.put(`/api/projects/${p.id}/nodes/${node}`, { planned_date, actual_date, note, version });
}

export function uploadFile(client, projectId, { node = 'signed', kind = 'contract', name = '合同.pdf',
  contentType = 'application/pdf', bytes = pdfBytes() } = {}) {
  const q = new URLSearchParams({ node, kind, name }).toString();
  return client.request('POST', `/api/projects/${projectId}/files?${q}`, { body: bytes, contentType });
}

export function problemBody(overrides = {}) {
  return {
    category: 'land_quota',
    description: '等待土地指标',
    department: '自然资源和规划局',
    deadline: isoDate(30),
    status: 'open',
    resolution: '',
    ...overrides,
  };
}

export async function createInvestor(client, overrides = {}) {
  const res = await client.post('/api/investors', {
    name: `测试投资方${uniq()}有限公司`,
    uscc: makeUscc(),
    province_code: '340000',
    city_code: null, // the city is checked where it matters (crud.test.mjs), not in every fixture
    tags: ['private'],
    ...overrides,
  });
  return expectStatus(res, 201, 'POST /api/investors');
}

/** GET /api/meta/lifecycle (not cached: admins edit rules during the tests). */
export async function lifecycle(client) {
  return expectStatus(await client.get('/api/meta/lifecycle'), 200, 'GET /api/meta/lifecycle');
}

export function ruleFor(lc, category, node) {
  const r = lc.rules.find((x) => x.category === category && x.node === node);
  assert.ok(r, `no lifecycle rule for ${category}/${node}`);
  return r;
}

/** A value that makes a gate field count as present. */
async function gateFieldValue(client, field, investorId) {
  switch (field) {
    case 'investor_id': return investorId;
    case 'total_investment': return 200_000_000;
    case 'fixed_asset_investment': return 150_000_000;
    case 'land_area_mu': return 50.5;
    case 'leader_in_charge': return '王副市长';
    case 'referrer': return '李引荐';
    case 'chain_id': {
      const chains = expectStatus(await client.get('/api/chains'), 200, 'GET /api/chains');
      assert.ok(chains.items.length > 0, 'a gate needs chain_id but GET /api/chains is empty');
      return chains.items[0].id;
    }
    case 'industry_code': {
      const ind = expectStatus(await client.get('/api/industries'), 200, 'GET /api/industries');
      const c = ind.items.find((i) => i.level >= 2 && i.code.startsWith('C'));
      assert.ok(c, 'a gate needs industry_code but GET /api/industries has no C code');
      return c.code;
    }
    default: throw new Error(`unknown gate field ${field}`);
  }
}

/**
 * Brings a project to `target` through the API: sets every field and uploads every evidence file
 * the gates up to it require, then sets the actual dates of all applicable nodes up to it, in
 * order, on past dates (`startDaysAgo` before `today`, 5 days apart; `lastDate` for the target).
 * With `on` ("YYYY-MM-DD") the target node gets that date and each earlier node 5 days less than
 * the next (for a server whose day is fixed with ZS_TODAY). Returns the Project.
 */
export async function reachNode(client, projectId, target, { investorId, startDaysAgo = 60, lastDate, on, today } = {}) {
  const lc = await lifecycle(client);
  let p = await getProject(client, projectId);
  const upTo = NODE_KEYS.indexOf(target);
  const rules = NODE_KEYS.slice(0, upTo + 1).map((n) => ruleFor(lc, p.category, n)).filter((r) => r.applies);
  const changes = {};
  for (const f of new Set(rules.flatMap((r) => r.required_fields))) {
    if (p[f] === null || p[f] === '' || p[f] === 0 || p[f] === undefined) {
      changes[f] = await gateFieldValue(client, f, investorId);
    }
  }
  if (Object.keys(changes).length) p = await updateProject(client, p, changes);
  const files = expectStatus(await client.get(`/api/projects/${projectId}/files`), 200, 'list files').items;
  for (const r of rules) {
    for (const kind of r.required_evidence) {
      if (files.some((f) => f.node === r.node && f.kind === kind)) continue;
      const photo = /photo|image|picture/.test(kind);
      const res = await uploadFile(client, projectId, { node: r.node, kind, name: photo ? `${kind}.png` : `${kind}.pdf`,
        contentType: photo ? 'image/png' : 'application/pdf', bytes: photo ? pngBytes() : pdfBytes(kind) });
      expectStatus(res, 201, `upload ${r.node}/${kind}`);
    }
  }
  p = await getProject(client, projectId);
  for (let i = 0; i < rules.length; i++) {
    const r = rules[i];
    const node = p.nodes.find((n) => n.node === r.node);
    if (node.actual_date) continue;
    const actual = on ? addDays(on, -(rules.length - 1 - i) * 5)
      : i === rules.length - 1 && lastDate ? lastDate
        : today ? addDays(today, -startDaysAgo + i * 5) : isoDate(-startDaysAgo + i * 5);
    const res = await putNode(client, p, r.node, { planned_date: node.planned_date, actual_date: actual, note: node.note ?? '' });
    p = expectStatus(res, 200, `PUT node ${r.node}`);
  }
  return p;
}

/**
 * The test city, built through the API as admin: units A and B, one user per role (reporters
 * in A and B), logged-in clients for each, an in-province investor used by project A, and a
 * project in each unit.
 */
export async function setupCity(admin) {
  const s = uniq();
  const unitRes = async (code, name, sort) => expectStatus(await admin.post('/api/units',
    { code, name, kind: 'town', sort_order: sort }), 201, `POST /api/units ${code}`);
  const unitA = await unitRes(`UA${s}`, `甲镇${s}`, 1);
  const unitB = await unitRes(`UB${s}`, `乙街道${s}`, 2);
  const specs = {
    dispatcher: { role: 'dispatcher', unit_id: null },
    reporterA: { role: 'reporter', unit_id: unitA.id },
    reporterB: { role: 'reporter', unit_id: unitB.id },
    leader: { role: 'leader', unit_id: null },
    reviewer: { role: 'reviewer', unit_id: null },
  };
  const users = {};
  const clients = { admin };
  for (const [key, spec] of Object.entries(specs)) {
    const username = `${key.toLowerCase()}_${s}`;
    const res = await admin.post('/api/users', { username, display_name: `${key}测试`, role: spec.role,
      unit_id: spec.unit_id, password: PASSWORD });
    users[key] = { ...expectStatus(res, 201, `POST /api/users ${key}`), password: PASSWORD };
  }
  await Promise.all(Object.entries(users).map(async ([key, u]) => {
    clients[key] = await Client.login(admin.baseUrl, u.username, PASSWORD, key);
  }));
  const investor = await createInvestor(admin);
  const projectA = await createProject(admin, { unit_id: unitA.id, investor_id: investor.id, name: `甲镇项目${s}` });
  const projectB = await createProject(admin, { unit_id: unitB.id, name: `乙街道项目${s}` });
  return { suffix: s, units: { A: unitA, B: unitB }, users, clients, investor, projects: { A: projectA, B: projectB } };
}

/** Starts a server and logs in the first admin. */
export async function startWithAdmin(opts) {
  const server = await startServer(opts);
  try {
    const admin = await Client.login(server.baseUrl, ADMIN.username, ADMIN.password, 'admin');
    return { server, admin };
  } catch (e) {
    await server.stop().catch(() => {});
    throw new Error(`${e.message}\n--- server output ---\n${server.output().slice(-4000)}`);
  }
}
