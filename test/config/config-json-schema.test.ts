// config.schema.json is generated from the zod schema and shipped; the shipped config files validate against it.
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { configJsonSchema } from '../../src/config/config-json-schema.js';

describe('config.schema.json', () => {
  it('is what `npm run config-schema` generates from the zod schema', () => {
    // On failure: run `npm run config-schema` and commit config.schema.json.
    expect(readFileSync('config.schema.json', 'utf8')).toBe(configJsonSchema());
  });

  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats.default(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync('config.schema.json', 'utf8')) as object);

  it.each(['config.json', 'config.demo.json'])('validates the shipped %s, which references it', (file) => {
    const config = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(config['$schema']).toBe('./config.schema.json');
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each([
    ['a misspelt key', { sources: [{ id: 'a', url: 'a.xml' }], databse: 'x.db' }],
    ['a port as a string', { sources: [{ id: 'a', url: 'a.xml' }], server: { port: '8080' } }],
    ['a source without url', { sources: [{ id: 'a' }] }],
  ])('rejects %s, as an editor would underline it', (_name, config) => {
    expect(validate(config)).toBe(false);
  });
});
