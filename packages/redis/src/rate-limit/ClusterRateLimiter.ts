import { ConfigError } from '@ballast/core';
import { RateLimitedError, TokenBucket } from '@ballast/resilience';
import type { FallbackCounter } from '../connection/FallbackCounter.js';
import type { RedisConnection } from '../connection/RedisConnection.js';
import {
  type ClusterRateLimitConfig,
  type ClusterRateLimitOptions,
  readClusterRateLimitConfig,
} from './ClusterRateLimitOptions.js';
import type { ClusterRateLimitStatistics } from './ClusterRateLimitStatistics.js';
import { type KeyState, KeyStates } from './KeyStates.js';
import { type TokenBucketReply, tokenBucketScript } from './tokenBucketScript.js';

/** Milliseconds of local demand a lease asks for. */
const LEASE_HORIZON_MS = 200;
/** A limit's member set forgets an instance that has not leased for this long. */
const MEMBER_TTL_MS = 60_000;
const ADMITTED: Promise<undefined> = Promise.resolve(undefined);

/**
 * One rate limit shared by every process on a Redis: an atomic token bucket in a Lua script
 * (EVALSHA), refilled on the server's clock, keyed like the local `@RateLimit` (`name` plus the
 * caller's key). Round trips are amortised by leasing small batches of permits into the process
 * (sized to its last 200 ms of demand, at most `batch`; the next lease leaves when a quarter is
 * left), so a busy process asks Redis about once per ¾·`batch` calls. An empty bucket is
 * remembered locally until a lease's worth has refilled for each of the instances sharing it
 * (at most half the burst; jittered), so a fleet over its limit costs Redis about one round trip
 * per lease, not one per instance and lease.
 *
 * **Bound.** Over any window of `W` ms the fleet admits at most
 * `burst + rate × W / interval + instances × batch`: the bucket grants no more than
 * `burst + rate·W/interval`, and each instance may enter the window holding up to `batch`
 * leased permits.
 *
 * **Redis down.** A key whose lease fails (timeout, open breaker, no connection) is served by a
 * local share, `rate / n` per interval with a burst of `max(1, burst / n)`, where `n` is the
 * number of instances last seen using this limit (or `fleetSizeHint` before any was seen); the
 * fleet then admits about `rate` in total if `n` was right. Permits already leased stay usable.
 * Each fallen-back call is counted; `redis.fallback` / `redis.recovered` events mark the outage.
 *
 * @example
 * ```ts
 * const sms = new ClusterRateLimiter(redis, { name: 'sms', rate: 200, interval: 1_000 });
 * const refused = await sms.acquire(customerId);
 * if (refused) throw refused; // RateLimitedError with retryAfterMs
 * ```
 */
export class ClusterRateLimiter {
  /** The validated options. */
  readonly config: ClusterRateLimitConfig;
  readonly #redis: RedisConnection;
  readonly #keys: KeyStates;
  readonly #fallback: FallbackCounter;
  readonly #perMs: number;
  readonly #membersKey: string;
  #instances = 0;
  #admitted = 0;
  #admittedLocally = 0;
  #refused = 0;
  #roundTrips = 0;

  constructor(redis: RedisConnection, options: ClusterRateLimitOptions) {
    this.config = readClusterRateLimitConfig(options);
    this.#redis = redis;
    this.#keys = new KeyStates(this.config.maxKeys);
    this.#perMs = this.config.rate / this.config.interval;
    this.#membersKey = redis.key(`rl:{${this.config.name}}:members`);
    this.#fallback = redis.fallbackCounter('rateLimit', this.config.name);
  }

  /**
   * The most the fleet admits over `windowMs` with `instances` processes:
   * `burst + rate × windowMs / interval + instances × batch`.
   */
  bound(windowMs: number, instances: number): number {
    const { burst, rate, interval, batch } = this.config;
    return Math.floor(burst + (rate * windowMs) / interval + instances * batch);
  }

  /**
   * Takes `permits` (at most `batch`) for `key`. Resolves `undefined` when admitted, or the
   * `RateLimitedError` (`BALLAST_ERR_RATE_LIMITED`, with `retryAfterMs`) to throw when refused.
   * Never rejects: Redis trouble falls back to the local share.
   */
  acquire(key = '', permits = 1): Promise<RateLimitedError | undefined> {
    if (!Number.isInteger(permits) || permits < 1 || permits > this.config.batch) {
      throw new ConfigError(
        `ClusterRateLimiter "${this.config.name}": permits must be an integer from 1 to batch (${this.config.batch}) (got ${String(permits)}).`,
      );
    }
    const state = this.#keys.of(key);
    state.demand += permits;
    if (state.held >= permits && state.waiters.length === 0) {
      state.held -= permits;
      this.#admitted++;
      if (!state.inFlight && state.held * 4 <= state.target) this.#prefetch(key, state);
      return ADMITTED;
    }
    const now = this.#redis.runtime.clock.now();
    if (now < state.blockedUntil && state.waiters.length === 0) {
      this.#refused++;
      return Promise.resolve(new RateLimitedError(this.config.name, key, state.blockedUntil - now));
    }
    return new Promise((resolve) => {
      state.waiters.push({ permits, resolve });
      if (!state.inFlight) this.#lease(key, state);
    });
  }

