import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  AspectPrecedence,
  ConfigError,
  createDecorator,
  createRuntime,
  defineAspect,
  protect,
  runInContext,
  type Runtime,
  weave,
} from '@ballast/core';
import { FeatureDisabledError } from '../errors/FeatureDisabledError.js';
import { flagsOf } from '../store/flagsOf.js';
import { FeatureFlag, FeatureFlagAspect } from './FeatureFlag.js';

const calls: string[] = [];
const Inner = createDecorator(
  defineAspect<undefined, undefined>({
    name: 'FlagTestInner',
    precedence: 200,
    supportsSync: true,
    validate: () => undefined,
    create: () => (invocation, next) => {
      calls.push('inner');
      return next(invocation);
    },
  }),
);

class Search {
  @Inner()
  @FeatureFlag('new-search')
  async search(query: string): Promise<string> {
    return `new:${query}`;
  }

  @FeatureFlag('new-search', { whenOff: 'throw' })
  searchOrThrow(query: string): string {
    return `new:${query}`;
  }

  @FeatureFlag('new-search', { whenOff: 'throw' })
  async searchOrReject(query: string): Promise<string> {
    return `new:${query}`;
  }

  @FeatureFlag('new-search', { whenOff: { value: [] } })
  suggestions(): string[] {
    return ['fresh'];
  }

  @FeatureFlag('new-search', { whenOff: { method: 'legacySearch' } })
  async searchWithFallback(query: string): Promise<string> {
    return `new:${query}`;
  }

  async legacySearch(query: string): Promise<string> {
    return `legacy:${query}`;
  }

  @FeatureFlag('new-search', {
    key: (tenant: string) => tenant,
    attributes: () => ({ region: 'eu' }),
  })
  forTenant(tenant: string): string {
    return `tenant:${tenant}`;
  }

  @FeatureFlag('new-search', {
    key: () => {
      throw new Error('no tenant');
    },
    defaultValue: true,
  })
  brokenExtractor(): string {
    return 'ran';
  }
}

