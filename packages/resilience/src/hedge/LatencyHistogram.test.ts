import { describe, expect, it } from '@jest/globals';
import { LatencyHistogram } from './LatencyHistogram.js';

describe('LatencyHistogram', () => {
  it('has no percentile until it holds minSamples durations', () => {
    const histogram = new LatencyHistogram(95, 60_000, 3);
    histogram.record(10, 0);
    histogram.record(10, 0);
    expect(histogram.value(0)).toBeUndefined();
    histogram.record(10, 0);
    expect(histogram.value(0)).toBe(11); // 10 ms falls in [10, 11)
  });

  it('reads a percentile within 12.5 % above the true one, never below it', () => {
    const histogram = new LatencyHistogram(95, 60_000, 1);
    for (let ms = 1; ms <= 1_000; ms++) histogram.record(ms, 0);
    const p95 = histogram.value(0)!;
    expect(p95).toBeGreaterThanOrEqual(950);
    expect(p95).toBeLessThanOrEqual(950 * 1.125);
  });

  it('puts durations under 1 ms in one bucket read as 1 ms', () => {
    const histogram = new LatencyHistogram(50, 60_000, 1);
    histogram.record(0.2, 0);
    histogram.record(0, 0);
    expect(histogram.value(0)).toBe(1);
  });

  it('forgets durations older than the window, a slice at a time', () => {
    const histogram = new LatencyHistogram(50, 6_000, 1); // six slices of 1 s
    for (let i = 0; i < 10; i++) histogram.record(400, 0);
    histogram.record(10, 5_500);
    expect(histogram.value(5_500)).toBe(416); // 400 ms falls in [384, 416)
    expect(histogram.count).toBe(11);
    expect(histogram.value(6_000)).toBe(11); // the first slice dropped out
    expect(histogram.count).toBe(1);
    expect(histogram.value(20_000)).toBeUndefined();
  });

  it('keeps its totals when the clock goes back', () => {
    const histogram = new LatencyHistogram(50, 6_000, 1);
    histogram.record(100, 10_000);
    histogram.record(100, 9_000);
    expect(histogram.count).toBe(2);
  });
});
