import { OptionsReader } from '@ballast/core';
import type { CircuitBreakerOptions } from './CircuitBreaker.js';
import type { ManualBreakerState } from './BreakerState.js';
import type { BreakerStateEvent } from './BreakerStateEvent.js';
import {
  backoffOpenDuration,
  type BreakerOpening,
  customOpenDuration,
  type OpenDuration,
} from './OpenDuration.js';

/** Validated, defaulted options of a circuit breaker (see {@link CircuitBreakerOptions}). */
export interface BreakerConfig {
  readonly name: string | undefined;
  readonly window: 'count' | 'time' | 'consecutive';
  readonly windowSize: number;
  readonly windowDuration: number;
  readonly windowBuckets: number;
  readonly consecutiveFailures: number;
  readonly failureRateThreshold: number;
  readonly slowCallRateThreshold: number;
  readonly slowCallDuration: number | undefined;
  readonly minimumCalls: number;
  readonly openDuration: OpenDuration;
  readonly halfOpenProbes: number;
  readonly halfOpenMaxWait: number;
  readonly recordOn: ((error: unknown) => boolean) | undefined;
  readonly ignore: ((error: unknown) => boolean) | undefined;
  readonly failOnResult: ((result: unknown) => boolean) | undefined;
  readonly onStateChange: ((event: BreakerStateEvent) => void) | undefined;
  readonly recordRejections: boolean;
  readonly initialState: ManualBreakerState;
  readonly key: ((args: unknown[]) => string) | undefined;
  readonly maxKeys: number;
  readonly keyIdleTtl: number;
}

const KEYS = [
  'name',
  'window',
  'windowSize',
  'windowDuration',
  'windowBuckets',
  'consecutiveFailures',
  'failureRateThreshold',
  'slowCallRateThreshold',
  'slowCallDuration',
  'minimumCalls',
  'openDuration',
  'halfOpenProbes',
  'halfOpenMaxWait',
  'recordOn',
  'ignore',
  'failOnResult',
  'onStateChange',
  'recordRejections',
  'initialState',
  'key',
  'maxKeys',
  'keyIdleTtl',
] as const satisfies readonly (keyof CircuitBreakerOptions)[];

const DAY_MS = 86_400_000;
const PERCENT = { above: 0, max: 100 } as const;

function readOpenDuration(read: OptionsReader, where: string): OpenDuration {
  const raw = read.raw('openDuration');
  if (raw === undefined || typeof raw === 'number') {
    const fixed = read.number('openDuration', 30_000, { min: 1, max: DAY_MS });
    return backoffOpenDuration(fixed, fixed, 1);
  }
  if (typeof raw === 'function') return customOpenDuration(raw as (o: BreakerOpening) => number);
  const backoff = new OptionsReader(`${where} openDuration`, raw, ['initial', 'max', 'multiplier']);
  if (!backoff.has('initial') || !backoff.has('max')) {
    read.fail(
      'openDuration',
      'milliseconds (a number), { initial, max, multiplier? } or a function (opening) => ms',
    );
  }
  const initial = backoff.number('initial', 0, { min: 1, max: DAY_MS });
  const max = backoff.number('max', 0, { min: initial, max: DAY_MS });
  const multiplier = backoff.number('multiplier', 2, { min: 1, max: 100 });
  return backoffOpenDuration(initial, max, multiplier);
}

/**
 * Validates circuit breaker options at decoration time; every problem is a `ConfigError`
 * (`BALLAST_ERR_CONFIG`) naming the option and what is allowed.
 */
export function readBreakerConfig(
  input: CircuitBreakerOptions | undefined,
  where: string,
): BreakerConfig {
  const read = new OptionsReader(where, input, KEYS);
  const window = read.oneOf('window', 'count', ['count', 'time', 'consecutive'] as const);
  const windowSize = read.number('windowSize', 100, { integer: true, min: 1, max: 1_000_000 });
  const defaultMinimum = window === 'count' ? Math.min(20, windowSize) : 20;
  const minimumCalls = read.number('minimumCalls', defaultMinimum, {
    integer: true,
    min: 1,
    max: window === 'count' ? windowSize : 1_000_000_000,
  });
  const windowDuration = read.number('windowDuration', 60_000, { min: 1, max: DAY_MS });
  const windowBuckets = read.number('windowBuckets', 10, { integer: true, min: 1, max: 1_000 });
  const halfOpenProbes = read.number('halfOpenProbes', 5, { integer: true, min: 1, max: 10_000 });
  return {
    name: read.has('name') ? read.string('name', '') : undefined,
    window,
    windowSize,
    windowDuration,
    windowBuckets,
    consecutiveFailures: read.number('consecutiveFailures', 5, {
      integer: true,
      min: 1,
      max: 1_000_000,
    }),
    failureRateThreshold: read.number('failureRateThreshold', 50, PERCENT),
    slowCallRateThreshold: read.number('slowCallRateThreshold', 100, PERCENT),
    slowCallDuration: read.has('slowCallDuration')
      ? read.number('slowCallDuration', 0, { above: 0, max: DAY_MS })
      : undefined,
    minimumCalls,
    openDuration: readOpenDuration(read, where),
    halfOpenProbes,
    halfOpenMaxWait: read.number('halfOpenMaxWait', 60_000, { min: 1, max: DAY_MS }),
    recordOn: read.func<(error: unknown) => boolean>('recordOn'),
    ignore: read.func<(error: unknown) => boolean>('ignore'),
    failOnResult: read.func<(result: unknown) => boolean>('failOnResult'),
    onStateChange: read.func<(event: BreakerStateEvent) => void>('onStateChange'),
    recordRejections: read.boolean('recordRejections', false),
    initialState: read.oneOf('initialState', 'CLOSED', [
      'CLOSED',
      'FORCED_OPEN',
      'DISABLED',
      'METRICS_ONLY',
    ] as const),
    key: read.func<(args: unknown[]) => string>('key'),
    maxKeys: read.number('maxKeys', 1_000, { integer: true, min: 1, max: 1_000_000 }),
    keyIdleTtl: read.number('keyIdleTtl', 600_000, { min: 1_000, max: DAY_MS }),
  };
}
