import type { ScheduledTask } from '@ballast/core';
import type { RedisConnection } from '../connection/RedisConnection.js';
import { FencedWriteError, RedisLeaseLostError } from '../errors.js';
import { guardedScript } from './leaseScripts.js';

/**
 * A lease held in Redis, renewed automatically every third of its TTL until released or lost.
 * Its fencing `token` is higher than every earlier grant of the same name, so the work it
 * guards can refuse a holder that paused past its lease: write through
 * {@link Lease.guardedWrite} (checked in Redis, atomically) or store the token beside your own
 * data and refuse writes that carry a lower one.
 *
 * @example
 * ```ts
 * const lease = await leases.lease('reindex', 15_000);
 * if (lease) {
 *   lease.onLost(() => console.warn('reindex lease lost; stopping'));
 *   for (const batch of batches) {
 *     if (lease.lost) break;
 *     await lease.guardedWrite('reindex:cursor', batch.id); // refused once another holder exists
 *   }
 *   await lease.release();
 * }
 * ```
 */
export class Lease {
  readonly #redis: RedisConnection;
  readonly #holderKey: string;
  readonly #value: string;
  readonly #controller = new AbortController();
  readonly #lostListeners: (() => void)[] = [];
  #renewal: ScheduledTask | undefined;
  /** Last moment (runtime clock) the lease is surely ours: the send time of the last renewal + ttl. */
  #validUntil: number;
  #released = false;

  /** @internal granted by {@link RedisLeases.lease}. */
  constructor(
    redis: RedisConnection,
    /** The lease's name. */
    readonly name: string,
    /** Fencing token: higher for every grant of this name. */
    readonly token: number,
    /** Milliseconds the lease lasts without renewal. */
    readonly ttlMs: number,
    sentAt: number,
  ) {
    this.#redis = redis;
    this.#holderKey = redis.key(`lease:{${name}}`);
    this.#value = `${token}:${redis.instanceId}`;
    this.#validUntil = sentAt + ttlMs;
    this.#scheduleRenewal();
  }

  /** True once the lease expired or was taken; the work it guards must stop. */
  get lost(): boolean {
    return this.#controller.signal.aborted;
  }

  /** Aborted (with a `RedisLeaseLostError`) when the lease is lost; pass it to the guarded work. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Calls `listener` once when the lease is lost (at once if it already is). */
  onLost(listener: () => void): void {
    if (this.lost) listener();
    else this.#lostListeners.push(listener);
  }

  /**
   * Writes `value` to `key` (the connection's prefix is added) only if this lease is still held
   * with this token, checked and written in one Lua step on the server.
   * @throws FencedWriteError when a newer holder exists or the lease expired.
   */
  async guardedWrite(key: string, value: string, options: { ttlMs?: number } = {}): Promise<void> {
    const done = this.#released
      ? 0
      : await this.#run('set', this.#redis.key(key), value, options.ttlMs ?? 0);
    if (done !== 1) {
      this.#markLost();
      throw new FencedWriteError(this.name, this.token);
    }
  }

  /** Renews now; throws `RedisLeaseLostError` when the lease is no longer held. */
  async renew(): Promise<void> {
    const sentAt = this.#redis.runtime.clock.now();
    if ((await this.#run('renew', '', this.ttlMs)) !== 1) {
      this.#markLost();
      throw new RedisLeaseLostError(this.name, this.token);
    }
    this.#validUntil = sentAt + this.ttlMs;
  }

  /**
   * Gives the lease up and stops renewing; false when it had already been lost. With `afterMs`
   * the lease is left to expire then instead of freed now, so nobody else takes it meanwhile (a
   * fleet-wide cool-down after the guarded work); guarded writes are refused from now on.
   *
   * @example
   * ```ts
   * await lease.release({ afterMs: 10 * 60_000 }); // no other instance acts for 10 minutes
   * ```
   */
  async release(options: { readonly afterMs?: number } = {}): Promise<boolean> {
    if (this.#released) return false;
    this.#released = true;
    this.#renewal?.cancel();
    if (this.lost) return false;
    const afterMs = Math.ceil(options.afterMs ?? 0);
    if (afterMs > 0) return (await this.#run('renew', '', afterMs)) === 1;
    return (await this.#run('release', '')) === 1;
  }

  #run(action: string, target: string, ...args: (string | number)[]): Promise<number> {
    return this.#redis.call((client) =>
      guardedScript.run<number>(
        client,
        [this.#holderKey, target || this.#holderKey],
        [this.#value, action, ...args],
      ),
    );
  }

  #scheduleRenewal(): void {
    this.#renewal = this.#redis.runtime.scheduler.schedule(this.ttlMs / 3, () => {
      this.#renew().catch(() => undefined);
    });
  }

  async #renew(): Promise<void> {
    if (this.#released || this.lost) return;
    try {
      await this.renew();
    } catch (error) {
      if (RedisLeaseLostError.is(error)) return;
      // Redis unreachable: keep trying while the lease may still be ours.
      if (this.#redis.runtime.clock.now() >= this.#validUntil) {
        this.#markLost();
        return;
      }
    }
    if (!this.lost && !this.#released) this.#scheduleRenewal();
  }

  #markLost(): void {
    if (this.lost) return;
    this.#renewal?.cancel();
    this.#controller.abort(new RedisLeaseLostError(this.name, this.token));
    for (const listener of this.#lostListeners.splice(0)) {
      try {
        listener();
      } catch {
        // one listener failing must not keep the others from hearing
      }
    }
  }
}
