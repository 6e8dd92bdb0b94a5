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

/** A child answering one stdout line per stdin line (after printing `ready`). */
export interface ChildSession {
  /** Resolves once the child printed `ready`. */
  readonly ready: Promise<void>;
  /** Sends one command and resolves with the child's answer to it. */
  ask(line: string): Promise<string>;
  /** Resolves when the child exits. */
  readonly exited: ReturnType<typeof watchChild>;
  /** Sends the child a signal (SIGTERM by default). */
  kill(signal?: NodeJS.Signals): void;
}

/** Drives a line-oriented fixture (such as `operator`) one command at a time. */
export function talkTo(child: ChildProcessWithoutNullStreams): ChildSession {
  const waiting: ((line: string) => void)[] = [];
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const exited = watchChild(child, (line) => {
    if (line === 'ready') markReady();
    else waiting.shift()?.(line);
  });
  return {
    ready,
    exited,
    kill: (signal) => child.kill(signal),
    ask: (line) =>
      new Promise((resolve) => {
        waiting.push(resolve);
        child.stdin.write(`${line}\n`);
      }),
  };
}
