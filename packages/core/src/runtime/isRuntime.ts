import { readProperty } from '../values/readProperty.js';
import type { Runtime } from './Runtime.js';

function hasMethod(value: unknown, name: string): boolean {
  return typeof readProperty(value, name) === 'function';
}

/**
 * True when `value` offers what packages use of a {@link Runtime} (clock, scheduler, services,
 * dispose hooks). Duck-typed: a second copy of `@ballast/core` in the tree makes `instanceof`
 * fail for a real runtime. Never throws.
 *
 * @example
 * ```ts
 * if (options.runtime !== undefined && !isRuntime(options.runtime)) read.fail('runtime', 'a ballast Runtime');
 * ```
 */
export function isRuntime(value: unknown): value is Runtime {
  return (
    hasMethod(value, 'service') &&
    hasMethod(value, 'onDispose') &&
    hasMethod(readProperty(value, 'clock'), 'now') &&
    hasMethod(readProperty(value, 'scheduler'), 'schedule')
  );
}
