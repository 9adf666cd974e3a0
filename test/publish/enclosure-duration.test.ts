// A podcast episode's playing time: <itunes:duration> of the item's first <enclosure> becomes that
// attachment's JSON Feed 1.1 duration_in_seconds, and a JSON Feed's own duration_in_seconds is kept.
// Through the CLI (a loopback server, `poll --once` on real SQLite, `export --format json`), and parse →
// store → place → render for a JSON Feed input; the output is checked against the JSON Feed 1.1 schema.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Placer } from '../../src/dedup/placer.js';
import { StoryEngine } from '../../src/dedup/story-engine.js';
import { itunesDurationSeconds } from '../../src/parse/itunes-duration.js';
import { parseFeed } from '../../src/parse/parse-feed.js';
import { renderPublication } from '../../src/publish/render-publication.js';
import { engineSettings } from '../../src/worker/settings.js';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server.js';
import { jsonFeedProblems } from './feed-validation.js';
import { memoryStore, testConfig } from './story-db.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const fixture = path.join(root, 'test/fixtures/publish/rss2-podcast-itunes-duration.xml');
const now = '2026-11-26T06:00:00.000Z';

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer({
    '/feed.rss': (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(readFileSync(fixture)),
  });
});
afterAll(() => server.close());

async function feedmerge(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), ...args], { cwd: root });
  return stdout;
}
const config = testConfig();

async function publishedJson(source: string, body: Buffer, url: string): Promise<string> {
  const store = await memoryStore();
  const feed = await parseFeed(body, { url, fetchedAt: now });
  await store.transaction((s) => s.items.ingest(source, 'de', feed.items, now));
  await new Placer(store, new StoryEngine(engineSettings(config))).placePending(now);
  const documents = (await renderPublication(store, config, new Date('2026-11-26T07:00:00Z'))).outputs.get('all')!;
  return documents.get('json')!.body.toString();
}

type JsonItems = { items: { title: string; attachments?: { url: string; duration_in_seconds?: number }[] }[] };

describe('itunesDurationSeconds', () => {
  it.each([
    ['1830', 1830],
    ['30:30', 1830],
    ['75:30', 4530],
    ['01:02:03', 3723],
    [' 0:00:59 ', 59],
    ['1 hour', null],
    ['1:75', null],
    ['1:60:00', null],
    ['1:02:03:04', null],
    ['', null],
    ['-5', null],
    ['12.5', null],
  ])('%j → %j', (text, seconds) => expect(itunesDurationSeconds(text)).toBe(seconds));
});

describe('duration_in_seconds in the published JSON Feed', () => {
  it("takes itunes:duration for the item's first <enclosure> only, and the output is valid JSON Feed 1.1", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'feedmerge-duration-')), 'config.json');
    writeFileSync(file, JSON.stringify({ database: 'feedmerge.db', sources: [{ id: 'dauer', url: server.url('/feed.rss') }] }));
    expect(await feedmerge('poll', '--once', '--all', '--config', file)).toBe('dauer: 8 new, 0 updated, 0 unchanged\n');
    const json = await feedmerge('export', '--format', 'json', '--config', file);
    expect(jsonFeedProblems(json)).toEqual([]);
    const items = (JSON.parse(json) as JsonItems).items;
    expect(items.map((i) => [i.title, i.attachments?.map((a) => a.duration_in_seconds)])).toEqual([
      ['Folge 7: Stundenlang', [3723]],
      ['Folge 6: Minuten', [4530]],
      ['Folge 5: Sekunden', [1830]],
      ['Folge 4: In Worten', [undefined]],
      ['Folge 3: Sekunden zu viel', [undefined]],
      ['Folge 2: Vier Teile', [undefined]],
      // The duration was the javascript: enclosure's, which is dropped; the media:content keeps none.
      ['Folge 1: Erste Datei unbrauchbar', [undefined]],
      ['Folge 0: Nur media:content', [undefined]],
    ]);
    expect(items[0]!.attachments).toEqual([
      { url: 'https://cdn.dauer.example.de/f7.mp3', mime_type: 'audio/mpeg', size_in_bytes: 1000, duration_in_seconds: 3723 },
    ]);
  });

  it("keeps a JSON Feed attachment's own duration_in_seconds", async () => {
    const input = JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'Dauer als JSON',
      items: [
        {
          id: 'j1',
          title: 'Folge J',
          url: 'https://dauer.example.de/j1',
          date_published: '2026-11-26T05:00:00Z',
          content_text: 'Audio',
          attachments: [{ url: 'https://cdn.dauer.example.de/j1.mp3', mime_type: 'audio/mpeg', duration_in_seconds: 912 }],
        },
      ],
    });
    const json = await publishedJson('json', Buffer.from(input), 'https://dauer.example.de/feed.json');
    expect(jsonFeedProblems(json)).toEqual([]);
    expect((JSON.parse(json) as JsonItems).items[0]!.attachments).toEqual([
      { url: 'https://cdn.dauer.example.de/j1.mp3', mime_type: 'audio/mpeg', duration_in_seconds: 912 },
    ]);
  });
});
