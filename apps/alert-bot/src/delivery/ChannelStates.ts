import { inject, injectable } from 'inversify';
import { TOKENS } from '../app/tokens.js';
import type { Outbox } from '../outbox/Outbox.js';

/**
 * Which channels are disabled (their endpoint answered 410 Gone), cached from the outbox so the
 * delivery path reads memory, and persisted there so a restart keeps them off.
 */
@injectable()
export class ChannelStates {
  #disabled: Map<string, string>;

  constructor(@inject(TOKENS.outbox) private readonly outbox: Outbox) {
    this.#disabled = outbox.disabledChannels();
  }

  /** Why `channel` is disabled, or undefined when it is enabled. */
  disabledReason(channel: string): string | undefined {
    return this.#disabled.get(channel);
  }

  /** Disables `channel` durably. */
  disable(channel: string, reason: string, now: number): void {
    this.outbox.disableChannel(channel, reason, now);
    this.#disabled.set(channel, reason);
  }

  /** Re-reads the disabled channels (the CLI may have re-enabled one). */
  refresh(): void {
    this.#disabled = this.outbox.disabledChannels();
  }
}
