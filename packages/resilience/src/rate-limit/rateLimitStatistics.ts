import type { Runtime } from '@ballast/core';
import type { RateLimitConfig } from './RateLimit.js';
import { RateLimiter } from './RateLimiter.js';

/** Plain-number statistics of one rate limit name, read by exporters at scrape time. */
export interface RateLimitStatistics {
  readonly name: string;
  readonly keyed: boolean;
  /** Live buckets (1 when not keyed). */
  readonly keys: number;
  /** Calls let through at once. */
  readonly permitted: number;
  /** Calls let through after waiting. */
  readonly delayed: number;
  /** Calls refused with `RateLimitedError`. */
  readonly rejected: number;
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
  statistics(): RateLimitStatistics[] {
    return [...this.#limiters.values()].map((limiter) => ({
      name: limiter.name,
      keyed: limiter.config.key !== undefined,
      keys: limiter.keys,
      permitted: limiter.permitted,
      delayed: limiter.delayed,
      rejected: limiter.rejected,
    }));
  }
}

const REGISTRY = Symbol('ballast.rateLimits');

/** @internal the runtime's rate limit registry. */
export function rateLimitRegistry(runtime: Runtime): RateLimitRegistry {
  return runtime.service(REGISTRY, (owner) => new RateLimitRegistry(owner));
}

/**
 * Statistics of every rate limit of a runtime (per name, keys aggregated).
 *
 * @example
 * ```ts
 * for (const r of rateLimitStatistics(runtime)) rejectedCounter.set({ limit: r.name }, r.rejected);
 * ```
 */
export function rateLimitStatistics(runtime: Runtime): RateLimitStatistics[] {
  return runtime.peekService<RateLimitRegistry>(REGISTRY)?.statistics() ?? [];
}
