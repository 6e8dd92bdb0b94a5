import type { IncomingMessage } from 'node:http';
import type { Runtime } from '@ballast/core';
import '../adminEvents.js';

/** Emits `admin.action` for a change made through the API (no payload is built without a listener). */
export function publishAction(
  runtime: Runtime,
  req: IncomingMessage,
  actor: string,
  action: string,
  target: string,
): void {
  if (!runtime.events.has('admin.action')) return;
  runtime.events.emit('admin.action', {
    actor,
    action,
    target,
    client: req.socket.remoteAddress ?? 'unknown',
    at: runtime.clock.now(),
  });
}
