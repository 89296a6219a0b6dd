// Keyboard movement over a grid of <input data-cell="row-col"> cells (the monthly-figures and the
// targets grids): Enter/Tab/arrows move like a spreadsheet; left/right first move the caret and
// leave the cell only at its ends; IME composition and modified keys are left alone.
import type { Ref } from 'vue';
import { moveCell, type NavKey } from '@/utils/figuresGrid';

const NAV_KEYS: readonly string[] = ['Enter', 'Tab', 'ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight'];

export function useCellGrid(gridEl: Ref<HTMLElement | null | undefined>, size: () => { rows: number; cols: number }) {
  function inputAt(r: number, c: number): HTMLInputElement | null {
    return gridEl.value?.querySelector<HTMLInputElement>(`input[data-cell="${r}-${c}"]`) ?? null;
  }

  function focusCell(r: number, c: number): void {
    const el = inputAt(r, c);
    if (!el) return;
    el.focus();
    el.select();
  }

  function onKey(e: KeyboardEvent, r: number, c: number): void {
    if (!NAV_KEYS.includes(e.key)) return;
    if (e.isComposing || e.altKey || e.ctrlKey || e.metaKey) return;
    const key = e.key as NavKey;
    const input = e.target as HTMLInputElement;
    if (key === 'ArrowLeft' && !(input.selectionStart === 0 && input.selectionEnd === 0)) return;
    const end = input.value.length;
    if (key === 'ArrowRight' && !(input.selectionStart === end && input.selectionEnd === end)) return;
    const next = moveCell({ row: r, col: c }, key, e.shiftKey, size());
    if (!next) {
      if (key !== 'Tab') e.preventDefault();
      return;
    }
    e.preventDefault();
    focusCell(next.row, next.col);
  }

  return { inputAt, focusCell, onKey };
}
