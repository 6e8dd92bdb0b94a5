import type { IncomingHttpHeaders } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { type ChaosServer, startChaosServer } from '@ballast/testing';
import { type RunbookEngine, webhookAction } from '../src/index.js';
import { openEngine, tempStore, type TempStore } from './runbookFixtures.js';

interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
}

// Answered calls get a generous wait: a loaded CI machine once took over 300 ms for the first
// loopback request (the step FAILED). Only the hang case uses the short one it asserts.
const ANSWERED_WITHIN_MS = 10_000;
const HANG_TIMEOUT_MS = 300;

describe('webhook.call action', () => {
  let store: TempStore;
  let engine: RunbookEngine;
  let close: (() => void) | undefined;
  let server: ChaosServer;
  let base: string;
  let answer = 200;

  /** What the receiver got, bodies parsed. */
  function received(): Received[] {
    return server.requests.map(({ headers, body }) => ({
      headers,
      body: JSON.parse(body) as unknown,
    }));
  }

  beforeEach(async () => {
    answer = 200;
    server = await startChaosServer({
      faults: {
        routes: { '/hang': { kind: 'hang' } },
        respond: () => ({
          kind: 'respond',
          status: answer,
          headers: { 'content-type': 'text/plain' },
          body: `answered ${answer}`,
        }),
      },
    });
    base = server.url;
    store = tempStore();
    openWithTimeout(ANSWERED_WITHIN_MS);
  });

  /** (Re)opens the engine with a webhook action that waits `timeoutMs` for an answer. */
  function openWithTimeout(timeoutMs: number): void {
    close?.();
    ({ engine, close } = openEngine(store.path, { actions: [webhookAction({ timeoutMs })] }));
  }

  afterEach(async () => {
    close?.();
    close = undefined;
    store.cleanup();
    await server.close();
  });

  function runbook(path: string, params: Record<string, unknown> = {}): string {
    engine.createRunbook({
      id: 'notify',
      name: 'Notify',
      scene: 'EMERGENCY',
      steps: [{ action: 'webhook.call', params: { url: `${base}${path}`, ...params } }],
    });
    return 'notify';
  }

  it('POSTs the given JSON body with an idempotency key and records the answer', async () => {
    const run = await engine.settled(
      engine.execute(
        runbook('/hooks/ops', { body: { text: 'payments down' }, headers: { 'x-team': 'ops' } }),
        { actor: 'alice' },
      ).id,
    );
    expect(run.status).toBe('SUCCEEDED');
    expect(run.steps[0]!.output).toEqual({ status: 200, body: 'answered 200' });
    expect(received()).toHaveLength(1);
    expect(received()[0]!.body).toEqual({ text: 'payments down' });
    expect(received()[0]!.headers).toMatchObject({
      'content-type': 'application/json',
      'x-team': 'ops',
      'webhook-id': `${run.id}:0`,
    });
  });

  it('sends a description of the step when no body is given', async () => {
    const run = await engine.settled(engine.execute(runbook('/hooks/ops'), { actor: 'alice' }).id);
    expect(received()[0]!.body).toEqual({
      runbook: 'Notify',
      scene: 'EMERGENCY',
      executionId: run.id,
      stepIndex: 0,
      actor: 'alice',
    });
  });

  it('fails the step on a non-2xx answer, naming only the origin', async () => {
    answer = 503;
    const run = await engine.settled(engine.execute(runbook('/secret-token-path')).id);
    expect(run.status).toBe('FAILED');
    expect(run.steps[0]!.error).toEqual({
      code: 'BALLAST_ERR_RUNBOOK_ACTION',
      message: `Webhook on ${base} answered 503.`,
    });
  });

  it('fails the step when the receiver does not answer within the timeout', async () => {
    openWithTimeout(HANG_TIMEOUT_MS);
    const run = await engine.settled(engine.execute(runbook('/hang')).id);
    expect(run.status).toBe('FAILED');
    expect(run.steps[0]!.error).toEqual({
      code: 'BALLAST_ERR_RUNBOOK_ACTION',
      message: `Webhook on ${base} failed: no answer within ${HANG_TIMEOUT_MS} ms.`,
    });
  });
});
