import type { Runtime } from '@ballast/core';
import type { LogWriter } from '@ballast/safe-log';
import { inject, injectable } from 'inversify';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TOKENS } from '../app/tokens.js';
import type { AlertBotConfig } from '../config/AlertBotConfig.js';
import { describeError } from '../delivery/classifyDeliveryError.js';
import { InvalidAlertError } from '../errors/alertBotErrors.js';
import type { Outbox } from '../outbox/Outbox.js';
import { AlertIntake } from './AlertIntake.js';
import { LoopbackReceiver } from './LoopbackReceiver.js';
import { BodyTooLargeError, parseJsonBody, readBody } from './readJsonBody.js';

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/**
 * The HTTP face of the bot: `POST /alerts` (202 once the alert is in the outbox, 400 naming the
 * bad field), `GET /status` (queue depths), `GET /healthz`, and the loopback receiver.
 */
@injectable()
export class AlertHttpServer {
  readonly #server: Server;
  readonly #config: AlertBotConfig;

  constructor(
    @inject(TOKENS.config) config: AlertBotConfig,
    @inject(AlertIntake) private readonly intake: AlertIntake,
    @inject(LoopbackReceiver) private readonly receiver: LoopbackReceiver,
    @inject(TOKENS.outbox) private readonly outbox: Outbox,
    @inject(TOKENS.runtime) private readonly runtime: Runtime,
    @inject(TOKENS.logger) private readonly logger: LogWriter,
  ) {
    this.#config = config;
    this.#server = createServer((req, res) => void this.#handle(req, res));
    this.#server.on('clientError', (_error, socket) => socket.destroy());
  }

  /** `http://host:port` once listening. */
  get url(): string {
    const address = this.#server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${host}:${address.port}`;
  }

  /** Starts listening on the configured host and port. */
  listen(): Promise<void> {
    const { host, port } = this.#config.server;
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, host, () => {
        this.#server.off('error', reject);
        resolve();
      });
    });
  }

  /** Stops accepting requests and waits for those in progress; idle keep-alive sockets close at once. */
  close(): Promise<void> {
    if (!this.#server.listening) return Promise.resolve();
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#server.closeIdleConnections();
    return closed;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    try {
      if (path === '/alerts' && req.method === 'POST') return await this.#postAlert(req, res);
      if (
        path === this.#config.receiver.path &&
        this.#config.receiver.enabled &&
        req.method === 'POST'
      ) {
        const status = this.receiver.receive(
          req.headers,
          await readBody(req, this.#config.server.maxBodyBytes),
        );
        return reply(res, status, { ok: status === 200 });
      }
      if (path === '/status' && req.method === 'GET')
        return reply(res, 200, this.outbox.status(this.runtime.clock.now()));
      if (path === '/healthz' && req.method === 'GET') return reply(res, 200, { ok: true });
      reply(res, 404, {
        error: 'not_found',
        routes: ['POST /alerts', 'GET /status', 'GET /healthz'],
      });
    } catch (error) {
      if (error instanceof BodyTooLargeError)
        return reply(res, 413, { error: 'body_too_large', limitBytes: error.limitBytes });
      if (error instanceof InvalidAlertError)
        return reply(res, 400, {
          error: 'invalid_alert',
          field: error.field,
          problem: error.problem,
          message: error.message,
        });
      // Not stored, not acknowledged: the sender must retry.
      this.logger.log('error', 'alert-bot: request failed', { path, error: describeError(error) });
      if (!res.headersSent)
        reply(res, 503, { error: 'unavailable', message: 'the alert was not stored; retry' });
    }
  }

  async #postAlert(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const input = parseJsonBody(await readBody(req, this.#config.server.maxBodyBytes));
    const result = this.intake.submit(input, 'http');
    reply(res, 202, { id: result.id, duplicate: result.duplicate });
  }
}
