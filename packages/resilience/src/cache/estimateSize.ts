/** Bytes counted for every value: the slot that holds it. */
const SLOT = 8;
/** Bytes counted for an object's, array's, Map's or Set's header. */
const OBJECT = 32;
/** Bytes counted for a string's header. */
const STRING = 16;

/**
 * Estimates what `value` occupies in memory, in bytes, by walking it: 8 per value (its slot);
 * a string adds 16 plus 2 per UTF-16 code unit; a bigint 16 plus 8 per 64 bits; an object, array,
 * Map or Set adds 32 plus its keys and values; an ArrayBuffer, typed array or Buffer adds 32 plus
 * its byteLength; a Date adds 32. An object reached twice counts once. Estimates err high (V8
 * keeps Latin-1 strings in one byte per character and small integers in the slot itself), so a
 * byte bound holds. The walk stops as soon as the total passes `limit`.
 *
 * @example
 * ```ts
 * estimateSize({ id: 'u-1', tags: ['a'] }); // 196: the object 40, 'id' 28, 'u-1' 30, 'tags' 32, ['a'] 40, 'a' 26
 * ```
 */
export function estimateSize(value: unknown, limit = Infinity): number {
  let total = 0;
  const seen = new Set<object>();
  const stack: unknown[] = [value];
  while (stack.length > 0 && total <= limit) {
    const item = stack.pop();
    total += SLOT;
    switch (typeof item) {
      case 'string':
        total += STRING + 2 * item.length;
        continue;
      case 'bigint':
        total += STRING + 8 * Math.ceil(item.toString(16).length / 16);
        continue;
      case 'object':
        if (item === null || seen.has(item)) continue;
        seen.add(item);
        total += OBJECT + contentsOf(item, stack);
        continue;
      default:
        continue;
    }
  }
  return total;
}

/** Bytes held directly by `item`; pushes what it refers to onto `stack`. */
function contentsOf(item: object, stack: unknown[]): number {
  if (ArrayBuffer.isView(item)) return item.byteLength;
  if (item instanceof ArrayBuffer) return item.byteLength;
  if (item instanceof Date) return 0;
  if (item instanceof Map) {
    for (const [key, entry] of item) stack.push(key, entry);
    return 0;
  }
  if (item instanceof Set) {
    for (const entry of item) stack.push(entry);
    return 0;
  }
  if (Array.isArray(item)) {
    for (const entry of item as unknown[]) stack.push(entry);
    return 0;
  }
  for (const key of Object.keys(item)) stack.push(key, (item as Record<string, unknown>)[key]);
  return 0;
}
