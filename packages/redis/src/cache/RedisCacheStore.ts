import { type Clock, OptionsReader } from '@ballast/core';
import type { CacheEntry, CacheLimits, CacheStore, CacheStoreFactory } from '@ballast/resilience';
import type { FallbackCounter } from '../connection/FallbackCounter.js';
import type { RedisConnection, RedisOperation } from '../connection/RedisConnection.js';
import { RedisRefusedError } from '../errors.js';
import { deleteTagScript, setEntryScript } from './cacheScripts.js';

/** Encodes cached values for Redis. */
export interface CacheSerializer {
  stringify(value: unknown): string;
  parse(text: string): unknown;
}

/** Options of {@link redisCacheStores}. */
export interface RedisCacheStoreOptions {
  /**
   * Prefix of the cache's keys, after the connection's `keyPrefix`.
   * @default 'cache:'
   */
  readonly prefix?: string;
  /**
   * How values are written: they must come back as the caller expects (JSON turns a `Date`
   * into a string). A value it cannot write is not stored (the cache counts a store error).
   * @default JSON
   */
  readonly serializer?: CacheSerializer;
}

/** What one entry looks like in Redis. */
interface StoredEntry {
  readonly v: string;
  readonly s: number;
  readonly f: number;
  readonly k: number;
  readonly t: readonly string[];
}

const GLOB = /[*?[\]\\]/g;

/**
 * One cache's entries in Redis, shared by every process on it: `<keyPrefix><prefix>{<namespace>}:e:<key>`
 * (the braces keep a cache's keys in one Redis Cluster slot), tags as sets beside them. Every
 * command goes through the connection's timeout and breaker; a failure is the cache's to count
 * (a look-up that fails is a miss). Entries expire in Redis at the end of their last stale
 * window (`PX`); the bounds of entries and bytes are Redis's own (`maxmemory`), except that a
 * value whose encoding is longer than `maxBytes` is not stored. Opened by
 * {@link redisCacheStores}, which reads the options once, when the factory is made.
 *
 * @example
 * ```ts
 * const store = redisCacheStores(redis).open('Catalogue.price', { maxEntries: 1, maxBytes: 65_536, sizeOf: () => 0 });
 * await store.deleteTag('sku:p-1'); // entries removed for the whole fleet
 * ```
 */
export class RedisCacheStore implements CacheStore {
  readonly synchronous = false;
  readonly #redis: RedisConnection;
  readonly #clock: Clock;
  readonly #base: string;
  readonly #limits: CacheLimits;
  readonly #serializer: CacheSerializer;
  readonly #fallback: FallbackCounter;
  #writesRefused = false;
  #oversized = 0;

  /** @param options - as {@link redisCacheStores} read them (checked, defaults filled in). */
  constructor(
    redis: RedisConnection,
    namespace: string,
    limits: CacheLimits,
    options: Required<RedisCacheStoreOptions>,
  ) {
    this.#redis = redis;
    this.#clock = redis.runtime.clock;
    this.#base = redis.key(`${options.prefix}{${namespace}}:`);
    this.#limits = limits;
    this.#serializer = options.serializer;
    this.#fallback = redis.fallbackCounter('cache', namespace);
  }

  /** Values not stored because their encoding was longer than `maxBytes`. */
  get oversized(): number {
    return this.#oversized;
  }

  async get(key: string): Promise<CacheEntry | undefined> {
    const text = await this.#call((client) => client.get(this.#entryKey(key)));
    if (text === null) return undefined;
    const stored = JSON.parse(text) as StoredEntry;
    return {
      value: this.#serializer.parse(stored.v),
      storedAt: stored.s,
      freshUntil: stored.f,
      keepUntil: stored.k,
      tags: stored.t,
    };
  }

