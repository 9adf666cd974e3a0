// Differential check of the parse stage against another checkout, for changes meant to keep the output
// identical (speed work): every file under the given folders (default: the shared feed corpus and
// test/fixtures) through parseFeed of both checkouts, whole results compared as JSON (a ParseError as its
// code and message), and the xml:base scan (readXmlBases) compared on each document holding "xml:base".
// `--fuzz=N` adds N generated documents built around xml:base (bases on the root, entries, links and
// content; nesting, entities, case, stray end tags, comments and CDATA) through both scans and both parses.
//
//   npx tsx scripts/parse-differential.ts --against=/path/to/other/checkout [--fuzz=20000] [folders…]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatedXmlBaseDocument } from './parse-differential/xml-base-documents.js';

interface ParseModules {
  parseFeed: (body: Uint8Array, options: { url?: string | null; fetchedAt: string }) => Promise<unknown>;
  readXmlBases: (xml: string, documentUrl: string | null) => unknown;
}

const here = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const fetchedAt = '2030-01-01T00:00:00.000Z';
const documentUrl = 'https://example.org/feeds/feed.xml';

async function modulesOf(checkout: string): Promise<ParseModules> {
  const parse = (await import(path.join(checkout, 'src/parse/parse-feed.ts'))) as { parseFeed: ParseModules['parseFeed'] };
  const scan = (await import(path.join(checkout, 'src/parse/xml-base-scopes.ts'))) as { readXmlBases: ParseModules['readXmlBases'] };
  return { parseFeed: parse.parseFeed, readXmlBases: scan.readXmlBases };
}

/** Maps and other values JSON would drop or fold, written out so that two results compare as strings. */
function stable(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v instanceof Map ? { map: [...v] } : v === undefined ? '(undefined)' : v));
}

async function parseOutcome(modules: ParseModules, body: Uint8Array): Promise<string> {
  try {
    return stable(await modules.parseFeed(body, { url: documentUrl, fetchedAt }));
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    return `error ${code ?? '?'}: ${message ?? String(error)}`;
  }
}

function scanOutcome(modules: ParseModules, xml: string): string {
  try {
    return stable(modules.readXmlBases(xml, documentUrl));
  } catch (error) {
    return `error ${String(error)}`;
  }
}

function filesUnder(folder: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) files.push(...filesUnder(full));
    else if (entry.isFile()) files.push(full);
  }
  return files;
}

const args = process.argv.slice(2);
const against = args.find((a) => a.startsWith('--against='))?.slice('--against='.length);
const fuzz = Number(args.find((a) => a.startsWith('--fuzz='))?.slice('--fuzz='.length) ?? 0);
const folders = args.filter((a) => !a.startsWith('--'));
if (!against) {
  console.error('usage: npx tsx scripts/parse-differential.ts --against=<other checkout> [--fuzz=N] [folders…]');
  process.exit(2);
}
const ours = await modulesOf(here);
const theirs = await modulesOf(path.resolve(against));
let compared = 0;
let scanned = 0;
const differing: string[] = [];

for (const folder of folders.length > 0 ? folders : [path.join(here, '../../shared/feeds'), path.join(here, 'test/fixtures')]) {
  for (const file of statSync(folder).isDirectory() ? filesUnder(folder) : [folder]) {
    const body = readFileSync(file);
    compared++;
    if ((await parseOutcome(ours, body)) !== (await parseOutcome(theirs, body))) differing.push(`parse ${file}`);
    const text = body.toString('utf8');
    if (text.includes('xml:base')) {
      scanned++;
      if (scanOutcome(ours, text) !== scanOutcome(theirs, text)) differing.push(`scan ${file}`);
    }
  }
}
for (let seed = 1; seed <= fuzz; seed++) {
  const xml = generatedXmlBaseDocument(seed);
  scanned++;
  if (scanOutcome(ours, xml) !== scanOutcome(theirs, xml)) differing.push(`scan generated #${seed}`);
  // Whole parses are ~50× slower than the scan: every tenth document.
  if (seed % 10 === 0) {
    compared++;
    const body = Buffer.from(xml);
    if ((await parseOutcome(ours, body)) !== (await parseOutcome(theirs, body))) differing.push(`parse generated #${seed}`);
  }
}
console.log(`${compared} documents parsed by both, ${scanned} scanned by both: ${differing.length} differ`);
for (const line of differing.slice(0, 50)) console.log(`  ${line}`);
process.exit(differing.length > 0 ? 1 : 0);
