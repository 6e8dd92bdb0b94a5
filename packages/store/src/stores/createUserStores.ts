import {
  EventBus,
  isRuntime,
  OptionsReader,
  systemClock,
  type Clock,
  type Runtime,
} from '@ballast/core';
import type { Migration } from '../migrations/Migration.js';
import { DEFAULT_USER_ID_PATTERN } from '../paths/UserPaths.js';
import type { PartitionPeriod } from '../partitions/periodKey.js';
import { StoreEngine } from './StoreEngine.js';
import { UserStores } from './UserStores.js';
import type { UserStoresOptions } from './UserStoresOptions.js';
import { readPathOption } from '../files/readPathOption.js';

const KEYS = [
  'root',
  'durability',
  'busyTimeoutMs',
  'maxOpen',
  'idleTimeoutMs',
  'shards',
  'userIdPattern',
  'migrations',
  'partitions',
  'dualWrite',
  'readOnlyProbeMs',
  'ioErrorThreshold',
  'maxDocumentChars',
  'lockWaitMs',
  'releasePollMs',
  'runtime',
  'clock',
];
const WHERE = 'createUserStores';

function readPartitions(read: OptionsReader): Map<string, PartitionPeriod> {
  const raw = read.raw('partitions');
  const partitions = new Map<string, PartitionPeriod>();
  if (raw === undefined) return partitions;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    read.fail('partitions', 'an object of name → "year" | "month" | "day"');
  for (const [name, period] of Object.entries(raw)) {
    if (
      !/^[a-z][a-z0-9_]{0,31}$/.test(name) ||
      (period !== 'year' && period !== 'month' && period !== 'day')
    ) {
      read.fail(
        'partitions',
        'names matching [a-z][a-z0-9_]{0,31} with period "year", "month" or "day"',
      );
    }
    partitions.set(name, period);
  }
  return partitions;
}

function readMigrations(read: OptionsReader): readonly Migration[] {
  const raw = read.raw('migrations');
  if (raw === undefined) return [];
  const valid =
    Array.isArray(raw) &&
    raw.every(
      (step: unknown) =>
        typeof step === 'object' &&
        step !== null &&
        typeof (step as Migration).name === 'string' &&
        typeof (step as Migration).up === 'function',
    );
  return valid
    ? [...(raw as Migration[])]
    : read.fail('migrations', 'an array of { name: string, up(db) }');
}

/**
 * Creates the per-user stores. Options are validated at once (a `ConfigError` names the
 * option and what is allowed); no user database is opened until used.
 *
 * @example
 * ```ts
 * const stores = createUserStores({ root: '/var/lib/notes', durability: 'full', dualWrite: true, runtime });
 * const alice = stores.user('alice');
 * alice.put('notes', 'n1', { title: 'Hello' });
 * alice.get('notes', 'n1'); // { version: 1, body: { title: 'Hello' }, … }
 * ```
 */
export function createUserStores(options: UserStoresOptions): UserStores {
  const read = new OptionsReader(WHERE, options, KEYS);
  if (!read.has('root')) read.fail('root', 'a folder path');
  const pattern = read.raw('userIdPattern') ?? DEFAULT_USER_ID_PATTERN;
  if (!(pattern instanceof RegExp)) return read.fail('userIdPattern', 'a RegExp');
  const runtime = read.raw('runtime') as Runtime | undefined;
  if (runtime !== undefined && !isRuntime(runtime)) read.fail('runtime', 'a ballast Runtime');
  const clock = (read.raw('clock') as Clock | undefined) ?? runtime?.clock ?? systemClock;
  if (typeof clock.now !== 'function') read.fail('clock', 'a Clock');
  const engine = new StoreEngine(
    {
      root: readPathOption(read, 'root', 'a folder path'),
      durability: read.oneOf('durability', 'full', ['normal', 'full']),
      busyTimeoutMs: read.number('busyTimeoutMs', 50, { integer: true, min: 0, max: 10_000 }),
      maxOpen: read.number('maxOpen', 200, { integer: true, min: 1, max: 100_000 }),
      idleTimeoutMs: read.number('idleTimeoutMs', 60_000, { integer: true, min: 0 }),
      shards: read.number('shards', 256, { integer: true, min: 1, max: 65_536 }),
      userIdPattern: pattern,
      migrations: readMigrations(read),
      partitions: readPartitions(read),
      dualWrite: read.boolean('dualWrite', false),
      readOnlyProbeMs: read.number('readOnlyProbeMs', 5_000, { integer: true, min: 0 }),
      ioErrorThreshold: read.number('ioErrorThreshold', 3, { integer: true, min: 1, max: 1_000 }),
      maxDocumentChars: read.number('maxDocumentChars', 1_048_576, { integer: true, min: 2 }),
      lockWaitMs: read.number('lockWaitMs', 10_000, { integer: true, min: 0, max: 60_000 }),
      releasePollMs: read.number('releasePollMs', 100, { integer: true, min: 1, max: 10_000 }),
      clock,
      events: runtime?.events ?? new EventBus(),
    },
    runtime,
  );
  const stores = new UserStores(engine);
  runtime?.onDispose(() => stores.close());
  return stores;
}
