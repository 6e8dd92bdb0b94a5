import type BetterSqlite3 from 'better-sqlite3';
import type { ScheduledTask } from '@ballast/core';
import { validateFlagDefinition } from '../compile/validateFlagDefinition.js';
import type { FlagDefinition } from '../definition/FlagDefinition.js';
import { FlagDefinitionError } from '../errors/FlagDefinitionError.js';
import { FlagVersionConflictError } from '../errors/FlagVersionConflictError.js';
import type { FlagStore } from '../store/FlagStore.js';
import { applySourceDocument } from './applySourceDocument.js';
import type { FlagLogger } from './FlagLogger.js';
import { type FlagTableStatements, prepareFlagTables } from './sqliteFlagTables.js';

/** Options of {@link SqliteFlagSource}. */
export interface SqliteFlagSourceOptions {
  /** Flags table; the audit table is `<table>_audit`. @default "ballast_flags" */
  readonly table?: string;
  /** How often to look for commits by other connections or processes (`PRAGMA data_version`); 0 turns polling off. @default 1000 */
  readonly pollIntervalMs?: number;
  /** @default console */
  readonly logger?: FlagLogger;
}

/** Who makes a change, and why. */
export interface FlagChangeOptions {
  /** Recorded in the audit history (user name, service account). */
  readonly actor: string;
  readonly comment?: string;
  /** Optimistic concurrency: the version the caller read (0 = must not exist yet). */
  readonly expectedVersion?: number;
}

/** One entry of the audit history: who changed what, and when. */
export interface FlagAuditEntry {
  readonly id: number;
  readonly key: string;
  /** The flag's version after the change. */
  readonly version: number;
  readonly action: 'create' | 'update' | 'delete';
  readonly definition: unknown;
  readonly previous: unknown;
  readonly changedBy: string;
  /** ISO 8601 time on the runtime clock. */
  readonly changedAt: string;
  readonly comment: string | undefined;
}

/**
 * Flags kept in a SQLite table (better-sqlite3, opened by the caller), versioned per flag with
 * an audit table recording every change with its actor, time and previous definition. Changes
 * are validated before they are written and applied to the store at once; commits from other
 * processes are picked up by polling `PRAGMA data_version`.
 *
 * @example
 * ```ts
 * const source = new SqliteFlagSource(flagsOf(runtime), new Database('flags.db'));
 * source.put('new-search', { enabled: false }, { actor: 'alice', comment: 'incident 4711' });
 * source.history('new-search'); // [{ action: 'update', changedBy: 'alice', … }]
 * ```
 */
export class SqliteFlagSource {
  /** Layer name in the store and `source` of events: `sqlite:<table>`. */
  readonly source: string;
  readonly #store: FlagStore;
  readonly #db: BetterSqlite3.Database;
  readonly #sql: FlagTableStatements;
  readonly #logger: FlagLogger;
  readonly #pollIntervalMs: number;
  #dataVersion: number;
  #poll: ScheduledTask | undefined;
  #closed = false;

  constructor(store: FlagStore, db: BetterSqlite3.Database, options: SqliteFlagSourceOptions = {}) {
    const table = options.table ?? 'ballast_flags';
    this.source = `sqlite:${table}`;
    this.#store = store;
    this.#db = db;
    this.#sql = prepareFlagTables(db, table);
    this.#logger = options.logger ?? console;
    this.#pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.#dataVersion = this.#readDataVersion();
    this.reload();
    store.runtime.onDispose(() => this.close());
    this.#schedulePoll();
  }

  /** Creates or replaces a flag (validated first), records it in the audit table, applies it. */
  put(key: string, definition: unknown, change: FlagChangeOptions): number {
    validateFlagDefinition(key, definition);
    return this.#write(key, JSON.stringify(definition), change);
  }

  /** Deletes a flag, recording the deletion. Returns the audit version, or 0 when it did not exist. */
  delete(key: string, change: FlagChangeOptions): number {
    return this.#write(key, null, change);
  }

