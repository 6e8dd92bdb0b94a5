import { ConfigError, OptionsReader } from '@ballast/core';
import type { RedisConnection } from '../connection/RedisConnection.js';
import { RedisUnavailableError, RunOnceWaitError } from '../errors.js';
import { Lease } from './Lease.js';
import { acquireScript } from './leaseScripts.js';
import { readRunOnceConfig, type RunOnceOptions, type RunOnceResult } from './RunOnceOptions.js';

/** Options of {@link RedisLeases.lease}. */
export interface LeaseOptions {
  /**
   * Milliseconds to keep trying while another instance holds the lease; 0 answers at once.
   * @default 0
   */
  readonly waitMs?: number;
}

const NAME = /^[A-Za-z0-9._:-]{1,200}$/;

function checkName(name: string, where: string): void {
  if (typeof name !== 'string' || !NAME.test(name))
    throw new ConfigError(`${where}: the name must match ${NAME} (got ${JSON.stringify(name)}).`);
}

function checkTtl(ttlMs: number, where: string): void {
  if (!Number.isInteger(ttlMs) || ttlMs < 100 || ttlMs > 86_400_000)
    throw new ConfigError(
      `${where}: ttlMs must be an integer from 100 to 86400000 (got ${String(ttlMs)}).`,
    );
}

/**
 * Leases and run-once tasks for a fleet sharing a Redis. A lease has one holder at a time,
 * renews itself, and carries a fencing token that grows with every grant. Unlike the other
 * parts, leases have no local fallback (a lease nobody else can see guards nothing): without
 * Redis, `lease` and `runOnce` fail with `RedisUnavailableError` or keep waiting.
 *
 * @example
 * ```ts
 * const leases = new RedisLeases(redis);
 * const lease = await leases.lease('nightly-report', 30_000);
 * if (lease) {
 *   try { await buildReport({ signal: lease.signal, fence: lease.token }); } finally { await lease.release(); }
 * }
 * await leases.runOnce('seed-plans', { scope: 'deploy', version: process.env.RELEASE! }, () => seedPlans());
 * ```
 */
export class RedisLeases {
  readonly #redis: RedisConnection;

  constructor(redis: RedisConnection) {
    this.#redis = redis;
  }

  /**
   * Takes the lease `name` for `ttlMs` (renewed automatically) if nobody holds it; resolves
   * undefined when another instance still holds it after `waitMs`.
   * @throws RedisUnavailableError when Redis cannot be reached.
   * @throws ConfigError (`BALLAST_ERR_CONFIG`) for a bad name, `ttlMs` or `waitMs`.
   */
  async lease(name: string, ttlMs: number, options: LeaseOptions = {}): Promise<Lease | undefined> {
    checkName(name, 'lease');
    checkTtl(ttlMs, 'lease');
    const waitMs = new OptionsReader('lease', options, ['waitMs']).number('waitMs', 0, {
      integer: true,
      min: 0,
      max: 86_400_000,
    });
    const clock = this.#redis.runtime.clock;
    const giveUpAt = clock.now() + waitMs;
    for (;;) {
      const outcome = await this.#acquire(name, ttlMs, '');
      if (typeof outcome !== 'number') return outcome instanceof Lease ? outcome : undefined;
      const now = clock.now();
      if (now >= giveUpAt) return undefined;
      await this.#sleep(Math.min(Math.max(outcome, 10), ttlMs / 4, giveUpAt - now));
    }
  }

  /**
   * Runs `task` exactly as often as `scope` says, across the fleet: `global` once ever, `deploy`
   * once per `version` (on one instance), `instance` once per instance and `version`. One
   * instance runs it under a lease while the others wait for it to be done; if that instance dies
   * halfway, its lease expires and a waiting one runs the task again from the start (make the task
   * idempotent, or guard its writes with `lease.token`). Resolves once the task is done anywhere.
   * A task that throws is not marked done: the error reaches the caller, and a later call (here
   * or elsewhere) runs it again. If this instance lost the lease while the task ran (it paused
   * past the TTL), marking it done fails with `FencedWriteError`: another instance may have run it.
   *
   * @example
   * ```ts
   * const { ran } = await leases.runOnce('migrate-orders', { scope: 'global' }, async (lease) => {
   *   await migrate({ fence: lease.token });
   * });
   * ```
   */
  async runOnce(
    name: string,
    options: RunOnceOptions,
    task: (lease: Lease) => unknown,
  ): Promise<RunOnceResult> {
    checkName(name, 'runOnce');
    const config = readRunOnceConfig(options);
    const scoped =
      config.scope === 'global'
        ? `once:${name}`
        : config.scope === 'deploy'
          ? `once:${name}:deploy:${config.version}`
          : `once:${name}:instance:${this.#redis.instanceId}:${config.version ?? ''}`;
    const doneKey = this.#redis.key(`lease:{${scoped}}:done`);
    const clock = this.#redis.runtime.clock;
    const giveUpAt = clock.now() + config.maxWaitMs;
    let lastError: unknown;
    for (;;) {
      let outcome: Lease | number | 'done';
      try {
        outcome = await this.#acquire(scoped, config.ttlMs, doneKey);
        lastError = undefined;
      } catch (error) {
        lastError = error;
        outcome = config.pollMs;
      }
      if (outcome === 'done') return { ran: false };
      if (outcome instanceof Lease) {
        try {
          await task(outcome);
        } catch (error) {
          await outcome.release().catch(() => undefined);
          throw error;
        }
        await outcome.guardedWrite(
          `lease:{${scoped}}:done`,
          JSON.stringify({
            by: this.#redis.instanceId,
            token: outcome.token,
            at: clock.now(),
          }),
        );
        await outcome.release();
        return { ran: true, token: outcome.token };
      }
      const now = clock.now();
      if (now >= giveUpAt) {
        throw lastError ?? new RunOnceWaitError(name, config.maxWaitMs);
      }
      await this.#sleep(Math.min(Math.max(outcome, 10), config.pollMs, giveUpAt - now));
    }
  }

  /** A granted lease, `'done'`, or the milliseconds another holder still has. */
  async #acquire(name: string, ttlMs: number, doneKey: string): Promise<Lease | number | 'done'> {
    const holderKey = this.#redis.key(`lease:{${name}}`);
    const tokenKey = this.#redis.key(`lease:{${name}}:token`);
    const sentAt = this.#redis.runtime.clock.now();
    let reply: number[];
    try {
      reply = await this.#redis.call((client) =>
        acquireScript.run<number[]>(
          client,
          [holderKey, tokenKey, doneKey || tokenKey + ':none'],
          [this.#redis.instanceId, ttlMs],
        ),
      );
    } catch (error) {
      throw new RedisUnavailableError(`lease "${name}"`, error);
    }
    const [token, pttl] = reply;
    if (token === -1) return 'done';
    if (token === 0) return pttl!;
    return new Lease(this.#redis, name, token!, ttlMs, sentAt);
  }

  #sleep(ms: number): Promise<void> {
    // runOnce's caller awaits this wait: it keeps the process alive, as setTimeout would.
    return new Promise((resolve) => this.#redis.runtime.scheduler.schedule(ms, resolve, true));
  }
}
