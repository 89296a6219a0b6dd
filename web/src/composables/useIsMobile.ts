import { onBeforeUnmount, ref } from 'vue';

/** True while the viewport is narrower than `px` (default 768). */
export function useIsMobile(px = 768) {
  const query = window.matchMedia(`(max-width: ${px - 0.02}px)`);
  const isMobile = ref(query.matches);
  const onChange = (e: MediaQueryListEvent) => (isMobile.value = e.matches);
  query.addEventListener('change', onChange);
  onBeforeUnmount(() => query.removeEventListener('change', onChange));
  return isMobile;
}
