import { realpathSync } from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { Scheduler, type Runtime, type ScheduledTask } from '@ballast/core';
import { DocumentOps } from '../documents/DocumentOps.js';
import { StoreClosedError, StoreFileReplacedError } from '../errors/storeErrors.js';
import { FileIdentity } from '../files/FileIdentity.js';
import { createPrivateFolders } from '../files/privateFiles.js';
import { UserHealth } from '../health/UserHealth.js';
import { ReleaseRequests } from '../locks/ReleaseRequests.js';
import { UserLocks } from '../locks/UserLocks.js';
import { documentSchema, partitionSchema } from '../migrations/builtinSchemas.js';
import { migrateDatabase } from '../migrations/migrateDatabase.js';
import type { Migration } from '../migrations/Migration.js';
import { MAIN_DATABASE, UserPaths } from '../paths/UserPaths.js';
import { HandlePool } from '../pool/HandlePool.js';
import { UserHandle } from '../pool/UserHandle.js';
import { Quarantine } from '../quarantine/Quarantine.js';
import { connectionPragmas } from '../sqlite/openConnection.js';
import type { ResolvedSettings } from './ResolvedSettings.js';
import { StoreStatistics } from './StoreStatistics.js';
import { UserFiles } from './UserFiles.js';

/** Idle handles close after 5 sweeps, one every quarter of the idle timeout: 1–1.25× the timeout. */
const IDLE_TICKS = 5;
const SWEEPS_PER_TIMEOUT = 4;

/**
 * The machinery shared by the facades: opening (the fast path for a known user is a few lstat
 * checks, one open call, one pragma batch and one `user_version` read), the LRU pool with its idle
 * sweep, the cross-process locks and release requests, per-user health and quarantine, and the
 * file-identity check before a write is acknowledged. Not exported from the package.
 */
export class StoreEngine {
  readonly statistics = new StoreStatistics();
  readonly paths: UserPaths;
  readonly health: UserHealth;
  readonly quarantine: Quarantine;
  readonly locks: UserLocks;
  readonly settings: ResolvedSettings;
  /** Users written since the relay last looked (dual write only). */
  readonly dirty = new Set<string>();
  readonly #pool: HandlePool;
  readonly files: UserFiles;
  readonly #requests: ReleaseRequests;
  readonly #mainMigrations: readonly Migration[];
  readonly #scheduler: Scheduler;
  readonly #ownScheduler: boolean;
  readonly #tasks: ScheduledTask[] = [];
  #closed = false;

  constructor(settings: ResolvedSettings, runtime: Runtime | undefined) {
    this.settings = settings;
    createPrivateFolders(settings.root);
    // The root itself may be a link (a mount point); every path under it is checked.
    this.paths = new UserPaths(
      realpathSync(settings.root),
      settings.userIdPattern,
      settings.shards,
    );
    this.#mainMigrations = [documentSchema, ...settings.migrations];
    this.#pool = new HandlePool(settings.maxOpen, IDLE_TICKS, this.statistics);
    this.#requests = new ReleaseRequests(this.paths);
    this.locks = new UserLocks(this.paths, this.#requests);
    this.quarantine = new Quarantine({
      paths: this.paths,
      locks: this.locks,
      clock: settings.clock,
      events: settings.events,
      stats: this.statistics,
      lockWaitMs: settings.lockWaitMs,
      closeUser: (userId) => this.#pool.closeUser(userId),
    });
    this.files = new UserFiles(this.paths, this.quarantine, connectionPragmas(settings), settings);
    this.health = new UserHealth({
      clock: settings.clock,
      events: settings.events,
      stats: this.statistics,
      readOnlyProbeMs: settings.readOnlyProbeMs,
      ioErrorThreshold: settings.ioErrorThreshold,
      quarantine: (userId, reason, cause) => this.quarantine.enter(userId, reason, cause).error,
    });
    this.#ownScheduler = runtime === undefined;
    this.#scheduler = runtime?.scheduler ?? new Scheduler(settings.clock);
    if (settings.idleTimeoutMs > 0) {
      this.#every(Math.floor(settings.idleTimeoutMs / SWEEPS_PER_TIMEOUT), () =>
        this.#pool.sweep(),
      );
    }
    this.#every(settings.releasePollMs, () => this.#releaseRequested());
  }

  /** True once {@link StoreEngine.close} ran. */
  get closed(): boolean {
    return this.#closed;
  }

  /** The user's main database handle, opened (and migrated) on first use. */
  acquire(userId: string): UserHandle {
    return (
      this.#pool.get(userId) ??
      this.#open(userId, userId, MAIN_DATABASE, this.#mainMigrations, true)!
    );
  }

  /** The open main handle of a user without marking it used, if open. */
  peek(userId: string): UserHandle | undefined {
    return this.#pool.peek(userId);
  }

  /** A partition's handle; with `create` false, undefined when its file does not exist. */
  acquirePartition(userId: string, fileName: string, create: boolean): UserHandle | undefined {
    const key = `${userId}/${fileName}`;
    return this.#pool.get(key) ?? this.#open(key, userId, fileName, [partitionSchema], create);
  }

