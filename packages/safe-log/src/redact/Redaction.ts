import { OptionsReader } from '@ballast/core';
import { defaultRedactors } from './defaultRedactors.js';
import { describeSpecial } from './describeSpecial.js';
import { isRedactor, REDACTED, type Redactor } from './Redactor.js';

/** Options of {@link Redaction}. */
export interface RedactionOptions {
  /** Rules applied, in order. @default defaultRedactors() */
  readonly redactors?: readonly Redactor[];
  /** Deeper values become `[Object]`/`[Array]`. @default 8 */
  readonly maxDepth?: number;
  /** Longer strings are cut and marked. @default 4096 */
  readonly maxStringLength?: number;
  /** Items kept per array or set. @default 100 */
  readonly maxArrayLength?: number;
  /** Properties kept per object. @default 100 */
  readonly maxKeys?: number;
  /**
   * Budget of one copy, roughly the length of its JSON (strings, keys and punctuation). Past it,
   * values become `[Truncated]`: a value whose parts all keep within the other caps (objects
   * that point many times at the same child, an array filled with one long string) still
   * cannot make one log call copy megabytes. @default 100000
   */
  readonly maxTotalLength?: number;
  /** Keep (masked, capped) stack traces of errors. @default true */
  readonly includeStack?: boolean;
}

type Plain = Record<string, unknown>;

/** Strings up to this length have their masked form cached. */
const SHORT = 64;
const SHORT_CACHE_SIZE = 4096;
const TRUNCATED = '[Truncated]';

/**
 * Makes a log-safe copy of any value: secrets hidden by key or masked by pattern, strings,
 * arrays, objects and depth capped, cycles cut, BigInt, Errors (with causes), Maps, Sets, typed
 * arrays and throwing getters turned into plain JSON-able data. The input is never mutated.
 *
 * @example
 * ```ts
 * const redaction = new Redaction();
 * redaction.copy({ user: 'ann', password: 'pw', url: 'https://u:p@host/x' });
 * // → { user: 'ann', password: '[REDACTED]', url: 'https://[REDACTED]@host/x' }
 * ```
 */
export class Redaction {
  readonly #keyRules: Redactor[];
  readonly #maskRules: Redactor[];
  readonly #maxDepth: number;
  readonly #maxString: number;
  readonly #maxArray: number;
  readonly #maxKeys: number;
  readonly #maxTotal: number;
  /** What the current copy has used of `maxTotalLength`. */
  #spent = 0;
  readonly #includeStack: boolean;
  readonly #ancestors = new Set<object>();
  readonly #shortCache = new Map<string, string>();

  /** Bad options (an unknown key, a negative cap) throw `ConfigError` (BALLAST_ERR_CONFIG). */
  constructor(options: RedactionOptions = {}) {
    const read = new OptionsReader('Redaction', options, [
      'redactors',
      'maxDepth',
      'maxStringLength',
      'maxArrayLength',
      'maxKeys',
      'maxTotalLength',
      'includeStack',
    ]);
    const redactors = (read.raw('redactors') as Redactor[] | undefined) ?? defaultRedactors();
    // A rule that cannot be applied would be skipped, leaving the secrets it names in the log.
    if (!Array.isArray(redactors) || !redactors.every(isRedactor)) {
      read.fail(
        'redactors',
        'an array of redactors, each with matchesKey(key) or mask(text) (keyDenylist(), patternRedactor(), …)',
      );
    }
    this.#keyRules = redactors.filter((r) => typeof r.matchesKey === 'function');
    this.#maskRules = redactors.filter((r) => typeof r.mask === 'function');
    this.#maxDepth = read.number('maxDepth', 8, { integer: true, min: 0 });
    this.#maxString = read.number('maxStringLength', 4096, { integer: true, min: 1 });
    this.#maxArray = read.number('maxArrayLength', 100, { integer: true, min: 0 });
    this.#maxKeys = read.number('maxKeys', 100, { integer: true, min: 0 });
    this.#maxTotal = read.number('maxTotalLength', 100_000, { integer: true, min: 1 });
    this.#includeStack = read.boolean('includeStack', true);
  }

