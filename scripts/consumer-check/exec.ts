import { spawn } from 'node:child_process';

/** What a finished command left behind. */
export interface ExecResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

/** Options of {@link exec}. */
export interface ExecOptions {
  readonly cwd: string;
  /** Killed (with its process group) after this long. @default 600000 */
  readonly timeoutMs?: number;
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Runs `command` without a shell and collects its output. Never rejects for a failing command:
 * callers judge the exit code, so a failure can be reported with its output.
 */
export function exec(
  command: string,
  args: readonly string[],
  options: ExecOptions,
): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group, so a timeout ends its children too
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, options.timeoutMs ?? 600_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}

/** One line saying how a command ended, with the tail of its output, for failure reports. */
export function describeFailure(what: string, result: ExecResult): string {
  const ending = result.timedOut
    ? 'timed out'
    : result.signal !== null
      ? `was killed by ${result.signal}`
      : result.code === 13
        ? 'exited with code 13: a top-level await never settled (nothing kept the process alive while it waited)'
        : `exited with code ${result.code}`;
  const output = `${result.stdout}${result.stderr}`.trim().split('\n').slice(-40).join('\n');
  return `${what} ${ending}${output === '' ? '' : `:\n${output}`}`;
}

/** Runs a command that must succeed; throws with its output otherwise. */
export async function execOrThrow(
  command: string,
  args: readonly string[],
  options: ExecOptions,
): Promise<ExecResult> {
  const result = await exec(command, args, options);
  if (result.code !== 0) throw new Error(describeFailure(`${command} ${args.join(' ')}`, result));
  return result;
}
