import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { AlertBotConfigSchema, AlertInputSchema } from '../src/index.js';

/**
 * The JSON Schemas the README links to are the TypeBox schemas the bot validates with, written
 * out. Regenerate them with `npm run schemas -w @ballast/alert-bot` after changing a schema.
 */
describe('published JSON Schemas', () => {
  it.each([
    ['alert-bot.schema.json', AlertBotConfigSchema],
    ['alert.schema.json', AlertInputSchema],
  ])('%s is the schema the code checks with', (file, schema) => {
    const published = JSON.parse(
      readFileSync(new URL(`../schema/${file}`, import.meta.url), 'utf8'),
    );
    const { $schema, $id, ...rest } = published as Record<string, unknown>;
    expect($schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect($id).toBe(file);
    expect(rest).toEqual(JSON.parse(JSON.stringify(schema)));
  });
});
