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
      metrics: undefined,
      restart: { initialMs: 500, maxMs: 30_000, multiplier: 2 },
      stableAfterMs: 30_000,
      readyTimeoutMs: 30_000,
      shutdownTimeoutMs: 10_000,
      handleSignals: true,
    });
    expect(readClusterOptions({ script: 'a.js', metrics: { port: 0 } }).metrics).toEqual({
      port: 0,
      host: '127.0.0.1',
    });
  });

  it('rejects bad options with a ConfigError naming the option', () => {
    const cases: [object, RegExp][] = [
      [{}, /option "script" must be the path of the worker script \(required\)/],
      [{ script: 'a.js', workers: 0 }, /option "workers" must be an integer >= 1/],
      [{ script: 'a.js', worker: 2 }, /unknown option "worker"/],
      [{ script: 'a.js', args: ['ok', 3] }, /option "args" must be an array of strings/],
      [{ script: 'a.js', env: { PORT: 3000 } }, /option "env" must be an object of string values/],
      [
        { script: 'a.js', metrics: { port: 70_000 } },
        /runCluster metrics: option "port" must be an integer/,
      ],
      [
        { script: 'a.js', restartBackoff: { initialMs: 1_000, maxMs: 10 } },
        /option "maxMs" must be a finite number >= 1000/,
      ],
      [{ script: 'a.js', readyOn: 'ready' }, /option "readyOn" must be one of listening, online/],
    ];
    for (const [options, message] of cases) {
      expect(() => readClusterOptions(options as never)).toThrow(message);
    }
  });
});
