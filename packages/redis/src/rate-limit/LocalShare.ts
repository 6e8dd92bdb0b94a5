/**
 * The local stand-in for one key while Redis is unreachable: a token bucket holding this
 * instance's share of the fleet's limit (`rate / instances`, `burst / instances`, at least one
 * permit). Hand-written rather than borrowed because it runs on every call of an outage and
 * must use the runtime's clock.
 */
export class LocalShare {
  #tokens: number;
  #updatedAt: number;

  constructor(
    readonly capacity: number,
    readonly perMs: number,
    now: number,
  ) {
    this.#tokens = capacity;
    this.#updatedAt = now;
  }

  /** Takes `permits` and returns 0, or returns the milliseconds until they would be there. */
  take(permits: number, now: number): number {
    if (now > this.#updatedAt) {
      this.#tokens = Math.min(this.capacity, this.#tokens + (now - this.#updatedAt) * this.perMs);
      this.#updatedAt = now;
    }
    if (this.#tokens < permits) return Math.ceil((permits - this.#tokens) / this.perMs);
    this.#tokens -= permits;
    return 0;
  }
}
