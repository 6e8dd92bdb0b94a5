import {
  type AdviceTarget,
  type Invocation,
  isThenable,
  type MethodKind,
  type Next,
  observe,
  type Outcome,
  type Runtime,
  type Settler,
  SyncUnsupportedError,
} from '@ballast/core';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { runHook } from '../call/runHook.js';
import { contractIssues } from './contractIssues.js';
import { ContractViolationError } from './ContractViolationError.js';
import type { GuardViolationEvent } from './GuardEvents.js';
import type { GuardPolicy } from './GuardPolicy.js';
import { type GuardStatistics, guardStatisticsFor } from './GuardStatistics.js';
import { nonNull } from './nonNull.js';
import { parameterNames } from './parameterNames.js';

type Result = StandardSchemaV1.Result<unknown>;

/** One argument's contract. */
interface ArgumentCheck {
  readonly index: number;
  readonly parameter: string | undefined;
  readonly schema: StandardSchemaV1;
}

/**
 * The checks `args` asks for: by position, or for `'nonNull'` every parameter a caller must pass:
 * the function's `length`, which stops at the first parameter with a default value or a rest
 * parameter (leaving one out is how those are meant to be called).
 */
function argumentChecks(policy: GuardPolicy, target: AdviceTarget): ArgumentCheck[] {
  const names = parameterNames(target.original);
  const args = policy.args;
  if (args === undefined) return [];
  const schemas =
    args === 'nonNull' ? Array.from({ length: target.original.length }, () => nonNull) : args;
  const checks: ArgumentCheck[] = [];
  schemas.forEach((schema, index) => {
    if (schema !== undefined) checks.push({ index, parameter: names[index], schema });
  });
  return checks;
}

/**
 * The behaviour of `@Guard` for one woven method: argument contracts checked before the rest of
 * the chain runs, the result's contract as a settler of the call's outcome. Validators answer
 * synchronously in the common case and the check costs no promise; a validator that answers
 * with a promise (the Standard Schema allows it) is awaited on an async method and refused with
 * `SyncUnsupportedError` on a synchronous one, which cannot wait.
 */
export class GuardAdvice implements Settler<undefined> {
  readonly name: string;
  readonly statistics: GuardStatistics;
  readonly #runtime: Runtime;
  readonly #qualifiedName: string;
  readonly #checks: ArgumentCheck[];
  readonly #result: StandardSchemaV1 | undefined;
  readonly #rejects: boolean;
  readonly #onViolation: GuardPolicy['onViolation'];
  readonly #kind: MethodKind;

  constructor(policy: GuardPolicy, runtime: Runtime, target: AdviceTarget, kind: MethodKind) {
    this.name = policy.name ?? target.qualifiedName;
    this.statistics = guardStatisticsFor(runtime, this.name);
    this.#runtime = runtime;
    this.#qualifiedName = target.qualifiedName;
    this.#checks = argumentChecks(policy, target);
    this.#result = policy.result === 'nonNull' ? nonNull : policy.result;
    this.#rejects = policy.mode === 'throw';
    this.#onViolation = policy.onViolation;
    this.#kind = kind;
  }

  /** The advice: `(invocation, next) => result`. */
  readonly advise = (invocation: Invocation, next: Next): unknown => {
    const args = invocation.args;
    let pending: Promise<void>[] | undefined;
    // A validator that throws, and a violation in `throw` mode, fail the call before the method
    // runs; the kernel answers the throw as the method answers.
    for (const check of this.#checks) {
      const result = check.schema['~standard'].validate(args[check.index]);
      if (!isThenable(result)) {
        this.#argument(check, args, result);
        continue;
      }
      if (this.#kind.async !== true)
        throw this.#cannotWait(`the validator of argument ${check.index}`);
      (pending ??= []).push(
        Promise.resolve(result).then((settled) => this.#argument(check, args, settled)),
      );
    }
    if (pending === undefined) return this.#call(invocation, next);
    return Promise.all(pending).then(() => this.#call(invocation, next));
  };

  /** @internal checks an async call's value (a `Settler`). */
  settle(outcome: Outcome): void {
    if (!outcome.ok) return;
    const value = outcome.value;
    try {
      const result = this.#result!['~standard'].validate(value);
      if (isThenable(result)) {
        outcome.continueWith(result.then((settled) => this.#checked(value, settled)));
        return;
      }
      outcome.fulfil(this.#checked(value, result));
    } catch (error) {
      outcome.fail(error);
    }
  }

  #call(invocation: Invocation, next: Next): unknown {
    if (this.#result === undefined) return next(invocation);
    const result = next(invocation);
    if (isThenable(result)) return observe(invocation, result, this, undefined);
    const checked = this.#result['~standard'].validate(result);
    if (isThenable(checked)) throw this.#cannotWait('the result validator');
    return this.#checked(result, checked);
  }

  /** Takes an argument's validated output, or handles its violation. */
  #argument(check: ArgumentCheck, args: unknown[], result: Result): void {
    if (result.issues === undefined) {
      if (args[check.index] !== result.value) args[check.index] = result.value;
      return;
    }
    this.#violated('argument', check.index, check.parameter, args[check.index], result.issues);
  }

  /** The validated output of a result, or its violation handled. */
  #checked(value: unknown, result: Result): unknown {
    if (result.issues === undefined) return result.value;
    this.#violated('result', undefined, undefined, value, result.issues);
    return value;
  }

  /** Counts and announces a violation; throws it in `throw` mode. */
  #violated(
    subject: GuardViolationEvent['subject'],
    index: number | undefined,
    parameter: string | undefined,
    value: unknown,
    found: readonly StandardSchemaV1.Issue[],
  ): void {
    const statistics = this.statistics;
    const rejects = this.#rejects;
    if (subject === 'argument' && rejects) statistics.argumentsRejected++;
    else if (subject === 'argument') statistics.argumentsLogged++;
    else if (rejects) statistics.resultsRejected++;
    else statistics.resultsLogged++;
    const issues = contractIssues(value, found);
    const events = this.#runtime.events;
    if (this.#onViolation !== undefined || events.has('guard.violation')) {
      const action = rejects ? 'rejected' : 'logged';
      const event: GuardViolationEvent = {
        policy: this.name,
        subject,
        index,
        parameter,
        issues,
        action,
      };
      runHook(this.#onViolation, event, statistics);
      events.emit('guard.violation', event);
    }
    if (rejects)
      throw new ContractViolationError({ policy: this.name, subject, index, parameter, issues });
  }

  /** A validator answered with a promise, and the method is not known to be async. */
  #cannotWait(what: string): SyncUnsupportedError {
    return new SyncUnsupportedError(
      `@Guard on ${this.#qualifiedName}: ${what} returned a promise, and a method not known to be ` +
        'async cannot wait for it. Use a synchronous schema, or make the method async (an async ' +
        'function, or TypeScript metadata saying it returns a Promise).',
    );
  }
}
