// The ledger preview, page by page (docs/api.md "Reports": the ledger's draft has pages): the page
// and page size asked for, loading one page at a time. A new page size starts again from page 1, and
// when pages are clicked faster than they load only the last one asked for is shown.
import { ref } from 'vue';
import { LEDGER_PAGE_SIZE, type LedgerPaging, type ReportDraft } from '@/api/reports';

export function useLedgerPages(
  fetchPage: (paging: LedgerPaging) => Promise<ReportDraft>,
  show: (draft: ReportDraft) => void,
  onError: (e: unknown) => void,
) {
  const page = ref(1);
  const pageSize = ref(LEDGER_PAGE_SIZE);
  const loading = ref(false);
  let asked = 0;

  function paging(): LedgerPaging {
    return { page: page.value, page_size: pageSize.value };
  }

  async function load(): Promise<void> {
    const mine = ++asked;
    loading.value = true;
    try {
      const draft = await fetchPage(paging());
      if (mine !== asked) return;
      show(draft);
      if (draft.page) page.value = draft.page.page;
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

  return { page, pageSize, loading, paging, load, first };
}
