import {
  type FlagDefinition,
  FlagDefinitionError,
  type FlagLogger,
  type FlagStore,
  FlagVersionConflictError,
  validateFlagDefinition,
} from '@ballast/flags';
import type { ScheduledTask } from '@ballast/core';
import type { FallbackCounter } from '../connection/FallbackCounter.js';
import type { RedisConnection } from '../connection/RedisConnection.js';
import { RedisUnavailableError } from '../errors.js';
import { FlagCacheFile, type StoredFlag } from './FlagCacheFile.js';
import { putFlagScript, readFlagsScript, restoreFlagsScript } from './flagScripts.js';
import {
  type RedisFlagSourceOptions,
  readRedisFlagSourceOptions,
} from './RedisFlagSourceOptions.js';

/** Who changes a flag, and why (as for the SQLite source). */
export interface RedisFlagChange {
  /** Recorded in the audit history. */
  readonly actor: string;
  readonly comment?: string;
  /** Optimistic concurrency: the version the caller read (0 = must not exist yet). */
  readonly expectedVersion?: number;
}

/**
 * A flags document kept in Redis, applied to the runtime's flag store as the layer
 * `redis:<name>` and evaluated locally (synchronous, as with every source). A change made on any
 * instance is validated, written with its audit entry in one Lua step and announced on pub/sub;
 * every instance re-reads the document at once, and again after each reconnect. The last
 * document read is kept in `cacheFile`: when Redis is unreachable at start the source serves it
 * (counted as a fallback), and a Redis that comes back empty (lost without persistence) never
 * wipes the flags: an empty Redis with no revision is ignored until the next change.
 *
 * @example
 * ```ts
 * const flags = new RedisFlagSource(flagsOf(runtime), redis, { cacheFile: '/var/lib/app/flags.json' });
 * await flags.start();
 * await flags.put('new-checkout', { enabled: false }, { actor: 'alice', comment: 'incident 4711' });
 * ```
 */
export class RedisFlagSource {
  /** Layer name in the store: `redis:<name>`. */
  readonly source: string;
  /** A change written here reaches every instance by itself (the admin API need not relay it). */
  readonly fleetWide = true;
  readonly #store: FlagStore;
  readonly #redis: RedisConnection;
  readonly #cacheFile: FlagCacheFile;
  readonly #logger: FlagLogger;
  readonly #fallback: FallbackCounter;
  readonly #keys: readonly [definitions: string, versions: string, revision: string, audit: string];
  readonly #channel: string;
  #flags = new Map<string, StoredFlag>();
  #revision = -1;
  #started = false;
  readonly #resyncIntervalMs: number;
  #resync: ScheduledTask | undefined;

