import type { StoreStatistics } from '../stores/StoreStatistics.js';
import type { UserHandle } from './UserHandle.js';

/**
 * A least-recently-used set of open handles with a hard maximum and an idle timeout measured in
 * sweep ticks, so a use costs one field write instead of a clock read. Map insertion order is the
 * recency order: a use moves the handle to the end (skipped when it already is the newest).
 */
export class HandlePool {
  readonly #open = new Map<string, UserHandle>();
  readonly #max: number;
  readonly #idleTicks: number;
  readonly #stats: StoreStatistics;
  #newest: UserHandle | undefined;
  #tick = 0;

  constructor(max: number, idleTicks: number, stats: StoreStatistics) {
    this.#max = max;
    this.#idleTicks = idleTicks;
    this.#stats = stats;
  }

  /** The open handle under `key`, marked as just used; undefined when not open. */
  get(key: string): UserHandle | undefined {
    const handle = this.#open.get(key);
    if (handle === undefined) return undefined;
    if (handle !== this.#newest) {
      this.#open.delete(key);
      this.#open.set(key, handle);
      this.#newest = handle;
    }
    handle.tick = this.#tick;
    return handle;
  }

  /** The handle under `key` without marking it used (for background jobs that should not keep it hot). */
  peek(key: string): UserHandle | undefined {
    return this.#open.get(key);
  }

  /** Adds a freshly opened handle, closing the least recently used one when full. */
  add(handle: UserHandle): void {
    while (this.#open.size >= this.#max) {
      const oldest = this.#open.values().next().value as UserHandle;
      this.#close(oldest);
      this.#stats.evictions++;
    }
    handle.tick = this.#tick;
    this.#open.set(handle.key, handle);
    this.#newest = handle;
    this.#stats.openHandles = this.#open.size;
  }

  /** Closes one handle if it is open. */
  remove(handle: UserHandle): void {
    if (this.#open.get(handle.key) === handle) this.#close(handle);
    else handle.close();
  }

  /** Closes every handle of a user (main database and partitions). */
  closeUser(userId: string): void {
    for (const handle of [...this.#open.values()])
      if (handle.userId === userId) this.#close(handle);
  }

  /** Advances one tick and closes handles unused for the idle timeout. Oldest come first, so it stops early. */
  sweep(): void {
    this.#tick++;
    const cutoff = this.#tick - this.#idleTicks;
    for (const handle of this.#open.values()) {
      if (handle.tick > cutoff) break;
      this.#close(handle);
      this.#stats.idleCloses++;
    }
  }

  /** Closes everything. */
  closeAll(): void {
    for (const handle of [...this.#open.values()]) this.#close(handle);
  }

  #close(handle: UserHandle): void {
    this.#open.delete(handle.key);
    if (this.#newest === handle) this.#newest = undefined;
    this.#stats.openHandles = this.#open.size;
    try {
      handle.close();
    } catch {
      this.#stats.closeErrors++;
    }
  }
}
