import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runInContext } from '@ballast/core';
import type { LogWriter } from '@ballast/safe-log';
import type { ApiKeyRegistry } from '../auth/ApiKeyRegistry.js';
import { NotesAuthError } from '../errors/notesErrors.js';
import { errorReply } from './ErrorReply.js';
import type { NotesRoutes } from './NotesRoutes.js';
import { READ_SCOPE, type ReadScope } from './ReadScope.js';
import { sendJson } from './sendJson.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
const BEARER = /^Bearer[ ]+(\S+)$/i;

/** Dependencies of {@link NotesHttpServer}. */
export interface NotesHttpServerOptions {
  readonly routes: NotesRoutes;
  readonly keys: ApiKeyRegistry;
  readonly logger: LogWriter;
}

/**
 * The HTTP front of the notes service (`node:http`, no framework). Authenticates every request
 * but `/healthz` by API key (`Authorization: Bearer <key>` or `X-Api-Key`), then runs it in a
 * call context carrying the request id (log lines), the user (flags) and the request's read
 * scope (stale-read marking).
 */
export class NotesHttpServer {
  readonly #server: Server;
  readonly #options: NotesHttpServerOptions;

  constructor(options: NotesHttpServerOptions) {
    this.#options = options;
    this.#server = createServer((request, response) => void this.#handle(request, response));
    this.#server.requestTimeout = 30_000;
    this.#server.headersTimeout = 10_000;
  }

  /** Starts listening; resolves with the bound address (port 0 picks a free port). */
  listen(port: number, host: string): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, host, () => {
        this.#server.off('error', reject);
        resolve(this.#server.address() as AddressInfo);
      });
    });
  }

  /** Stops accepting connections, ends idle keep-alive ones, waits for requests in flight. */
  close(): Promise<void> {
    if (!this.#server.listening) return Promise.resolve();
    return new Promise((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeIdleConnections();
    });
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const header = request.headers['x-request-id'];
    const requestId = typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
    response.setHeader('x-request-id', requestId);
    try {
      const url = new URL(request.url ?? '/', 'http://notes.local');
      if (url.pathname === '/healthz') {
        sendJson(response, 200, { status: 'ok' });
        return;
      }
      const userId = this.#authenticate(request);
      const scope: ReadScope = { stale: false };
      const context = { requestId, user: { key: userId }, [READ_SCOPE]: scope };
      await runInContext(context, () =>
        this.#options.routes.handle({ request, response, url, userId, scope }),
      );
    } catch (error) {
      this.#fail(response, error, requestId, request);
    }
  }

  #authenticate(request: IncomingMessage): string {
    const authorization = request.headers.authorization;
    const apiKey = request.headers['x-api-key'];
    const key =
      authorization !== undefined
        ? BEARER.exec(authorization)?.[1]
        : typeof apiKey === 'string'
          ? apiKey
          : undefined;
    const userId = key === undefined ? undefined : this.#options.keys.authenticate(key);
    if (userId === undefined) throw new NotesAuthError();
    return userId;
  }

  #fail(
    response: ServerResponse,
    error: unknown,
    requestId: string,
    request: IncomingMessage,
  ): void {
    const reply = errorReply(error, requestId);
    if (reply.status === 500) {
      this.#options.logger.log('error', 'notes request failed', {
        requestId,
        method: request.method,
        url: request.url,
        error,
      });
    }
    if (response.headersSent) {
      response.destroy();
      return;
    }
    sendJson(response, reply.status, reply.body, reply.headers);
  }
}
