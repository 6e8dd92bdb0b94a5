import { Writable } from 'node:stream';
import type { LogSink } from '../src/index.js';

/** A sink whose writes never complete: the slowest possible disk. */
export class BlockedSink implements LogSink {
  readonly name = 'blocked';
  writes = 0;
  open(): void {}
  write(): void {
    this.writes++;
  }
  close(): void {}
}

/** A sink that fails to open (and to write) until `healthy` is set; records what it wrote. */
export class SwitchableSink implements LogSink {
  readonly name = 'switchable';
  healthy = false;
  readonly lines: string[] = [];
  open(): void {
    if (!this.healthy)
      throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
  }
  write(chunk: string, done: (error?: Error | null) => void): void {
    if (!this.healthy) {
      done(Object.assign(new Error('EIO: i/o error'), { code: 'EIO' }));
      return;
    }
    this.lines.push(...chunk.split('\n').filter((line) => line.length > 0));
    done();
  }
  close(): void {}
}

/** A disk that cannot keep up: each write completes only when the test calls `complete()`. */
export class ManualSink implements LogSink {
  readonly name = 'manual';
  /** Lines whose write completed. */
  readonly lines: string[] = [];
  readonly #pending: (() => void)[] = [];

  get pending(): number {
    return this.#pending.length;
  }

  open(): void {}
  write(chunk: string, done: (error?: Error | null) => void): void {
    this.#pending.push(() => {
      this.lines.push(...chunk.split('\n').filter((line) => line.length > 0));
      done();
    });
  }
  /** Completes the oldest pending write. */
  complete(): void {
    this.#pending.shift()?.();
  }
  close(): void {}
}

/** A stand-in for stderr that keeps what was written (as parsed JSON lines). */
export function collectingStream(): {
  stream: Writable;
  lines: Record<string, unknown>[];
  raw: string[];
} {
  const raw: string[] = [];
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString().split('\n')) {
        if (line.length === 0) continue;
        raw.push(line);
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      callback();
    },
  });
  return { stream, lines, raw };
}

/** A stream that fails every write, like stderr on a closed pipe. */
export function brokenStream(): Writable {
  return new Writable({
    write(_chunk, _encoding, callback) {
      callback(Object.assign(new Error('EPIPE: broken pipe'), { code: 'EPIPE' }));
    },
  });
}

/**
 * Lets the event loop turn until `condition` holds (a logger writes its batches between turns);
 * fails after `maxTurns` turns instead of hanging.
 */
export async function turnsUntil(condition: () => boolean, maxTurns = 100): Promise<void> {
  for (let turn = 0; turn < maxTurns; turn++) {
    if (condition()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`condition still false after ${maxTurns} event-loop turns`);
}
