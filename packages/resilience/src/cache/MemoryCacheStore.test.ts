import { describe, expect, it } from '@jest/globals';
import type { CacheEntry } from './CacheStore.js';
import { estimateSize } from './estimateSize.js';
import { MemoryCacheStore } from './MemoryCacheStore.js';

function entry(value: unknown, tags: readonly string[] = []): CacheEntry {
  return { value, storedAt: 0, freshUntil: 1_000, keepUntil: 1_000, tags };
}

describe('MemoryCacheStore', () => {
  it.each([
    ['entries', 1_000, 1e9],
    ['bytes', 1e9, 64 * 1024],
  ])('holds its bound of %s through 100,000 keys', (_bound, maxEntries, maxBytes) => {
    const store = new MemoryCacheStore({ maxEntries, maxBytes, sizeOf: estimateSize });
    let mostEntries = 0;
    let mostBytes = 0;
    for (let i = 0; i < 100_000; i++) {
      store.set(`key-${i}`, entry({ id: i, name: `item ${i}` }));
      if (i % 7 === 0) store.get(`key-${i - 3}`);
      mostEntries = Math.max(mostEntries, store.entries);
      mostBytes = Math.max(mostBytes, store.bytes);
    }
    expect(mostEntries).toBeLessThanOrEqual(maxEntries);
    expect(mostBytes).toBeLessThanOrEqual(maxBytes);
    expect(Math.min(maxEntries - mostEntries, maxBytes - mostBytes)).toBeLessThan(300); // it binds
    expect(store.evictions).toBe(100_000 - store.entries);
  });

  it('gives an entry read since the hand last passed a second chance (CLOCK)', () => {
    const store = new MemoryCacheStore({ maxEntries: 3, maxBytes: 1e9, sizeOf: () => 8 });
    store.set('a', entry(1));
    store.set('b', entry(2));
    store.set('c', entry(3));
    store.set('d', entry(4)); // every entry starts read: one round clears the flags, then a goes
    expect(store.get('a')).toBeUndefined();
    store.get('b');
    store.set('e', entry(5)); // b was read: c goes
    expect(
      [store.get('b'), store.get('c'), store.get('d'), store.get('e')].map((e) => e?.value),
    ).toEqual([2, undefined, 4, 5]);
  });

  it('does not keep a value larger than maxBytes alone, nor an older value under its key', () => {
    const store = new MemoryCacheStore({ maxEntries: 10, maxBytes: 2_048, sizeOf: estimateSize });
    expect(store.set('k', entry('small'))).toBe(true);
    expect(store.set('k', entry('x'.repeat(2_000)))).toBe(false);
    expect(store.get('k')).toBeUndefined();
    expect(store.oversized).toBe(1);
    expect(store.bytes).toBe(0);
  });

  it('removes every entry of a tag, and forgets the tag with its last entry', () => {
    const store = new MemoryCacheStore({ maxEntries: 10, maxBytes: 1e9, sizeOf: () => 8 });
    store.set('profile:1', entry('p1', ['user:1']));
    store.set('orders:1', entry('o1', ['user:1', 'orders']));
    store.set('profile:2', entry('p2', ['user:2']));
    expect(store.deleteTag('user:1')).toBe(2);
    expect(store.deleteTag('orders')).toBe(0);
    expect(store.get('profile:2')?.value).toBe('p2');
    expect(store.clear()).toBe(1);
    expect(store.entries).toBe(0);
  });
});