describe('@FeatureFlag', () => {
  let runtime: Runtime;
  let search: Search;
  beforeEach(() => {
    calls.length = 0;
    runtime = createRuntime();
    flagsOf(runtime).load({
      flags: {
        'new-search': {
          enabled: true,
          allow: ['beta-user', 'acme'],
          rules: [
            {
              conditions: [{ attribute: 'region', operator: 'eq', value: 'eu' }],
              serve: { variant: 'on' },
            },
          ],
        },
      },
    });
    search = weave(new Search(), runtime);
  });
  afterEach(() => runtime.dispose());

  const as = <T>(key: string, fn: () => T): T => runInContext({ user: { key } }, fn);

  it('is the outermost aspect and runs around sync methods', () => {
    expect(FeatureFlagAspect.precedence).toBe(AspectPrecedence.FeatureFlag);
    expect(FeatureFlagAspect.supportsSync).toBe(true);
  });

  it('runs the method for a user the flag is on for', async () => {
    await expect(as('beta-user', () => search.search('q'))).resolves.toBe('new:q');
  });

  it('skips with a resolved undefined and runs no inner aspect when off', async () => {
    const result = as('someone', () => search.search('q'));
    expect(result).toBeInstanceOf(Promise);
    await expect(result).resolves.toBeUndefined();
    expect(calls).toEqual([]);
  });

  it('throws FeatureDisabledError from a sync method when off', () => {
    expect(() => as('someone', () => search.searchOrThrow('q'))).toThrow(FeatureDisabledError);
    try {
      as('someone', () => search.searchOrThrow('q'));
    } catch (error) {
      expect(error).toMatchObject({
        code: 'BALLAST_ERR_FEATURE_DISABLED',
        flag: 'new-search',
        reason: 'DEFAULT',
      });
      expect((error as Error).message).toContain('Search.searchOrThrow');
    }
  });

  it('rejects an async method with FeatureDisabledError when off', async () => {
    await expect(as('someone', () => search.searchOrReject('q'))).rejects.toMatchObject({
      code: 'BALLAST_ERR_FEATURE_DISABLED',
      reason: 'DEFAULT',
    });
  });

  it('returns the configured value from a sync method when off', () => {
    expect(as('someone', () => search.suggestions())).toEqual([]);
    expect(as('beta-user', () => search.suggestions())).toEqual(['fresh']);
  });

  it('calls the fallback method with the same arguments when off', async () => {
    await expect(as('someone', () => search.searchWithFallback('q'))).resolves.toBe('legacy:q');
    await expect(as('beta-user', () => search.searchWithFallback('q'))).resolves.toBe('new:q');
  });

  it('treats a call without a user like any other keyless context', async () => {
    await expect(search.search('q')).resolves.toBeUndefined();
  });

  it('reads the key and attributes from the arguments when extractors are given', () => {
    expect(search.forTenant('nobody')).toBe('tenant:nobody'); // region eu from the extractor
    flagsOf(runtime).set('new-search', { enabled: true, allow: ['acme'] });
    expect(search.forTenant('acme')).toBe('tenant:acme');
    expect(search.forTenant('other')).toBeUndefined();
  });

  it('uses defaultValue and counts an error when an extractor throws', () => {
    expect(search.brokenExtractor()).toBe('ran');
    expect(flagsOf(runtime).statistics.counts()).toContainEqual({
      flag: 'new-search',
      variant: 'default',
      reason: 'ERROR',
      count: 1,
    });
  });

  it('follows a flag change on the next call', async () => {
    await expect(as('beta-user', () => search.search('q'))).resolves.toBe('new:q');
    flagsOf(runtime).set('new-search', { enabled: false, allow: ['beta-user'] });
    await expect(as('beta-user', () => search.search('q'))).resolves.toBeUndefined();
  });

  it('serves the default (off) with reason ERROR for an unknown flag', () => {
    class Unknown {
      @FeatureFlag('not-defined', { whenOff: 'throw' })
      run(): string {
        return 'ran';
      }
    }
    const unknown = weave(new Unknown(), runtime);
    expect(() => unknown.run()).toThrow(/reason ERROR/);
  });

  it('refuses at weave time a fallback method the class does not have', () => {
    class Broken {
      @FeatureFlag('new-search', { whenOff: { method: 'legacy' } })
      run(): string {
        return 'ran';
      }
      other(): string {
        return 'other';
      }
    }
    expect(() => weave(new Broken(), runtime)).toThrow(ConfigError);
    expect(() => weave(new Broken(), createRuntime())).toThrow(
      /whenOff names method "legacy", which is not a method of Broken \(methods: other\)/,
    );
  });

  it.each([
    [{ whenOff: 'never' }, /option "whenOff" must be 'skip', 'throw'/],
    [{ whenOff: { method: '' } }, /option "whenOff" must be/],
    [{ defaultValue: 'yes' }, /option "defaultValue" must be true or false/],
    [{ key: 'userId' }, /option "key" must be a function/],
    [{ colour: 1 }, /unknown option "colour"/],
  ])('rejects bad options at decoration: %j', (options, message) => {
    expect(() => FeatureFlag('new-search', options as never)).toThrow(message);
  });

  it('rejects a malformed flag key at decoration', () => {
    expect(() => FeatureFlag('new search')).toThrow(/@FeatureFlag: .*flag keys must match/);
  });

  it('guards a plain function through protect()', () => {
    const guarded = protect(
      (x: number) => x * 2,
      [FeatureFlagAspect.use({ flag: 'new-search', whenOff: { value: -1 } })],
      { runtime },
    );
    expect(as('beta-user', () => guarded(2))).toBe(4);
    expect(as('someone', () => guarded(2))).toBe(-1);
  });

  it('refuses whenOff { method } in protect(), which has no class', () => {
    expect(() =>
      protect(() => 1, [FeatureFlagAspect.use({ flag: 'new-search', whenOff: { method: 'x' } })], {
        runtime,
      }),
    ).toThrow(/needs a class method/);
  });
});
