import type { MergeRule } from './MetricFamily.js';

/** Label values of one sample, by label name. */
export type Labels = Record<string, string | number>;

/** One exposition line: the shape prom-client's registry renders and aggregates. */
export interface Sample {
  /** Set for histogram series (`…_bucket`, `…_sum`, `…_count`); the family name otherwise. */
  metricName?: string;
  labels: Labels;
  value: number;
  readonly sharedLabels: Labels;
}

/**
 * One empty object for every sample's `sharedLabels`. prom-client's text writer defaults that
 * field to a fresh `{}` per line and memoises its rendering in a WeakMap keyed by it: every line
 * missed and added a WeakMap entry (the second most expensive function in a profile of a
 * 5,000-series scrape). One shared object always hits.
 */
const NO_SHARED_LABELS: Labels = Object.freeze({});

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
        existing.value =
          this.#merge === 'sum' ? existing.value + value : Math.max(existing.value, value);
        return;
      }
      const sample = this.#sample(labels, value, metricName);
      index.set(key, sample);
      this.samples.push(sample);
      return;
    }
    this.samples.push(this.#sample(labels, value, metricName));
  }

  #sample(labels: Labels, value: number, metricName: string | undefined): Sample {
    return metricName === undefined
      ? { labels, value, sharedLabels: NO_SHARED_LABELS }
      : { metricName, labels, value, sharedLabels: NO_SHARED_LABELS };
  }
}
