import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { StoreUnsafePathError } from '../errors/storeErrors.js';
import { createPrivateFile, createPrivateFolders } from '../files/privateFiles.js';
import { checkFile } from '../files/safePaths.js';
import { MAIN_DATABASE, QUARANTINE_FOLDER, REQUESTS_FOLDER } from '../paths/UserPaths.js';
import { openConnection } from '../sqlite/openConnection.js';
import type { StoreEngine } from '../stores/StoreEngine.js';

/** What a backup wrote. */
export interface BackupResult {
  readonly userId: string;
  readonly destination: string;
  /** Pages copied (page size 4096 by default). */
  readonly pages: number;
}

/** The first name of `target`'s path below `root`: '' for the root itself, undefined outside it. */
function firstNameUnder(root: string, target: string): string | undefined {
  const relative = path.relative(root, target);
  if (relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative))
    return undefined;
  return relative.split(path.sep)[0];
}

/** `target` with the links in its deepest existing folder resolved. */
function resolveExisting(target: string): string {
  let folder = path.dirname(target);
  while (!existsSync(folder) && path.dirname(folder) !== folder) folder = path.dirname(folder);
  return path.join(realpathSync(folder), path.relative(folder, target));
}

/**
 * Throws {@link StoreUnsafePathError} when `target`, as written or through links, is the store
 * root or lies in one of the store's own folders (a shard, the quarantine or request folder): a
 * backup there would overwrite a live database, another user's included, or take a name the
 * store needs. Other files and folders in the root are not the store's.
 */
function refuseStoreFolders(engine: StoreEngine, target: string): void {
  const resolved = resolveExisting(target);
  for (const root of [engine.paths.root, path.resolve(engine.settings.root)]) {
    for (const name of [firstNameUnder(root, target), firstNameUnder(root, resolved)]) {
      if (
        name === '' ||
        name === QUARANTINE_FOLDER ||
        name === REQUESTS_FOLDER ||
        (name !== undefined && engine.paths.isShardName(name))
      ) {
        throw new StoreUnsafePathError(target, "a backup destination in the store's own folders");
      }
    }
  }
}

/**
 * Copies a user's main database with SQLite's online backup API while the store stays in use.
 * It runs on its own connection and holds a share of the user's lock until done, so no process
 * restores or quarantines the user under it; readers and writers carry on (the copy restarts its
 * pass if written to). The destination is created 0600 (its folder 0700), never through a link
 * and never in the store's own folders.
 */
export async function backupUser(
  engine: StoreEngine,
  userId: string,
  destination: string,
): Promise<BackupResult> {
  engine.quarantine.check(userId);
  const target = path.resolve(destination);
  refuseStoreFolders(engine, target);
  // Make sure the file exists and is migrated before copying it.
  engine.acquire(userId);
  const file = path.join(engine.paths.userFolder(userId), MAIN_DATABASE);
  createPrivateFolders(path.dirname(target));
  checkFile(target);
  createPrivateFile(target);
  const release = engine.locks.share(userId);
  let db;
  try {
    db = openConnection(file, engine.settings, 'PRAGMA foreign_keys = ON;', true);
  } catch (error) {
    release();
    throw engine.health.failure(userId, undefined, error, false);
  }
  try {
    const metadata = await db.backup(target);
    return { userId, destination: target, pages: metadata.totalPages };
  } catch (error) {
    throw engine.health.failure(userId, undefined, error, false);
  } finally {
    db.close();
    release();
  }
}
