import type { EvaluationResult } from '../evaluation/EvaluationResult.js';
import type { FlagContext } from '../evaluation/FlagContext.js';
import type { CounterCell } from '../store/FlagStatistics.js';

/** @internal a precomputed evaluation result and the counter it increments. */
export interface Outcome {
  readonly result: EvaluationResult;
  readonly cell: CounterCell;
}

/** @internal picks an outcome for a context; built once per flag load. */
export type Decide = (context: FlagContext | undefined) => Outcome;
