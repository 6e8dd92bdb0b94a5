import TransportStream from 'winston-transport';
import type { LogCapture, LogRecord } from './LogCapture.js';

/** Options of {@link captureTransport}. */
export interface CaptureTransportOptions {
  /** Lowest level the transport accepts. @default every level */
  readonly level?: string;
}

/**
 * A winston transport that records into `logs`.
 *
 * @example
 * ```ts
 * const logs = new LogCapture();
 * const logger = winston.createLogger({ transports: [captureTransport(logs)] });
 * logger.error('delivery failed', { channel: 'slack' });
 * expect(logs.atLevel('error')[0]).toMatchObject({ message: 'delivery failed', channel: 'slack' });
 * ```
 */
export function captureTransport(
  logs: LogCapture,
  options: CaptureTransportOptions = {},
): TransportStream {
  return new TransportStream({
    ...(options.level === undefined ? {} : { level: options.level }),
    log: (info: LogRecord, next: () => void) => {
      logs.record(info);
      next();
    },
  });
}
