import type { Industry } from '@/api/meta';

export interface IndustryTreeNode {
  code: string;
  name: string;
  label: string;
  level: number;
  children?: IndustryTreeNode[];
}

/** The flat GB/T 4754 list → a tree for el-cascader (children only where there are any). */
export function buildIndustryTree(items: Industry[]): IndustryTreeNode[] {
  const byCode = new Map<string, IndustryTreeNode>();
  for (const i of items) {
    byCode.set(i.code, { code: i.code, name: i.name, label: `${i.code} ${i.name}`, level: i.level });
  }
  const roots: IndustryTreeNode[] = [];
  for (const i of items) {
    const node = byCode.get(i.code)!;
    const parent = i.parent ? byCode.get(i.parent) : undefined;
    if (parent) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  const sort = (nodes: IndustryTreeNode[]) => {
    nodes.sort((a, b) => a.code.localeCompare(b.code));
    for (const n of nodes) if (n.children) sort(n.children);
  };
  sort(roots);
  return roots;
}
