import {
  type Aspect,
  type AspectUse,
  type ComposedChain,
  compose,
  type Invocation,
  type Runtime,
} from '@ballast/core';
import { CacheAspect } from '../cache/Cache.js';
import { CacheKeyError } from '../cache/CacheKeyError.js';
import type { ExecutionContext } from './ResilienceOptions.js';

type Job = (context: ExecutionContext) => unknown;

/** Runs one job, with the context of the attempt running it. */
async function run(job: Job, _cacheKey: unknown, invocation: Invocation): Promise<unknown> {
  const cancellation = invocation.cancellation;
  return job({
    get signal() {
      return cancellation?.signal ?? invocation.signal;
    },
    attempt: invocation.attempt,
  });
}

/**
 * The innermost step of an execution: hands the runner the invocation of the attempt that
 * reached it as a third argument (a new arguments array per attempt, so hedged attempts never
 * share one), so a hedged attempt's job sees that attempt's signal, and a timed one its
 * timeout's.
 */
const AttemptAspect: Aspect<undefined, undefined> = Object.freeze({
  name: 'Attempt',
  precedence: Number.MAX_SAFE_INTEGER,
  supportsSync: true,
  validate: () => undefined,
  create: () => (invocation: Invocation, next: (invocation: Invocation) => unknown) => {
    invocation.args = [invocation.args[0], invocation.args[1], invocation];
    return next(invocation);
  },
  use: (): AspectUse => ATTEMPT,
});

const ATTEMPT: AspectUse = Object.freeze({
  aspect: AttemptAspect as Aspect<unknown, unknown>,
  options: undefined,
  policy: undefined,
});

/** An execution's cache key: its `cacheKey` option, the invocation's second argument. */
function executionKey(name: string): (args: unknown[]) => string {
  return (args) => {
    const key = args[1];
    if (typeof key === 'string') return key;
    throw new CacheKeyError(
      `resilience(${name}).execute: the policy caches, so each execution needs a { cacheKey } string.`,
    );
  };
}

/**
 * The chain `execute()` runs: the policy's aspects, its cache keyed by `cacheKey` (the job
 * itself cannot be a key), and the attempt step innermost. An execution's invocation carries
 * `[job, cacheKey]`.
 */
export function composeExecution(
  name: string,
  runtime: Runtime,
  uses: readonly AspectUse[],
  cacheInput: object | undefined,
): ComposedChain {
  const where = `resilience(${name}).cache`;
  const execution = uses.map((use) =>
    use.aspect === (CacheAspect as Aspect<unknown, unknown>)
      ? { ...use, options: CacheAspect.validate({ ...cacheInput, key: executionKey(name) }, where) }
      : use,
  );
  return compose(run, [...execution, ATTEMPT], { runtime, name });
}
