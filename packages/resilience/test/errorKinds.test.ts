import { describe, expect, it } from '@jest/globals';
import { BallastError, type ErrorKind, type Runtime, weave } from '@ballast/core';
import { ConstantBackoff, Fallback, Retry, retryStatistics } from '@ballast/resilience';
import { eachTestRuntime } from './eachTestRuntime.js';

/** An error class of someone else's package, declared the way ballast's packages declare theirs. */
function acmeError(code: string, kind: ErrorKind, message: string) {
  return class extends BallastError {
    static override readonly code = code;
    static override readonly kind = kind;
    constructor() {
      super(code, message);
    }
  };
}

const AcmeClientConfigError = acmeError(
  'ACME_ERR_CLIENT_CONFIG',
  'config',
  'The Acme client has no base URL.',
);
const AcmeNotFoundError = acmeError('ACME_ERR_NOT_FOUND', 'permanent', 'No such order.');
const AcmeBusyError = acmeError('ACME_ERR_BUSY', 'transient', 'Try again.');

const immediately = new ConstantBackoff(0);

describe('errors classified by the kind their class declares', () => {
  let runtime: Runtime;
  eachTestRuntime((fresh) => (runtime = fresh));

  function client(error: () => Error, retryOn?: unknown) {
    class Client {
      calls = 0;
      @Retry({ maxAttempts: 3, backoff: immediately, budget: false, retryOn: retryOn as never })
      async order(): Promise<string> {
        this.calls++;
        throw error();
      }
    }
    return weave(new Client(), runtime);
  }

  it('never retries an error whose kind is config, from any package', async () => {
    const acme = client(() => new AcmeClientConfigError());
    await expect(acme.order()).rejects.toBeInstanceOf(AcmeClientConfigError);
    expect(acme.calls).toBe(1);
    expect([...retryStatistics(runtime).values()][0]).toMatchObject({ failedWithoutRetry: 1 });
  });

  it('does not retry a permanent error by default, but does when retryOn asks for it by class or code', async () => {
    const plain = client(() => new AcmeNotFoundError());
    await expect(plain.order()).rejects.toBeInstanceOf(AcmeNotFoundError);
    expect(plain.calls).toBe(1);

    const byClass = client(() => new AcmeNotFoundError(), AcmeNotFoundError);
    await expect(byClass.order()).rejects.toMatchObject({ code: 'BALLAST_ERR_RETRY_EXHAUSTED' });
    expect(byClass.calls).toBe(3);

    const byCode = client(() => new AcmeNotFoundError(), 'ACME_ERR_NOT_FOUND');
    await expect(byCode.order()).rejects.toMatchObject({ code: 'BALLAST_ERR_RETRY_EXHAUSTED' });
    expect(byCode.calls).toBe(3);
  });

  it('lifts the refusal of a config error only when retryOn names it, not for a catch-all predicate', async () => {
    const catchAll = client(
      () => new AcmeClientConfigError(),
      () => true,
    );
    await expect(catchAll.order()).rejects.toBeInstanceOf(AcmeClientConfigError);
    expect(catchAll.calls).toBe(1);

    const named = client(() => new AcmeClientConfigError(), AcmeClientConfigError);
    await expect(named.order()).rejects.toMatchObject({ code: 'BALLAST_ERR_RETRY_EXHAUSTED' });
    expect(named.calls).toBe(3);
  });

  it('retries a transient error and any error that declares no kind', async () => {
    const busy = client(() => new AcmeBusyError());
    await expect(busy.order()).rejects.toMatchObject({ code: 'BALLAST_ERR_RETRY_EXHAUSTED' });
    expect(busy.calls).toBe(3);

    const plain = client(() => new Error('ECONNRESET'));
    await expect(plain.order()).rejects.toMatchObject({ code: 'BALLAST_ERR_RETRY_EXHAUSTED' });
    expect(plain.calls).toBe(3);
  });

  it('never lets a fallback stand in for a config error, from any package; other kinds fall back', async () => {
    class Client {
      constructor(private readonly error: () => Error) {}

      @Fallback({ value: 'cached' })
      async order(): Promise<string> {
        throw this.error();
      }
    }
    const misconfigured = weave(new Client(() => new AcmeClientConfigError()), runtime);
    await expect(misconfigured.order()).rejects.toBeInstanceOf(AcmeClientConfigError);
    const missing = weave(new Client(() => new AcmeNotFoundError()), runtime);
    await expect(missing.order()).resolves.toBe('cached');
    const busy = weave(new Client(() => new AcmeBusyError()), runtime);
    await expect(busy.order()).resolves.toBe('cached');
  });
});
