import {
  type CallContext,
  type Cancellation,
  currentContext,
  Invocation,
  isThenable,
  type Next,
  observe,
  type Outcome,
  runInContext,
  type Settler,
} from '@ballast/core';
import { isReplaceable } from '../call/recoverable.js';
import type { CacheAdvice } from './CacheAdvice.js';
import type { CacheEntry } from './CacheStore.js';

function ignore(): void {}

/**
 * One load of one key, shared by every call that misses it meanwhile (single flight). The load
 * runs once, in the first caller's async context, but detached from any one caller's signal:
 * it has its own, so a waiter that cancels leaves alone (`CancelledError` for it) and the others
 * keep waiting; only when every waiter that could leave has left is the load itself cancelled.
 * A refresh (stale-while-revalidate) is a flight nobody waits for at first, with no deadline.
 */
export class CacheFlight implements Settler<undefined>, Cancellation {
  /** What every waiter gets: the loaded value, a stale one (stale-if-error) or the error. */
  promise: Promise<unknown> | undefined;
  /** A stale entry that may stand in for a failed load (stale-if-error). */
  stale: CacheEntry | undefined;
  readonly #owner: CacheAdvice;
  readonly #key: string;
  readonly #generation: number;
  readonly #refresh: boolean;
  readonly #invocation: Invocation;
  readonly #controller: AbortController | undefined;
  readonly #context: CallContext | undefined;
  /** Waiters that may still leave (they have a signal). */
  #holders = 0;
  /** Whether a waiter that can never leave (no signal) joined. */
  #permanent = false;
  #joined = 0;

  constructor(
    owner: CacheAdvice,
    key: string,
    stale: CacheEntry | undefined,
    caller: Invocation,
    refresh: boolean,
  ) {
    this.#owner = owner;
    this.#key = key;
    this.stale = stale;
    this.#generation = owner.generation;
    this.#refresh = refresh;
    const context = currentContext();
    // The caller's signal, or one the method would read from the context, must not reach the
    // shared load: give it its own. Without either, the caller's invocation serves as it is.
    const detach =
      (!refresh && caller.signal !== undefined) ||
      context?.signal !== undefined ||
      context?.cancellation !== undefined ||
      (refresh && context?.deadline !== undefined);
    if (!detach && !refresh) {
      this.#invocation = caller;
      return;
    }
    this.#invocation = new Invocation(caller.instance, caller.args, caller.target);
    this.#invocation.attempt = caller.attempt;
    if (!detach) return;
    this.#controller = new AbortController();
    this.#invocation.signal = this.#controller.signal;
    if (context === undefined) return;
    this.#context = refresh
      ? { signal: this.#controller.signal, cancellation: this, deadline: Infinity }
      : { signal: this.#controller.signal, cancellation: this };
  }

  /** The load's own signal (a `Cancellation` for the call context). */
  get signal(): AbortSignal {
    return this.#controller!.signal;
  }

  /**
   * Runs the load. A synchronous method's value is stored and returned (a throw is answered by
   * stale-if-error or rethrown); an async one's outcome becomes {@link CacheFlight.promise},
   * registered under the key until it settles.
   */
  load(next: Next): unknown {
    const owner = this.#owner;
    let result: unknown;
    try {
      result =
        this.#context === undefined
          ? next(this.#invocation)
          : runInContext(this.#context, next, this.#invocation);
    } catch (error) {
      const stale = this.#staleFor(error);
      if (stale === undefined) throw error;
      owner.servedStale('error', stale, 1);
      return stale.value;
    }
    if (!isThenable(result)) {
      owner.save(this.#key, this.#invocation.args, result, this.#generation);
      return result;
    }
    const promise = observe(this.#invocation, result, this, undefined).promise();
    this.promise = promise;
    owner.flights.set(this.#key, this);
    if (this.#refresh) promise.then(undefined, ignore); // a refresh may have no waiter at all
    return promise;
  }

  /** A caller waiting for this load: it gets its own promise when it can leave (a signal). */
  join(invocation: Invocation): Promise<unknown> {
    this.#joined++;
    const promise = this.promise!;
    const signal = invocation.signal;
    if (signal === undefined) {
      this.#permanent = true;
      return promise;
    }
    this.#holders++;
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        reject(this.#owner.cancelled(signal.reason));
        this.#leave();
      };
      signal.addEventListener('abort', onAbort, { once: true });
      promise.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }

  /** @internal the load settled (a `Settler`): stored, or answered by a stale value. */
  settle(outcome: Outcome): void {
    const owner = this.#owner;
    if (owner.flights.get(this.#key) === this) owner.flights.delete(this.#key);
    if (outcome.ok) {
      owner.save(this.#key, this.#invocation.args, outcome.value, this.#generation);
      return;
    }
    if (this.#refresh) owner.counters.refreshErrors++;
    if (this.#joined === 0) return;
    const stale = this.#staleFor(outcome.value);
    if (stale === undefined) return;
    outcome.fulfil(stale.value);
    owner.servedStale('error', stale, this.#joined);
  }

  #staleFor(error: unknown): CacheEntry | undefined {
    const stale = this.stale;
    const owner = this.#owner;
    if (stale === undefined || this.#generation !== owner.generation || !isReplaceable(error))
      return undefined;
    return owner.now() < stale.freshUntil + owner.staleIfErrorMs ? stale : undefined;
  }

  #leave(): void {
    if (--this.#holders > 0 || this.#permanent) return;
    const owner = this.#owner;
    if (owner.flights.get(this.#key) === this) owner.flights.delete(this.#key);
    this.#controller?.abort(owner.abandonedReason);
  }
}
