/**
 * The `q` quantile (0..1) of a histogram given per-bucket (not cumulative) counts, interpolated
 * linearly inside the bucket like Prometheus' `histogram_quantile`: the first bucket starts at 0,
 * and a quantile in the overflow bucket is reported as the last bound. `null` when empty.
 *
 * @example
 * ```ts
 * histogramQuantile([0.1, 1], [0, 10, 0], 0.5); // 0.55
 * ```
 */
export function histogramQuantile(
  bounds: readonly number[],
  counts: readonly number[],
  q: number,
): number | null {
  let total = 0;
  for (const count of counts) total += count;
  if (total <= 0) return null;
  const rank = q * total;
  let cumulative = 0;
  for (let i = 0; i < counts.length; i++) {
    const count = counts[i]!;
    if (count > 0 && cumulative + count >= rank) {
      if (i >= bounds.length) return bounds[bounds.length - 1] ?? null;
      const lower = i === 0 ? 0 : bounds[i - 1]!;
      const upper = bounds[i]!;
      return lower + (upper - lower) * ((rank - cumulative) / count);
    }
    cumulative += count;
  }
  return bounds[bounds.length - 1] ?? null;
}
