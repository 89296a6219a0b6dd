import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import zhCN from './zh-CN.json';
import enUS from './en-US.json';

type Tree = { [k: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const zh = flatten(zhCN as Tree);
const en = flatten(enUS as Tree);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.(vue|ts)$/.test(name) && !name.endsWith('.test.ts') ? [p] : [];
  });
}

describe('locale files', () => {
  it('zh-CN and en-US have exactly the same keys', () => {
    const onlyZh = [...zh.keys()].filter((k) => !en.has(k));
    const onlyEn = [...en.keys()].filter((k) => !zh.has(k));
    expect(onlyZh).toEqual([]);
    expect(onlyEn).toEqual([]);
  });

  it('has no empty message', () => {
    for (const [k, v] of [...zh, ...en]) expect(v.trim(), k).not.toBe('');
  });

  it('uses the same placeholders in both languages', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [k, v] of zh) expect(names(en.get(k) ?? ''), k).toEqual(names(v));
  });

  it('avoids vue-i18n syntax characters that would break messages', () => {
    for (const [k, v] of [...zh, ...en]) expect(/[@|$]/.test(v), k).toBe(false);
  });

  it('knows every literal key the source uses', () => {
    const root = join(__dirname, '..');
    const used = new Set<string>();
    for (const f of sourceFiles(root)) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/\bt\('([a-zA-Z0-9_.]+)'/g)) used.add(m[1]);
      for (const m of text.matchAll(/title: '([a-zA-Z0-9_.]+)'/g)) used.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(50);
    const missing = [...used].filter((k) => !zh.has(k));
    expect(missing).toEqual([]);
  });

  it('translates every enumeration of docs/api.md', () => {
    const enums: Record<string, string[]> = {
      node: ['lead', 'negotiating', 'prereview', 'signed', 'registered', 'land', 'started', 'in_stats', 'producing', 'above_scale', 'full_capacity'],
      category: ['industry', 'service', 'agriculture', 'other'],
      status: ['normal', 'delayed', 'stalled', 'terminated', 'completed'],
      provDbStatus: ['none', 'pending', 'confirmed', 'rejected'],
      aboveScaleRoute: ['upgrade', 'new_production'],
      role: ['admin', 'dispatcher', 'reporter', 'leader', 'reviewer'],
      unitKind: ['dev_zone', 'park', 'town', 'municipal'],
      tag: ['central_soe', 'state_owned', 'private', 'foreign', 'listed', 'fortune500', 'industry_leader'],
      problemCategory: ['land_quota', 'funding', 'approval', 'environment', 'energy', 'other'],
      problemStatus: ['open', 'resolved'],
      chainKind: ['leading', 'advantage'],
      errors: ['bad_request', 'unauthorized', 'forbidden', 'not_found', 'conflict', 'too_large', 'unprocessable', 'too_many_requests', 'internal'],
      money: ['empty', 'format', 'negative', 'decimals', 'too_large'],
      importKind: ['projects', 'investors', 'monthly', 'targets'],
      importState: ['validating', 'ready', 'committing', 'committed', 'cancelled', 'failed'],
      importPhase: ['parsing', 'validating', 'writing', 'done'],
      'imports.kindHint': ['projects', 'investors', 'monthly', 'targets'],
      'imports.goList': ['projects', 'investors', 'monthly', 'targets'],
    };
    for (const [group, keys] of Object.entries(enums)) {
      for (const k of keys) expect(zh.has(`${group}.${k}`), `${group}.${k}`).toBe(true);
    }
  });
});
