import { randomUUID } from 'node:crypto';
import { checkValue, describeIssues } from '@ballast/schema';
import { RunbookDefinitionError } from './errors/runbookErrors.js';
import type { NamedRegistry } from './NamedRegistry.js';
import { readParams } from './readParams.js';
import type { RunbookAction } from './RunbookAction.js';
import type { RunbookCondition } from './RunbookCondition.js';
import { RunbookDefinitionSchema, type Runbook } from './RunbookDefinition.js';

/** The registries a definition is checked against. */
export interface DefinitionCatalogue {
  readonly actions: NamedRegistry<RunbookAction>;
  readonly conditions: NamedRegistry<RunbookCondition>;
}

/** `steps[2].timeoutSeconds` → step 2, field `timeoutSeconds`. */
function locationOf(field: string): { stepIndex?: number; field: string } {
  const match = /^steps\[(\d+)\]\.?(.*)$/.exec(field);
  return match === null ? { field } : { stepIndex: Number(match[1]), field: match[2] || 'steps' };
}

function entryOf<T extends RunbookAction | RunbookCondition>(
  registry: NamedRegistry<T>,
  kind: 'action' | 'condition',
  name: string,
  where: string,
  stepIndex?: number,
): T {
  const entry = registry.get(name);
  if (entry !== undefined) return entry;
  const known = registry.names();
  throw new RunbookDefinitionError(
    `${where}: unknown ${kind} "${name}". Registered: ${known.length === 0 ? 'none' : known.join(', ')}.`,
    { stepIndex, action: kind === 'action' ? name : undefined, field: kind },
  );
}

/** Params are kept as given (JSON) and checked again when used, so what is stored is what was checked. */
function jsonCopy(
  params: Readonly<Record<string, unknown>> | undefined,
): Readonly<Record<string, unknown>> {
  return params === undefined
    ? {}
    : (JSON.parse(JSON.stringify(params)) as Record<string, unknown>);
}

/**
 * Checks a definition against {@link RunbookDefinitionSchema}, then each step's parameters
 * against its registered action (and the trigger's against its condition), and fills in
 * defaults. Every fault is a {@link RunbookDefinitionError} naming the step index, the action
 * and the field.
 */
export function validateRunbook(
  catalogue: DefinitionCatalogue,
  input: unknown,
  now: number,
): Runbook {
  const named = (input as { name?: unknown } | null)?.name;
  const where = typeof named === 'string' && named.length > 0 ? `Runbook "${named}"` : 'Runbook';
  const checked = checkValue(RunbookDefinitionSchema, input ?? null);
  if (!checked.ok) {
    const first = locationOf(checked.issues[0]?.field ?? '');
    throw new RunbookDefinitionError(`${where}: ${describeIssues(checked.issues)}.`, first);
  }
  const definition = checked.value;
  const steps = definition.steps.map((step, index) => {
    const stepWhere = `${where}, steps[${index}]`;
    const action = entryOf(catalogue.actions, 'action', step.action, stepWhere, index);
    readParams(action.params, step.params, {
      where: `${stepWhere} (action "${step.action}")`,
      stepIndex: index,
      action: step.action,
    });
    return {
      action: step.action,
      params: jsonCopy(step.params),
      title: step.title ?? step.action,
      preConfirm: step.preConfirm,
      timeoutSeconds: step.timeoutSeconds,
    };
  });
  let trigger: Runbook['trigger'] = null;
  if (definition.trigger !== undefined) {
    const { condition, params, coolDownSeconds } = definition.trigger;
    const triggerWhere = `${where}, trigger`;
    const entry = entryOf(catalogue.conditions, 'condition', condition, triggerWhere);
    readParams(entry.params, params, { where: `${triggerWhere} (condition "${condition}")` });
    trigger = { condition, params: jsonCopy(params), coolDownSeconds };
  }
  return {
    id: definition.id ?? randomUUID(),
    name: definition.name,
    scene: definition.scene,
    description: definition.description,
    steps,
    trigger,
    createdAt: now,
    updatedAt: now,
  };
}
