/** Handle returned by {@link Clock.setTimer}; opaque to callers. */
export type TimerHandle = unknown;

/**
 * Source of time for a runtime. Injected so tests can drive time by hand; the default reads
 * `Date.now()` and global timers, which Jest's fake timers replace.
 */
export interface Clock {
  /** Milliseconds on this clock's timeline (deadlines in the call context use it). */
  now(): number;
  /** Runs `callback` after `delayMs`. The timer does not keep the process alive (see `keepAlive`). */
  setTimer(callback: () => void, delayMs: number): TimerHandle;
  /** Cancels a timer from {@link Clock.setTimer}. */
  clearTimer(handle: TimerHandle): void;
  /**
   * Makes a timer keep the process alive (`true`, as a plain `setTimeout` does) or not
   * (`false`, the state every timer starts in). The scheduler turns it on while a caller awaits
   * one of its tasks. A clock without it never keeps the process alive.
   */
  keepAlive?(handle: TimerHandle, on: boolean): void;
}

type NodeTimer = ReturnType<typeof setTimeout>;

/** The default clock: `Date.now()` and global timers, unref'd unless the scheduler says otherwise. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(callback, delayMs) {
    const timer = setTimeout(callback, delayMs);
    timer.unref();
    return timer;
  },
  clearTimer(handle) {
    clearTimeout(handle as NodeTimer);
  },
  keepAlive(handle, on) {
    if (on) (handle as NodeTimer).ref();
    else (handle as NodeTimer).unref();
  },
};
