import type { IncomingMessage, ServerResponse } from 'node:http';
import { AggregatorRegistry, type RegistryContentType } from 'prom-client';

/** Options of {@link clusterMetricsHandler}. */
export interface ClusterMetricsHandlerOptions {
  /**
   * The aggregator to ask; give one to choose the content type (OpenMetrics).
   * @default new AggregatorRegistry()
   */
  readonly aggregator?: AggregatorRegistry<RegistryContentType>;
}

/**
 * An HTTP handler for the node:cluster primary: asks every worker for its metrics (workers call
 * {@link shareMetricsWithPrimary}) and answers with their aggregation. Counters and histograms
 * are summed over workers; `ballast_circuitbreaker_state` takes the maximum (1 when any worker
 * is in the state). When a worker does not answer within prom-client's 5 s, the reply is a 503
 * naming the failure, so the scraper records a failed scrape instead of partial numbers.
 *
 * @example
 * ```ts
 * if (cluster.isPrimary) {
 *   http.createServer(clusterMetricsHandler()).listen(9464, '127.0.0.1');
 *   for (let i = 0; i < os.availableParallelism(); i++) cluster.fork();
 * }
 * ```
 */
export function clusterMetricsHandler(
  options: ClusterMetricsHandlerOptions = {},
): (request: IncomingMessage, response: ServerResponse) => void {
  const aggregator = options.aggregator ?? new AggregatorRegistry();
  return (_request, response) => {
    aggregator.clusterMetrics().then(
      (text) => {
        response.statusCode = 200;
        response.setHeader('content-type', aggregator.contentType);
        response.end(text);
      },
      (error: unknown) => {
        response.statusCode = 503;
        response.setHeader('content-type', 'text/plain; charset=utf-8');
        response.end(
          `cluster metrics unavailable: ${error instanceof Error ? error.message : String(error)}\n`,
        );
      },
    );
  };
}
