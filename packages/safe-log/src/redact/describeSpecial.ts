/**
 * Built-in objects that have a natural one-value form in a log line (dates, buffers, regular
 * expressions, URLs, weak collections, promises), or undefined for ordinary objects.
 */
export function describeSpecial(value: object): string | undefined {
  if (value instanceof Date)
    return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (value instanceof URL) return value.href;
  if (value instanceof RegExp) return value.toString();
  if (ArrayBuffer.isView(value)) return `[${value.constructor.name} ${value.byteLength} bytes]`;
  if (value instanceof ArrayBuffer) return `[ArrayBuffer ${value.byteLength} bytes]`;
  if (value instanceof Promise) return '[Promise]';
  if (value instanceof WeakMap || value instanceof WeakSet) return `[${value.constructor.name}]`;
  return undefined;
}
