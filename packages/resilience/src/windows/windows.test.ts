import { describe, expect, it } from '@jest/globals';
import { ConsecutiveWindow } from './ConsecutiveWindow.js';
import { CountWindow } from './CountWindow.js';
import { RateThresholds } from './RateThresholds.js';
import { TimeWindow } from './TimeWindow.js';

describe('CountWindow', () => {
  it('stays closed below minimumCalls even when every call fails', () => {
    const window = new CountWindow(10, new RateThresholds(5, 50, 100));
    for (let i = 0; i < 4; i++) expect(window.record(true, false)).toBe(false);
    expect(window.record(true, false)).toBe(true);
  });

  it('trips when the failure rate reaches the threshold', () => {
    const window = new CountWindow(4, new RateThresholds(4, 50, 100));
    window.record(false, false);
    window.record(false, false);
    window.record(true, false);
    expect(window.record(true, false)).toBe(true);
  });

  it('forgets the oldest outcome once full, so old failures roll out', () => {
    const window = new CountWindow(4, new RateThresholds(4, 75, 100));
    window.record(true, false);
    window.record(true, false);
    window.record(false, false);
    window.record(false, false);
    // [F F S S] -> [F S S S] -> [S S S F] : never 75 %
    expect(window.record(false, false)).toBe(false);
    expect(window.record(false, false)).toBe(false);
    expect(window.record(true, false)).toBe(false);
    expect(window.record(true, false)).toBe(false);
    expect(window.record(true, false)).toBe(true);
  });

  it('trips on the slow-call rate independently of failures', () => {
    const window = new CountWindow(2, new RateThresholds(2, 100, 100));
    window.record(false, true);
    expect(window.record(false, true)).toBe(true);
  });

  it('starts empty after reset', () => {
    const window = new CountWindow(2, new RateThresholds(2, 50, 100));
    window.record(true, false);
    window.reset();
    expect(window.record(true, false)).toBe(false);
  });

  it('keeps exact running totals over a large window', () => {
    const window = new CountWindow(1_000, new RateThresholds(1_000, 50, 100));
    for (let i = 0; i < 5_000; i++) window.record(i % 4 === 0, false); // 25 % failures
    for (let i = 0; i < 332; i++) expect(window.record(true, false)).toBe(false);
    // Each 4 new failures replaced one old failure and three successes: 499 of 1,000 now.
    expect(window.record(true, false)).toBe(false); // replaces a failure: still 499
    expect(window.record(true, false)).toBe(true); // replaces a success: 500 = 50 %
  });
});

describe('TimeWindow', () => {
  const thresholds = new RateThresholds(2, 50, 100);

  it('counts calls within the window duration', () => {
    const window = new TimeWindow(10_000, 10, thresholds);
    expect(window.record(true, false, 1_000)).toBe(false);
    expect(window.record(true, false, 5_000)).toBe(true);
  });

  it('drops slices that fell out of the window', () => {
    const window = new TimeWindow(10_000, 10, new RateThresholds(3, 50, 100));
    window.record(true, false, 0);
    window.record(true, false, 500);
    // With the two failures of slice 0 still counted this would be 2 of 4 (50 %).
    expect(window.record(false, false, 10_500)).toBe(false);
    expect(window.record(false, false, 10_600)).toBe(false);
    expect(window.record(true, false, 10_700)).toBe(false);
    expect(window.record(true, false, 10_800)).toBe(true);
  });

  it('starts over after a gap longer than the whole window', () => {
    const window = new TimeWindow(1_000, 4, thresholds);
    window.record(true, false, 0);
    expect(window.record(true, false, 60_000)).toBe(false);
    expect(window.record(true, false, 60_100)).toBe(true);
  });

  it('keeps a call made while the clock stepped back', () => {
    const window = new TimeWindow(1_000, 4, thresholds);
    window.record(true, false, 5_000);
    expect(window.record(true, false, 4_000)).toBe(true);
  });
});

describe('ConsecutiveWindow', () => {
  it('trips after the threshold of failures in a row and a success starts over', () => {
    const window = new ConsecutiveWindow(3, false);
    window.record(true, false);
    window.record(true, false);
    window.record(false, false);
    window.record(true, false);
    window.record(true, false);
    expect(window.record(true, false)).toBe(true);
  });

  it('counts slow calls as failures only when asked', () => {
    expect(new ConsecutiveWindow(1, true).record(false, true)).toBe(true);
    expect(new ConsecutiveWindow(1, false).record(false, true)).toBe(false);
  });

  it('reports its current run of failures as its totals', () => {
    const window = new ConsecutiveWindow(5, false);
    window.record(true, false);
    window.record(true, false);
    expect(window.totals()).toEqual({ calls: 2, failed: 2, slow: 0 });
    window.record(false, false);
    expect(window.totals()).toEqual({ calls: 0, failed: 0, slow: 0 });
  });
});
