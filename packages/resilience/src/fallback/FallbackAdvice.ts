import {
  type AdviceTarget,
  ConfigError,
  type Invocation,
  isThenable,
  type Next,
  observe,
  type Outcome,
  type Runtime,
  type Settler,
} from '@ballast/core';
import { isReplaceable } from '../call/recoverable.js';
import { resultMatches } from '../call/resultMatches.js';
import { runHook } from '../call/runHook.js';
import type { FallbackServedEvent, FallbackSource } from './FallbackOptions.js';
import type { FallbackPolicy } from './FallbackPolicy.js';
import { type FallbackStatistics, fallbackStatisticsFor } from './FallbackStatistics.js';
import { LastKnownGood } from './LastKnownGood.js';

/** No fallback applies: the failure goes on unchanged. */
const NONE = Symbol('no fallback');

/**
 * The behaviour of `@Fallback` for one woven method: the outermost resilience layer, so it
 * only sees the final failure, after every retry.
 */
export class FallbackAdvice implements Settler<undefined> {
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
      const value = this.#recover(invocation, error);
      if (value === NONE) throw error;
      return value;
    }
    if (isThenable(result)) return observe(invocation, result, this, undefined);
    if (this.#rejects(result)) {
      const value = this.#recover(invocation, result, true);
      return value === NONE ? result : value;
    }
    this.#cache?.remember(invocation.args, result);
    return result;
  };

  /** @internal remembers a value, or replaces a final failure (a `Settler`). */
  settle(outcome: Outcome): void {
    const invocation = outcome.invocation;
    const rejected = outcome.ok && this.#rejects(outcome.value);
    if (outcome.ok && !rejected) {
      this.#cache?.remember(invocation.args, outcome.value);
      return;
    }
    let value: unknown;
    try {
      value = this.#recover(invocation, outcome.value, rejected);
    } catch (error) {
      outcome.fail(error); // a throwing handler or method fails the call with its own error
      return;
    }
    if (value === NONE) return;
    if (isThenable(value)) outcome.continueWith(value);
    else outcome.fulfil(value);
  }

  /**
   * The fallback value for `error` (with `isResult`, a result `onResult` rejected), or
   * {@link NONE} when none applies.
   */
  #recover(invocation: Invocation, error: unknown, isResult = false): unknown {
    if (!isResult && !this.#applies(error)) return NONE;
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
      return NONE; // last-known-good only, and nothing fresh to serve
    }
    this.statistics.fallbacks++;
    const events = this.#runtime.events;
    if (policy.onFallback !== undefined || events.has('fallback.served')) {
      const event: FallbackServedEvent = { policy: this.name, source, error };
      runHook(policy.onFallback, event, this.statistics);
      events.emit('fallback.served', event);
    }
    return value;
  }

  #rejects(result: unknown): boolean {
    return resultMatches(this.#policy.onResult, result, false);
  }

  #applies(error: unknown): boolean {
    if (!isReplaceable(error)) return false;
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
