import cluster from 'node:cluster';
import { existsSync } from 'node:fs';
import { ConfigError } from '@ballast/core';
import { type ClusterOptions, readClusterOptions } from './ClusterOptions.js';
import { ClusterSupervisor } from './ClusterSupervisor.js';
import {
  type ClusterMetricsServer,
  startClusterMetricsServer,
} from './startClusterMetricsServer.js';
import type { WorkerInfo } from './WorkerInfo.js';

// Run from sources (tsx, Jest) the hook is a .ts file; built, it is .js.
const WORKER_METRICS_HOOK = new URL(
  `./workerMetricsHook${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`,
  import.meta.url,
).href;

/** A running cluster, returned by {@link runCluster}. */
export interface ClusterHandle {
  /** Resolves once every worker has been ready once. */
  readonly ready: Promise<void>;
  /** Resolves when the cluster has shut down (by `shutdown()` or a signal). */
  readonly closed: Promise<void>;
  /** Where the aggregated metrics are served, when `metrics` was given. */
  readonly metricsUrl: string | undefined;
  /** Every slot's current worker. */
  workers(): WorkerInfo[];
  /** Rolling reload, one worker at a time (what SIGHUP does). */
  reload(): Promise<void>;
  /** Graceful shutdown (what SIGTERM and SIGINT do). */
  shutdown(): Promise<void>;
}

/**
 * Runs `script` in N worker processes on node:cluster, from the primary process: "the same code,
 * more processes". Crashed workers come back after a bounded backoff; SIGHUP reloads workers one
 * at a time without refusing a connection; SIGTERM/SIGINT disconnect them gracefully; with
 * `metrics`, the primary serves every worker's prom-client metrics on one `/metrics`.
 *
 * @example
 * ```ts
 * // primary.mjs — the workers run app.mjs, which calls server.listen(3000) as usual
 * const cluster = await runCluster({ script: 'app.mjs', workers: 4, metrics: { port: 9464 } });
 * await cluster.ready;
 * ```
 */
export async function runCluster(options: ClusterOptions): Promise<ClusterHandle> {
  if (!cluster.isPrimary) {
    throw new ConfigError(
      'runCluster: call it in the primary process; it runs inside a cluster worker here.',
    );
  }
  const checked = readClusterOptions(options);
  const settings =
    checked.metrics === undefined
      ? checked
      : { ...checked, execArgv: [...checked.execArgv, '--import', WORKER_METRICS_HOOK] };
  if (!existsSync(settings.script)) {
    throw new ConfigError(`runCluster options: "script" must name an existing file.`);
  }
  const supervisor = new ClusterSupervisor(settings);
  let metrics: ClusterMetricsServer | undefined;
  if (settings.metrics !== undefined) {
    metrics = await startClusterMetricsServer(
      supervisor,
      settings.metrics.port,
      settings.metrics.host,
    );
    settings.log(`metrics on ${metrics.url}`);
  }
  let closed!: () => void;
  const closedPromise = new Promise<void>((resolve) => (closed = resolve));
  const signals: [NodeJS.Signals, () => void][] = [
    ['SIGHUP', () => void supervisor.reload().catch(() => undefined)],
    ['SIGTERM', () => (supervisor.stopping ? supervisor.kill() : void shutdown())],
    ['SIGINT', () => (supervisor.stopping ? supervisor.kill() : void shutdown())],
  ];
  let stopping: Promise<void> | undefined;
  function shutdown(): Promise<void> {
    stopping ??= supervisor.shutdown().then(async () => {
      for (const [signal, listener] of signals) process.off(signal, listener);
      await metrics?.close();
      closed();
    });
    return stopping;
  }
  if (settings.handleSignals)
    for (const [signal, listener] of signals) process.on(signal, listener);
  supervisor.start();
  return {
    ready: supervisor.started,
    closed: closedPromise,
    metricsUrl: metrics?.url,
    workers: () => supervisor.workers(),
    reload: () => supervisor.reload(),
    shutdown,
  };
}
