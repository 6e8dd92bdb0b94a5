import { ConfigError } from '@ballast/core';
import type { TSchema } from 'typebox';
import Value from 'typebox/value';
import type { Parsed } from './Defaulted.js';
import { describeIssues, issuesOf } from './issuesOf.js';
import { validatorOf } from './validatorOf.js';

/** Copies plain objects and arrays, so defaults never land in the caller's object; instances (a registry, an engine) are kept as they are. */
function copyPlain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyPlain);
  if (typeof value !== 'object' || value === null) return value;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, copyPlain(item)]));
}

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
  const value = Value.Default(schema, copyPlain(input ?? {}));
  const validator = validatorOf(schema);
  if (!validator.Check(value)) {
    throw new ConfigError(
      `${where}: ${describeIssues(issuesOf(validator.Errors(value), schema))}.`,
    );
  }
  return value as Parsed<T>;
}
