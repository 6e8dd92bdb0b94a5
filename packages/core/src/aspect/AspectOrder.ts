import { AspectOrderError } from '../errors/kernelErrors.js';
import { originalOf } from '../weaving/createWrapper.js';
import { setOrder } from '../weaving/recordings.js';
import { type AspectDecorator, decoratedMethod } from './methodDecorator.js';

/**
 * Overrides the fixed aspect order for one method, outermost first. At weave time the list must
 * name exactly the aspects on the method.
 *
 * @example
 * ```ts
 * @AspectOrder('Timeout', 'Retry') // one timeout around all attempts
 * @Retry() @Timeout(5_000)
 * async sync() {}
 * ```
 */
export function AspectOrder(...names: string[]): AspectDecorator {
  const where = '@AspectOrder';
  if (names.length === 0) throw new AspectOrderError(`${where}: list at least one aspect name.`);
  for (const name of names) {
    if (typeof name !== 'string' || name.length === 0) {
      throw new AspectOrderError(`${where}: names must be non-empty strings like "Retry".`);
    }
  }
  const duplicate = names.find((name, index) => names.indexOf(name) !== index);
  if (duplicate !== undefined)
    throw new AspectOrderError(`${where}: "${duplicate}" is listed twice.`);
  const order = Object.freeze([...names]);
  return ((...args: unknown[]) => {
    setOrder(originalOf(decoratedMethod(where, args).method), order);
  }) as AspectDecorator;
}
