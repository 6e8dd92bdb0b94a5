import { lstatSync, type Stats } from 'node:fs';

/** Device and inode of a file: what a path must still lead to for an open handle to be current. */
interface Identity {
  readonly dev: number;
  readonly ino: number;
}

function identityOf(stats: Stats | undefined): Identity | undefined {
  return stats === undefined ? undefined : { dev: stats.dev, ino: stats.ino };
}

function sameFile(file: string, expected: Identity): boolean {
  const stats = lstatSync(file, { throwIfNoEntry: false });
  return stats !== undefined && stats.ino === expected.ino && stats.dev === expected.dev;
}

/**
 * The files an open SQLite connection works on: its database file and its WAL, taken right
 * after the open (when SQLite holds both). {@link FileIdentity.changed} tells whether the paths
 * still lead to them: a WAL deleted under an open connection keeps taking commits that a crash
 * then loses, and a database file replaced under it leaves the connection writing to a file
 * nobody will open again. Two lstat calls, a few microseconds; run once per commit.
 */
export class FileIdentity {
  readonly #file: string;
  readonly #wal: string;
  readonly #database: Identity;
  readonly #walFile: Identity | undefined;

  /** Reads the identity of `file` (already lstat'ed as `database`) and of its WAL. */
  constructor(file: string, database: Stats) {
    this.#file = file;
    this.#wal = `${file}-wal`;
    this.#database = { dev: database.dev, ino: database.ino };
    // Without a WAL at open the connection is not in WAL mode (SQLite fell back): nothing to check.
    this.#walFile = identityOf(lstatSync(this.#wal, { throwIfNoEntry: false }));
  }

  /** Which file no longer is the one opened, or undefined when both still are. */
  changed(): 'database' | 'wal' | undefined {
    if (!sameFile(this.#file, this.#database)) return 'database';
    if (this.#walFile !== undefined && !sameFile(this.#wal, this.#walFile)) return 'wal';
    return undefined;
  }
}
