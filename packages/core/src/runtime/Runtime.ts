import type { AdviceTarget, Next } from '../aspect/Aspect.js';
import { RuntimeDisposedError } from '../errors/kernelErrors.js';
import { OptionsReader } from '../options/OptionsReader.js';
import type { ChainAspect, ChainInstrument } from './ChainInstrument.js';
import { type Clock, systemClock } from './Clock.js';
import { EventBus } from './EventBus.js';
import { type PolicyConfig, PolicyStore } from './PolicyStore.js';
import { Scheduler } from './Scheduler.js';

/** Configuration a runtime starts with. */
export interface RuntimeConfig {
  /** Named policies: `{ Retry: { payments: { maxAttempts: 5 } } }`. */
  readonly policies?: PolicyConfig;
}

/** Options of {@link createRuntime}. */
export interface RuntimeOptions {
  /** Time source; default {@link systemClock}. */
  readonly clock?: Clock;
  readonly config?: RuntimeConfig;
}

/**
 * Everything a set of woven services shares: the clock, one scheduler, the event bus, named
 * policies and per-runtime services (breaker registries, statistics). One per container.
 * `dispose()` clears every timer it owns.
 */
export class Runtime {
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  readonly events = new EventBus();
  readonly policies: PolicyStore;
  readonly #services = new Map<symbol, unknown>();
  readonly #disposers: (() => void)[] = [];
  readonly #instruments: ChainInstrument[] = [];
  #chainsBuilt = 0;
  #disposed = false;
  /** Disposers that threw; counted, never rethrown. */
  disposeErrors = 0;

  constructor(options: RuntimeOptions = {}) {
    // A misspelt key (`confg`) would otherwise leave the runtime silently without its policies.
    new OptionsReader('createRuntime', options, ['clock', 'config']);
    new OptionsReader('createRuntime: config', options.config, ['policies']);
    this.clock = options.clock ?? systemClock;
    this.scheduler = new Scheduler(this.clock);
    this.policies = new PolicyStore(options.config?.policies ?? {});
  }

  /** True once {@link Runtime.dispose} ran. */
  get disposed(): boolean {
    return this.#disposed;
  }

  /**
   * A per-runtime singleton under `key`, created on first use (e.g. a package's registry of
   * breakers). Lets packages attach state to the runtime without core knowing them.
   */
  service<T>(key: symbol, create: (runtime: Runtime) => T): T {
    if (this.#services.has(key)) return this.#services.get(key) as T;
    if (this.#disposed) throw new RuntimeDisposedError();
    const value = create(this);
    this.#services.set(key, value);
    return value;
  }

  /** The service under `key` if it was created. */
  peekService<T>(key: symbol): T | undefined {
    return this.#services.get(key) as T | undefined;
  }

  /** Registers cleanup to run on dispose (timers, intervals, handles). */
  onDispose(disposer: () => void): void {
    if (this.#disposed) throw new RuntimeDisposedError();
    this.#disposers.push(disposer);
  }

  /**
   * Adds a {@link ChainInstrument}: every chain this runtime builds from now on (weaving,
   * `protect()`) goes through it, the instruments added first innermost. Chains built before are
   * left as they are, so instrument a runtime right after creating it; {@link Runtime.chainsBuilt}
   * tells how many it missed.
   */
  instrument(instrument: ChainInstrument): void {
    if (this.#disposed) throw new RuntimeDisposedError();
    this.#instruments.push(instrument);
  }

  /** How many chains (woven methods, `protect()` calls) this runtime has built so far. */
  get chainsBuilt(): number {
    return this.#chainsBuilt;
  }

  /** @internal passes a chain just built through the instruments; see {@link Runtime.instrument}. */
  instrumentChain(chain: Next, target: AdviceTarget, aspects: readonly ChainAspect[]): Next {
    this.#chainsBuilt++;
    for (const instrument of this.#instruments)
      chain = instrument.instrument(chain, target, aspects);
    return chain;
  }

  /**
   * Hot-reloads named policies: validated as a whole, then swapped in; woven methods pick the
   * new options on their next call. On a validation error nothing changes.
   */
  updatePolicies(policies: PolicyConfig): void {
    const aspects = this.policies.replace(policies);
    this.events.emit('policies.changed', { aspects });
  }

  /** Clears every timer and runs the registered disposers. Idempotent. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.scheduler.dispose();
    for (const disposer of this.#disposers.splice(0).reverse()) {
      try {
        disposer();
      } catch {
        this.disposeErrors++;
      }
    }
    this.events.clear();
  }
}

/**
 * Creates a runtime. Named policies of aspects already loaded are validated here, and an
 * unknown option key (`confg`) is refused with a `ConfigError` listing the allowed ones.
 *
 * @example
 * ```ts
 * const runtime = createRuntime({ config: { policies: { Retry: { payments: { maxAttempts: 5 } } } } });
 * ```
 */
export function createRuntime(options: RuntimeOptions = {}): Runtime {
  return new Runtime(options);
}