  /** The stored definition and version of a flag. */
  get(key: string): { readonly definition: FlagDefinition; readonly version: number } | undefined {
    const row = this.#sql.one.get(key);
    return row === undefined
      ? undefined
      : { definition: JSON.parse(row.definition) as FlagDefinition, version: row.version };
  }

  /** Audit history, newest first; of one flag when `key` is given. */
  history(key?: string, limit = 100): FlagAuditEntry[] {
    return this.#sql.history.all(key ?? null, key ?? null, limit).map((row) => ({
      id: row.id,
      key: row.key,
      version: row.version,
      action: row.action,
      definition: row.definition === null ? undefined : (JSON.parse(row.definition) as unknown),
      previous: row.previous === null ? undefined : (JSON.parse(row.previous) as unknown),
      changedBy: row.changed_by,
      changedAt: row.changed_at,
      comment: row.comment ?? undefined,
    }));
  }

  /** Reads every row and applies them as this source's layer; on an invalid row the snapshot stays. */
  reload(): boolean {
    return (
      applySourceDocument(this.#store, this.source, this.source, this.#logger, () =>
        this.#readFlags(),
      ) !== undefined
    );
  }

  #readFlags(): { flags: Record<string, unknown> } {
    const flags: Record<string, unknown> = {};
    for (const row of this.#sql.all.all()) {
      try {
        flags[row.key] = JSON.parse(row.definition);
      } catch (error) {
        throw new FlagDefinitionError(
          row.key,
          '',
          `stored definition is not valid JSON (${(error as Error).message})`,
        );
      }
    }
    return { flags };
  }

  /** Stops polling (the database stays open: it belongs to the caller). Also done by `runtime.dispose()`. */
  close(): void {
    this.#closed = true;
    this.#poll?.cancel();
  }

  #write(key: string, text: string | null, change: FlagChangeOptions): number {
    if (typeof change?.actor !== 'string' || change.actor.length === 0) {
      throw new FlagDefinitionError(
        key,
        'actor',
        'every change needs a non-empty actor for the audit history',
      );
    }
    const now = new Date(this.#store.runtime.clock.now()).toISOString();
    const version = this.#db
      .transaction(() => {
        const current = this.#sql.one.get(key);
        const currentVersion = current?.version ?? 0;
        if (change.expectedVersion !== undefined && change.expectedVersion !== currentVersion) {
          throw new FlagVersionConflictError(key, change.expectedVersion, currentVersion);
        }
        if (text === null && current === undefined) return 0;
        const next = (this.#sql.lastVersion.get(key)?.version ?? 0) + 1;
        const action = text === null ? 'delete' : current === undefined ? 'create' : 'update';
        if (text === null) this.#sql.remove.run(key);
        else this.#sql.upsert.run(key, text, next, now, change.actor);
        this.#sql.audit.run(
          key,
          next,
          action,
          text,
          current?.definition ?? null,
          change.actor,
          now,
          change.comment ?? null,
        );
        return next;
      })
      .immediate();
    this.#dataVersion = this.#readDataVersion();
    this.reload();
    return version;
  }

  #readDataVersion(): number {
    return this.#db.pragma('data_version', { simple: true }) as number;
  }

  #schedulePoll(): void {
    if (this.#pollIntervalMs <= 0 || this.#closed) return;
    this.#poll = this.#store.runtime.scheduler.schedule(this.#pollIntervalMs, () => {
      try {
        const version = this.#readDataVersion();
        if (version !== this.#dataVersion) {
          this.#dataVersion = version;
          this.reload();
        }
      } catch (error) {
        const message = `polling ${this.source} failed: ${(error as Error).message}; keeping snapshot version ${this.#store.snapshot.version}.`;
        this.#logger.warn(`[ballast/flags] ${message}`);
        const events = this.#store.runtime.events;
        if (events.has('flags.sourceError'))
          events.emit('flags.sourceError', { source: this.source, message, cause: error });
      }
      this.#schedulePoll();
    });
  }
}
