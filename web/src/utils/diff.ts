// A readable diff of an audit entry's before/after JSON objects.

export interface AuditChange {
  key: string;
  before: unknown;
  after: unknown;
}

// Bookkeeping fields every object carries; showing them would only add noise.
const IGNORED = new Set(['version', 'updated_at', 'created_at']);

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/**
 * The keys that differ between before and after (an update), or every non-empty key of the one
 * side that exists (a create or a delete), in the order they first appear.
 */
export function auditChanges(
  before: Record<string, unknown> | null | undefined,
  after: Record<string, unknown> | null | undefined,
): AuditChange[] {
  const b = before ?? {};
  const a = after ?? {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => !IGNORED.has(k));
  if (before && after) {
    return keys.filter((k) => !same(b[k], a[k])).map((k) => ({ key: k, before: b[k], after: a[k] }));
  }
  return keys
    .filter((k) => {
      const v = before ? b[k] : a[k];
      return v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0);
    })
    .map((k) => ({ key: k, before: b[k], after: a[k] }));
}
