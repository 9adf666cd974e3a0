// Writes config.schema.json from the zod schema (src/config/config-json-schema.ts): `npm run config-schema`.
// test/config/config-json-schema.test.ts fails when the shipped file is not what this writes.
import { writeFileSync } from 'node:fs';
import { configJsonSchema } from '../src/config/config-json-schema.js';

const file = new URL('../config.schema.json', import.meta.url);
writeFileSync(file, configJsonSchema());
process.stdout.write(`wrote ${file.pathname}\n`);
