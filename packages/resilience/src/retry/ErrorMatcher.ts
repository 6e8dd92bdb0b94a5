import { errorCode, type OptionsReader, readProperty } from '@ballast/core';

/**
 * An error class (matches instances), a `code` string, or a predicate. A code matches the
 * error's own `code` or that of an error in its `cause` chain: Node's `fetch` fails with a
 * `TypeError` whose `cause` carries `ECONNRESET`.
 */
export type ErrorMatcherItem =
  (abstract new (...args: never[]) => Error) | string | ((error: unknown) => boolean);

/** What `retryOn`, `abortOn` and `on` accept: one matcher or a list of them (any may match). */
export type ErrorMatcherInput = ErrorMatcherItem | readonly ErrorMatcherItem[];

/**
 * A compiled matcher, plus the codes it names: its code strings and the `code` its error classes
 * declare (naming an error lifts the retry's refusal of its kind).
 */
export interface ErrorMatcher {
  readonly matches: (error: unknown) => boolean;
  readonly codes: ReadonlySet<string>;
}

/** How deep a code is looked for along `cause` links (a cycle cannot loop forever). */
const MAX_CAUSE_DEPTH = 5;

function hasCodeInChain(error: unknown, codes: ReadonlySet<string>): boolean {
  let current = error;
  for (let depth = 0; depth <= MAX_CAUSE_DEPTH && current !== undefined; depth++) {
    const code = errorCode(current);
    if (code !== undefined && codes.has(code)) return true;
    current = readProperty(current, 'cause'); // undefined when the read throws
  }
  return false;
}

/** `error instanceof type`, false when the check throws (a proxy whose prototype trap throws). */
function isInstance(error: unknown, type: abstract new (...args: never[]) => Error): boolean {
  try {
    return error instanceof type;
  } catch {
    return false;
  }
}

function isErrorClass(value: unknown): value is abstract new (...args: never[]) => Error {
  return typeof value === 'function' && (value === Error || value.prototype instanceof Error);
}

/** Validates and compiles a matcher option; undefined when the option is absent. */
export function readErrorMatcher(read: OptionsReader, key: string): ErrorMatcher | undefined {
  const raw = read.raw(key);
  if (raw === undefined) return undefined;
  const items = (Array.isArray(raw) ? raw : [raw]) as unknown[];
  const expected =
    'an Error class, an error code string, a predicate (error) => boolean, or a list of them';
  if (items.length === 0) read.fail(key, expected);
  const classes: (abstract new (...args: never[]) => Error)[] = [];
  const codes = new Set<string>();
  const named = new Set<string>();
  const predicates: ((error: unknown) => boolean)[] = [];
  for (const item of items) {
    if (isErrorClass(item)) {
      classes.push(item);
      const declared = readProperty(item, 'code'); // a BallastError subclass declares its code
      if (typeof declared === 'string') named.add(declared);
    } else if (typeof item === 'string' && item.length > 0) {
      codes.add(item);
      named.add(item);
    } else if (typeof item === 'function') predicates.push(item as (error: unknown) => boolean);
    else read.fail(key, expected);
  }
  return {
    codes: named,
    matches(error) {
      for (const type of classes) if (isInstance(error, type)) return true;
      if (codes.size > 0 && hasCodeInChain(error, codes)) return true;
      for (const predicate of predicates) if (predicate(error) === true) return true;
      return false;
    },
  };
}
