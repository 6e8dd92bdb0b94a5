import type { Runtime, ScheduledTask } from '@ballast/core';

/** Calls served from one clock read at most. */
const READS_PER_REFRESH = 64;
/** How long a clock read is reused at most while the event loop turns, ms. */
const MAX_AGE_MS = 1;

/**
 * The runtime clock, read at most once per 64 calls and once per millisecond of event-loop
 * time. A clock read costs as much as a whole async call on some hosts (45–55 ns here), and
 * deadlines and cache expiry need no better than timer precision: a reading is reused until 64
 * calls have taken it or a 1 ms task on the runtime's scheduler has run, whichever comes first.
 * One per runtime, shared by its timeouts and caches.
 */
export class CoarseClock {
  readonly #runtime: Runtime;
  #value = 0;
  #left = 0;
  #expiry: ScheduledTask | undefined;
  readonly #expire = (): void => {
    this.#expiry = undefined;
    this.#left = 0;
  };

  constructor(runtime: Runtime) {
    this.#runtime = runtime;
  }

  now(): number {
    if (this.#left > 0) {
      this.#left--;
      return this.#value;
    }
    return this.#refresh();
  }

  #refresh(): number {
    const runtime = this.#runtime;
    this.#value = runtime.clock.now();
    this.#left = READS_PER_REFRESH - 1;
    if (this.#expiry === undefined && !runtime.disposed) {
      this.#expiry = runtime.scheduler.schedule(MAX_AGE_MS, this.#expire);
    }
    return this.#value;
  }
}

const KEY = Symbol.for('ballast.resilience.coarseClock');

/** @internal the runtime's shared coarse clock. */
export function coarseClock(runtime: Runtime): CoarseClock {
  return runtime.service(KEY, () => new CoarseClock(runtime));
}