  /** The document statements of a main handle, prepared on first use of the handle. */
  documents(handle: UserHandle): DocumentOps {
    return (handle.role ??= new DocumentOps(handle, this.settings.dualWrite)) as DocumentOps;
  }

  /**
   * Acknowledges a committed write: checks that the handle's files are still the ones at their
   * paths, then records the success. When they are not, what the connection holds is saved and
   * {@link StoreFileReplacedError} is thrown instead, so a write that a crash could lose is
   * never reported as done.
   */
  acknowledge(handle: UserHandle): void {
    const changed = handle.identity.changed();
    if (changed !== undefined) throw this.#fileReplaced(handle, changed);
    this.health.afterWrite(handle);
  }

  /**
   * Runs `fn` on the user's main database without disturbing the LRU: the pooled handle when open,
   * else a short-lived connection closed afterwards (bulk jobs over every user). Undefined when the
   * user has no database.
   */
  withDatabase<T>(userId: string, fn: (db: Database, handle: UserHandle) => T): T | undefined {
    const pooled = this.#pool.peek(userId);
    if (pooled !== undefined) return fn(pooled.db, pooled);
    const handle = this.#open(userId, userId, MAIN_DATABASE, this.#mainMigrations, false, false);
    if (handle === undefined) return undefined;
    try {
      return fn(handle.db, handle);
    } finally {
      handle.close();
    }
  }

  /** Closes every handle of a user (before moving or replacing their files). */
  closeUser(userId: string): void {
    this.#pool.closeUser(userId);
  }

  /** Closes every handle and stops the timers. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const task of this.#tasks) task.cancel();
    if (this.#ownScheduler) this.#scheduler.dispose();
    this.#pool.closeAll();
    this.locks.closeAll();
  }

  /** Runs `fn` every `intervalMs` on the scheduler until the engine closes. */
  #every(intervalMs: number, fn: () => void): void {
    const interval = Math.max(1, intervalMs);
    const index = this.#tasks.length;
    const run = (): void => {
      if (this.#closed) return;
      fn();
      this.#tasks[index] = this.#scheduler.schedule(interval, run);
    };
    this.#tasks.push(this.#scheduler.schedule(interval, run));
  }

  /** Lets go of users another process asked for (restore, quarantine): they wait on our lock. */
  #releaseRequested(): void {
    for (const userId of this.#requests.poll()) this.#pool.closeUser(userId);
  }

  #open(
    key: string,
    userId: string,
    fileName: string,
    migrations: readonly Migration[],
    create: boolean,
    pooled = true,
  ): UserHandle | undefined {
    if (this.#closed) throw new StoreClosedError();
    this.quarantine.check(userId);
    const file = path.join(this.paths.userFolder(userId), fileName);
    if (!create && !this.files.userExists(userId)) return undefined;
    const release = this.locks.share(userId);
    let db: Database | undefined;
    try {
      const opened = this.files.open(userId, file, create);
      if (opened === undefined) {
        release();
        return undefined;
      }
      db = opened.db;
      this.statistics.migrationsApplied += migrateDatabase(db, migrations, `The database ${key}`);
      const identity = new FileIdentity(file, opened.stats);
      this.statistics.opens++;
      const handle = new UserHandle(key, userId, file, db, identity, release);
      if (pooled) this.#pool.add(handle);
      return handle;
    } catch (error) {
      if (db?.open === true) db.close();
      release();
      throw this.health.failure(userId, undefined, error, true);
    }
  }

  /**
   * A handle's file is no longer the one at its path. A replaced WAL: the connection still
   * reads the old one, so a checkpoint copies every commit it holds into the database file (which
   * is still the right one) and the user is read-only until the next probe reopens it. A
   * replaced database file: a copy of what the connection sees is saved and the user quarantined.
   */
  #fileReplaced(handle: UserHandle, file: 'database' | 'wal'): StoreFileReplacedError {
    this.statistics.filesReplaced++;
    const userId = handle.userId;
    if (file === 'wal' && this.#checkpoint(handle.db)) {
      this.#pool.closeUser(userId);
      this.health.enterReadOnly(userId, 'FILE_REPLACED');
      return new StoreFileReplacedError(userId, file, 'readOnly', handle.file);
    }
    const { rescuedTo } = this.quarantine.enter(userId, 'FILE_REPLACED', undefined, handle.db);
    return new StoreFileReplacedError(userId, file, 'quarantined', rescuedTo);
  }

  /** True when every frame of the connection's WAL is now in the database file (and synced). */
  #checkpoint(db: Database): boolean {
    try {
      const [result] = db.pragma('wal_checkpoint(FULL)') as {
        busy: number;
        log: number;
        checkpointed: number;
      }[];
      return result !== undefined && result.busy === 0 && result.log === result.checkpointed;
    } catch {
      return false;
    }
  }
}
