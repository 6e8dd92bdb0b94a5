import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { breakerRegistry } from '@ballast/resilience';
import {
  breakerActions,
  createRunbookEngine,
  type ExecutionRecord,
  type ExecutionStatus,
  type RunbookEngine,
} from '../src/index.js';
import { type AdminFixture, call, startFixture } from './adminFixtures.js';

const RUNBOOK = {
  id: 'payments-down',
  name: 'Payments down',
  scene: 'EMERGENCY',
  steps: [
    { action: 'breaker.forceOpen', params: { name: 'payments' } },
    {
      action: 'breaker.close',
      params: { name: 'payments' },
      preConfirm: true,
      title: 'Back to normal',
    },
  ],
};

describe('Admin API: runbooks', () => {
  let fixture: AdminFixture;
  let engine: RunbookEngine;

  beforeEach(async () => {
    fixture = await startFixture((runtime, dir) => {
      engine = createRunbookEngine({
        runtime,
        store: join(dir, 'runbooks.db'),
        actions: breakerActions(breakerRegistry(runtime)),
      });
      return { runbooks: engine };
    });
    await fixture.payments.charge(1);
  });

  afterEach(() => fixture.close());

  /** Resolves with the execution once it reaches `status` (from the runtime event). */
  function reaching(status: ExecutionStatus): Promise<ExecutionRecord> {
    return new Promise((resolve) => {
      const off = fixture.runtime.events.on('runbook.execution', ({ execution }) => {
        if (execution.status !== status) return;
        off();
        resolve(execution);
      });
    });
  }

  it('refuses an unknown action at creation with a 400 naming the step and field', async () => {
    const answer = await call(fixture.admin, 'POST', '/api/runbooks', {
      body: { ...RUNBOOK, steps: [{ action: 'breaker.explode', params: {} }] },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('BALLAST_ERR_RUNBOOK_DEFINITION');
    expect(answer.body.errors).toEqual([{ field: 'action', detail: answer.body.detail }]);
    expect(answer.body.detail).toMatch(/breaker\.explode/);
  });

  it('refuses bad action parameters at creation with a 400', async () => {
    const answer = await call(fixture.admin, 'POST', '/api/runbooks', {
      body: { ...RUNBOOK, steps: [{ action: 'breaker.forceOpen', params: { name: 42 } }] },
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      code: 'BALLAST_ERR_RUNBOOK_DEFINITION',
      errors: [{ field: 'name' }],
    });
  });

  it('creates, lists and gets runbooks, with the registered actions', async () => {
    const created = await call(fixture.admin, 'POST', '/api/runbooks', { body: RUNBOOK });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'payments-down', scene: 'EMERGENCY' });
    expect(created.body.steps[1]).toMatchObject({ preConfirm: true, timeoutSeconds: 30 });
    const list = await call(fixture.admin, 'GET', '/api/runbooks');
    expect(list.body.runbooks.map((r: { id: string }) => r.id)).toEqual(['payments-down']);
    expect(list.body.actions.map((a: { name: string }) => a.name)).toEqual([
      'breaker.close',
      'breaker.forceOpen',
    ]);
    expect((await call(fixture.admin, 'GET', '/api/runbooks/payments-down')).body.name).toBe(
      'Payments down',
    );
    const missing = await call(fixture.admin, 'GET', '/api/runbooks/nope');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('BALLAST_ERR_RUNBOOK_UNKNOWN');
  });

  it('starts an execution that waits for confirmation, then finishes when confirmed', async () => {
    await call(fixture.admin, 'POST', '/api/runbooks', { body: RUNBOOK });
    const waiting = reaching('WAITING_CONFIRMATION');
    const started = await call(fixture.admin, 'POST', '/api/runbooks/payments-down/executions', {
      body: { actor: 'alice', reason: 'INC-1' },
    });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({
      runbookId: 'payments-down',
      actor: 'alice',
      reason: 'INC-1',
    });
    const id: string = started.body.id;
    await waiting;
    expect(breakerRegistry(fixture.runtime).state('payments')).toBe('FORCED_OPEN');
    const seen = await call(fixture.admin, 'GET', `/api/executions/${id}`);
    expect(seen.body.status).toBe('WAITING_CONFIRMATION');
    expect(seen.body.steps.map((s: { status: string }) => s.status)).toEqual([
      'SUCCEEDED',
      'WAITING_CONFIRMATION',
    ]);

    const confirmed = await call(fixture.admin, 'POST', `/api/executions/${id}/steps/1/confirm`, {
      body: { actor: 'bob' },
    });
    expect(confirmed.status).toBe(200);
    const done = await engine.settled(id);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.steps[1]).toMatchObject({ status: 'SUCCEEDED', confirmedBy: 'bob' });
    expect(breakerRegistry(fixture.runtime).state('payments')).toBe('CLOSED');

    const again = await call(fixture.admin, 'POST', `/api/executions/${id}/steps/1/confirm`);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('BALLAST_ERR_RUNBOOK_EXECUTION_STATE');
    const listed = await call(fixture.admin, 'GET', '/api/executions?limit=5');
    expect(listed.body.executions.map((x: { id: string }) => x.id)).toEqual([id]);
    const ofRunbook = await call(fixture.admin, 'GET', '/api/runbooks/payments-down/executions');
    expect(ofRunbook.body.executions).toHaveLength(1);
  });

  it('cancels a waiting step, and answers 404 for an unknown execution and 400 for a bad index', async () => {
    await call(fixture.admin, 'POST', '/api/runbooks', { body: RUNBOOK });
    const waiting = reaching('WAITING_CONFIRMATION');
    const { body } = await call(fixture.admin, 'POST', '/api/runbooks/payments-down/executions');
    await waiting;
    expect(body.actor).toBe('admin-api');
    const bad = await call(fixture.admin, 'POST', `/api/executions/${body.id}/steps/x/confirm`);
    expect(bad.status).toBe(400);
    const cancelled = await call(
      fixture.admin,
      'POST',
      `/api/executions/${body.id}/steps/1/cancel`,
    );
    expect(cancelled.body.status).toBe('CANCELLED');
    const missing = await call(fixture.admin, 'GET', '/api/executions/none');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('BALLAST_ERR_RUNBOOK_EXECUTION_UNKNOWN');
    const badLimit = await call(fixture.admin, 'GET', '/api/executions?limit=0');
    expect(badLimit.status).toBe(400);
  });
});
