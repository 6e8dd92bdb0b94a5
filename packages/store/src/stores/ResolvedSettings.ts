import type { Clock, EventBus } from '@ballast/core';
import type { Migration } from '../migrations/Migration.js';
import type { PartitionPeriod } from '../partitions/periodKey.js';
import type { ConnectionSettings } from '../sqlite/openConnection.js';

/** Options of {@link createUserStores} after validation and defaults. */
export interface ResolvedSettings extends ConnectionSettings {
  readonly root: string;
  readonly userIdPattern: RegExp;
  readonly shards: number;
  readonly maxOpen: number;
  readonly idleTimeoutMs: number;
  readonly migrations: readonly Migration[];
  readonly partitions: ReadonlyMap<string, PartitionPeriod>;
  readonly dualWrite: boolean;
  readonly readOnlyProbeMs: number;
  readonly ioErrorThreshold: number;
  readonly maxDocumentChars: number;
  readonly lockWaitMs: number;
  readonly releasePollMs: number;
  readonly clock: Clock;
  readonly events: EventBus;
}
