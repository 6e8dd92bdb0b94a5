import type { Runtime } from '@ballast/core';
import type { Parsed } from '@ballast/schema';
import Type from 'typebox';
import type { BreakerStateEvent } from '@ballast/resilience';
import type { ConditionProbe, RunbookCondition } from '../RunbookCondition.js';

/**
 * What `breaker.openFor` reads; `breakerRegistry(runtime)` from `@ballast/resilience`
 * satisfies it (its `state` throws for a breaker not created yet, which reads as closed).
 */
export interface BreakerStateReader {
  state(name: string, key?: string): string;
}

const params = Type.Object(
  {
    breaker: Type.String({ minLength: 1, description: 'breaker name' }),
    key: Type.Optional(
      Type.String({
        minLength: 1,
        description: 'one key of a keyed breaker; default the unkeyed breaker',
      }),
    ),
    seconds: Type.Number({
      exclusiveMinimum: 0,
      maximum: 86_400,
      description: 'how long it must have been open (> 0)',
    }),
  },
  { additionalProperties: false },
);

type OpenForParams = Parsed<typeof params>;

// HALF_OPEN counts as open: a breaker cycling open → half-open → open has not recovered.
// FORCED_OPEN does not: an operator (or a runbook) chose it.
const UNRECOVERED = new Set(['OPEN', 'HALF_OPEN']);

function stateOf(
  breakers: BreakerStateReader,
  name: string,
  key: string | undefined,
): string | undefined {
  try {
    return breakers.state(name, key);
  } catch {
    return undefined;
  }
}

function probe(
  breakers: BreakerStateReader,
  runtime: Runtime | undefined,
  params: OpenForParams,
): ConditionProbe {
  const { breaker, key, seconds } = params;
  let openSince: number | undefined;
  // With the runtime, `breaker.state` events give the exact opening time and reveal a close and
  // reopen between two polls, which the polled state alone would read as "open all along".
  const unsubscribe = runtime?.events.on('breaker.state', (event: BreakerStateEvent) => {
    if (event.name !== breaker || event.key !== key) return;
    if (!UNRECOVERED.has(event.to)) openSince = undefined;
    else if (!UNRECOVERED.has(event.from)) openSince = runtime.clock.now();
  });
  return {
    holds(now) {
      const state = stateOf(breakers, breaker, key);
      if (state === undefined || !UNRECOVERED.has(state)) {
        openSince = undefined;
        return false;
      }
      openSince ??= now; // already open before anyone listened
      return now - openSince >= seconds * 1000;
    },
    ...(unsubscribe === undefined ? {} : { dispose: unsubscribe }),
  };
}

/**
 * `breaker.openFor`: a breaker has stayed open (or half-open) for at least `seconds`. Given the
 * runtime, the opening time comes from its `breaker.state` events; without it, from the polls
 * (so within one poll interval).
 *
 * @example
 * ```ts
 * engine.registerCondition(breakerOpenFor(breakerRegistry(runtime), runtime));
 * // trigger: { condition: 'breaker.openFor', params: { breaker: 'payments', seconds: 60 }, coolDownSeconds: 600 }
 * ```
 */
export function breakerOpenFor(
  breakers: BreakerStateReader,
  runtime?: Runtime,
): RunbookCondition<typeof params> {
  return {
    name: 'breaker.openFor',
    description: 'A circuit breaker has stayed open or half-open for a number of seconds',
    params,
    create: (params) => probe(breakers, runtime, params),
  };
}
