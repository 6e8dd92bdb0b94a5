import type { OutcomeWindow, WindowTotals } from './OutcomeWindow.js';
import type { RateThresholds } from './RateThresholds.js';

/**
 * Calls of the last `durationMs`, in a ring of `buckets` time slices with running totals. A call
 * lands in the slice of its time; slices that fell out of the window are subtracted and cleared
 * as time moves on (at most `buckets` of them per call, usually none), so a call is O(1).
 */
export class TimeWindow implements OutcomeWindow {
  readonly needsTime = true;
  readonly #bucketMs: number;
  readonly #calls: Uint32Array;
  readonly #failures: Uint32Array;
  readonly #slow: Uint32Array;
  readonly #thresholds: RateThresholds;
  /** Absolute slice number (time / bucketMs) of the newest slice; -1 before the first call. */
  #head = -1;
  #totalCalls = 0;
  #totalFailures = 0;
  #totalSlow = 0;

  constructor(durationMs: number, buckets: number, thresholds: RateThresholds) {
    this.#bucketMs = durationMs / buckets;
    this.#calls = new Uint32Array(buckets);
    this.#failures = new Uint32Array(buckets);
    this.#slow = new Uint32Array(buckets);
    this.#thresholds = thresholds;
  }

  record(failed: boolean, slow: boolean, now: number): boolean {
    const slice = Math.floor(now / this.#bucketMs);
    if (slice > this.#head) this.#advance(slice);
    // A clock that stepped back files the call under the newest slice rather than losing it.
    const index = Math.max(slice, this.#head) % this.#calls.length;
    this.#calls[index]!++;
    this.#totalCalls++;
    if (failed) {
      this.#failures[index]!++;
      this.#totalFailures++;
    }
    if (slow) {
      this.#slow[index]!++;
      this.#totalSlow++;
    }
    return this.#thresholds.exceeded(this.#totalCalls, this.#totalFailures, this.#totalSlow);
  }

  totals(now: number): WindowTotals {
    const slice = Math.floor(now / this.#bucketMs);
    if (this.#head >= 0 && slice > this.#head) this.#advance(slice);
    return { calls: this.#totalCalls, failed: this.#totalFailures, slow: this.#totalSlow };
  }

  reset(): void {
    this.#calls.fill(0);
    this.#failures.fill(0);
    this.#slow.fill(0);
    this.#head = -1;
    this.#totalCalls = 0;
    this.#totalFailures = 0;
    this.#totalSlow = 0;
  }

  #advance(slice: number): void {
    const size = this.#calls.length;
    if (this.#head < 0 || slice - this.#head >= size) {
      this.reset();
      this.#head = slice;
      return;
    }
    for (let expired = this.#head + 1; expired <= slice; expired++) {
      const index = expired % size;
      this.#totalCalls -= this.#calls[index]!;
      this.#totalFailures -= this.#failures[index]!;
      this.#totalSlow -= this.#slow[index]!;
      this.#calls[index] = 0;
      this.#failures[index] = 0;
      this.#slow[index] = 0;
    }
    this.#head = slice;
  }
}
