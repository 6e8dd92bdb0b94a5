import Type from 'typebox';
import type { RunbookAction } from '../RunbookAction.js';

/**
 * What the breaker actions need; `breakerRegistry(runtime)` from `@ballast/resilience`
 * satisfies it, and so does `FleetControl` from `@ballast/redis` (the step then reaches every
 * instance of the fleet; its promise is awaited). `key` targets one keyed breaker (one host,
 * one user); without it, every key.
 */
export interface BreakerControl {
  forceOpen(name: string, key?: string): unknown;
  close(name: string, key?: string): unknown;
}

const params = Type.Object(
  {
    name: Type.String({
      minLength: 1,
      description: 'breaker name, as listed by the breaker registry',
    }),
    key: Type.Optional(
      Type.String({
        minLength: 1,
        description: 'one key of a keyed breaker (host, user); default every key',
      }),
    ),
  },
  { additionalProperties: false },
);

/**
 * `breaker.forceOpen` and `breaker.close`: force a breaker open (every call fails fast) and
 * close it again.
 *
 * @example
 * ```ts
 * engine.registerAction(...breakerActions(breakerRegistry(runtime)));
 * // step: { action: 'breaker.forceOpen', params: { name: 'payments' } }
 * ```
 */
export function breakerActions(
  breakers: BreakerControl,
): [RunbookAction<typeof params>, RunbookAction<typeof params>] {
  return [
    {
      name: 'breaker.forceOpen',
      description: 'Force a circuit breaker open: its calls fail fast until it is closed',
      params,
      run: async ({ name, key }) => {
        await breakers.forceOpen(name, key);
        return { breaker: name, key: key ?? null, state: 'FORCED_OPEN' };
      },
    },
    {
      name: 'breaker.close',
      description: 'Close a circuit breaker, clearing a forced state',
      params,
      run: async ({ name, key }) => {
        await breakers.close(name, key);
        return { breaker: name, key: key ?? null, state: 'CLOSED' };
      },
    },
  ];
}
