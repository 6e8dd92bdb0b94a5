/**
 * The fixed order of the built-in aspects, outermost first:
 * `FeatureFlag ( SafeLog ( Guard ( Fallback ( Cache ( Retry ( Hedge ( CircuitBreaker ( RateLimit ( Timeout ( Bulkhead ( method )))))))))))`.
 * A disabled feature skips everything; one log line per logical call; bad arguments are refused
 * before anything spends a cache look-up, a permit or a retry; the fallback sees the final
 * failure, and its value is never cached; a cache hit skips every layer below it, and
 * stale-if-error sees the final failure, after every retry; a hedge is a retry in time, so every
 * hedged attempt passes the breaker; the timeout is per attempt. docs/aspects.md gives the
 * reason for each place.
 */
export const AspectPrecedence = Object.freeze({
  FeatureFlag: 100,
  SafeLog: 200,
  Guard: 250,
  Fallback: 300,
  Cache: 350,
  Retry: 400,
  Hedge: 450,
  CircuitBreaker: 500,
  RateLimit: 600,
  Timeout: 700,
  Bulkhead: 800,
});
