/**
 * Preloaded into every worker (`--import`) when the primary serves metrics. prom-client only
 * answers the primary's requests for metrics in a process that created an `AggregatorRegistry`,
 * which apps do not do, so this creates one with the app's own copy of prom-client (resolved
 * from the worker script first): the app then needs only prom-client's global registry.
 */
import cluster from 'node:cluster';
import { createRequire } from 'node:module';

if (cluster.isWorker) {
  for (const base of [process.argv[1], import.meta.url]) {
    if (base === undefined) continue;
    try {
      const client = createRequire(base)('prom-client') as {
        AggregatorRegistry: new () => unknown;
      };
      new client.AggregatorRegistry();
      break;
    } catch {
      // Not resolvable from here; try the next base (the app may not use prom-client at all).
    }
  }
}
