/** An inversify activation: sees each instance as it is created and returns what to inject. */
export type Activation = (context: unknown, instance: unknown) => unknown;

/**
 * The part of inversify's activation registry (handed to plugins as `activationService`) that
 * this file relies on. Child containers ask their parent's registry for every service they
 * resolve, and snapshots clone it.
 */
export interface ActivationRegistry {
  get(serviceIdentifier: unknown): Iterable<Activation> | undefined;
  clone(): ActivationRegistry;
}

function* precededBy(first: Activation, activations: Iterable<Activation>): Iterable<Activation> {
  yield first;
  yield* activations;
}

/**
 * Makes `registry` answer every look-up with `activation` followed by what it would have
 * answered. inversify registers activations per service identifier only; this turns one into a
 * container-wide activation that also covers services bound only in child containers (their
 * registry asks their parent's, after its own, so the nearest container's activation runs
 * first) and survives `snapshot()`/`restore()` (which clone the registry).
 */
export function activateEveryService(registry: ActivationRegistry, activation: Activation): void {
  const only: readonly Activation[] = [activation];
  const get = registry.get.bind(registry);
  const clone = registry.clone.bind(registry);
  registry.get = (serviceIdentifier) => {
    const own = get(serviceIdentifier);
    return own === undefined ? only : precededBy(activation, own);
  };
  registry.clone = () => {
    const copy = clone();
    activateEveryService(copy, activation);
    return copy;
  };
}
