import { hostname } from 'node:os';
import { OptionsReader, type ScheduledTask } from '@ballast/core';
import { breakerRegistry, type BreakerSummary } from '@ballast/resilience';
import type { FallbackCounter } from '../connection/FallbackCounter.js';
import type { RedisConnection, RedisConnectionStatistics } from '../connection/RedisConnection.js';

/** What one instance reports about itself in each heartbeat. */
export interface InstanceSummary {
  readonly instanceId: string;
  readonly host: string;
  readonly pid: number;
  /** Epoch ms. */
  readonly startedAt: number;
  /** Epoch ms of this heartbeat. */
  readonly at: number;
  readonly breakers: readonly BreakerSummary[];
  readonly redis: RedisConnectionStatistics;
  /** What the `summary` option added. */
  readonly extra: Readonly<Record<string, unknown>>;
}

/** Options of {@link FleetHeartbeat}. */
export interface FleetHeartbeatOptions {
  /** Milliseconds between heartbeats, an integer from 100 to 600000. @default 2000 */
  readonly intervalMs?: number;
  /** Adds app facts to each heartbeat (version, region, command revision). Must be JSON-safe. */
  readonly summary?: () => Readonly<Record<string, unknown>>;
}

/**
 * Publishes this instance's summary every `intervalMs` (kept for three intervals) and lists the
 * live fleet from Redis, so an admin view shows every instance, where it runs and what state its
 * breakers are in. An instance that stops beating drops out after three intervals.
 *
 * @example
 * ```ts
 * const heartbeat = new FleetHeartbeat(redis, { summary: () => ({ version: release }) });
 * heartbeat.start();
 * const fleet = await heartbeat.list(); // [{ instanceId, host, pid, breakers, … }]
 * ```
 */
export class FleetHeartbeat {
  readonly #redis: RedisConnection;
  readonly #intervalMs: number;
  readonly #summary: () => Readonly<Record<string, unknown>>;
  readonly #fallback: FallbackCounter;
  readonly #startedAt = Date.now();
  readonly #membersKey: string;
  #task: ScheduledTask | undefined;
  #stopped = false;

  /** @throws ConfigError (`BALLAST_ERR_CONFIG`) for an unknown option or a bad value. */
  constructor(redis: RedisConnection, options: FleetHeartbeatOptions = {}) {
    const read = new OptionsReader('FleetHeartbeat', options, ['intervalMs', 'summary']);
    this.#redis = redis;
    this.#intervalMs = read.number('intervalMs', 2_000, { integer: true, min: 100, max: 600_000 });
    this.#summary = read.func<() => Readonly<Record<string, unknown>>>('summary') ?? (() => ({}));
    this.#fallback = redis.fallbackCounter('fleet', 'heartbeat');
    this.#membersKey = redis.key('fleet:members');
    redis.runtime.onDispose(() => this.stop());
  }

  /** This instance's summary now. */
  summary(): InstanceSummary {
    return {
      instanceId: this.#redis.instanceId,
      host: hostname(),
      pid: process.pid,
      startedAt: this.#startedAt,
      at: Date.now(),
      breakers: breakerRegistry(this.#redis.runtime).list(),
      redis: this.#redis.statistics(),
      extra: this.#summary(),
    };
  }

  /** Beats now and every `intervalMs` until {@link FleetHeartbeat.stop}. */
  start(): void {
    if (this.#task !== undefined || this.#stopped) return;
    const tick = (): void => {
      void this.beat();
      if (!this.#stopped)
        this.#task = this.#redis.runtime.scheduler.schedule(this.#intervalMs, tick);
    };
    tick();
  }

  /** Writes one heartbeat; false when Redis could not be reached (counted). */
  async beat(): Promise<boolean> {
    const id = this.#redis.instanceId;
    const text = JSON.stringify(this.summary());
    try {
      await this.#redis.call((client) =>
        client
          .multi()
          .set(this.#redis.key(`fleet:instance:${id}`), text, { PX: this.#intervalMs * 3 })
          .sAdd(this.#membersKey, id)
          .exec(),
      );
      this.#fallback.recovered();
      return true;
    } catch (error) {
      this.#fallback.fellBack(error);
      return false;
    }
  }

  /** The live instances (beat within three intervals), by instance id; forgets dead ones. */
  async list(): Promise<InstanceSummary[]> {
    return this.#redis.call(async (client) => {
      const ids = (await client.sMembers(this.#membersKey)).sort();
      if (ids.length === 0) return [];
      const texts = await client.mGet(ids.map((id) => this.#redis.key(`fleet:instance:${id}`)));
      const gone = ids.filter((_, index) => texts[index] === null);
      // Forgetting the dead is housekeeping: a server refusing writes (a replica) still lists.
      if (gone.length > 0) await client.sRem(this.#membersKey, gone).catch(() => undefined);
      return texts.flatMap((text) => (text === null ? [] : [JSON.parse(text) as InstanceSummary]));
    });
  }

  /** Stops beating; the instance drops out of the list after three intervals. */
  stop(): void {
    this.#stopped = true;
    this.#task?.cancel();
  }
}
