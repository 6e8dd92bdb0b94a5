import { closeSync, openSync, write } from 'node:fs';
import type { LogSink } from './LogSink.js';
import { archiveLogFile } from './archiveLogFile.js';
import { preflightLogFile } from './preflightLogFile.js';
import { periodOf, type RotationOptions } from './RotationOptions.js';

/**
 * Appends to a log file through one file descriptor, rotating by size and/or time. `open()`
 * runs the pre-flight, so the same call serves the first open and every re-check.
 */
export class FileSink implements LogSink {
  readonly name = 'file';
  #fd: number | undefined;
  #size = 0;
  #regular = false;
  #period = 0;
  /**
   * @param onRotate - called after each rotation (the logger counts them).
   */
  constructor(
    readonly path: string,
    readonly rotation: RotationOptions,
    readonly now: () => number,
    readonly onRotate: () => void = () => undefined,
  ) {}

  open(): void {
    this.close();
    const opened = preflightLogFile(this.path);
    this.#fd = opened.fd;
    this.#size = opened.size;
    this.#regular = opened.regular;
    this.#period = periodOf(this.rotation.interval, this.now());
  }

  write(chunk: string, done: (error?: Error | null) => void): void {
    if (this.#fd === undefined) {
      done(Object.assign(new Error(`${this.path} is not open.`), { code: 'EBADF' }));
      return;
    }
    const bytes = Buffer.byteLength(chunk);
    try {
      if (this.#regular && this.#dueForRotation(bytes)) this.#rotate();
    } catch (error) {
      done(error as Error);
      return;
    }
    write(this.#fd, chunk, null, 'utf8', (error) => {
      if (error === null) this.#size += bytes;
      done(error);
    });
  }

  close(): void {
    if (this.#fd === undefined) return;
    try {
      closeSync(this.#fd);
    } catch {
      // Already gone (EBADF after a device error): nothing left to release.
    }
    this.#fd = undefined;
  }

  #dueForRotation(bytes: number): boolean {
    const max = this.rotation.maxSizeBytes;
    if (max !== undefined && this.#size > 0 && this.#size + bytes > max) return true;
    return (
      this.rotation.interval !== undefined &&
      periodOf(this.rotation.interval, this.now()) !== this.#period
    );
  }

  #rotate(): void {
    this.close();
    archiveLogFile(this.path, this.now(), this.rotation.maxFiles ?? 5);
    this.#fd = openSync(this.path, 'a', 0o640);
    this.#size = 0;
    this.#period = periodOf(this.rotation.interval, this.now());
    this.onRotate();
  }
}
