import type { Aspect } from '../aspect/Aspect.js';
import { findAspect } from '../aspect/aspectRegistry.js';
import { ConfigError, UnknownPolicyError } from '../errors/kernelErrors.js';

/** Named policies by aspect name, then policy name: `{ Retry: { payments: { maxAttempts: 5 } } }`. */
export type PolicyConfig = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

interface StoredPolicy {
  readonly input: unknown;
  /** Validated options, when the aspect's module was loaded at validation time. */
  readonly options: unknown;
  readonly validated: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The runtime's named policies. Policies of aspects already loaded are validated when stored,
 * so a bad config fails at startup (or a hot reload is refused whole); others are validated when
 * a method using them is woven.
 */
export class PolicyStore {
  #policies: Map<string, Map<string, StoredPolicy>>;
  /** Incremented on every successful {@link PolicyStore.replace}; woven methods rebuild on change. */
  generation = 0;

  constructor(config: PolicyConfig = {}) {
    this.#policies = PolicyStore.#validate(config);
  }

  /** Validates `config` and swaps it in atomically; on error nothing changes. */
  replace(config: PolicyConfig): readonly string[] {
    this.#policies = PolicyStore.#validate(config);
    this.generation++;
    return [...this.#policies.keys()];
  }

  static #validate(config: PolicyConfig): Map<string, Map<string, StoredPolicy>> {
    if (!isRecord(config))
      throw new ConfigError(
        'config.policies must be an object of { AspectName: { policyName: options } }.',
      );
    const next = new Map<string, Map<string, StoredPolicy>>();
    for (const [aspectName, policies] of Object.entries(config)) {
      if (!isRecord(policies)) {
        throw new ConfigError(
          `config.policies.${aspectName} must be an object of { policyName: options }.`,
        );
      }
      const aspect = findAspect(aspectName);
      const stored = new Map<string, StoredPolicy>();
      for (const [name, input] of Object.entries(policies)) {
        const where = `policy ${aspectName}.${name}`;
        stored.set(
          name,
          aspect === undefined
            ? { input, options: undefined, validated: false }
            : { input, options: aspect.validate(input, where), validated: true },
        );
      }
      next.set(aspectName, stored);
    }
    return next;
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
    return stored.validated
      ? stored.options
      : aspect.validate(stored.input, `policy ${aspect.name}.${name}`);
  }
}
