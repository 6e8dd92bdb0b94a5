import type { Clock } from '@ballast/core';
import type { ExecutionRecord } from './ExecutionRecord.js';
import type { Runbook } from './RunbookDefinition.js';

/** A lease held for one self-recovery run (`Lease` from `@ballast/redis`). */
export interface RunbookLease {
  /** Gives the lease up; with `afterMs`, lets it expire then (the fleet's cool-down). */
  release(options?: { readonly afterMs?: number }): Promise<unknown>;
}

/**
 * Leases shared by a fleet (`RedisLeases` from `@ballast/redis`): one holder at a time per name,
 * renewed while held. Typed structurally so the admin package needs no Redis client.
 */
export interface RunbookLeases {
  /** The lease `name` for `ttlMs`, or undefined while another instance holds it. */
  lease(name: string, ttlMs: number): Promise<RunbookLease | undefined>;
}

/** How long a dead holder keeps the others from acting (the lease renews while it lives). */
const LEASE_TTL_MS = 15_000;

/**
 * Starts `SELF_RECOVERY` runbooks for a fleet: the instance that takes the runbook's lease
 * (`runbook.<id>`) runs it, and keeps the lease until the cool-down has passed, so one instance
 * acts for the fleet per cool-down. An instance that finds the lease held leaves the run to its
 * holder (counted in `actedElsewhere`). When the lease store cannot be reached the instance acts
 * for itself (counted in `leaseErrors`): a recovery that runs once per instance beats none.
 */
export class FleetLeases {
  /** Runs left to the instance that held the lease. */
  actedElsewhere = 0;
  /** Starts made without a lease because the lease store could not be reached. */
  leaseErrors = 0;

  constructor(
    readonly leases: RunbookLeases,
    readonly clock: Clock,
    readonly run: (runbook: Runbook, reason: string) => ExecutionRecord,
    readonly settled: (executionId: string) => Promise<unknown>,
  ) {}

  /** Starts `runbook` if this instance gets its lease (or the lease store is unreachable). */
  async start(runbook: Runbook, reason: string): Promise<void> {
    let lease: RunbookLease | undefined;
    try {
      lease = await this.leases.lease(`runbook.${runbook.id}`, LEASE_TTL_MS);
    } catch {
      this.leaseErrors++;
      this.run(runbook, `${reason}; lease store unreachable: acting for this instance`);
      return;
    }
    if (lease === undefined) {
      this.actedElsewhere++;
      return;
    }
    const startedAt = this.clock.now();
    const coolDownMs = (runbook.trigger?.coolDownSeconds ?? 0) * 1_000;
    const release = (): Promise<unknown> =>
      lease.release({ afterMs: Math.max(0, coolDownMs - (this.clock.now() - startedAt)) });
    let record: ExecutionRecord;
    try {
      record = this.run(runbook, `${reason}; acting for the fleet`);
    } catch (error) {
      await release().catch(() => undefined);
      throw error;
    }
    await this.settled(record.id)
      .then(release, release)
      .catch(() => undefined);
  }
}
