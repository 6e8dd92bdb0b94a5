import { Runtime } from './Runtime.js';

let shared: Runtime | undefined;

/**
 * The process-wide runtime used by `protect()` when none is given. Its timers are unref'd, so it
 * never keeps the process alive; a disposed one is replaced on next use.
 */
export function defaultRuntime(): Runtime {
  if (shared === undefined || shared.disposed) shared = new Runtime();
  return shared;
}
