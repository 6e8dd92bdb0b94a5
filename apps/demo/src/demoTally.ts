import type { Runtime } from '@ballast/core';
import { breakerStatistics, fallbackStatistics, timeoutStatistics } from '@ballast/resilience';
import { callStatistics } from '@ballast/safe-log';

/** Counts of one column of the summary (a service, or everything). */
export interface TallyColumn {
  calls: number;
  retries: number;
  breakerOpened: number;
  breakerClosed: number;
  fallbacks: number;
  timeouts: number;
}

/** Which column a statistic belongs to, by its policy, breaker or class name. */
export type ColumnOf = (name: string) => string | undefined;

/** A zeroed column. */
export function emptyColumn(): TallyColumn {
  return { calls: 0, retries: 0, breakerOpened: 0, breakerClosed: 0, fallbacks: 0, timeouts: 0 };
}

/**
 * Adds what `runtime`'s statistics hold to `columns`: calls from SafeLog's per-method counters
 * (by class name), breaker transitions into OPEN and CLOSED, fallbacks served and timeouts (by
 * policy name). Retries are not here: they are counted from `retry.attempt` events.
 */
export function tallyRuntime(
  runtime: Runtime,
  columnOf: ColumnOf,
  columns: Map<string, TallyColumn>,
): void {
  const column = (name: string): TallyColumn | undefined => {
    const key = columnOf(name);
    if (key === undefined) return undefined;
    let found = columns.get(key);
    if (found === undefined) columns.set(key, (found = emptyColumn()));
    return found;
  };
  for (const method of callStatistics(runtime)) {
    const target = column(method.service);
    if (target === undefined) continue;
    const { success, error, timeout, swallowed } = method.calls;
    target.calls += success + error + timeout + swallowed;
  }
  for (const breaker of breakerStatistics(runtime).values()) {
    const target = column(breaker.name);
    if (target === undefined) continue;
    target.breakerOpened += breaker.transitions.OPEN;
    target.breakerClosed += breaker.transitions.CLOSED;
  }
  for (const [name, statistics] of fallbackStatistics(runtime)) {
    const target = column(name);
    if (target !== undefined) target.fallbacks += statistics.fallbacks;
  }
  for (const [name, statistics] of timeoutStatistics(runtime)) {
    const target = column(name);
    if (target !== undefined) target.timeouts += statistics.timeouts;
  }
}
