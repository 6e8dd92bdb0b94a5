import { errorCode } from '@ballast/core';
import { closeSync, fstatSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/** An opened log file. */
export interface OpenedLogFile {
  readonly fd: number;
  /** Current size in bytes (rotation starts from it). */
  readonly size: number;
  /** False for devices and pipes (`/dev/full`, FIFOs): those are never rotated or renamed. */
  readonly regular: boolean;
}

function failure(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/**
 * Makes sure `path` can take log lines before any line is written: creates the directory,
 * refuses a directory in place of the file, opens for append. Throws the system error
 * (`ENOTDIR`, `EACCES`, `EROFS`, `EISDIR`, …) when it cannot; winston's own File transport
 * would throw from its constructor or buffer forever instead.
 */
export function preflightLogFile(path: string): OpenedLogFile {
  mkdirSync(dirname(path), { recursive: true });
  let existing: ReturnType<typeof statSync> | undefined;
  try {
    existing = statSync(path);
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw error;
  }
  if (existing?.isDirectory() === true)
    throw failure('EISDIR', `${path} is a directory, not a log file.`);
  const fd = openSync(path, 'a', 0o640);
  try {
    const stats = fstatSync(fd);
    return { fd, size: stats.size, regular: stats.isFile() };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}
