/**
 * A token bucket refilled continuously: `capacity` tokens at most, `perMs` tokens per
 * millisecond. A waiting caller books its token ahead (the count goes below zero), so later
 * callers queue behind it without any list.
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

  /** Milliseconds until a token is free (0 when one is free now). */
  waitFor(now: number): number {
    this.#refill(now);
    return this.#tokens >= 1 ? 0 : (1 - this.#tokens) / this.#perMs;
  }

  /** Takes a token, or books the next one when none is free. */
  take(): void {
    this.#tokens -= 1;
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
