import type { HttpRequest } from '@ballast/http';
import type { ChannelConfig } from '../config/AlertBotConfig.js';
import type { Notification } from '../grouping/Notification.js';
import { signWebhook } from './webhookSignature.js';

const TAG = { info: 'INFO', warning: 'WARNING', critical: 'CRITICAL' } as const;

function when(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The Slack incoming-webhook payload: a headline, the latest alert's message, and for a group
 * of several alerts the count and the first and latest examples.
 */
export function slackPayload(notification: Notification): { text: string } {
  const { group } = notification;
  const tag = notification.status === 'resolved' ? 'RESOLVED' : TAG[notification.severity];
  const lines = [`*[${tag}] ${notification.title}*`];
  if (notification.message !== undefined && notification.message !== '')
    lines.push(notification.message);
  if (group.count > 1) {
    lines.push(
      `${group.count} alerts since ${when(group.startedAt)} (${group.newCount} new) · first: ${group.first.title} (${when(group.first.createdAt)}) · latest: ${group.latest.title} (${when(group.latest.createdAt)})`,
    );
  }
  const labels = Object.entries(notification.labels).map(([key, value]) => `${key}=${value}`);
  lines.push(
    `_source: ${notification.source} · id: ${notification.id}${labels.length > 0 ? ` · ${labels.join(' ')}` : ''}_`,
  );
  return { text: lines.join('\n') };
}

/** The generic webhook body: a typed event envelope around the notification. */
export function webhookPayload(notification: Notification): {
  type: string;
  timestamp: string;
  data: Notification;
} {
  return {
    type: notification.status === 'resolved' ? 'alert.resolved' : 'alert.raised',
    timestamp: new Date(notification.createdAt).toISOString(),
    data: notification,
  };
}

/**
 * The HTTP request delivering `notification` to `channel` at `nowMs`. Every request carries
 * the Standard Webhooks headers; `webhook-id` is the notification id, the same on every
 * attempt, so receivers can drop repeats. Channels with a secret are signed (`webhook-signature`).
 */
export function channelRequest(
  channel: ChannelConfig,
  key: Buffer | undefined,
  notification: Notification,
  nowMs: number,
): HttpRequest {
  const body = JSON.stringify(
    channel.type === 'slack' ? slackPayload(notification) : webhookPayload(notification),
  );
  const timestamp = Math.floor(nowMs / 1000);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'webhook-id': notification.id,
    'webhook-timestamp': String(timestamp),
  };
  if (key !== undefined)
    headers['webhook-signature'] = signWebhook(key, notification.id, timestamp, body);
  return { url: channel.url, method: 'POST', headers, body };
}
