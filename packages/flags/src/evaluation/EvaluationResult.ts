import type { FlagValue } from '../definition/FlagDefinition.js';
import type { EvaluationReason } from './EvaluationReason.js';

/** Why an evaluation failed, in OpenFeature's error-code vocabulary. */
export type EvaluationErrorCode =
  'FLAG_NOT_FOUND' | 'TYPE_MISMATCH' | 'GENERAL' | 'PROVIDER_NOT_READY';

/**
 * The outcome of one evaluation. Results of successful evaluations are shared, frozen objects
 * built when the flags were loaded: do not mutate them.
 */
export interface EvaluationResult<T extends FlagValue | undefined = FlagValue> {
  readonly value: T;
  /** The variant served; undefined when the code default was used. */
  readonly variant: string | undefined;
  readonly reason: EvaluationReason;
  readonly errorCode?: EvaluationErrorCode;
  readonly errorMessage?: string;
}
