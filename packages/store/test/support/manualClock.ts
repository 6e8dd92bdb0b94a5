import type { Clock } from '@ballast/core';

/** A clock moved by hand; timers are not needed where it is used (leases, probes, task claims). */
export function manualClock(start = 1_700_000_000_000): Clock & { advance(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    setTimer: () => undefined,
    clearTimer: () => undefined,
    advance(ms: number) {
      now += ms;
    },
  };
}
