import type { RunbookCondition } from '../RunbookCondition.js';

/**
 * What `errorRate.above` reads: the current error rate of a service as a fraction (0 to 1), or
 * `undefined` while there is too little traffic to judge. The admin server builds it from the
 * runtime's statistics.
 */
export interface ErrorRateReader {
  errorRate(service: string): number | undefined;
}

interface ErrorRateParams {
  readonly service: string;
  readonly percent: number;
  readonly forSeconds: number;
}

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
export function errorRateAbove(rates: ErrorRateReader): RunbookCondition<ErrorRateParams> {
  return {
    name: 'errorRate.above',
    description: "A service's error rate has stayed at or above a percentage",
    params: {
      fields: {
        service: 'service (method or protect() name)',
        percent: 'threshold in percent (0 < x <= 100)',
        forSeconds: 'how long it must hold (default 0: one poll)',
      },
      parse: (read) => ({
        service: read.requireString('service'),
        percent: read.has('percent')
          ? read.number('percent', 0, { above: 0, max: 100 })
          : read.fail('percent', 'a percentage > 0 and <= 100 (required)'),
        forSeconds: read.number('forSeconds', 0, { min: 0, max: 86_400 }),
      }),
    },
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