  /** Keys with local state (leased permits, a known-empty bucket). */
  get keys(): number {
    return this.#keys.size;
  }

  /** Counters for exporters and the fleet view. */
  statistics(): ClusterRateLimitStatistics {
    return {
      name: this.config.name,
      keys: this.#keys.size,
      admitted: this.#admitted,
      admittedLocally: this.#admittedLocally,
      refused: this.#refused,
      roundTrips: this.#roundTrips,
      fallbacks: this.#fallback.count,
      instances: Math.max(1, this.#instances),
    };
  }

  /** Leases the next permits before they run out, unless the bucket is known to be empty. */
  #prefetch(key: string, state: KeyState): void {
    if (this.#redis.runtime.clock.now() >= state.blockedUntil) this.#lease(key, state);
  }

  #lease(key: string, state: KeyState): void {
    const { batch, burst, time } = this.config;
    const now = this.#redis.runtime.clock.now();
    const elapsed = Math.max(1, now - state.requestedAt);
    state.target = Math.min(
      batch,
      Math.max(1, Math.ceil((state.demand * LEASE_HORIZON_MS) / elapsed)),
    );
    state.demand = 0;
    state.requestedAt = now;
    let waiting = 0;
    for (const waiter of state.waiters) waiting += waiter.permits;
    const need = Math.max(1, (state.waiters[0]?.permits ?? 0) - state.held);
    const want = Math.max(need, Math.min(waiting + state.target, batch) - state.held);
    state.inFlight = true;
    this.#keys.touch(key, state);
    const bucketKey = this.#redis.key(`rl:{${this.config.name}}:${key}`);
    const args = [this.#perMs, burst, want, need, time === 'redis' ? -1 : now];
    const keys = [bucketKey, this.#membersKey];
    this.#redis
      .call((client) =>
        tokenBucketScript.run<TokenBucketReply>(client, keys, [
          ...args,
          this.#redis.instanceId,
          MEMBER_TTL_MS,
        ]),
      )
      .then(
        ([granted, milliTokensLeft, instances]) => {
          this.#roundTrips++;
          this.#instances = instances;
          this.#fallback.recovered();
          state.local = undefined;
          this.#settle(key, state, granted, want, need, milliTokensLeft / 1000);
        },
        (error: unknown) => this.#serveLocally(key, state, error),
      );
  }

  #settle(
    key: string,
    state: KeyState,
    granted: number,
    want: number,
    need: number,
    tokensLeft: number,
  ): void {
    state.inFlight = false;
    state.held += granted;
    const now = this.#redis.runtime.clock.now();
    if (granted < want) {
      // The bucket ran dry. Ask again once a lease's worth has refilled for each of the n
      // instances (past one lease, at most half the burst, so no refill overflows unclaimed), jittered
      // when n > 1 so they do not all ask at once: a saturated fleet then costs Redis about one
      // round trip per lease, however many instances it has, instead of one per instance.
      const instances = Math.max(1, this.#instances);
      const lease = Math.max(state.target, need);
      const wanted = Math.max(lease, Math.min(lease * instances, this.config.burst / 2));
      const jitter = instances > 1 ? 0.5 + Math.random() : 1;
      state.blockedUntil = now + Math.ceil(((wanted - tokensLeft) / this.#perMs) * jitter);
    }
    let served = 0;
    for (const waiter of state.waiters) {
      if (state.held < waiter.permits) break;
      state.held -= waiter.permits;
      this.#admitted++;
      served++;
      waiter.resolve(undefined);
    }
    const rest = served === 0 ? state.waiters : state.waiters.slice(served);
    state.waiters = [];
    if (rest.length === 0) return;
    if (granted >= want) {
      // The bucket had more; callers arrived while the lease was in flight.
      state.waiters = rest;
      this.#lease(key, state);
      return;
    }
    const retryAfterMs = state.blockedUntil - now;
    for (const waiter of rest) {
      this.#refused++;
      waiter.resolve(new RateLimitedError(this.config.name, key, retryAfterMs));
    }
  }

  #serveLocally(key: string, state: KeyState, error: unknown): void {
    state.inFlight = false;
    const now = this.#redis.runtime.clock.now();
    if (state.local === undefined) {
      const instances = this.#instances > 0 ? this.#instances : this.config.fleetSizeHint;
      const capacity = Math.max(1, this.config.burst / instances);
      state.local = new TokenBucket(capacity, this.#perMs / instances, now);
    }
    const waiters = state.waiters;
    state.waiters = [];
    for (const waiter of waiters) {
      if (state.held >= waiter.permits) {
        state.held -= waiter.permits;
        this.#admitted++;
        waiter.resolve(undefined);
        continue;
      }
      this.#fallback.fellBack(error);
      const wait = state.local.waitFor(now, waiter.permits);
      if (wait === 0) {
        state.local.take(waiter.permits);
        this.#admittedLocally++;
        waiter.resolve(undefined);
      } else {
        this.#refused++;
        waiter.resolve(new RateLimitedError(this.config.name, key, Math.ceil(wait)));
      }
    }
  }
}
