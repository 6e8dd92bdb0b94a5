import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { breakerRegistry, CircuitOpenError } from '@ballast/resilience';
import type { AdminActionEvent } from '../src/index.js';
import { type AdminFixture, call, startFixture } from './adminFixtures.js';

describe('Admin API: circuit breakers', () => {
  let fixture: AdminFixture;

  beforeEach(async () => {
    fixture = await startFixture();
    await fixture.payments.charge(1); // one counted success
    await fixture.payments.record('alice');
  });

  afterEach(() => fixture.close());

  it('lists every breaker with its state and call counts', async () => {
    fixture.payments.healthy = false;
    await expect(fixture.payments.charge(2)).rejects.toThrow('payments down');
    const { status, body } = await call(fixture.admin, 'GET', '/api/breakers');
    expect(status).toBe(200);
    const payments = body.breakers.find((b: { name: string }) => b.name === 'payments');
    expect(payments).toMatchObject({
      state: 'CLOSED',
      keyed: false,
      calls: { successful: 1, failed: 1 },
    });
    expect(body.breakers.map((b: { name: string }) => b.name).sort()).toEqual([
      'ledger',
      'payments',
    ]);
  });

  it('forces a breaker open so the woven method fails fast, then closes it', async () => {
    const actions: AdminActionEvent[] = [];
    fixture.runtime.events.on('admin.action', (event) => actions.push(event));
    const opened = await call(fixture.admin, 'POST', '/api/breakers/payments/force-open', {
      body: { actor: 'alice' },
    });
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({
      breaker: 'payments',
      state: 'FORCED_OPEN',
      actor: 'alice',
    });
    await expect(fixture.payments.charge(3)).rejects.toBeInstanceOf(CircuitOpenError);

    const closed = await call(fixture.admin, 'POST', '/api/breakers/payments/close');
    expect(closed.body.state).toBe('CLOSED');
    await expect(fixture.payments.charge(4)).resolves.toBe(4);
    expect(actions.map(({ actor, action, target }) => `${actor} ${action} ${target}`)).toEqual([
      'alice breaker.force-open payments',
      'admin-api breaker.close payments',
    ]);
    expect(actions[0]!.client).toBe('127.0.0.1');
  });

  it('disables a breaker so calls pass however many fail, and resets it', async () => {
    await call(fixture.admin, 'POST', '/api/breakers/payments/disable');
    fixture.payments.healthy = false;
    for (let i = 0; i < 4; i++)
      await expect(fixture.payments.charge(i)).rejects.toThrow('payments down');
    expect(breakerRegistry(fixture.runtime).state('payments')).toBe('DISABLED');

    const reset = await call(fixture.admin, 'POST', '/api/breakers/payments/reset');
    expect(reset.body.state).toBe('CLOSED');
    for (let i = 0; i < 2; i++)
      await expect(fixture.payments.charge(i)).rejects.toThrow('payments down');
    await expect(fixture.payments.charge(9)).rejects.toBeInstanceOf(CircuitOpenError);
  });

  it('puts a breaker in metrics-only mode', async () => {
    const answer = await call(fixture.admin, 'POST', '/api/breakers/payments/metrics-only');
    expect(answer.body.state).toBe('METRICS_ONLY');
  });

  it('acts on one key of a keyed breaker only', async () => {
    await fixture.payments.record('bob');
    const answer = await call(fixture.admin, 'POST', '/api/breakers/ledger/force-open', {
      body: { key: 'alice' },
    });
    expect(answer.body).toMatchObject({ breaker: 'ledger', key: 'alice', state: 'FORCED_OPEN' });
    await expect(fixture.payments.record('alice')).rejects.toBeInstanceOf(CircuitOpenError);
    await expect(fixture.payments.record('bob')).resolves.toBe('bob');
    const one = await call(fixture.admin, 'GET', '/api/breakers/ledger?key=bob');
    expect(one.body).toMatchObject({
      name: 'ledger',
      key: 'bob',
      state: 'CLOSED',
      keys: 2,
      // A consecutive window holds the current run of failures: none for bob.
      window: { calls: 0, failed: 0, failureRate: 0 },
    });
    const all = await call(fixture.admin, 'GET', '/api/breakers/ledger');
    expect(all.body).toMatchObject({ name: 'ledger', key: null, state: 'FORCED_OPEN' });
    expect(all.body.window).toBeUndefined(); // each key judges its own calls
  });

  it('records the transitions in the state history', async () => {
    await call(fixture.admin, 'POST', '/api/breakers/payments/force-open');
    await call(fixture.admin, 'POST', '/api/breakers/payments/close');
    const { body } = await call(fixture.admin, 'GET', '/api/breakers/history');
    expect(body.transitions.map((t: { from: string; to: string }) => `${t.from}>${t.to}`)).toEqual([
      'CLOSED>FORCED_OPEN',
      'FORCED_OPEN>CLOSED',
    ]);
    expect(body.transitions[0]).toMatchObject({ name: 'payments', key: null });
  });

  it('answers 404 for an unknown breaker and 400 for an unknown or mistyped field', async () => {
    const unknown = await call(fixture.admin, 'POST', '/api/breakers/nope/force-open');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('BALLAST_ERR_UNKNOWN_BREAKER');
    const typo = await call(fixture.admin, 'POST', '/api/breakers/payments/close', {
      body: { kee: 'x' },
    });
    expect(typo.status).toBe(400);
    expect(typo.body).toMatchObject({
      code: 'BALLAST_ERR_REQUEST_INVALID',
      errors: [{ field: 'kee', detail: 'is not a known field (allowed: key, actor)' }],
    });
    const mistyped = await call(fixture.admin, 'POST', '/api/breakers/payments/close', {
      body: { key: 7 },
    });
    expect(mistyped.body.errors).toEqual([{ field: 'key', detail: 'must be a string' }]);
  });
});

