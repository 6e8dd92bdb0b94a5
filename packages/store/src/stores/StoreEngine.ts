import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { errorCode, Scheduler, type ScheduledTask, type Runtime } from '@ballast/core';
import { DocumentOps } from '../documents/DocumentOps.js';
import { StoreClosedError, StoreQuarantinedError } from '../errors/storeErrors.js';
import { UserHealth } from '../health/UserHealth.js';
import { documentSchema, partitionSchema } from '../migrations/builtinSchemas.js';
import { migrateDatabase } from '../migrations/migrateDatabase.js';
import type { Migration } from '../migrations/Migration.js';
import {
  MAIN_DATABASE,
  QUARANTINE_FOLDER,
  QUARANTINE_MARKER,
  UserPaths,
} from '../paths/UserPaths.js';
import { HandlePool } from '../pool/HandlePool.js';
import { UserHandle } from '../pool/UserHandle.js';
import { connectionPragmas, openConnection } from '../sqlite/openConnection.js';
import type { ResolvedSettings } from './ResolvedSettings.js';
import { StoreStatistics } from './StoreStatistics.js';

/** Idle handles close after 5 sweeps, one every quarter of the idle timeout: 1–1.25× the timeout. */
const IDLE_TICKS = 5;
const SWEEPS_PER_TIMEOUT = 4;

function isMissingFile(error: unknown): boolean {
  // better-sqlite3 throws a TypeError for a missing folder and SQLITE_CANTOPEN for a missing file.
  return error instanceof TypeError || errorCode(error) === 'SQLITE_CANTOPEN';
}

/**
 * The machinery shared by the facades: opening (the fast path for a known user is one open call,
 * one pragma batch and one `user_version` read), the LRU pool with its idle sweep, per-user health
 * and quarantine. Not exported from the package.
 */
export class StoreEngine {
  readonly statistics = new StoreStatistics();
  readonly paths: UserPaths;
  readonly health: UserHealth;
  readonly settings: ResolvedSettings;
  /** Users written since the relay last looked (dual write only). */
  readonly dirty = new Set<string>();
  readonly #pool: HandlePool;
  readonly #pragmas: string;
  readonly #mainMigrations: readonly Migration[];
  readonly #scheduler: Scheduler;
  readonly #ownScheduler: boolean;
  #sweepTask: ScheduledTask | undefined;
  #closed = false;

  constructor(settings: ResolvedSettings, runtime: Runtime | undefined) {
    this.settings = settings;
    this.paths = new UserPaths(settings.root, settings.userIdPattern, settings.shards);
    this.#pragmas = connectionPragmas(settings);
    this.#mainMigrations = [documentSchema, ...settings.migrations];
    this.#pool = new HandlePool(settings.maxOpen, IDLE_TICKS, this.statistics);
    this.health = new UserHealth({
      clock: settings.clock,
      events: settings.events,
      stats: this.statistics,
      readOnlyProbeMs: settings.readOnlyProbeMs,
      ioErrorThreshold: settings.ioErrorThreshold,
      quarantine: (userId, reason) => this.#quarantineFiles(userId, reason),
    });
    mkdirSync(this.paths.root, { recursive: true });
    this.#ownScheduler = runtime === undefined;
    this.#scheduler = runtime?.scheduler ?? new Scheduler(settings.clock);
    if (settings.idleTimeoutMs > 0) this.#scheduleSweep();
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

  /** Closes every handle and stops the idle sweep. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#sweepTask?.cancel();
    if (this.#ownScheduler) this.#scheduler.dispose();
    this.#pool.closeAll();
  }

  #scheduleSweep(): void {
    const interval = Math.max(1, Math.floor(this.settings.idleTimeoutMs / SWEEPS_PER_TIMEOUT));
    const sweep = (): void => {
      if (this.#closed) return;
      this.#pool.sweep();
      this.#sweepTask = this.#scheduler.schedule(interval, sweep);
    };
    this.#sweepTask = this.#scheduler.schedule(interval, sweep);
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
    const quarantined = this.health.quarantineReason(userId);
    if (quarantined !== undefined) throw new StoreQuarantinedError(userId, quarantined);
    const file = path.join(this.paths.userFolder(userId), fileName);
    let db: Database | undefined;
    try {
      db = this.#connect(userId, file, create);
      if (db === undefined) return undefined;
      this.statistics.migrationsApplied += migrateDatabase(db, migrations, `The database ${key}`);
    } catch (error) {
      if (db?.open === true) db.close();
      throw this.health.failure(userId, undefined, error, true);
    }
    this.statistics.opens++;
    const handle = new UserHandle(key, userId, file, db);
    if (pooled) this.#pool.add(handle);
    return handle;
  }

  #connect(userId: string, file: string, create: boolean): Database | undefined {
    try {
      return openConnection(file, this.settings, this.#pragmas, true);
    } catch (error) {
      if (!isMissingFile(error)) throw error;
    }
    // Slow path, first use of this file: check for a quarantine left by an earlier run, then create.
    const folder = path.dirname(file);
    const marker = path.join(folder, QUARANTINE_MARKER);
    if (existsSync(marker)) {
      const reason = this.#markerReason(marker);
      this.health.markQuarantined(userId, reason);
      throw new StoreQuarantinedError(userId, reason);
    }
    if (!create) return undefined;
    mkdirSync(folder, { recursive: true });
    return openConnection(file, this.settings, this.#pragmas, false);
  }

  #markerReason(marker: string): string {
    try {
      const parsed = JSON.parse(readFileSync(marker, 'utf8')) as { reason?: unknown };
      return typeof parsed.reason === 'string' ? parsed.reason : 'unknown';
    } catch {
      return 'unknown';
    }
  }

  #quarantineFiles(userId: string, reason: string): string | undefined {
    this.#pool.closeUser(userId);
    const folder = this.paths.userFolder(userId);
    const at = this.settings.clock.now();
    let movedTo: string | undefined = path.join(
      this.paths.root,
      QUARANTINE_FOLDER,
      `${userId}.${at}`,
    );
    try {
      mkdirSync(path.dirname(movedTo), { recursive: true });
      renameSync(folder, movedTo);
    } catch {
      movedTo = undefined;
    }
    try {
      mkdirSync(folder, { recursive: true });
      writeFileSync(path.join(folder, QUARANTINE_MARKER), JSON.stringify({ reason, at, movedTo }));
    } catch {
      // The in-memory quarantine still holds for this process; the event reports movedTo.
    }
    return movedTo;
  }
}
