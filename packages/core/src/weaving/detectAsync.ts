type AnyFunction = (...args: never[]) => unknown;

interface MetadataReader {
  getMetadata?: (key: string, target: object, property: string | symbol) => unknown;
}

/**
 * Whether a method returns a promise: from `design:returntype` when TypeScript emitted it and
 * reflect-metadata is loaded, else from `async function` syntax; undefined when unknown.
 */
export function detectAsync(
  method: AnyFunction,
  prototype?: object,
  key?: string | symbol,
): boolean | undefined {
  if (method.constructor.name === 'AsyncFunction') return true;
  const reader = Reflect as MetadataReader;
  if (prototype !== undefined && key !== undefined && typeof reader.getMetadata === 'function') {
    const returnType = reader.getMetadata('design:returntype', prototype, key);
    if (returnType === Promise) return true;
    if (returnType !== undefined && returnType !== Object) return false;
  }
  return undefined;
}

/**
 * True for promises and other thenables. A value whose `then` cannot be read (a getter or a
 * proxy trap that throws, as a proxy refusing unknown keys does) is not one: a woven method
 * hands it back as the unwoven method would, instead of failing with what the read threw.
 */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return false;
  try {
    return typeof (value as { then?: unknown }).then === 'function';
  } catch {
    return false;
  }
}
