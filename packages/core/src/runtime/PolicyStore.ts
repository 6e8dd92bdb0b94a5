import type { Aspect } from '../aspect/Aspect.js';
import { findAspect } from '../aspect/aspectRegistry.js';
import { ConfigError, UnknownPolicyError } from '../errors/kernelErrors.js';

/** Named policies by aspect name, then policy name: `{ Retry: { payments: { maxAttempts: 5 } } }`. */
export type PolicyConfig = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/** Which named policy a set of options came from; one object for all its versions. */
interface PolicyOrigin {
  readonly aspect: string;
  readonly name: string;
}

interface StoredPolicy {
  readonly input: unknown;
  /** Validated options; undefined until validated (the aspect's module was not loaded yet). */
  options: unknown;
  validated: boolean;
  /** The same object for every version of this `aspect.name` pair, across reloads. */
  readonly origin: PolicyOrigin;
}

type Policies = Map<string, Map<string, StoredPolicy>>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPlain(value: unknown): value is Record<string, unknown> {
  if (!isRecord(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/** The entries of a configuration object; one whose keys or values cannot be read is a coded error. */
function entriesOf(value: Record<string, unknown>, where: string): [string, unknown][] {
  try {
    return Object.entries(value);
  } catch (error) {
    throw new ConfigError(`${where} cannot be read (see cause).`, { cause: error });
  }
}

/**
 * Whether two policy inputs say the same thing: equal primitives, arrays and plain objects
 * compared by content, anything else (functions, class instances) by identity.
 */
function sameInput(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((item, index) => sameInput(item, b[index]));
  if (!isPlain(a) || !isPlain(b)) return false;
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length &&
    keys.every((key) => Object.hasOwn(b, key) && sameInput(a[key], b[key]))
  );
}

/**
 * The runtime's named policies. Policies of aspects already loaded are validated when stored,
 * so a bad config fails at startup (or a hot reload is refused whole); others are validated when
 * a method using them is woven. A reload keeps the very same options object for every policy
 * whose input did not change, so the state aspects keep per policy (a rate limiter's tokens, a
 * retry budget) survives it; {@link PolicyStore.originOf} links a changed policy to its
 * earlier versions.
 */
export class PolicyStore {
  #policies: Policies;
  readonly #origins = new WeakMap<object, PolicyOrigin>();
  /** Incremented on every successful {@link PolicyStore.replace}; woven methods rebuild on change. */
  generation = 0;

  constructor(config: PolicyConfig = {}) {
    this.#policies = this.#validate(config, new Map());
  }

  /** Validates `config` and swaps it in atomically; on error nothing changes. */
  replace(config: PolicyConfig): readonly string[] {
    this.#policies = this.#validate(config, this.#policies);
    this.generation++;
    return [...this.#policies.keys()];
  }

  #validate(config: PolicyConfig, previous: Policies): Policies {
    if (!isRecord(config))
      throw new ConfigError(
        'config.policies must be an object of { AspectName: { policyName: options } }.',
      );
    const next: Policies = new Map();
    for (const [aspectName, policies] of entriesOf(config, 'config.policies')) {
      if (!isRecord(policies)) {
        throw new ConfigError(
          `config.policies.${aspectName} must be an object of { policyName: options }.`,
        );
      }
      const aspect = findAspect(aspectName);
      const stored = new Map<string, StoredPolicy>();
      for (const [name, input] of entriesOf(policies, `config.policies.${aspectName}`)) {
        const before = previous.get(aspectName)?.get(name);
        if (before !== undefined && sameInput(before.input, input)) {
          stored.set(name, before);
          continue;
        }
        const policy: StoredPolicy = {
          input,
          options: undefined,
          validated: false,
          origin: before?.origin ?? { aspect: aspectName, name },
        };
        if (aspect !== undefined)
          this.#store(policy, aspect.validate(input, `policy ${aspectName}.${name}`));
        stored.set(name, policy);
      }
      next.set(aspectName, stored);
    }
    return next;
  }

  #store(policy: StoredPolicy, options: unknown): void {
    policy.options = options;
    policy.validated = true;
    if (typeof options === 'object' && options !== null) this.#origins.set(options, policy.origin);
  }

  /** Validated options of policy `name` for `aspect`; an unknown name is a coded error. */
  resolve(aspect: Aspect<unknown, unknown>, name: string, usedBy: string): unknown {
    const stored = this.#policies.get(aspect.name)?.get(name);
    if (stored === undefined) {
      const known = [...(this.#policies.get(aspect.name)?.keys() ?? [])];
      throw new UnknownPolicyError(
        `${usedBy}: @${aspect.name}('${name}') names no policy in config.policies.${aspect.name}` +
          ` (known: ${known.length > 0 ? known.join(', ') : 'none'}).`,
      );
    }
    if (!stored.validated)
      this.#store(stored, aspect.validate(stored.input, `policy ${aspect.name}.${name}`));
    return stored.options;
  }

  /**
   * A token shared by every version of the named policy `options` came from (undefined for
   * options that came from no named policy). Aspects key state that should outlive a reload
   * that changed other options of the policy by it.
   */
  originOf(options: unknown): object | undefined {
    return this.#originOf(options);
  }

  /**
   * The options in force now for the named policy `options` came from: the same object while
   * reloads leave the policy alone, its new version once one changed it; undefined when
   * `options` came from no named policy or the policy is gone. Lets an aspect whose state
   * outlives its advices (a bulkhead's queue) follow a reload at once, where advices follow it
   * at their method's next call.
   */
  latestOf(options: unknown): unknown {
    const origin = this.#originOf(options);
    if (origin === undefined) return undefined;
    const aspect = findAspect(origin.aspect);
    if (aspect === undefined || this.#policies.get(origin.aspect)?.get(origin.name) === undefined)
      return undefined;
    return this.resolve(aspect, origin.name, `policy ${origin.aspect}.${origin.name}`);
  }

  #originOf(options: unknown): PolicyOrigin | undefined {
    return typeof options === 'object' && options !== null ? this.#origins.get(options) : undefined;
  }
}
