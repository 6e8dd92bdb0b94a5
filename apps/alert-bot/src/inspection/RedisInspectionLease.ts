import { FencedWriteError, type Lease, type RedisConnection, RedisLeases } from '@ballast/redis';
import type { InspectionLease } from './InspectionLease.js';
import type { TargetHealth } from './TargetHealth.js';

/** Name of the lease the fleet's inspecting instance holds. */
export const INSPECTION_LEASE = 'alert-bot.inspection';

/**
 * Inspection for a fleet sharing a Redis: the instance holding the `alert-bot.inspection`
 * lease (renewed by `@ballast/redis` every third of its TTL) probes and alerts; the others
 * try to take it at each of their rounds, so a holder that dies is replaced within its TTL
 * plus a round. Each check's health is written fenced by the lease's token, so a holder that
 * paused past its lease cannot overwrite its successor's, and a new holder reads it first.
 * When Redis cannot be reached, every instance inspects on its own: duplicate alerts are
 * better than none.
 */
export class RedisInspectionLease implements InspectionLease {
  readonly #leases: RedisLeases;
  #lease: Lease | undefined;

  constructor(
    private readonly redis: RedisConnection,
    private readonly ttlMs: number,
  ) {
    this.#leases = new RedisLeases(redis);
  }

  async hold(): Promise<{ held: boolean; fresh: boolean }> {
    if (this.#lease !== undefined && !this.#lease.lost) return { held: true, fresh: false };
    this.#lease = undefined;
    try {
      this.#lease = await this.#leases.lease(INSPECTION_LEASE, this.ttlMs);
    } catch {
      return { held: true, fresh: false }; // Redis unreachable: inspect alone
    }
    return { held: this.#lease !== undefined, fresh: this.#lease !== undefined };
  }

  async read(target: string): Promise<TargetHealth | undefined> {
    try {
      const text = await this.redis.call((client) => client.get(this.#key(target)));
      return typeof text === 'string' ? (JSON.parse(text) as TargetHealth) : undefined;
    } catch {
      return undefined;
    }
  }

  async write(target: string, health: TargetHealth): Promise<boolean> {
    const lease = this.#lease;
    if (lease === undefined) return true;
    try {
      await lease.guardedWrite(`inspection:${target}`, JSON.stringify(health));
      return true;
    } catch (error) {
      // Refused: another instance holds the lease now. Anything else: Redis is unreachable.
      return !FencedWriteError.is(error);
    }
  }

  async release(): Promise<void> {
    const lease = this.#lease;
    this.#lease = undefined;
    await lease?.release().catch(() => undefined);
  }

  #key(target: string): string {
    return this.redis.key(`inspection:${target}`);
  }
}
