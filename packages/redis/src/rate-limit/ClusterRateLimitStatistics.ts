/** Statistics of one {@link ClusterRateLimiter}. */
export interface ClusterRateLimitStatistics {
  readonly name: string;
  /** Keys with local state. */
  readonly keys: number;
  /** Calls admitted with permits leased from Redis. */
  readonly admitted: number;
  /** Calls admitted by the local share while Redis was unreachable. */
  readonly admittedLocally: number;
  /** Calls refused. */
  readonly refused: number;
  /** Lease requests that reached Redis. */
  readonly roundTrips: number;
  /** Calls that fell back to the local share. */
  readonly fallbacks: number;
  /** Instances seen leasing from this limit recently (1 until Redis answered once). */
  readonly instances: number;
}
