import { describe, expect, it } from '@jest/globals';
import { SVIX_RETRY_SCHEDULE } from '../config/defaultConfig.js';
import { retryDelay } from './retryDelay.js';

describe('retryDelay', () => {
  it('follows the schedule, spread by the jitter both ways', () => {
    expect(retryDelay(SVIX_RETRY_SCHEDULE, 0.2, 1, () => 0.5)).toBe(5_000);
    expect(retryDelay(SVIX_RETRY_SCHEDULE, 0.2, 1, () => 0)).toBe(4_000);
    expect(retryDelay(SVIX_RETRY_SCHEDULE, 0.2, 2, () => 0.999_999)).toBe(360_000);
    expect(retryDelay(SVIX_RETRY_SCHEDULE, 0.2, 7, () => 0.5)).toBe(36_000_000);
  });

  it('never waits less than Retry-After', () => {
    expect(retryDelay([1_000], 0, 1, () => 0.5, 30_000)).toBe(30_000);
  });

  it('is undefined once the schedule is spent (the alert becomes a dead letter)', () => {
    expect(retryDelay(SVIX_RETRY_SCHEDULE, 0.2, 8, () => 0.5)).toBeUndefined();
    expect(retryDelay([], 0.2, 1, () => 0.5)).toBeUndefined();
  });
});
