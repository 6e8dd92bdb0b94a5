import type { OutcomeWindow, WindowTotals } from './OutcomeWindow.js';

/**
 * Counts failures in a row: `threshold` consecutive failures open the circuit and any success
 * starts the count again. Slow calls count as failures only when `slowIsFailure` is set.
 */
export class ConsecutiveWindow implements OutcomeWindow {
  readonly needsTime = false;
  readonly #threshold: number;
  readonly #slowIsFailure: boolean;
  #run = 0;

  constructor(threshold: number, slowIsFailure: boolean) {
    this.#threshold = threshold;
    this.#slowIsFailure = slowIsFailure;
  }

  record(failed: boolean, slow: boolean): boolean {
    if (failed || (slow && this.#slowIsFailure)) return ++this.#run >= this.#threshold;
    this.#run = 0;
    return false;
  }

  /** The current run: failures in a row (slow calls among them when they count). */
  totals(): WindowTotals {
    return { calls: this.#run, failed: this.#run, slow: 0 };
  }

  reset(): void {
    this.#run = 0;
  }
}
