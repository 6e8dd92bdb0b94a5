/**
 * This process's calls and retries in time slots over a sliding window (a ring of slots):
 * what a retry budget falls back on while Redis is unreachable.
 */
export class SlotCounts {
  readonly #calls: Float64Array;
  readonly #retries: Float64Array;
  #slot = -Infinity;
  calls = 0;
  retries = 0;

  constructor(
    readonly slotMs: number,
    readonly slots: number,
  ) {
    this.#calls = new Float64Array(slots);
    this.#retries = new Float64Array(slots);
  }

  /** Moves the window to `now`, dropping slots that left it. */
  advance(now: number): void {
    const slot = Math.floor(now / this.slotMs);
    if (slot <= this.#slot) return; // a clock that went back keeps the current slot
    const steps = Math.min(slot - this.#slot, this.slots);
    for (let step = 1; step <= steps; step++) {
      const index = (slot - steps + step) % this.slots;
      this.calls -= this.#calls[index]!;
      this.retries -= this.#retries[index]!;
      this.#calls[index] = 0;
      this.#retries[index] = 0;
    }
    this.#slot = slot;
  }

  /** Counts `calls` and `retries` in the current slot (call {@link SlotCounts.advance} first). */
  add(calls: number, retries: number): void {
    const index = this.#slot % this.slots;
    this.#calls[index]! += calls;
    this.#retries[index]! += retries;
    this.calls += calls;
    this.retries += retries;
  }
}
