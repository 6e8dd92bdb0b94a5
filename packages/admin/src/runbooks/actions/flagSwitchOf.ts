import { RunbookActionError } from '../errors/runbookErrors.js';
import type { FlagSwitch } from './flagAction.js';

/**
 * A flag source that stores whole definitions with an audit trail; `SqliteFlagSource` from
 * `@ballast/flags` and `RedisFlagSource` from `@ballast/redis` (asynchronous) satisfy it.
 */
export interface AuditedFlagSource {
  get(key: string): { readonly definition: object; readonly version: number } | undefined;
  put(
    key: string,
    definition: unknown,
    change: {
      readonly actor: string;
      readonly comment?: string;
      readonly expectedVersion?: number;
    },
  ): number | PromiseLike<number>;
}

/**
 * Adapts an audited flag source to {@link FlagSwitch}: flips `enabled` on the stored definition
 * (rules, rollout and variants stay), recorded with the step's actor. The write is conditional
 * on the version read, so a concurrent edit fails the step instead of being overwritten.
 *
 * @example
 * ```ts
 * engine.registerAction(flagAction(flagSwitchOf(new SqliteFlagSource(flagsOf(runtime), db))));
 * ```
 */
export function flagSwitchOf(source: AuditedFlagSource): FlagSwitch {
  return {
    async setEnabled(key, enabled, actor) {
      const current = source.get(key);
      if (current === undefined) {
        throw new RunbookActionError(
          `Flag "${key}" does not exist in the flag source; nothing to switch.`,
        );
      }
      const version = await source.put(
        key,
        { ...current.definition, enabled },
        {
          actor,
          comment: `runbook: switched ${enabled ? 'on' : 'off'}`,
          expectedVersion: current.version,
        },
      );
      return { version };
    },
  };
}
