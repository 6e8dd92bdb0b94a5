import type { Runtime } from '@ballast/core';
import type { ExecutionRecord, ExecutionTrigger } from './ExecutionRecord.js';
import { ExecutionRunner } from './ExecutionRunner.js';
import { ExecutionStateError, UnknownExecutionError } from './errors/runbookErrors.js';
import { markInterrupted } from './markInterrupted.js';
import type { NamedRegistry } from './NamedRegistry.js';
import { newExecutionRecord } from './newExecutionRecord.js';
import type { RunbookAction } from './RunbookAction.js';
import type { Runbook } from './RunbookDefinition.js';
import type { RunbookStore } from './RunbookStore.js';
import './runbookEvents.js';

/**
 * The executions side of the runbook engine: one runner per execution in progress, every
 * change persisted and published as `runbook.execution`. Executions a previous process left in
 * progress are marked `INTERRUPTED` when it is built.
 */
export class LiveExecutions {
  readonly #runtime: Runtime;
  readonly #store: RunbookStore;
  readonly #actions: NamedRegistry<RunbookAction>;
  readonly #live = new Map<string, ExecutionRunner>();
  /** Store writes that failed during a run (the run went on in memory); counted, not thrown. */
  persistErrors = 0;

  constructor(runtime: Runtime, store: RunbookStore, actions: NamedRegistry<RunbookAction>) {
    this.#runtime = runtime;
    this.#store = store;
    this.#actions = actions;
    const now = runtime.clock.now();
    for (const record of store.inProgress()) this.#save(markInterrupted(record, now));
  }

  /** Starts an execution of `runbook`; returns it as it stands after its first move. */
  start(
    runbook: Runbook,
    trigger: ExecutionTrigger,
    actor: string,
    reason: string,
  ): ExecutionRecord {
    const runner = new ExecutionRunner(
      {
        runtime: this.#runtime,
        actions: this.#actions,
        publish: (record) => this.#save(record),
        onSettled: (record) => this.#live.delete(record.id),
      },
      newExecutionRecord(runbook, { trigger, actor, reason, now: this.#runtime.clock.now() }),
    );
    this.#live.set(runner.record.id, runner);
    runner.start();
    return runner.record;
  }

  /** The runner of an execution in progress; an ended or unknown one is a coded error. */
  runner(executionId: string): ExecutionRunner {
    const runner = this.#live.get(executionId);
    if (runner !== undefined) return runner;
    const { status } = this.get(executionId);
    throw new ExecutionStateError(
      `Execution "${executionId}" has ended (${status}); no step waits for confirmation.`,
    );
  }

  /** The execution `id` (live or stored), or `UnknownExecutionError`. */
  get(id: string): ExecutionRecord {
    const record = this.#live.get(id)?.record ?? this.#store.getExecution(id);
    if (record === undefined) throw new UnknownExecutionError(id);
    return record;
  }

  /** Resolves with the execution once it reaches a final status. */
  settled(executionId: string): Promise<ExecutionRecord> {
    const live = this.#live.get(executionId);
    if (live !== undefined) return live.settled;
    try {
      return Promise.resolve(this.get(executionId));
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  /** True while an execution of runbook `runbookId` is in progress. */
  isActive(runbookId: string): boolean {
    for (const runner of this.#live.values())
      if (runner.record.runbookId === runbookId) return true;
    return false;
  }

  /** Stops every runner's timers and forgets them (their records stay in progress in the store). */
  abandonAll(): void {
    for (const runner of this.#live.values()) runner.abandon();
    this.#live.clear();
  }

  #save(record: ExecutionRecord): void {
    try {
      this.#store.saveExecution(record);
    } catch {
      this.persistErrors++;
    }
    if (this.#runtime.events.has('runbook.execution')) {
      this.#runtime.events.emit('runbook.execution', { execution: record });
    }
  }
}
