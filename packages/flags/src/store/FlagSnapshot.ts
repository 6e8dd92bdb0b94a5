import type { CompiledFlag } from '../compile/compileFlag.js';
import type { FlagDefinition } from '../definition/FlagDefinition.js';

/** An immutable set of compiled flags. Evaluations read one snapshot; changes swap in a new one. */
export class FlagSnapshot {
  constructor(
    /** 0 for the empty start, then +1 per applied change. */
    readonly version: number,
    /** @internal */
    readonly compiled: ReadonlyMap<string, CompiledFlag>,
  ) {}

  /** Keys of every flag, sorted. */
  keys(): string[] {
    return [...this.compiled.keys()].sort();
  }

  /** True when `key` names a flag. */
  has(key: string): boolean {
    return this.compiled.has(key);
  }

  /** The validated definition of `key` (defaults filled in), if defined. */
  definition(key: string): FlagDefinition | undefined {
    return this.compiled.get(key)?.definition;
  }
}
