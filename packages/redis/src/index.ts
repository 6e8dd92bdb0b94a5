export {
  FallbackCounter,
  type RedisComponent,
  type RedisFallbackEvent,
  type RedisRecoveredEvent,
} from './connection/FallbackCounter.js';
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
  RedisUnavailableError,
  RunOnceWaitError,
} from './errors.js';
export {
  ClusterRateLimiter,
  type ClusterRateLimitStatistics,
} from './rate-limit/ClusterRateLimiter.js';
export type {
  ClusterRateLimitConfig,
  ClusterRateLimitOptions,
} from './rate-limit/ClusterRateLimitOptions.js';
export { Lease } from './lease/Lease.js';
export { type LeaseOptions, RedisLeases } from './lease/RedisLeases.js';
export type { RunOnceConfig, RunOnceOptions, RunOnceResult } from './lease/RunOnceOptions.js';
export { type BreakerAction, breakerApplier, breakerCommand } from './commands/breakerApplier.js';
export { CommandBus, type CommandBusStatistics } from './commands/CommandBus.js';
export type { CommandApplier, FleetCommand, IssuedCommand } from './commands/FleetCommand.js';
export { FLEET_FLAG_LAYER, flagApplier, flagCommand } from './commands/flagApplier.js';
export {
  FleetHeartbeat,
  type FleetHeartbeatOptions,
  type InstanceSummary,
} from './fleet/FleetHeartbeat.js';
export {
  ClusterRetryBudget,
  type ClusterRetryBudgetOptions,
  type ClusterRetryBudgetStatistics,
} from './retry-budget/ClusterRetryBudget.js';
export {
  type RedisFlagChange,
  RedisFlagSource,
  type RedisFlagSourceOptions,
} from './flags/RedisFlagSource.js';
