import type { Runtime } from '@ballast/core';
import type {
  ReadinessCheck,
  ReadinessReport,
  ReadinessResult,
  ReadinessStatus,
} from './ReadinessCheck.js';

const STATUSES: readonly ReadinessStatus[] = ['pass', 'warn', 'fail'];
const RANK: Readonly<Record<ReadinessStatus, number>> = { pass: 0, warn: 1, fail: 2 };

function isResult(value: unknown): value is ReadinessResult {
  const status = (value as { status?: unknown } | null)?.status;
  return status === 'pass' || status === 'warn' || status === 'fail';
}

/** Runs one check, bounded by `timeoutMs` on the runtime scheduler; a throw or timeout is `fail`. */
function runCheck(
  runtime: Runtime,
  check: ReadinessCheck,
  timeoutMs: number,
): Promise<ReadinessResult> {
  return new Promise((resolve) => {
    const timer = runtime.scheduler.schedule(timeoutMs, () =>
      resolve({ status: 'fail', reasons: [`did not answer within ${timeoutMs} ms`] }),
    );
    const settle = (result: ReadinessResult): void => {
      timer.cancel();
      resolve(result);
    };
    const failed = (error: unknown): void =>
      settle({ status: 'fail', reasons: [`threw: ${(error as Error)?.message ?? String(error)}`] });
    try {
      Promise.resolve(check.check()).then(
        (result) =>
          settle(isResult(result) ? result : { status: 'fail', reasons: ['returned no status'] }),
        failed,
      );
    } catch (error) {
      failed(error);
    }
  });
}

/**
 * Runs every check concurrently and folds them into one report: ready unless a check fails (or
 * the runtime was disposed).
 */
export async function evaluateReadiness(
  runtime: Runtime,
  checks: readonly ReadinessCheck[],
  timeoutMs: number,
): Promise<ReadinessReport> {
  if (runtime.disposed) {
    const runtimeResult: ReadinessResult = { status: 'fail', reasons: ['runtime disposed'] };
    return {
      ready: false,
      status: 'fail',
      reasons: ['runtime: runtime disposed'],
      checks: { runtime: runtimeResult },
    };
  }
  const results = await Promise.all(checks.map((check) => runCheck(runtime, check, timeoutMs)));
  const report: Record<string, ReadinessResult> = {};
  const reasons: string[] = [];
  let worst = 0;
  checks.forEach((check, i) => {
    const result = results[i]!;
    report[check.name] = result;
    for (const reason of result.reasons ?? []) reasons.push(`${check.name}: ${reason}`);
    worst = Math.max(worst, RANK[result.status]);
  });
  const status = STATUSES[worst]!;
  return { ready: status !== 'fail', status, reasons, checks: report };
}
