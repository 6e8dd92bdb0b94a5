import { CacheKeyError } from './CacheKeyError.js';

const OPEN_BRACKET = 91; // '['
const ALLOWED =
  'strings, numbers, booleans, null, undefined, bigints, arrays, plain objects and objects ' +
  'with toJSON (such as Date)';

/** Where the value being encoded sits in the arguments, for the error message. */
const path: (string | number)[] = [];
const ancestors = new Set<object>();

/** Steps of the path shown at most: a value nested deeper is named by its first steps. */
const SHOWN_STEPS = 8;

/** Where the value being encoded sits, as `argument 0.user.tags[2]`; clears the walk's state. */
function location(): string {
  const [index, ...rest] = path;
  const steps = rest
    .slice(0, SHOWN_STEPS)
    .map((step) => (typeof step === 'number' ? `[${step}]` : `.${step}`));
  path.length = 0;
  ancestors.clear();
  return `argument ${index}${steps.join('')}${rest.length > SHOWN_STEPS ? '…' : ''}`;
}

function refuse(where: string, what: string): never {
  throw new CacheKeyError(
    `${where}: ${location()} cannot be part of a cache key: it is ${what}. ` +
      `Keys are made of ${ALLOWED}; give the cache a key: (args) => string.`,
  );
}

/**
 * A walk that failed on its own (a getter or `toJSON` threw, or the value is nested deeper than
 * the stack allows): a `CacheKeyError` with the failure as its cause, and the walk's state reset
 * so the next call keys as usual.
 */
function unreadable(where: string, error: unknown): CacheKeyError {
  if (CacheKeyError.is(error)) return error;
  const what =
    error instanceof RangeError && /call stack/i.test(error.message)
      ? 'nested too deeply to key'
      : `unreadable: reading it threw (${error instanceof Error ? error.name : typeof error})`;
  return new CacheKeyError(
    `${where}: ${location()} cannot be part of a cache key: it is ${what}. ` +
      'Give the cache a key: (args) => string.',
    { cause: error },
  );
}

function encodeObject(value: object, where: string): string {
  if (ancestors.has(value))
    refuse(where, 'a reference back to an object that contains it (a cycle)');
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') {
    ancestors.add(value);
    const encoded = encode(toJSON.call(value, ''), where);
    ancestors.delete(value);
    return encoded;
  }
  ancestors.add(value);
  let out: string;
  if (Array.isArray(value)) {
    out = '[';
    for (let index = 0; index < value.length; index++) {
      path.push(index);
      out += (index > 0 ? ',' : '') + encode(value[index], where);
      path.pop();
    }
    out += ']';
  } else {
    const prototype = Object.getPrototypeOf(value) as unknown;
    if (prototype !== Object.prototype && prototype !== null) {
      const name = (value as { constructor?: { name?: string } }).constructor?.name ?? 'a class';
      refuse(where, `an instance of ${name} without toJSON`);
    }
    out = '{';
    let first = true;
    for (const key of Object.keys(value).sort()) {
      const item = (value as Record<string, unknown>)[key];
      if (item === undefined) continue; // as JSON: { a: undefined } is {}
      path.push(key);
      out += `${first ? '' : ','}${JSON.stringify(key)}:${encode(item, where)}`;
      path.pop();
      first = false;
    }
    out += '}';
  }
  ancestors.delete(value);
  return out;
}

function encode(value: unknown, where: string): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return value === 0 ? '0' : String(value); // -0 is 0; NaN and ±Infinity stay unquoted
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
      return 'undefined';
    case 'bigint':
      return `${value}n`;
    case 'symbol':
      return refuse(where, 'a symbol');
    case 'function':
      return refuse(where, 'a function');
    default:
      return value === null ? 'null' : encodeObject(value as object, where);
  }
}

/**
 * The default cache key of a call: a stable serialization of its arguments. Object keys are
 * sorted, so `{ a, b }` and `{ b, a }` share a key; trailing `undefined` arguments are dropped,
 * so `f(1)` and `f(1, undefined)` share one; values with `toJSON` are keyed by what it returns
 * (a `Date` by its ISO string). Types stay apart (`1` and `'1'` differ). A single string
 * argument is its own key, with no copy: the cheapest hit there is. Anything else that cannot be
 * told apart reliably (functions, symbols, cycles, class instances without `toJSON`), and an
 * argument that cannot be read (a getter or `toJSON` that throws, nesting deeper than the stack)
 * is a {@link CacheKeyError} naming the argument.
 */
export function argumentsKey(args: readonly unknown[], where: string): string {
  let length = args.length;
  while (length > 0 && args[length - 1] === undefined) length--;
  if (length === 1) {
    const only = args[0];
    // Encoded lists start with '[', so a string that does not is a key of its own.
    if (typeof only === 'string' && only.charCodeAt(0) !== OPEN_BRACKET) return only;
  }
  let key = '[';
  try {
    for (let index = 0; index < length; index++) {
      path.push(index);
      key += (index > 0 ? ',' : '') + encode(args[index], where);
      path.pop();
    }
  } catch (error) {
    throw unreadable(where, error);
  }
  return `${key}]`;
}
