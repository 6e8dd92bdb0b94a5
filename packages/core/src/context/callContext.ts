import { AsyncLocalStorage } from 'node:async_hooks';
import { ConfigError } from '../errors/kernelErrors.js';
import { describeValue } from '../options/OptionsReader.js';

/** The user a call is made for: a stable targeting key plus attributes (region, platform, …). */
export interface UserContext {
  readonly key: string;
  readonly attributes?: Readonly<Record<string, unknown>>;
}

/** Gives an `AbortSignal` on demand, so no controller exists unless a method asks for one. */
export interface Cancellation {
  readonly signal: AbortSignal;
}

/**
 * What travels with a logical call across awaits. Aspects add their own entries under symbol
 * keys. Deadlines are absolute times on the runtime clock (`clock.now()` milliseconds).
 */
export interface CallContext {
  readonly deadline?: number;
  readonly user?: UserContext;
  readonly requestId?: string;
  /**
   * The caller's cancellation signal. Aborting it cancels the calls made in this context: no
   * new attempt or wait starts, pending ones give up with `CancelledError`, and a timed method's
   * `currentSignal()` aborts too.
   */
  readonly signal?: AbortSignal;
  /** The signal of the innermost timed call, created on demand (see `currentSignal()`). */
  readonly cancellation?: Cancellation;
  readonly [slot: symbol]: unknown;
}

const storage = new AsyncLocalStorage<CallContext>();

function refuse(entry: string, expected: string, given: unknown): never {
  throw new ConfigError(
    `runInContext: "${entry}" must be ${expected} (got ${describeValue(given)}).`,
  );
}

/**
 * Refuses a context whose caller-facing entries have the wrong type before anything runs in it:
 * otherwise a timeout would compare against a string deadline, or fail deep inside a call on a
 * signal it cannot listen to.
 */
function checkPatch(patch: CallContext): void {
  if (typeof patch !== 'object' || patch === null) refuse('context', 'an object', patch);
  let deadline, user, requestId, signal, userKey;
  try {
    ({ deadline, user, requestId, signal } = patch);
    if (typeof user === 'object' && user !== null) userKey = user.key;
  } catch (error) {
    throw new ConfigError('runInContext: the context cannot be read (see cause).', {
      cause: error,
    });
  }
  if (deadline !== undefined && (typeof deadline !== 'number' || Number.isNaN(deadline)))
    refuse('deadline', 'a number (runtime clock milliseconds)', deadline);
  if (signal !== undefined && !(signal instanceof AbortSignal))
    refuse('signal', 'an AbortSignal', signal);
  if (requestId !== undefined && typeof requestId !== 'string')
    refuse('requestId', 'a string', requestId);
  if (user !== undefined && (typeof user !== 'object' || user === null))
    refuse('user', 'an object with a string key', user);
  if (user !== undefined && typeof userKey !== 'string') refuse('user.key', 'a string', userKey);
}

/**
 * Runs `fn(...args)` with `patch` merged over the current context. Passing the arguments through
 * (instead of a closure) keeps an aspect's per-call path allocation-free. Nothing touches the
 * storage unless a caller or an aspect that needs it calls this.
 *
 * @throws ConfigError when an entry has the wrong type: `deadline` not a number, `signal` not an
 * `AbortSignal`, `requestId` not a string, `user` without a string `key`.
 *
 * @example
 * ```ts
 * await runInContext({ user: { key: 'u-42', attributes: { region: 'eu' } }, requestId }, () => notes.list());
 * await runInContext({ signal: AbortSignal.timeout(5_000) }, () => payments.quote(req)); // cancellable
 * ```
 */
export function runInContext<A extends unknown[], T>(
  patch: CallContext,
  fn: (...args: A) => T,
  ...args: A
): T {
  checkPatch(patch);
  const parent = storage.getStore();
  return storage.run(parent === undefined ? patch : { ...parent, ...patch }, fn, ...args);
}

/** The current call context, if any. */
export function currentContext(): CallContext | undefined {
  return storage.getStore();
}

/** The absolute deadline of the current call (runtime clock ms), if one is set. */
export function currentDeadline(): number | undefined {
  return storage.getStore()?.deadline;
}

/** The user of the current call, if known. */
export function currentUser(): UserContext | undefined {
  return storage.getStore()?.user;
}

/** The request id of the current call, if known. */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/**
 * The signal the current method should stop on: its timeout's (created on first request, and
 * aborted by the caller's signal too), else the caller's own `signal` from the context.
 *
 * @example
 * ```ts
 * const res = await fetch(url, { signal: currentSignal() ?? null });
 * ```
 */
export function currentSignal(): AbortSignal | undefined {
  const context = storage.getStore();
  return context === undefined ? undefined : (context.cancellation?.signal ?? context.signal);
}
