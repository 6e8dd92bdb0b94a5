import type { RunbookScene } from './RunbookScene.js';

/** One step as written by an operator or an app. */
export interface StepDefinition {
  /** Name of a registered action, e.g. `breaker.forceOpen`. */
  readonly action: string;
  /** The action's parameters (JSON), checked at creation. */
  readonly params?: Readonly<Record<string, unknown>>;
  /** Short label for people. @default the action name */
  readonly title?: string;
  /**
   * Wait in `WAITING_CONFIRMATION` until an operator confirms the step.
   * @default false
   */
  readonly preConfirm?: boolean;
  /**
   * Seconds the action may run; past them the step is `TIMED_OUT` and the execution stops.
   * @default 30
   */
  readonly timeoutSeconds?: number;
}

/** When a `SELF_RECOVERY` runbook starts by itself. */
export interface TriggerDefinition {
  /** Name of a registered condition, e.g. `breaker.openFor`. */
  readonly condition: string;
  /** The condition's parameters, checked at creation. */
  readonly params?: Readonly<Record<string, unknown>>;
  /**
   * Seconds after an automatic start during which the condition is not acted on again.
   * @default 300
   */
  readonly coolDownSeconds?: number;
}

/** A runbook as given to `createRunbook`: plain JSON, so it can come from the admin API. */
export interface RunbookDefinition {
  /**
   * Stable id: lower-case letters, digits, `.`, `_`, `-` (at most 64).
   * @default a random UUID
   */
  readonly id?: string;
  /** Unique name for people. */
  readonly name: string;
  readonly scene: RunbookScene;
  readonly description?: string;
  /** Ordered steps; at least one. */
  readonly steps: readonly StepDefinition[];
  /** Required for `SELF_RECOVERY` runbooks, refused on the others. */
  readonly trigger?: TriggerDefinition;
}

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
