import { type AdviceTarget, type Clock, OptionsReader, type Runtime } from '@ballast/core';
import type {
  RetryBudgetBackend,
  RetryBudgetLimits,
  SharedRetryBudget,
} from './SharedRetryBudget.js';

/** Options of a retry budget (the `budget` option of `@Retry`). */
export interface RetryBudgetOptions {
  /**
   * Retries allowed per call in the window, as a fraction (0.2 = retries may add 20 % load).
   * @default 0.2
   */
  readonly ratio?: number;
  /**
   * Retries always allowed per second of window, so a quiet service can still retry a blip.
   * @default 10
   */
  readonly minRetriesPerSecond?: number;
  /**
   * Length of the sliding window, ms (split into 10 buckets).
   * @default 10000
   */
  readonly windowMs?: number;
  /**
   * Keeps the budget beyond this process: a {@link RetryBudgetBackend} such as
   * `clusterRetryBudgets(redis)` from `@ballast/redis` (one budget for every process on a Redis,
   * named after the retry's `name`).
   * @default undefined (this process's own sliding window)
   */
  readonly backend?: RetryBudgetBackend;
}

/** Validated budget options with every default filled in. */
export type RetryBudgetConfig = RetryBudgetLimits & {
  readonly backend: RetryBudgetBackend | undefined;
};

/** The defaults of `@Retry`'s budget. */
const RETRY_BUDGET_DEFAULTS: RetryBudgetConfig = {
  ratio: 0.2,
  minRetriesPerSecond: 10,
  windowMs: 10_000,
  backend: undefined,
};

/**
 * @internal validates a `budget` option (`false` turns it off); a bad field is a `ConfigError`
 * naming it. `defaults` fill what is not given.
 */
export function readRetryBudget(
  raw: unknown,
  where: string,
  defaults: RetryBudgetConfig = RETRY_BUDGET_DEFAULTS,
): RetryBudgetConfig | false {
  if (raw === false) return false;
  const budget = new OptionsReader(`${where} budget`, raw, [
    'ratio',
    'minRetriesPerSecond',
    'windowMs',
    'backend',
  ]);
  const backend = budget.raw('backend') ?? defaults.backend;
  if (
    backend !== undefined &&
    typeof (backend as Partial<RetryBudgetBackend> | null)?.budget !== 'function'
  )
    budget.fail('backend', 'a RetryBudgetBackend (an object with budget(name, limits))');
  return Object.freeze({
    ratio: budget.number('ratio', defaults.ratio, { min: 0, max: 10 }),
    minRetriesPerSecond: budget.number('minRetriesPerSecond', defaults.minRetriesPerSecond, {
      min: 0,
    }),
    windowMs: budget.number('windowMs', defaults.windowMs, { min: 100, max: 3_600_000 }),
    backend: backend as RetryBudgetBackend | undefined,
  });
}

const BUCKETS = 10;
/** Calls between clock reads on the success path (see {@link RetryBudget.recordCall}). */
const CALLS_PER_CLOCK_READ = 32;

/**
 * Caps retries at `ratio × calls + minRetriesPerSecond × window seconds` over a sliding window
 * (the defaults follow Finagle's RetryBudget). When a dependency is down every call fails, so
 * without a budget every call would multiply into `maxAttempts` calls exactly when the dependency
 * can least take them. O(1) per call: pre-aggregated ring buckets with running totals.
 */
export class RetryBudget implements SharedRetryBudget {
  readonly #clock: Clock;
  readonly windowMs: number;
  #ratio: number;
  #floor: number;
  readonly #bucketMs: number;
  readonly #calls = new Float64Array(BUCKETS);
  readonly #retries = new Float64Array(BUCKETS);
  #totalCalls = 0;
  #totalRetries = 0;
  #bucket = -1;
  #slot = 0;
  #untilClockRead = 0;

  constructor(clock: Clock, ratio: number, minRetriesPerSecond: number, windowMs: number) {
    this.#clock = clock;
    this.windowMs = windowMs;
    this.#ratio = ratio;
    this.#floor = minRetriesPerSecond * (windowMs / 1_000);
    this.#bucketMs = windowMs / BUCKETS;
  }

