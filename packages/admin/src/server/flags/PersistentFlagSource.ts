/** Who makes a flag change through the admin API, and why. */
export interface FlagChange {
  /** Recorded in the audit history. */
  readonly actor: string;
  readonly comment?: string;
  /** Optimistic concurrency: the version the caller read (0 = must not exist yet). */
  readonly expectedVersion?: number;
}

/**
 * A flag source that persists and audits changes: synchronous like `SqliteFlagSource` from
 * `@ballast/flags`, or asynchronous like `RedisFlagSource` from `@ballast/redis` (writes return
 * promises; `get` reads what the source last loaded). Typed structurally so the admin package
 * needs neither driver.
 */
export interface PersistentFlagSource {
  /** Layer name in the flag store, e.g. `sqlite:ballast_flags`. */
  readonly source: string;
  /**
   * True when a change written here reaches every instance by itself (`RedisFlagSource`): with
   * a `fleet`, flag switches then go to the source instead of the fleet's commands.
   * @default false
   */
  readonly fleetWide?: boolean;
  get(key: string): { readonly definition: object; readonly version: number } | undefined;
  put(key: string, definition: unknown, change: FlagChange): number | PromiseLike<number>;
  delete(key: string, change: FlagChange): number | PromiseLike<number>;
  /** Audit entries, newest first. */
  history(key?: string, limit?: number): readonly unknown[] | PromiseLike<readonly unknown[]>;
}

/** One in-memory audit entry, kept when no persistent source is configured. */
export interface FlagAuditRecord {
  readonly key: string;
  readonly action: 'update' | 'delete';
  readonly definition: unknown;
  readonly previous: unknown;
  readonly changedBy: string;
  /** ISO 8601 on the runtime clock. */
  readonly changedAt: string;
  readonly comment: string | undefined;
}
