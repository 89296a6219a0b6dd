// DuckDB reference for bench/indicators: loads the CSVs the C++ bench exported (not timed), then
// times the monthly bulletin as SQL — every indicator for each unit with ROLLUP for the city, this
// year and last year, for 1..M and for M alone — and prints one JSON line on stdout:
// {threads, load_ms, median_ms, median_counts_ms, runs_ms, runs_counts_ms, city}.
// Usage: node bench/duckdb/run.mjs DIR [--year 2026] [--month 10] [--runs 5]
// The definitions are docs/indicators.md with the default settings (1亿 / 10亿 / 500万, bands
// [1,5) [5,10) [10,∞) 亿, "newly introduced" = signed this year); the emerging list comes from the CSV.
import { DuckDBInstance } from '@duckdb/node-api';
import { performance } from 'node:perf_hooks';
import path from 'node:path';

const args = process.argv.slice(2);
const dir = args[0];
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const year = opt('year', 2026);
const month = opt('month', 10);
const runs = opt('runs', 5);
if (!dir) {
  console.error('usage: node run.mjs DIR [--year Y] [--month M] [--runs N]');
  process.exit(2);
}

const YI = 100_000_000;
const bands = [[1 * YI, 5 * YI], [5 * YI, 10 * YI], [10 * YI, null]];
const pad = (n) => String(n).padStart(2, '0');
const csv = (name) => `'${path.join(dir, name).replaceAll("'", "''")}'`;

// One period's query: project events and figure sums per unit, GROUP BY ROLLUP for the city.
function bulletinSql(cumulative, withIds) {
  const ev = [];
  const fg = [];
  for (const [y, sfx] of [[year, 't'], [year - 1, 'l']]) {
    const lo = `DATE '${y}-${pad(cumulative ? 1 : month)}-01'`;
    const hi = `last_day(DATE '${y}-${pad(month)}-01')`;
    const inPeriod = (col) => `${col} BETWEEN ${lo} AND ${hi}`;
    const signedInM = `signed_date BETWEEN DATE '${y}-${pad(month)}-01' AND ${hi}`;
    const toReport = `${inPeriod('signed_date')} AND ${signedInM} AND category = 0 AND prov_db_status = 0 AND terminated = 0`;
    const band = ([l, u]) => `total_investment >= ${l}` + (u === null ? '' : ` AND total_investment < ${u}`);
    const defs = [
      ['prov_db_new', `prov_db_status = 2 AND ${inPeriod('prov_db_confirmed_date')}`],
      ['prov_db_new_large', `prov_db_status = 2 AND ${inPeriod('prov_db_confirmed_date')} AND total_investment >= ${10 * YI}`],
      ['prov_db_reported', `prov_db_status = 1 AND ${inPeriod('prov_db_reported_date')}`],
      ['prov_db_reported_large', `prov_db_status = 1 AND ${inPeriod('prov_db_reported_date')} AND total_investment >= ${10 * YI}`],
      ['emerging_signed', `${inPeriod('signed_date')} AND total_investment >= ${YI} AND em_${sfx}`],
      ['signed_100m', `${inPeriod('signed_date')} AND total_investment >= ${YI}`],
      ['signed_100m_industry', `${inPeriod('signed_date')} AND total_investment >= ${YI} AND category = 0`],
      ...bands.map((b, i) => [`signed_band_${i + 1}`, `${inPeriod('signed_date')} AND ${band(b)}`]),
      ['to_report', `${toReport} AND total_investment >= ${YI}`],
      ...bands.map((b, i) => [`to_report_band_${i + 1}`, `${toReport} AND ${band(b)}`]),
      ['in_stats', `${inPeriod('in_stats_date')} AND total_investment >= 5000000`],
      ['upgrade_above_scale', `${inPeriod('above_scale_date')} AND above_scale_route = 1`],
      ['new_production_above_scale', `${inPeriod('above_scale_date')} AND above_scale_route = 2`],
    ];
    for (const [key, cond] of defs) {
      ev.push(`count(*) FILTER (WHERE ${cond}) AS ${key}_${sfx}`);
      if (withIds && sfx === 't') ev.push(`list(id ORDER BY id) FILTER (WHERE ${cond}) AS ${key}_ids`);
    }
    const inMonths = `f.year = ${y} AND f.month BETWEEN ${cumulative ? 1 : month} AND ${month}`;
    const figDefs = [
      ['provincial_funds', 'f.funds_out_of_province', `p.total_investment >= ${YI}`],
      ['new_fixed_asset', 'f.fixed_asset_investment', `p.signed_date BETWEEN DATE '${y}-01-01' AND DATE '${y}-12-31'`],
    ];
    for (const [key, col, cond] of figDefs) {
      fg.push(`coalesce(sum(${col}) FILTER (WHERE ${inMonths} AND ${cond}), 0) AS ${key}_${sfx}`);
      if (withIds && sfx === 't') {
        fg.push(`list(DISTINCT p.id ORDER BY p.id) FILTER (WHERE ${inMonths} AND ${cond} AND ${col} <> 0) AS ${key}_ids`);
      }
    }
  }
  return `
    WITH p AS (
      SELECT p.*, et.name IS NOT NULL AS em_t, el.name IS NOT NULL AS em_l
      FROM projects p
      LEFT JOIN emerging et ON et.year = ${year} AND et.name = p.emerging_industry
      LEFT JOIN emerging el ON el.year = ${year - 1} AND el.name = p.emerging_industry),
    ev AS (SELECT unit_id, ${ev.join(',\n      ')} FROM p GROUP BY ROLLUP (unit_id)),
    fg AS (
      SELECT p.unit_id, ${fg.join(',\n      ')}
      FROM figures f JOIN projects p ON p.id = f.project_id
      WHERE f.year IN (${year}, ${year - 1}) AND f.month BETWEEN ${cumulative ? 1 : month} AND ${month}
      GROUP BY ROLLUP (p.unit_id))
    SELECT ev.*, fg.* EXCLUDE (unit_id) FROM ev LEFT JOIN fg ON ev.unit_id IS NOT DISTINCT FROM fg.unit_id
    ORDER BY ev.unit_id NULLS FIRST`;
}

