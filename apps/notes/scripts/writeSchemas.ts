import { writeFileSync } from 'node:fs';
import { NotesConfigSchema } from '../src/index.js';

// Writes the JSON Schema the README links to from the TypeBox schema readNotesConfig checks with.
const document = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'notes-config.schema.json',
  ...NotesConfigSchema,
};
writeFileSync(
  new URL('../schema/notes-config.schema.json', import.meta.url),
  `${JSON.stringify(document, null, 2)}\n`,
);
