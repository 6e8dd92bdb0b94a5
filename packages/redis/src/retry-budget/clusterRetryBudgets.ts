import { OptionsReader } from '@ballast/core';
import type { RetryBudgetBackend, RetryBudgetLimits } from '@ballast/resilience';
import type { RedisConnection } from '../connection/RedisConnection.js';
import { ClusterRetryBudget, type ClusterRetryBudgetOptions } from './ClusterRetryBudget.js';

/** Options of {@link clusterRetryBudgets}: the fleet options of every budget it makes. */
export type ClusterRetryBudgetsOptions = Pick<ClusterRetryBudgetOptions, 'syncIntervalMs' | 'time'>;

/**
 * A budget `backend` for `@Retry`: each retry policy's budget becomes a started
 * {@link ClusterRetryBudget} on `redis` under the retry's name, with its ratio, floor and window,
 * so retries across every process sharing the Redis stay within the budget's fraction of the
 * fleet's calls. Give the retry a `name` to share one budget between methods. A reload that
 * changes the limits replaces the budget (the fleet's counts in Redis stay).
 *
 * @example
 * ```ts
 * const budgets = clusterRetryBudgets(connectRedis({ url: process.env.REDIS_URL!, runtime }));
 * class Payments {
 *   @Retry({ name: 'payments', budget: { ratio: 0.1, backend: budgets } })
 *   async charge(order: Order): Promise<Receipt> { … }
 * }
 * ```
 */
export function clusterRetryBudgets(
  redis: RedisConnection,
  options: ClusterRetryBudgetsOptions = {},
): RetryBudgetBackend {
  const read = new OptionsReader('clusterRetryBudgets', options, ['syncIntervalMs', 'time']);
  const syncIntervalMs = read.number('syncIntervalMs', 1_000, { integer: true, min: 10 });
  const budgets = new Map<string, { limits: RetryBudgetLimits; budget: ClusterRetryBudget }>();
  return {
    budget(name: string, limits: RetryBudgetLimits): ClusterRetryBudget {
      const known = budgets.get(name);
      if (
        known !== undefined &&
        known.limits.ratio === limits.ratio &&
        known.limits.minRetriesPerSecond === limits.minRetriesPerSecond &&
        known.limits.windowMs === limits.windowMs
      )
        return known.budget;
      known?.budget.stop();
      const windowMs = Math.round(limits.windowMs);
      const budget = new ClusterRetryBudget(redis, {
        ...options,
        name,
        ratio: limits.ratio,
        minRetriesPerSecond: limits.minRetriesPerSecond,
        windowMs,
        syncIntervalMs: Math.min(syncIntervalMs, windowMs),
      });
      budget.start();
      budgets.set(name, { limits, budget });
      return budget;
    },
  };
}
