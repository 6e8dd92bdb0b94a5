import type { Clock } from '@ballast/core';
import { AuthThrottledError } from '../errors.js';

/** Options of {@link FailedAuthThrottle}. */
export interface FailedAuthThrottleOptions {
  /** Failed attempts from one client within `windowMs` before its wrong attempts get 429. @default 5 */
  readonly maxFailures?: number;
  /** Window failures are counted in, restarted by each failure past the limit. @default 60000 */
  readonly windowMs?: number;
  /** Clients tracked at most; the oldest are forgotten first. @default 10000 */
  readonly maxClients?: number;
}

interface Entry {
  failures: number;
  windowStart: number;
}

/**
 * Throttles failed authentications per client (address, as `request.ip` gives it). Every
 * attempt is checked: a correct credential always passes and clears the client's count, so an
 * attacker sharing an address (a NAT, a proxy) cannot lock the owner out. Past `maxFailures`
 * wrong attempts within `windowMs`, each further wrong one is answered with
 * {@link AuthThrottledError} (429, `Retry-After`) instead of 401, until a window passes with no
 * failure. Guessing stays as hard as the credential's entropy; hand out long random keys. Uses
 * the runtime clock (hand-written for that); memory is bounded by `maxClients`.
 *
 * @example
 * ```ts
 * const throttle = new FailedAuthThrottle(runtime.clock);
 * if (keys.matches(key)) throttle.succeed(request.ip);
 * else { throttle.fail(request.ip); throw new MyUnauthorizedError(); }
 * ```
 */
export class FailedAuthThrottle {
  readonly #clock: Clock;
  readonly #maxFailures: number;
  readonly #windowMs: number;
  readonly #maxClients: number;
  readonly #entries = new Map<string, Entry>();

  constructor(clock: Clock, options: FailedAuthThrottleOptions = {}) {
    this.#clock = clock;
    this.#maxFailures = options.maxFailures ?? 5;
    this.#windowMs = options.windowMs ?? 60_000;
    this.#maxClients = options.maxClients ?? 10_000;
  }

  /**
   * Counts a wrong attempt from `client`.
   * @throws AuthThrottledError when the client is past `maxFailures` in the window.
   */
  fail(client: string): void {
    const now = this.#clock.now();
    let entry = this.#entries.get(client);
    if (entry === undefined || now - entry.windowStart >= this.#windowMs) {
      this.#entries.delete(client);
      while (this.#entries.size >= this.#maxClients) {
        this.#entries.delete(this.#entries.keys().next().value as string);
      }
      entry = { failures: 0, windowStart: now };
      this.#entries.set(client, entry);
    }
    entry.failures++;
    if (entry.failures > this.#maxFailures) {
      entry.windowStart = now; // a guesser that keeps going stays throttled
      throw new AuthThrottledError(this.#windowMs);
    }
  }

  /** Forgets `client`'s failures after a correct credential. */
  succeed(client: string): void {
    this.#entries.delete(client);
  }
}
