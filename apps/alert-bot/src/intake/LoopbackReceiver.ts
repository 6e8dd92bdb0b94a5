import type { Runtime } from '@ballast/core';
import type { LogWriter } from '@ballast/safe-log';
import { inject, injectable } from 'inversify';
import { TOKENS } from '../app/tokens.js';
import type { AlertBotConfig } from '../config/AlertBotConfig.js';
import { decodeWebhookSecret, verifyWebhook } from '../delivery/webhookSignature.js';

/** A webhook the receiver accepted. */
export interface ReceivedWebhook {
  readonly id: string;
  /** True when this `webhook-id` was seen before (a redelivery; not processed again). */
  readonly duplicate: boolean;
  readonly body: unknown;
}

const REMEMBERED_IDS = 10_000;

/**
 * The built-in receiver behind `POST /receiver`: what a real consumer of the webhooks does. It
 * verifies the Standard Webhooks signature (401 otherwise), and processes each `webhook-id`
 * once, answering 200 to repeats without processing them again.
 */
@injectable()
export class LoopbackReceiver {
  readonly #key: Buffer;
  readonly #seen = new Set<string>();
  /** Called once per new webhook (and for duplicates, flagged). */
  onReceived: ((webhook: ReceivedWebhook) => void) | undefined;

  constructor(
    @inject(TOKENS.config) config: AlertBotConfig,
    @inject(TOKENS.runtime) private readonly runtime: Runtime,
    @inject(TOKENS.logger) private readonly logger: LogWriter,
  ) {
    this.#key = decodeWebhookSecret(config.receiver.secret)!; // validated with the config
  }

  /** Handles one delivery; returns the HTTP status to answer. */
  receive(headers: Readonly<Record<string, string | string[] | undefined>>, body: string): number {
    const id = headers['webhook-id'];
    const timestamp = headers['webhook-timestamp'];
    const signature = headers['webhook-signature'];
    if (typeof id !== 'string' || typeof timestamp !== 'string' || typeof signature !== 'string')
      return 400;
    const nowS = Math.floor(this.runtime.clock.now() / 1000);
    if (!verifyWebhook(this.#key, { id, timestamp, signature }, body, nowS)) return 401;
    const duplicate = this.#seen.has(id);
    if (!duplicate) {
      if (this.#seen.size >= REMEMBERED_IDS)
        this.#seen.delete(this.#seen.values().next().value as string);
      this.#seen.add(id);
      this.logger.log('info', 'alert-bot receiver: webhook processed', { webhookId: id });
    }
    this.onReceived?.({ id, duplicate, body: JSON.parse(body) as unknown });
    return 200;
  }
}
