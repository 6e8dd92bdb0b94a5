/**
 * The fixed order of the built-in aspects, outermost first:
 * `FeatureFlag ( SafeLog ( Fallback ( Retry ( CircuitBreaker ( RateLimit ( Timeout ( Bulkhead ( method ))))))))`.
 * A disabled feature skips everything; one log line per logical call; the fallback sees the final
 * failure; every attempt passes the breaker; the timeout is per attempt.
 */
export const AspectPrecedence = Object.freeze({
  FeatureFlag: 100,
  SafeLog: 200,
  Fallback: 300,
  Retry: 400,
  CircuitBreaker: 500,
  RateLimit: 600,
  Timeout: 700,
  Bulkhead: 800,
});
