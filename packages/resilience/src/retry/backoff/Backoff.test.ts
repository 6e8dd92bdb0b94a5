import { describe, expect, it } from '@jest/globals';
import type { Backoff } from './Backoff.js';
import { ConstantBackoff } from './ConstantBackoff.js';
import { DecorrelatedJitterBackoff } from './DecorrelatedJitterBackoff.js';
import { ExponentialBackoff } from './ExponentialBackoff.js';
import { FunctionBackoff } from './FunctionBackoff.js';
import { LinearBackoff } from './LinearBackoff.js';

const ATTEMPTS = 10_000;

/** A seeded generator (mulberry32) so a failing sequence can be replayed. */
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

function delays(backoff: Backoff, maxDelay: number): number[] {
  const result: number[] = [];
  let previous = 0;
  for (let retry = 1; retry <= ATTEMPTS; retry++) {
    previous = backoff.delay(retry, previous, maxDelay, new Error('x'));
    result.push(previous);
  }
  return result;
}

function expectBounded(values: number[], low: number, high: number): void {
  const bad = values.findIndex((v) => !Number.isFinite(v) || v < low || v > high);
  expect(bad === -1 ? 'all bounded' : `retry ${bad + 1} gave ${values[bad]}`).toBe('all bounded');
}

describe('backoff strategies', () => {
  it('constant: the same finite delay for 10,000 retries', () => {
    expectBounded(delays(new ConstantBackoff(250), 10_000), 250, 250);
  });

  it.each([
    [100, 2, 10_000],
    [1, 10, 60_000],
    [0.5, 1_000, 1],
    [0, 2, 5_000],
  ])(
    'exponential(initial %p, factor %p): finite, rising to the cap %p over 10,000 retries',
    (initialDelay, factor, cap) => {
      const values = delays(new ExponentialBackoff({ initialDelay, factor }), cap);
      expectBounded(values, 0, cap);
      for (let i = 1; i < values.length; i++) expect(values[i]! >= values[i - 1]!).toBe(true);
      expect(values.at(-1)).toBe(initialDelay === 0 ? 0 : cap);
    },
  );

  it.each([1, 2, 3, 4, 5])(
    'decorrelated jitter (seed %p): within [initial, min(cap, 3 × previous)] for 10,000 retries',
    (seed) => {
      const initialDelay = 100;
      const cap = 20_000;
      const backoff = new DecorrelatedJitterBackoff({ initialDelay, random: seeded(seed) });
      let previous = 0;
      for (let retry = 1; retry <= ATTEMPTS; retry++) {
        const delay = backoff.delay(retry, previous, cap);
        const high = Math.min(cap, Math.max(initialDelay, previous) * 3);
        if (!(Number.isFinite(delay) && delay >= initialDelay && delay <= high)) {
          throw new Error(`retry ${retry}: ${delay} outside [${initialDelay}, ${high}]`);
        }
        previous = delay;
      }
    },
  );

  it('decorrelated jitter stays within bounds for extreme random values and a cap below the initial delay', () => {
    expectBounded(
      delays(
        new DecorrelatedJitterBackoff({ initialDelay: 100, random: () => 0.999999999 }),
        5_000,
      ),
      100,
      5_000,
    );
    expectBounded(
      delays(new DecorrelatedJitterBackoff({ initialDelay: 100, random: () => 0 }), 5_000),
      100,
      100,
    );
    expectBounded(
      delays(new DecorrelatedJitterBackoff({ initialDelay: 500, random: Math.random }), 50),
      50,
      50,
    );
  });

  it('function: passes the retry number and error through', () => {
    const error = new Error('x');
    const backoff = new FunctionBackoff((retry, e) => (e === error ? retry * 10 : -1));
    expect(backoff.delay(3, 0, 1_000, error)).toBe(30);
  });

  it('rejects invalid construction options with a coded error', () => {
    expect(() => new ExponentialBackoff({ factor: 0.5 })).toThrow(
      expect.objectContaining({ code: 'BALLAST_ERR_CONFIG' }),
    );
    expect(() => new DecorrelatedJitterBackoff({ initialDelay: 0 })).toThrow(
      /"initialDelay" must be a finite number > 0/,
    );
    expect(() => new ConstantBackoff(Number.POSITIVE_INFINITY)).toThrow(/"delayMs"/);
  });

  it('linear: initialDelay + increment × (retry − 1), capped', () => {
    const backoff = new LinearBackoff({ initialDelay: 100, increment: 50 });
    expect([1, 2, 3, 4].map((retry) => backoff.delay(retry, 0, 10_000))).toEqual([
      100, 150, 200, 250,
    ]);
    expect(new LinearBackoff().delay(3, 0, 10_000)).toBe(300);
    expectBounded(delays(new LinearBackoff({ initialDelay: 1 }), 5_000), 1, 5_000);
  });

  it.each([
    ['constant', (random: () => number) => new ConstantBackoff(1_000, { jitter: 0.5, random })],
    [
      'linear',
      (random: () => number) =>
        new LinearBackoff({ initialDelay: 1_000, increment: 0, jitter: 0.5, random }),
    ],
    [
      'exponential',
      (random: () => number) =>
        new ExponentialBackoff({ initialDelay: 1_000, factor: 1, jitter: 0.5, random }),
    ],
  ])('%s: a jitter spreads each delay over delay × (1 ± jitter)', (_name, make) => {
    expect([0, 0.5, 0.999999].map((r) => Math.round(make(() => r).delay(1, 0, 10_000)))).toEqual([
      500, 1_000, 1_500,
    ]);
    expectBounded(delays(make(seeded(3)), 10_000), 500, 1_500);
  });

  it('keeps ConstantBackoff(0) immediate whatever the jitter', () => {
    expect(new ConstantBackoff(0, { jitter: 1 }).immediate).toBe(true);
    expect(new ConstantBackoff(0, { jitter: 1 }).delay()).toBe(0);
  });

  it('refuses a jitter outside [0, 1] or a random that is not a function', () => {
    expect(() => new ConstantBackoff(10, { jitter: 2 })).toThrow(
      /"jitter" must be a finite number >= 0 <= 1/,
    );
    expect(() => new LinearBackoff({ increment: -1 })).toThrow(/"increment"/);
    expect(() => new ExponentialBackoff({ random: 0.5 as never })).toThrow(
      /"random" must be a function/,
    );
  });
});
