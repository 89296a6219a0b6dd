// The ledger preview, page by page (docs/api.md "Reports": the ledger's draft has pages): the page
// and page size asked for, loading one page at a time. The page size and the sizes to offer are the
// server's (its answer to the first page), until another size is chosen. A new page size starts
// again from page 1, and when pages are clicked faster than they load only the last one asked for
// is shown.
import { ref } from 'vue';
import type { LedgerPaging, ReportDraft } from '@/api/reports';

export function useLedgerPages(
  fetchPage: (paging: LedgerPaging) => Promise<ReportDraft>,
  show: (draft: ReportDraft) => void,
  onError: (e: unknown) => void,
) {
  const page = ref(1);
  const pageSize = ref<number | undefined>(undefined);
  const pageSizes = ref<number[]>([]);
  const loading = ref(false);
  let asked = 0;

  function paging(): LedgerPaging {
    return pageSize.value === undefined ? { page: page.value } : { page: page.value, page_size: pageSize.value };
  }

  /** The page shown, its size and the sizes to offer, as a draft the server answered says. */
  function adopt(draft: ReportDraft): void {
    if (!draft.page) return;
    page.value = draft.page.page;
    pageSize.value = draft.page.page_size;
    pageSizes.value = draft.page.page_sizes;
  }

  async function load(): Promise<void> {
    const mine = ++asked;
    loading.value = true;
    try {
      const draft = await fetchPage(paging());
      if (mine !== asked) return;
      show(draft);
      adopt(draft);
    } catch (e) {
      if (mine === asked) onError(e);
    } finally {
      if (mine === asked) loading.value = false;
    }
  }

  /** A new page size, or a new ledger: from page 1. */
  function first(): Promise<void> {
    page.value = 1;
    return load();
  }

  return { page, pageSize, pageSizes, loading, paging, adopt, load, first };
}
