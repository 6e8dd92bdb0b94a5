import { OptionsReader } from '@ballast/core';

/** Options of {@link RedisLeases.runOnce}. */
export interface RunOnceOptions {
  /**
   * How often the task runs: `global` once for the fleet, ever; `deploy` once per `version` (one
   * instance of each deploy); `instance` once per instance id (and `version`, when given).
   */
  readonly scope: 'global' | 'deploy' | 'instance';
  /** The deploy's version (release, build id). Required with scope `deploy`. */
  readonly version?: string;
  /**
   * Lease TTL while the task runs (renewed every third); a dead runner is replaced after it.
   * @default 10000
   */
  readonly ttlMs?: number;
  /**
   * How often waiting instances look whether the task is done or its runner is gone.
   * @default 500
   */
  readonly pollMs?: number;
  /**
   * How long to wait for another instance's run (or for Redis) before giving up.
   * @default 600000
   */
  readonly maxWaitMs?: number;
}

/** Validated {@link RunOnceOptions}. */
export interface RunOnceConfig {
  readonly scope: 'global' | 'deploy' | 'instance';
  readonly version: string | undefined;
  readonly ttlMs: number;
  readonly pollMs: number;
  readonly maxWaitMs: number;
}

/** What {@link RedisLeases.runOnce} resolves with. */
export interface RunOnceResult {
  /** True when this instance ran the task (to completion); false when it was already done. */
  readonly ran: boolean;
  /** The fencing token of the run, when this instance ran it. */
  readonly token?: number;
}

const KEYS = [
  'scope',
  'version',
  'ttlMs',
  'pollMs',
  'maxWaitMs',
] as const satisfies readonly (keyof RunOnceOptions)[];

/** @internal validates {@link RunOnceOptions}. */
export function readRunOnceConfig(input: RunOnceOptions): RunOnceConfig {
  const read = new OptionsReader('runOnce', input, KEYS);
  if (!read.has('scope')) read.fail('scope', "given: 'global', 'deploy' or 'instance'");
  const scope = read.oneOf('scope', 'global', ['global', 'deploy', 'instance'] as const);
  if (scope === 'deploy' && !read.has('version'))
    read.fail('version', "given with scope 'deploy': the deploy's release or build id");
  const version = read.has('version') ? read.string('version', '') : undefined;
  if (version !== undefined && !/^[A-Za-z0-9._:-]{1,100}$/.test(version))
    read.fail('version', 'letters, digits and ._:- (1 to 100)');
  return {
    scope,
    version,
    ttlMs: read.number('ttlMs', 10_000, { integer: true, min: 100, max: 86_400_000 }),
    pollMs: read.number('pollMs', 500, { integer: true, min: 10, max: 60_000 }),
    maxWaitMs: read.number('maxWaitMs', 600_000, { integer: true, min: 0, max: 86_400_000 }),
  };
}
