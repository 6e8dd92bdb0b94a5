import { Defaulted } from '@ballast/schema';
import Type from 'typebox';
import type { RunbookCondition } from '../RunbookCondition.js';

/**
 * What `errorRate.above` reads: the current error rate of a service as a fraction (0 to 1), or
 * `undefined` while there is too little traffic to judge. The admin server builds it from the
 * runtime's statistics.
 */
export interface ErrorRateReader {
  errorRate(service: string): number | undefined;
}

const params = Type.Object(
  {
    service: Type.String({ minLength: 1, description: 'service (method or protect() name)' }),
    percent: Type.Number({
      exclusiveMinimum: 0,
      maximum: 100,
      description: 'threshold in percent (0 < x <= 100)',
    }),
    forSeconds: Defaulted(
      Type.Number({
        minimum: 0,
        maximum: 86_400,
        description: 'how long it must hold (default 0: one poll)',
      }),
      0,
    ),
  },
  { additionalProperties: false },
);

/**
 * `errorRate.above`: a service's error rate has been at or above `percent` for `forSeconds`
 * (0: on a single poll).
 *
 * @example
 * ```ts
 * engine.registerCondition(errorRateAbove({ errorRate: (name) => stats.errorRate(name) }));
 * // trigger: { condition: 'errorRate.above', params: { service: 'PaymentsClient.quote', percent: 25, forSeconds: 30 } }
 * ```
 */
export function errorRateAbove(rates: ErrorRateReader): RunbookCondition<typeof params> {
  return {
    name: 'errorRate.above',
    description: "A service's error rate has stayed at or above a percentage",
    params,
    create: ({ service, percent, forSeconds }) => {
      let since: number | undefined;
      return {
        holds(now) {
          const rate = rates.errorRate(service);
          if (rate === undefined || !(rate * 100 >= percent)) {
            since = undefined;
            return false;
          }
          since ??= now;
          return now - since >= forSeconds * 1000;
        },
      };
    },
  };
}
