import type { EvaluationResult } from '../evaluation/EvaluationResult.js';
import type { FlagContext } from '../evaluation/FlagContext.js';

/**
 * Evaluates boolean flags somewhere else (an OpenFeature provider), asynchronously. Must never
 * reject: on failure it answers from the local snapshot with reason STALE.
 */
export interface RemoteFlagEvaluator {
  evaluateBoolean(
    key: string,
    context: FlagContext | undefined,
    defaultValue: boolean,
  ): Promise<EvaluationResult<boolean>>;
}
