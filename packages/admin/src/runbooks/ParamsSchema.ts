import type { ParamsReader } from './ParamsReader.js';

/**
 * The parameters an action or a condition accepts, checked when a runbook is created (never at
 * run time): `fields` lists every allowed name with a one-line description (any other name is
 * rejected, and the admin API shows them), `parse` reads and checks the values.
 *
 * @example
 * ```ts
 * const params: ParamsSchema<{ name: string }> = {
 *   fields: { name: 'breaker name, as in breakerRegistry(runtime)' },
 *   parse: (read) => ({ name: read.requireString('name') }),
 * };
 * ```
 */
export interface ParamsSchema<P> {
  /** Every allowed parameter name, with what it means. */
  readonly fields: Readonly<Record<string, string>>;
  /** Reads and checks the values; fails through `read.fail(key, expected)`. */
  parse(read: ParamsReader): P;
}
