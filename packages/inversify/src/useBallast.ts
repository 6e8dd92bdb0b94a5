import { createRuntime, type Runtime, type RuntimeOptions, weave } from '@ballast/core';
import { Plugin, type PluginApi } from '@inversifyjs/plugin';
import type { Container, ServiceIdentifier } from 'inversify';
import { forEachPlannedService } from './walkPlan.js';

/** Service identifier under which the container resolves its ballast runtime. */
export const BALLAST_RUNTIME: ServiceIdentifier<Runtime> = Symbol.for('ballast.runtime');

/** Options of {@link useBallast}. */
export interface UseBallastOptions {
  /**
   * An existing runtime to share (e.g. with another container). The caller owns it: unbinding
   * this container does not dispose it. Default: a new runtime from `runtimeOptions`, owned and
   * disposed by the container.
   */
  readonly runtime?: Runtime;
  /** Options for the runtime created when `runtime` is not given. */
  readonly runtimeOptions?: RuntimeOptions;
}

const runtimes = new WeakMap<Container, Runtime>();

function isWeavable(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

/**
 * Hooks planning: every service in a plan (the requested one and its dependencies) gets one
 * container activation that weaves the instance. Activations run when inversify creates an
 * instance, so singletons are woven once and transients on each resolution.
 */
class BallastPlugin extends Plugin<Container> {
  readonly #hooked = new Set<unknown>();

  load(api: PluginApi): void {
    api.onPlan((_options, result) => {
      forEachPlannedService(result.tree.root, (serviceIdentifier) => this.#hook(serviceIdentifier));
    });
  }

  #hook(serviceIdentifier: unknown): void {
    if (this.#hooked.has(serviceIdentifier) || serviceIdentifier === BALLAST_RUNTIME) return;
    this.#hooked.add(serviceIdentifier);
    const container = this._container;
    container.onActivation(
      serviceIdentifier as ServiceIdentifier,
      (_context, instance: unknown) => {
        const runtime = runtimes.get(container);
        return runtime !== undefined && !runtime.disposed && isWeavable(instance)
          ? weave(instance, runtime)
          : instance;
      },
    );
  }
}

/**
 * Makes `container` weave ballast aspects into every service it activates, and binds the
 * runtime under {@link BALLAST_RUNTIME}. Unbinding it (or `container.unbindAll()`) disposes a
 * runtime the container created; a runtime passed in stays the caller's. Call once per
 * container, before resolving services.
 *
 * @returns the container's runtime.
 * @example
 * ```ts
 * const container = new Container();
 * const runtime = useBallast(container, { runtimeOptions: { config: { policies } } });
 * container.bind(PaymentsClient).toSelf().inSingletonScope();
 * const client = container.get(PaymentsClient); // decorated methods are woven
 * ```
 */
export function useBallast(container: Container, options: UseBallastOptions = {}): Runtime {
  const existing = runtimes.get(container);
  if (existing !== undefined) return existing;
  const runtime = options.runtime ?? createRuntime(options.runtimeOptions);
  runtimes.set(container, runtime);
  container.register(BallastPlugin);
  const binding = container.bind(BALLAST_RUNTIME).toConstantValue(runtime);
  if (options.runtime === undefined) {
    binding.onDeactivation(() => runtime.dispose());
    // inversify deactivates only values it has resolved; resolving once makes unbinding dispose.
    container.get(BALLAST_RUNTIME);
  }
  return runtime;
}

/** The runtime {@link useBallast} attached to `container`, if any. */
export function runtimeOf(container: Container): Runtime | undefined {
  return runtimes.get(container);
}
