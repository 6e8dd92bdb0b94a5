import { describe, expect, it, jest } from '@jest/globals';
import {
  ConfigError,
  protect,
  runInContext,
  type Runtime,
  RuntimeDisposedError,
  SyncUnsupportedError,
  weave,
} from '@ballast/core';
import { Bulkhead, bulkhead } from './Bulkhead.js';
import { BulkheadFullError } from './BulkheadFullError.js';
import { bulkheadStatistics } from './bulkheadStatistics.js';
import { outcomeOf } from '../../test/outcomes.js';
import { eachTestRuntime } from '../../test/eachTestRuntime.js';

let runtime: Runtime;
eachTestRuntime((fresh) => (runtime = fresh));

/** A function whose calls stay pending until released, in call order. */
function gate() {
  const releases: (() => void)[] = [];
  const started: number[] = [];
  const fn = (id: number): Promise<number> => {
    started.push(id);
    return new Promise((resolve) => releases.push(() => resolve(id)));
  };
  return { fn, releases, started };
}

describe('@Bulkhead', () => {
  it('runs at most maxConcurrent calls at once and refuses the rest when there is no queue', async () => {
    const { fn, releases, started } = gate();
    const guarded = protect(fn, [bulkhead({ maxConcurrent: 2, name: 'pool' })], { runtime });
    const first = guarded(1);
    const second = guarded(2);
    const refused = (await outcomeOf(guarded(3))) as BulkheadFullError;
    expect(started).toEqual([1, 2]);
    expect(refused).toBeInstanceOf(BulkheadFullError);
    expect(refused.code).toBe('BALLAST_ERR_BULKHEAD_FULL');
    expect(refused.reason).toBe('full');
    expect(refused.message).toBe(
      'Bulkhead "pool" is full: every slot is busy and the queue is full.',
    );
    releases.forEach((release) => release());
    await expect(Promise.all([first, second])).resolves.toEqual([1, 2]);
    expect([...bulkheadStatistics(runtime)]).toEqual([
      [
        'pool',
        {
          name: 'pool',
          maxConcurrent: 2,
          maxQueue: 0,
          active: 0,
          availablePermits: 2,
          queueDepth: 0,
          admitted: 2,
          queued: 0,
          rejected: 1,
          queueTimeouts: 0,
          cancelled: 0,
          hookErrors: 0,
        },
      ],
    ]);
  });

  it('queues up to maxQueue calls and hands freed slots over in FIFO order', async () => {
    const { fn, releases, started } = gate();
    const guarded = protect(fn, [bulkhead({ maxConcurrent: 1, maxQueue: 2, name: 'q' })], {
      runtime,
    });
    const calls = [guarded(1), guarded(2), guarded(3)];
    expect(await outcomeOf(guarded(4))).toBeInstanceOf(BulkheadFullError);
    expect([...bulkheadStatistics(runtime).values()][0]!).toMatchObject({
      active: 1,
      availablePermits: 0,
      queueDepth: 2,
    });
    releases[0]!();
    await jest.advanceTimersByTimeAsync(0);
    expect(started).toEqual([1, 2]);
    releases[1]!();
    await jest.advanceTimersByTimeAsync(0);
    releases[2]!();
    await expect(Promise.all(calls)).resolves.toEqual([1, 2, 3]);
    expect([...bulkheadStatistics(runtime).values()][0]!).toMatchObject({
      active: 0,
      queueDepth: 0,
      admitted: 3,
      queued: 2,
      rejected: 1,
    });
  });

  it('refuses a queued call after queueTimeout and frees its place in the queue', async () => {
    const { fn, releases, started } = gate();
    const guarded = protect(
      fn,
      [bulkhead({ maxConcurrent: 1, maxQueue: 1, queueTimeout: 500, name: 't' })],
      { runtime },
    );
    const running = guarded(1);
    const waiting = outcomeOf(guarded(2));
    await jest.advanceTimersByTimeAsync(499);
    expect([...bulkheadStatistics(runtime).values()][0]!.queueDepth).toBe(1);
    await jest.advanceTimersByTimeAsync(1);
    const refused = (await waiting) as BulkheadFullError;
    expect(refused.reason).toBe('queueTimeout');
    expect(refused.message).toBe('Bulkhead "t": no slot became free before the queue timeout.');
    expect([...bulkheadStatistics(runtime).values()][0]!).toMatchObject({
      queueDepth: 0,
      queueTimeouts: 1,
    });
    releases[0]!();
    await running;
    expect(started).toEqual([1]);
  });

  it('waits no longer than the call-context deadline', async () => {
    const { fn } = gate();
    const guarded = protect(
      fn,
      [bulkhead({ maxConcurrent: 1, maxQueue: 5, queueTimeout: 10_000 })],
      { runtime, name: 'd' },
    );
    void guarded(1);
    const waiting = runInContext({ deadline: Date.now() + 200 }, () => outcomeOf(guarded(2)));
    await jest.advanceTimersByTimeAsync(200);
    expect(await waiting).toMatchObject({ reason: 'queueTimeout' });
    const late = await runInContext({ deadline: Date.now() - 1 }, () => outcomeOf(guarded(3)));
    expect(late).toMatchObject({ reason: 'queueTimeout' });
  });

  it('frees the slot when the method throws synchronously or rejects', async () => {
    let mode: 'throw' | 'reject' = 'throw';
    const guarded = protect(
      (): Promise<string> => {
        if (mode === 'throw') throw new Error('sync');
        return Promise.reject(new Error('async'));
      },
      [bulkhead({ maxConcurrent: 1, name: 'f' })],
      { runtime },
    );
    // A method under an aspect that needs time must be async: its synchronous throw is a rejection.
    await expect(guarded()).rejects.toThrow('sync');
    mode = 'reject';
    await expect(guarded()).rejects.toThrow('async');
    expect([...bulkheadStatistics(runtime).values()][0]!).toMatchObject({
      active: 0,
      availablePermits: 1,
    });
  });

  it('rejects waiting calls with RuntimeDisposedError when the runtime is disposed', async () => {
    const { fn } = gate();
    const guarded = protect(fn, [bulkhead({ maxConcurrent: 1, maxQueue: 1 })], {
      runtime,
      name: 'x',
    });
    void guarded(1);
    const waiting = outcomeOf(guarded(2));
    runtime.dispose();
    expect(RuntimeDisposedError.is(await waiting)).toBe(true);
  });

  it('shares slots between methods using the same name and accepts a number as maxConcurrent', async () => {
    class Reports {
      @Bulkhead({ name: 'cpu', maxConcurrent: 1 })
      async render(): Promise<string> {
        return new Promise(() => undefined);
      }

      @Bulkhead({ name: 'cpu', maxConcurrent: 1 })
      async export(): Promise<string> {
        return 'exported';
      }

      @Bulkhead(3)
      async small(): Promise<number> {
        return 3;
      }
    }
    const reports = weave(new Reports(), runtime);
    void reports.render();
    expect(await outcomeOf(reports.export())).toBeInstanceOf(BulkheadFullError);
    await expect(reports.small()).resolves.toBe(3);
    expect([...bulkheadStatistics(runtime)].map(([name, s]) => [name, s.maxConcurrent])).toEqual([
      ['cpu', 1],
      ['Reports.small', 3],
    ]);
  });

  it('is refused on a synchronous method, and the refused call frees its slot', () => {
    class Sync {
      @Bulkhead({ maxConcurrent: 1, name: 'sync' })
      compute(): number {
        return 1;
      }
    }
    const sync = weave(new Sync(), runtime);
    expect(() => sync.compute()).toThrow(SyncUnsupportedError);
    expect(() => sync.compute()).toThrow(SyncUnsupportedError);
    expect([...bulkheadStatistics(runtime).values()][0]!.active).toBe(0);
  });

  it.each<[string, unknown, string]>([
    ['zero slots', { maxConcurrent: 0 }, 'option "maxConcurrent" must be an integer >= 1'],
    ['a negative queue', { maxQueue: -1 }, 'option "maxQueue" must be an integer >= 0'],
    [
      'a zero queue timeout',
      { queueTimeout: 0 },
      'option "queueTimeout" must be a finite number > 0',
    ],
    ['an unknown option', { max: 3 }, 'unknown option "max"'],
    ['a fractional number', 2.5, 'option "maxConcurrent" must be an integer >= 1'],
  ])('rejects %s with BALLAST_ERR_CONFIG', (_label, input, message) => {
    expect(() => Bulkhead(input as number)).toThrow(ConfigError);
    expect(() => Bulkhead(input as number)).toThrow(`@Bulkhead: ${message}`);
  });
});
