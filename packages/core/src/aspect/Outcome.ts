import type { Invocation } from '../weaving/Invocation.js';

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
    return this.#react();
  }

  /**
   * Runs the settlers when the source settles, for a consumer that observes the outcome only
   * through its own settler (nothing is returned, so a failure leaves no rejected promise).
   */
  listen(): void {
    this.#mode = 2;
    void this.#react();
  }

  then<A = unknown, B = never>(
    onFulfilled?: ((value: unknown) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.promise().then(onFulfilled, onRejected);
  }

  // The handlers are written inline: a named arrow would be renamed per call by esbuild's
  // keepNames (tsx), one Object.defineProperty each.
  #react(): Promise<unknown> {
    const source = this.#source;
    return (source instanceof Promise ? source : Promise.resolve(source)).then(
      (value) => this.#run(true, value),
      (error: unknown) => this.#run(false, error),
    );
  }

  #run(ok: boolean, value: unknown): unknown {
    this.ok = ok;
    this.value = value;
    const count = this.#count;
    if (count > 0) {
      this.#settler0!.settle(this, this.#state0);
      if (this.#continuation !== undefined) return this.#handOver(1);
      if (count > 1) {
        this.#settler1!.settle(this, this.#state1);
        if (this.#continuation !== undefined) return this.#handOver(2);
        if (count > 2) {
          this.#settler2!.settle(this, this.#state2);
          if (this.#continuation !== undefined) return this.#handOver(3);
          for (let index = INLINE; index < count; index++) {
            const at = (index - INLINE) * 2;
            (this.#more![at] as Settler).settle(this, this.#more![at + 1]);
            if (this.#continuation !== undefined) return this.#handOver(index + 1);
          }
        }
      }
    }
    if (this.#mode === 2) return undefined;
    return this.ok ? this.value : new Rejection(this.value);
  }

  /** Moves the settlers from `from` on to the outcome of the continuation. */
  #handOver(from: number): unknown {
    const next = new Outcome(this.invocation, this.#continuation!);
    for (let index = from; index < this.#count; index++) {
      if (index === 1) next.add(this.#settler1!, this.#state1);
      else if (index === 2) next.add(this.#settler2!, this.#state2);
      else {
        const at = (index - INLINE) * 2;
        next.add(this.#more![at] as Settler, this.#more![at + 1]);
      }
    }
    if (this.#mode === 1) return next.promise();
    next.listen();
    return undefined;
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
