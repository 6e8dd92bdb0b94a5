import { readProperty, type Runtime } from '@ballast/core';

function hasMethod(value: unknown, name: string): boolean {
  return typeof readProperty(value, name) === 'function';
}

/**
 * @internal True when `value` offers what this package uses of a {@link Runtime} (clock,
 * scheduler, services, dispose hooks). Duck-typed: a second copy of `@ballast/core` in the
 * tree makes `instanceof` fail for a real runtime.
 */
export function isRuntime(value: unknown): value is Runtime {
  return (
    hasMethod(value, 'service') &&
    hasMethod(value, 'onDispose') &&
    hasMethod(readProperty(value, 'clock'), 'now') &&
    hasMethod(readProperty(value, 'scheduler'), 'schedule')
  );
}
