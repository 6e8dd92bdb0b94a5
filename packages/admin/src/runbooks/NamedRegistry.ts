import { ConfigError } from '@ballast/core';
import type { TObject } from 'typebox';

const NAME = /^[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)*$/;

/** What the admin API lists for a registered action or condition. */
export interface RegisteredDescription {
  readonly name: string;
  readonly description: string;
  /** Parameter names with their descriptions. */
  readonly params: Readonly<Record<string, string>>;
}

interface Named {
  readonly name: string;
  readonly description: string;
  readonly params: TObject;
}

/**
 * Actions or conditions by name. Registration is checked (name shape, no duplicates, a params
 * schema) so a mistake surfaces when the app wires its runbooks, not when a step runs.
 */
export class NamedRegistry<T extends Named> {
  readonly #kind: string;
  readonly #entries = new Map<string, T>();

  /** @param kind - `action` or `condition`, for messages. */
  constructor(kind: string) {
    this.#kind = kind;
  }

  /** Adds `entry`; a bad name or a name taken is a `ConfigError`. */
  register(entry: T): void {
    const where = `register ${this.#kind}`;
    if (typeof entry.name !== 'string' || !NAME.test(entry.name)) {
      throw new ConfigError(
        `${where}: name must be dotted lower-camel words like "breaker.forceOpen".`,
      );
    }
    if (this.#entries.has(entry.name)) {
      throw new ConfigError(`${where}: "${entry.name}" is already registered.`);
    }
    if (entry.params?.type !== 'object' || typeof entry.params.properties !== 'object') {
      throw new ConfigError(
        `${where} "${entry.name}": params must be a TypeBox object schema (Type.Object({ … })).`,
      );
    }
    this.#entries.set(entry.name, entry);
  }

  /** The entry named `name`, if registered. */
  get(name: string): T | undefined {
    return this.#entries.get(name);
  }

  /** Registered names, sorted. */
  names(): string[] {
    return [...this.#entries.keys()].sort();
  }

  /** Every entry described, sorted by name. */
  describe(): RegisteredDescription[] {
    return this.names().map((name) => {
      const entry = this.#entries.get(name)!;
      const params = Object.entries(entry.params.properties).map(([key, schema]) => [
        key,
        (schema as { description?: string }).description ?? '',
      ]);
      return { name, description: entry.description, params: Object.fromEntries(params) };
    });
  }
}
