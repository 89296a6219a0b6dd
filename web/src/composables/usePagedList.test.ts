import { describe, expect, it } from 'vitest';
import { usePagedList, type Paging } from './usePagedList';

describe('usePagedList', () => {
  it('loads with the current paging and resets to page 1 on search and sort', async () => {
    const calls: Paging[] = [];
    const list = usePagedList(async (p) => {
      calls.push({ ...p });
      return { items: [p.page], total: 42 };
    }, () => {});
    list.page.value = 3;
    list.pageSize.value = 50;
    await list.load();
    expect(calls.at(-1)).toEqual({ page: 3, page_size: 50, sort: '' });
    expect(list.items.value).toEqual([3]);
    expect(list.total.value).toBe(42);

    list.onSort({ prop: 'total_investment', order: 'descending' });
    await Promise.resolve();
    expect(list.page.value).toBe(1);
    expect(calls.at(-1)).toEqual({ page: 1, page_size: 50, sort: '-total_investment' });
    list.onSort({ prop: 'name', order: null });
    await Promise.resolve();
    expect(calls.at(-1)?.sort).toBe('');
  });

  it('reports errors and clears the loading flag', async () => {
    const errors: unknown[] = [];
    const list = usePagedList(async () => {
      throw new Error('boom');
    }, (e) => errors.push(e));
    await list.load();
    expect(errors).toHaveLength(1);
    expect(list.loading.value).toBe(false);
  });
});
