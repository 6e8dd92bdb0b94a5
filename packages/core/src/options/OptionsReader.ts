import { ConfigError } from '../errors/kernelErrors.js';

/** Bounds for {@link OptionsReader.number}. */
export interface NumberRule {
  readonly min?: number;
  /** Exclusive lower bound (e.g. "greater than 0"). */
  readonly above?: number;
  readonly max?: number;
  readonly integer?: boolean;
}

/** What was given, without its content: an option may hold a secret (a token, a key). */
export function describeValue(value: unknown): string {
  if (typeof value === 'string')
    return `a string of ${value.length} character${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

function describeRule(rule: NumberRule): string {
  const parts: string[] = [rule.integer === true ? 'an integer' : 'a finite number'];
  if (rule.above !== undefined) parts.push(`> ${rule.above}`);
  if (rule.min !== undefined) parts.push(`>= ${rule.min}`);
  if (rule.max !== undefined) parts.push(`<= ${rule.max}`);
  return parts.join(' ');
}

/**
 * The options read once into a plain object: a getter runs once, so what is validated is what is
 * used, and an options object that throws on a read (a getter, a strict configuration proxy)
 * fails here with a coded error naming the option. Inherited options count, as before.
 */
function snapshot(
  where: string,
  input: object,
  allowedKeys: readonly string[],
): Readonly<Record<string, unknown>> {
  const read: Record<string, unknown> = {};
  for (const key of allowedKeys) {
    try {
      if (key in input) read[key] = (input as Record<string, unknown>)[key];
    } catch (error) {
      throw new ConfigError(`${where}: option "${key}" cannot be read (see cause).`, {
        cause: error,
      });
    }
  }
  return read;
}

/**
 * Reads and validates an options object at decoration time. Every failure is a
 * {@link ConfigError} naming the decorator, the option, what was given and what is allowed.
 *
 * @example
 * ```ts
 * const read = new OptionsReader('@Retry', input, ['maxAttempts', 'maxDelay']);
 * const maxAttempts = read.number('maxAttempts', 3, { integer: true, min: 1, max: 100 });
 * ```
 */
export class OptionsReader {
  readonly #where: string;
  readonly #input: Readonly<Record<string, unknown>>;

  /**
   * @param where - who is being configured, e.g. `@Retry` or `policy Retry.payments`.
   * @param input - the options given (undefined means "all defaults").
   * @param allowedKeys - every option name the aspect knows; any other key is rejected.
   */
  constructor(where: string, input: unknown, allowedKeys: readonly string[]) {
    this.#where = where;
    if (input === undefined) {
      this.#input = {};
      return;
    }
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw new ConfigError(`${where}: options must be an object (got ${describeValue(input)}).`);
    }
    let given: string[];
    try {
      given = Object.keys(input);
    } catch (error) {
      throw new ConfigError(`${where}: the options object cannot list its keys.`, { cause: error });
    }
    const unknown = given.filter((key) => !allowedKeys.includes(key));
    if (unknown.length > 0) {
      throw new ConfigError(
        `${where}: unknown option ${unknown.map((k) => `"${k}"`).join(', ')}. ` +
          `Allowed: ${allowedKeys.join(', ')}.`,
      );
    }
    this.#input = snapshot(where, input, allowedKeys);
  }

  /** Fails with a message about `key`. */
  fail(key: string, expected: string): never {
    throw new ConfigError(
      `${this.#where}: option "${key}" must be ${expected} (got ${describeValue(this.#input[key])}).`,
    );
  }

  /** True when the option was given (not undefined). */
  has(key: string): boolean {
    return this.#input[key] !== undefined;
  }

  /** The raw value of an option. */
  raw(key: string): unknown {
    return this.#input[key];
  }

  /** A finite number within `rule`, or `fallback` when absent. */
  number(key: string, fallback: number, rule: NumberRule = {}): number {
    const value = this.#input[key];
    if (value === undefined) return fallback;
    const ok =
      typeof value === 'number' &&
      Number.isFinite(value) &&
      (rule.integer !== true || Number.isInteger(value)) &&
      (rule.min === undefined || value >= rule.min) &&
      (rule.above === undefined || value > rule.above) &&
      (rule.max === undefined || value <= rule.max);
    return ok ? value : this.fail(key, describeRule(rule));
  }

  /** A boolean, or `fallback` when absent. */
  boolean(key: string, fallback: boolean): boolean {
    const value = this.#input[key];
    if (value === undefined) return fallback;
    return typeof value === 'boolean' ? value : this.fail(key, 'true or false');
  }

  /** A non-empty string, or `fallback` when absent. */
  string(key: string, fallback: string): string {
    const value = this.#input[key];
    if (value === undefined) return fallback;
    return typeof value === 'string' && value.length > 0
      ? value
      : this.fail(key, 'a non-empty string');
  }

  /** One of `allowed`, or `fallback` when absent. */
  oneOf<T extends string>(key: string, fallback: T, allowed: readonly T[]): T {
    const value = this.#input[key];
    if (value === undefined) return fallback;
    return allowed.includes(value as T)
      ? (value as T)
      : this.fail(key, `one of ${allowed.join(', ')}`);
  }

  /** A function, or `undefined` when absent. */
  func<F extends (...args: never[]) => unknown>(key: string): F | undefined {
    const value = this.#input[key];
    if (value === undefined) return undefined;
    return typeof value === 'function' ? (value as F) : this.fail(key, 'a function');
  }
}
