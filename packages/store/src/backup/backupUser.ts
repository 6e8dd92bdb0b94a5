import path from 'node:path';
import { createPrivateFile, createPrivateFolders } from '../files/privateFiles.js';
import { checkFile } from '../files/safePaths.js';
import { MAIN_DATABASE } from '../paths/UserPaths.js';
import { openConnection } from '../sqlite/openConnection.js';
import type { StoreEngine } from '../stores/StoreEngine.js';

/** What a backup wrote. */
export interface BackupResult {
  readonly userId: string;
  readonly destination: string;
  /** Pages copied (page size 4096 by default). */
  readonly pages: number;
}

/**
 * Copies a user's main database with SQLite's online backup API while the store stays in use.
 * It runs on its own connection and holds a share of the user's lock until done, so no process
 * restores or quarantines the user under it; readers and writers carry on (the copy restarts its
 * pass if written to). The destination is created 0600 (its folder 0700) and never through a link.
 */
export async function backupUser(
  engine: StoreEngine,
  userId: string,
  destination: string,
): Promise<BackupResult> {
  engine.quarantine.check(userId);
  // Make sure the file exists and is migrated before copying it.
  engine.acquire(userId);
  const file = path.join(engine.paths.userFolder(userId), MAIN_DATABASE);
  const target = path.resolve(destination);
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
