import type { AlertFeed } from '@ballast/admin';
import type { Alert } from '@ballast/safe-log';
import type { ChaosServer, RecordedRequest } from '@ballast/testing';

const HOOKS_PREFIX = '/hooks/';
/** Webhook ids remembered to recognise redeliveries; far more than a demo raises. */
const MAX_IDS = 10_000;
/** Alerts shown on the dashboard. */
const FEED_SIZE = 100;

interface WebhookBody {
  readonly data?: {
    readonly title?: string;
    readonly severity?: string;
    readonly message?: string;
    readonly source?: string;
  };
}

function webhookId(request: RecordedRequest): string | undefined {
  const id = request.headers['webhook-id'];
  return request.path.startsWith(HOOKS_PREFIX) && typeof id === 'string' ? id : undefined;
}

/**
 * What the alert receivers on the chaos upstream saw. Alerts that got through (answered without
 * a fault) make the dashboard's feed, newest last; every attempt repeating a webhook id already
 * seen counts as a redelivery — the alert bot's outbox retries, which no runtime statistic
 * reports.
 */
export class ReceiverLog implements AlertFeed {
  /** Webhook attempts received, answered or not. */
  attempts = 0;
  /** Attempts repeating a webhook id already received: the alert bot retried. */
  redeliveries = 0;
  readonly #seen = new Set<string>();
  readonly #delivered = new Map<string, Alert>();

  /** Oldest first, as `AlertFeed` wants. */
  get alerts(): readonly Alert[] {
    return [...this.#delivered.values()].slice(-FEED_SIZE);
  }

  /** Records a webhook the upstream answered normally (wire it to `upstreamFaults`' listener). */
  answered(request: RecordedRequest): void {
    const id = webhookId(request);
    if (id === undefined) return;
    const known = this.#delivered.get(id);
    if (known !== undefined) {
      this.#delivered.set(id, { ...known, count: known.count + 1, lastSeen: request.receivedAt });
      return;
    }
    this.#delivered.set(id, this.#toAlert(id, request));
    if (this.#delivered.size > FEED_SIZE)
      this.#delivered.delete(this.#delivered.keys().next().value!);
  }

  /** Counts the attempts the chaos server recorded since the last call, and forgets them there. */
  drain(chaos: ChaosServer): void {
    for (const request of chaos.requests) {
      const id = webhookId(request);
      if (id === undefined) continue;
      this.attempts++;
      if (this.#seen.has(id)) this.redeliveries++;
      else this.#seen.add(id);
      if (this.#seen.size > MAX_IDS) this.#seen.delete(this.#seen.values().next().value!);
    }
    chaos.clearRequests();
  }

  #toAlert(id: string, request: RecordedRequest): Alert {
    let data: WebhookBody['data'] = {};
    try {
      data = (JSON.parse(request.body) as WebhookBody).data ?? {};
    } catch {
      // Not an alert envelope: shown with what is known.
    }
    return {
      fingerprint: id,
      message: `[${data.severity ?? 'unknown'}] ${data.title ?? '(no title)'}${data.message === undefined ? '' : ` — ${data.message}`}`,
      source: `${data.source ?? 'unknown'} → ${request.path.slice(HOOKS_PREFIX.length)}`,
      errorName: undefined,
      code: undefined,
      count: 1,
      firstSeen: request.receivedAt,
      lastSeen: request.receivedAt,
    };
  }
}
