import type { Invocation } from '../weaving/Invocation.js';
import { Interruptions } from './Interruptions.js';

/**
 * Reacts to the outcome of a call in flight; see {@link observe}.
 *
 * @example
 * ```ts
 * const countFailures: Settler<undefined> = {
 *   settle(outcome) {
 *     if (!outcome.ok) failures++;
 *   },
 * };
 * ```
 */
export interface Settler<S = unknown> {
  /**
   * Called once per outcome, innermost aspect first, in the one promise reaction the kernel
   * attaches for the whole chain. Reads {@link Outcome.ok} and {@link Outcome.value}; may replace
   * them ({@link Outcome.fulfil}, {@link Outcome.fail}) or hand the call over to another
   * thenable ({@link Outcome.continueWith}). Must not throw.
   */
  settle(outcome: Outcome, state: S): void;
}

/**
 * A thenable that rejects with `reason` without a throw: returned from a promise reaction, the
 * derived promise adopts it in one microtask. A `throw` inside a reaction costs about 1 µs on
 * Node 20 (V8 builds a message per throw), and `Promise.reject()` pays Node's unhandled-rejection
 * bookkeeping when no handler is attached yet.
 */
class Rejection {
  constructor(readonly reason: unknown) {}

  then(_onFulfilled: unknown, onRejected: (reason: unknown) => void): void {
    onRejected(this.reason);
  }
}

/**
 * A promise that rejects with `reason` one microtask later, when the caller has attached its
 * handler: the cheap way for an advice to refuse an async call (an open breaker, a full bulkhead).
 *
 * @example
 * ```ts
 * if (breaker.acquire() === 0) return rejectLater(breaker.rejection());
 * ```
 */
export function rejectLater(reason: unknown): Promise<never> {
  return Promise.resolve(new Rejection(reason) as unknown as never);
}

/** Settlers held inline; more go to an overflow list. */
const INLINE = 3;

/**
 * The outcome of one async call in flight, shared by every advice of its chain that observes it.
 * Layered aspects would each put a promise layer around the call; observers of an `Outcome`
 * instead register a {@link Settler} and the kernel attaches one reaction for all of them (in the
 * caller's async context, when the chain returns). Settlers hand the outcome on as a value, so
 * no error is thrown between layers, and the caller gets a plain promise.
 *
 * An advice that must end a call before its method settles (a deadline, the caller's abort)
 * marks its settler with {@link Outcome.allowInterrupt} and later calls
 * {@link Outcome.interrupt}: its settler and the outer ones then see that error at once, and the
 * inner ones still see the method's own outcome when it arrives.
 *
 * @example
 * ```ts
 * // In an advice: answer a failure with a default value, without a promise layer of its own.
 * const result = next(invocation);
 * if (!isThenable(result)) return result;
 * return observe(invocation, result, { settle: (outcome) => outcome.ok || outcome.fulfil(0) }, undefined);
 * ```
 */
export class Outcome implements PromiseLike<unknown> {
  /** True while the outcome is a value, false when it is an error. */
  ok = true;
  /** The value, or the error when {@link Outcome.ok} is false. */
  value: unknown = undefined;
  /** The call this is the outcome of. */
  readonly invocation: Invocation;
  readonly #source: PromiseLike<unknown>;
  #count = 0;
  #settler0: Settler | undefined;
  #state0: unknown;
  #settler1: Settler | undefined;
  #state1: unknown;
  #settler2: Settler | undefined;
  #state2: unknown;
  #more: unknown[] | undefined;
  #continuation: PromiseLike<unknown> | undefined;
  /** 0: not started, 1: settling for a caller-facing promise, 2: for a listener only. */
  #mode = 0;
  /** Made by {@link Outcome.allowInterrupt}: only outcomes that can be interrupted pay for it. */
  #interruptions: Interruptions | undefined;

  constructor(invocation: Invocation, source: PromiseLike<unknown>) {
    this.invocation = invocation;
    this.#source = source;
  }

