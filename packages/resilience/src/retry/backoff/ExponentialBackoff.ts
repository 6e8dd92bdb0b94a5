import { OptionsReader } from '@ballast/core';
import type { Backoff } from './Backoff.js';
import { Jitter, type JitterOptions } from './Jitter.js';

/** Options of {@link ExponentialBackoff}. */
export interface ExponentialBackoffOptions extends JitterOptions {
  /**
   * Delay before the first retry, ms.
   * @default 100
   */
  readonly initialDelay?: number;
  /**
   * Growth per retry (>= 1).
   * @default 2
   */
  readonly factor?: number;
}

/**
 * `initialDelay × factor^(retry − 1)`, optionally spread by a jitter, capped at the policy's
 * `maxDelay`. Stays finite for any retry number: an overflow to Infinity is capped, never
 * multiplied into NaN.
 *
 * @example
 * ```ts
 * @Retry({ backoff: new ExponentialBackoff({ initialDelay: 200, factor: 3, jitter: 0.25 }), maxDelay: 5_000 })
 * ```
 */
export class ExponentialBackoff implements Backoff {
  readonly #initialDelay: number;
  readonly #factor: number;
  readonly #jitter: Jitter;

  constructor(options: ExponentialBackoffOptions = {}) {
    const read = new OptionsReader('ExponentialBackoff', options, [
      'initialDelay',
      'factor',
      'jitter',
      'random',
    ]);
    this.#initialDelay = read.number('initialDelay', 100, { min: 0 });
    this.#factor = read.number('factor', 2, { min: 1, max: 1_000 });
    this.#jitter = new Jitter(read);
  }

  delay(retry: number, _previousDelay: number, maxDelay: number): number {
    if (this.#initialDelay === 0) return 0;
    const delay = this.#initialDelay * this.#factor ** (retry - 1);
    return this.#jitter.apply(delay < maxDelay ? delay : maxDelay);
  }
}
