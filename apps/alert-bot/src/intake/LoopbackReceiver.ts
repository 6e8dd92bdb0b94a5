import type { Runtime } from '@ballast/core';
import type { LogWriter } from '@ballast/safe-log';
import type Database from 'better-sqlite3';
import { inject, injectable } from 'inversify';
import { TOKENS } from '../app/tokens.js';
import type { AlertBotConfig } from '../config/AlertBotConfig.js';
import { decodeWebhookSecret, verifyWebhook } from '../delivery/webhookSignature.js';
import { WebhookSignatureError, WebhookUnsignedError } from '../errors/alertBotErrors.js';
import { ID_RETENTION_MS, type Outbox } from '../outbox/Outbox.js';

/** A webhook the receiver accepted. */
export interface ReceivedWebhook {
  readonly id: string;
  /** True when this `webhook-id` was seen before (a redelivery; not processed again). */
  readonly duplicate: boolean;
  readonly body: unknown;
}

/** How often ids past their retention are forgotten. */
const PRUNE_EVERY_MS = 600_000;

/**
 * The built-in receiver behind `POST /receiver`: what a real consumer of the webhooks does. It
 * verifies the Standard Webhooks signature (`ALERT_WEBHOOK_UNSIGNED` 400 without its headers,
 * `ALERT_WEBHOOK_SIGNATURE` 401 when it does not verify), and processes each `webhook-id`
 * once, answering 200 to repeats without processing them again. The ids it has processed are
 * in the bot's database (committed before the 200), for 24 hours: longer than the signature's
 * 5-minute tolerance (replays) and the sender's retry schedule (redeliveries after a crash), and
 * across restarts of the bot.
 */
@injectable()
export class LoopbackReceiver {
  readonly #key: Buffer;
  readonly #remember: Database.Statement<[string, number]>;
  readonly #forget: Database.Statement<[number]>;
  #prunedAt = Number.NEGATIVE_INFINITY;
  /** Called once per new webhook (and for duplicates, flagged). */
  onReceived: ((webhook: ReceivedWebhook) => void) | undefined;

  constructor(
    @inject(TOKENS.config) config: AlertBotConfig,
    @inject(TOKENS.outbox) outbox: Outbox,
    @inject(TOKENS.runtime) private readonly runtime: Runtime,
    @inject(TOKENS.logger) private readonly logger: LogWriter,
  ) {
    this.#key = decodeWebhookSecret(config.receiver.secret)!; // validated with the config
    const db = outbox.database;
    this.#remember = db.prepare(
      'INSERT OR IGNORE INTO received_webhooks (id, received_at) VALUES (?, ?)',
    );
    this.#forget = db.prepare('DELETE FROM received_webhooks WHERE received_at < ?');
  }

  /**
   * Handles one delivery.
   * @throws WebhookUnsignedError, WebhookSignatureError
   */
  receive(headers: Readonly<Record<string, string | string[] | undefined>>, body: string): void {
    const id = headers['webhook-id'];
    const timestamp = headers['webhook-timestamp'];
    const signature = headers['webhook-signature'];
    if (typeof id !== 'string' || typeof timestamp !== 'string' || typeof signature !== 'string')
      throw new WebhookUnsignedError();
    const now = this.runtime.clock.now();
    if (!verifyWebhook(this.#key, { id, timestamp, signature }, body, Math.floor(now / 1000)))
      throw new WebhookSignatureError();
    if (now - this.#prunedAt >= PRUNE_EVERY_MS) {
      this.#prunedAt = now;
      this.#forget.run(now - ID_RETENTION_MS);
    }
    const duplicate = this.#remember.run(id, now).changes === 0;
    if (!duplicate)
      this.logger.log('info', 'alert-bot receiver: webhook processed', { webhookId: id });
    this.onReceived?.({ id, duplicate, body: JSON.parse(body) as unknown });
  }
}
