import { describe, expect, it } from '@jest/globals';
import { parseDemoArgs } from './parseDemoArgs.js';

describe('parseDemoArgs', () => {
  it('runs until Ctrl-C on a free admin port in a temporary folder when given nothing', () => {
    expect(parseDemoArgs([])).toEqual({
      duration: undefined,
      adminPort: 0,
      dataDir: undefined,
      traces: undefined,
      redis: undefined,
      instances: 3,
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
      redis: undefined,
      instances: 3,
      help: false,
    });
  });

  it('reads the fleet mode: --redis URL and --instances N', () => {
    expect(
      parseDemoArgs(['--redis', 'redis://127.0.0.1:6379', '--instances=4', '--duration', '10']),
    ).toMatchObject({ redis: 'redis://127.0.0.1:6379', instances: 4, duration: 10 });
  });

  it('refuses a fleet mode that cannot run, without echoing the Redis URL', () => {
    const withPassword = 'http://user:s3cret@redis.internal:6379';
    expect(() => parseDemoArgs(['--redis', withPassword])).toThrow(
      expect.objectContaining({
        code: 'BALLAST_ERR_CONFIG',
        message: '--redis needs a redis:// or rediss:// URL.',
      }),
    );
    expect(() => parseDemoArgs(['--instances', '3'])).toThrow('--instances needs --redis URL');
    expect(() => parseDemoArgs(['--redis', 'redis://h', '--instances', '17'])).toThrow(
      '--instances must be an integer from 1 to 16',
    );
    expect(() => parseDemoArgs(['--redis', 'redis://h', '--traces', 'x.jsonl'])).toThrow(
      '--admin-port, --data-dir and --traces belong to the one-process demo',
    );
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
