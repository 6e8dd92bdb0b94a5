import type { Clock } from '@ballast/core';

/** Options of {@link FailureLimiter}. */
export interface FailureLimiterOptions {
  /** Failed authentications allowed per client address within `windowMs`. @default 5 */
  readonly maxFailures?: number;
  /** Window the failures are counted in, and how long a client is then refused. @default 60000 */
  readonly windowMs?: number;
  /** Client addresses tracked at most; the oldest entries are dropped first. @default 10000 */
  readonly maxClients?: number;
}

interface Entry {
  failures: number;
  windowStart: number;
  blockedUntil: number;
}

/**
 * Counts failed authentications per client address. Past `maxFailures` in `windowMs` the
 * address is refused (429) for `windowMs`, whatever token it sends: a guesser cannot try faster
 * than `maxFailures` per window. Memory is bounded by `maxClients`.
 */
export class FailureLimiter {
  readonly #clock: Clock;
  readonly #maxFailures: number;
  readonly #windowMs: number;
  readonly #maxClients: number;
  readonly #entries = new Map<string, Entry>();

  constructor(clock: Clock, options: FailureLimiterOptions = {}) {
    this.#clock = clock;
    this.#maxFailures = options.maxFailures ?? 5;
    this.#windowMs = options.windowMs ?? 60_000;
    this.#maxClients = options.maxClients ?? 10_000;
  }

  /** Milliseconds `client` must still wait, or 0 when it may try. */
  blockedFor(client: string): number {
    const entry = this.#entries.get(client);
    if (entry === undefined) return 0;
    return Math.max(0, entry.blockedUntil - this.#clock.now());
  }

  /** Records a failed attempt; returns the milliseconds the client is now blocked for (0: not). */
  fail(client: string): number {
    const now = this.#clock.now();
    let entry = this.#entries.get(client);
    if (entry === undefined || now - entry.windowStart >= this.#windowMs) {
      this.#entries.delete(client);
      this.#evictIfFull();
      entry = { failures: 0, windowStart: now, blockedUntil: 0 };
      this.#entries.set(client, entry);
    }
    entry.failures++;
    if (entry.failures >= this.#maxFailures) {
      entry.blockedUntil = now + this.#windowMs;
      entry.windowStart = now; // the block ends a full window after the last failure
    }
    return Math.max(0, entry.blockedUntil - now);
  }

  /** Forgets `client` after a successful authentication. */
  succeed(client: string): void {
    this.#entries.delete(client);
  }

  #evictIfFull(): void {
    while (this.#entries.size >= this.#maxClients) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
  }
}
