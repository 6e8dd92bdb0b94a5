import type { Runtime } from '@ballast/core';

/** A cancellable timer. */
export interface TimerTask {
  cancel(): void;
}

/** Where background timers (re-checks, write timeouts, alert windows) come from. */
export interface TimerSource {
  /** Runs `callback` once after `delayMs`; the timer never keeps the process alive. */
  schedule(delayMs: number, callback: () => void): TimerTask;
}

/** Unref'd global timers (Jest's fake timers replace them in tests). */
export const unrefTimers: TimerSource = {
  schedule(delayMs, callback) {
    const timer = setTimeout(callback, delayMs);
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  },
};

/**
 * The runtime's shared scheduler when a runtime is given (cleared by `runtime.dispose()`),
 * otherwise unref'd global timers.
 */
export function timerSourceFor(runtime: Runtime | undefined): TimerSource {
  if (runtime === undefined) return unrefTimers;
  return {
    schedule: (delayMs, callback) =>
      runtime.disposed
        ? { cancel: () => undefined }
        : runtime.scheduler.schedule(delayMs, callback),
  };
}
