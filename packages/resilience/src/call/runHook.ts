/**
 * Calls a policy's hook, guarded: a hook that throws is counted in `statistics.hookErrors` and
 * never reaches the call it observes.
 */
export function runHook<E>(
  hook: ((event: E) => void) | undefined,
  event: E,
  statistics: { hookErrors: number },
): void {
  if (hook === undefined) return;
  try {
    hook(event);
  } catch {
    statistics.hookErrors++;
  }
}
