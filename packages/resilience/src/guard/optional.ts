type AnyFunction = (...args: never[]) => unknown;

/** The methods of `T`, each answering `undefined` as well (when the service is missing). */
export type NullSafe<T> = {
  readonly [K in keyof T as T[K] extends AnyFunction ? K : never]: T[K] extends (
    ...args: infer A
  ) => infer R
    ? (...args: A) => R | undefined
    : never;
};

/** Any method of a missing service: does nothing, answers undefined. */
function absentMethod(): undefined {
  return undefined;
}

/**
 * Stands in for a missing service: every method is {@link absentMethod}. `then` stays undefined,
 * so awaiting the stand-in itself (a mistake, but a common one) does not hang.
 */
const ABSENT: object = new Proxy(Object.freeze({}), {
  get: (_target, key) => (key === 'then' || typeof key === 'symbol' ? undefined : absentMethod),
});

/**
 * Null-safe calls for an optional dependency: `optional(service).method(...)` calls the method
 * when the service is there and answers `undefined` without calling anything when it is `null`
 * or `undefined` (an optional injection that was not bound, a feature that is off). A present
 * service is returned as it is, so the call costs nothing extra.
 *
 * @example
 * ```ts
 * class Checkout {
 *   constructor(@inject(Audit) @optional() private readonly audit?: Audit) {}
 *   async pay(order: Order): Promise<void> {
 *     await optional(this.audit).record('paid', order.id); // no audit bound: nothing happens
 *   }
 * }
 * ```
 */
export function optional<T extends object>(service: T | null | undefined): NullSafe<T> {
  return (service ?? ABSENT) as NullSafe<T>;
}
