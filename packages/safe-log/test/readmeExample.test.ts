import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = resolve(packageDir, '../..');

/** The README's first `ts` block, as a user would copy it, and the `text` block it says it prints. */
function firstExample(): { code: string; prints: string } {
  const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');
  const match = /```ts\n([\s\S]*?)```[\s\S]*?```text\n([\s\S]*?)```/.exec(readme);
  if (match === null) throw new Error('README has no ts example followed by its output');
  return { code: match[1]!, prints: match[2]! };
}

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'safe-log-readme-'));
  symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'));
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the README example', () => {
  it('runs as written and prints what the README says: one redacted line per call', async () => {
    const script = join(dir, 'example.ts');
    const example = firstExample();
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }');
    writeFileSync(script, example.code);
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--conditions=ballast-source', script],
      {
        cwd: dir,
        env: { ...process.env, TSX_TSCONFIG_PATH: join(repoRoot, 'tsconfig.base.json') },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise((done) => child.on('close', done));
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout.trim()).toBe(example.prints.trim());
    expect(stdout).toContain('Bearer [REDACTED]');
  }, 20_000);
});
