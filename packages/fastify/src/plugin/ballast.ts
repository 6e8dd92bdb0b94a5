import { parseConfig } from '@ballast/schema';
import { type CallContext, defaultRuntime, runInContext } from '@ballast/core';
import type { FastifyPluginCallback, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { type BallastPluginOptions, BallastPluginOptionsSchema } from './BallastPluginOptions.js';
import { budgetOf } from './deadlineOf.js';
import { useStrictJsonBodies } from './strictJsonParser.js';
import { useProblemReplies } from './useProblemReplies.js';

/** What a request's call context starts from, taken when it arrives. */
interface Arrival {
  /** Absolute deadline, runtime clock ms. */
  readonly deadline: number;
  /** Aborted when the client goes away before its reply is sent. */
  readonly cancel: AbortController;
}

const arrivals = new WeakMap<FastifyRequest, Arrival>();

const plugin: FastifyPluginCallback<BallastPluginOptions> = (app, options, done) => {
  const {
    runtime,
    deadlineHeader,
    maxDeadlineMs,
    retryAfterSeconds,
    strictBodies,
    user,
    onServerError,
  } = parseConfig(BallastPluginOptionsSchema, options, '@ballast/fastify options');
  const clock = (runtime ?? defaultRuntime()).clock;
  if (strictBodies) useStrictJsonBodies(app);

  // The budget runs from arrival, so body reading and auth hooks spend it too.
  app.addHook('onRequest', (request, reply, next) => {
    try {
      const deadline = clock.now() + budgetOf(request, deadlineHeader, maxDeadlineMs);
      const cancel = new AbortController();
      // A client that hangs up cancels what its request still runs (no retry for nobody).
      reply.raw.once('close', () => {
        if (!reply.raw.writableFinished)
          cancel.abort(new Error('the client closed the connection'));
      });
      arrivals.set(request, { deadline, cancel });
      next();
    } catch (error) {
      next(error as Error);
    }
  });
  // Entered last before the handler: body parsing runs on the socket's async context, which
  // would drop a context entered earlier (and the user is known only once auth hooks ran).
  app.addHook('preHandler', (request, _reply, next) => {
    const { deadline, cancel } = arrivals.get(request)!;
    const context: CallContext = {
      requestId: String(request.id), // a custom genReqId may answer a number
      deadline,
      signal: cancel.signal,
      ...optionalUser(user?.(request)),
    };
    runInContext(context, next);
  });

  useProblemReplies(app, { retryAfterSeconds, onServerError });
  done();
};

function optionalUser(value: CallContext['user']): Pick<CallContext, 'user'> {
  return value === undefined ? {} : { user: value };
}

/**
 * The ballast fastify plugin. Each request's handler runs in a ballast call context: the
 * request id, a deadline (the caller's `x-request-timeout-ms` budget, capped, else the cap),
 * a signal that aborts when the client hangs up, and the user your `user` hook reads from the
 * authenticated request — so `@Timeout` shrinks to what is left, calls still pending for a
 * gone client end with `CancelledError` (499), flags target the user and logs carry the id. Errors become RFC 9457
 * `application/problem+json` replies with the error's code: the HTTP status its class declares
 * (`CIRCUIT_OPEN`/`BULKHEAD_FULL` → 503, `RATE_LIMITED` → 429, both with `Retry-After`;
 * `TIMEOUT` → 504; a failed schema → 400 naming each field), anything undeclared a bare 500.
 * A routed path asked with another method is 405 with `Allow` (`OPTIONS` there: 204 with
 * `Allow`), an unrouted one 404. Bodies are JSON in UTF-8 without a content coding only (415)
 * and valid UTF-8 only (400).
 *
 * @example
 * ```ts
 * import Fastify from 'fastify';
 * import { ballast } from '@ballast/fastify';
 *
 * const app = Fastify();
 * await app.register(ballast, { runtime, user: (request) => ({ key: String(request.headers['x-user']) }) });
 * app.get('/quote', () => payments.quote()); // an open breaker answers 503 + Retry-After
 * ```
 */
export const ballast = fp(plugin, { fastify: '5.x', name: '@ballast/fastify' });
