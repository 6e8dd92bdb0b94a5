export { type BackupResult } from './backup/backupUser.js';
export type {
  DocumentQuery,
  ListOptions,
  QueryOperator,
  StoredDocument,
  WriteOptions,
  WriteResult,
} from './documents/Document.js';
export {
  InvalidDocumentError,
  InvalidUserIdError,
  LeaseLostError,
  MigrationError,
  StoreBusyError,
  StoreClosedError,
  StoreFileReplacedError,
  StoreIoError,
  StoreLockedError,
  StoreQuarantinedError,
  StoreReadOnlyError,
  StoreUnsafePathError,
  VersionConflictError,
} from './errors/storeErrors.js';
export type {
  StoreMigrateProgressEvent,
  StoreQuarantinedEvent,
  StoreReadOnlyEvent,
  StoreRecoveredEvent,
} from './events/storeEvents.js';
export { Lease } from './lease/Lease.js';
export { lockFile, type ReleaseHold } from './locks/lockFile.js';
export { LeaseManager, type LeaseManagerOptions, openLeaseManager } from './lease/LeaseManager.js';
export type { MigrateAllOptions, MigrateAllResult } from './migrations/migrateAll.js';
export type { Migration } from './migrations/Migration.js';
export { checkUserId, DEFAULT_USER_ID_PATTERN } from './paths/UserPaths.js';
export { folderNameOf } from './paths/userFolderName.js';
export type { PartitionPeriod } from './partitions/periodKey.js';
export {
  type PartitionEntry,
  type PartitionRange,
  PartitionStore,
} from './partitions/PartitionStore.js';
export {
  type AggregateDocument,
  type AggregateQuery,
  AggregateStore,
  type AggregateStoreOptions,
  openAggregateStore,
} from './relay/AggregateStore.js';
export type { OutboxEntry } from './relay/OutboxEntry.js';
export {
  OutboxRelay,
  type OutboxRelayOptions,
  type OutboxRelayStatistics,
} from './relay/OutboxRelay.js';
export { classifySqliteError, type SqliteFailureKind } from './sqlite/classifySqliteError.js';
export { createPrivateFolders, writePrivateFileAtomically } from './files/privateFiles.js';
export type { Durability } from './sqlite/openConnection.js';
export { createUserStores } from './stores/createUserStores.js';
export { StoreStatistics } from './stores/StoreStatistics.js';
export { type PrepareCached, UserStore } from './stores/UserStore.js';
export { UserStores } from './stores/UserStores.js';
export type { UserStoresOptions } from './stores/UserStoresOptions.js';
export { type ClaimedTask, TaskInbox, type TaskInboxOptions } from './tasks/TaskInbox.js';
