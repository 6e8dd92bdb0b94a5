import type { HttpRequest } from '@ballast/http';
import type { AlertRecord } from '../alerts/AlertRecord.js';
import type { ChannelConfig } from '../config/AlertBotConfig.js';
import { signWebhook } from './webhookSignature.js';

const SEVERITY_TAG = { info: 'INFO', warning: 'WARNING', critical: 'CRITICAL' } as const;

/** The Slack incoming-webhook payload: one `text` line (mrkdwn), plus the details below it. */
export function slackPayload(alert: AlertRecord): { text: string } {
  const lines = [`*[${SEVERITY_TAG[alert.severity]}] ${alert.title}*`];
  if (alert.message !== undefined && alert.message !== '') lines.push(alert.message);
  const labels = Object.entries(alert.labels).map(([key, value]) => `${key}=${value}`);
  lines.push(
    `_source: ${alert.source} · id: ${alert.id}${labels.length > 0 ? ` · ${labels.join(' ')}` : ''}_`,
  );
  return { text: lines.join('\n') };
}

/** The generic webhook body: a typed event envelope around the alert. */
export function webhookPayload(alert: AlertRecord): {
  type: string;
  timestamp: string;
  data: AlertRecord;
} {
  return { type: 'alert.raised', timestamp: new Date(alert.createdAt).toISOString(), data: alert };
}

/**
 * The HTTP request delivering `alert` to `channel` at `nowMs`. Every request carries the
 * Standard Webhooks headers; `webhook-id` is the alert id, the same on every attempt, so
 * receivers can drop repeats. Channels with a secret are signed (`webhook-signature`).
 */
export function channelRequest(
  channel: ChannelConfig,
  key: Buffer | undefined,
  alert: AlertRecord,
  nowMs: number,
): HttpRequest {
  const body = JSON.stringify(
    channel.type === 'slack' ? slackPayload(alert) : webhookPayload(alert),
  );
  const timestamp = Math.floor(nowMs / 1000);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'webhook-id': alert.id,
    'webhook-timestamp': String(timestamp),
  };
  if (key !== undefined) headers['webhook-signature'] = signWebhook(key, alert.id, timestamp, body);
  return { url: channel.url, method: 'POST', headers, body };
}
