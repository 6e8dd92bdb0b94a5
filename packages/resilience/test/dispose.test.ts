import { afterEach, describe, expect, it } from '@jest/globals';
import {
  type Clock,
  createRuntime,
  currentSignal,
  type Runtime,
  RuntimeDisposedError,
  runInContext,
  systemClock,
  weave,
} from '@ballast/core';
import {
  breakerStatistics,
  Bulkhead,
  bulkheadStatistics,
  CircuitBreaker,
  ConstantBackoff,
  Fallback,
  fallbackStatistics,
  RateLimit,
  rateLimitStatistics,
  Retry,
  retryStatistics,
  Timeout,
  timeoutStatistics,
} from '@ballast/resilience';
import { hang, outcomeOf } from './outcomes.js';

/**
 * The system clock with its timers kept referenced (the runtime's own are unref'd, which
 * `process.getActiveResourcesInfo()` does not list), and a count of those not yet run or cleared.
 */
class ReferencedClock implements Clock {
  readonly live = new Set<ReturnType<typeof setTimeout>>();

  now(): number {
    return systemClock.now();
  }

  setTimer(callback: () => void, delayMs: number): ReturnType<typeof setTimeout> {
    const timer = setTimeout(() => {
      this.live.delete(timer);
      callback();
    }, delayMs);
    this.live.add(timer);
    return timer;
  }

  clearTimer(handle: unknown): void {
    const timer = handle as ReturnType<typeof setTimeout>;
    this.live.delete(timer);
    clearTimeout(timer);
  }
}

function activeTimeouts(): number {
  return process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
}

function gate<T>(): { promise: Promise<T>; open(value: T): void } {
  let open: (value: T) => void = () => undefined;
  const promise = new Promise<T>((resolve) => (open = resolve));
  return { promise, open };
}

function events(runtime: Runtime, count: number): Promise<void> {
  return new Promise((resolve) => {
    let seen = 0;
    runtime.events.on('retry.attempt', () => {
      if (++seen === count) resolve();
    });
  });
}

const PENDING = Symbol('still pending');

/**
 * What `call` settled with by the next turn of the event loop, or {@link PENDING}: a call left
 * hanging fails an assertion instead of timing the test out.
 */
function outcome(call: Promise<unknown>): Promise<unknown> {
  return Promise.race([call, new Promise((resolve) => setImmediate(resolve, PENDING))]);
}

const DISPOSED = { code: RuntimeDisposedError.code };

/** Every delay here is long on purpose: the work must still be pending when the runtime goes. */
class Service {
  readonly slot = gate<string>();
  readonly reply = gate<string>();
  fallbackErrors: unknown[] = [];

  @CircuitBreaker({ name: 'hosts', key: (args: unknown[]) => String(args[0]), keyIdleTtl: 60_000 })
  async byHost(host: string): Promise<string> {
    return `ok ${host}`;
  }

  @Retry({ name: 'flaky', backoff: new ConstantBackoff(60_000), budget: false })
  async flaky(): Promise<never> {
    throw new Error('down');
  }

  @Fallback({ method: 'offline' })
  @Retry({ name: 'guarded', backoff: new ConstantBackoff(60_000), budget: false })
  async guarded(): Promise<never> {
    throw new Error('down');
  }

  offline(error: unknown): string {
    this.fallbackErrors.push(error);
    return 'offline';
  }

  @Bulkhead({ name: 'narrow', maxConcurrent: 1, maxQueue: 1 })
  async narrow(): Promise<string> {
    return this.slot.promise;
  }

  @RateLimit({ name: 'scarce', rate: 1, interval: 60_000, burst: 1, maxWait: 60_000 })
  async scarce(): Promise<string> {
    return 'token';
  }

  @Timeout(60_000)
  async timed(): Promise<string> {
    return this.reply.promise;
  }
}

