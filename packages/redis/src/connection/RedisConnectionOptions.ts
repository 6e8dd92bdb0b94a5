import { hostname } from 'node:os';
import { ConfigError, defaultRuntime, OptionsReader, type Runtime } from '@ballast/core';
import type { CircuitBreakerOptions } from '@ballast/resilience';
import { RedisRefusedError } from '../errors.js';

/** Options of {@link connectRedis}. */
export interface RedisConnectionOptions {
  /** `redis[s]://[[user][:password]@]host[:port][/db]`. Required. */
  readonly url: string;
  /**
   * Milliseconds every Redis call may take before it fails (and the caller falls back). Past it
   * the caller is answered at once, even while the server hangs.
   * @default 250
   */
  readonly timeoutMs?: number;
  /**
   * Prefix of every key and channel ballast writes, so several fleets can share one Redis.
   * @default 'ballast:'
   */
  readonly keyPrefix?: string;
  /**
   * This process's name in the fleet (heartbeats, lease owners, `runOnce` with scope `instance`).
   * Letters, digits and `._:-`, up to 128 characters.
   * @default `${hostname()}:${process.pid}`
   */
  readonly instanceId?: string;
  /**
   * Options of the breaker in front of Redis, over the defaults: 3 failures in a row open it,
   * open for 500 ms doubling up to 5 s, one probe in half-open. An error reply
   * (`RedisRefusedError`: `READONLY`, `OOM`, `NOPERM`) is no failure: the server answered, and
   * its reads still work.
   * @default { window: 'consecutive', consecutiveFailures: 3, openDuration: { initial: 500, max: 5000 }, halfOpenProbes: 1, recordOn: (error) => !(error instanceof RedisRefusedError) }
   */
  readonly breaker?: Omit<CircuitBreakerOptions, 'key' | 'maxKeys' | 'keyIdleTtl'>;
  /**
   * Name of the breaker and timeout in the runtime's registries and events.
   * @default 'redis'
   */
  readonly name?: string;
  /**
   * The runtime whose clock, scheduler, events and breaker registry are used.
   * @default the process-wide default runtime
   */
  readonly runtime?: Runtime;
}

/** Validated, defaulted {@link RedisConnectionOptions}. */
export interface RedisConnectionConfig {
  readonly url: string;
  readonly timeoutMs: number;
  readonly keyPrefix: string;
  readonly instanceId: string;
  readonly breaker: CircuitBreakerOptions;
  readonly name: string;
  readonly runtime: Runtime;
}

const KEYS = [
  'url',
  'timeoutMs',
  'keyPrefix',
  'instanceId',
  'breaker',
  'name',
  'runtime',
] as const satisfies readonly (keyof RedisConnectionOptions)[];

const INSTANCE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

const DEFAULT_BREAKER: CircuitBreakerOptions = {
  window: 'consecutive',
  consecutiveFailures: 3,
  openDuration: { initial: 500, max: 5_000 },
  halfOpenProbes: 1,
  recordOn: (error) => !(error instanceof RedisRefusedError),
};

/** @internal validates {@link RedisConnectionOptions}; a `ConfigError` names the bad option. */
export function readConnectionConfig(input: RedisConnectionOptions): RedisConnectionConfig {
  const read = new OptionsReader('connectRedis', input, KEYS);
  const url = read.string('url', '');
  // The URL may carry a password: say how long it was, never what it was.
  if (!/^rediss?:\/\//.test(url)) {
    throw new ConfigError(
      `connectRedis: option "url" must be a redis:// or rediss:// URL (got ${url.length} characters).`,
    );
  }
  const instanceId = read.string('instanceId', `${hostname()}:${process.pid}`);
  if (!INSTANCE_ID.test(instanceId)) read.fail('instanceId', `a string matching ${INSTANCE_ID}`);
  const breaker = read.raw('breaker');
  if (breaker !== undefined && (typeof breaker !== 'object' || breaker === null))
    read.fail('breaker', 'an object of circuit breaker options');
  const runtime = read.raw('runtime') as Runtime | undefined;
  return {
    url,
    timeoutMs: read.number('timeoutMs', 250, { integer: true, min: 1, max: 60_000 }),
    keyPrefix: read.string('keyPrefix', 'ballast:'),
    instanceId,
    breaker: { ...DEFAULT_BREAKER, ...(breaker as CircuitBreakerOptions | undefined) },
    name: read.string('name', 'redis'),
    runtime: runtime ?? defaultRuntime(),
  };
}
