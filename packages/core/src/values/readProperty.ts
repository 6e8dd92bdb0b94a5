/**
 * `value[key]`, or undefined when `value` is not an object or function or when the read throws
 * (a getter or a proxy trap): reads what a dependency threw or returned without letting that
 * value fail a second time.
 *
 * @example
 * ```ts
 * const hint = readProperty(error, 'retryAfterMs'); // undefined from a getter that throws
 * ```
 */
export function readProperty(value: unknown, key: PropertyKey): unknown {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null)
    return undefined;
  try {
    return (value as Record<PropertyKey, unknown>)[key];
  } catch {
    return undefined;
  }
}
