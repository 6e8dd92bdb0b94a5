import { recordingsFromUses } from '../protect/protect.js';
import type { AspectUse } from './Aspect.js';
import { recordAndWrap } from './createDecorator.js';
import type { AspectDecorator } from './methodDecorator.js';

/**
 * A decorator that puts ready-made uses (`retry({...})`, a named policy, a reusable policy's
 * aspects) on a method, as their own decorators would. The options were validated when the uses
 * were made, and the very same option objects are recorded, so every method and call site
 * sharing them shares the state keyed by them (a retry budget, a breaker's window).
 *
 * @example
 * ```ts
 * const Guarded = (): AspectDecorator => applyUses([retry({ maxAttempts: 2 }), timeout(1_000)]);
 * class Client { @Guarded() async get(): Promise<string> { return fetchIt(); } }
 * ```
 */
export function applyUses(uses: readonly AspectUse[], where = '@applyUses'): AspectDecorator {
  const recordings = recordingsFromUses(uses, where);
  return ((...args: unknown[]) => recordAndWrap(where, args, recordings)) as AspectDecorator;
}
