import type { ExecutionRecord } from './ExecutionRecord.js';

/** Payload of the `runbook.execution` runtime event. */
export interface RunbookExecutionEvent {
  /** The execution after the change (a step started, waited, ended; the run ended). */
  readonly execution: ExecutionRecord;
}

declare module '@ballast/core' {
  interface BallastEvents {
    /** An execution changed; the dashboard and alerting listen to it. */
    'runbook.execution': RunbookExecutionEvent;
  }
}
