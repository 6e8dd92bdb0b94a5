import { AsyncLocalStorage } from 'node:async_hooks';

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
  readonly cancellation?: Cancellation;
  readonly [slot: symbol]: unknown;
}

const storage = new AsyncLocalStorage<CallContext>();

/**
 * Runs `fn(...args)` with `patch` merged over the current context. Passing the arguments through
 * (instead of a closure) keeps an aspect's per-call path allocation-free. Nothing touches the
 * storage unless a caller or an aspect that needs it calls this.
 *
 * @example
 * ```ts
 * await runInContext({ user: { key: 'u-42', attributes: { region: 'eu' } }, requestId }, () => notes.list());
 * ```
 */
export function runInContext<A extends unknown[], T>(
  patch: CallContext,
  fn: (...args: A) => T,
  ...args: A
): T {
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

/** An `AbortSignal` for the current call (created on first request by the aspect that owns it). */
export function currentSignal(): AbortSignal | undefined {
  return storage.getStore()?.cancellation?.signal;
}
