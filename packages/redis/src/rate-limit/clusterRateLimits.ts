import { OptionsReader } from '@ballast/core';
import type { RateLimitBackend, RateLimitLimits } from '@ballast/resilience';
import type { RedisConnection } from '../connection/RedisConnection.js';
import type { ClusterRateLimitOptions } from './ClusterRateLimitOptions.js';
import { ClusterRateLimiter } from './ClusterRateLimiter.js';

/** Options of {@link clusterRateLimits}: the fleet options of every limit it makes. */
export type ClusterRateLimitsOptions = Pick<
  ClusterRateLimitOptions,
  'batch' | 'fleetSizeHint' | 'maxKeys' | 'time'
>;

const KEYS = ['batch', 'fleetSizeHint', 'maxKeys', 'time'] as const;

/**
 * A `backend` for `@RateLimit`: each rate limit becomes a {@link ClusterRateLimiter} on `redis`
 * under the limit's own name, with its rate, interval and burst, so every process sharing the
 * Redis shares one limit per name and key (`ballast:rl:{name}:<key>`). `batch` is capped at each
 * limit's burst. A reload that changes a limit's rate, interval or burst gets a new limiter on
 * the same bucket; otherwise the limiter (and the permits it leased) stays.
 *
 * @example
 * ```ts
 * const fleet = clusterRateLimits(connectRedis({ url: process.env.REDIS_URL!, runtime }));
 * class Sms {
 *   @RateLimit({ rate: 200, maxWait: 500, key: ([to]) => to, backend: fleet })
 *   async send(to: string, text: string): Promise<void> { … }
 * }
 * ```
 */
export function clusterRateLimits(
  redis: RedisConnection,
  options: ClusterRateLimitsOptions = {},
): RateLimitBackend {
  const read = new OptionsReader('clusterRateLimits', options, KEYS);
  const batch = read.number('batch', 20, { integer: true, min: 1, max: 1_000_000_000 });
  const limiters = new Map<string, ClusterRateLimiter>();
  return {
    limit(name: string, { rate, interval, burst }: RateLimitLimits): ClusterRateLimiter {
      const known = limiters.get(name);
      if (
        known !== undefined &&
        known.config.rate === rate &&
        known.config.interval === interval &&
        known.config.burst === burst
      )
        return known;
      const limiter = new ClusterRateLimiter(redis, {
        ...options,
        name,
        rate,
        interval,
        burst,
        batch: Math.min(batch, Math.max(1, Math.floor(burst))),
      });
      limiters.set(name, limiter);
      return limiter;
    },
  };
}
