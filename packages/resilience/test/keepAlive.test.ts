import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const fixture = path.join(repoRoot, 'packages/resilience/test/fixtures/keepAlive.ts');

/** Runs the fixture in a real Node process; resolves with its exit code and output. */
function run(mode: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', '--conditions=ballast-source', fixture, mode],
      {
        cwd: repoRoot,
        env: { ...process.env, TSX_TSCONFIG_PATH: path.join(repoRoot, 'tsconfig.base.json') },
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        resolve({ code, stdout: stdout.trim(), stderr });
      },
    );
  });
}

// Before the fix every mode but 'housekeeping' exited with code 13 and printed nothing: the
// only timer was unref'd, so Node abandoned the pending top-level await.
describe('a process whose only pending work is a ballast timer (real child processes)', () => {
  it.each([
    ['retry-delay', 'answer after 2 attempts'],
    ['default-runtime', 'default runtime ok'],
    ['timeout', 'BALLAST_ERR_TIMEOUT'],
    ['bulkhead-wait', 'BALLAST_ERR_BULKHEAD_FULL'],
    ['rate-limit-wait', 'call 1, call 2'],
  ])('stays alive while a caller awaits it (%s) and prints the result', async (mode, printed) => {
    expect(await run(mode)).toMatchObject({ code: 0, stdout: printed });
  });

  it('exits at once when only housekeeping is left (idle sweeps, spare wake-ups, clock refresh)', async () => {
    // A housekeeping timer that held the process open would keep it for minutes: the test
    // would time out instead of seeing the exit.
    expect(await run('housekeeping')).toMatchObject({ code: 0, stdout: 'a ok true' });
  });
});
