import type { ReadinessCheck } from './ReadinessCheck.js';

/**
 * What the store check reads; `UserStores` from `@ballast/store` satisfies it
 * (`statistics` is its `StoreStatistics`).
 */
export interface StoreHealthSource {
  readonly statistics: {
    readonly openHandles: number;
    readonly readOnlyUsers: number;
    readonly quarantinedUsers: number;
    readonly ioErrors: number;
  };
}

/**
 * Per-user stores: read-only or quarantined users warn (one user's database is degraded, the
 * others are served, so the process stays ready).
 */
export function storeReadiness(
  stores: Readonly<Record<string, StoreHealthSource>>,
): ReadinessCheck {
  return {
    name: 'stores',
    check() {
      const reasons: string[] = [];
      const details: Record<string, StoreHealthSource['statistics']> = {};
      for (const [name, { statistics }] of Object.entries(stores)) {
        const { openHandles, readOnlyUsers, quarantinedUsers, ioErrors } = statistics;
        details[name] = { openHandles, readOnlyUsers, quarantinedUsers, ioErrors };
        if (readOnlyUsers > 0) reasons.push(`store "${name}": ${readOnlyUsers} user(s) read-only`);
        if (quarantinedUsers > 0) {
          reasons.push(`store "${name}": ${quarantinedUsers} user(s) quarantined`);
        }
      }
      return { status: reasons.length > 0 ? 'warn' : 'pass', reasons, details };
    },
  };
}
