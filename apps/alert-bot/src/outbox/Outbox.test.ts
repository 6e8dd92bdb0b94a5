import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GroupingConfig } from '../config/AlertBotConfig.js';
import { readAlertBotConfig } from '../config/readAlertBotConfig.js';
import type { PrimaryChannel } from '../config/primaryChannels.js';
import { openOutboxDatabase } from './openOutboxDatabase.js';
import { Outbox } from './Outbox.js';

let dir: string;
let outbox: Outbox;
const T0 = 1_700_000_000_000;
/** The default grouping: group wait 1 s, group interval and resolve timeout 5 min, repeat 4 h. */
const GROUPING: GroupingConfig = readAlertBotConfig({}).grouping;
const channels = (...names: string[]): PrimaryChannel[] =>
  names.map((channel) => ({ channel, grouping: GROUPING }));
const groupingOf = (): GroupingConfig => GROUPING;

/** Accepts one alert per title at T0 on `names` and flushes their groups. */
function queue(titles: string[], ...names: string[]): void {
  for (const title of titles) outbox.accept({ title }, 'test', channels(...names), T0);
  outbox.flushDue(T0 + 1_000, groupingOf);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'alert-bot-outbox-'));
  outbox = Outbox.open(join(dir, 'outbox.db'));
});
afterEach(() => {
  outbox.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('Outbox', () => {
  it('writes acknowledged alerts with synchronous FULL, the worker with NORMAL, both in WAL', () => {
    const durable = openOutboxDatabase(join(dir, 'other.db'));
    const work = openOutboxDatabase(join(dir, 'other.db'), false);
    try {
      expect(durable.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(durable.pragma('synchronous', { simple: true })).toBe(2); // FULL
      expect(work.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    } finally {
      durable.close();
      work.close();
    }
  });

  it('refuses to start when its directory cannot exist (a regular file is in the way)', () => {
    writeFileSync(join(dir, 'file'), '');
    expect(() => Outbox.open(join(dir, 'file', 'outbox.db'))).toThrow(/EEXIST|ENOTDIR/);
  });

  it('groups an alert on every channel and queues its notifications once the group wait is over', () => {
    const { id, duplicate, flushAt } = outbox.accept(
      { title: 'disk full' },
      'test',
      channels('slack', 'hook'),
      T0,
    );
    expect([duplicate, flushAt]).toEqual([false, T0 + 1_000]);
    expect(
      outbox.accept({ title: 'disk full', id }, 'test', channels('slack', 'hook'), T0),
    ).toEqual({
      id,
      duplicate: true,
    });
    expect(outbox.flushDue(T0 + 999, groupingOf).made).toEqual([]);
    const { made } = outbox.flushDue(T0 + 1_000, groupingOf);
    expect(made.map((item) => item.channel).sort()).toEqual(['hook', 'slack']);
    expect(made[0]!.notification).toMatchObject({
      kind: 'new',
      title: 'disk full',
      group: { count: 1, first: { id, source: 'test', createdAt: T0 } },
    });
    expect(outbox.status(T0 + 1_000)).toMatchObject({ ready: 2, groups: 2 });
    expect(outbox.nextFlushAt()).toBe(T0 + 1_000 + 300_000);
  });

  it('hands each notification to one lease holder at a time, per channel', () => {
    queue(['a'], 'slack', 'hook');
    const [claimed] = outbox.claim('w1', 'slack', T0 + 1_000, 10, 5_000);
    expect(claimed).toMatchObject({ channel: 'slack', attempts: 0, owner: 'w1' });
    expect(outbox.claim('w2', 'slack', T0 + 5_999, 10, 5_000)).toEqual([]);
    expect(outbox.claim('w2', 'slack', T0 + 6_000, 10, 5_000)).toHaveLength(1); // w1's lease ran out
    expect(outbox.claim('w2', 'hook', T0 + 1_000, 10, 5_000)).toHaveLength(1);
  });

  it('takes back at once the leases of workers that are gone', () => {
    queue(['a', 'b'], 'hook');
    outbox.claim('gone', 'hook', T0 + 1_000, 1, 60_000);
    outbox.claim('alive', 'hook', T0 + 1_000, 1, 60_000);
    expect(outbox.releaseLeasesOfGone(T0 + 1_000, (owner) => owner === 'gone')).toBe(1);
    expect(outbox.claim('new', 'hook', T0 + 1_000, 10, 5_000)).toHaveLength(1);
  });

  it('lets only the current lease holder reschedule a notification', () => {
    queue(['a'], 'hook');
    const [stale] = outbox.claim('w1', 'hook', T0 + 1_000, 1, 1_000);
    const [current] = outbox.claim('w2', 'hook', T0 + 2_000, 1, 1_000);
    outbox.reschedule(stale!, 1, T0 + 60_000, 'late news from w1');
    outbox.reschedule(current!, 1, T0 + 3_000, 'w2 failed');
    expect(outbox.status(T0 + 3_000)).toMatchObject({ ready: 1, scheduled: 0 });
    expect(outbox.nextAttemptAfter(T0 + 2_000)).toBe(T0 + 3_000);
  });

  it('lets only the current lease holder dead-letter a notification', () => {
    // Regression: a worker whose lease had expired dead-lettered a notification another worker
    // held and was still delivering.
    queue(['a'], 'hook');
    const [stale] = outbox.claim('w1', 'hook', T0 + 1_000, 1, 1_000);
    const [current] = outbox.claim('w2', 'hook', T0 + 2_000, 1, 1_000);
    outbox.deadLetter(stale!, 8, 'late news from w1', T0 + 2_500);
    expect(outbox.status(T0 + 2_500)).toMatchObject({ dead: 0, leased: 1 });
    outbox.deadLetter(current!, 8, 'answered 400', T0 + 2_600);
    expect(outbox.status(T0 + 2_600)).toMatchObject({ dead: 1, leased: 0 });
  });

  it('counts deliveries, and keeps dead letters newest first until they are replayed', () => {
    queue(['a', 'b', 'c'], 'hook');
    const [a, b, c] = outbox.claim('w1', 'hook', T0 + 1_000, 10, 5_000);
    outbox.complete(a!);
    outbox.deadLetter(b!, 8, 'answered 503', T0 + 2_000);
    outbox.deadLetter(c!, 1, 'answered 400', T0 + 3_000);
    expect(outbox.status(T0 + 3_000)).toMatchObject({
      delivered: 1,
      ready: 0,
      dead: 2,
      byChannel: { hook: { dead: 2 } },
    });
    expect(outbox.deadLetters()).toEqual([
      expect.objectContaining({
        id: c!.notification.id,
        lastError: 'answered 400',
        deadAt: T0 + 3_000,
      }),
      expect.objectContaining({
        id: b!.notification.id,
        attempts: 8,
        title: b!.notification.title,
      }),
    ]);
    expect(outbox.deadLetters(1)).toHaveLength(1);
    expect(outbox.replay(T0 + 10_000, { channel: 'other' })).toBe(0);
    expect(outbox.replay(T0 + 10_000, { id: b!.notification.id })).toBe(1);
    const [again] = outbox.claim('w1', 'hook', T0 + 10_000, 10, 5_000);
    expect(again).toMatchObject({ attempts: 0, notification: { id: b!.notification.id } });
    expect(outbox.status(T0 + 10_000)).toMatchObject({ dead: 1, leased: 1 });
  });

  it('remembers disabled channels until they are enabled again', () => {
    outbox.disableChannel('hook', '410 Gone', T0);
    expect(outbox.disabledChannels()).toEqual(new Map([['hook', '410 Gone']]));
    expect(outbox.enableChannel('hook')).toBe(true);
    expect(outbox.enableChannel('hook')).toBe(false);
    expect(outbox.status(T0).disabledChannels).toEqual({});
  });
});

describe('an outbox of the layout before grouping', () => {
  it('keeps every pending delivery and dead letter, as notifications under the alert ids', () => {
    const file = join(dir, 'v1.db');
    const v1 = new Database(file);
    v1.exec(`
      CREATE TABLE alerts (id TEXT PRIMARY KEY, created_at INTEGER NOT NULL, payload TEXT NOT NULL) STRICT;
      CREATE TABLE deliveries (alert_id TEXT NOT NULL REFERENCES alerts(id), channel TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at INTEGER NOT NULL, lease_until INTEGER NOT NULL DEFAULT 0,
        lease_owner TEXT, last_error TEXT, PRIMARY KEY (alert_id, channel)) STRICT;
      CREATE TABLE dead_letters (alert_id TEXT NOT NULL, channel TEXT NOT NULL, attempts INTEGER NOT NULL,
        last_error TEXT NOT NULL, dead_at INTEGER NOT NULL, created_at INTEGER NOT NULL, payload TEXT NOT NULL,
        PRIMARY KEY (alert_id, channel)) STRICT;
      CREATE TABLE disabled_channels (channel TEXT PRIMARY KEY, reason TEXT NOT NULL, disabled_at INTEGER NOT NULL) STRICT;
      CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL) STRICT;`);
    const alert = (id: string) =>
      JSON.stringify({
        id,
        title: `old ${id}`,
        severity: 'critical',
        source: 'http',
        labels: {},
        createdAt: T0,
      });
    v1.prepare('INSERT INTO alerts VALUES (?, ?, ?)').run('old-1', T0, alert('old-1'));
    v1.prepare('INSERT INTO deliveries VALUES (?, ?, 3, ?, 0, NULL, ?)').run(
      'old-1',
      'ops',
      T0 + 5,
      '503',
    );
    v1.prepare('INSERT INTO deliveries VALUES (?, ?, 0, ?, 0, NULL, NULL)').run(
      'old-1',
      'slack',
      T0,
    );
    v1.prepare('INSERT INTO dead_letters VALUES (?, ?, 8, ?, ?, ?, ?)').run(
      'old-2',
      'ops',
      '400',
      T0 + 9,
      T0,
      alert('old-2'),
    );
    v1.close();

    const upgraded = Outbox.open(file);
    try {
      expect(upgraded.status(T0 + 5)).toMatchObject({ ready: 2, dead: 1 });
      const [ops] = upgraded.claim('w', 'ops', T0 + 5, 10, 1_000);
      expect(ops).toMatchObject({
        attempts: 3,
        notification: {
          id: 'old-1',
          title: 'old old-1',
          severity: 'critical',
          group: { count: 1 },
        },
      });
      expect(upgraded.claim('w', 'slack', T0 + 5, 10, 1_000)[0]!.notification.id).toBe('old-1');
      expect(upgraded.deadLetters()).toEqual([
        expect.objectContaining({ id: 'old-2', title: 'old old-2', attempts: 8 }),
      ]);
      // The intake still knows the old id.
      expect(
        upgraded.accept({ title: 'x', id: 'old-1' }, 'http', channels('ops'), T0).duplicate,
      ).toBe(true);
    } finally {
      upgraded.close();
    }
  });
});
