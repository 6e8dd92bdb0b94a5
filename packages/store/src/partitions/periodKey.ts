/** How a time-partitioned table is split into files. */
export type PartitionPeriod = 'year' | 'month' | 'day';

const LENGTH: Readonly<Record<PartitionPeriod, number>> = { year: 4, month: 7, day: 10 };

/**
 * The file key of the period containing `at` (UTC): `2026`, `2026-11` or `2026-11-22`. Keys of
 * one period kind sort like the times they cover, so a date range is a string range.
 */
export function periodKey(at: number, period: PartitionPeriod): string {
  return new Date(at).toISOString().slice(0, LENGTH[period]);
}

/** Matches the file name of a partition: `<name>.<key>.db`. */
export function partitionFilePattern(name: string, period: PartitionPeriod): RegExp {
  const digits = { year: '\\d{4}', month: '\\d{4}-\\d{2}', day: '\\d{4}-\\d{2}-\\d{2}' }[period];
  return new RegExp(`^${name}\\.(${digits})\\.db$`);
}
