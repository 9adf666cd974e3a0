// Rendering: RSS 2.0, Atom 1.0 and JSON Feed 1.1 from real stories in SQLite — validity,
// hostile input, attribution, stable ids, determinism and paging.
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../src/config/schema.js';
import { storyIdFor } from '../../src/dedup/story-id.js';
import { changedOutputIds, renderPublication, type Publication } from '../../src/publish/render-publication.js';
import type { Store } from '../../src/store/store.js';
import { Publisher } from '../../src/worker/publisher.js';
import { debianTool } from './debian-tool.js';
import { atomProblems, jsonFeedProblems } from './feed-validation.js';
import { addStory, feedItem, memoryStore, newsDay, testConfig } from './story-db.js';
import { child, children, parseXml, type XmlNode } from './xml-tree.js';

const NOW = new Date('2026-11-26T07:00:00Z');
const xmllint = debianTool('/usr/bin/xmllint', 'libxml2-utils');

function doc(pub: Publication, format: 'rss' | 'atom' | 'json', output = 'all'): string {
  const found = pub.outputs.get(output)?.get(format);
  if (!found) throw new Error(`no ${format} for ${output}`);
  return found.body.toString('utf8');
}

interface JsonFeed {
  version: string;
  next_url?: string;
  hubs?: { type: string; url: string }[];
  items: {
    id: string;
    url: string;
    title: string;
    content_html: string;
    date_published: string;
    date_modified: string;
    _feedmerge: { story_id: string; items: { source: string; url: string; title: string | null; published: string }[] };
  }[];
}

const linksOf = (node: XmlNode, rel: string): string[] =>
  children(node, 'link')
    .filter((l) => (l.attributes['rel'] ?? 'alternate') === rel)
    .map((l) => l.attributes['href']!);

