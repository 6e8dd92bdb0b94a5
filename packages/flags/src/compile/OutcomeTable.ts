import type { FlagDefinition } from '../definition/FlagDefinition.js';
import type { EvaluationReason } from '../evaluation/EvaluationReason.js';
import type { FlagStatistics } from '../store/FlagStatistics.js';
import type { Outcome } from './Outcome.js';

/** @internal one frozen outcome per (variant, reason) of a flag, so evaluations allocate nothing. */
export class OutcomeTable {
  readonly #outcomes = new Map<string, Outcome>();

  constructor(
    readonly flag: string,
    readonly definition: FlagDefinition,
    readonly statistics: FlagStatistics,
  ) {}

  get(variant: string, reason: EvaluationReason): Outcome {
    const id = `${variant}\u0000${reason}`;
    let outcome = this.#outcomes.get(id);
    if (outcome === undefined) {
      const value = this.definition.variants![variant]!;
      outcome = Object.freeze({
        result: Object.freeze({ value, variant, reason }),
        cell: this.statistics.cell(this.flag, variant, reason),
      });
      this.#outcomes.set(id, outcome);
    }
    return outcome;
  }
}
