import type { AddressInfo } from 'node:net';
import { createServer } from '@ballast/fastify';
import { clusterMetricsHandler } from '@ballast/metrics';
import {
  AggregatorRegistry,
  Counter,
  Gauge,
  type PrometheusContentType,
  Registry,
} from 'prom-client';
import type { ClusterSupervisor } from './ClusterSupervisor.js';

/** The primary's metrics endpoint. */
export interface ClusterMetricsServer {
  /** `http://host:port/metrics`. */
  readonly url: string;
  close(): Promise<void>;
}

function primaryRegistry(supervisor: ClusterSupervisor): Registry {
  const registry = new Registry();
  new Gauge({
    name: 'ballast_cluster_workers',
    help: 'Workers ready to serve.',
    registers: [registry],
    collect() {
      this.set(supervisor.readyCount());
    },
  });
  const counters: [string, string, () => number][] = [
    [
      'ballast_cluster_worker_restarts_total',
      'Workers restarted after a crash.',
      () => supervisor.counts.restarts,
    ],
    [
      'ballast_cluster_reloads_total',
      'Rolling reloads completed.',
      () => supervisor.counts.reloads,
    ],
    [
      'ballast_cluster_reload_failures_total',
      'Rolling reloads stopped by a failing new worker.',
      () => supervisor.counts.reloadFailures,
    ],
  ];
  for (const [name, help, read] of counters) {
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        this.reset();
        this.inc(read());
      },
    });
  }
  return registry;
}

/** The workers' metrics merged by prom-client, followed by the primary's own. */
class PrimaryAggregator extends AggregatorRegistry<PrometheusContentType> {
  readonly #own: Registry;

  constructor(own: Registry) {
    super();
    this.#own = own;
  }

  override async clusterMetrics(): Promise<string> {
    const [workers, primary] = await Promise.all([super.clusterMetrics(), this.#own.metrics()]);
    return `${workers}\n${primary}`;
  }
}

/**
 * Serves `GET /metrics` from the primary with `@ballast/metrics`' `clusterMetricsHandler`: every
 * worker's prom-client global registry, merged by prom-client's `AggregatorRegistry` (counters
 * summed, gauges per its aggregator), followed by the primary's own `ballast_cluster_*`
 * metrics, on a `@ballast/fastify` server (its limits, problem+json for anything else). Workers
 * need only import prom-client.
 */
export async function startClusterMetricsServer(
  supervisor: ClusterSupervisor,
  port: number,
  host: string,
): Promise<ClusterMetricsServer> {
  const metrics = clusterMetricsHandler({
    aggregator: new PrimaryAggregator(primaryRegistry(supervisor)),
  });
  const app = await createServer();
  app.get('/metrics', (request, reply) => {
    reply.hijack(); // the handler writes the aggregated text (or its 503) itself
    metrics(request.raw, reply.raw);
  });
  await app.listen({ port, host });
  const address = app.server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { url: `http://${shownHost}:${address.port}/metrics`, close: () => app.close() };
}
