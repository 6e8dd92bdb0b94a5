import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { type AspectUse, createRuntime, currentDeadline, currentSignal, protect, runInContext, type Runtime } from '@ballast/core';
import { circuitBreaker } from '../circuit-breaker/CircuitBreaker.js';
import { ConstantBackoff } from '../retry/backoff/ConstantBackoff.js';
import { retry } from '../retry/Retry.js';
import { timeout } from '../timeout/Timeout.js';
import { resilienceFusion } from './resilienceFusion.js';
import { breakerStatistics } from '../circuit-breaker/BreakerRegistry.js';
import { retryStatistics } from '../retry/RetryStatistics.js';
import { timeoutStatistics } from '../timeout/TimeoutStatistics.js';

/** What the scripted dependency does on its n-th call (1-based), given the call's signal. */
type Answer = (call: number, signal: AbortSignal | undefined) => Promise<string>;

/** Makes the calls of a scenario and advances fake time; returns the settled outcomes. */
type Drive = (call: () => Promise<string>) => Promise<unknown[]>;

/** Everything observable about one run of a scenario. */
interface Observation {
  readonly outcomes: unknown[];
  readonly calls: number;
  /** Remaining time of the deadline each call of the dependency saw (undefined: none). */
  readonly deadlines: (number | undefined)[];
  readonly events: unknown[];
  readonly statistics: unknown;
}

const EVENTS = ['retry.attempt', 'retry.give-up', 'retry.budget-exhausted', 'timeout.expired', 'breaker.state'] as const;

function summary(value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  const { code, reason, attempts, state } = value as unknown as Record<string, unknown>;
  return { name: value.name, message: value.message, code, reason, attempts, state, cause: summary(value.cause) };
}

function observeStatistics(runtime: Runtime): unknown {
  return {
    retry: { ...retryStatistics(runtime).get('dep') },
    breaker: breakerStatistics(runtime).map((statistics) => ({ ...statistics })),
    timeout: { ...timeoutStatistics(runtime).get('dep') },
  };
}

/**
 * Runs one scenario through `protect()` with the given aspects, either on
 * an `async` function (the kernel offers the run to the fusion: the pipeline) or on a plain
 * function returning a promise (async-ness unknown at weave time, so the fusion declines and the
 * aspects are layered). Both runs get a fresh runtime; comparing them checks equivalence.
 */
async function twinRun(fused: boolean, uses: () => AspectUse[], answer: Answer, drive: Drive): Promise<Observation> {
  const runtime = createRuntime();
  const events: unknown[] = [];
  for (const type of EVENTS) {
    runtime.events.on(type, (payload) => {
      events.push({ type, ...Object.fromEntries(Object.entries(payload).map(([key, value]) => [key, summary(value)])) });
    });
  }
  let calls = 0;
  const deadlines: (number | undefined)[] = [];
  const dependency = (): Promise<string> => {
    calls++;
    const deadline = currentDeadline();
    deadlines.push(deadline === undefined ? undefined : deadline - Date.now());
    return answer(calls, currentSignal());
  };
  const target = fused ? async (_id: string): Promise<string> => dependency() : (_id: string): Promise<string> => dependency();
  const fuse = jest.spyOn(resilienceFusion, 'fuse');
  const protectedCall = protect(target, uses(), { runtime, name: 'dep' });
  // The run really took the path it is meant to compare.
  expect(typeof fuse.mock.results.at(-1)?.value).toBe(fused ? 'function' : 'undefined');
  try {
    const outcomes = await drive(() => protectedCall('x'));
    return { outcomes: outcomes.map(summary), calls, deadlines, events, statistics: observeStatistics(runtime) };
  } finally {
    runtime.dispose();
  }
}

/** Settles `promise` into its value or its error, so outcomes can be compared. */
function outcomeOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => value,
    (error: unknown) => error,
  );
}

const hang = (): Promise<string> => new Promise<string>(() => undefined);
const refused = (): Promise<string> => Promise.reject(Object.assign(new Error('connection refused'), { code: 'ECONNREFUSED' }));
const ok = (call: number): Promise<string> => Promise.resolve(`ok ${call}`);

/** Runs a scenario fused and layered; expects the same observations and returns them. */
async function equivalent(uses: () => AspectUse[], answer: Answer, drive: Drive): Promise<Observation> {
  const fused = await twinRun(true, uses, answer, drive);
  const layered = await twinRun(false, uses, answer, drive);
  expect(fused).toEqual(layered);
  return fused;
}

/** One call; time advanced by `ms` while it runs. */
function single(ms: number): Drive {
  return async (call) => {
    const outcome = outcomeOf(call());
    await jest.advanceTimersByTimeAsync(ms);
    return [await outcome];
  };
}

const all = (): AspectUse[] => [
  retry({ backoff: new ConstantBackoff(10), budget: false }),
  circuitBreaker({ window: 'consecutive', consecutiveFailures: 3, openDuration: 1_000 }),
  timeout(100),
];

