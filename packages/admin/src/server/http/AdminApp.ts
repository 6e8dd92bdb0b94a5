import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyBaseLogger, FastifyInstance, RawServerDefault } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Type from 'typebox';

/** The admin API's fastify scope, typed for its TypeBox route schemas. */
export type AdminApp = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** Who makes a change, in bodies that make one (else `X-Ballast-Actor`, else `admin-api`). */
export const Actor = Type.Optional(Type.String({ minLength: 1, maxLength: 100 }));
