import { describe, expect, it } from 'vitest';
import { auditChanges } from './diff';
import { buildIndustryTree } from './tree';

describe('auditChanges', () => {
  it('lists changed keys of an update, skipping bookkeeping', () => {
    const c = auditChanges({ name: 'a', total_investment: 1, version: 1, tags: ['x'] }, { name: 'b', total_investment: 1, version: 2, tags: ['x'] });
    expect(c).toEqual([{ key: 'name', before: 'a', after: 'b' }]);
  });
  it('lists non-empty keys of a create', () => {
    const c = auditChanges(null, { name: 'a', investor_id: null, note: '', version: 1 });
    expect(c.map((x) => x.key)).toEqual(['name']);
  });
});

describe('buildIndustryTree', () => {
  it('nests the flat list by parent', () => {
    const tree = buildIndustryTree([
      { code: 'C30', name: '非金属矿物制品业', level: 2, parent: 'C' },
      { code: 'C', name: '制造业', level: 1, parent: null },
      { code: 'C301', name: '水泥', level: 3, parent: 'C30' },
      { code: 'A', name: '农林牧渔业', level: 1, parent: null },
    ]);
    expect(tree.map((n) => n.code)).toEqual(['A', 'C']);
    expect(tree[1].children?.[0].children?.[0].label).toBe('C301 水泥');
    expect(tree[0].children).toBeUndefined();
  });
});
