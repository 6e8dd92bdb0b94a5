import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/** Starts `test/fixtures/<name>.ts` in a real Node process (TypeScript sources through tsx). */
export function startFixture(
  name: string,
  args: readonly string[],
): ChildProcessWithoutNullStreams {
  const script = path.join(repoRoot, 'packages/store/test/fixtures', `${name}.ts`);
  return spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=ballast-source', script, ...args],
    {
      cwd: repoRoot,
      env: { ...process.env, TSX_TSCONFIG_PATH: path.join(repoRoot, 'tsconfig.base.json') },
    },
  );
}

/** Calls `onLine` for each stdout line; resolves with the exit code (or signal) and stderr. */
export function watchChild(
  child: ChildProcessWithoutNullStreams,
  onLine: (line: string) => void = () => undefined,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  createInterface({ input: child.stdout }).on('line', onLine);
  return new Promise((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stderr })),
  );
}
