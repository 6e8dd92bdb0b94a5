import type { Runtime } from '@ballast/core';
import { type BallastServer, createServer, limitsOf } from '@ballast/fastify';
import type { LogWriter } from '@ballast/safe-log';
import type { ApiKeyRegistry } from '../auth/ApiKeyRegistry.js';
import type { NotesConfig } from '../config/NotesConfig.js';
import type { NotesService } from '../services/NotesService.js';
import { authenticate } from './authenticate.js';
import { notesRoutes } from './NotesRoutes.js';

/** What the notes server is built from. */
export interface NotesServerParts {
  readonly config: NotesConfig;
  readonly runtime: Runtime;
  readonly notes: NotesService;
  readonly keys: ApiKeyRegistry;
  readonly logger: LogWriter;
}

/**
 * The HTTP front of the notes service, on `@ballast/fastify`: its limits, problem+json errors,
 * and a call context per request carrying the request id (log lines), the deadline and the user
 * (flags, per-user breakers). Every route but `/healthz` needs the user's API key.
 */
export async function createNotesServer(parts: NotesServerParts): Promise<BallastServer> {
  const { config, runtime, notes, keys, logger } = parts;
  const app = await createServer({
    ...limitsOf(config),
    ballast: {
      runtime,
      user: (request) => (request.userId === '' ? undefined : { key: request.userId }),
      onServerError: (error, request) =>
        logger.log('error', 'notes request failed', {
          requestId: request.id,
          method: request.method,
          url: request.url,
          error,
        }),
    },
  });
  app.decorateRequest('userId', '');
  app.addHook('onRequest', authenticate(keys, runtime.clock, config.auth));
  notesRoutes(app, notes, config.maxTextChars);
  return app;
}
