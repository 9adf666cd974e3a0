// Item links of private feeds may carry the subscriber's login (userinfo, ?token=): republished, they
// handed that key to every reader of the merged feed. Parse → store → place → the three published
// formats and the output's page.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Placer } from '../../src/dedup/placer.js';
import { StoryEngine } from '../../src/dedup/story-engine.js';
import { parseFeed } from '../../src/parse/parse-feed.js';
import { renderPublication } from '../../src/publish/render-publication.js';
import { engineSettings } from '../../src/worker/settings.js';
import { memoryStore, testConfig } from './story-db.js';
import { child, parseXml } from './xml-tree.js';

const fixtures = path.resolve(import.meta.dirname, '../fixtures/publish');
const now = '2026-11-26T06:00:00.000Z';
const openLink = 'https://news.example.org/bibliothek?ref=rss';

/** The three published documents and the output's page of a fixture polled from a source with this URL. */
async function published(
  sourceUrl: string,
  fixture = 'rss2-private-feed-link-credentials.xml',
): Promise<Record<'rss' | 'atom' | 'json' | 'page', string>> {
  const config = testConfig({ sources: [{ id: 'privat', url: sourceUrl, title: 'Privat' }] });
  const store = await memoryStore();
  const feed = await parseFeed(readFileSync(path.join(fixtures, fixture)), { url: 'https://news.example.org/feed.xml', fetchedAt: now });
  await store.transaction((s) => s.items.ingest('privat', 'de', feed.items, now));
  await new Placer(store, new StoryEngine(engineSettings(config))).placePending(now);
  const publication = await renderPublication(store, config, new Date('2026-11-26T07:00:00Z'));
  const documents = publication.outputs.get('all')!;
  const body = (format: 'rss' | 'atom' | 'json'): string => documents.get(format)!.body.toString();
  const page = publication.pages.get('/outputs/all.html')!.body.toString();
  return { rss: body('rss'), atom: body('atom'), json: body('json'), page };
}

describe('item links with credentials', () => {
  it.each(['https://news.example.org/feed.xml', 'https://reader:pw@news.example.org/feed.xml?token=xyz'])(
    'publishes no link carrying a login, links that story to its page row, and keeps a link without one (source %s)',
    async (sourceUrl) => {
      const documents = await published(sourceUrl);
      for (const [format, text] of Object.entries(documents)) {
        expect(text, format).not.toContain('s3cret');
        expect(text, format).not.toContain('abc123');
        expect(text, format).toContain(openLink.replace('&', '&amp;'));
      }
      for (const format of ['rss', 'atom', 'json'] as const) expect(documents[format], format).toContain('https://news.example.org/plan');
      type JsonItem = { title: string; url: string; _feedmerge: { story_id: string; items: { url: string | null }[] } };
      const items = (JSON.parse(documents.json) as { items: JsonItem[] }).items;
      expect(items.map((i) => [i.title, i.url.replace(/#story-.*/, '#story'), i._feedmerge.items.map((m) => m.url)])).toEqual([
        ['Stadtrat beschließt neuen Radweg am Hafen', 'http://news.example.org/outputs/all.html#story', [null]],
        ['Orchester spielt Sommerkonzert im Schlosspark', 'http://news.example.org/outputs/all.html#story', [null]],
        ['Bibliothek verlängert Öffnungszeiten am Samstag', openLink, [openLink]],
      ]);
      expect(items[0]!.url).toMatch(new RegExp(`#story-${items[0]!._feedmerge.story_id}$`));
      // The page links the story's title to its own row and shows its member line without a link.
      expect(documents.page).toContain(
        `<a href="http://news.example.org/outputs/all.html#story-${items[1]!._feedmerge.story_id}">Orchester spielt`,
      );
      expect(documents.page).toContain('· <bdi lang="de">Orchester spielt Sommerkonzert im Schlosspark</bdi></li>');
    },
  );

  it('publishes an item key that is its link or guid carrying a login only as an opaque, stable digest', async () => {
    const fixture = 'rss2-item-keys-with-credentials.xml';
    const documents = await published('https://news.example.org/feed.xml', fixture);
    for (const [format, text] of Object.entries(documents)) {
      for (const secret of ['SECRET1', 'PW2', 'reader:', 'utm_source']) expect(text, `${format} ${secret}`).not.toContain(secret);
    }
    type JsonItem = { _feedmerge: { items: { source: string; key: string; url: string | null }[] } };
    const keysOf = (json: string): string[] =>
      (JSON.parse(json) as { items: JsonItem[] }).items.flatMap((i) => i._feedmerge.items.map((m) => m.key));
    const keys = keysOf(documents.json);
    expect(keys).toHaveLength(2);
    for (const key of keys) expect(key).toMatch(/^[0-9a-f]{20}$/);
    expect(new Set(keys).size).toBe(2);
    // The same on every publish (another store, another render).
    expect(keysOf((await published('https://news.example.org/feed.xml', fixture)).json)).toEqual(keys);
  });

  it('publishes no link or image in an item body carrying a login, and no login written out in its text', async () => {
    const documents = await published('https://news.example.org/feed.xml', 'rss2-private-feed-body-credentials.xml');
    for (const [format, text] of Object.entries(documents)) {
      for (const secret of ['t0kenA', 'pa55B', 's3ssC', 's1gD', 's1gE', 't0kenF', 'pa55G', 'k3yH'])
        expect(text, `${format} ${secret}`).not.toContain(secret);
    }
    // The link keeps its text without its href (a URL in the text loses its login), the image is left out.
    const expected =
      '<p>Rund 40 000 Gäste kamen am Wochenende. <a>Online lesen</a> ' +
      '(<a>https://news.example.org/hafenfest/online?ref=mail</a>) · <a>Archiv</a> · <a>Ihr Konto</a> · ' +
      '<a href="https://news.example.org/programm?ref=mail">Programm</a></p>\n' +
      '<p><img src="https://news.example.org/hafenfest.jpg" alt="Hafenfest" /></p>';
    const [item] = (JSON.parse(documents.json) as { items: { content_html: string; summary: string }[] }).items;
    expect(item!.content_html.startsWith(expected)).toBe(true);
    // The lead's written-out URL keeps its sentence's full stop.
    expect(item!.summary).toBe('Rund 40 000 Gäste kamen am Wochenende. Online lesen: https://news.example.org/hafenfest.');
    // The same body in RSS content:encoded and Atom <content type="html">.
    const rssItem = child(child(parseXml(documents.rss), 'channel'), 'item');
    expect(child(rssItem, 'content:encoded').text.startsWith(expected)).toBe(true);
    expect(child(child(parseXml(documents.atom), 'entry'), 'content').text.startsWith(expected)).toBe(true);
  });
});
