import { describe, expect, it, jest } from '@jest/globals';
import {
  ConfigError,
  createRuntime,
  currentDeadline,
  currentSignal,
  protect,
  type Runtime,
  runInContext,
  weave,
} from '@ballast/core';
import { Timeout, timeout } from './Timeout.js';
import { TimeoutError } from './TimeoutError.js';
import { timeoutStatistics } from './TimeoutStatistics.js';
import { eachTestRuntime } from '../../test/eachTestRuntime.js';

function never(): Promise<never> {
  return new Promise(() => {});
}

function after<T>(ms: number, value: T): Promise<T> {
  return new Promise((resolve) => setTimeout(() => resolve(value), ms));
}

describe('Timeout', () => {
  let runtime: Runtime;
  eachTestRuntime((fresh) => (runtime = fresh));

  it('rejects with TimeoutError at the deadline even when the method ignores its signal', async () => {
    class Slow {
      @Timeout(2_000)
      async get(): Promise<string> {
        return never();
      }
    }
    const slow = weave(new Slow(), runtime);
    let outcome: unknown = 'pending';
    slow.get().catch((error: unknown) => (outcome = error));
    await jest.advanceTimersByTimeAsync(1_999);
    expect(outcome).toBe('pending');
    await jest.advanceTimersByTimeAsync(1);
    expect(outcome).toBeInstanceOf(TimeoutError);
    expect(outcome).toMatchObject({
      code: 'BALLAST_ERR_TIMEOUT',
      timeoutMs: 2_000,
      message: 'Slow.get: timed out after 2000 ms.',
    });
    expect(timeoutStatistics(runtime).get('Slow.get')?.timeouts).toBe(1);
  });

  it('returns the result of a call that finishes in time and never creates a signal it was not asked for', async () => {
    const spy = jest.spyOn(globalThis, 'AbortController');
    const fn = protect(async (x: number) => after(500, x * 2), [timeout(1_000)], { runtime });
    const result = fn(21);
    await jest.advanceTimersByTimeAsync(500);
    await expect(result).resolves.toBe(42);
    expect(spy).not.toHaveBeenCalled();
  });

  it('passes failures through unchanged', async () => {
    const error = new Error('no');
    const fn = protect(
      async () => {
        throw error;
      },
      [timeout(1_000)],
      { runtime },
    );
    await expect(fn()).rejects.toBe(error);
  });

  it('aborts the signal the method asked for at the deadline, and never on success', async () => {
    const signals: AbortSignal[] = [];
    const fn = protect(
      async (ms: number) => {
        signals.push(currentSignal()!);
        return after(ms, 'late');
      },
      [timeout(100)],
      { runtime },
    );
    const ok = runInContext({ requestId: 'r1' }, () => fn(50));
    const late = runInContext({ requestId: 'r2' }, () => fn(500)).catch((e: unknown) => e);
    await jest.advanceTimersByTimeAsync(100);
    await expect(ok).resolves.toBe('late');
    expect(signals[0]!.aborted).toBe(false);
    expect(signals[1]!.aborted).toBe(true);
    expect(signals[1]!.reason).toBeInstanceOf(TimeoutError);
    expect(await late).toBeInstanceOf(TimeoutError);
  });

  it('in cooperative mode waits for the method and turns a rejection after the deadline into TimeoutError', async () => {
    const fn = protect(
      async () => {
        const signal = currentSignal()!;
        return new Promise((_resolve, reject) =>
          signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true }),
        );
      },
      [timeout({ ms: 300, mode: 'cooperative' })],
      { runtime },
    );
    const settled = expect(fn()).rejects.toMatchObject({
      code: 'BALLAST_ERR_TIMEOUT',
      cause: expect.objectContaining({ message: 'aborted' }),
    });
    await jest.advanceTimersByTimeAsync(300);
    await settled;
  });

  it('in cooperative mode returns a value that arrives late', async () => {
    const fn = protect(
      async () => after(500, 'late but done'),
      [timeout({ ms: 300, mode: 'cooperative' })],
      { runtime },
    );
    const result = fn();
    await jest.advanceTimersByTimeAsync(500);
    await expect(result).resolves.toBe('late but done');
  });

  it('shrinks to the remaining outer deadline and exposes its own deadline to nested calls', async () => {
    const seen: (number | undefined)[] = [];
    const inner = protect(
      async () => {
        seen.push(currentDeadline());
        return never();
      },
      [timeout(5_000)],
      { runtime, name: 'inner' },
    );
    const outer = protect(
      async () => {
        seen.push(currentDeadline());
        await after(400, null);
        return inner();
      },
      [timeout(1_000)],
      { runtime, name: 'outer' },
    );
    const start = Date.now();
    const settled = expect(runInContext({ requestId: 'r1' }, outer)).rejects.toBeInstanceOf(
      TimeoutError,
    );
    await jest.advanceTimersByTimeAsync(1_000);
    await settled;
    expect(seen).toEqual([start + 1_000, start + 1_000]);
    expect(timeoutStatistics(runtime).get('inner')?.timeouts).toBe(1);
  });

  it("starts a context for the deadline and the signal with context: 'start'", async () => {
    let seen: [number | undefined, boolean] | undefined;
    const fn = protect(
      async () => {
        seen = [currentDeadline(), currentSignal() instanceof AbortSignal];
      },
      [timeout({ ms: 1_000, context: 'start' })],
      { runtime },
    );
    const start = Date.now();
    await fn();
    expect(seen).toEqual([start + 1_000, true]);
  });

  it("starts no context of its own with context: 'join' (the default) outside any context", async () => {
    let seen: [number | undefined, AbortSignal | undefined] | undefined;
    const fn = protect(
      async () => {
        seen = [currentDeadline(), currentSignal()];
      },
      [timeout(1_000)],
      { runtime },
    );
    await fn();
    expect(seen).toEqual([undefined, undefined]);
  });

  it('fails at once without calling the method when the caller deadline has passed', async () => {
    let called = false;
    const fn = protect(
      async () => {
        called = true;
      },
      [timeout(1_000)],
      { runtime },
    );
    await expect(runInContext({ deadline: Date.now() - 1 }, fn)).rejects.toMatchObject({
      code: 'BALLAST_ERR_TIMEOUT',
      timeoutMs: 0,
    });
    expect(called).toBe(false);
  });

  it('times out many overlapping calls in order with one scheduler task', async () => {
    const schedule = jest.spyOn(runtime.scheduler, 'schedule');
    const fn = protect(async () => never(), [timeout(1_000)], { runtime });
    const outcomes: number[] = [];
    for (let i = 0; i < 100; i++) {
      fn().catch(() => outcomes.push(i));
      await jest.advanceTimersByTimeAsync(5);
    }
    // Besides the coarse clock's 1 ms refresh, only the policy's own task is scheduled.
    expect(schedule.mock.calls.filter(([ms]) => ms > 1)).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(outcomes).toEqual([...Array(100).keys()]);
  });

  it('expires only the calls still pending among those that share a deadline', async () => {
    const settle: ((value: string) => void)[] = [];
    const fn = protect(
      async (_i: number) => new Promise<string>((resolve) => settle.push(resolve)),
      [timeout(1_000)],
      { runtime, name: 'shared' },
    );
    const outcomes = [0, 1, 2, 3, 4, 5].map((i) =>
      fn(i).catch((error: unknown) => (error as TimeoutError).code),
    );
    await jest.advanceTimersByTimeAsync(0);
    settle[1]!('one');
    settle[4]!('four');
    await jest.advanceTimersByTimeAsync(999);
    expect(runtime.scheduler.keepingAlive).toBe(true);
    await jest.advanceTimersByTimeAsync(1);
    const timedOut = 'BALLAST_ERR_TIMEOUT';
    expect(await Promise.all(outcomes)).toEqual([
      timedOut,
      'one',
      timedOut,
      timedOut,
      'four',
      timedOut,
    ]);
    expect(timeoutStatistics(runtime).get('shared')?.timeouts).toBe(4);
    expect(runtime.scheduler.keepingAlive).toBe(false);
  });

  it('adds no abort listener per call on a shared signal (no MaxListeners leak)', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error): number => warnings.push(w.name);
    process.on('warning', onWarning);
    const fn = protect(async () => 'ok', [timeout(1_000)], { runtime });
    for (let i = 0; i < 50; i++) await fn();
    await runInContext({ cancellation: { signal: new AbortController().signal } }, async () => {
      for (let i = 0; i < 50; i++) await fn();
    });
    process.off('warning', onWarning);
    expect(warnings).toEqual([]);
  });

  it('turns a synchronous throw of a promise-returning function into a rejection', async () => {
    const fn = protect(
      (): Promise<number> => {
        throw new TypeError('bad argument');
      },
      [timeout(1_000)],
      { runtime },
    );
    await expect(fn()).rejects.toThrow(TypeError);
    expect(runtime.scheduler.keepingAlive).toBe(false); // timing stopped
  });

  it('emits timeout.expired', async () => {
    const events: unknown[] = [];
    runtime.events.on('timeout.expired', (e) => events.push(e));
    const fn = protect(async () => never(), [timeout({ ms: 10, name: 'probe' })], { runtime });
    fn().catch(() => undefined);
    await jest.advanceTimersByTimeAsync(10);
    expect(events).toEqual([{ policy: 'probe', timeoutMs: 10 }]);
  });

  it('rejects calls made after the runtime was disposed with a coded error', async () => {
    const fn = protect(async () => 'x', [timeout(10)], { runtime });
    runtime.dispose();
    await expect(fn()).rejects.toMatchObject({ code: 'BALLAST_ERR_RUNTIME_DISPOSED' });
  });

  it('rejects bad options with BALLAST_ERR_CONFIG naming the option', () => {
    const bad: [unknown, RegExp][] = [
      [0, /"ms" must be an integer >= 1/],
      [-5, /"ms"/],
      [Number.POSITIVE_INFINITY, /"ms"/],
      [3_000_000_000, /<= 2147483647/],
      [undefined, /"ms" must be given/],
      [{ ms: 10, mode: 'eager' }, /"mode" must be one of aggressive, cooperative/],
      [{ ms: 10, signal: true }, /unknown option "signal"/],
    ];
    for (const [input, message] of bad) {
      const attempt = (): unknown => Timeout(input as never);
      expect(attempt).toThrow(ConfigError);
      expect(attempt).toThrow(message);
    }
  });
});

describe('Timeout with the system clock', () => {
  it("counts a call in flight as awaited, leaves only unref'd housekeeping after it, and nothing after runtime.dispose()", async () => {
    const keepingAlive = (): number =>
      process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    const before = keepingAlive();
    const runtime = createRuntime();
    let inFlight = false;
    const fn = protect(
      async (x: number) => {
        inFlight = runtime.scheduler.keepingAlive;
        return x + 1;
      },
      [timeout(60_000)],
      { runtime },
    );
    await expect(fn(1)).resolves.toBe(2);
    expect(inFlight).toBe(true);
    expect(runtime.scheduler.size).toBeGreaterThan(0); // the queue's spare wake-up, unref'd
    expect(keepingAlive()).toBe(before);
    runtime.dispose();
    expect(runtime.scheduler.size).toBe(0);
  });
});
