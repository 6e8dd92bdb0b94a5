import { describe, expect, it } from '@jest/globals';
import { bucketOf, VARIANT_SEED } from './bucketOf.js';

const KEYS = 100_000;
const keys = Array.from({ length: KEYS }, (_, index) => `user-${index}`);
const buckets = Uint8Array.from(keys, (key) => bucketOf('new-search', key));

describe('bucketOf', () => {
  it('matches the Unleash cross-SDK vectors', () => {
    expect(bucketOf('gr1', '123')).toBe(73);
    expect(bucketOf('groupX', '999')).toBe(25);
  });

  it('matches the Unleash cross-SDK vectors with the variant seed', () => {
    expect(bucketOf('gr1', '123', 100, VARIANT_SEED)).toBe(96);
    expect(bucketOf('groupX', '999', 100, VARIANT_SEED)).toBe(60);
  });

  it.each([1, 5, 10, 20, 25, 33, 50, 75, 90, 99])(
    'puts %d %% of 100,000 keys in the rollout, within ±1 %%',
    (percentage) => {
      let inside = 0;
      for (const bucket of buckets) if (bucket <= percentage) inside++;
      expect(Math.abs((inside / KEYS) * 100 - percentage)).toBeLessThanOrEqual(1);
    },
  );

  it('keeps every user who was in when the rollout rises from 10 % to 20 %', () => {
    const at10 = keys.filter((_, index) => buckets[index]! <= 10);
    const at20 = new Set(keys.filter((_, index) => buckets[index]! <= 20));
    expect(at10.length).toBeGreaterThan(9_000);
    expect(at10.filter((key) => !at20.has(key))).toEqual([]);
    expect(at20.size).toBeGreaterThan(at10.length + 9_000);
  });

  it('spreads groups independently, so two flags at 10 % reach different users', () => {
    const a = new Set(keys.filter((key) => bucketOf('flag-a', key) <= 10));
    const both = keys.filter((key) => a.has(key) && bucketOf('flag-b', key) <= 10).length;
    expect(Math.abs(both / KEYS - 0.01)).toBeLessThan(0.005);
  });
});
