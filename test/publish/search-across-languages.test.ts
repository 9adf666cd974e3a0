// Search and output words as a reader of several languages expects them: German, French, Turkish and English
// feeds served on 127.0.0.1, polled with `poll --once` into a real SQLite file. The filtered outputs it
// publishes and the search page the real HTTP server answers over that store find words case- and
// accent-insensitively (umlauts typed as vowels or as ae/oe/ue, ß as ss), but an accent typed in a word is kept
// ("fördern" is not "fordern"); search words also find inflected forms ("Wahl" finds "Wahlen"), include and exclude
// words do not ("Wells" does not drop "Oil well fire"); Turkish I rules hold only in Turkish items and for words
// written with ı or İ.
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
    '/business.xml': serveBody(fixture('rss2-english-exclude-not-stemmed.xml'), RSS),
    '/lz.xml': serveBody(fixture('rss2-german-typed-umlauts.xml'), RSS),
  });
  dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-search-languages-'));
  const configFile = path.join(dir, 'config.json');
  writeFileSync(
    configFile,
    JSON.stringify({
      database: path.join(dir, 'feedmerge.db'),
      publicDir: path.join(dir, 'public'),
      fetch: { allowPrivateNetworks: true },
      sources: ['de', 'fr', 'tr', 'en', 'business', 'lz'].map((id) => ({ id, url: feeds.url(`/${id}.xml`) })),
      outputs: [
        { id: 'all' },
        { id: 'kairo', include: ['Gesprache'] },
        { id: 'cafe', include: ['cafe', 'Hauptstrasse'] },
        { id: 'wahl', include: ['Wahl'] },
        { id: 'no-elections', exclude: ['Wahl', 'election'] },
        { id: 'no-names', exclude: ['Wells', 'news'] },
        { id: 'quoted', exclude: ['"Wahlen"', '"Elections"'] },
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
  return [...html.matchAll(/<div class="story-title"[^>]*><a [^>]*>([^<]*)<\/a>/g)]
    .map((m) => m[1]!.replace(/&[#\w]+;/g, (e) => entities[e] ?? e))
    .sort();
}

describe('outputs polled with poll --once', () => {
  it('publishes every story in the unfiltered output', () => {
    expect(titlesIn('all')).toHaveLength(14);
  });

  it('takes an include word in any case and accents, umlauts typed as vowels, ß as ss', () => {
    expect(titlesIn('kairo')).toEqual(['Gespräche über Waffenruhe in Kairo fortgesetzt']);
    expect(titlesIn('cafe').sort()).toEqual(['Hauptstraße wegen Bauarbeiten gesperrt', 'Le Café de Flore ferme pour travaux']);
  });

  it('keeps an include word to its written form: "Wahl" takes no "Wahlen"', () => {
    expect(titlesIn('wahl')).toEqual([]);
  });

  it('keeps an exclude word to its written form: no stems ("Wells" keeps "Oil well fire", "news" keeps "New cabinet")', () => {
    expect(titlesIn('no-elections')).toHaveLength(14);
    const kept = titlesIn('no-names');
    expect(kept).toHaveLength(13);
    expect(kept).not.toContain('Wells Fargo fined over sham accounts');
    expect(kept).toContain('Oil well fire burns for a third day');
    expect(kept).toContain('New cabinet sworn in at the palace');
  });

  it('reads a "quoted" list word as the word, not as quote marks', () => {
    const kept = titlesIn('quoted');
    expect(kept).toHaveLength(12);
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
    // An umlaut typed is kept; one left out is not asked for.
    ['fördern', ['Land will Solaranlagen auf Schulen fördern']],
    ['fordern', ['Gewerkschaften fordern mehr Lohn', 'Land will Solaranlagen auf Schulen fördern']],
    // Quoted: no stems (German Snowball stems "foerdern", "fördern" and "fordern" alike).
    ['"foerdern"', ['Land will Solaranlagen auf Schulen fördern']],
  ])('%j finds %j', async (query, expected) => {
    expect(await searched(query)).toEqual(expected);
  });
});
