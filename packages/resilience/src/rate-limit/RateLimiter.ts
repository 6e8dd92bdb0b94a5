import {
  currentDeadline,
  type Runtime,
  RuntimeDisposedError,
  type ScheduledTask,
} from '@ballast/core';
import { KeyedInstances } from '../circuit-breaker/KeyedInstances.js';
import type { RateLimitConfig } from './RateLimit.js';
import { RateLimitedError } from './RateLimitedError.js';
import { TokenBucket } from './TokenBucket.js';

interface Sleeper {
  readonly task: ScheduledTask;
  readonly reject: (error: unknown) => void;
}

/**
 * The buckets behind one rate-limit name: one bucket, or one per key (bounded like keyed
 * breakers). Counts are per name.
 */
export class RateLimiter {
  /** Calls let through at once. */
  permitted = 0;
  /** Calls let through after waiting for their token. */
  delayed = 0;
  /** Calls refused. */
  rejected = 0;
  #config: RateLimitConfig;
  #single: TokenBucket | undefined;
  #keyed: KeyedInstances<TokenBucket> | undefined;
  readonly #runtime: Runtime;
  readonly #sleepers = new Set<Sleeper>();

  constructor(
    readonly name: string,
    config: RateLimitConfig,
    runtime: Runtime,
  ) {
    this.#runtime = runtime;
    this.#config = config;
    this.#build();
    runtime.onDispose(() => {
      const error = new RuntimeDisposedError();
      for (const sleeper of this.#sleepers) sleeper.reject(error);
      this.#sleepers.clear();
    });
  }

  /** The options in force. */
  get config(): RateLimitConfig {
    return this.#config;
  }

  /** Live buckets (1 when not keyed). */
  get keys(): number {
    return this.#keyed?.size ?? 1;
  }

  /**
   * Adopts new options (hot reload). Buckets keep their tokens: permits spent before stay
   * spent and the new rate and burst apply from now on. A new key function or key bounds start
   * fresh buckets (old keys cannot be mapped to new ones).
   */
  reconfigure(config: RateLimitConfig): void {
    const before = this.#config;
    if (config === before) return;
    this.#config = config;
    if (
      config.key !== before.key ||
      config.maxKeys !== before.maxKeys ||
      config.keyIdleTtl !== before.keyIdleTtl
    ) {
      this.#build();
      return;
    }
    const now = this.#runtime.clock.now();
    const perMs = config.rate / config.interval;
    this.#single?.reconfigure(config.burst, perMs, now);
    if (this.#keyed !== undefined)
      for (const [, bucket] of this.#keyed.entries()) bucket.reconfigure(config.burst, perMs, now);
  }

  /**
   * Takes a token for a call with these arguments. Returns 0 to go now, the milliseconds to
   * wait for a booked token, or a {@link RateLimitedError} when refused.
   */
  acquire(args: unknown[]): number | RateLimitedError {
    const config = this.#config;
    let key: string | undefined;
    let bucket = this.#single;
    if (bucket === undefined) {
      const raw = config.key!(args);
      key = typeof raw === 'string' ? raw : String(raw);
      bucket = this.#keyed!.get(key);
    }
    const now = this.#runtime.clock.now();
    const wait = bucket.waitFor(now);
    if (wait === 0) {
      bucket.take();
      this.permitted++;
      return 0;
    }
    const deadline = wait <= config.maxWait ? currentDeadline() : undefined;
    if (wait > config.maxWait || (deadline !== undefined && now + wait > deadline)) {
      this.rejected++;
      return new RateLimitedError(this.name, key, Math.ceil(wait));
    }
    bucket.take();
    this.delayed++;
    return wait;
  }

  /** Resolves after `ms` on the runtime's scheduler; rejected if the runtime is disposed first. */
  sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const sleeper: Sleeper = {
        reject,
        task: this.#runtime.scheduler.schedule(
          ms,
          () => {
            this.#sleepers.delete(sleeper);
            resolve();
          },
          true,
        ),
      };
      this.#sleepers.add(sleeper);
    });
  }

  #build(): void {
    const { key, maxKeys, keyIdleTtl } = this.#config;
    this.#keyed?.clear();
    if (key === undefined) {
      this.#single = this.#newBucket();
      this.#keyed = undefined;
    } else {
      this.#single = undefined;
      this.#keyed = new KeyedInstances(this.#runtime, maxKeys, keyIdleTtl, () => this.#newBucket());
    }
  }

  /** A full bucket with the limits in force now. */
  #newBucket(): TokenBucket {
    const { rate, interval, burst } = this.#config;
    return new TokenBucket(burst, rate / interval, this.#runtime.clock.now());
  }
}
