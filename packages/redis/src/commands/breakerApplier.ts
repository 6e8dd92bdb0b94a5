import type { Runtime } from '@ballast/core';
import { breakerRegistry, type ManualBreakerState } from '@ballast/resilience';
import { FleetCommandError } from '../errors.js';
import type { CommandApplier, FleetCommand } from './FleetCommand.js';

/** What an operator can do to a breaker across the fleet. */
export type BreakerAction = 'forceOpen' | 'close' | 'disable' | 'metricsOnly' | 'reset';

const STATES: Record<Exclude<BreakerAction, 'reset'>, ManualBreakerState> = {
  forceOpen: 'FORCED_OPEN',
  close: 'CLOSED',
  disable: 'DISABLED',
  metricsOnly: 'METRICS_ONLY',
};

/**
 * A breaker command for {@link CommandBus.publish}: stored as fleet state (one entry per breaker
 * and key), so instances that start later apply it too.
 *
 * @example
 * ```ts
 * await bus.publish(breakerCommand('Payments.quote', 'forceOpen'));
 * ```
 */
export function breakerCommand(name: string, action: BreakerAction, key?: string): FleetCommand {
  return {
    kind: 'breaker',
    payload: key === undefined ? { name, action } : { name, action, key },
    stateKey: `breaker:${name}${key === undefined ? '' : `:${key}`}`,
  };
}

/**
 * Applies `breaker` commands to the runtime's breaker registry. A breaker not woven yet on this
 * instance gets the state when it is (through the registry's hydration), so an instance that
 * starts after a force-open comes up with the breaker open.
 *
 * @example
 * ```ts
 * new CommandBus(redis).register('breaker', breakerApplier(runtime));
 * ```
 */
export function breakerApplier(runtime: Runtime): CommandApplier {
  const registry = breakerRegistry(runtime);
  return ({ payload }) => {
    const { name, action, key } = payload as { name: unknown; action: unknown; key?: unknown };
    if (typeof name !== 'string' || !(action === 'reset' || (action as string) in STATES))
      throw new FleetCommandError(
        `breaker command needs a name and an action (got ${JSON.stringify(payload)}).`,
      );
    const keyed = typeof key === 'string' ? key : undefined;
    if (registry.has(name)) {
      if (action === 'reset') registry.reset(name, keyed);
      else registry[action as Exclude<BreakerAction, 'reset'>](name, keyed);
      return;
    }
    if (action === 'reset') return; // a breaker that does not exist yet starts closed anyway
    const state = STATES[action as Exclude<BreakerAction, 'reset'>];
    const snapshot = { state, openCount: 0, retryAfterMs: 0 };
    registry.hydrate({
      version: 1,
      breakers: [
        keyed === undefined
          ? { name, override: state, breaker: snapshot }
          : { name, keys: [{ key: keyed, ...snapshot }] },
      ],
    });
  };
}
