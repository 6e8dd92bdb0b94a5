/** Client options that turn every aspect off, to test the transport and classification alone. */
export const transportOnly = {
  retry: false,
  circuitBreaker: false,
  bulkhead: false,
  attemptTimeoutMs: false,
} as const;
