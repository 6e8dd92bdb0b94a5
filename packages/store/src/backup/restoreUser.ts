import {
  chmodSync,
  closeSync,
  constants,
  copyFileSync,
  fsyncSync,
  openSync,
  renameSync,
  rmSync,
} from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { StoreIoError } from '../errors/storeErrors.js';
import { fsyncFolder, PRIVATE_FILE_MODE } from '../files/privateFiles.js';
import { checkFile, ensureFolder } from '../files/safePaths.js';
import { MAIN_DATABASE, QUARANTINE_MARKER } from '../paths/UserPaths.js';
import type { StoreEngine } from '../stores/StoreEngine.js';

/** Throws {@link StoreIoError} unless `source` is a SQLite database passing `quick_check`. */
function checkBackup(userId: string, source: string): void {
  let check: Database.Database | undefined;
  try {
    check = new Database(source, { readonly: true, fileMustExist: true });
    const result = check.pragma('quick_check', { simple: true });
    if (result !== 'ok')
      throw new StoreIoError(userId, {
        cause: new Error(`Backup ${source} failed quick_check: ${String(result)}`),
      });
  } catch (error) {
    if (StoreIoError.is(error)) throw error;
    throw new StoreIoError(userId, { cause: error });
  } finally {
    check?.close();
  }
}

/** Copies `source` to a new private file `staging` and fsyncs it. */
function stage(source: string, staging: string): void {
  rmSync(staging, { force: true }); // left by a restore that crashed
  copyFileSync(source, staging, constants.COPYFILE_EXCL);
  chmodSync(staging, PRIVATE_FILE_MODE); // copyFile gives the copy the source's mode
  const fd = openSync(staging, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Replaces a user's main database with a backup and lifts a quarantine. The backup is checked
 * (`quick_check`) before anything is touched. The user's exclusive lock is taken first (every
 * process using the store lets go of the user when asked), so no connection anywhere still has
 * the old file open; the old WAL and shared-memory files are removed before the new file is
 * renamed in, because a stale WAL replayed over another file corrupts it.
 */
export async function restoreUser(
  engine: StoreEngine,
  userId: string,
  source: string,
): Promise<void> {
  checkBackup(userId, source);
  engine.closeUser(userId);
  const release = await engine.locks.exclusive(userId, engine.settings.lockWaitMs);
  try {
    const folder = engine.paths.userFolder(userId);
    const file = path.join(folder, MAIN_DATABASE);
    engine.files.renameLegacy(userId);
    ensureFolder(engine.paths.shardFolder(userId));
    ensureFolder(folder);
    for (const name of [file, `${file}-wal`, `${file}-shm`]) checkFile(name);
    const staging = `${file}.restoring`;
    stage(source, staging);
    rmSync(`${file}-wal`, { force: true });
    rmSync(`${file}-shm`, { force: true });
    renameSync(staging, file);
    rmSync(path.join(folder, QUARANTINE_MARKER), { force: true });
    fsyncFolder(folder);
    engine.quarantine.lift(userId);
  } finally {
    release();
  }
}
