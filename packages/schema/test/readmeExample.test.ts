import { describe, expect, it } from '@jest/globals';
import { ConfigError } from '@ballast/core';
import Type from 'typebox';
import { Defaulted, parseConfig } from '../src/index.js';

describe('the README example', () => {
  const Config = Type.Object(
    {
      port: Defaulted(Type.Integer({ minimum: 0, maximum: 65_535 }), 8080),
      token: Type.String({ minLength: 16, description: 'at least 16 characters' }),
    },
    { additionalProperties: false },
  );

  it('fills in defaults and names each bad field without its value', () => {
    expect(parseConfig(Config, { token: 'a-long-enough-token' }, 'my config')).toEqual({
      token: 'a-long-enough-token',
      port: 8080,
    });
    expect(() =>
      parseConfig(Config, { port: 70_000, token: 'hunter2', prot: 1 }, 'my config'),
    ).toThrow(
      new ConfigError(
        'my config: "prot" is not a known field (allowed: port, token); "port" must be <= 65535; "token" must have at least 16 characters.',
      ),
    );
  });
});
