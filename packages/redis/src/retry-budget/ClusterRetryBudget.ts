import { OptionsReader, type ScheduledTask } from '@ballast/core';
import type { RetryBudgetOptions } from '@ballast/resilience';
import type { FallbackCounter } from '../connection/FallbackCounter.js';
import type { RedisConnection } from '../connection/RedisConnection.js';
import { retryBudgetScript } from './retryBudgetScript.js';
import { SlotCounts } from './SlotCounts.js';

/** Options of {@link ClusterRetryBudget}: the local budget's, plus the fleet's. */
export interface ClusterRetryBudgetOptions extends RetryBudgetOptions {
  /** The budget's name; processes using the same name share it. Required. */
  readonly name: string;
  /**
   * Milliseconds between syncs with Redis (one round trip each, never one per call).
   * @default 1000
   */
  readonly syncIntervalMs?: number;
  /**
   * Whose clock places counts in time slots: the Redis server's, or the runtime's (tests).
   * @default 'redis'
   */
  readonly time?: 'redis' | 'runtime';
}

/** Statistics of a {@link ClusterRetryBudget}. */
export interface ClusterRetryBudgetStatistics {
  readonly name: string;
  /** The fleet's calls and retries in the window, as of the last sync. */
  readonly fleetCalls: number;
  readonly fleetRetries: number;
  readonly instances: number;
  readonly granted: number;
  readonly refused: number;
  /** Retry decisions taken on local counts because the fleet's were stale. */
  readonly fallbacks: number;
}

const KEYS = [
  'name',
  'ratio',
  'minRetriesPerSecond',
  'windowMs',
  'syncIntervalMs',
  'time',
] as const satisfies readonly (keyof ClusterRetryBudgetOptions)[];
const MEMBER_TTL_MS = 60_000;

/**
 * A retry budget for the whole fleet: retries stay within `ratio × fleet calls +
 * minRetriesPerSecond × window seconds` over the sliding window, counted across every process
 * on the same name. Each process counts locally and syncs its counts to Redis every
 * `syncIntervalMs` (a Lua script adds them to a time slot and returns the fleet's totals); between
 * syncs it may spend `1/n` of the fleet's headroom at the last sync (`n` = instances seen) plus
 * `ratio` × its own calls since. Over one sync interval the fleet therefore retries at most its
 * headroom plus `ratio` × its new calls.
 *
 * **Redis down.** When the last good sync is older than three intervals, decisions use this
 * process's own window: `ratio × local calls + minRetriesPerSecond × window seconds / n`.
 * Counts made meanwhile are sent with the next good sync.
 *
 * @example
 * ```ts
 * const budget = new ClusterRetryBudget(redis, { name: 'payments', ratio: 0.1 });
 * budget.start();
 * budget.recordCall();
 * if (failed && budget.tryAcquire()) retry();
 * ```
 */
export class ClusterRetryBudget {
  readonly name: string;
  readonly #redis: RedisConnection;
  readonly #ratio: number;
  readonly #floor: number;
  readonly #syncIntervalMs: number;
  readonly #time: 'redis' | 'runtime';
  readonly #slotMs: number;
  readonly #slots: number;
  readonly #local: SlotCounts;
  readonly #fallback: FallbackCounter;
  #unsentCalls = 0;
  #unsentRetries = 0;
  #fleetCalls = 0;
  #fleetRetries = 0;
  #instances = 1;
  #syncedAt = -Infinity;
  #granted = 0;
  #refused = 0;
  #task: ScheduledTask | undefined;
  #stopped = false;

