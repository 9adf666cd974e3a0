// Enclosure URLs of private podcast feeds carry the subscriber's login (userinfo, ?token=, ?auth=):
// republished, they handed paid media to every reader of the merged feed. Parse → store → place →
// the three published formats, with the fixture served as a public and as a private source.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Placer } from '../../src/dedup/placer.js';
import { StoryEngine } from '../../src/dedup/story-engine.js';
import { parseFeed } from '../../src/parse/parse-feed.js';
import { renderPublication } from '../../src/publish/render-publication.js';
import { engineSettings } from '../../src/worker/settings.js';
import { memoryStore, testConfig } from './story-db.js';

const fixture = path.resolve(import.meta.dirname, '../fixtures/publish/rss2-private-podcast-enclosure-credentials.xml');
const now = '2026-11-26T06:00:00.000Z';

/** The three published documents of the fixture polled from a source with this URL. */
async function published(sourceUrl: string): Promise<Record<'rss' | 'atom' | 'json', string>> {
  const config = testConfig({ sources: [{ id: 'abo', url: sourceUrl, title: 'Abo' }] });
  const store = await memoryStore();
  const feed = await parseFeed(readFileSync(fixture), { url: 'https://abo.example.net/feed.xml', fetchedAt: now });
  await store.transaction((s) => s.items.ingest('abo', 'de', feed.items, now));
  await new Placer(store, new StoryEngine(engineSettings(config))).placePending(now);
  const documents = (await renderPublication(store, config, new Date('2026-11-26T07:00:00Z'))).outputs.get('all')!;
  const body = (format: 'rss' | 'atom' | 'json'): string => documents.get(format)!.body.toString();
  return { rss: body('rss'), atom: body('atom'), json: body('json') };
}

describe('enclosures with credentials', () => {
  it('drops an enclosure whose URL carries a user, a password or a credential parameter, and keeps one without', async () => {
    const documents = await published('https://abo.example.net/feed.xml');
    for (const [format, text] of Object.entries(documents)) {
      expect(text, format).not.toContain('s3cret');
      expect(text, format).not.toContain('abc123');
      expect(text, format).toContain('https://cdn.abo.example.net/folge-1.mp3?v=1');
    }
    const items = (JSON.parse(documents.json) as { items: { title: string; attachments?: unknown }[] }).items;
    expect(items.map((i) => [i.title, i.attachments])).toEqual([
      ['Folge 3: Userinfo', undefined],
      ['Folge 2: Token', undefined],
      ['Folge 1: Offen', [{ url: 'https://cdn.abo.example.net/folge-1.mp3?v=1', mime_type: 'audio/mpeg', size_in_bytes: 1000 }]],
    ]);
  });

  it.each(['https://listener:pw@abo.example.net/feed.xml', 'https://abo.example.net/feed.xml?auth=xyz'])(
    'publishes no enclosure from a source whose own URL carries a login (%s)',
    async (sourceUrl) => {
      const documents = await published(sourceUrl);
      expect(documents.rss).not.toContain('<enclosure');
      expect(documents.atom).not.toContain('rel="enclosure"');
      expect(documents.json).not.toContain('attachments');
      expect(documents.json).toContain('Folge 1: Offen');
    },
  );
});
