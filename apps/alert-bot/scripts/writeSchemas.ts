import { writeFileSync } from 'node:fs';
import { AlertBotConfigSchema, AlertInputSchema } from '../src/index.js';

// Writes the JSON Schemas the README links to from the TypeBox schemas the code checks with.
for (const [file, schema] of [
  ['alert-bot.schema.json', AlertBotConfigSchema],
  ['alert.schema.json', AlertInputSchema],
] as const) {
  const document = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: file,
    ...schema,
  };
  writeFileSync(
    new URL(`../schema/${file}`, import.meta.url),
    `${JSON.stringify(document, null, 2)}\n`,
  );
}
