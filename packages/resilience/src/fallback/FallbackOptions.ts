import type { ErrorMatcherInput } from '../retry/ErrorMatcher.js';

/** The last-known-good mode of `@Fallback`. */
export interface LastKnownGoodOptions {
  /**
   * How old a remembered result may be and still be served, ms.
   * @default 60000
   */
  readonly maxAge?: number;
  /**
   * Results remembered per method (the one written longest ago is dropped first).
   * @default 1000
   */
  readonly maxEntries?: number;
  /**
   * Key of a call; calls with the same key share a remembered result.
   * @default JSON of the arguments (calls whose arguments have no JSON form are not remembered)
   */
  readonly key?: (args: readonly unknown[]) => string;
}

/**
 * Options of `@Fallback` and `fallback()`. Give one of `value`, `handler` or `method`, and/or
 * `lastKnownGood` (tried first; the others serve when it has nothing fresh).
 */
export interface FallbackOptions {
  /** A fixed value to return instead of the error. */
  readonly value?: unknown;
  /** Computes the value from the final error and the call's arguments. */
  readonly handler?: (error: unknown, args: readonly unknown[]) => unknown;
  /**
   * Name of another method of the same class, called on the same instance with the same
   * arguments plus the error last. Checked when the class is woven.
   */
  readonly method?: string;
  /** Serve the last successful result for the same key, if fresh enough. */
  readonly lastKnownGood?: LastKnownGoodOptions | true;
  /**
   * Which errors fall back: error classes, `code` strings, predicates.
   * @default every error except the kernel's configuration errors (`BALLAST_ERR_CONFIG`, …)
   *   and a cancelled call (`BALLAST_ERR_CANCELLED`)
   */
  readonly on?: ErrorMatcherInput;
  /**
   * Results that fall back as if they had failed (an HTTP 503 returned, not thrown): `handler`,
   * `method` and `onFallback` get the result where they would get the error. A predicate that
   * throws means no.
   * @default none (every result is returned)
   */
  readonly onResult?: (result: unknown) => boolean;
  /**
   * Name under which statistics and events are reported.
   * @default the method's `Class.method`
   */
  readonly name?: string;
  /**
   * Called when a fallback value is served, with the `fallback.served` payload. A hook that
   * throws is counted in `hookErrors` and never breaks the call.
   * @default none
   */
  readonly onFallback?: (event: FallbackServedEvent) => void;
}

/** Where a fallback value came from. */
export type FallbackSource = 'value' | 'handler' | 'method' | 'last-known-good';

/** Payload of the `fallback.served` event. */
export interface FallbackServedEvent {
  readonly policy: string;
  readonly source: FallbackSource;
  /** The failure the fallback replaced: an error, or a result `onResult` rejected. */
  readonly error: unknown;
}

declare module '@ballast/core' {
  interface BallastEvents {
    'fallback.served': FallbackServedEvent;
  }
}