  /** Adds a settler; it runs after those added before it (the inner aspects). */
  add<S>(settler: Settler<S>, state: S): void {
    const index = this.#count++;
    if (index === 0) {
      this.#settler0 = settler as Settler;
      this.#state0 = state;
    } else if (index === 1) {
      this.#settler1 = settler as Settler;
      this.#state1 = state;
    } else if (index === 2) {
      this.#settler2 = settler as Settler;
      this.#state2 = state;
    } else {
      (this.#more ??= []).push(settler, state);
    }
  }

  /**
   * Lets the settler added last end the call early with {@link Outcome.interrupt}; returns the
   * point to interrupt at. Call it while the advice runs (in the caller's async context, which
   * the interruption's settlers then run in).
   */
  allowInterrupt(): number {
    const at = this.#count - 1;
    (this.#interruptions ??= new Interruptions()).allow(at);
    return at;
  }

  /**
   * Ends the call now with `error` from interruption point `at` (see
   * {@link Outcome.allowInterrupt}): that settler and the ones after it run with the error (in
   * the caller's async context) and the caller gets their outcome; the settlers before it still
   * get the method's outcome when it arrives. A second interruption at the same point is ignored.
   */
  interrupt(at: number, error: unknown): void {
    const interruptions = this.#interruptions;
    if (interruptions === undefined || !interruptions.allowed(at))
      throw new RangeError(
        `Outcome.interrupt(${at}): that point was not allowed by allowInterrupt().`,
      );
    if (!interruptions.take(at)) return;
    if (this.#mode === 0) {
      // The chain has not returned yet (an abort during the call): promise() or listen() runs it.
      (interruptions.early ??= []).push(at, error);
      return;
    }
    // A settler may abort synchronously while others run: theirs is the outcome to go on with.
    const { ok, value } = this;
    const scope = interruptions.scope;
    if (scope === undefined) this.#run(at, true, false, error);
    else scope.runInAsyncScope(this.#run, this, at, true, false, error);
    this.ok = ok;
    this.value = value;
  }

  /** Replaces the outcome with a value. */
  fulfil(value: unknown): void {
    this.ok = true;
    this.value = value;
  }

  /** Replaces the outcome with an error. */
  fail(error: unknown): void {
    this.ok = false;
    this.value = error;
  }

  /**
   * Hands the call over to `next` (e.g. the rest of a retry run): the settlers not run yet see
   * its outcome instead, when it settles.
   */
  continueWith(next: PromiseLike<unknown>): void {
    this.#continuation = next;
  }

  /**
   * The caller-facing promise: the settlers' final outcome. Attaches the one reaction; call it
   * (or {@link Outcome.then}, or {@link Outcome.listen}) once.
   */
  promise(): Promise<unknown> {
    this.#mode = 1;
    const interruptions = this.#interruptions;
    if (interruptions === undefined) return this.#react(this.#source, 0);
    const caller = interruptions.callerPromise();
    void this.#react(this.#source, 0);
    this.#runEarlyInterruptions(interruptions);
    return caller;
  }

  /**
   * Runs the settlers when the source settles, for a consumer that observes the outcome only
   * through its own settler (nothing is returned, so a failure leaves no rejected promise).
   */
  listen(): void {
    this.#mode = 2;
    void this.#react(this.#source, 0);
    if (this.#interruptions !== undefined) this.#runEarlyInterruptions(this.#interruptions);
  }

  then<A = unknown, B = never>(
    onFulfilled?: ((value: unknown) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.promise().then(onFulfilled, onRejected);
  }

  // The handlers are written inline: a named arrow would be renamed per call by esbuild's
  // keepNames (tsx), one Object.defineProperty each.
  #react(source: PromiseLike<unknown>, from: number): Promise<unknown> {
    return (source instanceof Promise ? source : Promise.resolve(source)).then(
      (value) => this.#run(from, false, true, value),
      (error: unknown) => this.#run(from, false, false, error),
    );
  }

  #runEarlyInterruptions(interruptions: Interruptions): void {
    const early = interruptions.early;
    if (early === undefined) return;
    interruptions.early = undefined;
    for (let index = 0; index < early.length; index += 2) {
      this.#run(early[index] as number, true, false, early[index + 1]);
    }
  }

  /**
   * Runs the settlers from `from` with the outcome `ok`/`value`, up to the end or to an
   * interruption point (the interruption took the rest over; `interruption` is true for the run
   * it made), then settles the caller's promise. Returns what the derived promise of the reaction
   * should adopt when that promise is the caller's.
   */
  #run(from: number, interruption: boolean, ok: boolean, value: unknown): unknown {
    this.ok = ok;
    this.value = value;
    const count = this.#count;
    const interruptions = this.#interruptions;
    for (let index = from; index < count; index++) {
      if (interruptions?.takenOver(index, from, interruption) === true) return undefined;
      this.#settle(index);
      const next = this.#continuation;
      if (next !== undefined) {
        this.#continuation = undefined;
        const handedOver = this.#react(next, index + 1);
        return this.#mode === 1 && interruptions === undefined ? handedOver : undefined;
      }
    }
    if (this.#mode === 2) return undefined;
    if (interruptions !== undefined) {
      interruptions.deliver(this.ok, this.value);
      return undefined;
    }
    return this.ok ? this.value : new Rejection(this.value);
  }

  #settle(index: number): void {
    if (index === 0) this.#settler0!.settle(this, this.#state0);
    else if (index === 1) this.#settler1!.settle(this, this.#state1);
    else if (index === 2) this.#settler2!.settle(this, this.#state2);
    else {
      const at = (index - INLINE) * 2;
      (this.#more![at] as Settler).settle(this, this.#more![at + 1]);
    }
  }
}

/**
 * Lets an advice observe the async result of `next` without a promise layer of its own: adds
 * `settler` (with its per-call `state`) to the call's {@link Outcome}, created here when the
 * result is a plain thenable. Return what this returns; the kernel turns the outermost outcome
 * into the caller's promise.
 *
 * @example
 * ```ts
 * const result = next(invocation);
 * return isThenable(result) ? observe(invocation, result, this, startedAt) : this.settleSync(result);
 * ```
 */
export function observe<S>(
  invocation: Invocation,
  result: PromiseLike<unknown>,
  settler: Settler<S>,
  state: S,
): Outcome {
  const outcome = result instanceof Outcome ? result : new Outcome(invocation, result);
  outcome.add(settler, state);
  return outcome;
}
