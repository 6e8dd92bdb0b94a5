import { Runtime } from './Runtime.js';

let shared: Runtime | undefined;

/**
 * The process-wide runtime used by `protect()` when none is given. Its timers follow the rule
 * of every runtime: one a caller awaits (a retry delay, a deadline, a queue wait) keeps the
 * process alive like a `setTimeout`, housekeeping never does. A disposed one is replaced on
 * next use.
 *
 * @example
 * ```ts
 * const fetchQuote = protect(rawFetchQuote, [retry()]); // runs on defaultRuntime()
 * for (const [name, s] of retryStatistics(defaultRuntime())) console.log(name, s);
 * ```
 */
export function defaultRuntime(): Runtime {
  if (shared === undefined || shared.disposed) shared = new Runtime();
  return shared;
}
