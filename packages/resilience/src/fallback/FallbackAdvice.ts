import {
  type AdviceTarget,
  ConfigError,
  errorCode,
  type Invocation,
  isThenable,
  type Next,
  type Runtime,
} from '@ballast/core';
import type { FallbackSource } from './FallbackOptions.js';
import type { FallbackPolicy } from './FallbackPolicy.js';
import { type FallbackStatistics, fallbackStatisticsFor } from './FallbackStatistics.js';
import { LastKnownGood } from './LastKnownGood.js';

/** Misconfiguration is a bug to fix, never something to paper over with a fallback value. */
const NEVER_REPLACED: ReadonlySet<string> = new Set([
  'BALLAST_ERR_CONFIG',
  'BALLAST_ERR_SYNC_UNSUPPORTED',
  'BALLAST_ERR_UNKNOWN_POLICY',
  'BALLAST_ERR_ASPECT_ORDER',
  'BALLAST_ERR_DECORATOR_TARGET',
  'BALLAST_ERR_DUPLICATE_ASPECT',
]);

/**
 * The behaviour of `@Fallback` for one woven method: the outermost resilience layer, so it
 * only sees the final failure, after every retry.
 */
export class FallbackAdvice {
  readonly name: string;
  readonly statistics: FallbackStatistics;
  readonly #policy: FallbackPolicy;
  readonly #runtime: Runtime;
  readonly #cache: LastKnownGood | undefined;

  constructor(policy: FallbackPolicy, runtime: Runtime, target: AdviceTarget) {
    this.#policy = policy;
    this.#runtime = runtime;
    this.name = policy.name ?? target.qualifiedName;
    if (policy.method !== undefined) checkMethod(policy.method, target);
    this.statistics = fallbackStatisticsFor(runtime, this.name);
    const lkg = policy.lastKnownGood;
    this.#cache =
      lkg === undefined
        ? undefined
        : new LastKnownGood(runtime.clock, lkg.maxAge, lkg.maxEntries, lkg.key);
  }

  /** The advice: `(invocation, next) => result`. */
  readonly advise = (invocation: Invocation, next: Next): unknown => {
    let result: unknown;
    try {
      result = next(invocation);
    } catch (error) {
      return this.#recover(invocation, error);
    }
    const cache = this.#cache;
    if (!isThenable(result)) {
      cache?.remember(invocation.args, result);
      return result;
    }
    const onRejected = (error: unknown): unknown => this.#recover(invocation, error);
    if (cache === undefined) return result.then(undefined, onRejected);
    return result.then((value) => {
      cache.remember(invocation.args, value);
      return value;
    }, onRejected);
  };

  #recover(invocation: Invocation, error: unknown): unknown {
    if (!this.#applies(error)) throw error;
    const policy = this.#policy;
    let source: FallbackSource;
    let value: unknown;
    const remembered = this.#cache?.recall(invocation.args);
    if (remembered?.found === true) {
      source = 'last-known-good';
      value = remembered.value;
      this.statistics.lastKnownGood++;
    } else if (policy.handler !== undefined) {
      source = 'handler';
      value = policy.handler(error, invocation.args);
    } else if (policy.method !== undefined) {
      source = 'method';
      const method = (invocation.instance as Record<string, (...args: unknown[]) => unknown>)[
        policy.method
      ]!;
      value = method.apply(invocation.instance, [...invocation.args, error]);
    } else if (policy.hasValue) {
      source = 'value';
      value = policy.value;
    } else {
      throw error; // last-known-good only, and nothing fresh to serve
    }
    this.statistics.fallbacks++;
    if (this.#runtime.events.has('fallback.served')) {
      this.#runtime.events.emit('fallback.served', { policy: this.name, source, error });
    }
    return value;
  }

  #applies(error: unknown): boolean {
    const code = errorCode(error);
    if (code !== undefined && NEVER_REPLACED.has(code)) return false;
    try {
      return this.#policy.on === undefined || this.#policy.on.matches(error);
    } catch {
      return false; // a throwing predicate must not turn one failure into another
    }
  }
}

function checkMethod(method: string, target: AdviceTarget): void {
  const prototype = target.prototype as Record<string, unknown> | undefined;
  if (prototype === undefined) {
    throw new ConfigError(
      `@Fallback on ${target.qualifiedName}: option "method" needs a class method; ` +
        'with protect(), give a handler or a value instead.',
    );
  }
  if (typeof prototype[method] !== 'function') {
    throw new ConfigError(
      `@Fallback on ${target.qualifiedName}: option "method" names "${method}", which is not a method of ` +
        `${target.className}. Give the name of a method of the same class.`,
    );
  }
  if (method === target.methodName) {
    throw new ConfigError(
      `@Fallback on ${target.qualifiedName}: option "method" must name another method, not itself.`,
    );
  }
}
