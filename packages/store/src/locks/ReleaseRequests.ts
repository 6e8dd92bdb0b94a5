import { randomBytes } from 'node:crypto';
import { lstatSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createPrivateFile } from '../files/privateFiles.js';
import { ensureFolder } from '../files/safePaths.js';
import { REQUESTS_FOLDER, type UserPaths } from '../paths/UserPaths.js';
import { folderNameOf, userIdOfFolder } from '../paths/userFolderName.js';

/**
 * A request older than this was left by a process that died while waiting (a wait is at most
 * `lockWaitMs`, itself at most a minute); it is removed instead of honoured.
 */
export const STALE_REQUEST_MS = 120_000;

/**
 * Requests to let go of a user's files, as empty files `root/.requests/<folder name>~<pid>~<random>`.
 * A process that needs a user's files exclusively (restore, quarantine) writes one and waits;
 * every process using the store reads the folder a few times a second
 * ({@link ReleaseRequests.poll}), closes the users asked for and does not reopen them while the
 * request stands. The lock itself is elsewhere ({@link UserLocks}): a request only makes holders
 * let go sooner.
 */
export class ReleaseRequests {
  readonly #folder: string;
  readonly #own = new Map<string, number>();
  #seen: ReadonlySet<string> = new Set();

  constructor(paths: UserPaths) {
    this.#folder = path.join(paths.root, REQUESTS_FOLDER);
  }

  /** Asks every process to let go of `userId`; returns the function withdrawing the request. */
  ask(userId: string): () => void {
    ensureFolder(this.#folder);
    const file = path.join(
      this.#folder,
      `${folderNameOf(userId)}~${process.pid}~${randomBytes(4).toString('hex')}`,
    );
    createPrivateFile(file);
    this.#own.set(userId, (this.#own.get(userId) ?? 0) + 1);
    let withdrawn = false;
    return () => {
      if (withdrawn) return;
      withdrawn = true;
      rmSync(file, { force: true });
      const left = this.#own.get(userId)! - 1;
      if (left === 0) this.#own.delete(userId);
      else this.#own.set(userId, left);
    };
  }

  /**
   * True when a process (this one included) asked for `userId` and has not withdrawn it. A
   * request seen at the last poll is looked for again, so a finished restore does not keep the
   * user refused until the next poll.
   */
  isRequested(userId: string): boolean {
    return this.#own.has(userId) || (this.#seen.has(userId) && this.poll().has(userId));
  }

  /** Re-reads the requests on disk and returns the users asked for; stale requests are deleted. */
  poll(): ReadonlySet<string> {
    let names: string[];
    try {
      names = readdirSync(this.#folder);
    } catch {
      names = [];
    }
    const seen = new Set<string>();
    const now = Date.now(); // request files carry wall-clock times, whatever clock the store runs on
    for (const name of names) {
      const userId = userIdOfFolder(name.split('~')[0]!);
      const file = path.join(this.#folder, name);
      const stats = lstatSync(file, { throwIfNoEntry: false });
      if (userId === undefined || stats === undefined || !stats.isFile()) continue;
      if (now - stats.mtimeMs > STALE_REQUEST_MS) rmSync(file, { force: true });
      else seen.add(userId);
    }
    this.#seen = seen;
    return seen;
  }
}
