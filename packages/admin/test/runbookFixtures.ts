import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRuntime, type Runtime } from '@ballast/core';
import Type from 'typebox';
import {
  createRunbookEngine,
  type RunbookAction,
  type RunbookEngine,
  type RunbookEngineOptions,
} from '../src/index.js';

/** A temp folder with a runbook database path, removed by `cleanup()`. */
export interface TempStore {
  readonly path: string;
  cleanup(): void;
}

export function tempStore(): TempStore {
  const dir = mkdtempSync(join(tmpdir(), 'ballast-runbooks-'));
  return {
    path: join(dir, 'runbooks.db'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

const TargetParams = Type.Object(
  { target: Type.String({ minLength: 1, description: 'anything' }) },
  { additionalProperties: false },
);

/** An action that records its calls and does what the test says. */
export function recordingAction(
  name: string,
  behave: (params: { readonly target: string }, signal: AbortSignal) => unknown = (params) => ({
    done: params.target,
  }),
): RunbookAction<typeof TargetParams> & {
  readonly calls: { target: string; actor: string }[];
} {
  const calls: { target: string; actor: string }[] = [];
  return {
    name,
    description: `test action ${name}`,
    params: TargetParams,
    run: (params, context) => {
      calls.push({ target: params.target, actor: context.actor });
      return behave(params, context.signal);
    },
    calls,
  };
}

/** A runtime and an engine on a temp file; `close()` disposes both. */
export function openEngine(
  path: string,
  options: Partial<RunbookEngineOptions> = {},
): { runtime: Runtime; engine: RunbookEngine; close(): void } {
  const runtime = createRuntime();
  const engine = createRunbookEngine({ runtime, store: path, ...options });
  return { runtime, engine, close: () => runtime.dispose() };
}
