import { OptionsReader } from '@ballast/core';
import type { Backoff } from './Backoff.js';
import { Jitter, type JitterOptions } from './Jitter.js';

/** Options of {@link LinearBackoff}. */
export interface LinearBackoffOptions extends JitterOptions {
  /**
   * Delay before the first retry, ms.
   * @default 100
   */
  readonly initialDelay?: number;
  /**
   * Added per further retry, ms.
   * @default initialDelay
   */
  readonly increment?: number;
}

/**
 * `initialDelay + increment × (retry − 1)` (100, 200, 300 ms … by default), optionally spread
 * by a jitter, capped at the policy's `maxDelay`.
 *
 * @example
 * ```ts
 * @Retry({ backoff: new LinearBackoff({ initialDelay: 500, increment: 250 }), maxDelay: 3_000 })
 * ```
 */
export class LinearBackoff implements Backoff {
  readonly #initialDelay: number;
  readonly #increment: number;
  readonly #jitter: Jitter;

  constructor(options: LinearBackoffOptions = {}) {
    const read = new OptionsReader('LinearBackoff', options, [
      'initialDelay',
      'increment',
      'jitter',
      'random',
    ]);
    this.#initialDelay = read.number('initialDelay', 100, { min: 0 });
    this.#increment = read.number('increment', this.#initialDelay, { min: 0 });
    this.#jitter = new Jitter(read);
  }

  delay(retry: number, _previousDelay: number, maxDelay: number): number {
    const delay = this.#initialDelay + this.#increment * (retry - 1);
    return this.#jitter.apply(delay < maxDelay ? delay : maxDelay);
  }
}
