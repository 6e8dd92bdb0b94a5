import Type from 'typebox';
import type { RunbookAction } from '../RunbookAction.js';

/**
 * What `flag.set` needs: switch a flag on or off at its source, with the actor for the audit
 * trail. The admin server adapts its flag source to it.
 */
export interface FlagSwitch {
  setEnabled(key: string, enabled: boolean, actor: string): unknown;
}

const params = Type.Object(
  {
    key: Type.String({ minLength: 1, description: 'flag key' }),
    enabled: Type.Boolean({ description: 'true to switch on, false to switch off' }),
  },
  { additionalProperties: false },
);

/**
 * `flag.set`: switch a feature flag on or off (a kill switch in an emergency). The step's actor
 * (the confirmer, or who started the run) is passed on for the audit trail.
 *
 * @example
 * ```ts
 * engine.registerAction(flagAction(flagSwitch));
 * // step: { action: 'flag.set', params: { key: 'new-checkout', enabled: false } }
 * ```
 */
export function flagAction(flags: FlagSwitch): RunbookAction<typeof params> {
  return {
    name: 'flag.set',
    description: 'Switch a feature flag on or off',
    params,
    run: async ({ key, enabled }, { actor }) => {
      await flags.setEnabled(key, enabled, actor);
      return { flag: key, enabled };
    },
  };
}
