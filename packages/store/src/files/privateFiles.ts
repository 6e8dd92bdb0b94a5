import {
  chmodSync,
  closeSync,
  constants,
  fchmodSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { errorCode } from '@ballast/core';

/** Mode of every file the store creates: owner read and write only. */
export const PRIVATE_FILE_MODE = 0o600;
/** Mode of every folder the store creates: owner only. */
export const PRIVATE_FOLDER_MODE = 0o700;

// O_NOFOLLOW does not exist on Windows, where links need privileges to create.
const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;
const CREATE_NEW = constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY | NO_FOLLOW;

/**
 * Opens a new file for writing with mode 0600; throws `EEXIST` when anything is at that path (a
 * link included: `O_EXCL` never follows one). The mode is set with `fchmod` after the open, so
 * the umask cannot narrow it. Returns the file descriptor.
 */
export function openNewPrivateFile(file: string): number {
  const fd = openSync(file, CREATE_NEW, PRIVATE_FILE_MODE);
  try {
    fchmodSync(fd, PRIVATE_FILE_MODE);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  return fd;
}

/**
 * Creates an empty `file` with mode 0600 unless something already exists at that path; true
 * when it created it. SQLite gives a database's WAL and shared-memory files the mode of the
 * database file, so creating `user.db` this way before SQLite opens it makes all three private.
 */
export function createPrivateFile(file: string): boolean {
  try {
    closeSync(openNewPrivateFile(file));
    return true;
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw error;
  }
}

/**
 * Creates one folder with mode 0700 (not its parents); false when something already exists
 * there (the caller checks what). `chmod` after `mkdir`, so the umask does not matter.
 */
export function createPrivateFolder(folder: string): boolean {
  try {
    mkdirSync(folder, { mode: PRIVATE_FOLDER_MODE });
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw error;
  }
  chmodSync(folder, PRIVATE_FOLDER_MODE);
  return true;
}

/**
 * Creates `folder` and any missing parents with mode 0700 whatever the umask (folders that exist
 * keep their mode). For roots and configured folders; folders under a store root are made one
 * checked level at a time.
 *
 * @example
 * ```ts
 * createPrivateFolders('/var/lib/notes'); // drwx------ for every folder it had to create
 * ```
 */
export function createPrivateFolders(folder: string): void {
  const first = mkdirSync(folder, { recursive: true, mode: PRIVATE_FOLDER_MODE });
  if (first === undefined) return;
  for (let dir = path.resolve(folder); ; dir = path.dirname(dir)) {
    chmodSync(dir, PRIVATE_FOLDER_MODE);
    if (dir === path.resolve(first)) return;
  }
}

/** fsyncs a folder so a rename or a new entry in it survives a power loss (no-op where unsupported). */
export function fsyncFolder(folder: string): void {
  let fd: number;
  try {
    fd = openSync(folder, 'r');
  } catch {
    return; // Windows cannot open a folder for fsync; NTFS journals the rename itself.
  }
  try {
    fsyncSync(fd);
  } catch (error) {
    if (!['EINVAL', 'EPERM', 'EISDIR'].includes(errorCode(error) ?? '')) throw error;
  } finally {
    closeSync(fd);
  }
}

/**
 * Replaces `file` atomically with `content`, mode 0600: a new temp file beside it (created
 * exclusively, never through a link), fsync, rename over `file`, fsync of the folder. A reader
 * sees the old or the new content, never a mix, and a crash leaves one of the two. Concurrent
 * writers must hold a lock around their read-modify-write (see `lockFile`).
 *
 * @example
 * ```ts
 * writePrivateFileAtomically('/var/lib/notes/keys.json', JSON.stringify(keys));
 * ```
 */
export function writePrivateFileAtomically(file: string, content: string | Buffer): void {
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openNewPrivateFile(temp);
  try {
    try {
      writeSync(fd, typeof content === 'string' ? Buffer.from(content) : content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  fsyncFolder(path.dirname(file));
}
