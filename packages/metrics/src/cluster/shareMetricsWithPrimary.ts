import cluster from 'node:cluster';
import { AggregatorRegistry, register, type Registry } from 'prom-client';

const shared = new Set<Registry>();

/**
 * Call in each node:cluster worker: the worker then answers the primary's
 * {@link clusterMetricsHandler} with the metrics of `registry` (and of every other registry
 * shared this way). Idempotent; does nothing outside a cluster worker.
 *
 * @example
 * ```ts
 * const registry = new Registry();
 * registerBallastMetrics(runtime, { registry });
 * shareMetricsWithPrimary(registry);
 * ```
 */
export function shareMetricsWithPrimary(registry: Registry = register): void {
  if (!cluster.isWorker) return;
  shared.add(registry);
  AggregatorRegistry.setRegistries([...shared]);
  // Constructing an AggregatorRegistry is what installs prom-client's (once per process)
  // listener that answers the primary's requests in a worker.
  new AggregatorRegistry();
}