const median = (v) => {
  const s = [...v].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};

const instance = await DuckDBInstance.create(':memory:');
const conn = await instance.connect();
const threads = Number((await conn.runAndReadAll("SELECT current_setting('threads')")).getRows()[0][0]);

let t0 = performance.now();
const date = "'DATE'";
await conn.run(`CREATE TABLE units AS SELECT * FROM read_csv(${csv('units.csv')}, header = true,
  columns = {'id': 'BIGINT', 'kind': 'TINYINT'})`);
await conn.run(`CREATE TABLE emerging AS SELECT * FROM read_csv(${csv('emerging.csv')}, header = true,
  columns = {'year': 'INTEGER', 'name': 'VARCHAR'})`);
await conn.run(`CREATE TABLE projects AS SELECT * FROM read_csv(${csv('projects.csv')}, header = true, columns = {
  'id': 'BIGINT', 'unit_id': 'BIGINT', 'category': 'TINYINT', 'terminated': 'TINYINT', 'total_investment': 'BIGINT',
  'out_of_province': 'TINYINT', 'emerging_industry': 'VARCHAR', 'signed_date': ${date}, 'in_stats_date': ${date},
  'producing_date': ${date}, 'above_scale_date': ${date}, 'above_scale_route': 'TINYINT', 'prov_db_status': 'TINYINT',
  'prov_db_reported_date': ${date}, 'prov_db_confirmed_date': ${date}})`);
await conn.run(`CREATE TABLE figures AS SELECT * FROM read_csv(${csv('figures.csv')}, header = true, columns = {
  'project_id': 'BIGINT', 'year': 'INTEGER', 'month': 'INTEGER', 'funds_in_place': 'BIGINT',
  'funds_out_of_province': 'BIGINT', 'fixed_asset_investment': 'BIGINT', 'output_value': 'BIGINT', 'tax': 'BIGINT'})`);
const loadMs = performance.now() - t0;

// The bulletin = both periods; one warm-up, then `runs` timed runs. Timed: the queries and their
// results materialised in DuckDB's native chunks (not the conversion to JS values).
async function timeBulletin(withIds) {
  const sqls = [bulletinSql(true, withIds), bulletinSql(false, withIds)];
  const ms = [];
  let readers;
  for (let r = 0; r <= runs; r++) {
    t0 = performance.now();
    readers = [];
    for (const sql of sqls) readers.push(await conn.runAndReadAll(sql));
    if (r > 0) ms.push(performance.now() - t0);
  }
  return { ms, readers };
}

const withIds = await timeBulletin(true);
const countsOnly = await timeBulletin(false);

// The city row (unit_id NULL from ROLLUP) of each period: [this year, last year, number of ids].
const city = {};
for (const [name, reader] of [['cumulative', withIds.readers[0]], ['month', withIds.readers[1]]]) {
  const row = reader.getRowObjectsJson().find((r) => r.unit_id === null);
  const out = {};
  for (const key of Object.keys(row)) {
    const m = key.match(/^(.*)_t$/);
    if (!m) continue;
    const k = m[1];
    out[k] = [String(row[`${k}_t`] ?? 0), String(row[`${k}_l`] ?? 0), String((row[`${k}_ids`] ?? []).length)];
  }
  city[name] = out;
}

process.stdout.write(JSON.stringify({
  threads,
  load_ms: loadMs,
  median_ms: median(withIds.ms),
  median_counts_ms: median(countsOnly.ms),
  runs_ms: withIds.ms,
  runs_counts_ms: countsOnly.ms,
  city,
}) + '\n');
