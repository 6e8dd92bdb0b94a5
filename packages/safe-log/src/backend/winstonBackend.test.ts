import { describe, expect, it } from '@jest/globals';
import winston from 'winston';
import type { LogEntry } from './LogBackend.js';
import { winstonBackend } from './winstonBackend.js';

const entry: LogEntry = {
  level: 'warn',
  time: Date.UTC(2026, 11, 1, 12, 0, 0, 250),
  message: 'Catalog.find slow',
  fields: { service: 'Catalog', durationMs: 1_250, level: 'not mine', message: 'nor this' },
};

describe('winstonBackend', () => {
  it('writes a JSON line: level and message first, the fields, then the time of the call', () => {
    const line = winstonBackend().format(entry)!;
    expect(line.endsWith('\n')).toBe(true);
    expect(line).toBe(
      '{"level":"warn","message":"Catalog.find slow","service":"Catalog","durationMs":1250,"timestamp":"2026-12-01T12:00:00.250Z"}\n',
    );
  });

  it('runs any winston format on the info object', () => {
    const backend = winstonBackend({
      format: winston.format.printf((info) => `${info.timestamp} ${info.level} ${info.message}`),
    });
    expect(backend.format(entry)).toBe('2026-12-01T12:00:00.250Z warn Catalog.find slow\n');
  });

  it('leaves out an entry its format filters', () => {
    const none = winston.format(() => false)();
    expect(winstonBackend({ format: none }).format(entry)).toBeUndefined();
  });

  it('writes the info as JSON when the format sets no message', () => {
    const line = winstonBackend({ format: winston.format.label({ label: 'api' }) }).format(entry)!;
    expect(JSON.parse(line)).toMatchObject({ level: 'warn', label: 'api', service: 'Catalog' });
  });

  it('refuses a misspelt option or a format that is not a winston format with a coded error', () => {
    const format = winston.format.printf((info) => String(info.message));
    for (const options of [{ fromat: format }, { format: 5 }, { format: () => 'line' }, null])
      expect(() => winstonBackend(options as never)).toThrow(
        expect.objectContaining({
          code: 'BALLAST_ERR_CONFIG',
          message: expect.stringMatching(/^winstonBackend: /),
        }),
      );
  });
});
