import type { MetricFamily, MetricType, Sample } from '@ballast/metric-catalogue';
import type { StatisticsReader } from './StatisticsReader.js';

/** What prom-client's registry reads from a metric (`get()`), and what a cluster worker sends. */
export interface MetricSnapshot {
  readonly name: string;
  readonly help: string;
  readonly type: MetricType;
  readonly aggregator: 'sum' | 'max';
  readonly values: readonly Sample[];
}

/**
 * A metric family as prom-client's `Registry` sees it, with values computed from the aspects'
 * plain numbers at scrape time.
 *
 * Why not prom-client's `Counter` with a `collect()` callback: a `Counter` can only `inc`, so
 * mirroring an absolute, monotonically increasing number would mean `reset()` + `inc(total)` for
 * every series on every scrape, and its `Histogram` cannot take pre-aggregated buckets at all.
 * This object implements the small contract the registry relies on (`name`, `help`, `type`,
 * `aggregator`, `get()`, `reset()`) and declares its real `type`, so the exposition says
 * `# TYPE ballast_calls_total counter` (and OpenMetrics output and `AggregatorRegistry` treat it
 * as a counter), while the values are the aspects' own totals, read as they are.
 */
export class StatisticsMetric {
  /** Mutable on purpose: prom-client renames counters (drops `_total`) for OpenMetrics output. */
  name: string;
  readonly help: string;
  readonly type: MetricType;
  readonly aggregator: 'sum' | 'max';
  /** The catalogue entry; its `name` is the registry key, whatever prom-client does to `name`. */
  readonly family: MetricFamily;
  readonly #reader: StatisticsReader;

  constructor(family: MetricFamily, reader: StatisticsReader) {
    this.name = family.name;
    this.help = family.help;
    this.type = family.type;
    this.aggregator = family.merge;
    this.family = family;
    this.#reader = reader;
  }

  /** The family's samples, read from the runtimes' statistics now. */
  async get(): Promise<MetricSnapshot> {
    const values = this.#reader.samples(this.family.name).samples;
    return {
      name: this.name,
      help: this.help,
      type: this.type,
      aggregator: this.aggregator,
      values,
    };
  }

  /** No-op: the totals belong to the aspects and cannot be rewound by `registry.resetMetrics()`. */
  reset(): void {}
}
