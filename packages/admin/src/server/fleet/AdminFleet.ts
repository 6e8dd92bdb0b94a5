import type { BreakerSummary } from '@ballast/resilience';

/** One live instance of the fleet, as its last heartbeat described it. */
export interface FleetInstance {
  readonly instanceId: string;
  readonly host: string;
  readonly pid: number;
  /** Epoch ms the instance started. */
  readonly startedAt: number;
  /** Epoch ms of its last heartbeat. */
  readonly at: number;
  readonly breakers: readonly BreakerSummary[];
  /** What the application added (version, region, …). */
  readonly extra: Readonly<Record<string, unknown>>;
}

/**
 * The fleet an admin API controls and shows: commands that reach every instance sharing a
 * coordination store, and the list of live instances. `FleetControl` from `@ballast/redis`
 * satisfies it (a command bus and heartbeats on Redis); typed structurally so the admin package
 * needs no Redis client.
 *
 * Each command is applied on this instance at once and resolves with the fleet's revision of
 * it, or 0 when the store was unreachable (applied here only, sent when it is back).
 */
export interface AdminFleet {
  /** This instance's id in the fleet. */
  readonly instanceId: string;
  forceOpen(name: string, key?: string): Promise<number>;
  close(name: string, key?: string): Promise<number>;
  disable(name: string, key?: string): Promise<number>;
  metricsOnly(name: string, key?: string): Promise<number>;
  reset(name: string, key?: string): Promise<number>;
  /** Switches a flag on every instance (their `fleet` flag layer). */
  setEnabled(key: string, enabled: boolean, actor: string): Promise<number>;
  /** The live instances; rejects (503) when the store cannot be read. */
  instances(): Promise<readonly FleetInstance[]>;
}
