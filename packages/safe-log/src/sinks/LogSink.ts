/**
 * Where formatted lines end up. The safe logger writes one chunk at a time and waits for its
 * callback, so a sink never buffers more than one chunk.
 */
export interface LogSink {
  /** Short name for statistics and messages (`file`, `stderr`). */
  readonly name: string;
  /** Opens, or re-opens after a failure. Throws when the sink cannot be used now. */
  open(): void;
  /** Writes `chunk` (one or more newline-terminated lines); calls `done` once, with an error on failure. */
  write(chunk: string, done: (error?: Error | null) => void): void;
  /**
   * Writes `chunk` before returning; throws on failure. Used when the logger closes (runtime
   * dispose, process exit) for the lines still queued; without it they are counted as dropped.
   */
  writeSync?(chunk: string): void;
  /** Releases handles. Never throws. */
  close(): void;
}
