import { type Runtime, RuntimeDisposedError } from '@ballast/core';

/** A call waiting for its next attempt. */
export interface WaitingRetry {
  /** Stops waiting and rejects the call with `error`. */
  abandon(error: unknown): void;
}

const WAITS = Symbol.for('ballast.resilience.retryWaits');

/**
 * @internal calls waiting out a retry delay in one runtime. The scheduler drops its tasks on
 * dispose; without this, those callers would wait forever instead of getting a coded error.
 */
export function retryWaits(runtime: Runtime): Set<WaitingRetry> {
  return runtime.service(WAITS, () => {
    const waits = new Set<WaitingRetry>();
    runtime.onDispose(() => {
      for (const wait of [...waits]) wait.abandon(new RuntimeDisposedError());
      waits.clear();
    });
    return waits;
  });
}
