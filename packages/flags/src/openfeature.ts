// OpenFeature adapters: `@ballast/flags/openfeature`, so that only users of OpenFeature need
// @openfeature/server-sdk installed (its types included).
export { BallastFlagProvider } from './openfeature/BallastFlagProvider.js';
export {
  type OpenFeatureAdapterOptions,
  OpenFeatureFlagEvaluator,
  useOpenFeature,
} from './openfeature/OpenFeatureFlagEvaluator.js';
