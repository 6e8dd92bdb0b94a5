import type { ConditionOperator } from '../definition/FlagDefinition.js';

/** Tests one attribute value (undefined when the context lacks it). */
export type AttributePredicate = (value: unknown) => boolean;

/** What an operator gets when a condition is compiled. */
export interface OperatorInput {
  /** `value`, or the `values` array for list operators (shape already checked). */
  readonly operand: unknown;
  readonly caseInsensitive: boolean;
  /** The runtime clock, for relative dates. */
  readonly now: () => number;
  /** Rejects the operand: throws a `FlagDefinitionError` naming the flag and the field. */
  invalid(problem: string): never;
}

/**
 * A condition operator: compiles its operand once (sets, parsed dates and versions, regular
 * expressions) into a predicate that runs on every evaluation.
 */
export interface Operator {
  readonly name: ConditionOperator;
  /** `values`: a list, matched when any entry matches. `value`: one operand. */
  readonly arity: 'value' | 'values';
  compile(input: OperatorInput): AttributePredicate;
}
