import { resolve } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { readClusterOptions } from './ClusterOptions.js';

describe('readClusterOptions', () => {
  it('fills in defaults and resolves the script path', () => {
    const settings = readClusterOptions({ script: 'app.mjs', workers: 2 });
    expect(settings).toMatchObject({
      script: resolve('app.mjs'),
      workers: 2,
      args: [],
      readyOn: 'listening',
      restartBackoff: { initialMs: 500, maxMs: 30_000, multiplier: 2 },
      stableAfterMs: 30_000,
      readyTimeoutMs: 30_000,
      shutdownTimeoutMs: 10_000,
      handleSignals: true,
    });
    expect(settings.metrics).toBeUndefined();
    expect(readClusterOptions({ script: 'a.js', metrics: { port: 0 } }).metrics).toEqual({
      port: 0,
      host: '127.0.0.1',
    });
  });

  it('rejects bad options with a ConfigError naming the option', () => {
    const cases: [object, RegExp][] = [
      [{}, /"script" is required/],
      [{ script: 'a.js', workers: 0 }, /"workers" must be >= 1/],
      [{ script: 'a.js', worker: 2 }, /"worker" is not a known field/],
      [{ script: 'a.js', args: ['ok', 3] }, /"args\[1\]" must be a string/],
      [{ script: 'a.js', env: { PORT: 3000 } }, /"env.PORT" must be a string/],
      [{ script: 'a.js', metrics: { port: 70_000 } }, /"metrics.port" must be <= 65535/],
      [
        { script: 'a.js', restartBackoff: { initialMs: 1_000, maxMs: 10 } },
        /"restartBackoff" maxMs must be at least initialMs/,
      ],
      [{ script: 'a.js', readyOn: 'ready' }, /"readyOn" must be one of "listening", "online"/],
    ];
    for (const [options, message] of cases) {
      expect(() => readClusterOptions(options as never)).toThrow(message);
    }
  });
});
