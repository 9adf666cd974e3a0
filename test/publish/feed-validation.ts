// Validators the publish tests share: Atom against RFC 4287's RELAX NG schema (xmllint) and
// JSON Feed against the 1.1 JSON Schema (ajv, draft-07).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';

const SCHEMAS = path.resolve(import.meta.dirname, '../fixtures/publish/schemas');
const ATOM_RNG = path.join(SCHEMAS, 'atom.rng');
const JSONFEED_SCHEMA = path.join(SCHEMAS, 'jsonfeed-schema-v1.1.json');

/** xmllint's verdict on an Atom document: '' when valid, else its messages. */
export function atomProblems(xml: Buffer | string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-atom-'));
  const file = path.join(dir, 'feed.atom');
  writeFileSync(file, xml);
  try {
    execFileSync('/usr/bin/xmllint', ['--noout', '--relaxng', ATOM_RNG, file], { stdio: 'pipe' });
    return '';
  } catch (error) {
    return String((error as { stderr?: Buffer }).stderr ?? error);
  }
}

type Validate = ((data: unknown) => boolean) & { errors?: unknown };
let validateJsonFeed: Validate | undefined;

/** Ajv's errors for a JSON Feed document, or [] when it is valid JSON Feed 1.1. */
export function jsonFeedProblems(json: Buffer | string): unknown[] {
  if (!validateJsonFeed) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (a: Ajv) => void;
    addFormats(ajv);
    validateJsonFeed = ajv.compile(JSON.parse(readFileSync(JSONFEED_SCHEMA, 'utf8')) as object) as Validate;
  }
  const ok = validateJsonFeed(JSON.parse(json.toString()));
  return ok ? [] : ((validateJsonFeed.errors as unknown[]) ?? ['invalid']);
}
