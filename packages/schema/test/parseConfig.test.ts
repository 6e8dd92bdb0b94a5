import { describe, expect, it } from '@jest/globals';
import Type from 'typebox';
import { Defaulted } from '../src/Defaulted.js';
import { parseConfig } from '../src/parseConfig.js';

const Channel = Type.Object(
  {
    name: Type.String({ pattern: '^[a-z]+$', description: 'lower-case letters' }),
    secret: Type.Optional(Type.String({ minLength: 20 })),
    retries: Defaulted(Type.Integer({ minimum: 0, maximum: 10 }), 3),
  },
  { additionalProperties: false },
);
const Config = Type.Object(
  {
    port: Defaulted(Type.Integer({ minimum: 0, maximum: 65_535 }), 8787),
    level: Defaulted(Type.Enum(['info', 'debug']), 'info'),
    schedule: Type.Optional(
      Type.Union([Type.Array(Type.Integer()), Type.Object({ baseMs: Type.Integer() })], {
        description: 'a list of waits or { baseMs }',
      }),
    ),
    channels: Defaulted(Type.Array(Channel), []),
  },
  { additionalProperties: false },
);

describe('parseConfig', () => {
  it('fills in defaults, nested ones included, without touching the input', () => {
    const input = { channels: [{ name: 'ops' }] };
    const config = parseConfig(Config, input, 'test config');
    expect(config).toEqual({ port: 8787, level: 'info', channels: [{ name: 'ops', retries: 3 }] });
    expect(input).toEqual({ channels: [{ name: 'ops' }] });
    expect(parseConfig(Config, undefined, 'test config').port).toBe(8787);
  });

  it('keeps instances given as options as they are', () => {
    class Engine {}
    const engine = new Engine();
    const schema = Type.Object({ engine: Type.Unsafe<Engine>({}) });
    expect(parseConfig(schema, { engine }, 'x').engine).toBe(engine);
  });

  it('keeps plain objects the schema leaves opaque by identity (an action with its own state)', () => {
    const action = { name: 'x', calls: [] as string[], params: Type.Object({}) };
    const schema = Type.Object({
      actions: Defaulted(Type.Array(Type.Unsafe<typeof action>({})), []),
    });
    expect(parseConfig(schema, { actions: [action] }, 'x').actions[0]).toBe(action);
  });

  it('fills defaults into a copy of frozen input (regression: a frozen flag definition read again threw)', () => {
    // structuredClone makes its objects in another realm under Jest, as a flag store's copy is.
    const clone = structuredClone({ channels: [{ name: 'ops' }] });
    const frozen = Object.freeze({ channels: Object.freeze([Object.freeze(clone.channels[0]!)]) });
    expect(parseConfig(Config, frozen, 'x').channels[0]).toEqual({ name: 'ops', retries: 3 });
  });

  it('names every field at fault and what is allowed, in one ConfigError', () => {
    expect(() =>
      parseConfig(
        Config,
        {
          port: 70_000,
          level: 'loud',
          schedule: 'often',
          colour: 1,
          channels: [{ name: 'Ops!', retries: 1.5 }, {}],
        },
        'test config',
      ),
    ).toThrow(
      'test config: "colour" is not a known field (allowed: port, level, schedule, channels); "port" must be <= 65535; ' +
        '"level" must be one of "info", "debug"; "schedule" must be a list of waits or { baseMs }; ' +
        '"channels[0].name" must be lower-case letters',
    );
  });

  it('never repeats the value it was given', () => {
    const secret = 'whsec_TOPSECRET_0123456789';
    let message = '';
    try {
      parseConfig(
        Config,
        { channels: [{ name: secret, secret: secret.slice(0, 10) }] },
        'test config',
      );
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('channels[0].name');
    expect(message).not.toContain('TOPSECRET');
  });
});
