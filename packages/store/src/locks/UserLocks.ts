import { setTimeout as wait } from 'node:timers/promises';
import type Database from 'better-sqlite3';
import { StoreClosedError, StoreLockedError } from '../errors/storeErrors.js';
import { ensureFolder } from '../files/safePaths.js';
import type { UserPaths } from '../paths/UserPaths.js';
import { isBusy, openLockFile, type ReleaseHold, tryLockFile } from './lockFile.js';
import type { ReleaseRequests } from './ReleaseRequests.js';

/** Pause between attempts at an exclusive hold while other processes let go. */
const RETRY_MS = 20;

const subject = (userId: string): string => `the files of user ${userId}`;

/**
 * Which process may do what with a user's files, across processes, with a lock file per user
 * beside the user's folder (`<shard>/<folder name>.lock`, never moved; see `lockFile.ts`). Using
 * the files (connections, backups) takes a shared hold, as many processes as like at once.
 * Moving or replacing them (quarantine, restore) takes an exclusive hold, granted only while no
 * process holds a shared one. A dead process's holds vanish with it.
 */
export class UserLocks {
  readonly #paths: UserPaths;
  readonly #requests: ReleaseRequests;
  readonly #shared = new Map<string, { readonly db: Database.Database; holders: number }>();
  #closed = false;

  constructor(paths: UserPaths, requests: ReleaseRequests) {
    this.#paths = paths;
    this.#requests = requests;
  }

  /** True while this process holds `userId`'s files shared. */
  holds(userId: string): boolean {
    return this.#shared.has(userId);
  }

  /**
   * Joins or takes this process's shared hold on the user's files. Throws
   * {@link StoreLockedError} while another process holds them exclusively or asked for them.
   */
  share(userId: string): ReleaseHold {
    let entry = this.#shared.get(userId);
    if (entry === undefined) {
      if (this.#requests.isRequested(userId))
        throw new StoreLockedError(
          subject(userId),
          'a process asked for them for a restore or quarantine',
        );
      ensureFolder(this.#paths.shardFolder(userId));
      const db = openLockFile(this.#paths.lockFile(userId), true);
      try {
        db.exec('BEGIN');
        db.prepare('SELECT count(*) FROM sqlite_master').get(); // the read takes the shared lock
      } catch (error) {
        db.close();
        if (isBusy(error))
          throw new StoreLockedError(
            subject(userId),
            'another process holds them for a restore or quarantine',
          );
        throw error;
      }
      entry = { db, holders: 0 };
      this.#shared.set(userId, entry);
    }
    const held = entry;
    held.holders++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--held.holders > 0) return;
      this.#shared.delete(userId);
      held.db.close();
    };
  }

  /**
   * One attempt at the exclusive hold; undefined while any process (this one included) holds the
   * files. The caller closes its own connections to the user first.
   */
  tryExclusive(userId: string): ReleaseHold | undefined {
    if (this.#shared.has(userId)) return undefined;
    ensureFolder(this.#paths.shardFolder(userId));
    return tryLockFile(this.#paths.lockFile(userId));
  }

  /**
   * The exclusive hold, after asking every process to let go of the user (they do within their
   * poll interval); throws {@link StoreLockedError} after `waitMs` without it, `StoreClosedError`
   * when the store closes meanwhile. Waits in real time
   * on a timer that keeps the process alive: it coordinates with other processes, whatever clock
   * the store runs on.
   */
  async exclusive(userId: string, waitMs: number): Promise<ReleaseHold> {
    const withdraw = this.#requests.ask(userId);
    try {
      const deadline = Date.now() + waitMs;
      for (;;) {
        if (this.#closed) throw new StoreClosedError();
        const release = this.tryExclusive(userId);
        if (release !== undefined) return release;
        if (Date.now() >= deadline)
          throw new StoreLockedError(
            subject(userId),
            `another process did not let go of them within ${waitMs} ms`,
          );
        await wait(RETRY_MS);
      }
    } finally {
      withdraw();
    }
  }

  /** Drops every shared hold and ends waits for exclusive ones (the store is closing). */
  closeAll(): void {
    this.#closed = true;
    for (const { db } of this.#shared.values()) db.close();
    this.#shared.clear();
  }
}
