import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from '@jest/globals';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

// Regression: the evaluation timeout was an unref'd ballast timer, so a script awaiting an
// evaluation of a provider that never answered exited with code 13 and printed nothing.
it('keeps a process alive while a caller awaits the OpenFeature evaluation timeout (real child process)', async () => {
  const script = path.join(repoRoot, 'packages/flags/test/fixtures/openFeatureKeepAlive.ts');
  const outcome = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', '--conditions=ballast-source', script],
      {
        cwd: repoRoot,
        env: { ...process.env, TSX_TSCONFIG_PATH: path.join(repoRoot, 'tsconfig.base.json') },
      },
      (error, stdout) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        resolve({ code, stdout: stdout.trim() });
      },
    );
  });
  expect(outcome).toEqual({ code: 0, stdout: 'STALE true' });
});
