import { SyncUnsupportedError } from '@ballast/core';
import { BulkheadFullError } from '../bulkhead/BulkheadFullError.js';
import { RateLimitedError } from '../rate-limit/RateLimitedError.js';
import type { BreakerConfig } from './BreakerConfig.js';

/** How a breaker counts an error. */
export type ErrorVerdict = 'failure' | 'success' | 'ignored';

/**
 * Classifies an error for a breaker: our own load shedding (bulkhead, rate limit) is ignored
 * unless `recordRejections`; then `ignore`, then `recordOn`. A predicate that throws makes the
 * error a failure, so the call's permit is still settled.
 */
export function classifyError(config: BreakerConfig, error: unknown): ErrorVerdict {
  if (!config.recordRejections && (BulkheadFullError.is(error) || RateLimitedError.is(error))) {
    return 'ignored';
  }
  if (SyncUnsupportedError.is(error)) return 'ignored'; // a misdeclared method, not a sick dependency
  try {
    if (config.ignore !== undefined && config.ignore(error) === true) return 'ignored';
    if (config.recordOn !== undefined && config.recordOn(error) !== true) return 'success';
  } catch {
    return 'failure';
  }
  return 'failure';
}
