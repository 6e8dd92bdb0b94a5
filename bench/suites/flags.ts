/**
 * Flag evaluation: one flag with three targeting rules (none matching, so all three are tested)
 * and a 50 % percentage rollout, evaluated by ballast's compiled snapshot (synchronous) and by
 * OpenFeature's InMemoryProvider through its client doing the same decision in a
 * `contextEvaluator` (same semver and bucketing helpers, so only the evaluation path differs).
 */
import { OpenFeature, InMemoryProvider, type EvaluationContext } from '@openfeature/server-sdk';
import { createRuntime } from '@ballast/core';
import { bucketOf, compareSemver, flagsOf, parseSemver } from '@ballast/flags';
import { compare, report, round } from '../measure.js';

const USERS = 1024;
const minimum = parseSemver('4.0.0')!;

export async function run(): Promise<void> {
  const runtime = createRuntime();
  const flags = flagsOf(runtime);
  flags.load({
    flags: {
      'new-checkout': {
        enabled: true,
        rules: [
          {
            conditions: [{ attribute: 'region', operator: 'in', values: ['cn', 'ru'] }],
            serve: { variant: 'off' },
          },
          {
            conditions: [{ attribute: 'platform', operator: 'in', values: ['web'] }],
            serve: { variant: 'on' },
          },
          {
            conditions: [{ attribute: 'appVersion', operator: 'semverLt', value: '4.0.0' }],
            serve: { variant: 'off' },
          },
        ],
        fallthrough: { rollout: { percentage: 50 } },
      },
    },
  });

  await OpenFeature.setProviderAndWait(
    new InMemoryProvider({
      'new-checkout': {
        variants: { on: true, off: false },
        defaultVariant: 'off',
        disabled: false,
        contextEvaluator: (context) => {
          if (context['region'] === 'cn' || context['region'] === 'ru') return 'off';
          if (context['platform'] === 'web') return 'on';
          const version = parseSemver(String(context['appVersion']));
          if (version === undefined || compareSemver(version, minimum) < 0) return 'off';
          return bucketOf('new-checkout', context.targetingKey ?? '') <= 50 ? 'on' : 'off';
        },
      },
    }),
  );
  const client = OpenFeature.getClient();

  const users = Array.from({ length: USERS }, (_, index) => ({
    key: `user-${index}`,
    attributes: { region: 'eu', platform: 'ios', appVersion: '5.2.1' },
  }));
  const contexts: EvaluationContext[] = users.map((user) => ({
    targetingKey: user.key,
    ...user.attributes,
  }));

  // Both sides must agree before timing means anything.
  for (let index = 0; index < USERS; index++) {
    if (
      flags.isEnabled('new-checkout', users[index]) !==
      (await client.getBooleanValue('new-checkout', false, contexts[index]!))
    ) {
      throw new Error(`ballast and OpenFeature disagree for ${users[index]!.key}`);
    }
  }

  let b = 0;
  let o = 0;
  const awaited = await compare(
    {
      ballast: () => flags.isEnabled('new-checkout', users[b++ & (USERS - 1)]),
      openfeature: () => client.getBooleanValue('new-checkout', false, contexts[o++ & (USERS - 1)]),
    },
    { iterations: 20_000 },
  );
  let s = 0;
  const sync = await compare(
    { ballast: () => flags.isEnabled('new-checkout', users[s++ & (USERS - 1)]) },
    { iterations: 200_000, awaitEach: false },
  );
  await OpenFeature.close();
  runtime.dispose();

  const ballastNs = sync.ballast!;
  const json = {
    ballast_eval_ns: round(ballastNs),
    openfeature_eval_ns: round(awaited.openfeature!),
    ratio: round(awaited.openfeature! / ballastNs, 1),
  };
  report(
    'flags: 3 rules + 50 % rollout, one evaluation (ns, median)',
    {
      'ballast (sync call)': round(ballastNs),
      'ballast (awaited, same loop)': round(awaited.ballast!),
      'openfeature InMemoryProvider': round(awaited.openfeature!),
      'ratio vs awaited ballast': round(awaited.openfeature! / awaited.ballast!, 1),
    },
    json,
  );
}
