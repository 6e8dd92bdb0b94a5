import { describe, expect, it } from '@jest/globals';
import { parseDemoArgs } from './parseDemoArgs.js';

describe('parseDemoArgs', () => {
  it('runs until Ctrl-C on a free admin port in a temporary folder when given nothing', () => {
    expect(parseDemoArgs([])).toEqual({
      duration: undefined,
      adminPort: 0,
      dataDir: undefined,
      traces: undefined,
      help: false,
    });
  });

  it('reads --duration, --admin-port, --data-dir and --traces, with a space or an equals sign', () => {
    expect(
      parseDemoArgs([
        '--duration',
        '20',
        '--admin-port=9465',
        '--data-dir',
        '.data/demo',
        '--traces=spans.jsonl',
      ]),
    ).toEqual({
      duration: 20,
      adminPort: 9465,
      dataDir: '.data/demo',
      traces: 'spans.jsonl',
      help: false,
    });
  });

  it('refuses a duration too short for a breaker to open and close, naming the limit', () => {
    expect(() => parseDemoArgs(['--duration', '5'])).toThrow(
      '--duration must be an integer from 10 to 86400 (got "5")',
    );
  });

  it('refuses a missing or non-integer value with a coded configuration error', () => {
    expect(() => parseDemoArgs(['--duration'])).toThrow(
      expect.objectContaining({ code: 'BALLAST_ERR_CONFIG' }),
    );
    expect(() => parseDemoArgs(['--admin-port', '80.5'])).toThrow(
      '--admin-port must be an integer from 0 to 65535',
    );
  });

  it('refuses an unknown argument and shows the usage', () => {
    expect(() => parseDemoArgs(['--durations', '20'])).toThrow(
      /Unknown argument "--durations"[\s\S]*Usage: npm start/,
    );
  });
});
