import type { Writable } from 'node:stream';
import type { LogSink } from './LogSink.js';

/**
 * Writes to a stream, by default `process.stderr`, the first fallback. Stream errors (EPIPE on
 * a closed pipe) are caught by the sink's own listener and reported through `write`.
 */
export class StreamSink implements LogSink {
  readonly name: string;
  readonly #stream: Writable;
  #failure: Error | undefined;
  #listening = false;
  readonly #onError = (error: Error): void => {
    this.#failure = error;
  };

  constructor(stream: Writable, name = 'stderr') {
    this.#stream = stream;
    this.name = name;
    this.#listen();
  }

  open(): void {
    this.#listen();
    if (this.#failure !== undefined || this.#stream.destroyed || !this.#stream.writable) {
      throw (
        this.#failure ??
        Object.assign(new Error(`${this.name} is not writable.`), { code: 'EPIPE' })
      );
    }
  }

  write(chunk: string, done: (error?: Error | null) => void): void {
    if (this.#failure !== undefined || this.#stream.destroyed) {
      done(this.#failure ?? new Error(`${this.name} was destroyed.`));
      return;
    }
    try {
      this.#stream.write(chunk, (error) => done(error ?? this.#failure));
    } catch (error) {
      done(error as Error);
    }
  }

  close(): void {
    this.#stream.off('error', this.#onError);
    this.#listening = false;
  }

  #listen(): void {
    if (this.#listening) return;
    this.#stream.on('error', this.#onError);
    this.#listening = true;
  }
}
