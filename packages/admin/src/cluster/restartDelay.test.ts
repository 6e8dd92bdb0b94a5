import { describe, expect, it } from '@jest/globals';
import { restartDelay } from './restartDelay.js';

const settings = {
  restartBackoff: { initialMs: 500, maxMs: 30_000, multiplier: 2 },
  stableAfterMs: 30_000,
};

describe('restartDelay', () => {
  it('doubles with each crash in a row and stops at maxMs', () => {
    const delays: number[] = [];
    let crashes = 0;
    for (let i = 0; i < 9; i++) {
      const plan = restartDelay(settings, crashes, 1_000);
      delays.push(plan.delayMs);
      crashes = plan.crashes;
    }
    expect(delays).toEqual([500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('starts over after a worker stayed up stableAfterMs', () => {
    expect(restartDelay(settings, 6, 29_999)).toEqual({ delayMs: 30_000, crashes: 7 });
    expect(restartDelay(settings, 6, 30_000)).toEqual({ delayMs: 500, crashes: 1 });
  });

  it('stays finite however long the crash loop', () => {
    expect(restartDelay(settings, 10_000, 0).delayMs).toBe(30_000);
    const immediate = { ...settings, restartBackoff: { ...settings.restartBackoff, initialMs: 0 } };
    expect(restartDelay(immediate, 10_000, 0).delayMs).toBe(0);
  });
});
