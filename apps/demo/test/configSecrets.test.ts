import { afterAll, describe, expect, it } from '@jest/globals';
import { createRuntime } from '@ballast/core';
import { AdminServerOptionsSchema, startAdminServer } from '@ballast/admin';
import { AlertBotConfigSchema, loadAlertBotConfig, readAlertBotConfig } from '@ballast/alert-bot';
import { NotesConfigSchema, readNotesConfig } from '@ballast/notes';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Issue 13, point 9: a config error names a secret by nothing but its field. Every leaf of each
 * config schema gets bad values that carry a secret (wrong type, too long, bad pattern, the
 * secret as an unknown key's value, in an array, in an object); every coded error the readers
 * throw is then searched for any 8 characters of that secret.
 */
const SECRET = 'S3CR3T-9f8e7d6c5b4a39281706f5e4';
const WINDOWS = Array.from({ length: SECRET.length - 7 }, (_, i) => SECRET.slice(i, i + 8));

type Schema = { properties?: Record<string, Schema>; items?: Schema; anyOf?: Schema[] };

/** Inputs with one bad, secret-carrying value at each leaf and each object of `schema`. */
function secretInputs(schema: Schema): unknown[] {
  const bad: unknown[] = [
    SECRET,
    `${SECRET}\n ${'x'.repeat(5_000)}`,
    `whsec_${Buffer.from(SECRET).toString('base64')}`,
    [SECRET],
    { [SECRET]: SECRET },
    42,
  ];
  const objectOf = (node: Schema): Schema | undefined =>
    node.properties !== undefined
      ? node
      : node.anyOf?.find((branch) => branch.properties !== undefined);
  const walk = (node: Schema, wrap: (value: unknown) => unknown): unknown[] => {
    const object = objectOf(node);
    if (object === undefined) {
      if (node.items !== undefined) return walk(node.items, (value) => wrap([value]));
      return bad.map(wrap);
    }
    return [
      wrap({ unknownOption: SECRET }),
      ...Object.entries(object.properties!).flatMap(([key, child]) =>
        walk(child, (value) => wrap({ [key]: value })),
      ),
    ];
  };
  return walk(schema, (value) => value);
}

function expectNoSecret(error: unknown): void {
  expect(error).toMatchObject({ code: expect.stringMatching(/^BALLAST_ERR_/) });
  const text = `${String(error)} ${String((error as Error).cause ?? '')}`;
  for (const window of WINDOWS) expect(text).not.toContain(window);
}

describe('config readers never print a secret (issue 13.9)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'config-secrets-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('admin: startAdminServer options', async () => {
    const runtime = createRuntime();
    try {
      const inputs = secretInputs(AdminServerOptionsSchema as Schema);
      expect(inputs.length).toBeGreaterThan(100);
      for (const input of inputs) {
        const failure = await startAdminServer(runtime, { port: 0, ...(input as object) }).then(
          async (admin) => {
            await admin.close();
            return undefined;
          },
          (error: unknown) => error,
        );
        if (failure !== undefined) expectNoSecret(failure);
      }
    } finally {
      runtime.dispose();
    }
  });

  it('alert-bot: the config object and the config file', () => {
    const inputs = secretInputs(AlertBotConfigSchema as Schema);
    expect(inputs.length).toBeGreaterThan(200);
    let refused = 0;
    for (const input of inputs) {
      try {
        readAlertBotConfig(input);
      } catch (error) {
        refused++;
        expectNoSecret(error);
      }
    }
    expect(refused).toBeGreaterThan(inputs.length * 0.9);
    const file = join(dir, 'alert-bot.json');
    writeFileSync(file, `{ "receiver": { "secret": "${SECRET}" `);
    expect(() => loadAlertBotConfig(file)).toThrow();
    try {
      loadAlertBotConfig(file);
    } catch (error) {
      expectNoSecret(error);
    }
  });

  it('notes: the config object', () => {
    const inputs = secretInputs(NotesConfigSchema as Schema);
    expect(inputs.length).toBeGreaterThan(150);
    let refused = 0;
    for (const input of inputs) {
      try {
        readNotesConfig(input as never);
      } catch (error) {
        refused++;
        expectNoSecret(error);
      }
    }
    // Free-form strings (a data dir, a host) take the secret as a value: nothing to print.
    expect(refused).toBeGreaterThan(inputs.length * 0.8);
  });
});
