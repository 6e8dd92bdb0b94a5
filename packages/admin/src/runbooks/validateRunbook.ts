import { randomUUID } from 'node:crypto';
import { RunbookDefinitionError } from './errors/runbookErrors.js';
import type { NamedRegistry } from './NamedRegistry.js';
import { ParamsReader } from './ParamsReader.js';
import type { RunbookAction } from './RunbookAction.js';
import type { RunbookCondition } from './RunbookCondition.js';
import type { Runbook, RunbookStep, RunbookTrigger } from './RunbookDefinition.js';
import { RUNBOOK_SCENES } from './RunbookScene.js';

const ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const MAX_STEPS = 100;
const DAY_SECONDS = 86_400;
const RUNBOOK_KEYS = ['id', 'name', 'scene', 'description', 'steps', 'trigger'];

/** The registries a definition is checked against. */
export interface DefinitionCatalogue {
  readonly actions: NamedRegistry<RunbookAction>;
  readonly conditions: NamedRegistry<RunbookCondition>;
}

function readParams(
  registry: NamedRegistry<RunbookAction> | NamedRegistry<RunbookCondition>,
  kind: 'action' | 'condition',
  name: string,
  input: unknown,
  where: string,
  stepIndex?: number,
): Readonly<Record<string, unknown>> {
  const action = kind === 'action' ? name : undefined;
  const entry = registry.get(name);
  if (entry === undefined) {
    const known = registry.names();
    throw new RunbookDefinitionError(
      `${where}: unknown ${kind} "${name}". Registered: ${known.length === 0 ? 'none' : known.join(', ')}.`,
      { stepIndex, action, field: kind },
    );
  }
  const reader = new ParamsReader(
    { where: `${where} (${kind} "${name}")`, noun: 'parameter', stepIndex, action },
    input,
    Object.keys(entry.params.fields),
  );
  entry.params.parse(reader);
  // Kept as given (JSON) and parsed again when used, so what is stored is what was checked.
  return input === undefined ? {} : (JSON.parse(JSON.stringify(input)) as Record<string, unknown>);
}

function readStep(
  catalogue: DefinitionCatalogue,
  input: unknown,
  where: string,
  index: number,
): RunbookStep {
  const stepWhere = `${where}, steps[${index}]`;
  const read = new ParamsReader(
    { where: stepWhere, noun: 'field', stepIndex: index },
    input ?? null,
    ['action', 'params', 'title', 'preConfirm', 'timeoutSeconds'],
  );
  const action = read.requireString('action');
  return {
    action,
    params: readParams(catalogue.actions, 'action', action, read.raw('params'), stepWhere, index),
    title: read.string('title', action),
    preConfirm: read.boolean('preConfirm', false),
    timeoutSeconds: read.number('timeoutSeconds', 30, { above: 0, max: DAY_SECONDS }),
  };
}

function readTrigger(
  catalogue: DefinitionCatalogue,
  input: unknown,
  where: string,
): RunbookTrigger {
  const triggerWhere = `${where}, trigger`;
  const read = new ParamsReader({ where: triggerWhere, noun: 'field' }, input ?? null, [
    'condition',
    'params',
    'coolDownSeconds',
  ]);
  const condition = read.requireString('condition');
  return {
    condition,
    params: readParams(
      catalogue.conditions,
      'condition',
      condition,
      read.raw('params'),
      triggerWhere,
    ),
    coolDownSeconds: read.number('coolDownSeconds', 300, { min: 0, max: 7 * DAY_SECONDS }),
  };
}

/**
 * Checks a definition against the registered actions and conditions and fills in defaults.
 * Every fault is a {@link RunbookDefinitionError} naming the step index, the action and the field.
 */
export function validateRunbook(
  catalogue: DefinitionCatalogue,
  input: unknown,
  now: number,
): Runbook {
  // Read the name first so every later message can say which runbook it is about.
  const name = new ParamsReader(
    { where: 'Runbook', noun: 'field' },
    input ?? null,
    RUNBOOK_KEYS,
  ).requireString('name');
  const where = `Runbook "${name}"`;
  const read = new ParamsReader({ where, noun: 'field' }, input, RUNBOOK_KEYS);
  const id = read.has('id') ? read.string('id', '') : randomUUID();
  if (!ID.test(id))
    read.fail('id', 'lower-case letters, digits, ".", "_" or "-" (1 to 64, starting alphanumeric)');
  if (!read.has('scene')) read.fail('scene', `one of ${RUNBOOK_SCENES.join(', ')} (required)`);
  const scene = read.oneOf('scene', 'EMERGENCY', RUNBOOK_SCENES);
  const steps = read.raw('steps');
  if (!Array.isArray(steps) || steps.length === 0 || steps.length > MAX_STEPS) {
    read.fail('steps', `an array of 1 to ${MAX_STEPS} steps`);
  }
  const hasTrigger = read.has('trigger');
  if (scene === 'SELF_RECOVERY' && !hasTrigger)
    read.fail('trigger', 'given for a SELF_RECOVERY runbook');
  if (scene !== 'SELF_RECOVERY' && hasTrigger)
    read.fail('trigger', 'absent: only SELF_RECOVERY runbooks start by themselves');
  return {
    id,
    name,
    scene,
    description: read.has('description') ? read.string('description', '') : '',
    steps: (steps as unknown[]).map((step, index) => readStep(catalogue, step, where, index)),
    trigger: hasTrigger ? readTrigger(catalogue, read.raw('trigger'), where) : null,
    createdAt: now,
    updatedAt: now,
  };
}
