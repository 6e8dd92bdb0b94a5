import type { Runtime } from '@ballast/core';
import { SafeLog } from '@ballast/safe-log';
import { inject, injectable } from 'inversify';
import { type AlertInput, checkAlert } from '../alerts/AlertInput.js';
import { TOKENS } from '../app/tokens.js';
import type { AlertBotConfig } from '../config/AlertBotConfig.js';
import { type PrimaryChannel, primaryChannels } from '../config/primaryChannels.js';
import { DeliveryWorker } from '../delivery/DeliveryWorker.js';
import { AlertNotStoredError } from '../errors/alertBotErrors.js';
import type { AlertBotMetrics } from '../metrics/AlertBotMetrics.js';
import type { EnqueueResult, Outbox } from '../outbox/Outbox.js';

/**
 * Where every alert enters (HTTP, CLI, error logs, inspection): validated, then written to the
 * outbox durably and joined to its group on each channel, then the worker is told when the
 * group is due. Returning means the alert is on disk.
 */
@injectable()
export class AlertIntake {
  readonly #channels: readonly PrimaryChannel[];

  constructor(
    @inject(TOKENS.config) config: AlertBotConfig,
    @inject(TOKENS.outbox) private readonly outbox: Outbox,
    @inject(DeliveryWorker) private readonly worker: DeliveryWorker,
    @inject(TOKENS.metrics) private readonly metrics: AlertBotMetrics,
    @inject(TOKENS.runtime) private readonly runtime: Runtime,
  ) {
    this.#channels = primaryChannels(config);
  }

  /**
   * Validates `input` against the alert schema and stores it.
   * @throws InvalidAlertError (`ALERT_INVALID`) naming each bad field.
   */
  submit(input: unknown, source: string): EnqueueResult {
    return this.accept(checkAlert(input), source);
  }

  /**
   * Stores an already valid alert; a failure to store is logged (SafeLog) and thrown.
   * @throws AlertNotStoredError (`ALERT_NOT_STORED`, 503) when the outbox cannot take it.
   */
  @SafeLog({ successLevel: 'debug' })
  accept(input: AlertInput, source: string): EnqueueResult {
    let result: EnqueueResult;
    try {
      result = this.outbox.accept(input, source, this.#channels, this.runtime.clock.now());
    } catch (error) {
      throw new AlertNotStoredError(error);
    }
    this.metrics.accepted(result.duplicate);
    if (result.flushAt !== undefined) this.worker.wakeAt(result.flushAt);
    return result;
  }
}
