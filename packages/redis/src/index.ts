// Connection: timeout and breaker on every call, fallback counters and events
export {
  FallbackCounter,
  type RedisComponent,
  type RedisFallbackEvent,
  type RedisRecoveredEvent,
} from './connection/FallbackCounter.js';
export {
  alertOnRedisFallback,
  type RedisAlertReporter,
  type RedisAlertSummary,
} from './connection/alertOnRedisFallback.js';
export { LuaScript } from './connection/LuaScript.js';
export {
  connectRedis,
  type RedisClient,
  RedisConnection,
  type RedisConnectionStatistics,
  type RedisOperation,
} from './connection/RedisConnection.js';
export type {
  RedisConnectionConfig,
  RedisConnectionOptions,
} from './connection/RedisConnectionOptions.js';
export {
  FencedWriteError,
  FleetCommandError,
  RedisLeaseLostError,
  RedisRefusedError,
  RedisUnavailableError,
  RunOnceWaitError,
} from './errors.js';

// A shared store for @Cache
export {
  type CacheSerializer,
  RedisCacheStore,
  type RedisCacheStoreOptions,
  redisCacheStores,
} from './cache/RedisCacheStore.js';

// Cluster-wide rate limits and retry budgets
export { ClusterRateLimiter } from './rate-limit/ClusterRateLimiter.js';
export type { ClusterRateLimitStatistics } from './rate-limit/ClusterRateLimitStatistics.js';
export type {
  ClusterRateLimitConfig,
  ClusterRateLimitOptions,
} from './rate-limit/ClusterRateLimitOptions.js';
export {
  clusterRateLimits,
  type ClusterRateLimitsOptions,
} from './rate-limit/clusterRateLimits.js';
export {
  ClusterRetryBudget,
  type ClusterRetryBudgetOptions,
  type ClusterRetryBudgetStatistics,
} from './retry-budget/ClusterRetryBudget.js';
export {
  clusterRetryBudgets,
  type ClusterRetryBudgetsOptions,
} from './retry-budget/clusterRetryBudgets.js';

// Leases and run-once
export { Lease } from './lease/Lease.js';
export { type LeaseOptions, RedisLeases } from './lease/RedisLeases.js';
export type { RunOnceConfig, RunOnceOptions, RunOnceResult } from './lease/RunOnceOptions.js';

// Commands and fleet state
export { type BreakerAction, breakerApplier, breakerCommand } from './commands/breakerApplier.js';
export {
  CommandBus,
  type CommandBusOptions,
  type CommandBusStatistics,
} from './commands/CommandBus.js';
export type { CommandApplier, FleetCommand, IssuedCommand } from './commands/FleetCommand.js';
export { FLEET_FLAG_LAYER, flagApplier, flagCommand } from './commands/flagApplier.js';
export { FleetControl, type FleetControlOptions } from './fleet/FleetControl.js';
export {
  FleetHeartbeat,
  type FleetHeartbeatOptions,
  type InstanceSummary,
} from './fleet/FleetHeartbeat.js';

// Flags
export { type RedisFlagChange, RedisFlagSource } from './flags/RedisFlagSource.js';
export type { RedisFlagSourceOptions } from './flags/RedisFlagSourceOptions.js';
