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
   * Name under which statistics and events are reported.
   * @default the method's `Class.method`
   */
  readonly name?: string;
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
