import type { EvaluationReason } from '../evaluation/EvaluationReason.js';

/** One evaluation counter: how often `flag` served `variant` for `reason`. */
export interface FlagEvaluationCount {
  readonly flag: string;
  /** The variant served, or `"default"` when the code's default value was returned. */
  readonly variant: string;
  readonly reason: EvaluationReason;
  readonly count: number;
}

/** @internal a mutable counter a compiled outcome increments in O(1). */
export interface CounterCell {
  readonly flag: string;
  readonly variant: string;
  readonly reason: EvaluationReason;
  count: number;
}

/** Label used for evaluations that fell back to the code default. */
export const DEFAULT_VARIANT_LABEL = 'default';
/** Label that stands for unknown flag keys once {@link MAX_UNKNOWN_FLAGS} were seen (bounds metric series). */
export const OTHER_FLAG_LABEL = '(other)';
/** Distinct unknown flag keys counted under their own name. */
export const MAX_UNKNOWN_FLAGS = 64;

/**
 * Plain-number evaluation counters by flag, variant and reason, for the Prometheus exporter
 * (`ballast_feature_flag_evaluations_total{flag,variant,reason}`). Counters only grow: they
 * survive reloads because compiled flags reuse the same cells.
 */
export class FlagStatistics {
  readonly #cells = new Map<string, CounterCell>();
  readonly #unknownFlags = new Set<string>();
  /** Documents and flags applied. */
  reloads = 0;
  /** Documents rejected as invalid (the old snapshot stayed). */
  rejectedReloads = 0;

  /** @internal the counter for one series, created on first use. */
  cell(flag: string, variant: string, reason: EvaluationReason): CounterCell {
    const id = `${flag}\u0000${variant}\u0000${reason}`;
    let cell = this.#cells.get(id);
    if (cell === undefined) {
      cell = { flag, variant, reason, count: 0 };
      this.#cells.set(id, cell);
    }
    return cell;
  }

  /** @internal counts an evaluation of a key that names no flag, with bounded label values. */
  countUnknown(flag: string, reason: EvaluationReason): void {
    if (!this.#unknownFlags.has(flag)) {
      if (this.#unknownFlags.size >= MAX_UNKNOWN_FLAGS) flag = OTHER_FLAG_LABEL;
      else this.#unknownFlags.add(flag);
    }
    this.cell(flag, DEFAULT_VARIANT_LABEL, reason).count++;
  }

  /** Every counter, as plain objects; series with a zero count are included once created. */
  counts(): FlagEvaluationCount[] {
    return [...this.#cells.values()].map(({ flag, variant, reason, count }) => ({
      flag,
      variant,
      reason,
      count,
    }));
  }

  /** Evaluations that ended in reason ERROR (code default served). */
  get errors(): number {
    let total = 0;
    for (const cell of this.#cells.values()) if (cell.reason === 'ERROR') total += cell.count;
    return total;
  }
}
