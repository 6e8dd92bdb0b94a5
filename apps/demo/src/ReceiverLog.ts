import type { AlertFeed } from '@ballast/admin';
import type { Alert } from '@ballast/safe-log';
import type { ChaosServer } from '@ballast/testing';

const HOOKS_PREFIX = '/hooks/';
/** Webhook ids remembered to recognise redeliveries; far more than a demo raises. */
const MAX_IDS = 10_000;
/** Alerts shown on the dashboard. */
const FEED_SIZE = 100;

interface WebhookBody {
  readonly data?: { readonly title?: string; readonly severity?: string; readonly message?: string; readonly source?: string };
}

/**
 * What the alert receivers on the chaos upstream saw: each webhook id once as an alert for the
 * dashboard's feed (newest last, bounded), and every repeat of an id as a redelivery — the
 * alert bot's outbox retries, which it reports through no runtime statistic.
 */
export class ReceiverLog implements AlertFeed {
  /** Webhook requests received, first deliveries and redeliveries. */
  received = 0;
  /** Requests repeating a webhook id already received: the alert bot retried. */
  redeliveries = 0;
  readonly #byId = new Map<string, Alert>();

  /** Oldest first, as `AlertFeed` wants. */
  get alerts(): readonly Alert[] {
    return [...this.#byId.values()].slice(-FEED_SIZE);
  }

  /** Takes in the requests the chaos server recorded since the last call and forgets them there. */
  drain(chaos: ChaosServer): void {
    const requests = chaos.requests;
    for (const request of requests) {
      if (!request.path.startsWith(HOOKS_PREFIX)) continue;
      const id = request.headers['webhook-id'];
      if (typeof id !== 'string') continue;
      this.received++;
      const seen = this.#byId.get(id);
      if (seen !== undefined) {
        this.redeliveries++;
        this.#byId.set(id, { ...seen, count: seen.count + 1, lastSeen: request.receivedAt });
        continue;
      }
      this.#byId.set(id, this.#toAlert(id, request.path, request.body, request.receivedAt));
      if (this.#byId.size > MAX_IDS) this.#byId.delete(this.#byId.keys().next().value!);
    }
    chaos.clearRequests();
  }

  #toAlert(id: string, path: string, body: string, at: number): Alert {
    let data: WebhookBody['data'] = {};
    try {
      data = (JSON.parse(body) as WebhookBody).data ?? {};
    } catch {
      // A body we cannot read still counts as a delivery attempt.
    }
    const severity = data.severity ?? 'unknown';
    return {
      fingerprint: id,
      message: `[${severity}] ${data.title ?? '(no title)'}${data.message === undefined ? '' : ` — ${data.message}`}`,
      source: `${data.source ?? 'alert-bot'} → ${path}`,
      errorName: undefined,
      code: undefined,
      count: 1,
      firstSeen: at,
      lastSeen: at,
    };
  }
}
