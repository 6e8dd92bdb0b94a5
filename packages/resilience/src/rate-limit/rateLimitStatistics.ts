import type { Runtime } from '@ballast/core';
import type { RateLimitConfig } from './RateLimit.js';
import { RateLimiter } from './RateLimiter.js';

/** Plain-number statistics of one rate limit name, read by exporters at scrape time. */
export interface RateLimitStatistics {
  readonly name: string;
  readonly keyed: boolean;
  /** Live buckets (1 when not keyed). */
  readonly keys: number;
  /** Whole tokens free now, for a limit with one local bucket; undefined when keyed or shared. */
  readonly availableTokens: number | undefined;
  /** Calls waiting now for their token. */
  readonly waiting: number;
  /** Calls let through at once. */
  readonly permitted: number;
  /** Calls let through after waiting. */
  readonly delayed: number;
  /** Calls refused with `RateLimitedError`. */
  readonly rejected: number;
  /** Calls whose caller cancelled them before or while they waited for a token. */
  readonly cancelled: number;
  /** Times an `onRejected` hook threw. */
  readonly hookErrors: number;
}

/** @internal the rate limiters of one runtime, by name. */
export class RateLimitRegistry {
  readonly #limiters = new Map<string, RateLimiter>();
  readonly #runtime: Runtime;

  constructor(runtime: Runtime) {
    this.#runtime = runtime;
  }

  /** The limiter for `name`; later options replace earlier ones. */
  register(name: string, config: RateLimitConfig): RateLimiter {
    const existing = this.#limiters.get(name);
    if (existing !== undefined) {
      existing.reconfigure(config);
      return existing;
    }
    const limiter = new RateLimiter(name, config, this.#runtime);
    this.#limiters.set(name, limiter);
    return limiter;
  }

  /** A snapshot per name. */
  statistics(): Map<string, RateLimitStatistics> {
    const snapshot = new Map<string, RateLimitStatistics>();
    for (const limiter of this.#limiters.values()) {
      snapshot.set(limiter.name, {
        name: limiter.name,
        keyed: limiter.config.key !== undefined,
        keys: limiter.keys,
        availableTokens: limiter.availableTokens(),
        waiting: limiter.waiting,
        permitted: limiter.permitted,
        delayed: limiter.delayed,
        rejected: limiter.rejected,
        cancelled: limiter.cancelled,
        hookErrors: limiter.hookErrors,
      });
    }
    return snapshot;
  }
}

const REGISTRY = Symbol('ballast.rateLimits');

/** @internal the runtime's rate limit registry. */
export function rateLimitRegistry(runtime: Runtime): RateLimitRegistry {
  return runtime.service(REGISTRY, (owner) => new RateLimitRegistry(owner));
}

/**
 * Statistics of every rate limit of a runtime, by name (keys aggregated). A snapshot taken at
 * call time.
 *
 * @example
 * ```ts
 * for (const [name, r] of rateLimitStatistics(runtime)) rejectedCounter.set({ limit: name }, r.rejected);
 * ```
 */
export function rateLimitStatistics(runtime: Runtime): ReadonlyMap<string, RateLimitStatistics> {
  return runtime.peekService<RateLimitRegistry>(REGISTRY)?.statistics() ?? new Map();
}
