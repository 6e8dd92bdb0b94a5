import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  createRuntime,
  runInContext,
  type Runtime,
  SyncUnsupportedError,
  weave,
} from '@ballast/core';
import { CircuitBreaker, ConstantBackoff, Retry, Timeout } from '@ballast/resilience';
import { runFixture } from './childProcess.js';

// No 'reflect-metadata' here: the methods' return types are unknown at weave time, as under tsx.
class Ledger {
  calls = 0;

  @Timeout(1_000)
  balance(): number {
    this.calls++;
    return 42;
  }

  @Retry({ backoff: new ConstantBackoff(10) })
  @CircuitBreaker()
  @Timeout(1_000)
  audited(): number {
    this.calls++;
    return 7;
  }
}

// Regression: a sync method under @Timeout without metadata returned a rejected promise, which
// try/catch missed and which killed the process as an unhandled rejection.
describe('a sync method whose aspect needs time, without metadata', () => {
  let runtime: Runtime;
  beforeEach(() => {
    runtime = createRuntime();
  });
  afterEach(() => runtime.dispose());

  it('throws SyncUnsupportedError synchronously on every call, through a whole stack too', () => {
    const ledger = weave(new Ledger(), runtime);
    expect(() => ledger.balance()).toThrow(SyncUnsupportedError);
    expect(() => ledger.balance()).toThrow(SyncUnsupportedError);
    expect(() => ledger.audited()).toThrow(SyncUnsupportedError);
    expect(() => ledger.audited()).toThrow(SyncUnsupportedError);
    expect(ledger.calls).toBe(2); // learnt on the first call of each; later calls never run it
  });

  it('once a call showed the method is synchronous, throws a refusal before it runs synchronously too', () => {
    const ledger = weave(new Ledger(), runtime);
    expect(() => ledger.balance()).toThrow(SyncUnsupportedError);
    expect(() => ledger.audited()).toThrow(SyncUnsupportedError);
    const passed = 0; // long past on any clock
    expect(() => runInContext({ deadline: passed }, () => ledger.balance())).toThrow(
      expect.objectContaining({ code: 'BALLAST_ERR_TIMEOUT' }),
    );
    const controller = new AbortController();
    controller.abort();
    expect(() => runInContext({ signal: controller.signal }, () => ledger.audited())).toThrow(
      expect.objectContaining({ code: 'BALLAST_ERR_CANCELLED' }),
    );
    expect(ledger.calls).toBe(2);
  });

  it('throws synchronously under tsx in a real process, with no unhandled rejection', async () => {
    expect(await runFixture('syncTimeout', 'run')).toMatchObject({
      code: 0,
      stdout: [
        'threw BALLAST_ERR_SYNC_UNSUPPORTED',
        'threw BALLAST_ERR_SYNC_UNSUPPORTED',
        'threw BALLAST_ERR_SYNC_UNSUPPORTED',
      ].join('\n'),
    });
  });
});
