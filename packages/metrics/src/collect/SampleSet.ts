import type { MergeRule } from '../catalogue/MetricFamily.js';

/** Label values of one sample, by label name. */
export type Labels = Record<string, string | number>;

/** One exposition line: the shape prom-client's registry renders and aggregates. */
export interface Sample {
  /** Set for histogram series (`…_bucket`, `…_sum`, `…_count`); the family name otherwise. */
  metricName?: string;
  labels: Labels;
  value: number;
}

/**
 * The samples of one metric family for one scrape. Non-finite values are dropped here, the one
 * gate every value passes, so `NaN` or `Inf` never reach the exposition. With several sources
 * (runtimes) samples with the same name and labels are combined by the family's merge rule.
 */
export class SampleSet {
  readonly samples: Sample[] = [];
  readonly #merge: MergeRule;
  readonly #index: Map<string, Sample> | undefined;

  constructor(merge: MergeRule, merging: boolean) {
    this.#merge = merge;
    this.#index = merging ? new Map() : undefined;
  }

  /** Adds a sample unless `value` is NaN or ±Infinity. */
  add(labels: Labels, value: number, metricName?: string): void {
    if (!Number.isFinite(value)) return;
    const index = this.#index;
    if (index !== undefined) {
      const key = `${metricName ?? ''}\u0000${Object.values(labels).join('\u0000')}`;
      const existing = index.get(key);
      if (existing !== undefined) {
        existing.value = this.#merge === 'sum' ? existing.value + value : Math.max(existing.value, value);
        return;
      }
      const sample = metricName === undefined ? { labels, value } : { metricName, labels, value };
      index.set(key, sample);
      this.samples.push(sample);
      return;
    }
    this.samples.push(metricName === undefined ? { labels, value } : { metricName, labels, value });
  }
}
