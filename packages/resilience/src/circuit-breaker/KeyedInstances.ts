import type { Runtime, ScheduledTask } from '@ballast/core';

interface Slot<V> {
  readonly value: V;
  /** Used since the eviction hand last passed (second-chance LRU). */
  referenced: boolean;
  /** Sweep period of the last use (idle expiry). */
  period: number;
}

/** Sweep periods an entry may stay unused before it is dropped (idle for ≥ 2 periods = the TTL). */
const IDLE_PERIODS = 3;

/**
 * Per-key instances (breakers per host, buckets per user) with a hard bound on how many stay
 * alive: beyond `maxKeys` the least recently used is dropped (CLOCK second-chance, O(1)
 * amortised, one flag write per call), and entries idle for `idleTtl` ms are dropped by one
 * sweep task on the runtime's scheduler (scheduled only while there are entries).
 */
export class KeyedInstances<V> {
  readonly #map = new Map<string, Slot<V>>();
  readonly #create: (key: string) => V;
  readonly #maxKeys: number;
  readonly #sweepEvery: number;
  readonly #runtime: Runtime;
  #sweepTask: ScheduledTask | undefined;
  #period = 0;
  /** Entries dropped so far (bound or idle). */
  evictions = 0;

  constructor(runtime: Runtime, maxKeys: number, idleTtl: number, create: (key: string) => V) {
    this.#runtime = runtime;
    this.#maxKeys = maxKeys;
    this.#sweepEvery = idleTtl / 2;
    this.#create = create;
  }

  /** Live entries. */
  get size(): number {
    return this.#map.size;
  }

  /** The instance for `key`, created (and maybe evicting another) when missing. */
  get(key: string): V {
    const slot = this.#map.get(key);
    if (slot === undefined) return this.#add(key);
    slot.referenced = true;
    slot.period = this.#period;
    return slot.value;
  }

  /** The instance for `key` if alive, without marking it used. */
  peek(key: string): V | undefined {
    return this.#map.get(key)?.value;
  }

  /** Live entries as `[key, instance]`. */
  *entries(): IterableIterator<[string, V]> {
    for (const [key, slot] of this.#map) yield [key, slot.value];
  }

  /** Drops every entry. */
  clear(): void {
    this.#map.clear();
    this.#sweepTask?.cancel();
    this.#sweepTask = undefined;
  }

  #add(key: string): V {
    if (this.#map.size >= this.#maxKeys) this.#evictOne();
    const value = this.#create(key);
    this.#map.set(key, { value, referenced: false, period: this.#period });
    if (this.#sweepTask === undefined && !this.#runtime.disposed) {
      this.#sweepTask = this.#runtime.scheduler.schedule(this.#sweepEvery, () => this.#sweep());
    }
    return value;
  }

  #evictOne(): void {
    // Entries used since the hand last passed get a second chance (moved to the back), so the
    // first unused entry from the front is dropped; ends within one lap.
    for (const [key, slot] of this.#map) {
      this.#map.delete(key);
      if (slot.referenced) {
        slot.referenced = false;
        this.#map.set(key, slot);
        continue;
      }
      this.evictions++;
      return;
    }
  }

  #sweep(): void {
    this.#sweepTask = undefined;
    this.#period++;
    for (const [key, slot] of this.#map) {
      if (this.#period - slot.period >= IDLE_PERIODS) {
        this.#map.delete(key);
        this.evictions++;
      }
    }
    if (this.#map.size > 0 && !this.#runtime.disposed) {
      this.#sweepTask = this.#runtime.scheduler.schedule(this.#sweepEvery, () => this.#sweep());
    }
  }
}
