import type { Clock, TimerHandle } from '@ballast/core';

interface Timer {
  readonly due: number;
  readonly callback: () => void;
}

/** A clock driven by hand for tests: `advance(ms)` runs the timers that fall due, in order. */
export class ManualClock implements Clock {
  #now: number;
  readonly #timers = new Set<Timer>();

  constructor(start = Date.UTC(2026, 0, 1, 12, 0, 0)) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimer(callback: () => void, delayMs: number): TimerHandle {
    const timer = { due: this.#now + delayMs, callback };
    this.#timers.add(timer);
    return timer;
  }

  clearTimer(handle: TimerHandle): void {
    this.#timers.delete(handle as Timer);
  }

  /** Timers waiting. */
  get pending(): number {
    return this.#timers.size;
  }

  advance(ms: number): void {
    const target = this.#now + ms;
    for (;;) {
      let next: Timer | undefined;
      for (const timer of this.#timers)
        if (timer.due <= target && (next === undefined || timer.due < next.due)) next = timer;
      if (next === undefined) break;
      this.#timers.delete(next);
      this.#now = Math.max(this.#now, next.due);
      next.callback();
    }
    this.#now = target;
  }
}
