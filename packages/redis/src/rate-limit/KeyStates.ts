import type { RateLimitedError, TokenBucket } from '@ballast/resilience';

/** @internal a call waiting for permits, answered when a lease settles. */
export interface Waiter {
  readonly permits: number;
  readonly resolve: (outcome: RateLimitedError | undefined) => void;
}

/** @internal what this process knows about one key. */
export class KeyState {
  /** Leased permits not used yet. */
  held = 0;
  inFlight = false;
  waiters: Waiter[] = [];
  /** Redis said the bucket is empty until then: refuse locally, without a round trip. */
  blockedUntil = 0;
  /** Permits asked for since the last lease request (the local demand). */
  demand = 0;
  requestedAt = 0;
  /** Permits to keep at hand, from the demand: between 1 and `batch`. */
  target = 1;
  /**
   * While Redis is unreachable: this instance's share of the limit (`rate / n`, `burst / n`,
   * at least one permit).
   */
  local: TokenBucket | undefined;
}

/**
 * @internal a limiter's key states, at most `maxKeys` of them: past that, the key least recently
 * leased that has no lease in flight and no waiter is forgotten.
 */
export class KeyStates {
  readonly #states = new Map<string, KeyState>();

  constructor(readonly maxKeys: number) {}

  /** Keys with local state. */
  get size(): number {
    return this.#states.size;
  }

  /** The state of `key`, made on first use. */
  of(key: string): KeyState {
    let state = this.#states.get(key);
    if (state === undefined) {
      state = new KeyState();
      this.#states.set(key, state);
      if (this.#states.size > this.maxKeys) this.#forgetOldest();
    }
    return state;
  }

  /** Marks `key` as leased just now (the last key to be forgotten). */
  touch(key: string, state: KeyState): void {
    this.#states.delete(key);
    this.#states.set(key, state);
  }

  #forgetOldest(): void {
    for (const [key, state] of this.#states) {
      if (state.inFlight || state.waiters.length > 0) continue;
      this.#states.delete(key);
      return;
    }
  }
}
