import { describe, expect, it } from '@jest/globals';
import { histogramQuantile } from './histogramQuantile.js';

describe('histogramQuantile', () => {
  const bounds = [0.1, 0.5, 1];

  it('interpolates linearly inside the bucket holding the rank', () => {
    expect(histogramQuantile(bounds, [0, 10, 0, 0], 0.5)).toBeCloseTo(0.3, 10);
    expect(histogramQuantile(bounds, [10, 0, 0, 0], 0.5)).toBeCloseTo(0.05, 10);
  });

  it('skips empty buckets and reads a high quantile in the upper bucket', () => {
    expect(histogramQuantile(bounds, [9, 0, 1, 0], 0.99)).toBeCloseTo(0.95, 10);
  });

  it('reports the last bound for a quantile in the overflow bucket', () => {
    expect(histogramQuantile(bounds, [0, 0, 0, 4], 0.5)).toBe(1);
  });

  it('is null for an empty histogram', () => {
    expect(histogramQuantile(bounds, [0, 0, 0, 0], 0.5)).toBeNull();
  });
});
