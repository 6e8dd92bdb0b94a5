export { ChaosServer } from './chaos/ChaosServer.js';
export type {
  ChaosFaults,
  Fault,
  GarbageFault,
  HangFault,
  RatedFault,
  ResetFault,
  RespondFault,
  SlowBodyFault,
  ThrottleFault,
  TruncateFault,
} from './chaos/Fault.js';
export type { RecordedRequest } from './chaos/RecordedRequest.js';
export { type ChaosServerOptions, startChaosServer } from './chaos/startChaosServer.js';
export { ManualClock } from './clock/ManualClock.js';
export { LogCapture, type LogRecord } from './logs/LogCapture.js';
export { seededRandom } from './random/seededRandom.js';
export {
  findRedisServer,
  RedisServer,
  type RedisServerOptions,
  redisServerAvailable,
  startRedisServer,
} from './redis/RedisServer.js';
