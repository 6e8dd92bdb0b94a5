import { ConfigError } from '@ballast/core';
import type { TSchema } from 'typebox';
import { checkValue } from './checkValue.js';
import type { Parsed } from './Defaulted.js';
import { describeIssues } from './issuesOf.js';

/**
 * Reads a config file's content or an options object against its schema: fills in the
 * defaults, then checks every rule. Any problem is one `ConfigError` (`BALLAST_ERR_CONFIG`)
 * naming each field at fault and what is allowed, never the value given (it may be a secret).
 * `undefined` reads as `{}` (all defaults). The input is not modified.
 *
 * @example
 * ```ts
 * const Config = Type.Object({ port: Defaulted(Type.Integer({ minimum: 0 }), 8787) }, { additionalProperties: false });
 * parseConfig(Config, { port: -1 }, 'my config'); // ConfigError: my config: "port" must be >= 0.
 * ```
 * @throws ConfigError listing the issues.
 */
export function parseConfig<T extends TSchema>(
  schema: T,
  input: unknown,
  where: string,
): Parsed<T> {
  const checked = checkValue(schema, input ?? {});
  if (!checked.ok) throw new ConfigError(`${where}: ${describeIssues(checked.issues)}.`);
  return checked.value;
}