describe('Admin API: request handling', () => {
  let fixture: AdminFixture;

  beforeEach(async () => {
    fixture = await startFixture(() => ({ bodyLimit: 100 }));
  });

  afterEach(() => fixture.close());

  it('answers 413 past the body limit', async () => {
    const answer = await call(fixture.admin, 'PUT', '/api/flags/x', {
      body: { definition: { description: 'x'.repeat(200) } },
    });
    expect(answer.status).toBe(413);
    expect(answer.body.code).toBe('BALLAST_ERR_REQUEST_TOO_LARGE');
  });

  it('answers 400 for bad JSON and a non-object body, 415 for a non-JSON content type', async () => {
    const bad = await call(fixture.admin, 'PATCH', '/api/flags/new-search', { raw: '{"enabled":' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      code: 'BALLAST_ERR_REQUEST_INVALID',
      detail: expect.stringMatching(/not valid JSON/),
    });
    const array = await call(fixture.admin, 'PATCH', '/api/flags/new-search', { raw: '[]' });
    expect(array.body.errors).toEqual([{ field: '', detail: 'must be an object' }]);
    const form = await call(fixture.admin, 'PATCH', '/api/flags/new-search', {
      raw: 'enabled=false',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
    expect(form.body.code).toBe('BALLAST_ERR_REQUEST_MEDIA_TYPE');
  });

  it('answers 404 for an unknown route and 405 with Allow for a known path with another method', async () => {
    const missing = await call(fixture.admin, 'GET', '/api/nothing');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('BALLAST_ERR_ROUTE_NOT_FOUND');
    const wrong = await call(fixture.admin, 'DELETE', '/api/breakers');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.allow).toBe('GET, HEAD, OPTIONS');
    expect(wrong.body.detail).toBe(
      '/api/breakers does not take DELETE; it takes GET, HEAD, OPTIONS.',
    );
  });

  it('answers 404 on the runbook routes when no engine is configured', async () => {
    const answer = await call(fixture.admin, 'GET', '/api/runbooks');
    expect(answer.status).toBe(404);
    expect(answer.body.detail).toMatch(/Runbooks are not configured/);
  });
});
