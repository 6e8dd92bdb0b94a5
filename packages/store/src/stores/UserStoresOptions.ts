import type { Clock, Runtime } from '@ballast/core';
import type { Migration } from '../migrations/Migration.js';
import type { PartitionPeriod } from '../partitions/periodKey.js';
import type { Durability } from '../sqlite/openConnection.js';

/** Options of {@link createUserStores}. */
export interface UserStoresOptions {
  /** Folder holding every user's files (`root/<shard>/<userId>/user.db`); created if missing. */
  readonly root: string;
  /**
   * `full` fsyncs every commit (acknowledged writes survive power loss); `normal` survives a
   * process crash but a power loss may roll back the last commits. See the README.
   * @default 'full'
   */
  readonly durability?: Durability;
  /** SQLite `busy_timeout` in ms; it blocks the event loop while waiting, so keep it short. @default 50 */
  readonly busyTimeoutMs?: number;
  /**
   * Most connections open at once (4 file descriptors per user: database, WAL, shared memory and
   * the user's lock file). @default 200
   */
  readonly maxOpen?: number;
  /** A connection unused this long is closed (0 = never). @default 60000 */
  readonly idleTimeoutMs?: number;
  /** Number of shard folders users are spread over by a hash of their id. @default 256 */
  readonly shards?: number;
  /**
   * Allow-list of user ids. Whatever it allows, ids with path syntax, characters Windows refuses
   * in file names, non-ASCII characters, a folder name over 200 characters (capitals count twice)
   * or resolving outside the root are refused.
   * @default DEFAULT_USER_ID_PATTERN: 1 to 64 of `A-Z a-z 0-9 _ -`, not a Windows device name
   */
  readonly userIdPattern?: RegExp;
  /** Your schema steps for each main database, after the built-in document schema. @default [] */
  readonly migrations?: readonly Migration[];
  /** Time-partitioned tables: name (`[a-z][a-z0-9_]{0,31}`) → period of one file. @default {} */
  readonly partitions?: Readonly<Record<string, PartitionPeriod>>;
  /** Append every document write to the user's outbox for the relay to the aggregate. @default false */
  readonly dualWrite?: boolean;
  /** While read-only, one write per this interval is tried for real to detect recovery. @default 5000 */
  readonly readOnlyProbeMs?: number;
  /** Consecutive I/O errors on writes that make a store read-only. @default 3 */
  readonly ioErrorThreshold?: number;
  /** Largest document, in characters of its JSON. @default 1048576 */
  readonly maxDocumentChars?: number;
  /**
   * How long a restore or a quarantine waits for other processes to let go of the user's files
   * before failing with `StoreLockedError` (at most 60000).
   * @default 10000
   */
  readonly lockWaitMs?: number;
  /**
   * How often this process looks for other processes asking it to let go of a user's files
   * (a restore or quarantine elsewhere waits at least this long).
   * @default 100
   */
  readonly releasePollMs?: number;
  /**
   * The runtime whose scheduler, clock and events to use; the stores close when it is disposed.
   * Without it the stores run their own unref'd scheduler and event bus.
   */
  readonly runtime?: Runtime;
  /** Time source (tests). @default the runtime's clock, else the system clock */
  readonly clock?: Clock;
}