  constructor(redis: RedisConnection, options: ClusterRetryBudgetOptions) {
    const read = new OptionsReader('ClusterRetryBudget', options, KEYS);
    if (!read.has('name')) read.fail('name', 'given: the budget shared by every process');
    this.name = read.string('name', '');
    this.#ratio = read.number('ratio', 0.2, { min: 0, max: 10 });
    const windowMs = read.number('windowMs', 10_000, { integer: true, min: 100, max: 3_600_000 });
    this.#floor =
      read.number('minRetriesPerSecond', 10, { min: 0, max: 1_000_000 }) * (windowMs / 1_000);
    this.#syncIntervalMs = read.number('syncIntervalMs', 1_000, {
      integer: true,
      min: 10,
      max: windowMs,
    });
    this.#time = read.oneOf('time', 'redis', ['redis', 'runtime'] as const);
    this.#slotMs = this.#syncIntervalMs;
    this.#slots = Math.ceil(windowMs / this.#slotMs);
    this.#local = new SlotCounts(this.#slotMs, this.#slots);
    this.#redis = redis;
    this.#fallback = redis.fallbackCounter('retryBudget', this.name);
    redis.runtime.onDispose(() => this.stop());
  }

  /** Counts a logical call (not a retry). */
  recordCall(): void {
    this.#unsentCalls++;
    this.#local.advance(this.#redis.runtime.clock.now());
    this.#local.add(1, 0);
  }

  /** Takes one retry from the fleet's budget; false when none is left. */
  tryAcquire(): boolean {
    const now = this.#redis.runtime.clock.now();
    this.#local.advance(now);
    let allowance: number;
    if (now - this.#syncedAt <= 3 * this.#syncIntervalMs) {
      const headroom = this.#ratio * this.#fleetCalls + this.#floor - this.#fleetRetries;
      allowance =
        headroom / this.#instances + this.#ratio * this.#unsentCalls - this.#unsentRetries;
    } else {
      this.#fallback.fellBack(new Error('no sync with Redis within three intervals'));
      allowance =
        this.#ratio * this.#local.calls + this.#floor / this.#instances - this.#local.retries;
    }
    if (allowance < 1) {
      this.#refused++;
      return false;
    }
    this.#unsentRetries++;
    this.#local.add(0, 1);
    this.#granted++;
    return true;
  }

  /** Syncs now and every `syncIntervalMs` until {@link ClusterRetryBudget.stop}. */
  start(): void {
    if (this.#task !== undefined || this.#stopped) return;
    const tick = (): void => {
      void this.sync();
      if (!this.#stopped)
        this.#task = this.#redis.runtime.scheduler.schedule(this.#syncIntervalMs, tick);
    };
    tick();
  }

  /** Sends this process's counts and reads the fleet's; false when Redis could not be reached. */
  async sync(): Promise<boolean> {
    const calls = this.#unsentCalls;
    const retries = this.#unsentRetries;
    const sentAt = this.#redis.runtime.clock.now();
    try {
      const [fleetCalls, fleetRetries, instances] = await this.#redis.call((client) =>
        retryBudgetScript.run<number[]>(
          client,
          [this.#redis.key(`rb:{${this.name}}`)],
          [
            this.#slotMs,
            this.#slots,
            calls,
            retries,
            this.#time === 'redis' ? -1 : sentAt,
            this.#redis.instanceId,
            MEMBER_TTL_MS,
          ],
        ),
      );
      this.#unsentCalls -= calls;
      this.#unsentRetries -= retries;
      this.#fleetCalls = fleetCalls!;
      this.#fleetRetries = fleetRetries!;
      this.#instances = Math.max(1, instances!);
      this.#syncedAt = sentAt;
      this.#fallback.recovered();
      return true;
    } catch {
      return false; // counted when a decision has to fall back
    }
  }

  /** Stops syncing. Also done by `runtime.dispose()`. */
  stop(): void {
    this.#stopped = true;
    this.#task?.cancel();
  }

  /** Counters for the fleet view. */
  statistics(): ClusterRetryBudgetStatistics {
    return {
      name: this.name,
      fleetCalls: this.#fleetCalls,
      fleetRetries: this.#fleetRetries,
      instances: this.#instances,
      granted: this.#granted,
      refused: this.#refused,
      fallbacks: this.#fallback.count,
    };
  }
}
