// A podcast's episodes keep their audio in the merged feeds: the enclosures a feed carries are
// republished as RSS <enclosure>, Atom rel="enclosure" links and JSON Feed attachments, read back
// by the Universal Feed Parser. Before, they were parsed and stored but left out of every format.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Placer } from '../../src/dedup/placer.js';
import { StoryEngine } from '../../src/dedup/story-engine.js';
import { parseFeed } from '../../src/parse/parse-feed.js';
import { renderPublication } from '../../src/publish/render-publication.js';
import { engineSettings } from '../../src/worker/settings.js';
import { debianTool } from './debian-tool.js';
import { atomProblems, jsonFeedProblems } from './feed-validation.js';
import { memoryStore, testConfig } from './story-db.js';

const run = promisify(execFile);
const feedparser = debianTool('/usr/bin/python3', 'python3-feedparser', ['-c', 'import feedparser']);
const fixture = path.resolve(import.meta.dirname, '../fixtures/publish/rss2-podcast-enclosures.xml');
const config = testConfig();

const now = '2026-11-26T06:00:00.000Z';
const store = await memoryStore();
const feed = await parseFeed(readFileSync(fixture), { url: 'https://podcast.example.de/feed.xml', fetchedAt: now });
await store.transaction((s) => s.items.ingest('zeit', 'de', feed.items, now));
await new Placer(store, new StoryEngine(engineSettings(config))).placePending(now);
const documents = (await renderPublication(store, config, new Date('2026-11-26T07:00:00Z'))).outputs.get('all')!;
const body = (format: 'rss' | 'atom' | 'json'): string => documents.get(format)!.body.toString();

const episode12 = 'https://cdn.podcast.example.de/folge-12.mp3?x=1&y=2';
const image12 = 'https://cdn.podcast.example.de/folge-12.jpg';
const episode11 = 'https://podcast.example.de/media/folge-11.m4a';

describe('enclosures in the published feeds', () => {
  it('RSS: one <enclosure> per item with url, length and type (0 and the media type alone when the feed gave less)', () => {
    const rss = body('rss');
    expect(rss).toContain(`<enclosure url="https://cdn.podcast.example.de/folge-12.mp3?x=1&amp;y=2" length="31415926" type="audio/mpeg"/>`);
    expect(rss).toContain(`<enclosure url="${episode11}" length="0" type="audio/mp4"/>`);
    expect(rss.match(/<enclosure /g)).toHaveLength(2);
    expect(rss).not.toContain('javascript:');
  });

  it('Atom: every enclosure a rel="enclosure" link, valid against RFC 4287', () => {
    const atom = body('atom');
    expect(atomProblems(atom)).toBe('');
    expect(atom).toContain(
      `<link rel="enclosure" href="https://cdn.podcast.example.de/folge-12.mp3?x=1&amp;y=2" type="audio/mpeg" length="31415926"/>`,
    );
    // The media:content image without a type (medium="image") is left out: as application/octet-stream,
    // podcast apps offered it as a download.
    expect(atom).not.toContain(image12);
    expect(atom).toContain(`<link rel="enclosure" href="${episode11}" type="audio/mp4"/>`);
    expect(atom).not.toContain('javascript:');
  });

  it('JSON Feed: attachments with the required mime_type, valid against the 1.1 schema', () => {
    const json = body('json');
    expect(jsonFeedProblems(json)).toEqual([]);
    const items = (JSON.parse(json) as { items: { title: string; attachments?: unknown }[] }).items;
    expect(items.map((i) => [i.title, i.attachments])).toEqual([
      ['Folge 12: Haushalt beschlossen', [{ url: episode12, mime_type: 'audio/mpeg', size_in_bytes: 31415926 }]],
      ['Folge 11: Wahl in Chile', [{ url: episode11, mime_type: 'audio/mp4' }]],
      ['Folge 10: Kein Audio', undefined],
    ]);
  });

  it.skipIf(feedparser.skip).each(['rss', 'atom'] as const)('the Universal Feed Parser finds the audio in the %s feed', async (format) => {
    feedparser.require();
    const { stdout } = await run('/usr/bin/python3', [
      '-c',
      'import feedparser, json, sys\nd = feedparser.parse(sys.argv[1])\nprint(json.dumps([[e.title, [x.get("href") for x in e.get("enclosures", [])]] for e in d.entries]))',
      body(format),
    ]);
    const seen = JSON.parse(stdout) as [string, string[]][];
    expect(seen[0]![1]).toContain(episode12);
    expect(seen[1]![1]).toEqual([episode11]);
    expect(seen[2]![1]).toEqual([]);
  });
});
