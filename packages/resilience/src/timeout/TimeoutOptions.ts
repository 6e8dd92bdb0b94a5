/** Options of `@Timeout` and `timeout()`; a number is shorthand for `{ ms }`. */
export interface TimeoutOptions {
  /** Time limit per call (per attempt under `@Retry`), ms: an integer from 1 to 2,147,483,647. */
  readonly ms: number;
  /**
   * `aggressive`: the caller gets a `TimeoutError` at the deadline even if the method ignores
   * its signal (the method's late outcome is dropped). `cooperative`: the signal is aborted at
   * the deadline and the caller waits for the method; a rejection after the deadline becomes a
   * `TimeoutError` (with the method's error as cause), a late value is returned.
   * @default 'aggressive'
   */
  readonly mode?: 'aggressive' | 'cooperative';
  /**
   * How the deadline and the signal reach the method and nested calls. `join`: they are added
   * to the call context when the call runs in one (started by `runInContext`, e.g. per request
   * by the HTTP layer); outside any context nested calls do not see this deadline and
   * `currentSignal()` is undefined. `start`: a context is started when there is none. Not the
   * default because on Node 20 the first `AsyncLocalStorage.run()` in a process turns on
   * promise hooks that make every promise in the process about twice as slow.
   * @default 'join' ('start' in cooperative mode)
   */
  readonly context?: 'join' | 'start';
  /**
   * Name under which statistics and events are reported.
   * @default the method's `Class.method`
   */
  readonly name?: string;
  /**
   * Called when a call reaches its limit (with the `timeout.expired` payload). A hook that
   * throws is counted in `hookErrors` and never breaks the call.
   * @default none
   */
  readonly onTimeout?: (event: TimeoutExpiredEvent) => void;
}

/** What `@Timeout` accepts: milliseconds or options. */
export type TimeoutInput = number | TimeoutOptions;

/** Payload of the `timeout.expired` event. */
export interface TimeoutExpiredEvent {
  readonly policy: string;
  /** The limit that applied, ms. */
  readonly timeoutMs: number;
}

declare module '@ballast/core' {
  interface BallastEvents {
    'timeout.expired': TimeoutExpiredEvent;
  }
}
