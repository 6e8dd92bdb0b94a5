import { describe, expect, it } from '@jest/globals';
import { parseRunArgs } from './parseRunArgs.js';

describe('parseRunArgs', () => {
  it('reads options before the script and passes everything after it to the script', () => {
    expect(
      parseRunArgs(['--workers', '4', '--metrics-port=9464', 'app.js', '--port', '3000']),
    ).toEqual({
      script: 'app.js',
      args: ['--port', '3000'],
      workers: 4,
      metrics: { port: 9464, host: '127.0.0.1' },
    });
  });

  it('reads the metrics host, the ready event and the shutdown timeout', () => {
    expect(
      parseRunArgs([
        '--metrics-port',
        '0',
        '--metrics-host',
        '::1',
        '--ready',
        'online',
        '--shutdown-timeout',
        '2500',
        'w.mjs',
      ]),
    ).toEqual({
      script: 'w.mjs',
      args: [],
      metrics: { port: 0, host: '::1' },
      readyOn: 'online',
      shutdownTimeoutMs: 2500,
    });
  });

  it('answers help for --help', () => {
    expect(parseRunArgs(['--help'])).toBe('help');
  });

  it('rejects unknown options, missing values, bad numbers and a missing script with the usage', () => {
    expect(() => parseRunArgs(['--wrokers', '2', 'app.js'])).toThrow(
      /unknown option "--wrokers"[\s\S]*Usage: ballast run/,
    );
    expect(() => parseRunArgs(['--workers'])).toThrow(/--workers needs a value/);
    expect(() => parseRunArgs(['--workers', 'two', 'app.js'])).toThrow(
      /--workers must be a whole number \(got "two"\)/,
    );
    expect(() => parseRunArgs(['--ready', 'soon', 'app.js'])).toThrow(
      /--ready must be listening or online/,
    );
    expect(() => parseRunArgs(['--workers', '2'])).toThrow(
      expect.objectContaining({ code: 'BALLAST_ERR_CONFIG' }),
    );
  });
});
