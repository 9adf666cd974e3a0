// A post a feed sends again under a new guid joins its old self's story and is listed once; entries
// of one source that share a link but not their text (live tickers, untitled or under one generic
// title) are different reports and each stays listed. Real SQLite, the three formats.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Placer } from '../../src/dedup/placer.js';
import { StoryEngine } from '../../src/dedup/story-engine.js';
import type { FeedItem } from '../../src/model.js';
import { parseFeed } from '../../src/parse/parse-feed.js';
import { renderPublication } from '../../src/publish/render-publication.js';
import { engineSettings } from '../../src/worker/settings.js';
import { addStory, feedItem, memoryStore, testConfig } from './story-db.js';

const now = '2026-12-04T12:00:00.000Z';
type JsonItem = { title: string; _feedmerge: { items: { source: string; url: string | null; title: string | null }[] } };

/** The JSON Feed items and the RSS document of the output "all". */
async function published(store: Awaited<ReturnType<typeof memoryStore>>, config = testConfig()) {
  const documents = (await renderPublication(store, config, new Date(now))).outputs.get('all')!;
  const json = JSON.parse(documents.get('json')!.body.toString()) as { items: JsonItem[] };
  return { items: json.items, rss: documents.get('rss')!.body.toString() };
}

const link = 'https://stadt.example/live';
const entry = (key: string, fields: Partial<FeedItem>) => feedItem({ key, url: link, published: '2026-12-04T08:00:00.000Z', ...fields });
const lead = 'Die Hafenbrücke wird ab Montag wegen Rissen im Tragwerk gesperrt.';
const otherLead = 'Busse der Linie 5 fahren ab Montag über die Ringstraße.';

describe('re-sent posts', () => {
  it.each([
    {
      name: 'untitled ticker entries with different leads',
      first: entry('a', { title: '', summary: lead }),
      second: entry('b', { title: '', summary: otherLead }),
      listed: 2,
    },
    {
      name: 'ticker entries under one generic title',
      first: entry('a', { title: 'Liveticker', summary: lead }),
      second: entry('b', { title: 'Liveticker', summary: otherLead }),
      listed: 2,
    },
    {
      name: 'one title and lead, different bodies',
      first: entry('a', { title: 'Liveticker', summary: lead, contentHtml: `<p>${lead}</p>` }),
      second: entry('b', { title: 'Liveticker', summary: lead, contentHtml: `<p>${lead}</p><p>${otherLead}</p>` }),
      listed: 2,
    },
    {
      name: 'a post sent again under a new guid',
      first: entry('http://a', { title: 'Sommerfest', summary: lead }),
      second: entry('https://a', { title: 'Sommerfest', summary: lead }),
      listed: 1,
    },
    {
      name: 'an untitled post sent again',
      first: entry('http://a', { title: '', summary: lead }),
      second: entry('https://a', { title: '', summary: lead }),
      listed: 1,
    },
    {
      name: 'a post sent again with its body markup rewritten',
      first: entry('http://a', {
        title: 'Sommerfest',
        summary: lead,
        contentHtml: `<p>${lead} <img src="http://stadt.example/b.jpg"></p>`,
      }),
      second: entry('https://a', {
        title: 'Sommerfest',
        summary: lead,
        contentHtml: `<p>${lead}  <img src="https://stadt.example/b.jpg"></p>`,
      }),
      listed: 1,
    },
    {
      // Published, both links read https://stadt.example/live?id=7: listed twice, they were two identical lines.
      name: 'a post sent again with another campaign tag on its link',
      first: entry('http://a', { title: 'Sommerfest', summary: lead, url: `${link}?id=7&utm_campaign=rss1` }),
      second: entry('https://a', { title: 'Sommerfest', summary: lead, url: `${link}?id=7&utm_campaign=rss2` }),
      listed: 1,
    },
    {
      name: 'a post sent again with another parameter a published link keeps',
      first: entry('http://a', { title: 'Sommerfest', summary: lead, url: `${link}?id=7&ref=rss1` }),
      second: entry('https://a', { title: 'Sommerfest', summary: lead, url: `${link}?id=7&ref=rss2` }),
      listed: 2,
    },
  ])('$name: listed $listed time(s)', async ({ first, second, listed }) => {
    const store = await memoryStore();
    await addStory(
      store,
      [
        { sourceId: 'zeit', item: first },
        { sourceId: 'zeit', item: second },
      ],
      { now },
    );
    const { items, rss } = await published(store);
    expect(items).toHaveLength(1);
    expect(items[0]!._feedmerge.items).toHaveLength(listed);
    expect(rss.includes('Also reported by')).toBe(listed > 1);
  });

  it('keeps both untitled entries of a ticker feed that link one page (parsed, stored, placed)', async () => {
    const config = testConfig({ sources: [{ id: 'stadt', url: 'https://stadt.example/feed.xml', title: 'Stadt Ticker' }] });
    const store = await memoryStore();
    const fixture = path.resolve(import.meta.dirname, '../fixtures/publish/rss2-ticker-entries-one-link.xml');
    const feed = await parseFeed(readFileSync(fixture), { url: 'https://stadt.example/feed.xml', fetchedAt: now });
    await store.transaction((s) => s.items.ingest('stadt', 'de', feed.items, now));
    await new Placer(store, new StoryEngine(engineSettings(config))).placePending(now);
    const { items, rss } = await published(store, config);
    expect(items.map((i) => i._feedmerge.items.map((m) => [m.source, m.url, m.title]))).toEqual([
      [
        ['stadt', 'https://stadt.example/ticker', null],
        ['stadt', 'https://stadt.example/ticker', null],
      ],
    ]);
    expect(rss).toContain('Also reported by');
  });
});
