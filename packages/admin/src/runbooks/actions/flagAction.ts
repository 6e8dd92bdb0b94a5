import type { RunbookAction } from '../RunbookAction.js';

/**
 * What `flag.set` needs: switch a flag on or off at its source, with the actor for the audit
 * trail. The admin server adapts its flag source to it.
 */
export interface FlagSwitch {
  setEnabled(key: string, enabled: boolean, actor: string): unknown;
}

interface FlagParams {
  readonly key: string;
  readonly enabled: boolean;
}

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
export function flagAction(flags: FlagSwitch): RunbookAction<FlagParams> {
  return {
    name: 'flag.set',
    description: 'Switch a feature flag on or off',
    params: {
      fields: { key: 'flag key', enabled: 'true to switch on, false to switch off' },
      parse: (read) => ({
        key: read.requireString('key'),
        enabled: read.requireBoolean('enabled'),
      }),
    },
    run: async ({ key, enabled }, { actor }) => {
      await flags.setEnabled(key, enabled, actor);
      return { flag: key, enabled };
    },
  };
}
