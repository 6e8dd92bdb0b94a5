import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import {
  InMemoryProvider,
  OpenFeature,
  type Provider,
  ProviderEvents,
  type ResolutionDetails,
} from '@openfeature/server-sdk';
import { createRuntime, runInContext, type Runtime, weave } from '@ballast/core';
import { FeatureFlag, flagsOf } from '../src/index.js';
import { BallastFlagProvider, useOpenFeature } from '../src/openfeature.js';

const FLAGS = {
  flags: {
    checkout: {
      enabled: true,
      allow: ['qa-1'],
      rules: [
        {
          conditions: [{ attribute: 'region', operator: 'in', values: ['eu'] }],
          serve: { variant: 'on' },
        },
      ],
    },
    ranking: {
      enabled: true,
      variants: { classic: 'bm25', smart: 'vector' },
      onVariant: 'smart',
      offVariant: 'classic',
      allow: ['qa-1'],
    },
    limits: { enabled: true, variants: { on: { max: 10 }, off: { max: 1 } } },
    killed: { enabled: false },
  },
};

class FailingProvider implements Provider {
  readonly metadata = { name: 'failing' };
  readonly runsOn = 'server';
  resolveBooleanEvaluation(): Promise<ResolutionDetails<boolean>> {
    return Promise.reject(new Error('flagd unreachable'));
  }
  resolveStringEvaluation(): Promise<ResolutionDetails<string>> {
    return Promise.reject(new Error('flagd unreachable'));
  }
  resolveNumberEvaluation(): Promise<ResolutionDetails<number>> {
    return Promise.reject(new Error('flagd unreachable'));
  }
  resolveObjectEvaluation<T>(): Promise<ResolutionDetails<T>> {
    return Promise.reject(new Error('flagd unreachable'));
  }
}

class HangingProvider extends FailingProvider {
  override readonly metadata = { name: 'hanging' };
  override resolveBooleanEvaluation(): Promise<ResolutionDetails<boolean>> {
    return new Promise(() => undefined);
  }
}

describe('BallastFlagProvider through @openfeature/server-sdk', () => {
  let runtime: Runtime;
  beforeEach(async () => {
    runtime = createRuntime();
    flagsOf(runtime).load(FLAGS);
    await OpenFeature.setProviderAndWait(new BallastFlagProvider(flagsOf(runtime)));
  });
  afterEach(async () => {
    await OpenFeature.close();
    runtime.dispose();
  });

  it('evaluates boolean flags with ballast rules and reasons', async () => {
    const client = OpenFeature.getClient();
    await expect(
      client.getBooleanValue('checkout', false, { targetingKey: 'u-1', region: 'eu' }),
    ).resolves.toBe(true);
    await expect(
      client.getBooleanDetails('checkout', false, { targetingKey: 'u-1', region: 'us' }),
    ).resolves.toMatchObject({
      value: false,
      variant: 'off',
      reason: 'DEFAULT',
    });
    await expect(
      client.getBooleanDetails('checkout', false, { targetingKey: 'qa-1' }),
    ).resolves.toMatchObject({ value: true, reason: 'TARGETING_MATCH' });
    await expect(client.getBooleanDetails('killed', true)).resolves.toMatchObject({
      value: false,
      reason: 'DISABLED',
    });
  });

  it('evaluates string and object flags', async () => {
    const client = OpenFeature.getClient();
    await expect(
      client.getStringDetails('ranking', 'none', { targetingKey: 'qa-1' }),
    ).resolves.toMatchObject({ value: 'vector', variant: 'smart' });
    await expect(client.getObjectValue('limits', { max: 0 })).resolves.toEqual({ max: 10 });
  });

  it('hands out object values one caller cannot change for the others', async () => {
    const client = OpenFeature.getClient();
    const mine = (await client.getObjectValue('limits', { max: 0 })) as { max: number };
    expect(() => {
      mine.max = 99;
    }).toThrow(TypeError);
    await expect(client.getObjectValue('limits', { max: 0 })).resolves.toEqual({ max: 10 });
  });

  it('reports unknown flags and wrong types as OpenFeature errors with the default value', async () => {
    const client = OpenFeature.getClient();
    await expect(client.getBooleanDetails('nope', true)).resolves.toMatchObject({
      value: true,
      reason: 'ERROR',
      errorCode: 'FLAG_NOT_FOUND',
    });
    await expect(client.getNumberDetails('checkout', 7)).resolves.toMatchObject({
      value: 7,
      reason: 'ERROR',
      errorCode: 'TYPE_MISMATCH',
    });
  });

  it('announces flag changes as PROVIDER_CONFIGURATION_CHANGED', async () => {
    const client = OpenFeature.getClient();
    const changed = new Promise<unknown>((resolve) =>
      client.addHandler(ProviderEvents.ConfigurationChanged, resolve),
    );
    flagsOf(runtime).set('checkout', { enabled: false });
    await expect(changed).resolves.toMatchObject({ flagsChanged: ['checkout'] });
    await expect(client.getBooleanValue('checkout', true, { targetingKey: 'qa-1' })).resolves.toBe(
      false,
    );
  });
});

