/**
 * Measuring in forks: a suite's `measure()` run in several fresh processes, one after another.
 * One process's JIT decisions and heap layout can make a case several percent faster or slower
 * for that process's whole life (the overhead stack's steady state ranged 182–216 ns across six
 * processes of the same build), so one process is one sample; the median of the forks is the
 * figure. JMH runs forks by default for the same reason.
 */
import { spawnSync } from 'node:child_process';
import { median } from './measure.js';

/** Set in a fork's environment: `bench/run.ts` then prints the suite's `measure()` result. */
export const FORK_ENV = 'BALLAST_BENCH_FORK';
const MARKER = 'ballast-fork-result ';

/** Prints a fork's result for the parent to read. */
export function printForkResult(result: Record<string, number>): void {
  console.log(MARKER + JSON.stringify(result));
}

/** The forks' results, and per field the median over them. */
export interface ForkedResult {
  readonly median: Record<string, number>;
  readonly forks: readonly Record<string, number>[];
}

/**
 * Runs `suite`'s `measure()` in `count` fresh processes, one at a time (so they never compete
 * for the CPU), with this process's Node flags and loader.
 */
export function inForks(suite: string, count: number): ForkedResult {
  const forks: Record<string, number>[] = [];
  for (let fork = 0; fork < count; fork++) {
    const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, suite], {
      env: { ...process.env, [FORK_ENV]: String(fork + 1) },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 16 * 1024 * 1024,
    });
    const line = child.stdout.split('\n').find((text) => text.startsWith(MARKER));
    if (child.status !== 0 || line === undefined) {
      throw new Error(`bench fork ${fork + 1} of ${suite} failed (exit ${child.status}).`);
    }
    forks.push(JSON.parse(line.slice(MARKER.length)) as Record<string, number>);
  }
  const fields = Object.keys(forks[0]!);
  return {
    median: Object.fromEntries(fields.map((field) => [field, median(forks.map((f) => f[field]!))])),
    forks,
  };
}
