/**
 * A deep copy of validated JSON data with every object and array frozen. Definitions are copied
 * when loaded, so editing the document handed to `load()` or `set()` later changes nothing, and
 * frozen, so a variant value returned by an evaluation cannot be changed for the next caller.
 * Load-time only: evaluations return the frozen values without copying.
 */
export function frozenCopy<T>(value: T): T {
  return deepFreeze(structuredClone(value));
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const entry of Object.values(value)) deepFreeze(entry);
    Object.freeze(value);
  }
  return value;
}
