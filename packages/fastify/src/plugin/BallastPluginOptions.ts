import { Defaulted } from '@ballast/schema';
import type { Runtime, UserContext } from '@ballast/core';
import type { FastifyRequest } from 'fastify';
import Type, { type Static } from 'typebox';

/**
 * Options of the ballast fastify plugin, declared once: the type, the defaults and the checks
 * at registration come from this schema.
 */
export const BallastPluginOptionsSchema = Type.Object(
  {
    runtime: Type.Optional(
      Type.Unsafe<Runtime>({
        description:
          'The runtime whose clock deadlines are measured on (default: the process-wide default runtime)',
      }),
    ),
    deadlineHeader: Defaulted(
      Type.String({ pattern: '^[a-z0-9-]{1,64}$', description: 'a lower-case header name' }),
      'x-request-timeout-ms',
    ),
    maxDeadlineMs: Defaulted(Type.Integer({ minimum: 1, maximum: 3_600_000 }), 30_000),
    retryAfterSeconds: Defaulted(Type.Integer({ minimum: 1, maximum: 86_400 }), 1),
    strictBodies: Defaulted(Type.Boolean(), true),
    user: Type.Optional(
      Type.Unsafe<(request: FastifyRequest) => UserContext | undefined>({
        description:
          'The user a request is made for (targeting key and attributes), from the request as authenticated',
      }),
    ),
    onServerError: Type.Optional(
      Type.Unsafe<(error: unknown, request: FastifyRequest) => void>({
        description: 'Called with each error answered by a 500 (default: request.log.error)',
      }),
    ),
  },
  { additionalProperties: false },
);

/**
 * Options of {@link ballast}.
 *
 * - `runtime`: whose clock measures deadlines. @default the default runtime
 * - `deadlineHeader`: header carrying the caller's remaining time budget in whole
 *   milliseconds. @default 'x-request-timeout-ms'
 * - `maxDeadlineMs`: the budget when the header is absent, and its cap. @default 30000
 * - `retryAfterSeconds`: `Retry-After` for a rejection without its own `retryAfterMs` (a full
 *   bulkhead, a breaker forced open). @default 1
 * - `strictBodies`: bodies only as `application/json` (415 otherwise) and only valid UTF-8
 *   (400 otherwise). @default true
 * - `user`: the call context's user, from the request (called after `onRequest` and
 *   `preValidation` hooks, so authenticate there). @default none
 * - `onServerError`: sees each error answered with a 500. @default `request.log.error`
 */
export type BallastPluginOptions = Static<typeof BallastPluginOptionsSchema>;