describe('renderPublication', () => {
  let store: Store;
  let ids: Awaited<ReturnType<typeof newsDay>>;
  let pub: Publication;
  const config = testConfig({ websub: { hubs: ['https://hub.example/', 'https://hub2.example/publish?a=1&b=2'] } });
  beforeAll(async () => {
    store = await memoryStore();
    ids = await newsDay(store);
    pub = await renderPublication(store, config, NOW);
  });

  it.skipIf(xmllint.skip)('writes Atom that validates against the RFC 4287 RELAX NG schema', async () => {
    xmllint.require();
    expect(atomProblems(doc(pub, 'atom'))).toBe('');
  });

  it('writes JSON Feed 1.1 that validates against the schema', async () => {
    const json = JSON.parse(doc(pub, 'json')) as JsonFeed;
    expect(json.version).toBe('https://jsonfeed.org/version/1.1');
    expect(jsonFeedProblems(doc(pub, 'json'))).toEqual([]);
  });

  it('writes well-formed RSS 2.0 with the required channel elements, RFC 822 dates and a guid per item', async () => {
    const rss = parseXml(doc(pub, 'rss'));
    expect(rss.name).toBe('rss');
    expect(rss.attributes['version']).toBe('2.0');
    const channel = child(rss, 'channel');
    for (const required of ['title', 'link', 'description']) expect(child(channel, required).text.trim()).not.toBe('');
    const rfc822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;
    expect(child(channel, 'lastBuildDate').text).toMatch(rfc822);
    const items = children(channel, 'item');
    expect(items).toHaveLength(3);
    for (const item of items) {
      expect(child(item, 'pubDate').text).toMatch(rfc822);
      const guid = child(item, 'guid');
      expect(guid.attributes['isPermaLink']).toBe('false');
      expect(guid.text).toMatch(/^tag:news\.example\.org,2026:story:[0-9a-f]{20}$/);
    }
  });

  it('puts stories newest first with the representative title, link and dates', async () => {
    const atom = parseXml(doc(pub, 'atom'));
    const entries = children(atom, 'entry');
    expect(entries.map((e) => child(e, 'id').text)).toEqual(
      [ids.merged, ids.single, ids.hostile].map((id) => `tag:news.example.org,2026:story:${id}`),
    );
    const first = entries[0]!;
    expect(child(first, 'title').text).toBe('Bundestag beschließt Haushalt für 2027');
    expect(linksOf(first, 'alternate')).toEqual(['https://www.tagesschau.de/inland/bundestag-haushalt-100.html']);
    expect(child(first, 'published').text).toBe('2026-11-26T06:00:00.000Z');
    expect(child(first, 'updated').text).toBe('2026-11-26T06:25:00.000Z');
    // The feed's updated is the newest story update, never the render time.
    expect(child(atom, 'updated').text).toBe('2026-11-26T06:25:00.000Z');
    const rssItem = children(child(parseXml(doc(pub, 'rss')), 'channel'), 'item')[0]!;
    expect(child(rssItem, 'title').text).toBe('Bundestag beschließt Haushalt für 2027');
    expect(child(rssItem, 'pubDate').text).toBe('Thu, 26 Nov 2026 06:00:00 GMT');
  });

  it('attributes every member: JSON _feedmerge, Atom rel=related, RSS <source> and "Also reported by"', async () => {
    const json = JSON.parse(doc(pub, 'json')) as JsonFeed;
    expect(json.items[0]!._feedmerge).toEqual({
      story_id: ids.merged,
      items: [
        {
          source: 'tagesschau',
          key: storyIdFor('tagesschau', 'ts-1'),
          url: 'https://www.tagesschau.de/inland/bundestag-haushalt-100.html',
          title: 'Bundestag beschließt Haushalt für 2027',
          published: '2026-11-26T06:00:00.000Z',
        },
        // As the source wrote it, without its tracking parameters (the stored link has ?utm_source=rss&x=1).
        {
          source: 'spiegel',
          key: storyIdFor('spiegel', 'sp-1'),
          url: 'https://www.spiegel.de/politik/haushalt-2027-a-123.html?x=1',
          title: 'Haushalt 2027: Bundestag stimmt zu',
          published: '2026-11-26T06:10:00.000Z',
        },
        {
          source: 'zeit',
          key: storyIdFor('zeit', 'zeit-1'),
          url: 'https://www.zeit.de/politik/2026-11/haushalt',
          title: 'Bundestag verabschiedet Haushalt',
          published: '2026-11-26T06:20:00.000Z',
        },
      ],
    });
    const entry = children(parseXml(doc(pub, 'atom')), 'entry')[0]!;
    const related = children(entry, 'link').filter((l) => l.attributes['rel'] === 'related');
    expect(related.map((l) => l.attributes['href'])).toEqual(json.items[0]!._feedmerge.items.map((i) => i.url));
    expect(related[1]!.attributes['title']).toBe('DER SPIEGEL: Haushalt 2027: Bundestag stimmt zu');
    const item = children(child(parseXml(doc(pub, 'rss')), 'channel'), 'item')[0]!;
    expect(child(item, 'source').attributes['url']).toBe('https://www.tagesschau.de/xml/rss2/');
    expect(child(item, 'source').text).toBe('tagesschau.de');
    const description = child(item, 'description').text;
    expect(description).toContain('Also reported by');
    expect(description).toContain('href="https://www.spiegel.de/politik/haushalt-2027-a-123.html?x=1"');
    expect(description).toContain('href="https://www.zeit.de/politik/2026-11/haushalt"');
  });

  it('strips XML-illegal characters, keeps "]]>", "<" and entities in titles as plain text, and drops a stored <script>', async () => {
    const expected = 'Böse Eingabe ]]> 3 < 5 &amp; mehr';
    const atomEntry = children(parseXml(doc(pub, 'atom')), 'entry')[2]!;
    expect(child(atomEntry, 'title').text).toBe(expected);
    expect(child(atomEntry, 'title').attributes['type']).toBe('text');
    const rssItem = children(child(parseXml(doc(pub, 'rss')), 'channel'), 'item')[2]!;
    expect(child(rssItem, 'title').text).toBe(expected);
    const json = JSON.parse(doc(pub, 'json')) as JsonFeed;
    expect(json.items[2]!.title).toBe(expected);
    for (const format of ['rss', 'atom', 'json'] as const) {
      // eslint-disable-next-line no-control-regex
      expect(doc(pub, format)).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/);
      // The stored title's <script> is gone from every format, escaped or not.
      expect(doc(pub, format)).not.toContain('alert(1)');
    }
    expect(child(atomEntry, 'summary').text).toBe('Text mit ]]&gt; und ]]&gt; und  Steuerzeichen &amp; Entitäten &amp;lt;');
  });

  it('sanitises hostile HTML and makes relative links absolute', async () => {
    const json = JSON.parse(doc(pub, 'json')) as JsonFeed;
    const atomEntry = children(parseXml(doc(pub, 'atom')), 'entry')[2]!;
    const rssItem = children(child(parseXml(doc(pub, 'rss')), 'channel'), 'item')[2]!;
    for (const html of [json.items[2]!.content_html, child(atomEntry, 'content').text, child(rssItem, 'content:encoded').text]) {
      expect(html).toContain('Hallo');
      expect(html).toContain('Welt');
      expect(html).not.toMatch(/<(script|style|iframe|object|embed|form|input|svg|math)\b/i);
      expect(html).not.toMatch(/\son\w+\s*=/i);
      expect(html).not.toMatch(/(javascript|vbscript|data):/i);
      expect(html).not.toContain('alert');
      expect(html).not.toContain('style=');
      expect(html).toContain('src="https://www.zeit.de/digital/bild.jpg"');
      expect(html).toContain('href="https://www.zeit.de/andere/seite.html"');
    }
  });

  it('advertises WebSub hubs and self in every format', async () => {
    const atom = parseXml(doc(pub, 'atom'));
    expect(linksOf(atom, 'hub')).toEqual(['https://hub.example/', 'https://hub2.example/publish?a=1&b=2']);
    expect(linksOf(atom, 'self')).toEqual(['http://news.example.org/feeds/all.atom']);
    const channel = child(parseXml(doc(pub, 'rss')), 'channel');
    const atomLinks = children(channel, 'atom:link');
    expect(atomLinks.filter((l) => l.attributes['rel'] === 'hub').map((l) => l.attributes['href'])).toEqual([
      'https://hub.example/',
      'https://hub2.example/publish?a=1&b=2',
    ]);
    expect(atomLinks.find((l) => l.attributes['rel'] === 'self')?.attributes['href']).toBe('http://news.example.org/feeds/all.xml');
    const json = JSON.parse(doc(pub, 'json')) as JsonFeed;
    expect(json.hubs).toEqual([
      { type: 'WebSub', url: 'https://hub.example/' },
      { type: 'WebSub', url: 'https://hub2.example/publish?a=1&b=2' },
    ]);
  });

  it('is deterministic: re-rendering unchanged data later gives byte-identical documents and ETags', async () => {
    const again = await renderPublication(store, config, new Date('2026-11-27T12:34:56Z'));
    for (const [id, formats] of pub.outputs) {
      for (const [format, document] of formats) {
        const other = again.outputs.get(id)!.get(format)!;
        expect(other.body.equals(document.body)).toBe(true);
        expect(other.etag).toBe(document.etag);
        expect(other.lastModified).toBe('Thu, 26 Nov 2026 06:25:00 GMT');
      }
    }
    expect(changedOutputIds(pub, again)).toEqual([]);
    expect(changedOutputIds(null, again)).toEqual(['all']);
    for (const format of ['rss', 'atom', 'json'] as const) expect(doc(pub, format)).not.toContain('2026-11-27');
  });

  it('renders an empty output validly, dated when its publisher first rendered it, not 1970', async () => {
    const empty = await renderPublication(await memoryStore(), config, NOW, new Date('2026-11-26T06:30:00.750Z'));
    const atom = doc(empty, 'atom');
    // Whole seconds, as Last-Modified and a file's mtime hold them.
    expect(child(parseXml(atom), 'updated').text).toBe('2026-11-26T06:30:00.000Z');
    expect(child(child(parseXml(doc(empty, 'rss')), 'channel'), 'lastBuildDate').text).toBe('Thu, 26 Nov 2026 06:30:00 GMT');
    for (const format of ['rss', 'atom', 'json'] as const) {
      expect(empty.outputs.get('all')!.get(format)!.lastModified).toBe('Thu, 26 Nov 2026 06:30:00 GMT');
    }
    expect(empty.pages.get('/')!.lastModified).toBe('Thu, 26 Nov 2026 06:30:00 GMT');
    if (!xmllint.skip) expect(atomProblems(atom)).toBe('');
    expect(jsonFeedProblems(doc(empty, 'json'))).toEqual([]);
    expect(children(child(parseXml(doc(empty, 'rss')), 'channel'), 'item')).toEqual([]);
  });
});

