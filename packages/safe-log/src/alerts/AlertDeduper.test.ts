import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { PassThrough, Writable } from 'node:stream';
import { AlertDeduper } from './AlertDeduper.js';
import type { Alert, AlertSink } from './AlertSink.js';
import { ConsoleAlertSink } from './ConsoleAlertSink.js';
import { errorFingerprint } from './errorFingerprint.js';
import { MemoryAlertSink } from './MemoryAlertSink.js';

const timeout = {
  source: 'Payments.quote',
  message: 'timed out after 2000 ms',
  errorName: 'TimeoutError',
  code: 'BALLAST_ERR_TIMEOUT',
};

beforeEach(() => {
  jest.useFakeTimers({ now: Date.UTC(2026, 0, 1) });
});

afterEach(() => {
  jest.useRealTimers();
});

describe('AlertDeduper', () => {
  it('sends the first occurrence at once and the repeats of a window as one alert with a count', async () => {
    const sink = new MemoryAlertSink();
    const alerts = new AlertDeduper({ sink, windowMs: 60_000 });
    for (let i = 0; i < 50; i++) alerts.report(timeout);
    expect(sink.alerts.map((a) => a.count)).toEqual([1]);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(sink.alerts.map((a) => a.count)).toEqual([1, 49]);
    expect(sink.alerts[1]).toMatchObject({
      fingerprint: sink.alerts[0]!.fingerprint,
      code: 'BALLAST_ERR_TIMEOUT',
    });
    await jest.advanceTimersByTimeAsync(60_000); // a quiet window closes without an alert
    alerts.report(timeout);
    expect(sink.alerts.map((a) => a.count)).toEqual([1, 49, 1]);
    alerts.close();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('treats messages differing only in numbers and ids as the same error', () => {
    const a = errorFingerprint({
      source: 's',
      message: 'user 17 not found (req 9f8e7d6c-1111-2222-3333-444455556666)',
    });
    const b = errorFingerprint({
      source: 's',
      message: 'user 42 not found (req 0a0b0c0d-aaaa-bbbb-cccc-ddddeeeeffff)',
    });
    const c = errorFingerprint({ source: 's', message: 'order 42 not found' });
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it('caps alerts per window over all fingerprints and folds the excess into later counts', async () => {
    const sink = new MemoryAlertSink();
    const alerts = new AlertDeduper({ sink, windowMs: 1_000, maxAlertsPerWindow: 2 });
    alerts.report({ source: 'a', message: 'one' });
    alerts.report({ source: 'b', message: 'two' });
    alerts.report({ source: 'c', message: 'three' });
    expect(sink.alerts.map((a) => a.source)).toEqual(['a', 'b']);
    expect(alerts.statistics.rateLimited).toBe(1);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(sink.alerts.map((a) => `${a.source}:${a.count}`)).toEqual(['a:1', 'b:1', 'c:1']);
    alerts.close();
  });

  it('bounds the fingerprints it tracks', () => {
    const sink = new MemoryAlertSink();
    const alerts = new AlertDeduper({ sink, maxFingerprints: 3 });
    for (let i = 0; i < 10; i++) alerts.report({ source: `s${i}`, message: 'x' });
    expect(sink.alerts).toHaveLength(3);
    expect(alerts.statistics.dropped).toBe(7);
    alerts.close();
  });

  it('counts failing sinks, sync or async, without throwing', async () => {
    const throwing: AlertSink = {
      send() {
        throw new Error('chat down');
      },
    };
    const rejecting: AlertSink = { send: () => Promise.reject(new Error('429')) };
    const a = new AlertDeduper({ sink: throwing });
    const b = new AlertDeduper({ sink: rejecting });
    expect(() => a.report(timeout)).not.toThrow();
    b.report(timeout);
    await jest.advanceTimersByTimeAsync(0);
    expect(a.statistics.sinkErrors).toBe(1);
    expect(b.statistics.sinkErrors).toBe(1);
    a.close();
    b.close();
  });

  it('sends pending counts on close', () => {
    const sink = new MemoryAlertSink();
    const alerts = new AlertDeduper({ sink });
    alerts.report(timeout);
    alerts.report(timeout);
    alerts.close();
    alerts.report(timeout);
    expect(sink.alerts.map((a) => a.count)).toEqual([1, 1]);
  });

  it('rejects a missing sink', () => {
    expect(() => new AlertDeduper({} as never)).toThrow(/option "sink"/);
  });
});

describe('alert sinks', () => {
  it('ConsoleAlertSink writes one ALERT JSON line per alert', () => {
    const stream = new PassThrough();
    const alert: Alert = {
      fingerprint: 'f',
      message: 'm',
      source: 's',
      errorName: undefined,
      code: undefined,
      count: 2,
      firstSeen: 1,
      lastSeen: 2,
    };
    new ConsoleAlertSink(stream).send(alert);
    expect(String(stream.read())).toBe(`ALERT ${JSON.stringify(alert)}\n`);
  });

  it('ConsoleAlertSink counts a stream that fails asynchronously instead of crashing the process', async () => {
    // A closed pipe: the write fails later and the stream emits 'error' (no listener: a crash).
    const stream = new Writable({
      write: (_chunk, _encoding, callback) => callback(new Error('write EPIPE')),
    });
    const alerts = new AlertDeduper({ sink: new ConsoleAlertSink(stream) });
    alerts.report(timeout);
    await jest.advanceTimersByTimeAsync(0);
    alerts.report({ ...timeout, source: 'Payments.refund' }); // the stream is destroyed now
    await jest.advanceTimersByTimeAsync(0);
    expect(alerts.statistics).toMatchObject({ reported: 2, sinkErrors: 2 });
    alerts.close();
  });

  it('MemoryAlertSink keeps only the newest alerts', () => {
    const sink = new MemoryAlertSink(2);
    for (let i = 1; i <= 3; i++)
      sink.send({
        fingerprint: String(i),
        message: '',
        source: '',
        errorName: undefined,
        code: undefined,
        count: 1,
        firstSeen: 0,
        lastSeen: 0,
      });
    expect(sink.alerts.map((a) => a.fingerprint)).toEqual(['2', '3']);
    sink.clear();
    expect(sink.alerts).toEqual([]);
  });
});
