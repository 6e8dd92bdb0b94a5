import { describe, expect, it } from '@jest/globals';
import type { RecordedRequest } from '@ballast/testing';
import { channelRequest, type ChannelConfig, type Notification } from '../src/index.js';
import { DedupingReceiver } from './support/DedupingReceiver.js';
import { TEST_SECRET } from './support/testBot.js';

const KEY = Buffer.from(TEST_SECRET.slice('whsec_'.length), 'base64');
const CHANNEL = { name: 'c', type: 'webhook', url: 'http://127.0.0.1:9/c' } as ChannelConfig;
const ALERT = {
  id: 'rel-0001',
  title: 'reliability alert',
  severity: 'warning',
  message: undefined,
  source: 'http',
  labels: {},
  status: undefined,
  createdAt: 1_000,
} as const;

function webhook(id: string): RecordedRequest {
  const notification: Notification = {
    id,
    kind: 'new',
    status: 'firing',
    title: ALERT.title,
    severity: 'warning',
    message: undefined,
    source: 'http',
    labels: {},
    createdAt: 2_000,
    since: 1_000,
    group: { id: 'g', count: 1, newCount: 1, startedAt: 1_000, first: ALERT, latest: ALERT },
  };
  const request = channelRequest(CHANNEL, KEY, notification, 2_000);
  return {
    seq: 1,
    method: 'POST',
    path: '/c',
    headers: request.headers!,
    body: request.body as string,
    receivedAt: 2_000,
    connection: 1,
    fault: 'respond',
  };
}

describe('the chaos run receiver (regression: its "processed once" check could not fail)', () => {
  it('absorbs a repeated webhook id, but counts an alert delivered under two ids twice', () => {
    const receiver = new DedupingReceiver(KEY);
    expect(receiver.respond(webhook('g.1'), 3_000).status).toBe(200);
    expect(receiver.respond(webhook('g.1'), 4_000).status).toBe(200);
    expect(receiver.processedTwice()).toEqual([]);
    expect(receiver.timings.get('rel-0001')).toEqual({ acceptedAt: 1_000, processedAt: 3_000 });

    // The same alert again under another webhook id: a duplicate the receiver cannot drop.
    receiver.respond(webhook('other.1'), 5_000);
    expect(receiver.processedTwice()).toEqual(['rel-0001']);
    expect(receiver.deliveries).toBe(3);
  });

  it('refuses a bad signature', () => {
    const receiver = new DedupingReceiver(KEY);
    const forged = webhook('g.1');
    expect(
      receiver.respond({ ...forged, body: forged.body.replace('reliability', 'forged') }).status,
    ).toBe(401);
    expect(receiver.badSignatures).toBe(1);
  });
});
