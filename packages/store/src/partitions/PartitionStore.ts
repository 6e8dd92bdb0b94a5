import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { checkObject, shown } from '../documents/argumentChecks.js';
import { bodyJson } from '../documents/bodyJson.js';
import { checkName } from '../documents/checkName.js';
import { jsonCondition, queryValue } from '../documents/documentQuerySql.js';
import type { QueryOperator } from '../documents/Document.js';
import { InvalidDocumentError } from '../errors/storeErrors.js';
import type { StoreEngine } from '../stores/StoreEngine.js';
import { partitionFilePattern, periodKey, type PartitionPeriod } from './periodKey.js';

/** An entry of a time-partitioned table. */
export interface PartitionEntry<T = unknown> {
  readonly id: string;
  /** Time of the entry, ms since the epoch. */
  readonly at: number;
  readonly body: T;
}

/** A time range (`from` inclusive, `to` exclusive) with an optional JSON-path filter. */
export interface PartitionRange {
  readonly from: number | Date;
  readonly to: number | Date;
  readonly where?: {
    readonly path: string;
    readonly op?: QueryOperator;
    readonly value: string | number | boolean | null;
  };
  /** @default 1000 (at most 10000) */
  readonly limit?: number;
}

const MAX_TIME = 253_402_300_799_999; // 9999-12-31, the last time with a four-digit year key

function toTime(value: number | Date, what: string): number {
  const time = value instanceof Date ? value.getTime() : value;
  if (!Number.isFinite(time) || time < 0 || time > MAX_TIME) {
    throw new InvalidDocumentError(
      `${what} must be a time between 1970 and 9999 (got ${String(value)}).`,
    );
  }
  return time;
}

/**
 * One user's append-heavy table split into one SQLite file per period (`events.2026-11.db`), so
 * old periods stay small, cold and easy to archive. Range queries visit only the files that
 * exist for the periods in range, oldest first.
 *
 * @example
 * ```ts
 * const events = stores.user('alice').partition('events');
 * events.append(Date.now(), { type: 'login' });
 * events.range({ from: Date.parse('2026-01-01'), to: Date.now(), where: { path: '$.type', value: 'login' } });
 * ```
 */
export class PartitionStore {
  readonly #engine: StoreEngine;
  readonly #period: PartitionPeriod;

  constructor(
    readonly userId: string,
    readonly name: string,
    engine: StoreEngine,
  ) {
    const period = engine.settings.partitions.get(name);
    if (period === undefined) {
      throw new InvalidDocumentError(
        `No partition named ${JSON.stringify(name)}; declare it in the partitions option.`,
      );
    }
    this.#engine = engine;
    this.#period = period;
  }

  /**
   * Appends an entry to the file of its period; appending an id again replaces it (safe retries).
   * The id is checked like a document id (1 to 512 characters), else {@link InvalidDocumentError}.
   */
  append(at: number | Date, body: unknown, id: string = randomUUID()): PartitionEntry<unknown> {
    const time = toTime(at, 'An entry time');
    checkName('An entry id', id);
    const json = bodyJson(body, 'An entry body');
    const engine = this.#engine;
    const file = `${this.name}.${periodKey(time, this.#period)}.db`;
    let handle = engine.acquirePartition(this.userId, file, true)!;
    if (engine.health.beforeWrite(this.userId)) {
      engine.closeUser(this.userId); // the probe runs on a fresh connection
      handle = engine.acquirePartition(this.userId, file, true)!;
    }
    try {
      handle
        .statement(
          'INSERT INTO entries (id, at, body) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at, body = excluded.body',
        )
        .run(id, time, json);
    } catch (error) {
      throw engine.health.failure(this.userId, handle, error, true);
    }
    engine.acknowledge(handle);
    return { id, at: time, body };
  }

  /** Entries in `[from, to)` across every period file in range, in time order. */
  range<T = unknown>(range: PartitionRange): PartitionEntry<T>[] {
    checkObject('A range', range);
    const from = toTime(range.from, 'from');
    const to = toTime(range.to, 'to');
    const limit = range.limit ?? 1000;
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
      throw new InvalidDocumentError(
        `A limit must be an integer from 1 to 10000 (got ${shown(limit)}).`,
      );
    }
    const where = range.where;
    const condition = where === undefined ? '' : ` AND ${jsonCondition(where)}`;
    const sql = `SELECT id, at, body FROM entries WHERE at >= ? AND at < ?${condition} ORDER BY at, id LIMIT ?`;
    const result: PartitionEntry<T>[] = [];
    for (const file of this.#filesInRange(from, to)) {
      const handle = this.#engine.acquirePartition(this.userId, file, false);
      if (handle === undefined) continue;
      const remaining = limit - result.length;
      let rows: { id: string; at: number; body: string }[];
      try {
        const statement = handle.statement(sql);
        rows = (
          where === undefined
            ? statement.all(from, to, remaining)
            : statement.all(from, to, where.path, queryValue(where.value), remaining)
        ) as typeof rows;
      } catch (error) {
        throw this.#engine.health.failure(this.userId, handle, error, false);
      }
      for (const row of rows)
        result.push({ id: row.id, at: row.at, body: JSON.parse(row.body) as T });
      if (result.length >= limit) break;
    }
    return result;
  }

  #filesInRange(from: number, to: number): string[] {
    if (to <= from) return [];
    const first = periodKey(from, this.#period);
    const last = periodKey(to - 1, this.#period);
    const pattern = partitionFilePattern(this.name, this.#period);
    let names: string[];
    try {
      names = readdirSync(this.#engine.paths.userFolder(this.userId));
    } catch {
      return [];
    }
    const files: string[] = [];
    for (const name of names) {
      const key = pattern.exec(name)?.[1];
      if (key !== undefined && key >= first && key <= last) files.push(name);
    }
    return files.sort();
  }
}
