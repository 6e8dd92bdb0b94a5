/** Strings that JSON.stringify leaves as they are between quotes (control characters are escaped). */
// eslint-disable-next-line no-control-regex
const PLAIN_STRING = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;
const MAX_PLAIN_TEST = 256;
const MAX_CACHED_KEYS = 1_000;
const keyPrefixes = new Map<string, string>();

function stringifyString(value: string): string {
  return value.length <= MAX_PLAIN_TEST && PLAIN_STRING.test(value)
    ? `"${value}"`
    : JSON.stringify(value);
}

const EMPTY = {};

/** True while nobody added an enumerable property to Object.prototype. */
function cleanObjectPrototype(): boolean {
  for (const _key in EMPTY) return false;
  return true;
}

/** `"key":`, remembered: the keys of log lines repeat. */
function keyPrefix(key: string): string {
  let prefix = keyPrefixes.get(key);
  if (prefix === undefined) {
    prefix = `${JSON.stringify(key)}:`;
    if (keyPrefixes.size < MAX_CACHED_KEYS) keyPrefixes.set(key, prefix);
  }
  return prefix;
}

/**
 * Exactly `JSON.stringify(record)` for a plain object of JSON data (what a log line is after
 * redaction), about a third faster on this hot path for flat lines: top-level strings,
 * numbers and booleans are written directly, nested values go through `JSON.stringify`.
 * Hand-written because it runs once per log line; `stringifyRecord.test.ts` holds it to
 * `JSON.stringify`'s output.
 */
export function stringifyRecord(record: object): string {
  // for-in is the fast walk, but it would also list enumerable keys added to Object.prototype.
  if (Object.getPrototypeOf(record) !== Object.prototype || !cleanObjectPrototype())
    return JSON.stringify(record);
  let out = '{';
  for (const key in record) {
    const value = (record as Record<string, unknown>)[key];
    let text: string | undefined;
    switch (typeof value) {
      case 'string':
        text = stringifyString(value);
        break;
      case 'number':
        text = Number.isFinite(value) ? String(value) : 'null';
        break;
      case 'boolean':
        text = value ? 'true' : 'false';
        break;
      case 'undefined':
      case 'function':
      case 'symbol':
        continue;
      default:
        text = JSON.stringify(value);
        if (text === undefined) continue;
    }
    out += out.length === 1 ? keyPrefix(key) + text : `,${keyPrefix(key)}${text}`;
  }
  return `${out}}`;
}