class Checkout {
  @FeatureFlag('checkout', { whenOff: { value: 'legacy' } })
  async pay(): Promise<string> {
    return 'new';
  }

  @FeatureFlag('checkout', { whenOff: { value: 'legacy' } })
  paySync(): string {
    return 'new';
  }
}

describe('@FeatureFlag through an OpenFeature provider (useOpenFeature)', () => {
  let runtime: Runtime;
  beforeEach(() => {
    runtime = createRuntime();
    flagsOf(runtime).load(FLAGS); // last-known-good: on for qa-1 and EU users only
  });
  afterEach(async () => {
    jest.useRealTimers();
    await OpenFeature.close();
    runtime.dispose();
  });

  it('follows the remote provider while it answers', async () => {
    await OpenFeature.setProviderAndWait(
      'remote',
      new InMemoryProvider({
        checkout: { variants: { on: true, off: false }, defaultVariant: 'on', disabled: false },
      }),
    );
    useOpenFeature(runtime, OpenFeature.getClient('remote'));
    const checkout = weave(new Checkout(), runtime);
    await expect(runInContext({ user: { key: 'u-1' } }, () => checkout.pay())).resolves.toBe('new');
    expect(flagsOf(runtime).statistics.counts()).toContainEqual({
      flag: 'checkout',
      variant: 'on',
      reason: 'STATIC',
      count: 1,
    });
  });

  it('answers from the local snapshot with reason STALE when the provider fails', async () => {
    await OpenFeature.setProviderAndWait('remote', new FailingProvider());
    const evaluator = useOpenFeature(runtime, OpenFeature.getClient('remote'));
    const checkout = weave(new Checkout(), runtime);
    await expect(runInContext({ user: { key: 'qa-1' } }, () => checkout.pay())).resolves.toBe(
      'new',
    );
    await expect(runInContext({ user: { key: 'u-1' } }, () => checkout.pay())).resolves.toBe(
      'legacy',
    );
    await expect(
      evaluator.evaluateBoolean('checkout', { key: 'u-1', attributes: { region: 'eu' } }, false),
    ).resolves.toMatchObject({
      value: true,
      variant: 'on',
      reason: 'STALE',
      errorMessage: 'flagd unreachable',
    });
    expect(evaluator.fallbacks).toBe(3);
    expect(flagsOf(runtime).statistics.counts()).toContainEqual({
      flag: 'checkout',
      variant: 'on',
      reason: 'STALE',
      count: 2,
    });
  });

  it('answers from the snapshot when the provider does not answer within timeoutMs', async () => {
    jest.useFakeTimers();
    await OpenFeature.setProviderAndWait('remote', new HangingProvider());
    const evaluator = useOpenFeature(runtime, OpenFeature.getClient('remote'), { timeoutMs: 200 });
    const pending = evaluator.evaluateBoolean('checkout', { key: 'qa-1' }, false);
    await jest.advanceTimersByTimeAsync(200);
    await expect(pending).resolves.toMatchObject({
      value: true,
      reason: 'STALE',
      errorMessage: 'the provider did not answer in time',
    });
  });

  it('gives the code default with reason ERROR when the flag is neither remote nor local', async () => {
    await OpenFeature.setProviderAndWait('remote', new FailingProvider());
    const evaluator = useOpenFeature(runtime, OpenFeature.getClient('remote'));
    await expect(evaluator.evaluateBoolean('unknown', undefined, true)).resolves.toMatchObject({
      value: true,
      reason: 'ERROR',
    });
  });

  it('keeps synchronous methods on the local snapshot', async () => {
    await OpenFeature.setProviderAndWait(
      'remote',
      new InMemoryProvider({
        checkout: { variants: { on: true, off: false }, defaultVariant: 'on', disabled: false },
      }),
    );
    useOpenFeature(runtime, OpenFeature.getClient('remote'));
    const checkout = weave(new Checkout(), runtime);
    expect(runInContext({ user: { key: 'u-1' } }, () => checkout.paySync())).toBe('legacy');
  });
});
