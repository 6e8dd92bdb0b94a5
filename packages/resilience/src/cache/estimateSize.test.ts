import { describe, expect, it } from '@jest/globals';
import { estimateSize } from './estimateSize.js';

describe('estimateSize', () => {
  it('counts 8 per value, strings by code unit, objects by header and contents', () => {
    expect(estimateSize(1)).toBe(8);
    expect(estimateSize('abc')).toBe(8 + 16 + 6);
    expect(estimateSize([])).toBe(8 + 32);
    // root 8+32, 'id' 28, 'u-1' 30, 'tags' 32, ['a'] 40, 'a' 26
    expect(estimateSize({ id: 'u-1', tags: ['a'] })).toBe(196);
  });

  it('counts binary data by byteLength and shared objects once', () => {
    expect(estimateSize(Buffer.alloc(1_000))).toBe(8 + 32 + 1_000);
    const shared = { a: 1 };
    expect(estimateSize([shared, shared])).toBe(8 + 32 + (8 + 32 + 8 + 16 + 2 + 8) + 8);
  });

  it('walks Maps, Sets and cycles without looping', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(estimateSize(cyclic)).toBe(8 + 32 + (8 + 16 + 8) + 8);
    expect(estimateSize(new Map([['k', 1]]))).toBe(8 + 32 + (8 + 16 + 2) + 8);
    expect(estimateSize(new Set([1, 2]))).toBe(8 + 32 + 16);
  });

  it('stops walking once past the limit', () => {
    const big = Array.from({ length: 100_000 }, (_, i) => `item ${i}`);
    const estimate = estimateSize(big, 1_000);
    expect(estimate).toBeGreaterThan(1_000);
    expect(estimate).toBeLessThan(2_000);
  });
});
