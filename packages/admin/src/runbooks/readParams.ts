import { checkValue, describeIssues, type Parsed } from '@ballast/schema';
import type { TObject } from 'typebox';
import { RunbookDefinitionError } from './errors/runbookErrors.js';

/** Where parameters are read: for messages and the error's location. */
export interface ParamsLocation {
  /** e.g. `Runbook "Payments down", steps[1] (action "flag.set")`. */
  readonly where: string;
  readonly stepIndex?: number | undefined;
  readonly action?: string | undefined;
}

/**
 * An action's or a condition's parameters checked against its schema, defaults filled in.
 * @throws RunbookDefinitionError naming the step, the action and the first parameter at fault.
 */
export function readParams<S extends TObject>(
  schema: S,
  input: unknown,
  location: ParamsLocation,
): Parsed<S> {
  const checked = checkValue(schema, input ?? {});
  if (checked.ok) return checked.value;
  const { where, stepIndex, action } = location;
  throw new RunbookDefinitionError(`${where}: parameter ${describeIssues(checked.issues)}.`, {
    stepIndex,
    action,
    field: checked.issues[0]?.field,
  });
}
