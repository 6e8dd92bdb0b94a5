import { OptionsReader } from '@ballast/core';
import type { CacheStaleServedEvent } from './CacheEvents.js';
import type { CacheOptions } from './CacheOptions.js';
import type { CacheStoreFactory } from './CacheStore.js';
import { estimateSize } from './estimateSize.js';
import { memoryCacheStores } from './MemoryCacheStore.js';

/** Validated cache options with every default filled in. */
export interface CachePolicy {
  readonly ttlMs: number | ((value: unknown, args: unknown[]) => number);
  readonly maxEntries: number;
  readonly maxBytes: number;
  readonly sizeOf: (value: unknown) => number;
  readonly key: ((args: unknown[]) => string) | undefined;
  readonly tags: readonly string[] | ((args: unknown[], value: unknown) => readonly string[]);
  readonly staleWhileRevalidateMs: number;
  readonly staleIfErrorMs: number;
  readonly store: CacheStoreFactory;
  readonly name: string | undefined;
  readonly onStaleServed: ((event: CacheStaleServedEvent) => void) | undefined;
}

const KEYS = [
  'ttlMs',
  'maxEntries',
  'maxBytes',
  'sizeOf',
  'key',
  'tags',
  'staleWhileRevalidateMs',
  'staleIfErrorMs',
  'store',
  'name',
  'onStaleServed',
];
const DAY_MS = 86_400_000;

function readTtl(read: OptionsReader): CachePolicy['ttlMs'] {
  const raw = read.raw('ttlMs');
  if (typeof raw === 'function') return raw as CachePolicy['ttlMs'];
  return read.number('ttlMs', 60_000, { min: 0, max: 365 * DAY_MS });
}

/** @internal whether `tags` is what `tags` must be or answer: an array of non-empty strings. */
export function areTags(tags: unknown): tags is readonly string[] {
  return Array.isArray(tags) && tags.every((tag) => typeof tag === 'string' && tag.length > 0);
}

function readTags(read: OptionsReader): CachePolicy['tags'] {
  const raw = read.raw('tags');
  if (raw === undefined) return [];
  if (typeof raw === 'function') return raw as CachePolicy['tags'];
  if (areTags(raw)) return Object.freeze([...raw]);
  return read.fail('tags', 'an array of non-empty strings or a function (args, value) => string[]');
}

function readStore(read: OptionsReader): CacheStoreFactory {
  const raw = read.raw('store');
  if (raw === undefined) return memoryCacheStores;
  if (
    typeof raw === 'object' &&
    raw !== null &&
    typeof (raw as CacheStoreFactory).open === 'function' &&
    typeof (raw as CacheStoreFactory).synchronous === 'boolean'
  )
    return raw as CacheStoreFactory;
  return read.fail(
    'store',
    'a store factory ({ synchronous, open(namespace, limits) }), like redisCacheStores(redis)',
  );
}

/** Validates `@Cache` input; a bad option is a `ConfigError` naming it and what is allowed. */
export function readCachePolicy(input: CacheOptions | undefined, where: string): CachePolicy {
  const read = new OptionsReader(where, input, KEYS);
  return Object.freeze({
    ttlMs: readTtl(read),
    maxEntries: read.number('maxEntries', 1_000, { integer: true, min: 1, max: 100_000_000 }),
    maxBytes: read.number('maxBytes', 16 * 1024 * 1024, { integer: true, min: 1_024 }),
    sizeOf: read.func<(value: unknown) => number>('sizeOf') ?? estimateSize,
    key: read.func<(args: unknown[]) => string>('key'),
    tags: readTags(read),
    staleWhileRevalidateMs: read.number('staleWhileRevalidateMs', 0, { min: 0, max: 365 * DAY_MS }),
    staleIfErrorMs: read.number('staleIfErrorMs', 0, { min: 0, max: 365 * DAY_MS }),
    store: readStore(read),
    name: read.has('name') ? read.string('name', '') : undefined,
    onStaleServed: read.func<(event: CacheStaleServedEvent) => void>('onStaleServed'),
  });
}

/** Whether a cache with these options can run around a synchronous method. */
export function cachesSync(policy: CachePolicy): boolean {
  return policy.staleWhileRevalidateMs === 0 && policy.store.synchronous;
}
