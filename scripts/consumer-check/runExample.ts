import { describeFailure, exec } from './exec.js';

function normalise(output: string): string {
  return output
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .trim();
}

/**
 * Runs a compiled example with plain `node` and checks that it exits 0 and prints exactly
 * `expectedOutput` (line ends and trailing spaces aside). Returns the problems found.
 */
export async function runExample(
  script: string,
  cwd: string,
  expectedOutput: string,
  label: string,
): Promise<string[]> {
  const result = await exec(process.execPath, [script], { cwd, timeoutMs: 60_000 });
  if (result.code !== 0 || result.timedOut) return [describeFailure(`node ${label}`, result)];
  const printed = normalise(result.stdout);
  const expected = normalise(expectedOutput);
  return printed === expected ? [] : [`node ${label} printed\n${printed}\ninstead of\n${expected}`];
}
