import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readJsonLines } from './jsonLines.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const fixture = join(repoRoot, 'packages/safe-log/test/fixtures/logThenExit.ts');

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'safe-log-exit-'));
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the fixture in a real Node process; resolves with its exit code and stderr. */
function runChild(args: readonly string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=ballast-source', fixture, ...args],
    {
      cwd: repoRoot,
      env: { ...process.env, TSX_TSCONFIG_PATH: join(repoRoot, 'tsconfig.base.json') },
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((done) => child.on('close', (code) => done({ code, stderr })));
}

interface Outcome {
  readonly indexes: number[];
  readonly stats: { written: number; dropped: number; queued: number };
}

async function logThenEnd(mode: string, lines: number, queueSize: number): Promise<Outcome> {
  const file = join(dir, 'app.log');
  const { code, stderr } = await runChild([mode, file, String(lines), String(queueSize)]);
  expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  const indexes = readJsonLines(file).map((line) => line.i as number);
  return {
    indexes,
    stats: JSON.parse(readFileSync(`${file}.stats.json`, 'utf8')) as Outcome['stats'],
  };
}

const all = (n: number): number[] => [...Array(n).keys()];

describe('a process that ends right after logging', () => {
  it.each(['exit', 'dispose', 'flush', 'natural'])(
    'still writes every queued line (%s)',
    async (mode) => {
      const { indexes, stats } = await logThenEnd(mode, 5_000, 10_000);
      expect(indexes).toEqual(all(5_000));
      expect(stats).toMatchObject({ written: 5_000, dropped: 0, queued: 0 });
    },
    20_000,
  );

  it('writes up to the queue bound on process.exit() and counts the rest as dropped', async () => {
    const { indexes, stats } = await logThenEnd('exit', 1_500, 1_000);
    expect(indexes).toEqual(all(1_000));
    expect(stats).toMatchObject({ written: 1_000, dropped: 500, queued: 0 });
  }, 20_000);
});
