import { jest } from '@jest/globals';
import {
  type AspectUse,
  createRuntime,
  currentDeadline,
  currentSignal,
  protect,
  type Runtime,
} from '@ballast/core';
import {
  breakerStatistics,
  circuitBreaker,
  ConstantBackoff,
  retry,
  retryStatistics,
  timeout,
  timeoutStatistics,
} from '@ballast/resilience';
import { outcomeOf } from './outcomes.js';

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
  readonly events: { type: string; [field: string]: unknown }[];
  readonly statistics: {
    retry: unknown;
    breaker: unknown[];
    timeout: unknown;
  };
}

const EVENTS = [
  'retry.attempt',
  'retry.give-up',
  'retry.budget-exhausted',
  'timeout.expired',
  'breaker.state',
] as const;

function observeStatistics(runtime: Runtime): Observation['statistics'] {
  return {
    retry: { ...retryStatistics(runtime).get('dep') },
    breaker: [...breakerStatistics(runtime).values()].map((statistics) => ({ ...statistics })),
    timeout: { ...timeoutStatistics(runtime).get('dep') },
  };
}

/**
 * Runs one scenario: the aspects `uses` around a scripted dependency named `dep`, on a fresh
 * runtime driven by Jest's fake timers; returns what it observed.
 */
export async function runStack(
  uses: () => AspectUse[],
  answer: Answer,
  drive: Drive,
): Promise<Observation> {
  const runtime = createRuntime();
  const events: Observation['events'] = [];
  for (const type of EVENTS)
    runtime.events.on(type, (payload) => events.push({ type, ...payload }));
  let calls = 0;
  const deadlines: (number | undefined)[] = [];
  const dependency = async (_id: string): Promise<string> => {
    calls++;
    const deadline = currentDeadline();
    deadlines.push(deadline === undefined ? undefined : deadline - Date.now());
    return answer(calls, currentSignal());
  };
  const protectedCall = protect(dependency, uses(), { runtime, name: 'dep' });
  try {
    const outcomes = await drive(() => protectedCall('x'));
    return { outcomes, calls, deadlines, events, statistics: observeStatistics(runtime) };
  } finally {
    runtime.dispose();
  }
}

export const refused = (): Promise<string> =>
  Promise.reject(Object.assign(new Error('connection refused'), { code: 'ECONNREFUSED' }));
export const ok = (call: number): Promise<string> => Promise.resolve(`ok ${call}`);

/** One call; time advanced by `ms` while it runs. */
export function single(ms: number): Drive {
  return async (call) => {
    const outcome = outcomeOf(call());
    await jest.advanceTimersByTimeAsync(ms);
    return [await outcome];
  };
}

/** Retry (10 ms apart, no budget) around a consecutive breaker around a 100 ms timeout. */
export const all = (): AspectUse[] => [
  retry({ backoff: new ConstantBackoff(10), budget: false }),
  circuitBreaker({ window: 'consecutive', consecutiveFailures: 3, openDuration: 1_000 }),
  timeout(100),
];
