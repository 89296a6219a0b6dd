// vue-i18n set-up: zh-CN default, en-US complete; the chosen locale persists in localStorage.
import { createI18n } from 'vue-i18n';
import zhCN from './zh-CN.json';
import enUS from './en-US.json';

export type AppLocale = 'zh-CN' | 'en-US';
export const LOCALES: AppLocale[] = ['zh-CN', 'en-US'];
export const LOCALE_STORAGE_KEY = 'zs.locale';

export function savedLocale(): AppLocale {
  try {
    const v = globalThis.localStorage?.getItem(LOCALE_STORAGE_KEY);
    if (v === 'zh-CN' || v === 'en-US') return v;
  } catch {
    // storage unavailable (private mode): fall back to the default
  }
  return 'zh-CN';
}

export const i18n = createI18n({
  legacy: false,
  globalInjection: true,
  locale: savedLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, 'en-US': enUS },
  missingWarn: false,
  fallbackWarn: false,
});
