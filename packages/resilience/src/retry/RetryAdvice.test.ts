import { describe, expect, it, jest } from '@jest/globals';
import { protect, type Runtime } from '@ballast/core';
import type { BackoffFunction } from './backoff/FunctionBackoff.js';
import { retry } from './Retry.js';
import { eachTestRuntime } from '../../test/eachTestRuntime.js';

const MAX_DELAY = 500;
const ATTEMPTS = 2_000;

/** A small seeded generator (mulberry32), so a failing run can be replayed. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** What the policy must make of a raw backoff result: NaN and anything above the cap → cap. */
function clamped(raw: number): number {
  if (Number.isNaN(raw) || raw > MAX_DELAY) return MAX_DELAY;
  return raw < 0 ? 0 : raw;
}

describe('RetryAdvice delay clamps', () => {
  let runtime: Runtime;
  eachTestRuntime((fresh) => (runtime = fresh));

  it.each<[string, () => BackoffFunction]>([
    ['NaN', () => () => Number.NaN],
    ['-1', () => () => -1],
    ['Infinity', () => () => Infinity],
    ['-Infinity', () => () => -Infinity],
    ['1e9', () => () => 1e9],
    [
      'a random value in [-2000, 2000)',
      () => {
        const r = seeded(7);
        return () => (r() - 0.5) * 4_000;
      },
    ],
    [
      'any of NaN, ±Infinity, -1, 0, 1e9 or a random value',
      () => {
        const r = seeded(42);
        const special = [Number.NaN, Infinity, -Infinity, -1, 0, 1e9];
        return () => (r() < 0.5 ? special[Math.floor(r() * special.length)]! : r() * 1_000);
      },
    ],
  ])(
    'keeps every delay finite and within [0, maxDelay] when a function backoff returns %s',
    async (_label, makeBackoff) => {
      const produced: number[] = [];
      const backoff = makeBackoff();
      const recording: BackoffFunction = (attempt, error) => {
        const delay = backoff(attempt, error);
        produced.push(delay);
        return delay;
      };
      let calls = 0;
      const fn = protect(
        async () => {
          calls++;
          throw new Error('down');
        },
        [retry({ maxAttempts: ATTEMPTS, maxDelay: MAX_DELAY, backoff: recording, budget: false })],
        { runtime, name: 'clamped' },
      );
      const delays: number[] = [];
      runtime.events.on('retry.attempt', ({ delayMs }) => delays.push(delayMs));

      const outcome = fn().then(
        () => 'resolved',
        (error: unknown) => error,
      );
      await jest.advanceTimersByTimeAsync(ATTEMPTS * MAX_DELAY);

      // Checked before awaiting the call: a NaN or infinite delay would leave it waiting forever.
      expect(delays.filter((delay) => !(delay >= 0 && delay <= MAX_DELAY))).toEqual([]);
      expect(delays).toEqual(produced.map(clamped));
      expect(delays).toHaveLength(ATTEMPTS - 1);
      expect(calls).toBe(ATTEMPTS);
      expect(await outcome).toMatchObject({
        code: 'BALLAST_ERR_RETRY_EXHAUSTED',
        attempts: ATTEMPTS,
      });
    },
  );
});
