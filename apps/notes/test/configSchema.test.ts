import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { NotesConfigSchema } from '../src/index.js';

describe('published JSON Schema', () => {
  it('notes-config.schema.json is the schema the config is checked with (regenerate: npm run schemas -w @ballast/notes)', () => {
    const published = JSON.parse(
      readFileSync(new URL('../schema/notes-config.schema.json', import.meta.url), 'utf8'),
    );
    const { $schema, $id, ...rest } = published as Record<string, unknown>;
    expect([$schema, $id]).toEqual([
      'https://json-schema.org/draft/2020-12/schema',
      'notes-config.schema.json',
    ]);
    expect(rest).toEqual(JSON.parse(JSON.stringify(NotesConfigSchema)));
  });
});
