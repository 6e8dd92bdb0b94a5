import type { OptionsReader } from '@ballast/core';

/** The jitter options shared by the constant, linear and exponential backoffs. */
export interface JitterOptions {
  /**
   * Spreads each delay uniformly over `delay × (1 ± jitter)`, 0 to 1 (0.5: from half to one and
   * a half times the delay), so callers that failed together do not retry in lockstep.
   * @default 0 (no jitter)
   */
  readonly jitter?: number;
  /**
   * Source of randomness in [0, 1); inject one to make delays reproducible.
   * @default Math.random
   */
  readonly random?: () => number;
}

/** A validated jitter: applies itself to a computed delay. */
export class Jitter {
  readonly #spread: number;
  readonly #random: () => number;

  /** Reads `jitter` and `random` from `read` (a `ConfigError` names a bad one). */
  constructor(read: OptionsReader) {
    this.#spread = read.number('jitter', 0, { min: 0, max: 1 });
    this.#random = read.func<() => number>('random') ?? Math.random;
  }

  /** `delay` spread by the jitter (unchanged without one). */
  apply(delay: number): number {
    if (this.#spread === 0) return delay;
    return delay * (1 - this.#spread + 2 * this.#spread * this.#random());
  }
}
