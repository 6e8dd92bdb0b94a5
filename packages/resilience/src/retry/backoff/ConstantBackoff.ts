import { OptionsReader } from '@ballast/core';
import type { Backoff } from './Backoff.js';
import { Jitter, type JitterOptions } from './Jitter.js';

/**
 * The same delay before every retry, optionally spread by a jitter. `new ConstantBackoff(0)`
 * retries at once (no timer) and is the only built-in strategy that lets `@Retry` run on
 * synchronous methods.
 *
 * @example
 * ```ts
 * @Retry({ backoff: new ConstantBackoff(250, { jitter: 0.2 }) }) // 200–300 ms
 * ```
 */
export class ConstantBackoff implements Backoff {
  readonly immediate: boolean;
  readonly #delayMs: number;
  readonly #jitter: Jitter;

  /** @param delayMs - wait before each retry, ms (>= 0). */
  constructor(delayMs: number, options: JitterOptions = {}) {
    const read = new OptionsReader('ConstantBackoff', { delayMs, ...options }, [
      'delayMs',
      'jitter',
      'random',
    ]);
    this.#delayMs = read.number('delayMs', 0, { min: 0 });
    this.#jitter = new Jitter(read);
    this.immediate = this.#delayMs === 0;
  }

  delay(): number {
    return this.#jitter.apply(this.#delayMs);
  }
}
