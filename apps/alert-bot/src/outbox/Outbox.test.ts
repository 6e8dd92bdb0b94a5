import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Outbox } from './Outbox.js';
import { openOutboxDatabase } from './openOutboxDatabase.js';

let dir: string;
let outbox: Outbox;
const T0 = 1_700_000_000_000;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'alert-bot-outbox-'));
  outbox = Outbox.open(join(dir, 'outbox.db'));
});
afterEach(() => {
  outbox.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('Outbox', () => {
  it('opens the database in WAL mode with synchronous FULL', () => {
    const db = openOutboxDatabase(join(dir, 'other.db'));
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    } finally {
      db.close();
    }
  });

  it('refuses to start when its directory cannot exist (a regular file is in the way)', () => {
    writeFileSync(join(dir, 'file'), '');
    expect(() => Outbox.open(join(dir, 'file', 'outbox.db'))).toThrow(/EEXIST|ENOTDIR/);
  });

  it('stores one delivery per channel and hands each out to one lease holder at a time', () => {
    const { id } = outbox.enqueue({ title: 'disk full' }, 'test', ['slack', 'hook'], T0);
    const claimed = outbox.claim('w1', T0, 10, 5_000);
    expect(claimed.map((delivery) => delivery.channel).sort()).toEqual(['hook', 'slack']);
    expect(claimed[0]!.alert).toMatchObject({
      id,
      title: 'disk full',
      severity: 'warning',
      source: 'test',
      createdAt: T0,
    });
    expect(outbox.claim('w2', T0 + 4_999, 10, 5_000)).toEqual([]);
    expect(outbox.claim('w2', T0 + 5_000, 10, 5_000)).toHaveLength(2); // w1's leases ran out
  });

  it('skips the deliveries of paused channels and those not yet due', () => {
    outbox.enqueue({ title: 'a' }, 'test', ['slack', 'hook'], T0);
    expect(
      outbox.claim('w1', T0, 10, 5_000, ['slack']).map((delivery) => delivery.channel),
    ).toEqual(['hook']);
    expect(outbox.claim('w1', T0 - 1, 10, 5_000)).toEqual([]);
  });

  it('lets only the current lease holder reschedule a delivery', () => {
    outbox.enqueue({ title: 'a' }, 'test', ['hook'], T0);
    const [stale] = outbox.claim('w1', T0, 1, 1_000);
    const [current] = outbox.claim('w2', T0 + 1_000, 1, 1_000);
    outbox.reschedule(stale!, 1, T0 + 60_000, 'late news from w1');
    outbox.reschedule(current!, 1, T0 + 2_000, 'w2 failed');
    expect(outbox.status(T0 + 2_000)).toMatchObject({ ready: 1, scheduled: 0 });
  });

  it('removes the alert once every channel is done, and counts deliveries', () => {
    outbox.enqueue({ title: 'a' }, 'test', ['slack', 'hook'], T0);
    const [first, second] = outbox.claim('w1', T0, 10, 5_000);
    outbox.complete(first!);
    expect(outbox.status(T0)).toMatchObject({ alerts: 1, leased: 1, delivered: 1 });
    outbox.complete(second!);
    expect(outbox.status(T0)).toMatchObject({ alerts: 0, leased: 0, delivered: 2 });
  });

  it('keeps dead letters with the last error and replays them with a fresh schedule', () => {
    const { id } = outbox.enqueue({ title: 'a' }, 'test', ['hook'], T0);
    const [delivery] = outbox.claim('w1', T0, 1, 5_000);
    outbox.deadLetter(delivery!, 8, 'answered 503', T0 + 1);
    expect(outbox.status(T0)).toMatchObject({
      alerts: 0,
      dead: 1,
      byChannel: { hook: { dead: 1 } },
    });
    expect(outbox.deadLetters()).toEqual([
      { alertId: id, channel: 'hook', attempts: 8, lastError: 'answered 503', deadAt: T0 + 1 },
    ]);
    expect(outbox.replay(T0 + 10, { channel: 'other' })).toBe(0);
    expect(outbox.replay(T0 + 10, { alertId: id })).toBe(1);
    const [again] = outbox.claim('w1', T0 + 10, 1, 5_000);
    expect(again).toMatchObject({ attempts: 0, alert: { id, title: 'a' } });
    expect(outbox.status(T0 + 10)).toMatchObject({ alerts: 1, dead: 0 });
  });

  it('remembers disabled channels until they are enabled again', () => {
    outbox.disableChannel('hook', '410 Gone', T0);
    expect(outbox.disabledChannels()).toEqual(new Map([['hook', '410 Gone']]));
    expect(outbox.enableChannel('hook')).toBe(true);
    expect(outbox.enableChannel('hook')).toBe(false);
    expect(outbox.status(T0).disabledChannels).toEqual({});
  });
});
