import type { Runtime } from '@ballast/core';
import type { FastifyRequest } from 'fastify';
import '../adminEvents.js';

/** Emits `admin.action` for a change made through the API (no payload is built without a listener). */
export function publishAction(
  runtime: Runtime,
  request: FastifyRequest,
  actor: string,
  action: string,
  target: string,
): void {
  if (!runtime.events.has('admin.action')) return;
  runtime.events.emit('admin.action', {
    actor,
    action,
    target,
    client: request.ip,
    at: runtime.clock.now(),
  });
}
