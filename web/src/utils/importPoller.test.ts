import { describe, expect, it } from 'vitest';
import { ApiError } from './request';
import { createImportPoller, isBusy, progressPercent, type Timers } from './importPoller';

interface Imp {
  id: number;
  state: string;
  n?: number;
}

/** Timers run by hand: `run()` fires every due callback once, as the clock moving on would. */
function manualTimers() {
  let next = 1;
  const pending = new Map<number, { fn: () => void; ms: number }>();
  const timers: Timers = {
    set: (fn, ms) => {
      const h = next++;
      pending.set(h, { fn, ms });
      return h;
    },
    clear: (h) => void pending.delete(h as number),
  };
  return {
    timers,
    pending,
    async run() {
      const due = [...pending.entries()];
      pending.clear();
      for (const [, t] of due) t.fn();
      // let the fetch promise and its continuation settle
      for (let i = 0; i < 5; i++) await Promise.resolve();
    },
  };
}

/** A fetch that answers the scripted results in order (an Error instance is thrown). */
function scripted(results: (Imp | Error)[]) {
  const asked: number[] = [];
  return {
    asked,
    fetch: async (id: number): Promise<Imp> => {
      asked.push(id);
      const r = results.shift();
      if (!r) throw new Error('no more answers scripted');
      if (r instanceof Error) throw r;
      return r;
    },
  };
}

describe('isBusy / progressPercent', () => {
  it('knows the states the server is still working in', () => {
    expect(isBusy('validating')).toBe(true);
    expect(isBusy('committing')).toBe(true);
    for (const s of ['ready', 'committed', 'cancelled', 'failed']) expect(isBusy(s)).toBe(false);
  });

  it('turns done/total into a clamped whole percentage, unknown without a total', () => {
    expect(progressPercent({ phase: 'validating', done: 1, total: 3 })).toBe(33);
    expect(progressPercent({ phase: 'writing', done: 3, total: 3 })).toBe(100);
    expect(progressPercent({ phase: 'writing', done: 5, total: 3 })).toBe(100);
    expect(progressPercent({ phase: 'parsing', done: 0, total: 0 })).toBeNull();
    expect(progressPercent(null)).toBeNull();
  });
});

describe('createImportPoller', () => {
  it('polls every interval while busy and stops when the import settles', async () => {
    const clock = manualTimers();
    const api = scripted([
      { id: 7, state: 'validating', n: 1 },
      { id: 7, state: 'validating', n: 2 },
      { id: 7, state: 'ready', n: 3 },
    ]);
    const seen: Imp[] = [];
    const poller = createImportPoller<Imp>({ fetch: api.fetch, onUpdate: (i) => seen.push(i), onError: () => {}, timers: clock.timers });

    poller.follow({ id: 7, state: 'validating' });
    expect(poller.active).toBe(true);
    expect([...clock.pending.values()].map((t) => t.ms)).toEqual([500]);
    expect(api.asked).toEqual([]); // nothing asked before the first interval

    await clock.run();
    await clock.run();
    await clock.run();
    expect(api.asked).toEqual([7, 7, 7]);
    expect(seen.map((i) => i.n)).toEqual([1, 2, 3]);
    expect(poller.active).toBe(false);
    expect(clock.pending.size).toBe(0);
  });

  it('does nothing for an import that is not busy', () => {
    const clock = manualTimers();
    const poller = createImportPoller<Imp>({ fetch: async () => ({ id: 1, state: 'ready' }), onUpdate: () => {}, onError: () => {}, timers: clock.timers });
    poller.follow({ id: 1, state: 'ready' });
    expect(poller.active).toBe(false);
    expect(clock.pending.size).toBe(0);
  });

  it('drops an answer that arrives after stop or after following another import', async () => {
    const clock = manualTimers();
    let release!: (v: Imp) => void;
    const seen: Imp[] = [];
    const asked: number[] = [];
    const poller = createImportPoller<Imp>({
      fetch: (id) => {
        asked.push(id);
        return id === 1 ? new Promise<Imp>((r) => (release = r)) : Promise.resolve({ id, state: 'committed' });
      },
      onUpdate: (i) => seen.push(i),
      onError: () => {},
      timers: clock.timers,
    });
    poller.follow({ id: 1, state: 'validating' });
    await clock.run(); // import 1's request is now in flight
    poller.follow({ id: 2, state: 'committing' });
    release({ id: 1, state: 'ready' });
    await clock.run();
    expect(asked).toEqual([1, 2]);
    expect(seen).toEqual([{ id: 2, state: 'committed' }]);

    poller.follow({ id: 3, state: 'validating' });
    poller.stop();
    expect(clock.pending.size).toBe(0);
    expect(poller.active).toBe(false);
  });

  it('retries a network failure a few times, then gives up and reports it', async () => {
    const clock = manualTimers();
    const net = () => new ApiError({ status: 0, code: 'network', message: 'offline' });
    const api = scripted([net(), { id: 4, state: 'validating', n: 1 }, net(), net(), net(), net()]);
    const errors: unknown[] = [];
    const seen: Imp[] = [];
    const poller = createImportPoller<Imp>({ fetch: api.fetch, onUpdate: (i) => seen.push(i), onError: (e) => errors.push(e), timers: clock.timers });
    poller.follow({ id: 4, state: 'validating' });
    for (let i = 0; i < 6; i++) await clock.run();
    expect(seen.map((i) => i.n)).toEqual([1]); // the success in between resets the count
    expect(api.asked.length).toBe(6);
    expect(errors).toHaveLength(1);
    expect(poller.active).toBe(false);
    expect(clock.pending.size).toBe(0);
  });

  it('stops at once on a server error (the import is gone, the session ended)', async () => {
    const clock = manualTimers();
    const api = scripted([new ApiError({ status: 404, code: 'not_found', message: 'x' })]);
    const errors: unknown[] = [];
    const poller = createImportPoller<Imp>({ fetch: api.fetch, onUpdate: () => {}, onError: (e) => errors.push(e), timers: clock.timers });
    poller.follow({ id: 9, state: 'committing' });
    await clock.run();
    expect(errors).toHaveLength(1);
    expect(clock.pending.size).toBe(0);
    expect(poller.active).toBe(false);
  });
});
