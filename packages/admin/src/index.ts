// Runbooks
export { breakerActions, type BreakerControl } from './runbooks/actions/breakerActions.js';
export { channelActions, type ChannelControl } from './runbooks/actions/channelActions.js';
export { flagAction, type FlagSwitch } from './runbooks/actions/flagAction.js';
export { type AuditedFlagSource, flagSwitchOf } from './runbooks/actions/flagSwitchOf.js';
export { queueDrainAction, type QueueControl } from './runbooks/actions/queueDrainAction.js';
export { storeModeAction, type StoreModeControl } from './runbooks/actions/storeModeAction.js';
export { webhookAction, type WebhookActionOptions } from './runbooks/actions/webhookAction.js';
export { breakerOpenFor, type BreakerStateReader } from './runbooks/conditions/breakerOpenFor.js';
export { errorRateAbove, type ErrorRateReader } from './runbooks/conditions/errorRateAbove.js';
export {
  type DefinitionLocation,
  ExecutionStateError,
  RunbookActionError,
  RunbookDefinitionError,
  RunbookInterruptedError,
  RunbookStepTimeoutError,
  RunbookStoreError,
  UnknownExecutionError,
  UnknownRunbookError,
} from './runbooks/errors/runbookErrors.js';
export type {
  ExecutionRecord,
  ExecutionTrigger,
  RecordedError,
  StepRecord,
} from './runbooks/ExecutionRecord.js';
export { type ExecutionStatus, isFinalStatus } from './runbooks/ExecutionStatus.js';
export type { RunbookLease, RunbookLeases } from './runbooks/FleetLeases.js';
export type { RegisteredDescription } from './runbooks/NamedRegistry.js';
export type { ActionContext, RunbookAction } from './runbooks/RunbookAction.js';
export type { ConditionProbe, RunbookCondition } from './runbooks/RunbookCondition.js';
export {
  type Runbook,
  type RunbookDefinition,
  RunbookDefinitionSchema,
  type RunbookStep,
  type RunbookTrigger,
  type StepDefinition,
  type TriggerDefinition,
} from './runbooks/RunbookDefinition.js';
export { createRunbookEngine, RunbookEngine } from './runbooks/RunbookEngine.js';
export type { ExecuteOptions, RunbookEngineOptions } from './runbooks/RunbookEngineOptions.js';
export type { RunbookExecutionEvent } from './runbooks/runbookEvents.js';
export { RUNBOOK_SCENES, type RunbookScene } from './runbooks/RunbookScene.js';
export { RunbookStore, type RunbookStoreOptions } from './runbooks/RunbookStore.js';
export type { StepStatus } from './runbooks/StepStatus.js';

// Multi-process mode
export { runCli } from './cluster/cli/runCli.js';
export { ClusterReloadError } from './cluster/clusterErrors.js';
export { type ClusterOptions, ClusterOptionsSchema } from './cluster/ClusterOptions.js';
export { type ClusterHandle, runCluster } from './cluster/runCluster.js';
export type { WorkerInfo } from './cluster/WorkerInfo.js';

// Admin HTTP API and dashboard
export {
  AdminBindError,
  AdminForbiddenError,
  AdminNotFoundError,
  AdminUnauthorizedError,
} from './server/adminErrors.js';
export { adminApi } from './server/adminApi.js';
export type { AdminActionEvent } from './server/adminEvents.js';
export {
  type AdminApiOptions,
  AdminApiOptionsSchema,
  type AdminServerOptions,
  AdminServerOptionsSchema,
  type AlertFeed,
} from './server/AdminOptions.js';
export type { AdminServer } from './server/AdminServer.js';
export type { AdminFleet, FleetInstance } from './server/fleet/AdminFleet.js';
export { ADMIN_FLAG_LAYER, type FlagEntry, FlagAdmin } from './server/flags/FlagAdmin.js';
export type {
  FlagAuditRecord,
  FlagChange,
  PersistentFlagSource,
} from './server/flags/PersistentFlagSource.js';
export type {
  ReadinessCheck,
  ReadinessReport,
  ReadinessResult,
  ReadinessStatus,
} from './server/health/ReadinessCheck.js';
export type { StoreHealthSource } from './server/health/storeReadiness.js';
export { histogramQuantile } from './server/stats/histogramQuantile.js';
export { BreakerHistory, type BreakerTransition } from './server/stats/BreakerHistory.js';
export { type ServiceRow, ServiceStatistics } from './server/stats/ServiceStatistics.js';
export { startAdminServer } from './server/startAdminServer.js';
