import {
  type AspectDecorator,
  AspectPrecedence,
  createDecorator,
  defineAspect,
} from '@ballast/core';
import { createFeatureFlagAdvice } from './FeatureFlagAdvice.js';
import {
  type FeatureFlagInput,
  type FeatureFlagOptions,
  type FeatureFlagSettings,
  readFeatureFlagOptions,
} from './FeatureFlagOptions.js';

/**
 * The FeatureFlag aspect, outermost of all (precedence 100): when the flag is off nothing else
 * runs — no log line, no retry, no breaker call. Works on sync and async methods. The flag store
 * is the runtime's (`flagsOf(runtime)`); the user comes from the call context unless `key` /
 * `attributes` extractors are given. Functional form: `FeatureFlagAspect.use({ flag, ...options })`.
 */
export const FeatureFlagAspect = defineAspect<FeatureFlagSettings, FeatureFlagInput>({
  name: 'FeatureFlag',
  precedence: AspectPrecedence.FeatureFlag,
  supportsSync: true,
  validate: (input, where) => readFeatureFlagOptions(input, where),
  create: (settings, runtime, target, kind) =>
    createFeatureFlagAdvice(settings, runtime, target, kind),
});

const decorate = createDecorator(FeatureFlagAspect);

/**
 * Runs the method only when feature flag `flag` is on for the caller; otherwise applies
 * `whenOff` (default `'skip'`: return undefined).
 *
 * @example
 * ```ts
 * class SearchService {
 *   @FeatureFlag('new-search', { whenOff: { method: 'legacySearch' } })
 *   async search(query: string): Promise<Hit[]> { … }
 *   async legacySearch(query: string): Promise<Hit[]> { … }
 * }
 * await runInContext({ user: { key: 'u-42', attributes: { region: 'eu' } } }, () => search.search('q'));
 * ```
 */
export function FeatureFlag(flag: string, options: FeatureFlagOptions = {}): AspectDecorator {
  return decorate({ ...options, flag });
}
