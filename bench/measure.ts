/** A case to measure: one call of the thing under test. */
export type BenchCase = () => unknown;

/** How {@link compare} measures. */
export interface CompareOptions {
  /** Rounds; each round runs every case once, in rotating order. Default 21. */
  readonly rounds?: number;
  /** Calls per case per round. Default 20,000. */
  readonly iterations?: number;
  /** Whether a case's result must be awaited (sequential `await`). Default true. */
  readonly awaitEach?: boolean;
}

async function timeCase(run: BenchCase, iterations: number, awaitEach: boolean): Promise<number> {
  const start = process.hrtime.bigint();
  if (awaitEach) {
    for (let i = 0; i < iterations; i++) await run();
  } else {
    for (let i = 0; i < iterations; i++) run();
  }
  return Number(process.hrtime.bigint() - start) / iterations;
}

/** The median of `values` (not modified). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Measures cases side by side in one process: every round runs each case (rotating which goes
 * first, so none always gets a warm or cold slot) and the result is the median ns per call.
 */
export async function compare(
  cases: Readonly<Record<string, BenchCase>>,
  options: CompareOptions = {},
): Promise<Record<string, number>> {
  const rounds = options.rounds ?? 21;
  const iterations = options.iterations ?? 20_000;
  const awaitEach = options.awaitEach ?? true;
  const names = Object.keys(cases);
  const samples: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  for (const name of names) await timeCase(cases[name]!, Math.min(iterations, 5_000), awaitEach); // warm-up
  for (let round = 0; round < rounds; round++) {
    for (let offset = 0; offset < names.length; offset++) {
      const name = names[(round + offset) % names.length]!;
      samples[name]!.push(await timeCase(cases[name]!, iterations, awaitEach));
    }
  }
  return Object.fromEntries(names.map((name) => [name, median(samples[name]!)]));
}

/** Rounds to a readable precision for the JSON line. */
export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Prints a human table unless `--json` only is wanted, then the JSON line last. */
export function report(
  title: string,
  table: Record<string, number | string>,
  json: Record<string, number>,
): void {
  console.log(`\n${title}`);
  const width = Math.max(28, ...Object.keys(table).map((key) => key.length + 1));
  for (const [key, value] of Object.entries(table)) console.log(`  ${key.padEnd(width)} ${value}`);
  console.log(JSON.stringify(json));
}
