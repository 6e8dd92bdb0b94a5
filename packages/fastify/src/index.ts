export { bearerTokenOf } from './auth/bearerTokenOf.js';
export { FailedAuthThrottle, type FailedAuthThrottleOptions } from './auth/FailedAuthThrottle.js';
export {
  AuthThrottledError,
  InvalidRequestError,
  MethodNotAllowedError,
  RequestTimeoutError,
  RequestTooLargeError,
  RouteNotFoundError,
  UnsupportedMediaTypeError,
} from './errors.js';
export { ballast } from './plugin/ballast.js';
export {
  type BallastPluginOptions,
  BallastPluginOptionsSchema,
} from './plugin/BallastPluginOptions.js';
export { type StrictJsonOptions, useStrictJsonBodies } from './plugin/strictJsonParser.js';
export { type ProblemRepliesOptions, useProblemReplies } from './plugin/useProblemReplies.js';
export { PROBLEM_MEDIA_TYPE, type Problem } from './problem/Problem.js';
export { problemOf, type ProblemReply, type RouteSchemas } from './problem/problemOf.js';
export { type BallastServer, createServer } from './server/createServer.js';
export {
  limitsOf,
  type ServerLimits,
  ServerLimitsSchema,
  type ServerOptions,
  ServerOptionsSchema,
} from './server/ServerOptions.js';
export { typeboxValidatorCompiler } from './server/typeboxValidatorCompiler.js';
