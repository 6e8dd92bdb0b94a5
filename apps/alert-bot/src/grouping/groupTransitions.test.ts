import { describe, expect, it } from '@jest/globals';
import type { AlertRecord } from '../alerts/AlertRecord.js';
import type { GroupingConfig } from '../config/AlertBotConfig.js';
import { readAlertBotConfig } from '../config/readAlertBotConfig.js';
import type { AlertGroup } from './AlertGroup.js';
import { groupIdentity } from './groupKey.js';
import { flushGroup, joinGroup } from './groupTransitions.js';
import type { Notification } from './Notification.js';

/** The default grouping: group wait 1 s, group interval and resolve timeout 5 min, repeat 4 h. */
const GROUPING: GroupingConfig = readAlertBotConfig({}).grouping;

let serial = 0;
function alert(fields: Partial<AlertRecord> & { readonly at?: number } = {}): AlertRecord {
  const { at = 0, ...rest } = fields;
  return {
    id: `a${++serial}`,
    title: 'orders on cached stock',
    severity: 'warning',
    message: undefined,
    source: 'storefront',
    labels: { service: 'storefront' },
    status: undefined,
    createdAt: at,
    ...rest,
  };
}

/** Plays alerts and flushes on one channel, as the outbox does, and records what was notified. */
class Channel {
  group: AlertGroup | undefined;
  readonly sent: Notification[] = [];
  #ids = 0;
  constructor(readonly grouping: GroupingConfig = GROUPING) {}

  add(record: AlertRecord, now = record.createdAt): void {
    const identity = { ...groupIdentity(record, this.grouping.groupBy), channel: 'ops' };
    this.group = joinGroup(
      this.group,
      record,
      identity,
      this.grouping,
      now,
      () => `g${++this.#ids}`,
    );
  }

  /** Flushes at every due time up to `until`. */
  runUntil(until: number): void {
    while (this.group !== undefined && this.group.nextFlushAt <= until) {
      const step = flushGroup(this.group, this.grouping, this.group.nextFlushAt);
      if (step.notification !== undefined) this.sent.push(step.notification);
      this.group = step.group;
    }
  }
}

describe('alert groups (Alertmanager semantics)', () => {
  it('turns a 60 s storm of one alert into 3 notifications: first, the rest after the group interval, resolved', () => {
    const ops = new Channel();
    for (let t = 0; t < 60_000; t += 1_000) {
      ops.runUntil(t);
      ops.add(alert({ at: t, message: `${t / 1_000 + 1} checks in the last second` }));
    }
    ops.runUntil(3_600_000);
    expect(ops.sent.map((n) => [n.kind, n.createdAt, n.group.count, n.group.newCount])).toEqual([
      ['new', 1_000, 1, 1],
      ['update', 301_000, 60, 59],
      ['resolved', 601_000, 60, 0],
    ]);
    const [first, update] = ops.sent;
    expect(first!.id).toBe('g1.1');
    expect(update).toMatchObject({
      id: 'g1.2',
      status: 'firing',
      message: '60 checks in the last second',
      since: 1_000, // the oldest alert it is the first to tell of
      group: {
        first: { message: '1 checks in the last second' },
        latest: { message: '60 checks in the last second' },
      },
    });
    expect(ops.group).toBeUndefined();
  });

  it('repeats a firing group with nothing new after the repeat interval, until it is resolved', () => {
    const ops = new Channel();
    ops.add(alert({ title: 'api is down', status: 'firing', severity: 'critical' }));
    ops.runUntil(2 * 14_400_000 + 1_000);
    expect(ops.sent.map((n) => [n.kind, n.createdAt])).toEqual([
      ['new', 1_000],
      ['repeat', 14_401_000],
      ['repeat', 28_801_000],
    ]);
    ops.add(alert({ title: 'api is down', status: 'resolved', severity: 'info', at: 28_900_000 }));
    ops.runUntil(28_900_000);
    expect(ops.sent.at(-1)).toMatchObject({
      kind: 'resolved',
      status: 'resolved',
      createdAt: 28_900_000, // at once, not at the next interval
      severity: 'critical',
      id: 'g1.4',
    });
    expect(ops.group).toBeUndefined();
  });

  it('keeps a group open while another firing alert holds it (coarse groupBy)', () => {
    const ops = new Channel({ ...GROUPING, groupBy: ['service'] });
    ops.add(alert({ title: 'api is down', status: 'firing' }));
    ops.add(alert({ title: 'db is down', status: 'firing' }));
    ops.runUntil(1_000);
    ops.add(alert({ title: 'api is down', status: 'resolved', at: 2_000 }));
    ops.runUntil(301_000);
    expect(ops.sent.map((n) => [n.kind, n.title, n.group.count])).toEqual([
      ['new', 'db is down', 2],
      ['update', 'api is down', 3], // the resolution is news of a group still firing
    ]);
    ops.add(alert({ title: 'db is down', status: 'resolved', at: 400_000 }));
    ops.runUntil(400_000);
    expect(ops.sent.at(-1)).toMatchObject({ kind: 'resolved', title: 'db is down' });
  });

  it('announces a resolution with no group to end on its own, and ends silently what never notified', () => {
    const ops = new Channel();
    ops.add(alert({ title: 'api is down', status: 'resolved', severity: 'info' }));
    ops.runUntil(0);
    expect(ops.sent.map((n) => [n.kind, n.group.count])).toEqual([['resolved', 0]]);

    const quiet = new Channel();
    quiet.add(alert({ title: 'flap', status: 'firing' }));
    quiet.add(alert({ title: 'flap', status: 'resolved', at: 500 }), 500); // within the group wait
    quiet.runUntil(10_000_000);
    expect(quiet.sent).toEqual([]);
  });

  it('sends no resolved notification with sendResolved off', () => {
    const ops = new Channel({ ...GROUPING, sendResolved: false });
    ops.add(alert());
    ops.runUntil(3_600_000);
    expect(ops.sent.map((n) => n.kind)).toEqual(['new']);
    expect(ops.group).toBeUndefined();
  });

  it('groups by source plus the named labels; "..." also by title and every label', () => {
    const a = alert({ labels: { service: 'a', host: 'h1' } });
    const b = alert({ labels: { service: 'a', host: 'h2' }, title: 'other' });
    expect(groupIdentity(a, ['service']).key).toBe(groupIdentity(b, ['service']).key);
    expect(groupIdentity(a, ['service']).labels).toEqual({ service: 'a' });
    expect(groupIdentity(a, '...').key).not.toBe(groupIdentity(b, '...').key);
    expect(groupIdentity(a, ['service']).key).not.toBe(
      groupIdentity({ ...a, source: 'other' }, ['service']).key,
    );
    expect(groupIdentity(a, '...').key).toBe(
      groupIdentity({ ...a, id: 'x', message: 'y' }, '...').key,
    );
  });

  it('reads a groupBy label named like an Object.prototype member as missing when the alert lacks it', () => {
    const without = groupIdentity(alert({ labels: {} }), ['constructor', 'toString']);
    expect(without.labels).toEqual({});
    const withIt = groupIdentity(alert({ labels: { constructor: 'x' } }), ['constructor']);
    expect(withIt.labels).toEqual({ constructor: 'x' });
  });
});
