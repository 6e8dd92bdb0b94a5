import { Agent, request } from 'node:http';

/**
 * Posts alerts to whatever bot process is current, retrying each one (same `id`, so the
 * intake stores it once) until it gets a 202: a bot killed mid-request costs a retry, never an
 * alert. `accepted` holds every id acknowledged.
 */
export class IdempotentPoster {
  readonly accepted = new Set<string>();
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 16 });
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
    const body = JSON.stringify(alert);
    while (Date.now() < deadline) {
      const url = await this.#url;
      if ((await this.#send(`${url}/alerts`, body)) === 202) {
        this.accepted.add(alert.id);
        this.onAccepted();
        return;
      }
      // The bot died under the request: back off briefly; a restarted bot comes through #url.
      await new Promise<void>((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`alert ${alert.id} was never accepted`);
  }

  close(): void {
    this.#agent.destroy();
  }

  /** The response status, or 0 when the connection failed. */
  #send(url: string, body: string): Promise<number> {
    return new Promise((resolve) => {
      const req = request(
        url,
        {
          method: 'POST',
          agent: this.#agent,
          timeout: 5_000,
          headers: { 'content-type': 'application/json' },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
          res.on('error', () => resolve(0));
        },
      );
      req.on('timeout', () => req.destroy());
      req.on('error', () => resolve(0));
      req.end(body);
    });
  }
}
