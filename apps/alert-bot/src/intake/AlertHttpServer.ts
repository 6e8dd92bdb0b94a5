import type { Runtime } from '@ballast/core';
import { type BallastServer, createServer, useStrictJsonBodies } from '@ballast/fastify';
import type { LogWriter } from '@ballast/safe-log';
import { issuesOf, type SchemaError } from '@ballast/schema';
import { inject, injectable } from 'inversify';
import Type from 'typebox';
import { AlertInputSchema } from '../alerts/AlertInput.js';
import { TOKENS } from '../app/tokens.js';
import type { AlertBotConfig } from '../config/AlertBotConfig.js';
import { InvalidAlertError } from '../errors/alertBotErrors.js';
import type { AlertBotMetrics } from '../metrics/AlertBotMetrics.js';
import type { Outbox } from '../outbox/Outbox.js';
import { AlertIntake } from './AlertIntake.js';
import { LoopbackReceiver } from './LoopbackReceiver.js';
import { requireToken } from './requireToken.js';

const Accepted = Type.Object({ id: Type.String(), duplicate: Type.Boolean() });

/** How long `close()` lets requests in progress finish before it cuts their connections. */
const CLOSE_GRACE_MS = 1_000;

/**
 * The HTTP face of the bot on `@ballast/fastify`: `POST /alerts` (202 once the alert is in the
 * outbox; 400 `ALERT_INVALID` naming each bad field), `GET /status` (queue depths),
 * `GET /metrics` (Prometheus), `GET /healthz`, and the loopback receiver. With `server.token`
 * every route but `/healthz` and the receiver needs it. Errors are problem+json.
 */
@injectable()
export class AlertHttpServer {
  #app: BallastServer | undefined;

  constructor(
    @inject(TOKENS.config) private readonly config: AlertBotConfig,
    @inject(AlertIntake) private readonly intake: AlertIntake,
    @inject(LoopbackReceiver) private readonly receiver: LoopbackReceiver,
    @inject(TOKENS.outbox) private readonly outbox: Outbox,
    @inject(TOKENS.metrics) private readonly metrics: AlertBotMetrics,
    @inject(TOKENS.runtime) private readonly runtime: Runtime,
    @inject(TOKENS.logger) private readonly logger: LogWriter,
  ) {}

  /** `http://host:port` once listening. */
  get url(): string {
    const address = this.#app!.server.address() as {
      address: string;
      family: string;
      port: number;
    };
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${host}:${address.port}`;
  }

  /** Builds the routes and starts listening on the configured host and port. */
  async listen(): Promise<void> {
    const { host, port, token, ...limits } = this.config.server;
    const app = await createServer({
      ...limits,
      ballast: {
        runtime: this.runtime,
        onServerError: (error, request) =>
          this.logger.log('error', 'alert-bot: request failed', { path: request.url, error }),
      },
    });
    this.#app = app;
    const receiverPath = this.config.receiver.path;
    if (token !== undefined)
      app.addHook(
        'onRequest',
        requireToken(token, this.runtime.clock, new Set(['/healthz', receiverPath])),
      );
    app.post(
      '/alerts',
      {
        schema: { body: AlertInputSchema, response: { 202: Accepted } },
        // The app's own code for a bad alert, as `alert-bot send` reports it.
        schemaErrorFormatter: (errors) =>
          new InvalidAlertError(issuesOf(errors as SchemaError[], AlertInputSchema)),
      },
      async (request, reply) => {
        const { id, duplicate } = this.intake.submit(request.body, 'http');
        return reply.code(202).send({ id, duplicate });
      },
    );
    app.get('/status', () => this.outbox.status(this.runtime.clock.now()));
    app.get('/metrics', async (_request, reply) => {
      const { registry } = this.metrics;
      return reply.header('content-type', registry.contentType).send(await registry.metrics());
    });
    app.get('/healthz', () => ({ ok: true }));
    if (this.config.receiver.enabled) {
      await app.register(async (scope) => {
        // Signatures are over the exact bytes sent: this route keeps the (UTF-8 checked) text.
        useStrictJsonBodies(scope, { parse: false });
        scope.post(receiverPath, async (request) => {
          this.receiver.receive(request.headers, request.body as string);
          return { ok: true };
        });
      });
    }
    await app.listen({ port, host });
  }

  /**
   * Stops accepting connections and lets requests in progress finish for up to a second; then
   * cuts what is left (a client still trickling a body, as after a 413), so shutdown never
   * waits on a client.
   */
  async close(): Promise<void> {
    const app = this.#app;
    if (app === undefined) return;
    const cut = setTimeout(() => app.server.closeAllConnections(), CLOSE_GRACE_MS);
    try {
      await app.close();
    } finally {
      clearTimeout(cut);
    }
  }
}
