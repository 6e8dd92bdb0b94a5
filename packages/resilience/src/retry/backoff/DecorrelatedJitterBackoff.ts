import { OptionsReader } from '@ballast/core';
import type { Backoff } from './Backoff.js';

/** Options of {@link DecorrelatedJitterBackoff}. */
export interface DecorrelatedJitterBackoffOptions {
  /**
   * The smallest delay and the base of the growth, ms (> 0).
   * @default 100
   */
  readonly initialDelay?: number;
  /**
   * Source of randomness in [0, 1); inject one to make delays reproducible.
   * @default Math.random
   */
  readonly random?: () => number;
}

/**
 * "Decorrelated jitter" (AWS architecture blog): each delay is random in
 * `[initialDelay, 3 × previous delay]`, capped at `maxDelay`. Callers that failed together spread
 * out instead of retrying in lockstep. The previous delay is itself capped, so the range never
 * grows past the cap and the math stays finite for any number of retries (cockatiel #86 returned
 * NaN after ~1,025 attempts). The default strategy of `@Retry`.
 *
 * @example
 * ```ts
 * @Retry({ backoff: new DecorrelatedJitterBackoff({ initialDelay: 50 }), maxDelay: 2_000 })
 * ```
 */
export class DecorrelatedJitterBackoff implements Backoff {
  readonly #initialDelay: number;
  readonly #random: () => number;

  constructor(options: DecorrelatedJitterBackoffOptions = {}) {
    const read = new OptionsReader('DecorrelatedJitterBackoff', options, [
      'initialDelay',
      'random',
    ]);
    this.#initialDelay = read.number('initialDelay', 100, { above: 0 });
    this.#random = read.func<() => number>('random') ?? Math.random;
  }

  delay(_retry: number, previousDelay: number, maxDelay: number): number {
    const low = this.#initialDelay < maxDelay ? this.#initialDelay : maxDelay;
    const previous =
      previousDelay < low ? low : previousDelay > maxDelay ? maxDelay : previousDelay;
    const high = previous * 3 < maxDelay ? previous * 3 : maxDelay;
    const delay = low + this.#random() * (high - low);
    return delay < low ? low : delay > high ? high : delay;
  }
}
