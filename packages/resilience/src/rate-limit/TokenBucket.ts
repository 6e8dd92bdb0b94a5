/**
 * A token bucket refilled continuously: `capacity` tokens at most, `perMs` tokens per
 * millisecond, on whatever clock the caller reads `now` from. A waiting caller books its token
 * ahead (the count goes below zero), so later callers queue behind it without any list.
 *
 * @example
 * ```ts
 * const bucket = new TokenBucket(10, 5 / 1_000, runtime.clock.now()); // 5 per second, burst 10
 * const waitMs = bucket.waitFor(runtime.clock.now(), 2);
 * if (waitMs === 0) bucket.take(2);
 * ```
 */
export class TokenBucket {
  #capacity: number;
  #perMs: number;
  #tokens: number;
  #updatedAt: number;

  constructor(capacity: number, perMs: number, now: number) {
    this.#capacity = capacity;
    this.#perMs = perMs;
    this.#tokens = capacity;
    this.#updatedAt = now;
  }

  /**
   * Adopts new limits: tokens refilled so far count at the old rate, tokens already spent stay
   * spent (none is handed back by a larger capacity), and the new rate refills from `now` on.
   */
  reconfigure(capacity: number, perMs: number, now: number): void {
    this.#refill(now);
    this.#capacity = capacity;
    this.#perMs = perMs;
    if (this.#tokens > capacity) this.#tokens = capacity;
  }

  /** Tokens now (negative while callers wait for booked ones). */
  tokensAt(now: number): number {
    this.#refill(now);
    return this.#tokens;
  }

  /** Milliseconds until `tokens` are free (0 when they are free now). */
  waitFor(now: number, tokens = 1): number {
    this.#refill(now);
    return this.#tokens >= tokens ? 0 : (tokens - this.#tokens) / this.#perMs;
  }

  /** Takes `tokens`, or books them ahead when they are not free yet. */
  take(tokens = 1): void {
    this.#tokens -= tokens;
  }

  /** Returns a booked token whose caller left before using it. */
  giveBack(): void {
    this.#tokens += 1;
  }

  #refill(now: number): void {
    // A clock that stepped back adds nothing rather than removing tokens.
    if (now <= this.#updatedAt) return;
    this.#tokens = Math.min(this.#capacity, this.#tokens + (now - this.#updatedAt) * this.#perMs);
    this.#updatedAt = now;
  }
}
