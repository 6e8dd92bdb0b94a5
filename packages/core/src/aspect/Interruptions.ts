import { AsyncResource, executionAsyncId } from 'node:async_hooks';

/** Interruption points are bits of one integer. */
const MAX_POINTS = 31;

/** The async resource type async-hooks consumers see for a kept caller context. */
const SCOPE_TYPE = 'ballast.outcome';

/**
 * The interruptions whose caller-facing promise is being made (see
 * {@link Interruptions.callerPromise}): the shared executor stores the promise's functions into
 * that young object, allocating no closure.
 */
let capturing: Interruptions | undefined;

/**
 * @internal What an `Outcome` that can be interrupted keeps (see `Outcome.allowInterrupt`): its
 * interruption points, the ones taken, the caller's promise and async context. Made only for
 * such outcomes, so the others stay small.
 */
export class Interruptions {
  /** The caller's async context; undefined when no async hook tracks promises. */
  scope: AsyncResource | undefined;
  /** Interruptions that came before the chain returned: point, error, … */
  early: unknown[] | undefined;
  /** Points given by `allow` (a bit each). */
  #allowed = 0;
  /** Points an interruption took over: runs from below stop there. */
  #taken = 0;
  #resolve: ((value: unknown) => void) | undefined;
  #reject: ((error: unknown) => void) | undefined;

  /** A shared executor: `new Promise(Interruptions.#capture)` allocates no closure. */
  static #capture(resolve: (value: unknown) => void, reject: (error: unknown) => void): void {
    const interruptions = capturing!;
    interruptions.#resolve = resolve;
    interruptions.#reject = reject;
  }

  /** Makes settler `at` an interruption point; runs while the advice runs, in the caller's context. */
  allow(at: number): void {
    if (at < 0 || at >= MAX_POINTS)
      throw new RangeError(
        `Outcome.allowInterrupt(): the settler added last must be one of the first ${MAX_POINTS}.`,
      );
    // Code run by a promise reaction has execution id 0 only while no async hook tracks
    // promises (no AsyncLocalStorage in use): then there is no async context to keep.
    if (this.scope === undefined && executionAsyncId() !== 0)
      this.scope = new AsyncResource(SCOPE_TYPE);
    this.#allowed |= 1 << at;
  }

  /** True when `allow(at)` made `at` a point. */
  allowed(at: number): boolean {
    return at >= 0 && at < MAX_POINTS && (this.#allowed & (1 << at)) !== 0;
  }

  /** Marks `at` taken; false when it already was. */
  take(at: number): boolean {
    const bit = 1 << at;
    if ((this.#taken & bit) !== 0) return false;
    this.#taken |= bit;
    return true;
  }

  /** True when an interruption at `index` took over the run that started at `from`. */
  takenOver(index: number, from: number, interruption: boolean): boolean {
    return (
      this.#taken !== 0 &&
      index < MAX_POINTS &&
      (this.#taken & (1 << index)) !== 0 &&
      !(interruption && index === from)
    );
  }

  /** The promise the caller awaits, settled by {@link Interruptions.deliver}. */
  callerPromise(): Promise<unknown> {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- read back by the shared executor
    capturing = this;
    const promise = new Promise(Interruptions.#capture);
    capturing = undefined;
    return promise;
  }

  deliver(ok: boolean, value: unknown): void {
    if (ok) this.#resolve!(value);
    else this.#reject!(value);
  }
}