  /** @throws ConfigError (`BALLAST_ERR_CONFIG`) for an unknown option, a bad value or no `cacheFile`. */
  constructor(store: FlagStore, redis: RedisConnection, options: RedisFlagSourceOptions) {
    const { name, cacheFile, logger, resyncIntervalMs } = readRedisFlagSourceOptions(options);
    this.#resyncIntervalMs = resyncIntervalMs;
    this.#cacheFile = new FlagCacheFile(cacheFile, logger);
    this.#logger = logger;
    this.source = `redis:${name}`;
    this.#store = store;
    this.#redis = redis;
    this.#fallback = redis.fallbackCounter('flags', name);
    const base = `flags:{${name}}`;
    this.#keys = [
      redis.key(`${base}:definitions`),
      redis.key(`${base}:versions`),
      redis.key(`${base}:rev`),
      redis.key(`${base}:audit`),
    ];
    this.#channel = `${base}:channel`;
  }

  /**
   * Loads the document (from Redis, else from the cache file) and follows changes.
   * Resolves true when flags from either are in the store.
   */
  async start(): Promise<boolean> {
    if (!this.#started) {
      this.#started = true;
      this.#redis.subscribe(this.#channel, () => void this.reload());
      this.#redis.onReady(() => void this.reload());
      this.#redis.runtime.onDispose(() => this.#resync?.cancel());
      this.#scheduleResync();
    }
    if (await this.reload()) return true;
    return this.#loadCache();
  }

  /** Reads the document from Redis and applies it; false when Redis or the document failed. */
  async reload(): Promise<boolean> {
    let revision: string | null;
    let definitions: string[];
    let versions: string[];
    try {
      [revision, definitions, versions] = await this.#redis.call((client) =>
        readFlagsScript.run<[string | null, string[], string[]]>(
          client,
          this.#keys.slice(0, 3),
          [],
        ),
      );
    } catch (error) {
      this.#fallback.fellBack(error);
      return false;
    }
    this.#fallback.recovered();
    if (revision === null && this.#revision > 0) {
      await this.#restore();
      return true;
    }
    const version = new Map<string, number>();
    for (let i = 0; i < versions.length; i += 2) version.set(versions[i]!, Number(versions[i + 1]));
    const flags = new Map<string, StoredFlag>();
    for (let i = 0; i < definitions.length; i += 2) {
      const key = definitions[i]!;
      const definition = JSON.parse(definitions[i + 1]!) as FlagDefinition;
      flags.set(key, { definition, version: version.get(key) ?? 0 });
    }
    if (!this.#apply(flags, `${this.source} revision ${revision ?? 0}`)) return false;
    this.#revision = Number(revision ?? 0);
    this.#cacheFile.write(this.#revision, this.#flags);
    return true;
  }

  /**
   * Redis lost the document (restarted empty, flushed, a replica synced from an empty primary):
   * the flags are not wiped; this instance writes the document it serves back, so instances
   * that start later and the next change build on it.
   */
  async #restore(): Promise<void> {
    const args: (string | number)[] = [this.#revision];
    for (const [key, { definition, version }] of this.#flags)
      args.push(key, JSON.stringify(definition), version);
    const restored = await this.#redis
      .call((client) => restoreFlagsScript.run<number>(client, this.#keys.slice(0, 3), args))
      .catch(() => 0);
    this.#logger.warn(
      `[ballast/redis] flags ${this.source}: Redis has no document (emptied?); ${restored === 1 ? 'restored' : 'keeping'} revision ${this.#revision}.`,
    );
  }

  #scheduleResync(): void {
    this.#resync = this.#redis.runtime.scheduler.schedule(this.#resyncIntervalMs, () => {
      void this.#checkRevision().finally(() => {
        if (!this.#redis.runtime.disposed) this.#scheduleResync();
      });
    });
  }

  async #checkRevision(): Promise<void> {
    // A re-read that failed (the reconnect came while the breaker was open) is made again here,
    // so the fallback ends once Redis answers even when the document did not change.
    if (this.#fallback.active) {
      await this.reload();
      return;
    }
    try {
      const revision = await this.#redis.call((client) => client.get(this.#keys[2]));
      if (revision !== null && Number(revision) !== this.#revision) await this.reload();
    } catch {
      // counted by the next read that needs Redis
    }
  }

  /** The stored definition and version of a flag, as last read. */
  get(key: string): StoredFlag | undefined {
    return this.#flags.get(key);
  }

  /**
   * Creates or replaces a flag (validated first) on every instance; resolves with its version.
   * @throws FlagDefinitionError, FlagVersionConflictError, RedisUnavailableError
   */
  async put(key: string, definition: unknown, change: RedisFlagChange): Promise<number> {
    validateFlagDefinition(key, definition);
    return this.#write(key, JSON.stringify(definition), change);
  }

  /** Deletes a flag on every instance; resolves 0 when it did not exist. */
  delete(key: string, change: RedisFlagChange): Promise<number> {
    return this.#write(key, '', change);
  }

  /** Audit entries, newest first (of one flag when `key` is given). */
  async history(key?: string, limit = 100): Promise<unknown[]> {
    const texts = await this.#redis.call((client) => client.lRange(this.#keys[3], 0, 999));
    return texts
      .map((text) => {
        const { change, ...entry } = JSON.parse(text) as { change: { key: string } };
        return { ...change, ...entry };
      })
      .filter((entry) => key === undefined || entry.key === key)
      .slice(0, limit);
  }

  async #write(key: string, definition: string, change: RedisFlagChange): Promise<number> {
    if (typeof change?.actor !== 'string' || change.actor.length === 0)
      throw new FlagDefinitionError(
        key,
        'actor',
        'every change needs a non-empty actor for the audit history',
      );
    const audit = JSON.stringify({
      key,
      action: definition === '' ? 'delete' : 'put',
      definition: definition === '' ? null : (JSON.parse(definition) as unknown),
      changedBy: change.actor,
      changedAt: new Date().toISOString(),
      comment: change.comment ?? null,
    });
    const put = async (): Promise<number[]> => {
      try {
        return await this.#redis.call((client) =>
          putFlagScript.run<number[]>(client, this.#keys, [
            this.#redis.key(this.#channel),
            key,
            definition,
            change.expectedVersion ?? -1,
            audit,
            this.#revision,
          ]),
        );
      } catch (error) {
        throw new RedisUnavailableError(`flag change "${key}"`, error);
      }
    };
    let reply = await put();
    if (reply[0] === -2) {
      await this.#restore();
      reply = await put();
      if (reply[0] === -2)
        throw new RedisUnavailableError(
          `flag change "${key}"`,
          'the document could not be restored',
        );
    }
    if (reply[0] === -1)
      throw new FlagVersionConflictError(key, change.expectedVersion!, reply[1]!);
    await this.reload();
    return reply[0]!;
  }

  #apply(flags: Map<string, StoredFlag>, label: string): boolean {
    const document = {
      flags: Object.fromEntries([...flags].map(([key, flag]) => [key, flag.definition])),
    };
    try {
      this.#store.load(document, { source: this.source });
    } catch (error) {
      if (!FlagDefinitionError.is(error)) throw error;
      this.#logger.warn(`[ballast/redis] rejected ${label} (${error.code}): ${error.message}.`);
      return false;
    }
    this.#flags = flags;
    return true;
  }

  #loadCache(): boolean {
    const cached = this.#cacheFile.read();
    if (cached === undefined) return false;
    if (!this.#apply(new Map(Object.entries(cached.flags)), this.#cacheFile.path)) return false;
    this.#revision = cached.revision;
    this.#logger.info(
      `[ballast/redis] flags ${this.source}: serving revision ${cached.revision} from ${this.#cacheFile.path} until Redis answers.`,
    );
    return true;
  }
}
