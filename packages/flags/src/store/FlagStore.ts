import type { Runtime } from '@ballast/core';
import { type CompiledFlag, compileFlag } from '../compile/compileFlag.js';
import type { FlagDefinition, FlagValue } from '../definition/FlagDefinition.js';
import { readFlagDefinition } from '../definition/readFlagDefinition.js';
import { checkFlagKey, readFlagsDocument } from '../definition/readFlagsDocument.js';
import { FlagDefinitionError } from '../errors/FlagDefinitionError.js';
import type { EvaluationErrorCode, EvaluationResult } from '../evaluation/EvaluationResult.js';
import type { FlagContext } from '../evaluation/FlagContext.js';
import type { FlagsChangedEvent } from './flagEvents.js';
import { FlagSnapshot } from './FlagSnapshot.js';
import { DEFAULT_VARIANT_LABEL, FlagStatistics } from './FlagStatistics.js';
import type { RemoteFlagEvaluator } from './RemoteFlagEvaluator.js';

/** Options of {@link FlagStore.load}, `set`, `remove`. */
export interface ApplyOptions {
  /** Who applies the change; names the layer it replaces. @default "programmatic" */
  readonly source?: string;
}

const PROGRAMMATIC = 'programmatic';

/**
 * The runtime's flags: an in-memory snapshot evaluated synchronously, fed by sources (a JSON
 * file, a SQLite table, code). Each source owns a layer; layers are merged in the order they
 * were first applied, a later layer overriding a flag of an earlier one. A change is validated
 * and compiled whole before it replaces the snapshot, so an invalid change never takes effect.
 * Evaluation never throws: failures return the code default with reason ERROR, counted.
 *
 * @example
 * ```ts
 * const flags = flagsOf(runtime);
 * flags.load({ flags: { 'new-search': { enabled: true, fallthrough: { rollout: { percentage: 10 } } } } });
 * if (flags.isEnabled('new-search', { key: user.id, attributes: { region: 'eu' } })) { … }
 * ```
 */
export class FlagStore {
  readonly #runtime: Runtime;
  #layers = new Map<string, Readonly<Record<string, FlagDefinition>>>();
  #snapshot = new FlagSnapshot(0, new Map());
  #flags: ReadonlyMap<string, CompiledFlag> = this.#snapshot.compiled;
  /** Evaluation counters by flag, variant and reason. */
  readonly statistics = new FlagStatistics();
  /** Set by `useOpenFeature()`: async methods under `@FeatureFlag` then evaluate remotely. */
  remote: RemoteFlagEvaluator | undefined;

  constructor(runtime: Runtime) {
    this.#runtime = runtime;
  }

  /** The runtime this store belongs to (sources schedule and dispose through it). */
  get runtime(): Runtime {
    return this.#runtime;
  }

  /** The snapshot evaluations read now. */
  get snapshot(): FlagSnapshot {
    return this.#snapshot;
  }

  /**
   * Validates a flags document and makes it the content of `options.source`'s layer.
   * @throws FlagDefinitionError naming the flag and field; the current snapshot stays.
   */
  load(document: unknown, options: ApplyOptions = {}): FlagsChangedEvent {
    const source = options.source ?? PROGRAMMATIC;
    return this.#guard(source, () => this.#apply(source, readFlagsDocument(document)));
  }

