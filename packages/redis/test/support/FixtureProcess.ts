import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../../../..');

/**
 * A fixture from `test/fixtures/<name>.ts` in its own Node process (TypeScript through tsx),
 * spoken to in lines: the test writes commands on stdin and waits for lines on stdout.
 */
export class FixtureProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly lines: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  #stderr = '';
  #waiters: { match: (line: string) => boolean; resolve: (line: string) => void }[] = [];

  constructor(name: string, args: readonly string[]) {
    const script = join(repoRoot, 'packages/redis/test/fixtures', `${name}.ts`);
    this.child = spawn(
      process.execPath,
      ['--import', 'tsx', '--conditions=ballast-source', script, ...args],
      {
        cwd: repoRoot,
        env: { ...process.env, TSX_TSCONFIG_PATH: join(repoRoot, 'tsconfig.base.json') },
      },
    );
    this.child.stderr.on('data', (chunk: Buffer) => (this.#stderr += chunk.toString()));
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      this.lines.push(line);
      this.#waiters = this.#waiters.filter((waiter) => {
        if (!waiter.match(line)) return true;
        waiter.resolve(line);
        return false;
      });
    });
    this.exited = new Promise((resolve) =>
      this.child.on('close', (code, signal) => resolve({ code, signal })),
    );
  }

  /** What the process wrote on stderr so far. */
  get stderr(): string {
    return this.#stderr;
  }

  /** Resolves with the first line (already seen or to come) starting with `prefix`. */
  waitFor(prefix: string, withinMs = 30_000): Promise<string> {
    const seen = this.lines.find((line) => line.startsWith(prefix));
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(new Error(`no "${prefix}" line within ${withinMs} ms; stderr:\n${this.#stderr}`)),
        withinMs,
      );
      timer.unref(); // a wait nobody needs any more (a lost race) must not hold Jest open
      this.#waiters.push({
        match: (line) => line.startsWith(prefix),
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
      });
    });
  }

  /** Writes one line on the process's stdin. */
  send(line: string): void {
    this.child.stdin.write(`${line}\n`);
  }

  /** Sends `signal` and, for SIGKILL, waits until the process is gone. */
  async signal(signal: NodeJS.Signals): Promise<void> {
    this.child.kill(signal);
    if (signal === 'SIGKILL') await this.exited;
  }
}
