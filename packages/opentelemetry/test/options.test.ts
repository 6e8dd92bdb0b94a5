import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { ConfigError, createRuntime, protect, type Runtime } from '@ballast/core';
import { readFileSync } from 'node:fs';
import { INSTRUMENTATION_SCOPE, instrumentRuntime } from '../src/index.js';

let runtime: Runtime;

beforeEach(() => {
  runtime = createRuntime();
});

afterEach(() => runtime.dispose());

describe('instrumentRuntime options', () => {
  it.each([
    [
      { tracing: 'span' },
      'option "tracing" must be one of spans, events (got a string of 4 characters)',
    ],
    [{ tracing: true }, 'option "tracing" must be one of spans, events (got true)'],
    [{ tracerProvider: {} }, 'option "tracerProvider" must be an object with getTracer()'],
    [{ meterProvider: 'global' }, 'option "meterProvider" must be an object with getMeter()'],
    [{ metrics: 'yes' }, 'option "metrics" must be true or false'],
    [{ exporter: 'otlp' }, 'unknown option "exporter"'],
  ])('refuses %j with a ConfigError saying what is allowed', (options, message) => {
    expect(() => instrumentRuntime(runtime, options as never)).toThrow(ConfigError);
    expect(() => instrumentRuntime(runtime, options as never)).toThrow(message);
  });

  it('refuses to instrument a runtime twice', () => {
    instrumentRuntime(runtime);
    expect(() => instrumentRuntime(runtime)).toThrow(/already instrumented/);
  });

  it('reports the methods woven before it, which it cannot trace', () => {
    protect(async () => 1, [], { runtime, name: 'early' });
    expect(instrumentRuntime(runtime).missedChains).toBe(1);
  });

  it('names its instrumentation scope after the package and its version', () => {
    const manifest = JSON.parse(
      readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
    ) as { name: string; version: string };
    expect(INSTRUMENTATION_SCOPE).toEqual({ name: manifest.name, version: manifest.version });
  });
});