  /** Adopts a new ratio and floor; the calls and retries counted in the window stay. */
  reconfigure(ratio: number, minRetriesPerSecond: number): void {
    this.#ratio = ratio;
    this.#floor = minRetriesPerSecond * (this.windowMs / 1_000);
  }

  /**
   * Counts a logical call. The clock is read every 32 calls (and before every retry decision)
   * instead of on each call: a call counted in a bucket that already went stale is dropped
   * early, so the budget may undercount calls (fewer retries), never overcount them.
   */
  recordCall(): void {
    if (--this.#untilClockRead <= 0) {
      this.#untilClockRead = CALLS_PER_CLOCK_READ;
      this.#advance(this.#clock.now());
    }
    this.#calls[this.#slot]!++;
    this.#totalCalls++;
  }

  /** Takes one retry from the budget; false when the window has none left. */
  tryAcquire(): boolean {
    this.#advance(this.#clock.now());
    if (this.#totalRetries + 1 > this.#ratio * this.#totalCalls + this.#floor) return false;
    this.#retries[this.#slot]!++;
    this.#totalRetries++;
    return true;
  }

  /** Retries still allowed in the current window (for statistics and tests). */
  get available(): number {
    this.#advance(this.#clock.now());
    return Math.max(
      0,
      Math.floor(this.#ratio * this.#totalCalls + this.#floor - this.#totalRetries),
    );
  }

  #advance(now: number): void {
    const target = Math.floor(now / this.#bucketMs);
    if (this.#bucket === -1) {
      this.#bucket = target;
      this.#slot = target % BUCKETS;
      return;
    }
    // A clock that went back keeps the current bucket rather than corrupting the totals.
    if (target <= this.#bucket) return;
    const steps = Math.min(target - this.#bucket, BUCKETS);
    for (let step = 1; step <= steps; step++) {
      const index = (this.#bucket + step) % BUCKETS;
      this.#totalCalls -= this.#calls[index]!;
      this.#totalRetries -= this.#retries[index]!;
      this.#calls[index] = 0;
      this.#retries[index] = 0;
    }
    this.#bucket = target;
    this.#slot = target % BUCKETS;
  }
}

const BUDGETS = Symbol.for('ballast.resilience.retryBudgets');

/**
 * @internal the budget of a retry policy. One budget serves every method whose retry has the
 * same `name`, or that uses the same named policy from config; other policies get their own.
 * A hot reload keeps it when the budget options did not change (a changed `ratio` or
 * `minRetriesPerSecond` applies to the calls already counted; a changed `windowMs` starts over).
 * With a `backend`, the backend keeps the budget of `name` (the retry's name).
 */
export function budgetFor(
  runtime: Runtime,
  policy: { readonly name: string | undefined },
  options: RetryBudgetConfig,
  name: string,
): SharedRetryBudget {
  const { backend, ratio, minRetriesPerSecond, windowMs } = options;
  if (backend !== undefined) return backend.budget(name, { ratio, minRetriesPerSecond, windowMs });
  const budgets = runtime.service(BUDGETS, () => new Map<unknown, RetryBudget>());
  const key = policy.name ?? runtime.policies.originOf(policy) ?? policy;
  const existing = budgets.get(key);
  if (existing?.windowMs === options.windowMs) {
    existing.reconfigure(options.ratio, options.minRetriesPerSecond);
    return existing;
  }
  const budget = new RetryBudget(
    runtime.clock,
    options.ratio,
    options.minRetriesPerSecond,
    options.windowMs,
  );
  budgets.set(key, budget);
  return budget;
}

const budgetsByTarget = new WeakMap<AdviceTarget, SharedRetryBudget>();

/**
 * @internal records the budget of the retry woven around `target` (undefined: none), so a hedge
 * on the same method draws from it.
 */
export function setRetryBudgetOf(
  target: AdviceTarget,
  budget: SharedRetryBudget | undefined,
): void {
  if (budget === undefined) budgetsByTarget.delete(target);
  else budgetsByTarget.set(target, budget);
}

/** @internal the budget of the retry woven around `target`, if it has one. */
export function retryBudgetOf(target: AdviceTarget): SharedRetryBudget | undefined {
  return budgetsByTarget.get(target);
}
