// How the dashboard prints the server's figures: its *_display strings and *_word words as they
// come (never recomputed), with a percent sign and the word translated into the UI language.
import type { AheadWord, RawRatio, YoyWord } from '@/api/stats';

export const DASH = '—';

/** "66.7" → "66.7%"; "—" and "" stay as they are; "66.7%" is left alone. */
export function percentText(display: string | null | undefined): string {
  const s = (display ?? '').trim();
  if (s === '' || s === DASH) return DASH;
  return s.endsWith('%') ? s : `${s}%`;
}

/** The locale key of an ahead word ("超" → "ahead"), or null. */
export function aheadKey(word: AheadWord | string | null | undefined): 'ahead' | 'behind' | 'even' | null {
  if (word === '超') return 'ahead';
  if (word === '落后') return 'behind';
  if (word === '持平') return 'even';
  return null;
}

/** The locale key of a year-on-year word ("同比增长" → "up"), or null. */
export function yoyKey(word: YoyWord | string | null | undefined): 'up' | 'down' | 'new' | 'flat' | null {
  if (word === '同比增长') return 'up';
  if (word === '同比下降') return 'down';
  if (word === '新增') return 'new';
  if (word === '同比持平') return 'flat';
  return null;
}

/** A display already carrying its direction in a word: drop a leading minus so it is not said twice. */
export function magnitudeText(display: string | null | undefined): string {
  const s = (display ?? '').trim();
  if (s === '') return DASH;
  return s.replace(/^[-−]/, '');
}

/**
 * The number of an ahead display, without the unit the server may print after it and without a
 * sign (the word carries it): "16.7个百分点" → "16.7", "-9.0" → "9.0". The UI adds its own unit.
 */
export function pointsText(display: string | null | undefined): string {
  const s = magnitudeText((display ?? '').trim().replace(/\s*(个百分点|pts?|points?)$/u, ''));
  return s === '' ? DASH : s;
}

/** A raw ratio as a percentage number for drawing a bar (never printed); null without one. */
export function ratioPercent(r: RawRatio | undefined): number | null {
  if (!r || !Array.isArray(r) || r.length !== 2 || !r[1]) return null;
  const v = (r[0] / r[1]) * 100;
  return Number.isFinite(v) ? v : null;
}

/** The bar width in percent: the completion clamped to 0..100. */
export function barWidth(completion: RawRatio | undefined): number {
  const v = ratioPercent(completion);
  return v === null ? 0 : Math.max(0, Math.min(100, v));
}
