import type { Clock } from '@ballast/core';

interface Entry {
  readonly value: unknown;
  readonly storedAt: number;
}

function jsonKey(args: readonly unknown[]): string | undefined {
  if (args.length === 0) return '';
  try {
    return JSON.stringify(args);
  } catch {
    return undefined; // cycles, BigInt: such calls are simply not remembered
  }
}

/**
 * The last successful result per key, bounded: past `maxEntries` the entry written longest ago
 * goes first (serving an entry does not keep it), and entries older than `maxAge` are never
 * served. This is the "readable without the database" mode: reads keep answering, slightly
 * stale, while a dependency is down.
 */
export class LastKnownGood {
  readonly #entries = new Map<string, Entry>();
  readonly #clock: Clock;
  readonly #maxAge: number;
  readonly #maxEntries: number;
  readonly #key: (args: readonly unknown[]) => string | undefined;

  constructor(
    clock: Clock,
    maxAge: number,
    maxEntries: number,
    key: ((args: readonly unknown[]) => string) | undefined,
  ) {
    this.#clock = clock;
    this.#maxAge = maxAge;
    this.#maxEntries = maxEntries;
    this.#key = key ?? jsonKey;
  }

  /** Entries held (for tests and statistics). */
  get size(): number {
    return this.#entries.size;
  }

  /** Remembers a successful result. */
  remember(args: readonly unknown[], value: unknown): void {
    const key = this.#safeKey(args);
    if (key === undefined) return;
    this.#entries.delete(key);
    this.#entries.set(key, { value, storedAt: this.#clock.now() });
    if (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
  }

  /** The remembered result for these arguments if fresh; `found` says whether there was one. */
  recall(args: readonly unknown[]): { readonly found: boolean; readonly value: unknown } {
    const key = this.#safeKey(args);
    const entry = key === undefined ? undefined : this.#entries.get(key);
    if (entry === undefined) return MISS;
    if (this.#clock.now() - entry.storedAt > this.#maxAge) {
      this.#entries.delete(key!);
      return MISS;
    }
    return { found: true, value: entry.value };
  }

  #safeKey(args: readonly unknown[]): string | undefined {
    try {
      const key = this.#key(args);
      return typeof key === 'string' ? key : undefined;
    } catch {
      return undefined;
    }
  }
}

const MISS = Object.freeze({ found: false, value: undefined });
