// Following an import while the server works on it (state validating or committing): ask for it
// every ~500 ms until it settles. One import at a time: following another one, or stopping, drops
// whatever answer is still on its way, so a late answer never overwrites a newer preview.
import type { ImportProgress, ImportState } from '@/api/imports';
import { isApiError } from './request';

export const POLL_INTERVAL_MS = 500;

/** The states in which the server is still at it (the answers were 202). */
export function isBusy(state: ImportState | string): boolean {
  return state === 'validating' || state === 'committing';
}

/** done/total as a whole percentage (0..100), or null while the total is not known yet. */
export function progressPercent(p: ImportProgress | null | undefined): number | null {
  if (!p || !(p.total > 0)) return null;
  return Math.max(0, Math.min(100, Math.floor((p.done * 100) / p.total)));
}

export interface Timers {
  set: (fn: () => void, ms: number) => unknown;
  clear: (handle: unknown) => void;
}

const realTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface PollerOptions<T> {
  fetch: (id: number) => Promise<T>;
  /** Every answer of the import being followed. */
  onUpdate: (imp: T) => void;
  /** A failure that ended the polling. */
  onError: (e: unknown) => void;
  intervalMs?: number;
  /** Network failures in a row tolerated before giving up (any other error ends it at once). */
  maxNetworkRetries?: number;
  timers?: Timers;
}

export interface ImportPoller<T> {
  /** Follows `imp` if it is busy (its current answer is the caller's to show); stops any other. */
  follow: (imp: T) => void;
  stop: () => void;
  readonly active: boolean;
}

export function createImportPoller<T extends { id: number; state: ImportState | string }>(opts: PollerOptions<T>): ImportPoller<T> {
  const interval = opts.intervalMs ?? POLL_INTERVAL_MS;
  const maxRetries = opts.maxNetworkRetries ?? 3;
  const timers = opts.timers ?? realTimers;
  let generation = 0;
  let timer: unknown = null;
  let active = false;
  let failures = 0;

  function schedule(id: number, gen: number) {
    timer = timers.set(() => void tick(id, gen), interval);
  }

  async function tick(id: number, gen: number) {
    timer = null;
    let imp: T;
    try {
      imp = await opts.fetch(id);
    } catch (e) {
      if (gen !== generation) return;
      if (isApiError(e) && e.code === 'network' && ++failures <= maxRetries) {
        schedule(id, gen);
        return;
      }
      active = false;
      opts.onError(e);
      return;
    }
    if (gen !== generation) return;
    failures = 0;
    if (isBusy(imp.state)) schedule(id, gen);
    else active = false;
    opts.onUpdate(imp);
  }

  function stop() {
    generation++;
    if (timer !== null) timers.clear(timer);
    timer = null;
    active = false;
    failures = 0;
  }

  function follow(imp: T) {
    stop();
    if (!isBusy(imp.state)) return;
    active = true;
    schedule(imp.id, generation);
  }

  return {
    follow,
    stop,
    get active() {
      return active;
    },
  };
}
