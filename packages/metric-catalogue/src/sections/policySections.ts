import {
  bulkheadStatistics,
  fallbackStatistics,
  rateLimitStatistics,
  timeoutStatistics,
} from '@ballast/resilience';
import type { StatisticsSection } from '../StatisticsSection.js';

/** `ballast_timeouts_total{policy}` from `@Timeout`. */
export const timeoutSection: StatisticsSection = {
  name: 'timeout',
  read(runtime, samples) {
    const out = samples('ballast_timeouts_total');
    for (const [policy, s] of timeoutStatistics(runtime)) out.add({ policy }, s.timeouts);
  },
};

/** `ballast_fallback_total{policy}` from `@Fallback`. */
export const fallbackSection: StatisticsSection = {
  name: 'fallback',
  read(runtime, samples) {
    const out = samples('ballast_fallback_total');
    for (const [policy, s] of fallbackStatistics(runtime)) out.add({ policy }, s.fallbacks);
  },
};

/** `ballast_bulkhead_available{bulkhead}` from `@Bulkhead`. */
export const bulkheadSection: StatisticsSection = {
  name: 'bulkhead',
  read(runtime, samples) {
    const out = samples('ballast_bulkhead_available');
    for (const s of bulkheadStatistics(runtime).values())
      out.add({ bulkhead: s.name }, s.availablePermits);
  },
};

/**
 * `ballast_ratelimit_rejected_total`, `…_waiting` and `…_available_tokens` (one local bucket
 * only) by `limiter`, from `@RateLimit` (keys aggregated by the limiter).
 */
export const rateLimitSection: StatisticsSection = {
  name: 'ratelimit',
  read(runtime, samples) {
    const rejected = samples('ballast_ratelimit_rejected_total');
    const waiting = samples('ballast_ratelimit_waiting');
    const available = samples('ballast_ratelimit_available_tokens');
    for (const s of rateLimitStatistics(runtime).values()) {
      const limiter = s.name;
      rejected.add({ limiter }, s.rejected);
      waiting.add({ limiter }, s.waiting);
      if (s.availableTokens !== undefined) available.add({ limiter }, s.availableTokens);
    }
  },
};