describe('runtime.dispose() with resilience work pending (real timers)', () => {
  let runtime: Runtime | undefined;
  afterEach(() => runtime?.dispose()); // also when an assertion failed before the test's own

  it('settles every pending call and leaves no timer behind', async () => {
    const timeoutsBefore = activeTimeouts();
    const clock = new ReferencedClock();
    runtime = createRuntime({ clock });
    const service = weave(new Service(), runtime);

    await expect(service.byHost('a')).resolves.toBe('ok a'); // a keyed breaker: idle sweep armed
    const retriesWaiting = events(runtime, 2);
    const flaky = outcomeOf(service.flaky());
    const guarded = outcomeOf(service.guarded());
    await retriesWaiting;
    const running = outcomeOf(service.narrow());
    const queued = outcomeOf(service.narrow());
    const permitted = outcomeOf(service.scarce());
    const waitingForToken = outcomeOf(service.scarce());
    const timed = outcomeOf(service.timed());
    expect([...bulkheadStatistics(runtime).values()][0]!).toMatchObject({
      active: 1,
      queueDepth: 1,
    });
    expect(runtime.scheduler.size).toBeGreaterThan(0);
    expect(clock.live.size).toBe(1);
    expect(activeTimeouts()).toBe(timeoutsBefore + 1);

    runtime.dispose();

    expect(runtime.scheduler.size).toBe(0);
    expect(clock.live.size).toBe(0);
    expect(activeTimeouts()).toBeLessThanOrEqual(timeoutsBefore);
    // Waiting for a retry, a bulkhead slot or a token: rejected with the runtime's coded error.
    expect(await outcome(flaky)).toMatchObject(DISPOSED);
    expect(await outcome(queued)).toMatchObject(DISPOSED);
    expect(await outcome(waitingForToken)).toMatchObject(DISPOSED);
    // A timed call can no longer be timed: an aggressive caller is freed with the same error.
    expect(await outcome(timed)).toMatchObject(DISPOSED);
    // A fallback replaces that error like any other.
    expect(await outcome(guarded)).toBe('offline');
    expect(service.fallbackErrors).toEqual([expect.objectContaining(DISPOSED)]);
    // Work already admitted finishes with its own outcome.
    expect(await outcome(permitted)).toBe('token');
    service.slot.open('slot');
    expect(await outcome(running)).toBe('slot');
    service.reply.open('reply'); // the method's late value goes nowhere
    expect([...rateLimitStatistics(runtime).values()][0]!).toMatchObject({
      permitted: 1,
      rejected: 0,
    });
    expect(runtime.scheduler.size).toBe(0);
    expect(clock.live.size).toBe(0);
  });
});

/** Methods that never settle on their own (the cooperative one stops when its signal aborts). */
class Hung {
  @Timeout(60_000)
  async alone(): Promise<string> {
    return hang();
  }

  @Retry({ name: 'hung', backoff: new ConstantBackoff(10), budget: false })
  @CircuitBreaker({ name: 'hung' })
  @Timeout(60_000)
  async stacked(): Promise<string> {
    return hang();
  }

  @Timeout({ ms: 60_000, mode: 'cooperative' })
  async cooperative(): Promise<string> {
    const signal = currentSignal()!;
    return new Promise<string>((_, reject) => {
      signal.addEventListener('abort', () => reject(signal.reason as Error));
    });
  }
}

describe('runtime.dispose() with timed calls whose methods never settle', () => {
  it('frees every caller with the runtime’s coded error, queued or timed alone', async () => {
    const runtime = createRuntime();
    const hung = weave(new Hung(), runtime);
    const alone = outcomeOf(hung.alone());
    const stacked = outcomeOf(hung.stacked());
    const cooperative = outcomeOf(hung.cooperative());
    // An outer deadline shorter than the limit: timed by its own task, outside the queue.
    const shortened = outcomeOf(
      runInContext({ deadline: runtime.clock.now() + 30_000 }, () => hung.alone()),
    );

    runtime.dispose();

    expect(await outcome(alone)).toMatchObject(DISPOSED);
    expect(await outcome(stacked)).toMatchObject(DISPOSED);
    expect(await outcome(cooperative)).toMatchObject(DISPOSED);
    expect(await outcome(shortened)).toMatchObject(DISPOSED);
  });
});

describe('statistics of a disposed runtime', () => {
  it('read as empty, without creating registries, when an aspect was never used', () => {
    const runtime = createRuntime();
    runtime.dispose();
    for (const read of [
      breakerStatistics,
      bulkheadStatistics,
      rateLimitStatistics,
      retryStatistics,
      timeoutStatistics,
      fallbackStatistics,
    ]) {
      expect(read(runtime).size).toBe(0);
    }
  });
});
