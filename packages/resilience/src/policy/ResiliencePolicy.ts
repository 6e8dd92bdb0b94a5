import {
  type Aspect,
  type AspectDecorator,
  type AspectUse,
  applyUses,
  type ComposedChain,
  ConfigError,
  Invocation,
  OptionsReader,
  type Runtime,
} from '@ballast/core';
import { BulkheadAspect } from '../bulkhead/Bulkhead.js';
import { CacheAspect } from '../cache/Cache.js';
import { CircuitBreakerAspect } from '../circuit-breaker/CircuitBreaker.js';
import { FallbackAspect } from '../fallback/Fallback.js';
import { GuardAspect } from '../guard/Guard.js';
import { HedgeAspect } from '../hedge/Hedge.js';
import { RateLimitAspect } from '../rate-limit/RateLimit.js';
import { RetryAspect } from '../retry/Retry.js';
import { TimeoutAspect } from '../timeout/Timeout.js';
import { composeExecution } from './executionChain.js';
import type { ExecuteOptions, ExecutionContext, ResilienceOptions } from './ResilienceOptions.js';

const KEYS = [
  'name',
  'runtime',
  'guard',
  'cache',
  'retry',
  'hedge',
  'circuitBreaker',
  'timeout',
  'rateLimit',
  'bulkhead',
  'fallback',
];

/** The aspects a policy may apply, by option key, outermost first. */
const ASPECTS: readonly (readonly [keyof ResilienceOptions, Aspect<unknown, unknown>])[] = [
  ['guard', GuardAspect as Aspect<unknown, unknown>],
  ['fallback', FallbackAspect as Aspect<unknown, unknown>],
  ['cache', CacheAspect as Aspect<unknown, unknown>],
  ['retry', RetryAspect as Aspect<unknown, unknown>],
  ['hedge', HedgeAspect as Aspect<unknown, unknown>],
  ['circuitBreaker', CircuitBreakerAspect as Aspect<unknown, unknown>],
  ['rateLimit', RateLimitAspect as Aspect<unknown, unknown>],
  ['timeout', TimeoutAspect as Aspect<unknown, unknown>],
  ['bulkhead', BulkheadAspect as Aspect<unknown, unknown>],
];

/** The option a number stands for, per aspect (`timeout: 2_000`, `bulkhead: 4`). */
const SHORTHAND: Readonly<Record<string, string>> = { timeout: 'ms', bulkhead: 'maxConcurrent' };

/** Options a policy cannot take from an aspect's options, and why. */
const NOT_HERE: Readonly<Record<string, readonly [string, string]>> = {
  guard: [
    'args',
    'argument contracts belong on each method (@Guard), since a policy runs functions of any shape; give "result" here',
  ],
  cache: ['key', 'methods are keyed by their arguments and execute() by its { cacheKey }'],
};

/** Sets `name` on an aspect's options, refusing one given there. */
function named(key: string, where: string, input: unknown, name: string): object {
  const shorthand = SHORTHAND[key];
  if (typeof input === 'number' && shorthand !== undefined) return { [shorthand]: input, name };
  if (typeof input === 'object' && input !== null) {
    if ('name' in input)
      throw new ConfigError(`${where}: option "name" is the policy's; remove it here.`);
    const [option, why] = NOT_HERE[key] ?? [];
    if (option !== undefined && option in input)
      throw new ConfigError(`${where}: option "${option}" is not for a policy: ${why}.`);
  }
  return { ...(input as object), name };
}

const EXECUTE_OPTIONS: readonly string[] = ['signal', 'cacheKey'];

function kindOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}

/**
 * The checked arguments of one `execute()`: a job that is not a function, options that are not
 * an object, an unknown option (a mistyped `signal` would silently drop cancellation) or one of
 * the wrong type is a `ConfigError` before anything runs.
 */
function readExecution(where: string, job: unknown, options: unknown): ExecuteOptions {
  if (typeof job !== 'function')
    throw new ConfigError(`${where}: the job must be a function (got ${kindOf(job)}).`);
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    throw new ConfigError(`${where}: options must be an object (got ${kindOf(options)}).`);
  for (const key in options) {
    if (!EXECUTE_OPTIONS.includes(key))
      throw new ConfigError(
        `${where}: unknown option "${key}". Allowed: ${EXECUTE_OPTIONS.join(', ')}.`,
      );
  }
  const { signal, cacheKey } = options as ExecuteOptions;
  if (cacheKey !== undefined && typeof cacheKey !== 'string')
    throw new ConfigError(`${where}: "cacheKey" must be a string (got ${kindOf(cacheKey)}).`);
  if (signal !== undefined && !(signal instanceof AbortSignal))
    throw new ConfigError(`${where}: "signal" must be an AbortSignal (got ${kindOf(signal)}).`);
  return options as ExecuteOptions;
}

/**
 * A reusable resilience policy: the aspects and their state (breaker, retry budget,
 * statistics), built once. {@link ResiliencePolicy.execute} runs any function under it, and
 * {@link ResiliencePolicy.decorator} applies the same aspects to methods. Made by
 * {@link resilience}.
 *
 * @example
 * ```ts
 * const payments = resilience({ name: 'payments', retry: { maxAttempts: 3 }, timeout: 2_000 });
 * await payments.execute(({ signal }) => fetch(url, { signal }));
 * ```
 */
export class ResiliencePolicy {
  /** The name every aspect of the policy reports under. */
  readonly name: string;
  /** The runtime `execute()` runs on. */
  readonly runtime: Runtime;
  /** The policy's aspects, validated once (outermost first). */
  readonly uses: readonly AspectUse[];
  readonly #composed: ComposedChain;
  /** Who a refused `execute()` names. */
  readonly #executeWhere: string;

  constructor(options: ResilienceOptions, runtime: Runtime) {
    const read = new OptionsReader('resilience', options, KEYS);
    if (!read.has('name')) read.fail('name', 'given: it names the breaker, budget and statistics');
    this.name = read.string('name', '');
    this.runtime = runtime;
    const where = `resilience(${this.name})`;
    this.#executeWhere = `${where}.execute`;
    const uses: AspectUse[] = [];
    let cacheInput: object | undefined;
    for (const [key, aspect] of ASPECTS) {
      const input = options[key];
      if (input === undefined) continue;
      const at = `${where}.${key}`;
      const given = named(key, at, input, this.name);
      if (key === 'cache') cacheInput = given;
      uses.push({ aspect, options: aspect.validate(given, at), policy: undefined });
    }
    this.uses = Object.freeze(uses);
    this.#composed = composeExecution(this.name, runtime, uses, cacheInput);
  }

  /**
   * Runs `job` under the policy. The job gets the signal to stop on and its attempt number;
   * the returned promise settles with its value, or the error the policy ends with.
   *
   * @example
   * ```ts
   * const quote = await payments.execute(({ signal }) => fetch(url, { signal }), { signal: req.signal });
   * ```
   */
  execute<T>(
    job: (context: ExecutionContext) => T | PromiseLike<T>,
    options: ExecuteOptions = {},
  ): Promise<T> {
    const { chain, target } = this.#composed;
    const { signal, cacheKey } = readExecution(this.#executeWhere, job, options);
    const invocation = new Invocation(undefined, [job, cacheKey], target);
    if (signal !== undefined) invocation.signal = signal;
    return chain(invocation) as Promise<T>;
  }

  /**
   * A method decorator applying the policy's aspects (with the very same options) to a method:
   * woven on the same runtime, the method shares the policy's breaker, budget and statistics.
   */
  decorator(): AspectDecorator {
    return applyUses(this.uses, `@Resilient(${this.name})`);
  }
}
