import type { FlagStore } from '@ballast/flags';
import { FleetCommandError } from '../errors.js';
import type { CommandApplier, FleetCommand } from './FleetCommand.js';

/** Layer of the flag store that fleet flag switches write. */
export const FLEET_FLAG_LAYER = 'fleet';

/**
 * A flag switch for {@link CommandBus.publish}, stored as fleet state (one entry per flag).
 *
 * @example
 * ```ts
 * await bus.publish(flagCommand('new-checkout', false)); // kill switch, every instance
 * ```
 */
export function flagCommand(key: string, enabled: boolean): FleetCommand {
  return { kind: 'flag', payload: { key, enabled }, stateKey: `flag:${key}` };
}

/**
 * Applies `flag` commands: the flag's current definition with `enabled` switched goes into the
 * store's `fleet` layer, which overrides the flag's other sources (a file, SQLite) until it is
 * switched again. Flags kept in a `RedisFlagSource` are better changed there.
 *
 * @example
 * ```ts
 * new CommandBus(redis).register('flag', flagApplier(flagsOf(runtime)));
 * ```
 */
export function flagApplier(store: FlagStore): CommandApplier {
  return ({ payload }) => {
    const { key, enabled } = payload as { key: unknown; enabled: unknown };
    if (typeof key !== 'string' || typeof enabled !== 'boolean')
      throw new FleetCommandError(
        `flag command needs a key and enabled (got ${JSON.stringify(payload)}).`,
      );
    const current = store.snapshot.definition(key);
    if (current === undefined) throw new FleetCommandError(`no flag "${key}" on this instance.`);
    store.set(key, { ...current, enabled }, { source: FLEET_FLAG_LAYER });
  };
}