describe('an output with no stories yet, published twice', () => {
  it('carries the first publish time in its feeds, Last-Modified and file mtime, and keeps it (and its ETag) later', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-empty-'));
    const config = testConfig({ publicDir: dir });
    const publisher = new Publisher(config, await memoryStore());
    const first = new Date('2026-11-26T07:00:00.400Z');
    await publisher.publish(first);
    const before = publisher.current().outputs.get('all')!;
    expect(await publisher.publish(new Date('2026-11-26T07:10:00Z'))).toEqual([]);
    const after = publisher.current().outputs.get('all')!;
    const atFirst = new Date('2026-11-26T07:00:00Z');
    expect(child(parseXml(after.get('atom')!.body.toString()), 'updated').text).toBe(atFirst.toISOString());
    expect(child(child(parseXml(after.get('rss')!.body.toString()), 'channel'), 'lastBuildDate').text).toBe(atFirst.toUTCString());
    for (const format of ['rss', 'atom', 'json'] as const) {
      expect(after.get(format)!.etag).toBe(before.get(format)!.etag);
      expect(after.get(format)!.lastModified).toBe(atFirst.toUTCString());
    }
    for (const file of ['feeds/all.xml', 'feeds/all.atom', 'feeds/all.json', 'index.html']) {
      expect(statSync(path.join(dir, file)).mtime.toISOString()).toBe(atFirst.toISOString());
    }
  });
});

