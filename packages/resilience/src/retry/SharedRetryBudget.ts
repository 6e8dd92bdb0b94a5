/** A retry budget as `@Retry` uses it: one count per logical call, one ask per retry. */
export interface SharedRetryBudget {
  /** Counts a logical call (not a retry). Called on every call: keep it cheap and synchronous. */
  recordCall(): void;
  /** Takes one retry from the budget; false when none is left. Synchronous. */
  tryAcquire(): boolean;
}

/** The limits of one retry budget, as the `budget` option gives them (defaults filled in). */
export interface RetryBudgetLimits {
  readonly ratio: number;
  readonly minRetriesPerSecond: number;
  readonly windowMs: number;
}

/**
 * Where `@Retry` keeps its budget when it is shared beyond this process (the `backend` field of
 * its `budget` option), for instance `clusterRetryBudgets(redis)` from `@ballast/redis`: retries
 * across every process on a Redis stay within the budget's fraction of the fleet's calls.
 *
 * @example
 * ```ts
 * @Retry({ name: 'payments', budget: { ratio: 0.1, backend: clusterRetryBudgets(redis) } })
 * async charge(order: Order): Promise<Receipt> { … }
 * ```
 */
export interface RetryBudgetBackend {
  /**
   * The shared budget of the retry policy `name`. Called when a method using the policy is woven
   * and again after a reload that changed the policy.
   */
  budget(name: string, limits: RetryBudgetLimits): SharedRetryBudget;
}
