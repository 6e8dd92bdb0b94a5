import { ConfigError, type Runtime } from '@ballast/core';
import type { Metric, Registry, RegistryContentType } from 'prom-client';
import type { BallastMetrics } from '../BallastMetricsOptions.js';
import { BALLAST_METRICS } from '@ballast/metric-catalogue';
import { StatisticsMetric } from './StatisticsMetric.js';
import { StatisticsReader } from './StatisticsReader.js';

/** A prom-client registry of either content type. */
export type AnyRegistry = Registry<RegistryContentType>;

const installations = new WeakMap<AnyRegistry, RegistryInstallation>();

/**
 * The ballast families of one registry and the runtimes they read: one per registry, so a
 * second registration finds it instead of adding the names again.
 */
export class RegistryInstallation {
  readonly #registry: AnyRegistry;
  readonly #reader = new StatisticsReader();
  readonly #metrics: readonly StatisticsMetric[];
  readonly #registrations = new Map<Runtime, BallastMetrics>();

  private constructor(registry: AnyRegistry) {
    this.#registry = registry;
    this.#metrics = BALLAST_METRICS.map((family) => new StatisticsMetric(family, this.#reader));
  }

  /** The installation of `registry`, new (and not yet remembered) when it has none. */
  static of(registry: AnyRegistry): RegistryInstallation {
    return installations.get(registry) ?? new RegistryInstallation(registry);
  }

  /** The registration of `runtime`, if it has one. */
  registrationOf(runtime: Runtime): BallastMetrics | undefined {
    return this.#registrations.get(runtime);
  }

  /**
   * Adds any ballast family missing from the registry (all of them the first time; some after
   * `registry.clear()`). Every name is checked before any is added, so a conflict leaves the
   * registry as it was.
   * @throws ConfigError when a metric of another origin uses a ballast name.
   */
  ensureRegistered(where: string): void {
    const missing = this.#metrics.filter((metric) => {
      const existing: unknown = this.#registry.getSingleMetric(metric.family.name);
      if (existing === undefined) return true;
      if (existing === metric) return false;
      throw new ConfigError(
        `${where}: the registry already has a metric named "${metric.family.name}" that ballast ` +
          'did not create; remove it or give ballast its own registry.',
      );
    });
    // The registry's type lists prom-client's own classes; it only calls get() and reset() and
    // reads name/help/type/aggregator, all of which StatisticsMetric implements.
    for (const metric of missing) this.#registry.registerMetric(metric as unknown as Metric);
  }

  /** Starts reading `runtime` at scrape time; `registration` undoes it. */
  add(runtime: Runtime, registration: BallastMetrics): void {
    installations.set(this.#registry, this);
    this.#registrations.set(runtime, registration);
    this.#reader.add(runtime);
  }

  /** Stops reading `runtime`; with the last runtime the families leave the registry. */
  remove(runtime: Runtime): void {
    this.#reader.delete(runtime);
    this.#registrations.delete(runtime);
    if (this.#registrations.size > 0) return;
    installations.delete(this.#registry);
    for (const metric of this.#metrics) {
      const { name } = metric.family;
      if (this.#registry.getSingleMetric(name) === (metric as unknown))
        this.#registry.removeSingleMetric(name);
    }
  }
}
