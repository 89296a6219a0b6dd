// The state every paged list page shares: page, page size, sort, the rows, the total, and the
// load / search / sort actions. The page supplies how to fetch one page with its own filters.
import { ref, type Ref } from 'vue';

export interface Paging {
  page: number;
  page_size: number;
  sort: string;
}

export interface PageResult<T> {
  items: T[];
  total: number;
}

export type SortChange = { prop: string; order: 'ascending' | 'descending' | null };

export function usePagedList<T>(fetchPage: (paging: Paging) => Promise<PageResult<T>>, onError: (e: unknown) => void) {
  const page = ref(1);
  const pageSize = ref(20);
  const sort = ref('');
  const items = ref([]) as Ref<T[]>;
  const total = ref(0);
  const loading = ref(false);

  async function load(): Promise<void> {
    loading.value = true;
    try {
      const res = await fetchPage({ page: page.value, page_size: pageSize.value, sort: sort.value });
      items.value = res.items;
      total.value = res.total;
    } catch (e) {
      onError(e);
    } finally {
      loading.value = false;
    }
  }

  // A new query starts again from the first page.
  function search(): void {
    page.value = 1;
    void load();
  }

  function onSort({ prop, order }: SortChange): void {
    sort.value = order ? (order === 'descending' ? '-' : '') + prop : '';
    search();
  }

  return { page, pageSize, sort, items, total, loading, load, search, onSort };
}