describe('an output with no stories yet, published by one process after another', () => {
  // `poll --once` from cron: each run is a new publisher over the same database.
  it('keeps the date and ETag the first run stored', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-empty-'));
    const config = testConfig({ publicDir: dir });
    const store = await memoryStore();
    const firstRun = new Publisher(config, store);
    await firstRun.publish(new Date('2026-11-26T07:00:00.400Z'));
    const before = firstRun.current().outputs.get('all')!;
    const nextRun = new Publisher(config, store);
    await nextRun.publish(new Date('2026-11-26T07:10:00Z'));
    const after = nextRun.current().outputs.get('all')!;
    expect(child(child(parseXml(after.get('rss')!.body.toString()), 'channel'), 'lastBuildDate').text).toBe(
      'Thu, 26 Nov 2026 07:00:00 GMT',
    );
    for (const format of ['rss', 'atom', 'json'] as const) {
      expect(after.get(format)!.etag).toBe(before.get(format)!.etag);
      expect(after.get(format)!.lastModified).toBe('Thu, 26 Nov 2026 07:00:00 GMT');
    }
  });
});

describe('a story without an http(s) link', () => {
  // README, "Polling etiquette": a private feed's login goes in its URL. Nothing published may show it.
  it('publishes a source URL without its user and password, on the page and in RSS <source>', async () => {
    const store = await memoryStore();
    await addStory(store, [{ sourceId: 'paid', item: feedItem({ key: 'p1', url: 'https://paid.example/1', title: 'Bezahlt' }) }], {
      now: '2026-11-26T06:05:00.000Z',
    });
    const sources = [{ id: 'paid', url: 'https://reader:s3cret@paid.example/feed.rss', title: 'Paid' }];
    const pub = await renderPublication(store, testConfig({ sources }), NOW);
    const published = [...pub.pages.values(), ...[...pub.outputs.values()].flatMap((formats) => [...formats.values()])];
    for (const document of published) expect(document.body.toString('utf8')).not.toMatch(/s3cret|reader:/);
    expect(child(child(child(parseXml(doc(pub, 'rss')), 'channel'), 'item'), 'source').attributes['url']).toBe(
      'https://paid.example/feed.rss',
    );
    expect(pub.pages.get('/')!.body.toString('utf8')).toContain('https://paid.example/feed.rss');
  });

  // FreshRSS, Miniflux and Inoreader hand out private feed URLs keyed by a query token instead.
  it('publishes a source URL without its credential query parameters, keeping the others', async () => {
    const store = await memoryStore();
    await addStory(store, [{ sourceId: 'paid', item: feedItem({ key: 'p1', url: 'https://paid.example/1', title: 'Bezahlt' }) }], {
      now: '2026-11-26T06:05:00.000Z',
    });
    const sources = [{ id: 'paid', url: 'https://paid.example/feed.rss?cat=tech&Token=k3y&API_KEY=x9z', title: 'Paid' }];
    const pub = await renderPublication(store, testConfig({ sources }), NOW);
    const published = [...pub.pages.values(), ...[...pub.outputs.values()].flatMap((formats) => [...formats.values()])];
    for (const document of published) expect(document.body.toString('utf8')).not.toMatch(/k3y|x9z/);
    expect(child(child(child(parseXml(doc(pub, 'rss')), 'channel'), 'item'), 'source').attributes['url']).toBe(
      'https://paid.example/feed.rss?cat=tech',
    );
    expect(pub.pages.get('/')!.body.toString('utf8')).toContain('https://paid.example/feed.rss?cat=tech');
  });

  // A sign of a login withoutLogin does not take out (a credential name after ";" or "#" or escaped, a
  // login nested deeper than it looks): the part of the source URL that shows it is cut (publishedFeedUrl).
  it.each([
    ['https://paid.example/feed.rss?lang=de;token=k3y', 'https://paid.example/feed.rss'],
    ['https://paid.example/feed.rss#access_token=k3y', 'https://paid.example/feed.rss'],
    ['https://paid.example/feed.rss?token%3Dk3y', 'https://paid.example/feed.rss'],
    ['https://r.example/go?a=https://b.example/?c=https://d.example/?e=https://u:k3y@paid.example/', 'https://r.example/go'],
  ])('publishes the source URL %s as %s, on the page and in RSS <source>', async (url, published) => {
    const store = await memoryStore();
    await addStory(store, [{ sourceId: 'paid', item: feedItem({ key: 'p1', url: 'https://paid.example/1', title: 'Bezahlt' }) }], {
      now: '2026-11-26T06:05:00.000Z',
    });
    const pub = await renderPublication(store, testConfig({ sources: [{ id: 'paid', url, title: 'Paid' }] }), NOW);
    const documents = [...pub.pages.values(), ...[...pub.outputs.values()].flatMap((formats) => [...formats.values()])];
    for (const document of documents) expect(document.body.toString('utf8')).not.toMatch(/k3y/);
    expect(child(child(child(parseXml(doc(pub, 'rss')), 'channel'), 'item'), 'source').attributes['url']).toBe(published);
    expect(pub.pages.get('/')!.body.toString('utf8')).toContain(`>${published}</a>`);
  });

  // A feed whose item links only `javascript:` (or nothing): the link is dropped, and the entry must
  // still lead somewhere that shows the story. "/" lists outputs, not stories; the output's page has
  // a row with the story's id.
  it('links to its row on the output page, in every format and on that page', async () => {
    const store = await memoryStore();
    const id = await addStory(
      store,
      [
        {
          sourceId: 'zeit',
          item: feedItem({ key: 'no-link', url: 'javascript:alert(1)', title: 'Ohne Link', published: '2026-11-26T06:00:00.000Z' }),
        },
      ],
      { now: '2026-11-26T06:05:00.000Z' },
    );
    const pub = await renderPublication(store, testConfig(), NOW);
    const expected = `http://news.example.org/outputs/all.html#story-${id}`;
    const json = JSON.parse(doc(pub, 'json')) as JsonFeed;
    expect(json.items[0]!.url).toBe(expected);
    expect(child(child(child(parseXml(doc(pub, 'rss')), 'channel'), 'item'), 'link').text).toBe(expected);
    expect(linksOf(child(parseXml(doc(pub, 'atom')), 'entry'), 'alternate')).toEqual([expected]);
    const page = pub.pages.get('/outputs/all.html')!.body.toString('utf8');
    expect(page).toContain(`<li id="story-${id}">`);
    expect(page).toContain(`href="${expected}"`);
    expect(pub.pages.get('/')!.body.toString('utf8')).not.toContain(`story-${id}`);
  });
});

