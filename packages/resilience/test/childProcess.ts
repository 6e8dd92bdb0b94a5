import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Runs `test/fixtures/<name>.ts` in a real Node process (TypeScript through tsx, no decorator metadata). */
export function runFixture(
  name: string,
  mode: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const script = path.join(repoRoot, 'packages/resilience/test/fixtures', `${name}.ts`);
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', '--conditions=ballast-source', script, mode],
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
