import { ConfigError, OptionsReader } from '@ballast/core';
import { readRetryBudget, type RetryBudgetConfig } from '../retry/RetryBudget.js';
import type { HedgeFiredEvent } from './HedgeEvents.js';
import type { HedgeOptions } from './HedgeOptions.js';

/** Validated hedge delay: fixed, or a live percentile with its bounds. */
export type HedgeDelay =
  | { readonly fixed: number }
  | {
      readonly percentile: number;
      readonly min: number;
      readonly max: number;
      readonly windowMs: number;
      readonly minSamples: number;
    };

/** Validated hedge options with every default filled in. */
export interface HedgePolicy {
  readonly delay: HedgeDelay;
  readonly maxHedged: number;
  readonly budget: RetryBudgetConfig | false;
  readonly context: 'join' | 'start';
  readonly name: string | undefined;
  readonly onHedge: ((event: HedgeFiredEvent) => void) | undefined;
}

const KEYS = ['idempotent', 'delayMs', 'maxHedged', 'budget', 'context', 'name', 'onHedge'];
const HEDGE_BUDGET = { ratio: 0.1, minRetriesPerSecond: 1, windowMs: 10_000 } as const;
/** The largest delay Node timers accept. */
const MAX_MS = 2_147_483_647;

function readDelay(read: OptionsReader, where: string): HedgeDelay {
  const raw = read.raw('delayMs');
  if (typeof raw === 'number') return { fixed: read.number('delayMs', 0, { min: 0, max: MAX_MS }) };
  if (raw !== undefined && (typeof raw !== 'object' || raw === null))
    read.fail('delayMs', 'a number of ms or { percentile, min, max, windowMs, minSamples }');
  const delay = new OptionsReader(`${where} delayMs`, raw ?? { percentile: 95 }, [
    'percentile',
    'min',
    'max',
    'windowMs',
    'minSamples',
  ]);
  if (!delay.has('percentile')) delay.fail('percentile', 'given, e.g. { percentile: 95 }');
  const min = delay.number('min', 1, { min: 0, max: MAX_MS });
  const max = delay.number('max', 2_000, { min: 0, max: MAX_MS });
  if (max < min) delay.fail('max', `at least min (${min})`);
  return Object.freeze({
    percentile: delay.number('percentile', 95, { min: 50, max: 99.99 }),
    min,
    max,
    windowMs: delay.number('windowMs', 60_000, { min: 1_000, max: 86_400_000 }),
    minSamples: delay.number('minSamples', 20, { integer: true, min: 1, max: 100_000 }),
  });
}

/**
 * Validates `@Hedge` input. A method not marked `idempotent: true` is refused here, at
 * decoration: hedging sends its call more than once.
 */
export function readHedgePolicy(input: HedgeOptions | undefined, where: string): HedgePolicy {
  const read = new OptionsReader(where, input, KEYS);
  if (read.raw('idempotent') !== true) {
    throw new ConfigError(
      `${where}: hedging sends the same call more than once, so it is only for idempotent methods; ` +
        'mark the method with { idempotent: true } if repeating it is safe (a read, a PUT, a write ' +
        'with an idempotency key), else use @Retry.',
    );
  }
  return Object.freeze({
    delay: readDelay(read, where),
    maxHedged: read.number('maxHedged', 1, { integer: true, min: 1, max: 10 }),
    budget: readRetryBudget(read.raw('budget'), where, HEDGE_BUDGET),
    context: read.oneOf('context', 'join', ['join', 'start'] as const),
    name: read.has('name') ? read.string('name', '') : undefined,
    onHedge: read.func<(event: HedgeFiredEvent) => void>('onHedge'),
  });
}