// A JSON Feed item may have no title (only content_html); its member line must not read "DER SPIEGEL: ".
describe('a story with an untitled member', () => {
  it('names the member by its source alone in Atom, RSS and on the page, and gives JSON a null title', async () => {
    const store = await memoryStore();
    const now = '2026-11-26T06:05:00.000Z';
    const id = await addStory(
      store,
      [
        { sourceId: 'zeit', item: feedItem({ key: 'z1', url: 'https://www.zeit.de/1', title: 'Ohne Titel im Spiegel', published: now }) },
        { sourceId: 'spiegel', item: feedItem({ key: 's1', url: 'https://www.spiegel.de/1', title: '', published: now }) },
        { sourceId: 'tagesschau', item: feedItem({ key: 't1', url: null, title: '', published: now }) },
      ],
      { now },
    );
    const pub = await renderPublication(store, testConfig(), NOW);
    const json = JSON.parse(doc(pub, 'json')) as JsonFeed;
    expect(json.items[0]!._feedmerge.items.map((i) => i.title)).toEqual(['Ohne Titel im Spiegel', null, null]);
    expect(jsonFeedProblems(doc(pub, 'json'))).toEqual([]);
    const related = children(child(parseXml(doc(pub, 'atom')), 'entry'), 'link').filter((l) => l.attributes['rel'] === 'related');
    expect(related.map((l) => l.attributes['title'])).toEqual(['ZEIT ONLINE: Ohne Titel im Spiegel', 'DER SPIEGEL']);
    const description = child(children(child(parseXml(doc(pub, 'rss')), 'channel'), 'item')[0]!, 'description').text;
    expect(description).toContain('<li><a href="https://www.spiegel.de/1"><bdi>DER SPIEGEL</bdi></a> (2026-11-26 06:05 UTC)</li>');
    expect(description).toContain('<li><bdi>tagesschau.de</bdi> (2026-11-26 06:05 UTC)</li>');
    const page = pub.pages.get('/outputs/all.html')!.body.toString('utf8');
    const row = page.slice(page.indexOf(`<li id="story-${id}">`));
    expect(row).toMatch(
      /<li><strong><bdi>DER SPIEGEL<\/bdi><\/strong> · <time[^>]*>[^<]*<\/time> · <a href="https:\/\/www.spiegel.de\/1" dir="auto" lang="de">\(untitled\)<\/a><\/li>/,
    );
    expect(row).toMatch(/<li><strong><bdi>tagesschau.de<\/bdi><\/strong> · <time[^>]*>[^<]*<\/time><\/li>/);
    for (const text of [description, page, ...related.map((l) => l.attributes['title']!)]) expect(text).not.toMatch(/: (\(|<\/li>|$)/);
  });
});

// Microblog feeds (Mastodon's RSS) send text without a title: each such story is headed by its lead's
// opening, so a reader's list does not show a column of "(untitled)".
describe('a story whose representative has no title', () => {
  it('is headed by the opening of its lead in every format, and "(untitled)" only without one', async () => {
    const store = await memoryStore();
    const now = '2026-11-26T06:05:00.000Z';
    const long =
      'mastodon.social is now entirely served from our new Kubernetes cluster, after three weeks of moving every service over one by one';
    await addStory(
      store,
      [{ sourceId: 'zeit', item: feedItem({ key: 'm1', url: 'https://m.example/1', title: '', summary: long, published: now }) }],
      {
        now,
      },
    );
    await addStory(
      store,
      [
        {
          sourceId: 'zeit',
          item: feedItem({
            key: 'm2',
            url: 'https://m.example/2',
            title: '',
            summary: 'Got a wedding date 😎',
            published: '2026-11-26T06:00:00.000Z',
          }),
        },
      ],
      { now },
    );
    await addStory(
      store,
      [{ sourceId: 'zeit', item: feedItem({ key: 'm3', url: 'https://m.example/3', title: '', published: '2026-11-26T05:00:00.000Z' }) }],
      {
        now,
      },
    );
    const pub = await renderPublication(store, testConfig(), NOW);
    const expected = [
      'mastodon.social is now entirely served from our new Kubernetes cluster, after three weeks of moving…',
      'Got a wedding date 😎',
      '(untitled)',
    ];
    expect((JSON.parse(doc(pub, 'json')) as JsonFeed).items.map((i) => i.title)).toEqual(expected);
    const atomTitles = children(parseXml(doc(pub, 'atom')), 'entry').map((e) => child(e, 'title').text);
    expect(atomTitles).toEqual(expected);
    const rssTitles = children(child(parseXml(doc(pub, 'rss')), 'channel'), 'item').map((i) => child(i, 'title').text);
    expect(rssTitles).toEqual(expected);
  });
});

describe('a story that gains a member', () => {
  it('keeps its id everywhere and moves only its update time', async () => {
    const store = await memoryStore();
    const { merged } = await newsDay(store);
    const config = testConfig();
    const before = await renderPublication(store, config, NOW);
    // A fourth source reports the story later: dedup adds the member and moves `updated`.
    const { newItemIds } = await store.transaction((s) =>
      s.items.ingest(
        'local',
        'de',
        [
          feedItem({
            key: 'local-1',
            url: 'https://local.example/haushalt',
            title: 'Haushalt durch',
            published: '2026-11-26T06:40:00.000Z',
          }),
        ],
        '2026-11-26T06:45:00.000Z',
      ),
    );
    const story = (await store.stories.get(merged))!;
    await store.placements.apply({
      placements: [{ itemId: newItemIds[0]!, storyId: merged, linkKey: null }],
      stories: [{ ...story, updated: '2026-11-26T06:45:00.000Z' }],
      merges: [],
      decisions: [],
    });
    const after = await renderPublication(store, config, NOW);
    expect(changedOutputIds(before, after)).toEqual(['all']);

    const entry = (p: Publication): XmlNode => children(parseXml(doc(p, 'atom')), 'entry')[0]!;
    expect(child(entry(after), 'id').text).toBe(child(entry(before), 'id').text);
    expect(child(entry(after), 'updated').text).toBe('2026-11-26T06:45:00.000Z');
    expect(child(entry(after), 'published').text).toBe('2026-11-26T06:00:00.000Z');
    expect(children(entry(after), 'link').filter((l) => l.attributes['rel'] === 'related')).toHaveLength(4);

    const json = (p: Publication): JsonFeed['items'][number] => (JSON.parse(doc(p, 'json')) as JsonFeed).items[0]!;
    expect(json(after).id).toBe(json(before).id);
    expect(json(after).date_modified).toBe('2026-11-26T06:45:00.000Z');
    expect(json(after)._feedmerge.items.map((i) => i.source)).toEqual(['tagesschau', 'spiegel', 'zeit', 'local']);

    const guid = (p: Publication): string => child(children(child(parseXml(doc(p, 'rss')), 'channel'), 'item')[0]!, 'guid').text;
    expect(guid(after)).toBe(guid(before));
    // A source given as a file path has no feed URL to name in <source url>; its member is still listed.
    expect(doc(after, 'rss')).toContain('Local file &amp;amp; Co');
  });
});

describe('output selection', () => {
  let store: Store;
  beforeAll(async () => {
    store = await memoryStore();
    await newsDay(store);
    await addStory(
      store,
      [
        {
          sourceId: 'tagesschau',
          language: 'en',
          item: feedItem({
            key: 'ts-en',
            url: 'https://www.tagesschau.de/en/x',
            title: 'Budget passed in Berlin',
            published: '2026-11-20T06:00:00.000Z',
            categories: ['Politics'],
          }),
        },
      ],
      { now: '2026-11-20T06:00:00.000Z' },
    );
  });
  const titles = async (outputs: NonNullable<ConfigInput['outputs']>): Promise<string[]> => {
    const pub = await renderPublication(store, testConfig({ outputs }), NOW);
    return (JSON.parse(doc(pub, 'json', outputs[0]!.id)) as JsonFeed).items.map((i) => i.title);
  };

  it.each([
    ['include a plain word, case-insensitive', { include: ['haushalt'] }, ['Bundestag beschließt Haushalt für 2027']],
    ['include matches whole words only', { include: ['Klima'] }, []],
    [
      'include a /regex/flags',
      { include: ['/^klima/i'] },
      ['Klimawandel: Gletscher schmelzen schneller "als erwartet" & 3 < 5 \'nicht\' fett'],
    ],
    ['exclude', { exclude: ['Gletscher', 'budget'] }, ['Bundestag beschließt Haushalt für 2027', 'Böse Eingabe ]]> 3 < 5 &amp; mehr']],
    ['languages', { languages: ['en'] }, ['Budget passed in Berlin']],
    ['categories', { categories: ['inland'] }, ['Bundestag beschließt Haushalt für 2027']],
    ['limit', { limit: 1 }, ['Bundestag beschließt Haushalt für 2027']],
    [
      'maxAgeHours',
      { maxAgeHours: 2 },
      ['Bundestag beschließt Haushalt für 2027', 'Klimawandel: Gletscher schmelzen schneller "als erwartet" & 3 < 5 \'nicht\' fett'],
    ],
  ])('%s', async (_name, rules, expected) => {
    expect(await titles([{ id: 'x', ...rules }])).toEqual(expected);
  });

  it('sources: only stories with a member from them, headed by an allowed member', async () => {
    const pub = await renderPublication(store, testConfig({ outputs: [{ id: 'zeit', sources: ['zeit'] }] }), NOW);
    const json = JSON.parse(doc(pub, 'json', 'zeit')) as JsonFeed;
    expect(json.items.map((i) => i.title)).toEqual(['Bundestag verabschiedet Haushalt', 'Böse Eingabe ]]> 3 < 5 &amp; mehr']);
    expect(json.items[0]!.url).toBe('https://www.zeit.de/politik/2026-11/haushalt');
    expect(json.items[0]!._feedmerge.items.map((i) => i.source)).toEqual(['zeit']);
  });
});

describe('paging', () => {
  it('splits older stories into Atom (RFC 5005) and JSON Feed pages whose links resolve to every story once', async () => {
    const store = await memoryStore();
    for (let i = 0; i < 25; i++) {
      const minute = String(i).padStart(2, '0');
      await addStory(
        store,
        [
          {
            sourceId: 'spiegel',
            item: feedItem({
              key: `p${i}`,
              url: `https://www.spiegel.de/p/${i}`,
              title: `Meldung ${i}`,
              published: `2026-11-26T05:${minute}:00.000Z`,
            }),
          },
        ],
        { now: '2026-11-26T06:00:00.000Z' },
      );
    }
    const config = testConfig({ outputs: [{ id: 'all', limit: 10 }] });
    const pub = await renderPublication(store, config, NOW);
    const byUrl = (url: string): string => {
      const path = url.replace('http://news.example.org', '');
      const found = path.match(/^\/feeds\/all\.(atom|json)$/)
        ? pub.outputs.get('all')!.get(path.endsWith('.atom') ? 'atom' : 'json')
        : pub.pages.get(path);
      if (!found) throw new Error(`unresolved paging link ${url}`);
      return found.body.toString();
    };

    const jsonTitles: string[] = [];
    let url: string | undefined = 'http://news.example.org/feeds/all.json';
    while (url) {
      const text = byUrl(url);
      expect(jsonFeedProblems(text)).toEqual([]);
      const page = JSON.parse(text) as JsonFeed;
      jsonTitles.push(...page.items.map((i) => i.title));
      url = page.next_url;
    }
    const expected = Array.from({ length: 25 }, (_, i) => `Meldung ${24 - i}`);
    expect(jsonTitles).toEqual(expected);

    const atomTitles: string[] = [];
    let atomUrl: string | undefined = 'http://news.example.org/feeds/all.atom';
    const visited: string[] = [];
    while (atomUrl) {
      visited.push(atomUrl);
      const text = byUrl(atomUrl);
      if (!xmllint.skip) expect(atomProblems(text)).toBe('');
      const feed = parseXml(text);
      expect(linksOf(feed, 'first')).toEqual(['http://news.example.org/feeds/all.atom']);
      expect(linksOf(feed, 'last')).toEqual(['http://news.example.org/feeds/all/page/3.atom']);
      atomTitles.push(...children(feed, 'entry').map((e) => child(e, 'title').text));
      atomUrl = linksOf(feed, 'next')[0];
    }
    expect(atomTitles).toEqual(expected);
    expect(visited).toEqual([
      'http://news.example.org/feeds/all.atom',
      'http://news.example.org/feeds/all/page/2.atom',
      'http://news.example.org/feeds/all/page/3.atom',
    ]);
    expect(linksOf(parseXml(byUrl('http://news.example.org/feeds/all/page/3.atom')), 'previous')).toEqual([
      'http://news.example.org/feeds/all/page/2.atom',
    ]);
    // RSS has no paging: its single document holds the first page.
    expect(children(child(parseXml(doc(pub, 'rss')), 'channel'), 'item')).toHaveLength(10);
  });
});
