import type { Clock, TimerHandle } from '@ballast/core';

interface ManualTimer {
  readonly id: number;
  readonly due: number;
  readonly callback: () => void;
  keepsAlive: boolean;
}

// Captured at load so advanceAsync still yields to real I/O callbacks under Jest fake timers.
const realSetImmediate = setImmediate;

/**
 * A {@link Clock} whose time moves only when told to. Pass it to `createRuntime({ clock })`;
 * then `advance(ms)` runs every timer falling due, in due order (ties in creation order), with
 * `now()` set to each timer's due time as it runs.
 *
 * @example
 * ```ts
 * const clock = new ManualClock();
 * const runtime = createRuntime({ clock });
 * const pending = protectedCall();
 * await clock.advanceAsync(1_000); // retry delays elapse, promise chains settle between timers
 * await expect(pending).resolves.toBe('ok');
 * ```
 */
export class ManualClock implements Clock {
  #now: number;
  #nextId = 1;
  #timers: ManualTimer[] = [];

  /** @param start - initial `now()` in milliseconds. @default 0 */
  constructor(start = 0) {
    this.#now = start;
  }

  /** Current time on this clock. */
  now(): number {
    return this.#now;
  }

  /** Registers `callback` to run when the clock reaches now + `delayMs`. */
  setTimer(callback: () => void, delayMs: number): TimerHandle {
    const timer: ManualTimer = {
      id: this.#nextId++,
      due: this.#now + Math.max(0, delayMs),
      callback,
      keepsAlive: false,
    };
    this.#timers.push(timer);
    return timer.id;
  }

  /** Cancels a timer; unknown or already-run handles are ignored. */
  clearTimer(handle: TimerHandle): void {
    this.#timers = this.#timers.filter((timer) => timer.id !== handle);
  }

  /** Marks a pending timer as keeping the process alive or not (see `Clock.keepAlive`). */
  keepAlive(handle: TimerHandle, on: boolean): void {
    const timer = this.#timers.find((candidate) => candidate.id === handle);
    if (timer !== undefined) timer.keepsAlive = on;
  }

  /** Timers not yet run. */
  get pendingTimers(): number {
    return this.#timers.length;
  }

  /**
   * Pending timers told to keep the process alive. A runtime's scheduler tells its timer when
   * the process is about to exit while a caller awaits its work (`scheduler.keepAliveIfAwaited()`
   * is what Node's `beforeExit` runs); housekeeping alone never does.
   */
  get timersKeepingAlive(): number {
    return this.#timers.filter((timer) => timer.keepsAlive).length;
  }

  /** Moves time forward by `ms`, synchronously running each timer that falls due. */
  advance(ms: number): void {
    const target = this.#now + ms;
    for (let timer = this.#takeDue(target); timer !== undefined; timer = this.#takeDue(target)) {
      this.#now = timer.due;
      timer.callback();
    }
    this.#now = target;
  }

  /**
   * Like {@link ManualClock.advance}, but lets promise chains and I/O callbacks settle before
   * and after each timer, so work a timer unblocks can schedule the next one in time.
   */
  async advanceAsync(ms: number): Promise<void> {
    const target = this.#now + ms;
    await settle();
    for (let timer = this.#takeDue(target); timer !== undefined; timer = this.#takeDue(target)) {
      this.#now = timer.due;
      timer.callback();
      await settle();
    }
    this.#now = target;
  }

  #takeDue(target: number): ManualTimer | undefined {
    let earliest: ManualTimer | undefined;
    for (const timer of this.#timers) {
      if (timer.due <= target && (earliest === undefined || timer.due < earliest.due))
        earliest = timer;
    }
    if (earliest !== undefined) this.#timers.splice(this.#timers.indexOf(earliest), 1);
    return earliest;
  }
}

function settle(): Promise<void> {
  return new Promise((resolve) => realSetImmediate(resolve));
}
