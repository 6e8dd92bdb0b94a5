import { ConfigError } from '@ballast/core';

/** Options of `BreakerRegistry.forceOpen`: which key, and for how long. */
export interface ForceOpenOptions {
  /** One key of a keyed breaker; every key when unset. */
  readonly key?: string;
  /** Open for this many ms, then half-open. */
  readonly forMs?: number;
  /** Open until this instant (runtime clock ms, or a `Date` with the system clock), then half-open. */
  readonly until?: number | Date;
}

const DAY_MS = 86_400_000;

/**
 * Validates `forceOpen` options: a key string, or `{ key?, forMs? | until? }` with `forMs` in
 * 1 ms – 1 day and `until` a finite instant. Returns the key and the instant the breaker
 * half-opens (undefined: forced open until an operator closes it).
 */
export function readForceOpen(
  options: string | ForceOpenOptions | undefined,
  now: number,
  name: string,
): { key: string | undefined; until: number | undefined } {
  if (options === undefined || typeof options === 'string')
    return { key: options, until: undefined };
  const where = `forceOpen("${name}")`;
  if (typeof options !== 'object' || options === null)
    throw new ConfigError(`${where}: options must be a key string or { key?, forMs?, until? }.`);
  const { key, forMs, until } = options;
  if (key !== undefined && typeof key !== 'string')
    throw new ConfigError(`${where}: "key" must be a string (got ${typeof key}).`);
  if (forMs !== undefined && until !== undefined)
    throw new ConfigError(`${where}: give "forMs" or "until", not both.`);
  if (forMs !== undefined) {
    if (typeof forMs !== 'number' || !Number.isFinite(forMs) || forMs < 1 || forMs > DAY_MS)
      throw new ConfigError(
        `${where}: "forMs" must be a number of ms from 1 to ${DAY_MS} (got ${String(forMs)}).`,
      );
    return { key, until: now + forMs };
  }
  if (until !== undefined) {
    const instant = until instanceof Date ? until.getTime() : until;
    if (typeof instant !== 'number' || !Number.isFinite(instant))
      throw new ConfigError(`${where}: "until" must be a finite clock time in ms or a valid Date.`);
    return { key, until: instant };
  }
  return { key, until: undefined };
}
