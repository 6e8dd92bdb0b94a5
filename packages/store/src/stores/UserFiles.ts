import { readdirSync, renameSync, type Stats } from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { errorCode } from '@ballast/core';
import { StoreQuarantinedError, StoreUnsafePathError } from '../errors/storeErrors.js';
import { checkFile, checkFolder, ensureFile, ensureFolder } from '../files/safePaths.js';
import type { UserPaths } from '../paths/UserPaths.js';
import type { Quarantine } from '../quarantine/Quarantine.js';
import { type ConnectionSettings, openConnection } from '../sqlite/openConnection.js';

/** A connection opened on a checked file, with that file's lstat (its identity). */
export interface OpenedFile {
  readonly db: Database;
  readonly stats: Stats;
}

/**
 * Opens the database files of users' folders safely: every path under the root is lstat'ed
 * first (no links, no hard-linked files), files are created 0600 in 0700 folders, and a file
 * swapped between the check and the open is refused. Also finds quarantine markers and renames
 * the folders of ids with capitals from before the case-safe folder names.
 */
export class UserFiles {
  readonly #paths: UserPaths;
  readonly #quarantine: Quarantine;
  readonly #pragmas: string;
  readonly #settings: ConnectionSettings;

  constructor(
    paths: UserPaths,
    quarantine: Quarantine,
    pragmas: string,
    settings: ConnectionSettings,
  ) {
    this.#paths = paths;
    this.#quarantine = quarantine;
    this.#pragmas = pragmas;
    this.#settings = settings;
  }

  /** True when the user has a folder (under its current or its earlier name). */
  userExists(userId: string): boolean {
    return (
      (checkFolder(this.#paths.shardFolder(userId)) &&
        checkFolder(this.#paths.userFolder(userId))) ||
      this.#legacyFolder(userId) !== undefined
    );
  }

  /**
   * Opens `file` in the user's folder, creating folder and file when `create`; undefined when it
   * does not exist and `create` is false. Throws {@link StoreQuarantinedError} when the folder
   * holds a quarantine marker instead, {@link StoreUnsafePathError} for a link on the way.
   */
  open(userId: string, file: string, create: boolean): OpenedFile | undefined {
    const folder = path.dirname(file);
    const shard = path.dirname(folder);
    let stats: Stats | undefined;
    if (checkFolder(shard) && checkFolder(folder)) {
      // A marker wins over a database file beside it (left there when moving the files failed).
      const reason = this.#quarantine.findOnDisk(userId);
      if (reason !== undefined) throw new StoreQuarantinedError(userId, reason);
      stats = checkFile(file);
    } else if (this.renameLegacy(userId)) {
      return this.open(userId, file, create);
    }
    if (stats === undefined) {
      if (!create) return undefined;
      ensureFolder(shard);
      ensureFolder(folder);
      ensureFile(file);
      stats = checkFile(file)!;
    }
    return { db: this.#connect(file, stats), stats };
  }

  /** Opens a checked file; refuses it if the path changed between the check and the open. */
  #connect(file: string, before: Stats): Database {
    checkFile(`${file}-wal`);
    checkFile(`${file}-shm`);
    const db = openConnection(file, this.#settings, this.#pragmas, true);
    try {
      const after = checkFile(file);
      if (after?.ino !== before.ino || after.dev !== before.dev)
        throw new StoreUnsafePathError(file, 'a file replaced while it was being opened');
      return db;
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /**
   * The folder an earlier release used for this id (the id itself), if it exists with exactly
   * that name: on a case-insensitive file system a case-blind look-up would find another user's.
   */
  #legacyFolder(userId: string): string | undefined {
    const legacy = this.#paths.legacyFolder(userId);
    if (legacy === undefined) return undefined;
    let names: string[];
    try {
      names = readdirSync(path.dirname(legacy));
    } catch {
      return undefined;
    }
    return names.includes(path.basename(legacy)) && checkFolder(legacy) ? legacy : undefined;
  }

  /** Renames the user's legacy folder to its case-safe name; true when there was one. */
  renameLegacy(userId: string): boolean {
    const legacy = this.#legacyFolder(userId);
    if (legacy === undefined) return false;
    try {
      renameSync(legacy, this.#paths.userFolder(userId));
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') throw error; // another process renamed it first
    }
    return true;
  }
}
