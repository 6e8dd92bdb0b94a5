import 'reflect-metadata';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { Container, inject, injectable } from 'inversify';
import {
  createDecorator,
  createRuntime,
  defineAspect,
  runInContext,
  type Runtime,
  weave,
} from '@ballast/core';
import { FeatureDisabledError, FeatureFlag, flagsOf } from '../src/index.js';

const attempts: string[] = [];
// Stands in for an inner resilience aspect: it must not run when the feature is off.
const Counted = createDecorator(
  defineAspect<undefined, undefined>({
    name: 'FlagInversifyCounted',
    precedence: 400,
    supportsSync: true,
    validate: () => undefined,
    create: (_options, _runtime, target) => (invocation, next) => {
      attempts.push(target.methodName);
      return next(invocation);
    },
  }),
);

@injectable()
class LegacyRanking {
  rank(items: string[]): string[] {
    return [...items];
  }
}

@injectable()
class SearchService {
  constructor(@inject(LegacyRanking) private readonly legacy: LegacyRanking) {}

  @FeatureFlag('smart-ranking', { whenOff: { method: 'legacyRank' } })
  @Counted()
  async rank(items: string[]): Promise<string[]> {
    return [...items].sort();
  }

  legacyRank(items: string[]): Promise<string[]> {
    return Promise.resolve(this.legacy.rank(items));
  }

  @FeatureFlag('beta-export', { whenOff: 'throw' })
  exportCsv(rows: string[]): string {
    return rows.join(',');
  }
}

describe('@FeatureFlag through an inversify container', () => {
  let runtime: Runtime;
  let container: Container;

  beforeEach(() => {
    attempts.length = 0;
    runtime = createRuntime();
    flagsOf(runtime).load({
      flags: {
        'smart-ranking': {
          enabled: true,
          allow: ['qa-1'],
          rules: [
            {
              name: 'new EU users on a recent app',
              conditions: [
                { attribute: 'region', operator: 'in', values: ['eu'] },
                { attribute: 'appVersion', operator: 'semverGte', value: '5.0.0' },
              ],
              serve: { variant: 'on' },
            },
          ],
        },
        'beta-export': { enabled: false, allow: ['qa-1'] },
      },
    });
    container = new Container();
    container.bind(LegacyRanking).toSelf();
    container.bind(SearchService).toSelf();
    container.onActivation(SearchService, (_context, service) => weave(service, runtime));
  });
  afterEach(() => runtime.dispose());

  it('runs the new code for a user the rules select, read from the call context', async () => {
    const service = container.get(SearchService);
    const user = { key: 'u-1', attributes: { region: 'eu', appVersion: '5.1.0' } };
    await expect(runInContext({ user }, () => service.rank(['b', 'a']))).resolves.toEqual([
      'a',
      'b',
    ]);
    expect(attempts).toEqual(['rank']);
  });

  it('falls back to the other method, skipping inner aspects, for everyone else', async () => {
    const service = container.get(SearchService);
    const user = { key: 'u-2', attributes: { region: 'us', appVersion: '5.1.0' } };
    await expect(runInContext({ user }, () => service.rank(['b', 'a']))).resolves.toEqual([
      'b',
      'a',
    ]);
    expect(attempts).toEqual([]);
  });

  it('lets the kill switch win over the allow list', () => {
    const service = container.get(SearchService);
    expect(() => runInContext({ user: { key: 'qa-1' } }, () => service.exportCsv(['x']))).toThrow(
      FeatureDisabledError,
    );
    flagsOf(runtime).set('beta-export', { enabled: true, allow: ['qa-1'] }, { source: 'ops' });
    expect(runInContext({ user: { key: 'qa-1' } }, () => service.exportCsv(['x', 'y']))).toBe(
      'x,y',
    );
    expect(() => runInContext({ user: { key: 'u-9' } }, () => service.exportCsv(['x']))).toThrow(
      /reason DEFAULT/,
    );
  });

  it('counts evaluations by flag, variant and reason', async () => {
    const service = container.get(SearchService);
    await runInContext({ user: { key: 'qa-1' } }, () => service.rank([]));
    await runInContext({ user: { key: 'u-2' } }, () => service.rank([]));
    await runInContext({ user: { key: 'u-3' } }, () => service.rank([]));
    const counts = flagsOf(runtime)
      .statistics.counts()
      .filter((row) => row.count > 0);
    expect(counts).toEqual(
      expect.arrayContaining([
        { flag: 'smart-ranking', variant: 'on', reason: 'TARGETING_MATCH', count: 1 },
        { flag: 'smart-ranking', variant: 'off', reason: 'DEFAULT', count: 2 },
      ]),
    );
  });
});
