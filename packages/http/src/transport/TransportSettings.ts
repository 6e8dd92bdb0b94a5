/** The transport limits, validated by `createHttpClient`. */
export interface TransportSettings {
  readonly connectTimeoutMs: number;
  readonly headersTimeoutMs: number;
  readonly bodyTimeoutMs: number;
  readonly connectionsPerOrigin: number;
  readonly keepAliveTimeoutMs: number;
  readonly maxResponseBytes: number;
  readonly retryAfterCapMs: number;
  /** Limit of one attempt (the Timeout aspect's), or false when there is none. */
  readonly attemptTimeoutMs: number | false;
}
