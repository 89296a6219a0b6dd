// Translation of the server's keys (enums, field keys, evidence kinds, errors) into the current
// locale. Keys the locale files do not know are shown as they are, never hidden.
import { useI18n } from 'vue-i18n';
import { ElMessage } from 'element-plus';
import { useMetaStore } from '@/stores/meta';
import { useLocaleStore } from '@/stores/locale';
import { isApiError, type ApiError, type GateDetail } from '@/utils/request';

export type EnumGroup =
  | 'node'
  | 'category'
  | 'status'
  | 'provDbStatus'
  | 'aboveScaleRoute'
  | 'role'
  | 'unitKind'
  | 'tag'
  | 'problemCategory'
  | 'problemStatus'
  | 'chainKind'
  | 'auditAction'
  | 'entity'
  | 'field'
  | 'activityKind'
  | 'reportType';

export function useLabels() {
  const { t, te } = useI18n();
  const meta = useMetaStore();
  const localeStore = useLocaleStore();

  function label(group: EnumGroup, key: string | null | undefined): string {
    if (key === null || key === undefined || key === '') return '—';
    const k = `${group}.${key}`;
    return te(k) ? t(k) : key;
  }

  const nodeName = (k: string | null | undefined) => label('node', k);
  const fieldName = (k: string | null | undefined) => label('field', k);
  const evidenceName = (k: string) => meta.evidenceName(k, localeStore.isZh);

  /** One gate detail as a readable line: "缺少字段：总投资". */
  function gateText(d: GateDetail): string {
    if (d.kind === 'field') return t('gate.missingField', { name: fieldName(d.name) });
    if (d.kind === 'evidence') return t('gate.missingEvidence', { name: evidenceName(d.name) });
    if (d.kind === 'order') {
      // The server's sentence says whether the node is missing or dated too late; keep it in zh-CN.
      if (localeStore.isZh && d.message) return d.message;
      if (meta.nodeKeys.includes(d.name)) return t('gate.order', { name: nodeName(d.name) });
      if (d.name === 'actual_date') return t('gate.futureDate');
      if (d.name === 'node') return t('gate.notApplicable');
    }
    return d.message || d.name;
  }

  /** The text to show for a failed call: the server's Chinese message in zh-CN, a translation otherwise. */
  function errorText(e: unknown): string {
    if (!isApiError(e)) return e instanceof Error ? e.message : String(e);
    const err = e as ApiError;
    if (err.code === 'network') return t('errors.network');
    if (err.code === 'conflict' && !err.field) return t('errors.modified');
    if (localeStore.isZh && err.message && !/^HTTP \d+$/.test(err.message)) return err.message;
    const key = `errors.${err.code}`;
    const base = te(key) ? t(key) : err.message;
    return err.field ? `${fieldName(err.field)}: ${base}` : base;
  }

  /** The text under a form item for a per-field error (the field name is already the item's label). */
  function fieldErrorText(e: ApiError): string {
    if (localeStore.isZh && e.message && !/^HTTP \d+$/.test(e.message)) return e.message;
    const key = `errors.${e.code}`;
    return te(key) ? t(key) : e.message;
  }

  function showError(e: unknown) {
    ElMessage.error({ message: errorText(e), grouping: true });
  }

  return { t, label, nodeName, fieldName, evidenceName, gateText, errorText, fieldErrorText, showError };
}
