import {
  currentDeadline,
  type Runtime,
  RuntimeDisposedError,
  type ScheduledTask,
} from '@ballast/core';
import { cancelledError } from '../call/cancellation.js';
import { runHook } from '../call/runHook.js';
import { KeyedInstances } from '../circuit-breaker/KeyedInstances.js';
import type { RateLimitConfig, RateLimitRejectedEvent } from './RateLimit.js';
import type { SharedRateLimit } from './RateLimitBackend.js';
import { RateLimitedError } from './RateLimitedError.js';
import { TokenBucket } from './TokenBucket.js';

interface Sleeper {
  readonly booking: Booking;
  readonly reject: (error: unknown) => void;
  task: ScheduledTask | undefined;
  readonly signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

/**
 * A wait for a token: booked ahead in a local bucket (given back if the call leaves first), or
 * until a shared limit is worth asking again (no bucket).
 */
export interface Booking {
  readonly ms: number;
  readonly bucket: TokenBucket | undefined;
}

/** Rounds a wait up to whole ms, ignoring the float error of the refill arithmetic. */
function ceilMs(ms: number): number {
  return Math.ceil(ms - 1e-9 * Math.max(1, ms));
}

/**
 * The buckets behind one rate-limit name: one bucket, or one per key (bounded like keyed
 * breakers), or a backend's shared limit. Counts are per name.
 */
export class RateLimiter {
  /** Calls let through at once. */
  permitted = 0;
  /** Calls let through after waiting for their token. */
  delayed = 0;
  /** Calls refused. */
  rejected = 0;
  /** Calls whose caller cancelled them before or while they waited for a token. */
  cancelled = 0;
  /** Times an `onRejected` hook threw. */
  hookErrors = 0;
  #config: RateLimitConfig;
  #single: TokenBucket | undefined;
  #keyed: KeyedInstances<TokenBucket> | undefined;
  #shared: SharedRateLimit | undefined;
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
      for (const sleeper of [...this.#sleepers]) {
        this.#wake(sleeper);
        sleeper.reject(error);
      }
    });
  }

  /** The options in force. */
  get config(): RateLimitConfig {
    return this.#config;
  }

  /** Calls waiting now for their token (booked ahead, or until a shared limit is worth asking again). */
  get waiting(): number {
    return this.#sleepers.size;
  }

  /** Whole tokens free now in the one local bucket; undefined when keyed or shared. */
  availableTokens(): number | undefined {
    const bucket = this.#single;
    if (bucket === undefined) return undefined;
    const tokens = bucket.tokensAt(this.#runtime.clock.now());
    return tokens <= 0 ? 0 : Math.floor(tokens + 1e-9 * tokens);
  }

  /** Live buckets (1 when not keyed; as the backend reports for a shared limit). */
  get keys(): number {
    return this.#keyed?.size ?? this.#shared?.keys ?? 1;
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
      config.backend !== before.backend ||
      config.key !== before.key ||
      config.maxKeys !== before.maxKeys ||
      config.keyIdleTtl !== before.keyIdleTtl
    ) {
      this.#build();
      return;
    }
    if (config.backend !== undefined) {
      if (
        config.rate !== before.rate ||
        config.interval !== before.interval ||
        config.burst !== before.burst
      )
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
   * Takes a token for a call with these arguments. Returns 0 to go now, a {@link Booking} to
   * wait for, or a {@link RateLimitedError} when refused.
   */
  acquire(args: unknown[]): 0 | Booking | RateLimitedError {
    const config = this.#config;
    let key: string | undefined;
    let bucket = this.#single;
    if (bucket === undefined) {
      key = this.#keyOf(args);
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
    if (wait > config.maxWait || (deadline !== undefined && now + wait > deadline))
      return this.#refuse(key, ceilMs(wait));
    bucket.take();
    this.delayed++;
    return { ms: wait, bucket };
  }

  /**
   * Takes a permit from the backend's shared limit, waiting (up to `maxWait` and the call-context
   * deadline, on the runtime's scheduler) while it refuses. Rejects with the
   * {@link RateLimitedError} when refused, or a `CancelledError` when `signal` aborts first.
   */
  async acquireShared(args: unknown[], signal: AbortSignal | undefined): Promise<void> {
    const { key: keyOf, maxWait } = this.#config;
    const key = keyOf === undefined ? undefined : this.#keyOf(args);
    const clock = this.#runtime.clock;
    const startedAt = clock.now();
    for (let attempt = 0; ; attempt++) {
      const refused = await this.#askShared(key ?? '', signal);
      if (refused === undefined) {
        if (attempt === 0) this.permitted++;
        else this.delayed++;
        return;
      }
      // A backend that answers "now" while refusing must not make this loop spin.
      const wait = Math.max(1, ceilMs(refused.retryAfterMs));
      const now = clock.now();
      const deadline = currentDeadline();
      if (now - startedAt + wait > maxWait || (deadline !== undefined && now + wait > deadline))
        throw this.#refuse(key, wait);
      await this.sleep({ ms: wait, bucket: undefined }, signal);
    }
  }

  /** The backend's answer, or a `CancelledError` as soon as `signal` aborts (the permit, if granted later, is lost: never over-admits). */
  #askShared(
    key: string,
    signal: AbortSignal | undefined,
  ): Promise<{ readonly retryAfterMs: number } | undefined> {
    const pending = this.#shared!.acquire(key);
    if (signal === undefined) return pending;
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        this.cancelled++;
        reject(cancelledError(this.#runtime, 'RateLimit', this.name, signal.reason));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      const settle = (): void => signal.removeEventListener('abort', onAbort);
      pending.then(
        (outcome) => {
          settle();
          resolve(outcome);
        },
        (error: unknown) => {
          settle();
          reject(error);
        },
      );
    });
  }

  /**
   * Resolves when the booked token is due, on the runtime's scheduler. Rejected if the runtime
   * is disposed first, or if `signal` aborts (the token is given back).
   */
  sleep(booking: Booking, signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const sleeper: Sleeper = { booking, reject, task: undefined, signal, onAbort: undefined };
      sleeper.task = this.#runtime.scheduler.schedule(
        booking.ms,
        () => {
          this.#wake(sleeper);
          resolve();
        },
        true,
      );
      if (signal !== undefined) {
        sleeper.onAbort = () => {
          this.#wake(sleeper);
          booking.bucket?.giveBack();
          this.cancelled++;
          reject(cancelledError(this.#runtime, 'RateLimit', this.name, signal.reason));
        };
        signal.addEventListener('abort', sleeper.onAbort, { once: true });
      }
      this.#sleepers.add(sleeper);
    });
  }

  #wake(sleeper: Sleeper): void {
    this.#sleepers.delete(sleeper);
    sleeper.task?.cancel();
    if (sleeper.onAbort !== undefined) {
      sleeper.signal!.removeEventListener('abort', sleeper.onAbort);
      sleeper.onAbort = undefined;
    }
  }

  #refuse(key: string | undefined, retryAfterMs: number): RateLimitedError {
    this.rejected++;
    const hook = this.#config.onRejected;
    const events = this.#runtime.events;
    if (hook !== undefined || events.has('rate-limit.rejected')) {
      const event: RateLimitRejectedEvent = { policy: this.name, key, retryAfterMs };
      runHook(hook, event, this);
      events.emit('rate-limit.rejected', event);
    }
    return new RateLimitedError(this.name, key, retryAfterMs);
  }

  #keyOf(args: unknown[]): string {
    const raw = this.#config.key!(args);
    return typeof raw === 'string' ? raw : String(raw);
  }

  #build(): void {
    const { key, maxKeys, keyIdleTtl, backend, rate, interval, burst } = this.#config;
    this.#keyed?.clear();
    this.#shared = backend?.limit(this.name, { rate, interval, burst });
    if (backend !== undefined) {
      this.#single = undefined;
      this.#keyed = undefined;
    } else if (key === undefined) {
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
