import { OptionsReader, type Runtime, RuntimeDisposedError } from '@ballast/core';
import { collectDefaultMetrics, register } from 'prom-client';
import type {
  BallastMetrics,
  BallastMetricsOptions,
  DefaultMetricsOptions,
} from './BallastMetricsOptions.js';
import { type AnyRegistry, RegistryInstallation } from './collect/RegistryInstallation.js';

const WHERE = 'registerBallastMetrics';

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

/** prom-client's defaults, unless the registry has them already (collectDefaultMetrics would throw). */
function installDefaultMetrics(registry: AnyRegistry, options: DefaultMetricsOptions): void {
  const probe = `${options.prefix ?? ''}process_cpu_user_seconds_total`;
  if (registry.getSingleMetric(probe) !== undefined) return;
  collectDefaultMetrics({ ...options, register: registry });
}

/**
 * Exposes the statistics of every ballast aspect woven in `runtime` as Prometheus metrics. The
 * aspects keep plain numbers on the call path; the registry reads them only when scraped, so a
 * woven call pays no prom-client cost. Registering the same runtime on the same registry again
 * returns the same handle; other runtimes on the same registry are summed into the same series.
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
 * @throws ConfigError for bad options or a metric of another origin using a ballast name.
 * @throws RuntimeDisposedError when `runtime` was disposed.
 */
export function registerBallastMetrics(
  runtime: Runtime,
  options: BallastMetricsOptions = {},
): BallastMetrics {
  const { registry, defaults } = readOptions(options);
  // Checked before anything is added, so a refused runtime leaves the registry untouched.
  if (runtime.disposed) throw new RuntimeDisposedError();
  const installation = RegistryInstallation.of(registry);
  installation.ensureRegistered(WHERE);
  if (defaults !== false) installDefaultMetrics(registry, defaults);
  const existing = installation.registrationOf(runtime);
  if (existing !== undefined) return existing;

  let active = true;
  const registration: BallastMetrics = {
    registry,
    unregister() {
      if (!active) return;
      active = false;
      installation.remove(runtime);
    },
  };
  runtime.onDispose(() => registration.unregister());
  installation.add(runtime, registration);
  return registration;
}
