import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { GuardViolationEvent } from './GuardEvents.js';

/** Options of `@Guard` and `guard()`. Every option is validated when the decorator is applied. */
export interface GuardOptions {
  /**
   * Contracts of the arguments, by position: any Standard Schema (zod, valibot, ArkType, the
   * `nonNull` shorthand, …); `undefined` leaves a position unchecked. `'nonNull'` checks that
   * every parameter a caller must pass has a value (those before the first one with a default
   * value or a rest parameter: the method's `length`). Checked before the method runs (and before
   * any aspect inside spends a cache look-up, a permit or a retry); the method gets each schema's
   * output.
   * @default none
   */
  readonly args?: readonly (StandardSchemaV1 | undefined)[] | 'nonNull';
  /**
   * Contract of the result (resolved value of an async method): a Standard Schema, or
   * `'nonNull'`. A bad value is replaced by a `ContractViolationError`; the caller gets the
   * schema's output.
   * @default none
   */
  readonly result?: StandardSchemaV1 | 'nonNull';
  /**
   * `throw`: a broken contract fails the call with `ContractViolationError`. `log-only`: the call
   * goes on with the value as it was; the violation is counted and announced (`guard.violation`,
   * `onViolation`), for adopting contracts on code already in production.
   * @default 'throw'
   */
  readonly mode?: 'throw' | 'log-only';
  /**
   * Name under which statistics and events are reported.
   * @default the method's `Class.method`
   */
  readonly name?: string;
  /**
   * Called on every violation, with the `guard.violation` payload. A hook that throws is
   * counted in `hookErrors` and never breaks the call.
   * @default none
   */
  readonly onViolation?: (event: GuardViolationEvent) => void;
}
