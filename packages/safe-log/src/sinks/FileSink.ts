import { closeSync, openSync, write, writeSync } from 'node:fs';
import type { LogSink } from './LogSink.js';
import { archiveLogFile } from './archiveLogFile.js';
import { preflightLogFile } from './preflightLogFile.js';
import { periodOf, type RotationOptions } from './RotationOptions.js';

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // Already gone (EBADF after a device error): nothing left to release.
  }
}

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
  /** Descriptors with an asynchronous write in flight, and those to close once it ends. */
  readonly #writing = new Set<number>();
  readonly #closeAfterWrite = new Set<number>();

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
      done(notOpen(this.path));
      return;
    }
    const bytes = Buffer.byteLength(chunk);
    try {
      if (this.#regular && this.#dueForRotation(bytes)) this.#rotate();
    } catch (error) {
      done(error as Error);
      return;
    }
    const fd = this.#fd;
    this.#writing.add(fd);
    write(fd, chunk, null, 'utf8', (error) => {
      this.#writing.delete(fd);
      if (this.#closeAfterWrite.delete(fd)) closeQuietly(fd);
      else if (error === null) this.#size += bytes;
      done(error);
    });
  }

  /** No rotation here: an asynchronous write may still be in flight on this descriptor. */
  writeSync(chunk: string): void {
    if (this.#fd === undefined) throw notOpen(this.path);
    const buffer = Buffer.from(chunk, 'utf8');
    for (let offset = 0; offset < buffer.length;)
      offset += writeSync(this.#fd, buffer, offset, buffer.length - offset);
    this.#size += buffer.length;
  }

  close(): void {
    const fd = this.#fd;
    if (fd === undefined) return;
    this.#fd = undefined;
    // Closing under a write in flight would let another file reuse the number before it runs.
    if (this.#writing.has(fd)) this.#closeAfterWrite.add(fd);
    else closeQuietly(fd);
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

function notOpen(path: string): Error {
  return Object.assign(new Error(`${path} is not open.`), { code: 'EBADF' });
}
