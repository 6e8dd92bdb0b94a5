import { createRuntime, type Runtime, type RuntimeOptions, weave } from '@ballast/core';
import { Plugin } from '@inversifyjs/plugin';
import type { Container, ServiceIdentifier } from 'inversify';
import { activateEveryService, type ActivationRegistry } from './activateEveryService.js';

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
 * Weaves every instance the container, or any of its child containers, creates: singletons
 * once, transients on each resolution. Weaving runs before the container's other activations
 * (they see the woven instance). A child container's services get this container's runtime
 * unless the child has its own `useBallast`: the nearest one wins.
 */
class BallastPlugin extends Plugin<Container> {
  load(): void {
    const container = this._container;
    activateEveryService(
      this._context.activationService as unknown as ActivationRegistry,
      (_context, instance) => {
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
