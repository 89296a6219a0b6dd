// The ledger preview loads one page at a time through the draft: the page and page size asked for
// are in the request, a new page size starts from page 1, and a page that answers after a later
// click is not shown over it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { getDraft, type ReportDraft, type ReportParams } from '@/api/reports';
import { useLedgerPages } from './useLedgerPages';

const ledger: ReportParams = { type: 'ledger', unit_id: 2, is_key: '' };
const TOTAL = 1234;
const SIZES = [100, 200, 500, 1000, 2000];

/** The draft the server would answer for a page (its first row names the page). */
function draftOf(page: number, pageSize: number): ReportDraft {
  return {
    key: { type: 'ledger', year: 0, period: 0, unit_id: 2 },
    document: {
      type: 'ledger', title: '桐城市招商项目台账', subtitle: '', issuer: '', date_line: '', landscape: true,
      blocks: [{ kind: 'p', id: 'ledger.page', text: `第${page}页`, editable: false }], facts: [],
    },
    edits: {},
    version: 0,
    page: { page, page_size: pageSize, total: TOTAL, pages: Math.ceil(TOTAL / pageSize), page_sizes: SIZES },
  };
}

let urls: string[];
let release: (() => void)[];
let hold: boolean;

beforeEach(() => {
  urls = [];
  release = [];
  hold = false;
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string) => {
      urls.push(url);
      const q = new URL(url, 'http://x').searchParams;
      if (hold) await new Promise<void>((r) => release.push(r));
      if (q.get('page') === '99') {
        return new Response(JSON.stringify({ error: { code: 'not_found', message: '第99页不存在（共3页）', field: 'page' } }), { status: 404 });
      }
      // Without page_size, the server's default (500 here).
      const size = q.get('page_size') === null ? 500 : Number(q.get('page_size'));
      return new Response(JSON.stringify(draftOf(Number(q.get('page')), size)), { status: 200 });
    }),
  );
});

afterEach(() => {
  vi.unstubAllGlobals();
});

function setup() {
  const shown: ReportDraft[] = [];
  const errors: unknown[] = [];
  const pages = useLedgerPages((paging) => getDraft(ledger, paging), (d) => shown.push(d), (e) => errors.push(e));
  return { pages, shown, errors };
}

describe('useLedgerPages', () => {
  it('asks the draft for the page (at first in the server\'s page size), shows the answer and takes its sizes', async () => {
    const { pages, shown } = setup();
    expect(pages.paging()).toEqual({ page: 1 });
    expect(pages.pageSizes.value).toEqual([]);
    pages.page.value = 2;
    await pages.load();
    expect(urls).toEqual(['/api/reports/draft?type=ledger&unit_id=2&page=2']);
    expect(shown.map((d) => d.page?.page)).toEqual([2]);
    expect(shown[0].document.blocks[0].text).toBe('第2页');
    expect(pages.loading.value).toBe(false);
    // The server's size and choices from now on.
    expect(pages.pageSize.value).toBe(500);
    expect(pages.pageSizes.value).toEqual(SIZES);
    expect(pages.paging()).toEqual({ page: 2, page_size: 500 });
    await pages.load();
    expect(urls.at(-1)).toBe('/api/reports/draft?type=ledger&unit_id=2&page=2&page_size=500');
  });

  it('adopts the page, size and sizes of a draft fetched elsewhere (a new ledger generated)', () => {
    const { pages } = setup();
    pages.adopt(draftOf(1, 200));
    expect(pages.page.value).toBe(1);
    expect(pages.pageSize.value).toBe(200);
    expect(pages.pageSizes.value).toEqual(SIZES);
    const monthly = { ...draftOf(1, 200), page: undefined };
    pages.adopt(monthly);  // a draft without pages changes nothing
    expect(pages.pageSize.value).toBe(200);
  });

  it('starts again from page 1 when the page size changes', async () => {
    const { pages, shown } = setup();
    pages.page.value = 3;
    pages.pageSize.value = 100;
    await pages.first();
    expect(pages.page.value).toBe(1);
    expect(urls.at(-1)).toBe('/api/reports/draft?type=ledger&unit_id=2&page=1&page_size=100');
    expect(shown.at(-1)?.page).toEqual({ page: 1, page_size: 100, total: TOTAL, pages: 13, page_sizes: SIZES });
  });

  it('shows the page clicked last even when an earlier one answers after it', async () => {
    const { pages, shown } = setup();
    hold = true;
    pages.page.value = 2;
    const slow = pages.load();
    pages.page.value = 3;
    const fast = pages.load();
    await vi.waitFor(() => expect(release).toHaveLength(2));
    expect(pages.loading.value).toBe(true);
    release[1]();
    await fast;
    release[0]();
    await slow;
    expect(shown.map((d) => d.page?.page)).toEqual([3]);
    expect(pages.page.value).toBe(3);
    expect(pages.loading.value).toBe(false);
  });

  it('reports a page the server refuses and shows nothing', async () => {
    const { pages, shown, errors } = setup();
    pages.page.value = 99;
    await pages.load();
    expect(shown).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(pages.loading.value).toBe(false);
  });
});
