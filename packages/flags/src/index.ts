export { FeatureFlag, FeatureFlagAspect } from './feature-flag/FeatureFlag.js';
export type {
  FeatureFlagInput,
  FeatureFlagOptions,
  WhenOff,
} from './feature-flag/FeatureFlagOptions.js';
export { validateFlagDefinition } from './compile/validateFlagDefinition.js';
export {
  type ConditionDefinition,
  type ConditionOperator,
  type FlagDefinition,
  FlagSchema,
  type FlagsDocument,
  FlagsDocumentSchema,
  type FlagValue,
  type RolloutDefinition,
  type RuleDefinition,
  type ServeDefinition,
  type SplitDefinition,
} from './definition/FlagDefinition.js';
export { FLAG_KEY, readFlagsDocument } from './definition/readFlagsDocument.js';
export { FeatureDisabledError } from './errors/FeatureDisabledError.js';
export { FlagDefinitionError } from './errors/FlagDefinitionError.js';
export { FlagSourceError } from './errors/FlagSourceError.js';
export { FlagVersionConflictError } from './errors/FlagVersionConflictError.js';
export { EVALUATION_REASONS, type EvaluationReason } from './evaluation/EvaluationReason.js';
export type { EvaluationErrorCode, EvaluationResult } from './evaluation/EvaluationResult.js';
export type { FlagContext } from './evaluation/FlagContext.js';
export { bucketOf, VARIANT_SEED } from './hash/bucketOf.js';
export { murmur3 } from './hash/murmur3.js';
export { compareSemver, parseSemver, type Semver } from './semver/Semver.js';
export {
  FileFlagSource,
  type FileFlagSourceOptions,
  watchFlagFile,
} from './sources/FileFlagSource.js';
export type { FlagLogger } from './sources/FlagLogger.js';
export type {
  FlagsChangedEvent,
  FlagSourceErrorEvent,
  FlagsRejectedEvent,
} from './store/flagEvents.js';
export { FlagSnapshot } from './store/FlagSnapshot.js';
export {
  DEFAULT_VARIANT_LABEL,
  type FlagEvaluationCount,
  FlagStatistics,
  MAX_UNKNOWN_FLAGS,
  OTHER_FLAG_LABEL,
} from './store/FlagStatistics.js';
export { type ApplyOptions, FlagStore } from './store/FlagStore.js';
export { flagsOf, flagStatisticsOf } from './store/flagsOf.js';
export type { RemoteFlagEvaluator } from './store/RemoteFlagEvaluator.js';
