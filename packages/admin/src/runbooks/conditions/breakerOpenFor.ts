import type { RunbookCondition } from '../RunbookCondition.js';

/**
 * What `breaker.openFor` reads; `breakerRegistry(runtime)` from `@ballast/resilience`
 * satisfies it (its `state` throws for a breaker not created yet, which reads as closed).
 */
export interface BreakerStateReader {
  state(name: string, key?: string): string;
}

interface OpenForParams {
  readonly breaker: string;
  readonly key: string | undefined;
  readonly seconds: number;
}

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

/**
 * `breaker.openFor`: a breaker has stayed open (or half-open) for at least `seconds`, as seen by
 * the polls (so within one poll interval).
 *
 * @example
 * ```ts
 * engine.registerCondition(breakerOpenFor(breakerRegistry(runtime)));
 * // trigger: { condition: 'breaker.openFor', params: { breaker: 'payments', seconds: 60 }, coolDownSeconds: 600 }
 * ```
 */
export function breakerOpenFor(breakers: BreakerStateReader): RunbookCondition<OpenForParams> {
  return {
    name: 'breaker.openFor',
    description: 'A circuit breaker has stayed open or half-open for a number of seconds',
    params: {
      fields: {
        breaker: 'breaker name',
        key: 'one key of a keyed breaker; default the unkeyed breaker',
        seconds: 'how long it must have been open (> 0)',
      },
      parse: (read) => ({
        breaker: read.requireString('breaker'),
        key: read.has('key') ? read.string('key', '') : undefined,
        seconds: read.has('seconds')
          ? read.number('seconds', 0, { above: 0, max: 86_400 })
          : read.fail('seconds', 'a number of seconds > 0 (required)'),
      }),
    },
    create: ({ breaker, key, seconds }) => {
      let openSince: number | undefined;
      return (now) => {
        const state = stateOf(breakers, breaker, key);
        if (state === undefined || !UNRECOVERED.has(state)) {
          openSince = undefined;
          return false;
        }
        openSince ??= now;
        return now - openSince >= seconds * 1000;
      };
    },
  };
}
