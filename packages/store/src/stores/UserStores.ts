import { ConfigError, type EventBus } from '@ballast/core';
import { backupUser, type BackupResult } from '../backup/backupUser.js';
import { restoreUser } from '../backup/restoreUser.js';
import { StoreClosedError, type StoreQuarantinedError } from '../errors/storeErrors.js';
import {
  migrateAll,
  type MigrateAllOptions,
  type MigrateAllResult,
} from '../migrations/migrateAll.js';
import type { OutboxEntry } from '../relay/OutboxEntry.js';
import { listUsers } from './listUsers.js';
import type { StoreEngine } from './StoreEngine.js';
import type { StoreStatistics } from './StoreStatistics.js';
import { UserStore } from './UserStore.js';

type OutboxRow = {
  seq: number;
  collection: string;
  id: string;
  version: number;
  body: string | null;
  updated_at: number;
};

/**
 * Every user's store under one root: one SQLite database per user, opened on demand and kept in
 * a bounded LRU. Create it with {@link createUserStores}.
 */
export class UserStores {
  readonly #engine: StoreEngine;

  /** @internal use {@link createUserStores}. */
  constructor(engine: StoreEngine) {
    this.#engine = engine;
  }

  /** The folder holding every user's files. */
  get root(): string {
    return this.#engine.paths.root;
  }

  /** Plain-number counters (open handles, opens, evictions, read-only and quarantined users, …). */
  get statistics(): StoreStatistics {
    return this.#engine.statistics;
  }

  /** Where `store.readOnly`, `store.recovered`, `store.quarantined` and `store.migrate.progress` go. */
  get events(): EventBus {
    return this.#engine.settings.events;
  }

  /** True when the dual write is on (writes append to each user's outbox). */
  get dualWrite(): boolean {
    return this.#engine.settings.dualWrite;
  }

  /**
   * The store of one user. Throws {@link InvalidUserIdError} for an id outside the allow-list or
   * resolving outside the root; creates nothing until the first operation.
   */
  user(userId: string): UserStore {
    const open = this.#engine.peek(userId);
    if (open?.view !== undefined) return open.view as UserStore;
    if (this.#engine.closed) throw new StoreClosedError();
    this.#engine.paths.validate(userId);
    return new UserStore(userId, this.#engine);
  }

  /** Users with a folder under the root, sorted. */
  listUsers(): string[] {
    return listUsers(this.#engine.paths);
  }

  /**
   * Why a user is quarantined (this run, found on disk, or by another process), or undefined. A
   * quarantine lifted by another process's restore reads as lifted.
   */
  quarantineReason(userId: string): string | undefined {
    this.#engine.paths.validate(userId);
    try {
      this.#engine.quarantine.check(userId);
      return undefined;
    } catch (error) {
      return (error as StoreQuarantinedError).reason;
    }
  }

  /**
   * Quarantines a user by hand (an operator distrusts their files): refused from now on, here
   * and in every process using the root, until a restore. The files move to
   * `root/.quarantine/` once every process has let go of them; resolves with where they went
   * (undefined when they could not be moved within `lockWaitMs`: the user stays refused).
   * `reason` must be a non-empty string (`ConfigError` otherwise): every refusal repeats it.
   */
  quarantine(userId: string, reason: string): Promise<string | undefined> {
    this.#engine.paths.validate(userId);
    if (typeof reason !== 'string' || reason.length === 0) {
      throw new ConfigError(
        `UserStores.quarantine: the reason must be a non-empty string (got ${typeof reason === 'string' ? 'an empty string' : typeof reason}).`,
      );
    }
    return this.#engine.quarantine.enter(userId, reason).movedTo;
  }

  /** Migrates every user's database; resumable (see {@link MigrateAllOptions}). */
  migrateAll(options?: MigrateAllOptions): Promise<MigrateAllResult> {
    return migrateAll(this.#engine, options);
  }

  /** Online backup of a user's main database to `destination`. */
  backup(userId: string, destination: string): Promise<BackupResult> {
    this.#engine.paths.validate(userId);
    return backupUser(this.#engine, userId, destination);
  }

  /**
   * Replaces a user's main database with a backup and lifts a quarantine. Takes the user's
   * exclusive lock first: other processes using the store let go of the user (within their
   * `releasePollMs`) and reopen the restored file afterwards; `StoreLockedError` when they do not
   * within `lockWaitMs`.
   */
  restore(userId: string, source: string): Promise<void> {
    this.#engine.paths.validate(userId);
    return restoreUser(this.#engine, userId, source);
  }

  /**
   * Users written since the last call (dual write), for the relay; the set is emptied. After a
   * restart it starts empty: the relay's catch-up scan finds what was left.
   */
  takeDirtyUsers(): string[] {
    const users = [...this.#engine.dirty];
    this.#engine.dirty.clear();
    return users;
  }

  /** Outbox entries of a user after `afterSeq`, oldest first; empty when the user has no database. */
  readOutbox(userId: string, afterSeq: number, limit: number): OutboxEntry[] {
    const engine: StoreEngine = this.#engine;
    engine.paths.validate(userId);
    let rows: OutboxRow[] | undefined;
    try {
      rows = engine.withDatabase(userId, (_db, handle) =>
        handle
          .statement(
            'SELECT seq, collection, id, version, body, updated_at FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?',
          )
          .all(afterSeq, limit),
      ) as OutboxRow[] | undefined;
    } catch (error) {
      throw engine.health.failure(userId, undefined, error, false);
    }
    return (rows ?? []).map((row) => ({
      seq: row.seq,
      collection: row.collection,
      id: row.id,
      version: row.version,
      body: row.body,
      updatedAt: row.updated_at,
    }));
  }

  /** Deletes a user's outbox entries up to `seq` once the relay has applied them. */
  acknowledgeOutbox(userId: string, seq: number): void {
    const engine: StoreEngine = this.#engine;
    engine.paths.validate(userId);
    try {
      engine.withDatabase(userId, (_db, handle) =>
        handle.immediate((_, prepare) => prepare('DELETE FROM outbox WHERE seq <= ?').run(seq)),
      );
    } catch (error) {
      throw engine.health.failure(userId, undefined, error, true);
    }
  }

  /** Closes every handle and stops the idle sweep; later calls throw {@link StoreClosedError}. */
  close(): void {
    this.#engine.close();
  }
}
