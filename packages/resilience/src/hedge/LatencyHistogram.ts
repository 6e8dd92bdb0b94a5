/** Sub-buckets per power of two: bucket bounds are within 12.5 % of each other. */
const SUB_BUCKETS = 8;
/** Powers of two covered above 1 ms: 1 ms to 2^21 ms (about 35 minutes). */
const OCTAVES = 21;
/** Bucket 0 holds everything under 1 ms; the last one everything above the range. */
const BUCKETS = 1 + OCTAVES * SUB_BUCKETS;
/** Slices of the window; the oldest drops out whole. */
const SLICES = 6;
/** Records between two computations of the percentile. */
const RECORDS_PER_COMPUTE = 16;

/** The bucket a duration in ms falls in: log-linear, 8 per power of two. */
function bucketOf(ms: number): number {
  if (!(ms >= 1)) return 0;
  if (ms >= 2 ** OCTAVES) return BUCKETS - 1;
  const octave = Math.floor(Math.log2(ms));
  const base = 2 ** octave;
  const sub = Math.floor(((ms - base) / base) * SUB_BUCKETS);
  return 1 + octave * SUB_BUCKETS + sub;
}

/** The upper bound of a bucket, ms: a percentile read from it never undershoots. */
function upperBoundOf(bucket: number): number {
  if (bucket === 0) return 1;
  const octave = Math.floor((bucket - 1) / SUB_BUCKETS);
  const sub = (bucket - 1) % SUB_BUCKETS;
  return 2 ** octave * (1 + (sub + 1) / SUB_BUCKETS);
}

/**
 * A method's recent latency, for hedging at a live percentile. Durations go into fixed
 * log-linear buckets (8 per power of two, so a percentile is read within 12.5 %) kept per slice
 * of a sliding window: recording is O(1) (two array increments), the window slides by
 * subtracting its oldest slice, and the percentile is recomputed every 16 records or when the
 * window slides, never per call. Time comes from the caller (the runtime clock), so a manual
 * clock drives it in tests.
 */
export class LatencyHistogram {
  readonly #percentile: number;
  readonly #sliceMs: number;
  readonly #minSamples: number;
  readonly #slices = Array.from({ length: SLICES }, () => new Uint32Array(BUCKETS));
  readonly #totals = new Float64Array(BUCKETS);
  readonly #sliceCounts = new Float64Array(SLICES);
  #count = 0;
  #slice = -1;
  #sinceCompute = 0;
  #value: number | undefined;

  /**
   * @param percentile - 0 < p < 100.
   * @param windowMs - how far back durations count.
   * @param minSamples - below this many durations in the window there is no percentile.
   */
  constructor(percentile: number, windowMs: number, minSamples: number) {
    this.#percentile = percentile;
    this.#sliceMs = windowMs / SLICES;
    this.#minSamples = minSamples;
  }

  /** Durations in the window. */
  get count(): number {
    return this.#count;
  }

  /** Counts one duration (ms) observed at `now`. */
  record(durationMs: number, now: number): void {
    this.#advance(now);
    const bucket = bucketOf(durationMs);
    const index = this.#slice % SLICES;
    this.#slices[index]![bucket]!++;
    this.#sliceCounts[index]!++;
    this.#totals[bucket]!++;
    this.#count++;
    if (++this.#sinceCompute >= RECORDS_PER_COMPUTE) this.#value = undefined;
  }

  /**
   * The percentile of the durations in the window, as the upper bound of its bucket (ms), or
   * undefined while the window holds fewer than `minSamples`.
   */
  value(now: number): number | undefined {
    this.#advance(now);
    if (this.#count < this.#minSamples) return undefined;
    return (this.#value ??= this.#compute());
  }

  #compute(): number {
    this.#sinceCompute = 0;
    const rank = Math.ceil((this.#percentile / 100) * this.#count);
    let seen = 0;
    for (let bucket = 0; bucket < BUCKETS; bucket++) {
      seen += this.#totals[bucket]!;
      if (seen >= rank) return upperBoundOf(bucket);
    }
    return upperBoundOf(BUCKETS - 1);
  }

  #advance(now: number): void {
    const target = Math.floor(now / this.#sliceMs);
    if (this.#slice === -1) {
      this.#slice = target;
      return;
    }
    // A clock that went back keeps the current slice rather than corrupting the totals.
    if (target <= this.#slice) return;
    const steps = Math.min(target - this.#slice, SLICES);
    for (let step = 1; step <= steps; step++) this.#drop((this.#slice + step) % SLICES);
    this.#slice = target;
    this.#value = undefined;
  }

  #drop(index: number): void {
    if (this.#sliceCounts[index] === 0) return;
    const slice = this.#slices[index]!;
    for (let bucket = 0; bucket < BUCKETS; bucket++) {
      this.#totals[bucket]! -= slice[bucket]!;
      slice[bucket] = 0;
    }
    this.#count -= this.#sliceCounts[index]!;
    this.#sliceCounts[index] = 0;
  }
}
