import { closeSync, fchmodSync, openSync } from 'node:fs';
import { errorCode } from '@ballast/core';
import Database from 'better-sqlite3';
import type { ExecutionRecord } from './ExecutionRecord.js';
import { RunbookDefinitionError, RunbookStoreError } from './errors/runbookErrors.js';
import type { Runbook } from './RunbookDefinition.js';

/** Options of {@link RunbookStore.open}. */
export interface RunbookStoreOptions {
  /**
   * SQLite file, created 0600 when missing (its folder must exist); `:memory:` keeps nothing
   * across restarts (tests, demos).
   */
  readonly path: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS runbooks (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  definition TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS executions (
  id TEXT PRIMARY KEY,
  runbook_id TEXT NOT NULL,
  status TEXT NOT NULL,
  trigger TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS executions_by_runbook ON executions (runbook_id, started_at);
CREATE INDEX IF NOT EXISTS executions_by_start ON executions (started_at);
`;

/**
 * Creates a missing store file 0600 whatever the umask, before SQLite would create it 0644: its
 * WAL and shared-memory files take the database file's mode, so all three stay private.
 */
function createPrivately(path: string): void {
  if (path === ':memory:' || path === '') return;
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return;
    throw error;
  }
  try {
    fchmodSync(fd, 0o600);
  } finally {
    closeSync(fd);
  }
}

function isUniqueViolation(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * Runbooks and executions in one SQLite file (WAL, synchronous FULL: an acknowledged change
 * survives a power cut). Every write is an IMMEDIATE transaction, so two processes sharing the
 * file never fail half-way with SQLITE_BUSY_SNAPSHOT. Records are kept as JSON beside the few
 * columns queries need.
 */
export class RunbookStore {
  readonly #db: Database.Database;
  readonly #statements;

  private constructor(db: Database.Database) {
    this.#db = db;
    this.#statements = {
      insertRunbook: db.prepare('INSERT INTO runbooks (id, name, definition) VALUES (?, ?, ?)'),
      updateRunbook: db.prepare('UPDATE runbooks SET name = ?, definition = ? WHERE id = ?'),
      deleteRunbook: db.prepare('DELETE FROM runbooks WHERE id = ?'),
      getRunbook: db.prepare<[string], { definition: string }>(
        'SELECT definition FROM runbooks WHERE id = ?',
      ),
      listRunbooks: db.prepare<[], { definition: string }>(
        'SELECT definition FROM runbooks ORDER BY name',
      ),
      saveExecution: db.prepare(
        `INSERT INTO executions (id, runbook_id, status, trigger, started_at, record) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET status = excluded.status, record = excluded.record`,
      ),
      getExecution: db.prepare<[string], { record: string }>(
        'SELECT record FROM executions WHERE id = ?',
      ),
      listExecutions: db.prepare<[number], { record: string }>(
        'SELECT record FROM executions ORDER BY started_at DESC, rowid DESC LIMIT ?',
      ),
      listExecutionsOf: db.prepare<[string, number], { record: string }>(
        'SELECT record FROM executions WHERE runbook_id = ? ORDER BY started_at DESC, rowid DESC LIMIT ?',
      ),
      inProgress: db.prepare<[], { record: string }>(
        "SELECT record FROM executions WHERE status IN ('RUNNING', 'WAITING_CONFIRMATION')",
      ),
      lastConditionStart: db.prepare<[string], { started_at: number }>(
        "SELECT MAX(started_at) AS started_at FROM executions WHERE runbook_id = ? AND trigger = 'condition'",
      ),
    };
  }

  /**
   * Opens (creating if needed) the store at `path`.
   *
   * @example
   * ```ts
   * const store = RunbookStore.open({ path: '/var/lib/app/runbooks.db' });
   * ```
   */
  static open(options: RunbookStoreOptions): RunbookStore {
    let db: Database.Database | undefined;
    try {
      createPrivately(options.path);
      db = new Database(options.path);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('busy_timeout = 100');
      db.exec(SCHEMA);
      return new RunbookStore(db);
    } catch (error) {
      db?.close();
      throw new RunbookStoreError(
        `Cannot open the runbook store at "${options.path}": ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
  }

  /** Adds a runbook; an id or name already taken is a {@link RunbookDefinitionError}. */
  insertRunbook(runbook: Runbook): void {
    this.#write('save the runbook', () => {
      try {
        this.#statements.insertRunbook.run(runbook.id, runbook.name, JSON.stringify(runbook));
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        throw new RunbookDefinitionError(
          `Runbook "${runbook.name}": a runbook with this id ("${runbook.id}") or name already exists.`,
          { field: 'name' },
        );
      }
    });
  }

  /** Replaces a runbook; false when no runbook has its id. */
  updateRunbook(runbook: Runbook): boolean {
    return this.#write('update the runbook', () => {
      try {
        return (
          this.#statements.updateRunbook.run(runbook.name, JSON.stringify(runbook), runbook.id)
            .changes > 0
        );
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        throw new RunbookDefinitionError(
          `Runbook "${runbook.name}": another runbook has this name.`,
          {
            field: 'name',
          },
        );
      }
    });
  }

  /** Deletes a runbook (its executions stay as history); false when it did not exist. */
  deleteRunbook(id: string): boolean {
    return this.#write(
      'delete the runbook',
      () => this.#statements.deleteRunbook.run(id).changes > 0,
    );
  }

  /** The runbook `id`, if stored. */
  getRunbook(id: string): Runbook | undefined {
    const row = this.#statements.getRunbook.get(id);
    return row === undefined ? undefined : (JSON.parse(row.definition) as Runbook);
  }

  /** Every runbook, by name. */
  listRunbooks(): Runbook[] {
    return this.#statements.listRunbooks.all().map((row) => JSON.parse(row.definition) as Runbook);
  }

  /** Inserts or updates an execution. */
  saveExecution(record: ExecutionRecord): void {
    this.#write('save the execution', () => {
      this.#statements.saveExecution.run(
        record.id,
        record.runbookId,
        record.status,
        record.trigger,
        record.startedAt,
        JSON.stringify(record),
      );
    });
  }

  /** The execution `id`, if stored. */
  getExecution(id: string): ExecutionRecord | undefined {
    const row = this.#statements.getExecution.get(id);
    return row === undefined ? undefined : (JSON.parse(row.record) as ExecutionRecord);
  }

  /** Most recent first. */
  listExecutions(limit: number, runbookId?: string): ExecutionRecord[] {
    const rows =
      runbookId === undefined
        ? this.#statements.listExecutions.all(limit)
        : this.#statements.listExecutionsOf.all(runbookId, limit);
    return rows.map((row) => JSON.parse(row.record) as ExecutionRecord);
  }

  /** Executions stored as in progress (after a restart: the ones the process left unfinished). */
  inProgress(): ExecutionRecord[] {
    return this.#statements.inProgress
      .all()
      .map((row) => JSON.parse(row.record) as ExecutionRecord);
  }

  /** Start time of the runbook's last condition-triggered execution (cool-down survives restarts). */
  lastConditionStart(runbookId: string): number | undefined {
    return this.#statements.lastConditionStart.get(runbookId)?.started_at ?? undefined;
  }

  /** Closes the database. */
  close(): void {
    if (this.#db.open) this.#db.close();
  }

  #write<T>(what: string, write: () => T): T {
    try {
      return this.#db.transaction(write).immediate();
    } catch (error) {
      if (RunbookDefinitionError.is(error)) throw error;
      throw new RunbookStoreError(`Cannot ${what}: ${(error as Error).message}`, { cause: error });
    }
  }
}
