import { lstatSync, type Stats } from 'node:fs';
import path from 'node:path';
import { StoreUnsafePathError } from '../errors/storeErrors.js';
import { createPrivateFile, createPrivateFolder, createPrivateFolders } from './privateFiles.js';

/*
 * Every path the store uses under its root is checked with lstat before SQLite or the store
 * opens it: SQLite follows links (and puts the WAL beside the link's target), so a link planted
 * in a user's folder would lead writes out of the root. A hard-linked file is refused too: its
 * content is reachable from elsewhere.
 */

function kindOf(stats: Stats): string {
  if (stats.isSymbolicLink()) return 'a symbolic link';
  if (stats.isDirectory()) return 'a folder where a file belongs';
  if (stats.isFile())
    return stats.nlink > 1
      ? `a file with ${stats.nlink} hard links`
      : 'a file where a folder belongs';
  return 'a special file';
}

/** True when a real folder is at `folder`, false when nothing is; throws for anything else. */
export function checkFolder(folder: string): boolean {
  const stats = lstatSync(folder, { throwIfNoEntry: false });
  if (stats === undefined) return false;
  if (stats.isDirectory()) return true;
  throw new StoreUnsafePathError(folder, kindOf(stats));
}

/**
 * The lstat of the regular, singly linked file at `file`, undefined when nothing is there;
 * throws {@link StoreUnsafePathError} for a link, a folder or a hard-linked file.
 */
export function checkFile(file: string): Stats | undefined {
  const stats = lstatSync(file, { throwIfNoEntry: false });
  if (stats === undefined || (stats.isFile() && stats.nlink === 1)) return stats;
  throw new StoreUnsafePathError(file, kindOf(stats));
}

// Both look first: on the common path the entry exists, and a failed create costs an exception.

/** Makes one private folder (0700) unless a real folder is already there; refuses anything else. */
export function ensureFolder(folder: string): void {
  if (!checkFolder(folder) && !createPrivateFolder(folder)) checkFolder(folder);
}

/** Makes an empty private file (0600) unless a regular file is already there; refuses anything else. */
export function ensureFile(file: string): void {
  if (checkFile(file) === undefined && !createPrivateFile(file)) checkFile(file);
}

/**
 * Readies a SQLite database file outside a users' root (aggregate, leases): its folder created
 * 0700 if missing, the file created 0600 if missing, and the file, its WAL and its shared-memory
 * file refused when they are links or hard-linked.
 */
export function preparePrivateDatabase(file: string): void {
  createPrivateFolders(path.dirname(file));
  checkFile(`${file}-wal`);
  checkFile(`${file}-shm`);
  ensureFile(file);
}
