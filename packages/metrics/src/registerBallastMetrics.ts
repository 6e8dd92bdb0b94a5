import { ConfigError, OptionsReader, type Runtime, RuntimeDisposedError } from '@ballast/core';
import {
  collectDefaultMetrics,
  type Metric,
  register,
  type Registry,
  type RegistryContentType,
} from 'prom-client';

type AnyRegistry = Registry<RegistryContentType>;
import type {
  BallastMetrics,
  BallastMetricsOptions,
  DefaultMetricsOptions,
} from './BallastMetricsOptions.js';
import { BALLAST_METRICS } from './catalogue/BALLAST_METRICS.js';
import { StatisticsMetric } from './collect/StatisticsMetric.js';
import { StatisticsReader } from './collect/StatisticsReader.js';

const WHERE = 'registerBallastMetrics';

/** The ballast families of one registry and the runtimes they read. */
interface Installation {
  readonly reader: StatisticsReader;
  readonly metrics: readonly StatisticsMetric[];
  readonly registrations: Map<Runtime, BallastMetrics>;
}

const installations = new WeakMap<AnyRegistry, Installation>();

function isRegistry(value: unknown): value is AnyRegistry {
  // Duck-typed so a registry from another copy of prom-client is accepted too.
  const candidate = value as Partial<AnyRegistry> | null;
  return (
    typeof candidate?.registerMetric === 'function' &&
    typeof candidate.getSingleMetric === 'function'
  );
}

function readOptions(options: BallastMetricsOptions): {
  registry: AnyRegistry;
  defaults: DefaultMetricsOptions | false;
} {
  const read: OptionsReader = new OptionsReader(WHERE, options, ['registry', 'defaultMetrics']);
  const registry: unknown = read.raw('registry') ?? register;
  if (!isRegistry(registry)) read.fail('registry', 'a prom-client Registry');
  const defaults: unknown = read.raw('defaultMetrics') ?? true;
  if (typeof defaults === 'boolean') return { registry, defaults: defaults ? {} : false };
  if (typeof defaults !== 'object' || defaults === null || Array.isArray(defaults)) {
    read.fail('defaultMetrics', 'a boolean or collectDefaultMetrics options');
  }
  return { registry, defaults: defaults as DefaultMetricsOptions };
}

/**
 * Adds any ballast family missing from the registry (e.g. after `registry.clear()`). Every name
 * is checked before any is added, so a conflict leaves the registry as it was.
 */
function ensureRegistered(registry: AnyRegistry, installation: Installation): void {
  const missing: StatisticsMetric[] = [];
  installation.metrics.forEach((metric, index) => {
    const name = BALLAST_METRICS[index]!.name;
    const existing: unknown = registry.getSingleMetric(name);
    if (existing === metric) return;
    if (existing !== undefined) {
      throw new ConfigError(
        `${WHERE}: the registry already has a metric named "${name}" that ballast did not create; ` +
          'remove it or give ballast its own registry.',
      );
    }
    missing.push(metric);
  });
  // The registry's type lists prom-client's own classes; it only calls get(), reset() and
  // reads name/help/type/aggregator, which StatisticsMetric implements.
  for (const metric of missing) registry.registerMetric(metric as unknown as Metric);
}

function installDefaultMetrics(registry: AnyRegistry, options: DefaultMetricsOptions): void {
  const probe = `${options.prefix ?? ''}process_cpu_user_seconds_total`;
  if (registry.getSingleMetric(probe) !== undefined) return;
  collectDefaultMetrics({ ...options, register: registry });
}

/**
 * Exposes the statistics of every ballast aspect woven in `runtime` as Prometheus metrics. The
 * aspects keep plain numbers on the call path; the registry reads them only when scraped, so a
 * woven call pays no prom-client cost. Registering the same runtime (or another runtime: their
 * series are summed) on the same registry again is harmless.
 *
 * @example
 * ```ts
 * import { Registry } from 'prom-client';
 * const registry = new Registry();
 * registerBallastMetrics(runtime, { registry });
 * http.createServer(async (_req, res) => {
 *   res.setHeader('content-type', registry.contentType);
 *   res.end(await registry.metrics());
 * }).listen(9464, '127.0.0.1');
 * ```
 * @throws ConfigError for bad options or a foreign metric already using a ballast name.
 * @throws RuntimeDisposedError when `runtime` was disposed.
 */
export function registerBallastMetrics(
  runtime: Runtime,
  options: BallastMetricsOptions = {},
): BallastMetrics {
  const { registry, defaults } = readOptions(options);
  // Checked first so a refused runtime leaves the registry untouched.
  if (runtime.disposed) throw new RuntimeDisposedError();
  let installation = installations.get(registry);
  const existing = installation?.registrations.get(runtime);
  if (installation !== undefined && existing !== undefined) {
    ensureRegistered(registry, installation);
    return existing;
  }
  if (installation === undefined) {
    const reader = new StatisticsReader();
    const metrics = BALLAST_METRICS.map((family) => new StatisticsMetric(family, reader));
    installation = { reader, metrics, registrations: new Map() };
  }
  ensureRegistered(registry, installation);
  if (defaults !== false) installDefaultMetrics(registry, defaults);
  const owner = installation;
  let active = true;
  const registration: BallastMetrics = {
    registry,
    unregister() {
      if (!active) return;
      active = false;
      owner.reader.delete(runtime);
      owner.registrations.delete(runtime);
      if (owner.registrations.size > 0) return;
      installations.delete(registry);
      owner.metrics.forEach((metric, index) => {
        const name = BALLAST_METRICS[index]!.name;
        if (registry.getSingleMetric(name) === (metric as unknown))
          registry.removeSingleMetric(name);
      });
    },
  };
  runtime.onDispose(() => registration.unregister());
  installations.set(registry, installation);
  installation.registrations.set(runtime, registration);
  installation.reader.add(runtime);
  return registration;
}
