import { Agent, request } from 'undici';

/**
 * Posts alerts to whatever bot process is current, retrying each one (same `id`, so the
 * intake stores it once) until it gets a 202: a bot killed mid-request costs a retry, never an
 * alert. `accepted` holds every id acknowledged.
 */
export class IdempotentPoster {
  readonly accepted = new Set<string>();
  readonly #agent = new Agent({
    connections: 16,
    headersTimeout: 5_000,
    bodyTimeout: 5_000,
    connectTimeout: 2_000,
  });
  #url: Promise<string>;
  #setUrl: (url: string) => void = () => undefined;

  constructor(
    url: string,
    private readonly onAccepted: () => void,
  ) {
    this.#url = Promise.resolve(url);
  }

  /** The bot is down: posts wait for {@link IdempotentPoster.up}. */
  down(): void {
    this.#url = new Promise((resolve) => (this.#setUrl = resolve));
  }

  /** The bot is back at `url`. */
  up(url: string): void {
    this.#setUrl(url);
    this.#url = Promise.resolve(url);
  }

  async post(
    alert: { readonly id: string; readonly [field: string]: unknown },
    deadline: number,
  ): Promise<void> {
    while (Date.now() < deadline) {
      const url = await this.#url;
      try {
        const response = await request(`${url}/alerts`, {
          method: 'POST',
          dispatcher: this.#agent,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(alert),
        });
        await response.body.dump();
        if (response.statusCode === 202) {
          this.accepted.add(alert.id);
          this.onAccepted();
          return;
        }
      } catch {
        // The bot died under the request; the next URL is the restarted one.
      }
      // Back off briefly; a restarted bot is picked up through #url.
      await new Promise<void>((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`alert ${alert.id} was never accepted`);
  }

  close(): Promise<void> {
    return this.#agent.close();
  }
}
