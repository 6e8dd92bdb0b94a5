import type { OutcomeWindow, WindowTotals } from './OutcomeWindow.js';
import type { RateThresholds } from './RateThresholds.js';

const FAILED = 1;
const SLOW = 2;

/**
 * The last `size` calls, in a ring of one byte per call with running totals: recording
 * overwrites the oldest outcome and adjusts the totals, so each call costs O(1) whatever the size.
 */
export class CountWindow implements OutcomeWindow {
  readonly needsTime = false;
  readonly #ring: Uint8Array;
  readonly #thresholds: RateThresholds;
  #next = 0;
  #calls = 0;
  #failures = 0;
  #slow = 0;

  constructor(size: number, thresholds: RateThresholds) {
    this.#ring = new Uint8Array(size);
    this.#thresholds = thresholds;
  }

  record(failed: boolean, slow: boolean): boolean {
    const ring = this.#ring;
    const index = this.#next;
    if (this.#calls === ring.length) {
      const evicted = ring[index]!;
      if ((evicted & FAILED) !== 0) this.#failures--;
      if ((evicted & SLOW) !== 0) this.#slow--;
    } else {
      this.#calls++;
    }
    ring[index] = (failed ? FAILED : 0) | (slow ? SLOW : 0);
    if (failed) this.#failures++;
    if (slow) this.#slow++;
    this.#next = index + 1 === ring.length ? 0 : index + 1;
    return this.#thresholds.exceeded(this.#calls, this.#failures, this.#slow);
  }

  totals(): WindowTotals {
    return { calls: this.#calls, failed: this.#failures, slow: this.#slow };
  }

  reset(): void {
    this.#next = 0;
    this.#calls = 0;
    this.#failures = 0;
    this.#slow = 0;
  }
}
