import {
  AspectPrecedence,
  type AspectUse,
  createDecorator,
  defineAspect,
  OptionsReader,
} from '@ballast/core';
import { createRateLimitAdvice } from './RateLimitAdvice.js';
import type { RateLimitBackend } from './RateLimitBackend.js';

/** Options of {@link RateLimit} and {@link rateLimit}. */
export interface RateLimitOptions {
  /**
   * Registry name; limiters with the same name share their tokens.
   * @default the method's qualified name (`Class.method`)
   */
  readonly name?: string;
  /** Tokens added per `interval` (calls allowed per interval on average). Required. */
  readonly rate: number;
  /**
   * Milliseconds over which `rate` tokens are added (refill is continuous).
   * @default 1000
   */
  readonly interval?: number;
  /**
   * Bucket size: calls allowed at once after a quiet period.
   * @default rate
   */
  readonly burst?: number;
  /**
   * Milliseconds a call may wait for a token; 0 refuses at once. Waiting needs an async method.
   * @default 0
   */
  readonly maxWait?: number;
  /**
   * One bucket per key (per user, per host): `([req]) => req.userId`. Without it, one bucket.
   * @default undefined
   */
  // Decorator options cannot see the decorated method's parameter types.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly key?: (args: any[]) => string;
  /**
   * Most keyed buckets kept; the least recently used is dropped beyond it.
   * @default 10000
   */
  readonly maxKeys?: number;
  /**
   * Milliseconds after which an unused bucket is dropped (a refilled bucket loses nothing).
   * @default 600000
   */
  readonly keyIdleTtl?: number;
  /**
   * Called when a call is refused, with the `rate-limit.rejected` payload. A hook that throws is
   * counted in `hookErrors`.
   * @default none
   */
  readonly onRejected?: (event: RateLimitRejectedEvent) => void;
  /**
   * Where the permits come from when they are shared beyond this process: a
   * {@link RateLimitBackend} such as `clusterRateLimits(redis)` from `@ballast/redis` (one limit
   * for every process on a Redis). Name, key, `rate`, `interval`, `burst`, `maxWait`, statistics
   * and events stay as they are; `maxKeys` and `keyIdleTtl` are the backend's business. Every
   * call then awaits the backend, so it needs an async method.
   * @default undefined (this process's own token buckets)
   */
  readonly backend?: RateLimitBackend;
}

/** Payload of `rate-limit.rejected` (and the `onRejected` hook): a rate limit refused a call. */
export interface RateLimitRejectedEvent {
  readonly policy: string;
  /** Key of a keyed limit, else undefined. */
  readonly key: string | undefined;
  /** Whole milliseconds until a token is free. */
  readonly retryAfterMs: number;
}

declare module '@ballast/core' {
  interface BallastEvents {
    'rate-limit.rejected': RateLimitRejectedEvent;
  }
}

/** Validated, defaulted {@link RateLimitOptions}. */
export interface RateLimitConfig {
  readonly name: string | undefined;
  readonly rate: number;
  readonly interval: number;
  readonly burst: number;
  readonly maxWait: number;
  readonly key: ((args: unknown[]) => string) | undefined;
  readonly maxKeys: number;
  readonly keyIdleTtl: number;
  readonly onRejected: ((event: RateLimitRejectedEvent) => void) | undefined;
  readonly backend: RateLimitBackend | undefined;
}

const KEYS = [
  'name',
  'rate',
  'interval',
  'burst',
  'maxWait',
  'key',
  'maxKeys',
  'keyIdleTtl',
  'onRejected',
  'backend',
] as const satisfies readonly (keyof RateLimitOptions)[];
const DAY_MS = 86_400_000;

function readRateLimitConfig(input: RateLimitOptions | undefined, where: string): RateLimitConfig {
  const read = new OptionsReader(where, input, KEYS);
  if (!read.has('rate')) read.fail('rate', 'given: tokens per interval, a finite number > 0');
  const rate = read.number('rate', 0, { above: 0, max: 1_000_000_000 });
  return {
    name: read.has('name') ? read.string('name', '') : undefined,
    rate,
    interval: read.number('interval', 1_000, { above: 0, max: DAY_MS }),
    burst: read.number('burst', Math.max(1, rate), { min: 1, max: 1_000_000_000 }),
    maxWait: read.number('maxWait', 0, { min: 0, max: DAY_MS }),
    key: read.func<(args: unknown[]) => string>('key'),
    maxKeys: read.number('maxKeys', 10_000, { integer: true, min: 1, max: 10_000_000 }),
    keyIdleTtl: read.number('keyIdleTtl', 600_000, { min: 1_000, max: DAY_MS }),
    onRejected: read.func<(event: RateLimitRejectedEvent) => void>('onRejected'),
    backend: readBackend(read),
  };
}

function readBackend(read: OptionsReader): RateLimitBackend | undefined {
  const backend = read.raw('backend');
  if (backend === undefined) return undefined;
  if (typeof (backend as Partial<RateLimitBackend> | null)?.limit !== 'function')
    read.fail('backend', 'a RateLimitBackend (an object with limit(name, limits))');
  return backend as RateLimitBackend;
}

/** The rate limit aspect; see {@link RateLimit}. */
export const RateLimitAspect = defineAspect<RateLimitConfig, RateLimitOptions>({
  name: 'RateLimit',
  precedence: AspectPrecedence.RateLimit,
  supportsSync: (config) => config.maxWait === 0 && config.backend === undefined,
  validate: readRateLimitConfig,
  create: createRateLimitAdvice,
});

/**
 * Token-bucket rate limit: `rate` calls per `interval` on average, bursts up to `burst`.
 * Over the limit a call fails with `RateLimitedError` (`BALLAST_ERR_RATE_LIMITED`, carrying
 * `retryAfterMs`), or waits up to `maxWait` for its token (async methods). Optionally per key,
 * and optionally shared by a fleet of processes through a `backend`.
 *
 * @example
 * ```ts
 * class SlackNotifier {
 *   @RateLimit({ rate: 1, interval: 1_000, burst: 3, maxWait: 5_000, key: ([channel]) => channel })
 *   async post(channel: string, text: string): Promise<void> { … }
 * }
 * ```
 */
export const RateLimit = createDecorator(RateLimitAspect);

/**
 * Functional form of {@link RateLimit} for `protect()`.
 *
 * @example
 * ```ts
 * const send = protect(sendSms, [rateLimit({ rate: 10, interval: 60_000 })], { name: 'sms' });
 * ```
 */
export function rateLimit(options: RateLimitOptions | string): AspectUse {
  return RateLimitAspect.use(options);
}
