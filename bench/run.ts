/**
 * Benchmark entry: `npm run bench -- <suite> [--json]`. Each suite lives in bench/suites/<suite>.ts
 * and prints its JSON result as the last line.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FORK_ENV, printForkResult } from './forks.js';

const suitesDir = join(dirname(fileURLToPath(import.meta.url)), 'suites');
const available = readdirSync(suitesDir)
  .filter((file) => file.endsWith('.ts'))
  .map((file) => file.slice(0, -3))
  .sort();
const suite = process.argv.slice(2).find((arg) => !arg.startsWith('--'));

if (suite === undefined || !available.includes(suite)) {
  console.error(`usage: npm run bench -- <suite> [--json]\nsuites: ${available.join(', ')}`);
  process.exit(2);
}
const module = (await import(join(suitesDir, `${suite}.ts`))) as {
  run: () => Promise<void>;
  measure?: () => Promise<Record<string, number>>;
};
if (process.env[FORK_ENV] === undefined) await module.run();
else printForkResult(await module.measure!());
