import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Fault } from './Fault.js';

const DEFAULT_BODY = '{"ok":true}';
const GARBAGE = 'HTTP/1.1 ??? not-http\r\n\u0000\u0001garbage\r\n\r\n';

/** Timers the server owns, so `close()` can clear them. */
export interface TimerSet {
  add(timer: ReturnType<typeof setTimeout>): void;
  delete(timer: ReturnType<typeof setTimeout>): void;
}

function slowBody(res: ServerResponse, chunks: number, intervalMs: number, timers: TimerSet): void {
  const chunk = 'x'.repeat(16);
  res.writeHead(200, {
    'content-type': 'text/plain',
    'content-length': String(chunk.length * chunks),
  });
  res.flushHeaders();
  let sent = 0;
  const tick = (): void => {
    timers.delete(timer);
    if (res.destroyed) return;
    sent++;
    if (sent === chunks) {
      res.end(chunk);
      return;
    }
    res.write(chunk);
    timer = setTimeout(tick, intervalMs);
    timers.add(timer);
  };
  let timer = setTimeout(tick, intervalMs);
  timers.add(timer);
}

/** Carries out `fault` on one request whose body has been read. */
export function performFault(
  fault: Fault,
  req: IncomingMessage,
  res: ServerResponse,
  timers: TimerSet,
): void {
  switch (fault.kind) {
    case 'respond': {
      const body = fault.body ?? DEFAULT_BODY;
      res.writeHead(fault.status ?? 200, { 'content-type': 'application/json', ...fault.headers });
      res.end(body);
      return;
    }
    case 'throttle':
      res.writeHead(fault.status ?? 429, {
        'retry-after': String(fault.retryAfter),
        'content-type': 'text/plain',
      });
      res.end('slow down');
      return;
    case 'hang':
      return;
    case 'slowBody':
      slowBody(res, fault.chunks ?? 4, fault.intervalMs ?? 1000, timers);
      return;
    case 'truncate':
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '64' });
      res.write('truncated', () => req.socket.destroy());
      return;
    case 'reset':
      req.socket.destroy();
      return;
    case 'garbage':
      req.socket.end(GARBAGE);
      return;
  }
}
