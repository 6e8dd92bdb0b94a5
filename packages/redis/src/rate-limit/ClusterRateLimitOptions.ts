import { OptionsReader } from '@ballast/core';

/** Options of {@link ClusterRateLimiter}. */
export interface ClusterRateLimitOptions {
  /** The limit's name; every process using the same name (and key) shares one bucket. Required. */
  readonly name: string;
  /** Permits added per `interval` across the whole fleet. Required. */
  readonly rate: number;
  /**
   * Milliseconds over which `rate` permits are added (refill is continuous).
   * @default 1000
   */
  readonly interval?: number;
  /**
   * Bucket size across the fleet: permits allowed at once after a quiet period.
   * @default rate
   */
  readonly burst?: number;
  /**
   * Most permits one process leases from Redis per round trip and key. The process asks for
   * what it used in the last 200 ms, between the permits it needs and `batch`; a larger batch
   * means fewer round trips and a looser fleet bound (`burst + rate·W + instances·batch`).
   * @default 20
   */
  readonly batch?: number;
  /**
   * Instances assumed to share the limit while Redis is unreachable and no count was seen yet
   * (each then allows `rate / instances`).
   * @default 1
   */
  readonly fleetSizeHint?: number;
  /**
   * Most keys whose leased permits this process keeps; the least recently used is dropped
   * (its unused permits are lost, never over-granted).
   * @default 10000
   */
  readonly maxKeys?: number;
  /**
   * Whose clock refills the bucket: the Redis server's (one clock for the whole fleet) or the
   * runtime's (tests drive it with a manual clock; every process must share one timeline).
   * @default 'redis'
   */
  readonly time?: 'redis' | 'runtime';
}

/** Validated, defaulted {@link ClusterRateLimitOptions}. */
export interface ClusterRateLimitConfig {
  readonly name: string;
  readonly rate: number;
  readonly interval: number;
  readonly burst: number;
  readonly batch: number;
  readonly fleetSizeHint: number;
  readonly maxKeys: number;
  readonly time: 'redis' | 'runtime';
}

const KEYS = [
  'name',
  'rate',
  'interval',
  'burst',
  'batch',
  'fleetSizeHint',
  'maxKeys',
  'time',
] as const satisfies readonly (keyof ClusterRateLimitOptions)[];

/** @internal validates {@link ClusterRateLimitOptions}. */
export function readClusterRateLimitConfig(input: ClusterRateLimitOptions): ClusterRateLimitConfig {
  const read = new OptionsReader('ClusterRateLimiter', input, KEYS);
  if (!read.has('name')) read.fail('name', 'given: the limit shared by every process');
  if (!read.has('rate')) read.fail('rate', 'given: permits per interval, a finite number > 0');
  const rate = read.number('rate', 0, { above: 0, max: 1_000_000_000 });
  const burst = read.number('burst', Math.max(1, rate), { min: 1, max: 1_000_000_000 });
  return {
    name: read.string('name', ''),
    rate,
    interval: read.number('interval', 1_000, { above: 0, max: 86_400_000 }),
    burst,
    batch: read.number('batch', Math.min(20, Math.floor(burst)), {
      integer: true,
      min: 1,
      max: Math.floor(burst),
    }),
    fleetSizeHint: read.number('fleetSizeHint', 1, { integer: true, min: 1, max: 100_000 }),
    maxKeys: read.number('maxKeys', 10_000, { integer: true, min: 1, max: 10_000_000 }),
    time: read.oneOf('time', 'redis', ['redis', 'runtime'] as const),
  };
}