  async set(key: string, entry: CacheEntry): Promise<void> {
    const ttl = Math.ceil(entry.keepUntil - this.#clock.now());
    if (ttl <= 0) return;
    const stored: StoredEntry = {
      v: this.#serializer.stringify(entry.value),
      s: entry.storedAt,
      f: entry.freshUntil,
      k: entry.keepUntil,
      t: entry.tags,
    };
    const text = JSON.stringify(stored);
    if (text.length > this.#limits.maxBytes) {
      this.#oversized++;
      return;
    }
    const keys = [this.#entryKey(key), ...entry.tags.map((tag) => this.#tagKey(tag))];
    await this.#call((client) => setEntryScript.run(client, keys, [text, ttl]), true);
  }

  async delete(key: string): Promise<boolean> {
    return (await this.#call((client) => client.del(this.#entryKey(key)), true)) > 0;
  }

  deleteTag(tag: string): Promise<number> {
    return this.#call(
      (client) => deleteTagScript.run<number>(client, [this.#tagKey(tag)], []),
      true,
    );
  }

  /** Removes every entry and tag of this cache (a SCAN of its keys: for operators, not hot paths). */
  async clear(): Promise<number> {
    const pattern = `${this.#base.replace(GLOB, '\\$&')}*`;
    let removed = 0;
    let cursor = '0';
    do {
      const [next, keys] = (await this.#call((client) =>
        client.sendCommand(['SCAN', cursor, 'MATCH', pattern, 'COUNT', '500']),
      )) as [string, string[]];
      cursor = next;
      if (keys.length === 0) continue;
      const entries = keys.filter((k) => k.startsWith(`${this.#base}e:`)).length;
      await this.#call((client) => client.del(keys), true);
      removed += entries;
    } while (cursor !== '0');
    return removed;
  }

  #entryKey(key: string): string {
    return `${this.#base}e:${key}`;
  }

  #tagKey(tag: string): string {
    return `${this.#base}t:${tag}`;
  }

  /**
   * A server that refuses writes (a replica, `maxmemory` reached) still answers reads: only a
   * write that works again ends a fallback a refused write started, so one outage is one
   * event, not one per call.
   */
  async #call<T>(operation: RedisOperation<T>, write = false): Promise<T> {
    try {
      const result = await this.#redis.call(operation);
      if (write || !this.#writesRefused) this.#fallback.recovered();
      if (write) this.#writesRefused = false;
      return result;
    } catch (error) {
      if (write) this.#writesRefused = error instanceof RedisRefusedError;
      this.#fallback.fellBack(error);
      throw error;
    }
  }
}

/**
 * A cache store factory for `@Cache({ store })`: each cache keeps its entries in Redis under its
 * namespace (`Class.method`), shared by every process of the fleet, with `redis.fallback` /
 * `redis.recovered` events when Redis cannot be reached (the cache then loads as on a miss).
 *
 * @example
 * ```ts
 * const shared = redisCacheStores(connectRedis({ url, runtime }));
 * class Catalogue {
 *   @Cache({ store: shared, ttlMs: 60_000, tags: ([sku]) => [`sku:${sku}`] })
 *   async product(sku: string): Promise<Product> { … }
 * }
 * ```
 */
export function redisCacheStores(
  redis: RedisConnection,
  options: RedisCacheStoreOptions = {},
): CacheStoreFactory {
  const checked = readRedisCacheStoreOptions(options);
  return Object.freeze({
    synchronous: false,
    open: (namespace: string, limits: CacheLimits) =>
      new RedisCacheStore(redis, namespace, limits, checked),
  });
}

function readRedisCacheStoreOptions(
  options: RedisCacheStoreOptions,
): Required<RedisCacheStoreOptions> {
  const read = new OptionsReader('redisCacheStores', options, ['prefix', 'serializer']);
  const serializer = read.raw('serializer') as Partial<CacheSerializer> | undefined;
  if (
    serializer !== undefined &&
    (typeof serializer?.stringify !== 'function' || typeof serializer.parse !== 'function')
  )
    read.fail('serializer', 'an object with stringify(value) and parse(text), like JSON');
  return {
    prefix: read.string('prefix', 'cache:'),
    serializer: (serializer as CacheSerializer | undefined) ?? JSON,
  };
}
