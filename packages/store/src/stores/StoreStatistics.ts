/**
 * Plain-number counters of a {@link UserStores}, read at scrape time by metrics and health checks.
 * Gauges (`openHandles`, `readOnlyUsers`, `quarantinedUsers`) are current values; the rest count
 * up from creation.
 */
export class StoreStatistics {
  /** Connections open now (never above `maxOpen`). */
  openHandles = 0;
  /** Connections opened since creation. */
  opens = 0;
  /** Connections closed to make room for another (LRU). */
  evictions = 0;
  /** Connections closed after the idle timeout. */
  idleCloses = 0;
  /** Connections whose close threw (counted, never rethrown). */
  closeErrors = 0;
  /** Users whose store is read-only now. */
  readOnlyUsers = 0;
  /** Users quarantined by this instance or found quarantined on disk. */
  quarantinedUsers = 0;
  /** Operations refused with StoreBusyError. */
  busyErrors = 0;
  /** Operations refused with StoreIoError. */
  ioErrors = 0;
  /** Writes refused with StoreReadOnlyError. */
  readOnlyRejections = 0;
  /**
   * Writes refused because the database file or WAL of the open connection was no longer the
   * file at its path (`StoreFileReplacedError`).
   */
  filesReplaced = 0;
  /** Migration steps applied. */
  migrationsApplied = 0;
}
