import { describe, expect, it } from '@jest/globals';
import winston from 'winston';
import { captureTransport } from './captureTransport.js';
import { LogCapture } from './LogCapture.js';

describe('LogCapture', () => {
  it('collects records fed to it and filters them by level and message', () => {
    const logs = new LogCapture();
    logs.record({ level: 'info', message: 'started' });
    logs.record({ level: 'error', message: 'delivery failed', channel: 'slack' });
    expect(logs.atLevel('error')).toEqual([
      { level: 'error', message: 'delivery failed', channel: 'slack' },
    ]);
    expect(logs.withMessage('start')).toHaveLength(1);
    logs.clear();
    expect(logs.records).toEqual([]);
  });

  it('works as a winston transport and keeps only string-keyed fields', () => {
    const logs = new LogCapture();
    const logger = winston.createLogger({ level: 'debug', transports: [captureTransport(logs)] });
    logger.warn('queue deep', { depth: 12 });
    logger.close();
    expect(logs.records).toEqual([{ level: 'warn', message: 'queue deep', depth: 12 }]);
  });

  it('honours the transport level', () => {
    const logs = new LogCapture();
    const logger = winston.createLogger({
      level: 'debug',
      transports: [captureTransport(logs, { level: 'error' })],
    });
    logger.info('ignored');
    logger.error('kept');
    logger.close();
    expect(logs.records.map((r) => r.message)).toEqual(['kept']);
  });
});
