/**
 * An action's result as JSON data for the step's output. Results that cannot be serialised
 * (cycles, BigInt) are kept as their string form rather than failing a step that did its work.
 */
export function toJsonValue(value: unknown): unknown {
  if (value === undefined) return null;
  try {
    return JSON.parse(JSON.stringify(value)) as unknown;
  } catch {
    return String(value);
  }
}
