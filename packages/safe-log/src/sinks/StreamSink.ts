import type { Writable } from 'node:stream';
import type { LogSink } from './LogSink.js';

interface StreamState {
  failure: Error | undefined;
}

// One permanent error listener per stream, shared by every logger using it: an EPIPE emitted
// after a sink moved on can never crash the process, and many loggers on process.stderr do not
// pile up listeners (MaxListenersExceededWarning).
const states = new WeakMap<Writable, StreamState>();

function stateOf(stream: Writable): StreamState {
  let state = states.get(stream);
  if (state === undefined) {
    const created: StreamState = { failure: undefined };
    stream.on('error', (error: Error) => {
      created.failure = error;
    });
    states.set(stream, created);
    state = created;
  }
  return state;
}

/**
 * Writes to a stream, by default `process.stderr`, the first fallback. A stream that emitted
 * an error (EPIPE on a closed pipe) or was destroyed refuses to open and fails its writes.
 */
export class StreamSink implements LogSink {
  readonly name: string;
  readonly #stream: Writable;
  readonly #state: StreamState;

  constructor(stream: Writable, name = 'stderr') {
    this.#stream = stream;
    this.#state = stateOf(stream);
    this.name = name;
  }

  open(): void {
    if (this.#state.failure !== undefined || this.#stream.destroyed || !this.#stream.writable) {
      throw (
        this.#state.failure ??
        Object.assign(new Error(`${this.name} is not writable.`), { code: 'EPIPE' })
      );
    }
  }

  write(chunk: string, done: (error?: Error | null) => void): void {
    if (this.#state.failure !== undefined || this.#stream.destroyed) {
      done(this.#state.failure ?? new Error(`${this.name} was destroyed.`));
      return;
    }
    try {
      this.#stream.write(chunk, (error) => done(error ?? this.#state.failure));
    } catch (error) {
      done(error as Error);
    }
  }

  /**
   * Hands `chunk` to the stream. process.stderr writes files and terminals synchronously; on a
   * POSIX pipe Node tries at once and buffers only what the pipe cannot take.
   */
  writeSync(chunk: string): void {
    if (this.#state.failure !== undefined || this.#stream.destroyed)
      throw this.#state.failure ?? new Error(`${this.name} was destroyed.`);
    this.#stream.write(chunk);
  }

  /** The stream belongs to the caller (stderr): nothing to release. */
  close(): void {}
}
