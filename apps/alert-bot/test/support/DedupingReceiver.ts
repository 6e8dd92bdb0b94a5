import type { RecordedRequest, RespondFault } from '@ballast/testing';
import { createHmac } from 'node:crypto';
import type { Notification } from '../../src/index.js';

/**
 * The receiving side of a chaos run, as a careful consumer writes it: it verifies each
 * signature (an independent HMAC, not the bot's code), refuses alerts labelled `poison=yes`
 * for good (400), drops repeats of a `webhook-id` it has processed, and processes the rest.
 * What it processes is counted per alert, so an alert the bot delivered under two different
 * webhook ids shows up as processed twice.
 */
export class DedupingReceiver {
  /** Times each alert was processed (first told of by a new webhook id). */
  readonly processed = new Map<string, number>();
  /** When each alert was first processed, with when the bot accepted it (ms since the epoch). */
  readonly timings = new Map<
    string,
    { readonly acceptedAt: number; readonly processedAt: number }
  >();
  readonly #seen = new Set<string>();
  /** Successful requests, repeats included. */
  deliveries = 0;
  badSignatures = 0;

  constructor(private readonly key: Buffer) {}

  /** The chaos server's `respond` hook. */
  respond(request: RecordedRequest, now = Date.now()): RespondFault {
    const { headers, body } = request;
    const id = String(headers['webhook-id']);
    const expected =
      'v1,' +
      createHmac('sha256', this.key)
        .update(`${id}.${String(headers['webhook-timestamp'])}.${body}`)
        .digest('base64');
    if (headers['webhook-signature'] !== expected) {
      this.badSignatures++;
      return { kind: 'respond', status: 401 };
    }
    const notification = (JSON.parse(body) as { data: Notification }).data;
    if (notification.id !== id) return { kind: 'respond', status: 422 };
    if (notification.labels.poison === 'yes') return { kind: 'respond', status: 400 };
    this.deliveries++;
    if (this.#seen.has(id)) return { kind: 'respond', status: 200 };
    this.#seen.add(id);
    if (notification.kind === 'new') {
      const { first } = notification.group;
      this.processed.set(first.id, (this.processed.get(first.id) ?? 0) + 1);
      if (!this.timings.has(first.id))
        this.timings.set(first.id, { acceptedAt: first.createdAt, processedAt: now });
    }
    return { kind: 'respond', status: 200 };
  }

  /** Alerts processed more than once. */
  processedTwice(): string[] {
    return [...this.processed].filter(([, times]) => times > 1).map(([alertId]) => alertId);
  }
}
