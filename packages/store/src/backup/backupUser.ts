import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { MAIN_DATABASE } from '../paths/UserPaths.js';
import { openConnection } from '../sqlite/openConnection.js';
import type { StoreEngine } from '../stores/StoreEngine.js';
import { StoreQuarantinedError } from '../errors/storeErrors.js';

/** What a backup wrote. */
export interface BackupResult {
  readonly userId: string;
  readonly destination: string;
  /** Pages copied (page size 4096 by default). */
  readonly pages: number;
}

/**
 * Copies a user's main database with SQLite's online backup API while the store stays in use.
 * It runs on its own connection, so the LRU may close the user's pooled handle meanwhile without
 * breaking the copy; readers and writers carry on (the copy restarts its pass if written to).
 */
export async function backupUser(
  engine: StoreEngine,
  userId: string,
  destination: string,
): Promise<BackupResult> {
  const reason = engine.health.quarantineReason(userId);
  if (reason !== undefined) throw new StoreQuarantinedError(userId, reason);
  // Make sure the file exists and is migrated before copying it.
  engine.acquire(userId);
  const file = path.join(engine.paths.userFolder(userId), MAIN_DATABASE);
  mkdirSync(path.dirname(path.resolve(destination)), { recursive: true });
  let db;
  try {
    db = openConnection(file, engine.settings, 'PRAGMA foreign_keys = ON;', true);
  } catch (error) {
    throw engine.health.failure(userId, undefined, error, false);
  }
  try {
    const metadata = await db.backup(destination);
    return { userId, destination, pages: metadata.totalPages };
  } catch (error) {
    throw engine.health.failure(userId, undefined, error, false);
  } finally {
    db.close();
  }
}
