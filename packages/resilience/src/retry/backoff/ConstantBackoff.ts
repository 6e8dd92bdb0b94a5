import { OptionsReader } from '@ballast/core';
import type { Backoff } from './Backoff.js';

/**
 * The same delay before every retry. `new ConstantBackoff(0)` retries at once and is the only
 * built-in strategy that lets `@Retry` run on synchronous methods.
 *
 * @example
 * ```ts
 * @Retry({ backoff: new ConstantBackoff(250) })
 * ```
 */
export class ConstantBackoff implements Backoff {
  readonly immediate: boolean;
  readonly #delayMs: number;

  /** @param delayMs - wait before each retry, ms (>= 0). */
  constructor(delayMs: number) {
    this.#delayMs = new OptionsReader('ConstantBackoff', { delayMs }, ['delayMs']).number(
      'delayMs',
      0,
      { min: 0 },
    );
    this.immediate = this.#delayMs === 0;
  }

  delay(): number {
    return this.#delayMs;
  }
}
