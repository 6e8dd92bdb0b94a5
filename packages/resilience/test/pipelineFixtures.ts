import { expect, jest } from '@jest/globals';
import {
  type AspectUse,
  createRuntime,
  currentDeadline,
  currentSignal,
  protect,
  type Runtime,
} from '@ballast/core';
import { breakerStatistics } from '../src/circuit-breaker/BreakerRegistry.js';
import { circuitBreaker } from '../src/circuit-breaker/CircuitBreaker.js';
import { resilienceFusion } from '../src/pipeline/resilienceFusion.js';
import { ConstantBackoff } from '../src/retry/backoff/ConstantBackoff.js';
import { retry } from '../src/retry/Retry.js';
import { retryStatistics } from '../src/retry/RetryStatistics.js';
import { timeout } from '../src/timeout/Timeout.js';
import { timeoutStatistics } from '../src/timeout/TimeoutStatistics.js';
import { outcomeOf } from './outcomes.js';

/*
 * Fixtures of the pipeline tests: a scenario runs once fused and once layered, and everything
 * observable (outcomes, calls, deadlines seen, events, statistics) must match.
 */

/** What the scripted dependency does on its n-th call (1-based), given the call's signal. */
export type Answer = (call: number, signal: AbortSignal | undefined) => Promise<string>;

/** Makes the calls of a scenario and advances fake time; returns the settled outcomes. */
export type Drive = (call: () => Promise<string>) => Promise<unknown[]>;

/** Everything observable about one run of a scenario. */
export interface Observation {
  readonly outcomes: unknown[];
  readonly calls: number;
  /** Remaining time of the deadline each call of the dependency saw (undefined: none). */
  readonly deadlines: (number | undefined)[];
  readonly events: unknown[];
  readonly statistics: unknown;
}

const EVENTS = [
  'retry.attempt',
  'retry.give-up',
  'retry.budget-exhausted',
  'timeout.expired',
  'breaker.state',
] as const;

function summary(value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  const { code, reason, attempts, state } = value as unknown as Record<string, unknown>;
  return {
    name: value.name,
    message: value.message,
    code,
    reason,
    attempts,
    state,
    cause: summary(value.cause),
  };
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
async function twinRun(
  fused: boolean,
  uses: () => AspectUse[],
  answer: Answer,
  drive: Drive,
): Promise<Observation> {
  const runtime = createRuntime();
  const events: unknown[] = [];
  for (const type of EVENTS) {
    runtime.events.on(type, (payload) => {
      events.push({
        type,
        ...Object.fromEntries(Object.entries(payload).map(([key, value]) => [key, summary(value)])),
      });
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
  const target = fused
    ? async (_id: string): Promise<string> => dependency()
    : (_id: string): Promise<string> => dependency();
  const fuse = jest.spyOn(resilienceFusion, 'fuse');
  const protectedCall = protect(target, uses(), { runtime, name: 'dep' });
  // The run really took the path it is meant to compare.
  expect(typeof fuse.mock.results.at(-1)?.value).toBe(fused ? 'function' : 'undefined');
  try {
    const outcomes = await drive(() => protectedCall('x'));
    return {
      outcomes: outcomes.map(summary),
      calls,
      deadlines,
      events,
      statistics: observeStatistics(runtime),
    };
  } finally {
    runtime.dispose();
  }
}

export const refused = (): Promise<string> =>
  Promise.reject(Object.assign(new Error('connection refused'), { code: 'ECONNREFUSED' }));
export const ok = (call: number): Promise<string> => Promise.resolve(`ok ${call}`);

/** Runs a scenario fused and layered; expects the same observations and returns them. */
export async function equivalent(
  uses: () => AspectUse[],
  answer: Answer,
  drive: Drive,
): Promise<Observation> {
  const fused = await twinRun(true, uses, answer, drive);
  const layered = await twinRun(false, uses, answer, drive);
  expect(fused).toEqual(layered);
  return fused;
}

/** One call; time advanced by `ms` while it runs. */
export function single(ms: number): Drive {
  return async (call) => {
    const outcome = outcomeOf(call());
    await jest.advanceTimersByTimeAsync(ms);
    return [await outcome];
  };
}

export const all = (): AspectUse[] => [
  retry({ backoff: new ConstantBackoff(10), budget: false }),
  circuitBreaker({ window: 'consecutive', consecutiveFailures: 3, openDuration: 1_000 }),
  timeout(100),
];