describe('ResiliencePipeline (fused Retry + CircuitBreaker + Timeout)', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('returns the value and counts one success in every aspect, as layered', async () => {
    const seen = await equivalent(all, ok, single(0));
    expect(seen.outcomes).toEqual(['ok 1']);
    expect(seen.statistics).toMatchObject({ retry: { successfulWithoutRetry: 1 }, breaker: [{ calls: { successful: 1, failed: 0 } }] });
  });

  it('retries a failed attempt after the backoff and succeeds, as layered', async () => {
    const seen = await equivalent(all, (call) => (call === 1 ? refused() : ok(call)), single(50));
    expect(seen.outcomes).toEqual(['ok 2']);
    expect(seen.statistics).toMatchObject({ retry: { successfulWithRetry: 1 }, breaker: [{ calls: { successful: 1, failed: 1 } }] });
    expect(seen.events).toEqual([expect.objectContaining({ type: 'retry.attempt', attempt: 1, delayMs: 10 })]);
  });

  it('times out each attempt on its own, counts the timeout as a breaker failure and retries it', async () => {
    const seen = await equivalent(all, (call) => (call === 1 ? hang() : ok(call)), single(500));
    expect(seen.outcomes).toEqual(['ok 2']);
    expect(seen.deadlines).toEqual([undefined, undefined]); // no caller context: nothing to join
    expect(seen.statistics).toMatchObject({ timeout: { timeouts: 1 }, breaker: [{ calls: { successful: 1, failed: 1 } }] });
  });

  it('gives up with RetryExhaustedError when every attempt times out', async () => {
    const seen = await equivalent(all, hang, single(1_000));
    expect(seen.outcomes).toEqual([expect.objectContaining({ code: 'BALLAST_ERR_RETRY_EXHAUSTED', reason: 'max-attempts', attempts: 3 })]);
    expect(seen.statistics).toMatchObject({ timeout: { timeouts: 3 }, retry: { failedWithRetry: 1 } });
  });

  it('refuses calls on an open breaker and never retries the refusal', async () => {
    const drive: Drive = async (call) => {
      const first = outcomeOf(call());
      await jest.advanceTimersByTimeAsync(100);
      return [await first, await outcomeOf(call()), await outcomeOf(call())];
    };
    const uses = (): AspectUse[] => [retry({ backoff: new ConstantBackoff(10), budget: false }), circuitBreaker({ window: 'consecutive', consecutiveFailures: 2 }), timeout(100)];
    const seen = await equivalent(uses, refused, drive);
    expect(seen.calls).toBe(2);
    expect(seen.outcomes).toEqual([
      expect.objectContaining({ code: 'BALLAST_ERR_CIRCUIT_OPEN' }),
      expect.objectContaining({ code: 'BALLAST_ERR_CIRCUIT_OPEN' }),
      expect.objectContaining({ code: 'BALLAST_ERR_CIRCUIT_OPEN' }),
    ]);
    expect(seen.statistics).toMatchObject({ retry: { failedWithRetry: 1, failedWithoutRetry: 2 }, breaker: [{ calls: { notPermitted: 3 } }] });
  });

  it('settles a half-open probe that times out in aggressive mode, so the breaker opens again', async () => {
    const uses = (): AspectUse[] => [
      retry({ maxAttempts: 1, onGiveUp: 'rethrow' }),
      circuitBreaker({ window: 'consecutive', consecutiveFailures: 1, openDuration: 1_000, halfOpenProbes: 1 }),
      timeout(100),
    ];
    const drive: Drive = async (call) => {
      const tripped = await outcomeOf(call());
      await jest.advanceTimersByTimeAsync(1_000);
      const probe = outcomeOf(call());
      await jest.advanceTimersByTimeAsync(100);
      const reopened = await probe;
      await jest.advanceTimersByTimeAsync(1_000);
      return [tripped, reopened, await outcomeOf(call())];
    };
    const seen = await equivalent(uses, (call) => (call === 1 ? refused() : call === 2 ? hang() : ok(call)), drive);
    expect(seen.outcomes).toEqual([expect.objectContaining({ code: 'ECONNREFUSED' }), expect.objectContaining({ code: 'BALLAST_ERR_TIMEOUT' }), 'ok 3']);
    expect(seen.statistics).toMatchObject({ breaker: [{ state: 'CLOSED', transitions: { OPEN: 2, HALF_OPEN: 2, CLOSED: 1 } }] });
  });

  it('gives up when the retry budget has no retry left', async () => {
    const uses = (): AspectUse[] => [retry({ budget: { ratio: 0, minRetriesPerSecond: 0 } }), circuitBreaker(), timeout(100)];
    const seen = await equivalent(uses, refused, single(0));
    expect(seen.outcomes).toEqual([expect.objectContaining({ reason: 'budget' })]);
    expect(seen.statistics).toMatchObject({ retry: { budgetExhausted: 1 } });
  });

  it('aborts the cooperative signal at the deadline and retries the late rejection as a TimeoutError', async () => {
    const uses = (): AspectUse[] => [retry({ backoff: new ConstantBackoff(10), budget: false }), circuitBreaker(), timeout({ ms: 100, mode: 'cooperative' })];
    const answer: Answer = (call, signal) => {
      if (call > 1) return ok(call);
      return new Promise<string>((_resolve, reject) => signal!.addEventListener('abort', () => reject(signal!.reason as Error)));
    };
    const seen = await equivalent(uses, answer, single(500));
    expect(seen.outcomes).toEqual(['ok 2']);
    expect(seen.deadlines).toEqual([100, 100]);
    expect(seen.statistics).toMatchObject({ timeout: { timeouts: 1 }, breaker: [{ calls: { failed: 1, successful: 1 } }] });
  });

  it('shortens the attempt to the caller deadline and stops retrying once it cannot be met', async () => {
    const drive: Drive = async (call) => {
      const outcome = outcomeOf(runInContext({ deadline: Date.now() + 150 }, call));
      await jest.advanceTimersByTimeAsync(500);
      return [await outcome];
    };
    const uses = (): AspectUse[] => [retry({ backoff: new ConstantBackoff(10), budget: false }), circuitBreaker(), timeout(1_000)];
    const seen = await equivalent(uses, hang, drive);
    expect(seen.deadlines).toEqual([150]);
    expect(seen.outcomes).toEqual([expect.objectContaining({ code: 'BALLAST_ERR_RETRY_EXHAUSTED', reason: 'deadline' })]);
  });

  it('fails at once with a TimeoutError when the caller deadline has already passed', async () => {
    const drive: Drive = async (call) => [await outcomeOf(runInContext({ deadline: Date.now() - 1 }, call))];
    const seen = await equivalent(all, ok, drive);
    expect(seen.calls).toBe(0);
    expect(seen.outcomes).toEqual([expect.objectContaining({ code: 'BALLAST_ERR_RETRY_EXHAUSTED', reason: 'deadline' })]);
  });

  it('retries on a result retryOnResult rejects, as layered', async () => {
    const uses = (): AspectUse[] => [retry({ backoff: new ConstantBackoff(10), budget: false, retryOnResult: (value) => value === 'ok 1' }), circuitBreaker(), timeout(100)];
    const seen = await equivalent(uses, ok, single(50));
    expect(seen.outcomes).toEqual(['ok 2']);
  });

  it('leaves retrying to an outer retry (nested: yield), also when only the call context shows it', async () => {
    const drive: Drive = async (call) => {
      const outerRuntime = createRuntime();
      const outer = protect(
        async () => {
          await Promise.resolve(); // past the synchronous part: only the context marks the outer attempt
          return call();
        },
        [retry({ maxAttempts: 2, backoff: new ConstantBackoff(10), budget: false })],
        { runtime: outerRuntime, name: 'outer' },
      );
      const outcome = outcomeOf(runInContext({ requestId: 'r-1' }, () => outer()));
      await jest.advanceTimersByTimeAsync(100);
      const settled = await outcome;
      outerRuntime.dispose();
      return [settled];
    };
    const seen = await equivalent(all, refused, drive);
    expect(seen.calls).toBe(2);
    expect(seen.statistics).toMatchObject({ retry: { failedWithoutRetry: 0, failedWithRetry: 0 } });
  });

  it('marks its attempts so a nested retry inside the method yields to it', async () => {
    const innerRuntime = createRuntime();
    const inner = protect(async () => refused(), [retry({ backoff: new ConstantBackoff(10), budget: false })], {
      runtime: innerRuntime,
      name: 'inner',
    });
    const answer: Answer = async () => {
      await Promise.resolve(); // past the synchronous part: only the context marks the attempt
      return inner();
    };
    const drive: Drive = async (call) => {
      const outcome = outcomeOf(runInContext({ requestId: 'r-2' }, call));
      await jest.advanceTimersByTimeAsync(100);
      return [await outcome];
    };
    const seen = await equivalent(all, answer, drive);
    innerRuntime.dispose();
    expect(seen.calls).toBe(3);
    expect(seen.outcomes).toEqual([expect.objectContaining({ code: 'BALLAST_ERR_RETRY_EXHAUSTED', cause: expect.objectContaining({ code: 'ECONNREFUSED' }) })]);
  });

  it.each([
    ['Retry + CircuitBreaker', (): AspectUse[] => [retry({ backoff: new ConstantBackoff(10), budget: false }), circuitBreaker()]],
    ['Retry + Timeout', (): AspectUse[] => [retry({ backoff: new ConstantBackoff(10), budget: false }), timeout(100)]],
    ['CircuitBreaker + Timeout', (): AspectUse[] => [circuitBreaker(), timeout(100)]],
  ])('fuses %s the same way', async (_name, uses) => {
    const seen = await equivalent(uses, (call) => (call === 1 ? refused() : ok(call)), async (call) => {
      const first = outcomeOf(call());
      await jest.advanceTimersByTimeAsync(500);
      return [await first, await outcomeOf(call())];
    });
    expect(seen.calls).toBeGreaterThan(1);
  });
});
