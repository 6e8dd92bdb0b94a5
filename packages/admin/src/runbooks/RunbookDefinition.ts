import { Defaulted } from '@ballast/schema';
import Type, { type Static } from 'typebox';
import { RUNBOOK_SCENES, type RunbookScene } from './RunbookScene.js';

const DAY_SECONDS = 86_400;

const Step = Type.Object(
  {
    action: Type.String({
      minLength: 1,
      description: 'name of a registered action, e.g. breaker.forceOpen',
    }),
    params: Type.Optional(
      Type.Record(Type.String(), Type.Unknown(), {
        description: "the action's parameters, checked at creation",
      }),
    ),
    title: Type.Optional(
      Type.String({
        minLength: 1,
        description: 'short label for people (default: the action name)',
      }),
    ),
    preConfirm: Defaulted(
      Type.Boolean({
        description: 'wait in WAITING_CONFIRMATION until an operator confirms the step',
      }),
      false,
    ),
    timeoutSeconds: Defaulted(
      Type.Number({
        exclusiveMinimum: 0,
        maximum: DAY_SECONDS,
        description:
          'seconds the action may run; past them the step is TIMED_OUT and the execution stops',
      }),
      30,
    ),
  },
  { additionalProperties: false },
);

const Trigger = Type.Object(
  {
    condition: Type.String({
      minLength: 1,
      description: 'name of a registered condition, e.g. breaker.openFor',
    }),
    params: Type.Optional(
      Type.Record(Type.String(), Type.Unknown(), {
        description: "the condition's parameters, checked at creation",
      }),
    ),
    coolDownSeconds: Defaulted(
      Type.Number({
        minimum: 0,
        maximum: 7 * DAY_SECONDS,
        description:
          'seconds after an automatic start during which the condition is not acted on again',
      }),
      300,
    ),
  },
  { additionalProperties: false },
);

/**
 * A runbook as it is created, declared once: its type, defaults and the checks at creation
 * come from here (the parameters of each step are then checked against its action's schema).
 */
export const RunbookDefinitionSchema = Type.Refine(
  Type.Object(
    {
      id: Type.Optional(
        Type.String({
          pattern: '^[a-z0-9][a-z0-9._-]{0,63}$',
          description:
            'lower-case letters, digits, ".", "_" or "-" (1 to 64, starting alphanumeric)',
        }),
      ),
      name: Type.String({ minLength: 1, maxLength: 200, description: 'unique name for people' }),
      scene: Type.Enum([...RUNBOOK_SCENES]),
      description: Defaulted(Type.String({ maxLength: 2_000 }), ''),
      steps: Type.Array(Step, { minItems: 1, maxItems: 100 }),
      trigger: Type.Optional(Trigger),
    },
    { additionalProperties: false },
  ),
  (definition) => (definition.scene === 'SELF_RECOVERY') === (definition.trigger !== undefined),
  () =>
    'needs a trigger when its scene is SELF_RECOVERY, and only then (other runbooks never start by themselves)',
);

/** A runbook as it is created (`engine.createRunbook`, `POST /api/runbooks`). */
export type RunbookDefinition = Static<typeof RunbookDefinitionSchema>;
/** One step as it is created. */
export type StepDefinition = Static<typeof Step>;
/** The trigger of a SELF_RECOVERY runbook as it is created. */
export type TriggerDefinition = Static<typeof Trigger>;

/** A checked step, every default filled in. */
export interface RunbookStep {
  readonly action: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly title: string;
  readonly preConfirm: boolean;
  readonly timeoutSeconds: number;
}

/** A checked trigger, every default filled in. */
export interface RunbookTrigger {
  readonly condition: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly coolDownSeconds: number;
}

/** A stored runbook. */
export interface Runbook {
  readonly id: string;
  readonly name: string;
  readonly scene: RunbookScene;
  readonly description: string;
  readonly steps: readonly RunbookStep[];
  /** Present on `SELF_RECOVERY` runbooks only. */
  readonly trigger: RunbookTrigger | null;
  /** Epoch ms (runtime clock). */
  readonly createdAt: number;
  readonly updatedAt: number;
}
