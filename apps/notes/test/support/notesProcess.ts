import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const cli = path.join(repoRoot, 'apps/notes/src/cli.ts');

/** Starts `notes <args>` in a real Node process (the TypeScript sources through tsx). */
export function spawnNotes(args: readonly string[]): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', '--conditions=ballast-source', cli, ...args], {
    cwd: repoRoot,
    env: { ...process.env, TSX_TSCONFIG_PATH: path.join(repoRoot, 'tsconfig.base.json') },
  });
}

/** Runs one `notes` command to its end. */
export function runNotes(
  args: readonly string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawnNotes(args);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** A `notes serve` child process and the URL it listens on. */
export interface ServerProcess {
  readonly url: string;
  readonly child: ChildProcessWithoutNullStreams;
  /** Resolves with the signal or exit code once the process is gone. */
  readonly exited: Promise<NodeJS.Signals | number | null>;
}

/** Starts `notes serve` on a free port; resolves once it printed where it listens. */
export function serveNotes(dataDir: string): Promise<ServerProcess> {
  const child = spawnNotes(['serve', '--port', '0', '--data-dir', dataDir]);
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.on('close', (code, signal) => resolve(signal ?? code)),
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const url = /^notes listening on (\S+)/.exec(line)?.[1];
      if (url !== undefined) resolve({ url, child, exited });
    });
    void exited.then((end) =>
      reject(new Error(`notes serve ended (${end}) before listening: ${stderr}`)),
    );
  });
}
