import { describe, expect, it } from '@jest/globals';
import { ALERTING_RETRY_SCHEDULE } from '../config/defaultConfig.js';
import { retryDelay } from './retryDelay.js';

describe('retryDelay', () => {
  it('follows the schedule, spread by the jitter both ways', () => {
    expect(retryDelay(ALERTING_RETRY_SCHEDULE, 0.2, 1, () => 0.5)).toBe(500);
    expect(retryDelay(ALERTING_RETRY_SCHEDULE, 0.2, 1, () => 0)).toBe(400);
    expect(retryDelay(ALERTING_RETRY_SCHEDULE, 0.2, 2, () => 0.999_999)).toBe(1_200);
    expect(retryDelay(ALERTING_RETRY_SCHEDULE, 0.2, 24, () => 0.5)).toBe(3_600_000);
  });

  it('never waits less than Retry-After', () => {
    expect(retryDelay([1_000], 0, 1, () => 0.5, 30_000)).toBe(30_000);
  });

  it('is undefined once the schedule is spent (the notification becomes a dead letter)', () => {
    expect(retryDelay(ALERTING_RETRY_SCHEDULE, 0.2, 25, () => 0.5)).toBeUndefined();
    expect(retryDelay([], 0.2, 1, () => 0.5)).toBeUndefined();
  });
});

describe('ALERTING_RETRY_SCHEDULE', () => {
  it('tries 11 times within 30 s, 13 within 45 s, and gives up after about 4 hours, 25 attempts in all', () => {
    const elapsed = (attempts: number): number =>
      ALERTING_RETRY_SCHEDULE.slice(0, attempts - 1).reduce((sum, wait) => sum + wait, 0);
    expect(elapsed(11)).toBe(27_500);
    expect(elapsed(12)).toBe(32_500);
    expect(elapsed(13)).toBe(42_500);
    expect(ALERTING_RETRY_SCHEDULE).toHaveLength(24);
    expect(elapsed(25) / 3_600_000).toBeCloseTo(4.08, 2);
  });
});
