import { ConfigError } from '@ballast/core';
import type { CacheEntry, CacheLimits, CacheStore, CacheStoreFactory } from './CacheStore.js';

/** Bytes counted per entry beside its value: the record, the map slot, the bookkeeping. */
const ENTRY_OVERHEAD = 96;

interface Slot {
  readonly entry: CacheEntry;
  readonly bytes: number;
  /** Read since the eviction hand last passed it (CLOCK's reference bit). */
  used: boolean;
}

/**
 * The default store: one `Map` per cache, bounded by entries and by estimated bytes (the key's
 * length twice, the value's estimate and 96 bytes of bookkeeping per entry). Past a bound it
 * evicts by CLOCK (second chance), an approximation of least-recently-used: a hit only sets a
 * flag, where a strict LRU would move the entry on every read; the eviction hand gives each
 * entry read since it last passed one more round. A new entry starts marked as read, so it is
 * never the first to go. Tags are indexed, so invalidating one costs its entries, not the cache.
 *
 * @example
 * ```ts
 * const store = new MemoryCacheStore({ maxEntries: 100, maxBytes: 1 << 20, sizeOf: estimateSize });
 * store.set('k', { value: 1, storedAt: 0, freshUntil: 60_000, keepUntil: 60_000, tags: ['t'] });
 * store.deleteTag('t'); // 1
 * ```
 */
export class MemoryCacheStore implements CacheStore {
  readonly synchronous = true;
  readonly #limits: CacheLimits;
  readonly #slots = new Map<string, Slot>();
  readonly #tags = new Map<string, Set<string>>();
  #bytes = 0;
  #evictions = 0;
  #oversized = 0;

  constructor(limits: CacheLimits) {
    this.#limits = limits;
  }

  get entries(): number {
    return this.#slots.size;
  }

  get bytes(): number {
    return this.#bytes;
  }

  get evictions(): number {
    return this.#evictions;
  }

  /** Values not stored because they alone were larger than `maxBytes`. */
  get oversized(): number {
    return this.#oversized;
  }

  get(key: string): CacheEntry | undefined {
    const slot = this.#slots.get(key);
    if (slot === undefined) return undefined;
    slot.used = true;
    return slot.entry;
  }

  /**
   * Stores `entry`; false when it alone is larger than `maxBytes` (then nothing is kept for `key`).
   * Throws a `ConfigError` when `sizeOf` answers anything but a finite number >= 0 (`@Cache`
   * counts it in `storeErrors`); nothing is kept for `key` then either.
   */
  set(key: string, entry: CacheEntry): boolean {
    const limits = this.#limits;
    this.delete(key);
    const size = limits.sizeOf(entry.value);
    // A NaN or negative size would poison the byte count and with it the bound, for good.
    if (typeof size !== 'number' || !(size >= 0 && size < Infinity))
      throw new ConfigError(
        `MemoryCacheStore: sizeOf must return a finite number of bytes >= 0 (got ${typeof size === 'number' ? String(size) : typeof size}).`,
      );
    const bytes = ENTRY_OVERHEAD + 2 * key.length + size;
    if (bytes > limits.maxBytes) {
      this.#oversized++;
      return false;
    }
    this.#slots.set(key, { entry, bytes, used: true });
    this.#bytes += bytes;
    for (const tag of entry.tags) {
      let keys = this.#tags.get(tag);
      if (keys === undefined) this.#tags.set(tag, (keys = new Set()));
      keys.add(key);
    }
    this.#evict();
    return true;
  }

  delete(key: string): boolean {
    const slot = this.#slots.get(key);
    if (slot === undefined) return false;
    this.#remove(key, slot);
    return true;
  }

  deleteTag(tag: string): number {
    const keys = this.#tags.get(tag);
    if (keys === undefined) return 0;
    let removed = 0;
    for (const key of [...keys]) if (this.delete(key)) removed++;
    return removed;
  }

  clear(): number {
    const removed = this.#slots.size;
    this.#slots.clear();
    this.#tags.clear();
    this.#bytes = 0;
    return removed;
  }

  #evict(): void {
    const { maxEntries, maxBytes } = this.#limits;
    const slots = this.#slots;
    while (slots.size > maxEntries || this.#bytes > maxBytes) {
      const [key, slot] = slots.entries().next().value!;
      if (slot.used) {
        // Second chance: clear the flag and send it to the back of the round.
        slot.used = false;
        slots.delete(key);
        slots.set(key, slot);
        continue;
      }
      this.#remove(key, slot);
      this.#evictions++;
    }
  }

  #remove(key: string, slot: Slot): void {
    this.#slots.delete(key);
    this.#bytes -= slot.bytes;
    for (const tag of slot.entry.tags) {
      const keys = this.#tags.get(tag);
      if (keys === undefined) continue;
      keys.delete(key);
      if (keys.size === 0) this.#tags.delete(tag);
    }
  }
}

/** The default store factory: a {@link MemoryCacheStore} per cache. */
export const memoryCacheStores: CacheStoreFactory = Object.freeze({
  synchronous: true,
  open: (_namespace: string, limits: CacheLimits) => new MemoryCacheStore(limits),
});
