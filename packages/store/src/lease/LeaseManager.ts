import path from 'node:path';
import Database from 'better-sqlite3';
import { OptionsReader, systemClock, type Clock } from '@ballast/core';
import { InvalidDocumentError, LeaseLostError, StoreClosedError } from '../errors/storeErrors.js';
import { preparePrivateDatabase } from '../files/safePaths.js';
import { connectionPragmas } from '../sqlite/openConnection.js';
import { Lease } from './Lease.js';
import { readPathOption } from '../files/readPathOption.js';

/** Options of {@link openLeaseManager}. */
export interface LeaseManagerOptions {
  /** SQLite file holding the leases; share it between the processes that compete. */
  readonly file: string;
  /** Time source; leases expire on it. @default systemClock */
  readonly clock?: Clock;
}

type LeaseRow = { owner: string; expires_at: number; token: number };

/**
 * Leases for jobs that must not run twice (a relay, a nightly backup): a named lock with an
 * owner and an expiry. A holder renews before expiry; a crashed holder's lease simply expires and
 * another owner takes it. Every acquisition gets a higher fencing `token`. Works across
 * processes: each change is an IMMEDIATE transaction on a shared file.
 *
 * @example
 * ```ts
 * const leases = openLeaseManager({ file: '/var/lib/notes/leases.db' });
 * const lease = leases.acquire('nightly-backup', hostname(), 60_000);
 * if (lease) try { await backupAll(); lease.renew(60_000); } finally { lease.release(); }
 * ```
 */
export class LeaseManager {
  readonly #db: Database.Database;
  readonly #clock: Clock;
  readonly #select: Database.Statement<[string], LeaseRow>;
  readonly #renew: Database.Statement<[number, string, string, number, number]>;
  readonly #release: Database.Statement<[string, string, number]>;
  readonly #acquire: (name: string, owner: string, ttlMs: number) => Lease | undefined;
  #closed = false;

  /** @internal use {@link openLeaseManager}. */
  constructor(db: Database.Database, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
    this.#select = db.prepare('SELECT owner, expires_at, token FROM leases WHERE name = ?');
    this.#renew = db.prepare(
      'UPDATE leases SET expires_at = ? WHERE name = ? AND owner = ? AND token = ? AND expires_at > ?',
    );
    this.#release = db.prepare('DELETE FROM leases WHERE name = ? AND owner = ? AND token = ?');
    const upsert = db.prepare<[string, string, number, number]>(
      'INSERT INTO leases (name, owner, expires_at, token) VALUES (?, ?, ?, ?) ' +
        'ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at, token = excluded.token',
    );
    this.#acquire = db.transaction((name: string, owner: string, ttlMs: number) => {
      const now = this.#clock.now();
      const row = this.#select.get(name);
      if (row !== undefined && row.expires_at > now && row.owner !== owner) return undefined;
      const token = (row?.token ?? 0) + 1;
      upsert.run(name, owner, now + ttlMs, token);
      return new Lease(this, name, owner, token, now + ttlMs);
    }).immediate;
  }

  /** Takes the lease if free, expired or already ours; undefined when another owner holds it. */
  acquire(name: string, owner: string, ttlMs: number): Lease | undefined {
    checkLease(name, owner, ttlMs);
    this.#checkOpen();
    return this.#acquire(name, owner, ttlMs);
  }

  /** Who holds a lease now, if anyone (an expired lease is free). */
  holder(name: string): { owner: string; expiresAt: number; token: number } | undefined {
    this.#checkOpen();
    const row = this.#select.get(name);
    if (row === undefined || row.expires_at <= this.#clock.now()) return undefined;
    return { owner: row.owner, expiresAt: row.expires_at, token: row.token };
  }

  /** @internal called by {@link Lease.renew}; returns the new expiry. */
  renew(lease: Lease, ttlMs: number): number {
    checkLease(lease.name, lease.owner, ttlMs);
    this.#checkOpen();
    const now = this.#clock.now();
    const changed = this.#renew.run(now + ttlMs, lease.name, lease.owner, lease.token, now).changes;
    if (changed === 0) throw new LeaseLostError(lease.name, lease.owner);
    return now + ttlMs;
  }

  /** @internal called by {@link Lease.release}; false when it had already expired or moved on. */
  release(lease: Lease): boolean {
    this.#checkOpen();
    return this.#release.run(lease.name, lease.owner, lease.token).changes > 0;
  }

  /** Closes the file. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#db.close();
  }

  #checkOpen(): void {
    if (this.#closed) throw new StoreClosedError('The lease manager was closed');
  }
}

function checkLease(name: string, owner: string, ttlMs: number): void {
  if (
    typeof name !== 'string' ||
    name.length === 0 ||
    typeof owner !== 'string' ||
    owner.length === 0
  ) {
    throw new InvalidDocumentError('A lease needs a non-empty name and owner.');
  }
  if (!Number.isInteger(ttlMs) || ttlMs <= 0)
    throw new InvalidDocumentError(`A lease ttlMs must be a positive integer (got ${ttlMs}).`);
}

/**
 * Opens (and creates, 0600 in a 0700 folder) a lease file. Bad options throw `ConfigError`
 * (BALLAST_ERR_CONFIG).
 */
export function openLeaseManager(options: LeaseManagerOptions): LeaseManager {
  const read = new OptionsReader('openLeaseManager', options, ['file', 'clock']);
  const file = readPathOption(read, 'file', 'the path of the lease database');
  preparePrivateDatabase(path.resolve(file));
  const db = new Database(file, { timeout: 1000 });
  db.exec(connectionPragmas({ durability: 'full', busyTimeoutMs: 1000 }));
  db.exec(
    'CREATE TABLE IF NOT EXISTS leases (name TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at INTEGER NOT NULL, token INTEGER NOT NULL)',
  );
  return new LeaseManager(db, options.clock ?? systemClock);
}
