// Search and output words as a reader of several languages expects them: German, French, Turkish and English
// feeds served on 127.0.0.1, polled with `poll --once` into a real SQLite file. The filtered outputs it
// publishes and the search page the real HTTP server answers over that store find words case- and
// accent-insensitively (umlauts typed as vowels or as ae/oe/ue, ß as ss); search and exclude words also find
// inflected forms ("Wahl" finds "Wahlen"), include words do not; Turkish I rules hold only in Turkish items
// and for words written with ı or İ.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { renderPublication } from '../../src/publish/render-publication.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { serveBody, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';
import { request, servePublication, type RunningServer } from './serve-publication.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const fixture = (name: string): Buffer => readFileSync(path.join(root, 'test/fixtures/publish', name));
const RSS = { 'content-type': 'application/rss+xml' };

async function feedmerge(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), ...args], { cwd: root });
  return stdout;
}

let feeds: FixtureServer;
let dir: string;
let store: Store;
let server: RunningServer;

beforeAll(async () => {
  feeds = await startFixtureServer({
    '/de.xml': serveBody(fixture('rss2-german-inflected-umlauts.xml'), RSS),
    '/fr.xml': serveBody(fixture('rss2-french-accents.xml'), RSS),
    '/tr.xml': serveBody(fixture('rss2-turkish-dotless-i.xml'), RSS),
    '/en.xml': serveBody(fixture('rss2-english-sinai.xml'), RSS),
  });
  dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-search-languages-'));
  const configFile = path.join(dir, 'config.json');
  writeFileSync(
    configFile,
    JSON.stringify({
      database: path.join(dir, 'feedmerge.db'),
      publicDir: path.join(dir, 'public'),
      fetch: { allowPrivateNetworks: true },
      sources: ['de', 'fr', 'tr', 'en'].map((id) => ({ id, url: feeds.url(`/${id}.xml`) })),
      outputs: [
        { id: 'all' },
        { id: 'kairo', include: ['Gesprache'] },
        { id: 'cafe', include: ['cafe', 'Hauptstrasse'] },
        { id: 'wahl', include: ['Wahl'] },
        { id: 'no-elections', exclude: ['Wahl', 'election'] },
      ],
    }),
  );
  await feedmerge('poll', '--once', '--config', configFile);
  const config = loadConfig(configFile);
  store = await openStore(config.database);
  const publication = await renderPublication(store, config, new Date('2026-12-07T00:00:00Z'));
  server = await servePublication(config, store, () => publication);
}, 60_000);
afterAll(async () => {
  await server?.close();
  await store?.close();
  await feeds?.close();
});

const titlesIn = (output: string): string[] =>
  (JSON.parse(readFileSync(path.join(dir, 'public', 'feeds', `${output}.json`), 'utf8')) as { items: { title: string }[] }).items.map(
    (item) => item.title,
  );

async function searched(query: string): Promise<string[]> {
  const res = await request(`${server.origin}/search?q=${encodeURIComponent(query)}`);
  expect(res.status).toBe(200);
  const html = res.body.toString();
  const entities: Record<string, string> = { '&amp;': '&', '&#39;': "'", '&apos;': "'", '&quot;': '"', '&lt;': '<', '&gt;': '>' };
  return [...html.matchAll(/<div class="story-title"><a [^>]*>([^<]*)<\/a>/g)]
    .map((m) => m[1]!.replace(/&[#\w]+;/g, (e) => entities[e] ?? e))
    .sort();
}

describe('outputs polled with poll --once', () => {
  it('publishes every story in the unfiltered output', () => {
    expect(titlesIn('all')).toHaveLength(9);
  });

  it('takes an include word in any case and accents, umlauts typed as vowels, ß as ss', () => {
    expect(titlesIn('kairo')).toEqual(['Gespräche über Waffenruhe in Kairo fortgesetzt']);
    expect(titlesIn('cafe').sort()).toEqual(['Hauptstraße wegen Bauarbeiten gesperrt', 'Le Café de Flore ferme pour travaux']);
  });

  it('keeps an include word to its written form: "Wahl" takes no "Wahlen"', () => {
    expect(titlesIn('wahl')).toEqual([]);
  });

  it("drops inflected forms of an exclude word, in the item's language", () => {
    const kept = titlesIn('no-elections');
    expect(kept).toHaveLength(7);
    expect(kept).not.toContain('Wahlen in Thüringen: Union vorn');
    expect(kept).not.toContain('Elections called after coalition collapses');
  });
});

describe('GET /search over the polled store', () => {
  it.each([
    ['Gesprache', ['Gespräche über Waffenruhe in Kairo fortgesetzt']],
    ['Gespraeche', ['Gespräche über Waffenruhe in Kairo fortgesetzt']],
    ['gespräch', ['Gespräche über Waffenruhe in Kairo fortgesetzt']],
    ['Wahl', ['Wahlen in Thüringen: Union vorn']],
    ['HAUPTSTRASSE', ['Hauptstraße wegen Bauarbeiten gesperrt']],
    ['cafe', ['Le Café de Flore ferme pour travaux']],
    ['greve aerien', ['Grève des contrôleurs aériens']],
    ['election', ['Elections called after coalition collapses']],
    // Whole words still: "Bahn" is not "Bahnhof".
    ['Bahn', []],
    // Quotes ask for the word as written (case and accents aside): no inflected form.
    ['"Wahl"', []],
    ['"contrôleurs aeriens"', ['Grève des contrôleurs aériens']],
    // In the Turkish item I, ı, İ and i are one letter; in the English one ı is a letter of its own.
    ['Sinai', ['Border crossing in Sinai reopens', 'Sınai üretim ekimde arttı']],
    ['istanbul', ["İSTANBUL'DA TRAFİK YOĞUNLUĞU"]],
    ['Isil', []],
    ['Işıl', ['Elections called after coalition collapses']],
  ])('%j finds %j', async (query, expected) => {
    expect(await searched(query)).toEqual(expected);
  });
});