  /** True when a key rule hides the value under `key`. */
  isSecretKey(key: string): boolean {
    for (const rule of this.#keyRules) if (rule.matchesKey!(key)) return true;
    return false;
  }

  /** `value` masked by every pattern, then capped. Long inputs are cut before matching to bound the cost. */
  maskString(value: string): string {
    if (value.length > SHORT) return this.#mask(value);
    // Short strings repeat (service, method and field names, outcomes): remember their masks.
    let masked = this.#shortCache.get(value);
    if (masked === undefined) {
      masked = this.#mask(value);
      if (this.#shortCache.size >= SHORT_CACHE_SIZE) this.#shortCache.clear();
      this.#shortCache.set(value, masked);
    }
    return masked;
  }

  #mask(value: string): string {
    const max = this.#maxString;
    let text = value.length > max + 1024 ? value.slice(0, max + 1024) : value;
    for (const rule of this.#maskRules) text = rule.mask!(text);
    return text.length > max || value.length > max + 1024
      ? `${text.slice(0, max)}…[truncated ${value.length - max} chars]`
      : text;
  }

  /** A redacted copy of any value. Never throws. */
  copy(value: unknown): unknown {
    this.#spent = 0;
    try {
      return this.#walk(value, 0);
    } catch {
      return '[Unserializable]';
    } finally {
      this.#forgetAncestors();
    }
  }

  /** A redacted copy of log metadata as a fresh plain object (an Error goes under `error`, non-objects under `meta`). */
  meta(meta: unknown): Plain {
    const out: Plain = {};
    this.captureMeta(out, meta);
    for (const key in out) {
      const value = out[key];
      if (typeof value === 'string') out[key] = this.maskString(value);
    }
    return out;
  }

  /**
   * The first half of {@link Redaction.meta}, for loggers that finish the work later: copies
   * `meta`'s top level into `into` with secret keys hidden and nested values redacted, but leaves
   * top-level strings unmasked. Strings are immutable, so masking them later with
   * {@link Redaction.maskString} gives exactly what `meta()` gives now, while anything the caller
   * could still mutate is copied here. Never throws.
   */
  captureMeta(into: Plain, meta: unknown): void {
    if (meta === undefined || meta === null) return;
    if (typeof meta === 'string') {
      into.meta = meta;
      return;
    }
    this.#spent = 0;
    try {
      if (isRecord(meta)) this.#object(meta, Object.keys(meta), 0, into, true);
      // logger.error('failed', error): keep the error whole instead of spreading its name and message over the line.
      else into[meta instanceof Error ? 'error' : 'meta'] = this.copy(meta);
    } catch {
      into.meta = '[Unserializable]';
    } finally {
      this.#forgetAncestors();
    }
  }

  /** Walks remove what they add; only a throw leaves entries behind (clear() reallocates: skip it). */
  #forgetAncestors(): void {
    if (this.#ancestors.size > 0) this.#ancestors.clear();
  }

  /** Takes `cost` from the copy's budget; false (and nothing left for later values) when it does not fit. */
  #charge(cost: number): boolean {
    this.#spent += cost;
    if (this.#spent <= this.#maxTotal) return true;
    this.#spent = this.#maxTotal;
    return false;
  }

  #walk(value: unknown, depth: number): unknown {
    const cost = typeof value === 'string' ? 2 + Math.min(value.length, this.#maxString) : 2;
    if (!this.#charge(cost)) return TRUNCATED;
    switch (typeof value) {
      case 'string':
        return this.maskString(value);
      case 'number':
      case 'boolean':
      case 'undefined':
        return value;
      case 'bigint':
        return value.toString();
      case 'symbol':
        return value.toString();
      case 'function':
        return `[Function ${value.name || 'anonymous'}]`;
    }
    if (value === null) return null;
    const object = value as object;
    if (this.#ancestors.has(object)) return '[Circular]';
    const special = describeSpecial(object);
    if (special !== undefined) return this.maskString(special);
    if (depth >= this.#maxDepth) return Array.isArray(object) ? '[Array]' : '[Object]';
    this.#ancestors.add(object);
    try {
      if (object instanceof Error) return this.#error(object, depth);
      if (Array.isArray(object)) return this.#list(object, depth);
      if (object instanceof Set) return this.#list([...object], depth);
      if (object instanceof Map) return this.#entries(object.entries(), depth);
      if (object instanceof Headers) return this.#entries(object.entries(), depth);
      const toJSON = (object as { toJSON?: unknown }).toJSON;
      if (typeof toJSON === 'function') return this.#walk(toJSON.call(object), depth);
      return this.#object(object, Object.keys(object), depth);
    } finally {
      this.#ancestors.delete(object);
    }
  }

  #list(items: readonly unknown[], depth: number): unknown[] {
    const kept = Math.min(items.length, this.#maxArray);
    const out: unknown[] = new Array<unknown>(kept);
    for (let i = 0; i < kept; i++) out[i] = this.#walk(items[i], depth + 1);
    if (items.length > kept) out.push(`[… ${items.length - kept} more items]`);
    return out;
  }

  #entries(entries: Iterable<[unknown, unknown]>, depth: number): Plain {
    const out: Plain = {};
    let count = 0;
    for (const [key, item] of entries) {
      if (count++ >= this.#maxKeys) {
        out['…'] = 'more entries';
        break;
      }
      const name = typeof key === 'string' ? key : String(this.#walk(key, depth + 1));
      this.#charge(name.length + 3);
      out[name] = this.isSecretKey(name) ? REDACTED : this.#walk(item, depth + 1);
    }
    return out;
  }

  /** Copies `keys` of `object` into `out`; `raw` keeps strings, numbers and booleans as they are (see captureMeta). */
  #object(
    object: object,
    keys: readonly string[],
    depth: number,
    out: Plain = {},
    raw = false,
  ): Plain {
    const kept = Math.min(keys.length, this.#maxKeys);
    for (let i = 0; i < kept; i++) {
      const key = keys[i]!;
      this.#charge(key.length + 3);
      if (this.isSecretKey(key)) {
        out[key] = REDACTED;
        continue;
      }
      let item: unknown;
      try {
        item = (object as Plain)[key];
      } catch {
        out[key] = '[Unreadable]';
        continue;
      }
      if (raw) {
        const type = typeof item;
        if (type === 'string' || type === 'number' || type === 'boolean' || item === undefined) {
          out[key] = item;
          continue;
        }
        this.#ancestors.add(object); // only now: a nested value may point back at it
      }
      out[key] = this.#walk(item, depth + 1);
    }
    if (keys.length > kept) out['…'] = `${keys.length - kept} more keys`;
    return out;
  }

  #error(error: Error, depth: number): Plain {
    const out: Plain = {
      name: this.#walk(error.name, depth + 1),
      message: this.#walk(error.message, depth + 1),
    };
    if (this.#includeStack && typeof error.stack === 'string')
      out.stack = this.#walk(error.stack, depth + 1);
    const rest = this.#object(
      error,
      Object.keys(error).filter((key) => key !== 'name' && key !== 'message' && key !== 'stack'),
      depth,
    );
    Object.assign(out, rest);
    if (error.cause !== undefined && !('cause' in rest))
      out.cause = this.#walk(error.cause, depth + 1);
    if (error instanceof AggregateError && !('errors' in rest))
      out.errors = this.#walk(error.errors, depth + 1);
    return out;
  }
}

/** Objects copied key by key (everything `#walk` does not turn into a special form). */
function isRecord(value: unknown): value is object {
  return (
    typeof value === 'object' &&
    value !== null &&
    (isPlainObject(value) ||
      (!Array.isArray(value) &&
        !(value instanceof Error) &&
        !(value instanceof Set) &&
        !(value instanceof Map) &&
        !(value instanceof Headers) &&
        typeof (value as { toJSON?: unknown }).toJSON !== 'function' &&
        describeSpecial(value) === undefined))
  );
}

/** An object literal (the common case, checked first because it is cheap). */
function isPlainObject(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return (
    (prototype === Object.prototype || prototype === null) &&
    typeof (value as { toJSON?: unknown }).toJSON !== 'function'
  );
}
