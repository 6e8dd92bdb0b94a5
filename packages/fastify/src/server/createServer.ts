import { parseConfig } from '@ballast/schema';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type RawServerDefault,
} from 'fastify';
import { ballast } from '../plugin/ballast.js';
import { PROBLEM_MEDIA_TYPE } from '../problem/Problem.js';
import { problemOf } from '../problem/problemOf.js';
import { answerClientError } from './answerClientError.js';
import { capConnectionsPerClient } from './capConnectionsPerClient.js';
import { type ServerOptions, ServerOptionsSchema } from './ServerOptions.js';
import { typeboxValidatorCompiler } from './typeboxValidatorCompiler.js';

/** A fastify instance typed for TypeBox route schemas. */
export type BallastServer = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

const API_HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** The caller's `X-Request-Id` when it is short and plain (it lands in logs), else a new UUID. */
function requestIdOf(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * A fastify server with the limits every ballast server runs with (see {@link ServerOptions}
 * and docs/operations.md): header, request and keep-alive timeouts checked every second, a cap
 * on connections and on connections per client, 64 KiB JSON-only UTF-8 bodies, `trustProxy`
 * off, TypeBox validation, request ids from a plain `X-Request-Id` or a UUID,
 * `Cache-Control: no-store` and `X-Content-Type-Options: nosniff` on every answer, problem+json
 * for paths fastify cannot route, and the {@link ballast} plugin registered. Listen with `app.listen({ port, host })`.
 *
 * @example
 * ```ts
 * const app = await createServer({ trustProxy: ['10.0.0.0/8'], ballast: { runtime } });
 * app.get('/healthz', () => ({ ok: true }));
 * await app.listen({ port: 8080, host: '127.0.0.1' });
 * ```
 * @throws ConfigError for bad options.
 */
export async function createServer(
  options: ServerOptions = {} as ServerOptions,
): Promise<BallastServer> {
  const resolved = parseConfig(ServerOptionsSchema, options, 'createServer options');
  const app = Fastify({
    http: {
      headersTimeout: resolved.headersTimeoutMs,
      connectionsCheckingInterval: resolved.connectionsCheckingIntervalMs,
    },
    requestTimeout: resolved.requestTimeoutMs,
    keepAliveTimeout: resolved.keepAliveTimeoutMs,
    bodyLimit: resolved.bodyLimit,
    trustProxy: Array.isArray(resolved.trustProxy) ? [...resolved.trustProxy] : resolved.trustProxy,
    genReqId: requestIdOf,
    clientErrorHandler: answerClientError,
    // A path fastify cannot route (bad percent-encoding, an overlong parameter) is refused
    // before any route, hook or error handler: answer it as problem+json here.
    frameworkErrors: (error, request, reply) => {
      const { status, problem } = problemOf(error, request.id, 1);
      void (reply as FastifyReply)
        .code(status)
        .headers(API_HEADERS)
        .type(PROBLEM_MEDIA_TYPE)
        .send(problem);
    },
    logger: false,
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.server.maxConnections = resolved.maxConnections;
  capConnectionsPerClient(app.server, resolved.maxConnectionsPerClient, resolved.trustProxy);
  app.setValidatorCompiler(typeboxValidatorCompiler);
  // Every answer is API data, often a user's: no cache keeps it, no browser sniffs it.
  app.addHook('onRequest', async (_request, reply) => {
    void reply.headers(API_HEADERS);
  });
  await app.register(ballast, resolved.ballast ?? {});
  return app;
}
