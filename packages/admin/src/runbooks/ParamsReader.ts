import { OptionsReader } from '@ballast/core';
import { RunbookDefinitionError } from './errors/runbookErrors.js';

/** Where a {@link ParamsReader} reads: used in messages and carried by the error. */
export interface ReaderLocation {
  /** Prefix of every message, e.g. `Runbook "drain-payments", steps[1] (action "breaker.forceOpen")`. */
  readonly where: string;
  /** What a key is called in messages: `parameter` for action parameters, `field` otherwise. */
  readonly noun: 'parameter' | 'field';
  readonly stepIndex?: number | undefined;
  readonly action?: string | undefined;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

function checkInput(location: ReaderLocation, input: unknown, keys: readonly string[]): unknown {
  const { where, noun, stepIndex, action } = location;
  if (input === undefined) return undefined;
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new RunbookDefinitionError(
      `${where}: ${noun}s must be an object (got ${describe(input)}).`,
      { stepIndex, action },
    );
  }
  const unknown = Object.keys(input).filter((key) => !keys.includes(key));
  if (unknown.length > 0) {
    throw new RunbookDefinitionError(
      `${where}: unknown ${noun} ${unknown.map((key) => `"${key}"`).join(', ')}. ` +
        `Allowed: ${keys.length === 0 ? 'none' : keys.join(', ')}.`,
      { stepIndex, action, field: unknown[0]! },
    );
  }
  return input;
}

/**
 * Validates a runbook definition or an action's parameters at creation. The same checks as
 * core's `OptionsReader`, but every failure is a {@link RunbookDefinitionError} that carries the
 * step index, the action and the field, so the admin API can answer 400 with all three.
 *
 * @example
 * ```ts
 * parse: (read) => ({ key: read.requireString('key'), enabled: read.requireBoolean('enabled') })
 * ```
 */
export class ParamsReader extends OptionsReader {
  readonly #location: ReaderLocation;

  /**
   * @param location - where the input sits, for messages.
   * @param input - the object given; `undefined` reads as empty.
   * @param keys - every key allowed; any other is rejected at once.
   */
  constructor(location: ReaderLocation, input: unknown, keys: readonly string[]) {
    super(location.where, checkInput(location, input, keys), keys);
    this.#location = location;
  }

  /** Fails with a message about `key`: what it must be and what was given. */
  override fail(key: string, expected: string): never {
    const { where, noun, stepIndex, action } = this.#location;
    throw new RunbookDefinitionError(
      `${where}: ${noun} "${key}" must be ${expected} (got ${describe(this.raw(key))}).`,
      { stepIndex, action, field: key },
    );
  }

  /** A non-empty string that must be given. */
  requireString(key: string): string {
    return this.has(key) ? this.string(key, '') : this.fail(key, 'a non-empty string (required)');
  }

  /** A boolean that must be given. */
  requireBoolean(key: string): boolean {
    return this.has(key) ? this.boolean(key, false) : this.fail(key, 'true or false (required)');
  }
}
