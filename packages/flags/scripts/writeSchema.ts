import { writeFileSync } from 'node:fs';
import { FlagsDocumentSchema } from '../src/definition/FlagDefinition.js';

// Writes schema/flags.schema.json from the TypeBox schema readFlagsDocument checks with.
const document = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://ballast.dev/schema/flags.schema.json',
  ...FlagsDocumentSchema,
};
writeFileSync(
  new URL('../schema/flags.schema.json', import.meta.url),
  `${JSON.stringify(document, null, 2)}\n`,
);
