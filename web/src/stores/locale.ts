import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import zhCn from 'element-plus/es/locale/lang/zh-cn';
import en from 'element-plus/es/locale/lang/en';
import { i18n, LOCALE_STORAGE_KEY, savedLocale, type AppLocale } from '@/locales';

export const useLocaleStore = defineStore('locale', () => {
  const locale = ref<AppLocale>(savedLocale());

  function apply(l: AppLocale) {
    i18n.global.locale.value = l;
    document.documentElement.lang = l;
    document.title = i18n.global.t('app.title');
  }

  function setLocale(l: AppLocale) {
    locale.value = l;
    try {
      localStorage.setItem(LOCALE_STORAGE_KEY, l);
    } catch {
      // not persisted; the choice still holds for this page
    }
    apply(l);
  }

  const elementLocale = computed(() => (locale.value === 'en-US' ? en : zhCn));
  const isZh = computed(() => locale.value === 'zh-CN');

  apply(locale.value);
  return { locale, setLocale, elementLocale, isZh };
});
