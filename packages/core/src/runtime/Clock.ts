/** Handle returned by {@link Clock.setTimer}; opaque to callers. */
export type TimerHandle = unknown;

/**
 * Source of time for a runtime. Injected so tests can drive time by hand; the default reads
 * `Date.now()` and global timers, which Jest's fake timers replace.
 */
export interface Clock {
  /** Milliseconds on this clock's timeline (deadlines in the call context use it). */
  now(): number;
  /** Runs `callback` after `delayMs`. The timer must not keep the process alive. */
  setTimer(callback: () => void, delayMs: number): TimerHandle;
  /** Cancels a timer from {@link Clock.setTimer}. */
  clearTimer(handle: TimerHandle): void;
}

/** The default clock: `Date.now()` and unref'd global timers. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(callback, delayMs) {
    const timer = setTimeout(callback, delayMs);
    timer.unref();
    return timer;
  },
  clearTimer(handle) {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};
