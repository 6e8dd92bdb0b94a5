import type { TargetHealth } from './TargetHealth.js';

/**
 * Who inspects. Alone, always this instance; with a Redis shared by several instances, the one
 * holding a lease, which also shares each target's health so the next holder carries on
 * where it stopped.
 */
export interface InspectionLease {
  /**
   * True while this instance may inspect (taking the lease if it is free); `fresh` when it has
   * just been taken, so the fleet's health should be read first.
   */
  hold(): Promise<{ readonly held: boolean; readonly fresh: boolean }>;
  /** The fleet's last word on `target`, if shared. */
  read(target: string): Promise<TargetHealth | undefined>;
  /** Shares `target`'s health; false when the lease was lost meanwhile (another holder exists). */
  write(target: string, health: TargetHealth): Promise<boolean>;
  /** Gives the lease up (at shutdown). */
  release(): Promise<void>;
}

/** Inspecting alone: always held, nothing shared. */
export const soloInspection: InspectionLease = {
  hold: () => Promise.resolve({ held: true, fresh: false }),
  read: () => Promise.resolve(undefined),
  write: () => Promise.resolve(true),
  release: () => Promise.resolve(),
};