  /** Adds or replaces one flag in a layer. @throws FlagDefinitionError */
  set(key: string, definition: unknown, options: ApplyOptions = {}): FlagsChangedEvent {
    const source = options.source ?? PROGRAMMATIC;
    return this.#guard(source, () => {
      const layer = {
        ...this.#layers.get(source),
        [checkFlagKey(key)]: readFlagDefinition(key, definition),
      };
      return this.#apply(source, layer);
    });
  }

  /** Removes one flag from a layer (a flag of the same key in another layer then shows through). */
  remove(key: string, options: ApplyOptions = {}): FlagsChangedEvent {
    const source = options.source ?? PROGRAMMATIC;
    const layer = { ...this.#layers.get(source) };
    delete layer[key];
    return this.#apply(source, layer);
  }

  /** Drops a whole layer. */
  unload(source: string): FlagsChangedEvent {
    return this.#apply(source, undefined);
  }

  /**
   * Evaluates `key` for `context`. With `defaultValue`, a flag of another type is an error
   * (TYPE_MISMATCH) and the default is returned; unknown flags give FLAG_NOT_FOUND.
   */
  evaluate<T extends FlagValue>(
    key: string,
    context: FlagContext | undefined,
    defaultValue: T,
  ): EvaluationResult<T>;
  evaluate(key: string, context?: FlagContext): EvaluationResult<FlagValue | undefined>;
  evaluate(
    key: string,
    context?: FlagContext,
    defaultValue?: FlagValue,
  ): EvaluationResult<FlagValue | undefined> {
    const flag = this.#flags.get(key);
    if (flag === undefined)
      return this.#error(key, false, defaultValue, 'FLAG_NOT_FOUND', `no flag "${key}"`);
    try {
      const outcome = flag.decide(context);
      const value = outcome.result.value;
      if (defaultValue !== undefined && typeof value !== typeof defaultValue) {
        return this.#error(
          key,
          true,
          defaultValue,
          'TYPE_MISMATCH',
          `flag "${key}" is ${typeof value}, not ${typeof defaultValue}`,
        );
      }
      outcome.cell.count++;
      return outcome.result;
    } catch (error) {
      return this.#error(
        key,
        true,
        defaultValue,
        'GENERAL',
        `flag "${key}" failed: ${String(error)}`,
      );
    }
  }

  /** True when the boolean flag `key` is on for `context`; `defaultValue` on any error. */
  isEnabled(key: string, context?: FlagContext, defaultValue = false): boolean {
    const flag = this.#flags.get(key);
    if (flag === undefined)
      return this.#error(key, false, defaultValue, 'FLAG_NOT_FOUND', '').value as boolean;
    try {
      const outcome = flag.decide(context);
      const value = outcome.result.value;
      if (typeof value === 'boolean') {
        outcome.cell.count++;
        return value;
      }
    } catch {
      // counted below like a type mismatch: the caller only gets the default
    }
    return this.#error(key, true, defaultValue, 'GENERAL', '').value as boolean;
  }

  /** The variant name `key` serves for `context`; undefined on any error. */
  variant(key: string, context?: FlagContext): string | undefined {
    return this.evaluate(key, context).variant;
  }

  /** @internal counts an evaluation that failed before reaching the snapshot (a throwing key extractor). */
  countError(key: string): void {
    if (this.#flags.has(key)) this.statistics.cell(key, DEFAULT_VARIANT_LABEL, 'ERROR').count++;
    else this.statistics.countUnknown(key, 'ERROR');
  }

  #error(
    key: string,
    known: boolean,
    defaultValue: FlagValue | undefined,
    errorCode: EvaluationErrorCode,
    errorMessage: string,
  ): EvaluationResult<FlagValue | undefined> {
    if (known) this.statistics.cell(key, DEFAULT_VARIANT_LABEL, 'ERROR').count++;
    else this.statistics.countUnknown(key, 'ERROR');
    return { value: defaultValue, variant: undefined, reason: 'ERROR', errorCode, errorMessage };
  }

  /** @internal records a change a source could not even parse, like an invalid one. */
  reject(source: string, error: FlagDefinitionError): void {
    this.statistics.rejectedReloads++;
    if (this.#runtime.events.has('flags.rejected'))
      this.#runtime.events.emit('flags.rejected', { source, error });
  }

  #guard(source: string, change: () => FlagsChangedEvent): FlagsChangedEvent {
    try {
      return change();
    } catch (error) {
      if (FlagDefinitionError.is(error)) this.reject(source, error);
      throw error;
    }
  }

  #apply(
    source: string,
    layer: Readonly<Record<string, FlagDefinition>> | undefined,
  ): FlagsChangedEvent {
    const layers = new Map(this.#layers);
    if (layer === undefined) layers.delete(source);
    else layers.set(source, layer);
    const merged = new Map<string, FlagDefinition>();
    for (const definitions of layers.values())
      for (const [key, definition] of Object.entries(definitions)) merged.set(key, definition);
    const previous = this.#flags;
    const compiled = new Map<string, CompiledFlag>();
    const changed: string[] = [];
    const clock = this.#runtime.clock;
    const now = (): number => clock.now();
    for (const [key, definition] of merged) {
      const before = previous.get(key);
      if (before !== undefined && before.definition === definition) {
        compiled.set(key, before);
        continue;
      }
      compiled.set(key, compileFlag(key, definition, this.statistics, now));
      if (before === undefined || JSON.stringify(before.definition) !== JSON.stringify(definition))
        changed.push(key);
    }
    const removed = [...previous.keys()].filter((key) => !merged.has(key));
    this.#layers = layers;
    this.#snapshot = new FlagSnapshot(this.#snapshot.version + 1, compiled);
    this.#flags = compiled;
    this.statistics.reloads++;
    const event: FlagsChangedEvent = {
      version: this.#snapshot.version,
      source,
      changed: changed.sort(),
      removed: removed.sort(),
    };
    if (this.#runtime.events.has('flags.changed'))
      this.#runtime.events.emit('flags.changed', event);
    return event;
  }
}
