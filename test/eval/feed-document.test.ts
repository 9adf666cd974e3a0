// The harness's feed writers: every format, and the ISO-8859-1 one, read back by our own parser to the
// same items, so that an evaluation run measures the engine, not a writer/reader mismatch.
import { describe, expect, it } from 'vitest';
import { evalFeedFormats, feedDocument, servedTimeMs, type DocumentItem } from '../../scripts/eval/feed-document.js';
import { parseFeed } from '../../src/parse/parse-feed.js';

const items: DocumentItem[] = [
  {
    guid: 'urn:feedmerge-eval:1',
    title: 'Größe & „Zitat“ – 5 € für Kiew, 東京 und Café 😀',
    summary: 'Ein Lead mit <spitzen Klammern> & Umlauten: äöüß.',
    url: 'https://outlet.example/artikel/1?a=1&b=2',
    publishedMs: Date.parse('2026-03-09T07:12:00Z'),
    contentHtml: '<p>Der <b>Text</b> des Artikels.</p>',
  },
  {
    guid: 'urn:feedmerge-eval:2',
    title: 'Zweite Meldung ohne Lead',
    summary: '',
    url: 'https://outlet.example/artikel/2',
    publishedMs: Date.parse('2026-03-09T08:00:30Z'),
  },
];

const expectedFormat = { rss2: 'rss2.0', 'rss2-latin1': 'rss2.0', atom1: 'atom1.0', rdf: 'rss1.0' } as const;

describe('feedDocument', () => {
  it.each(evalFeedFormats)('%s reads back to the same items', async (format) => {
    const document = feedDocument(format, { title: 'Quelle', link: 'https://outlet.example/', language: 'de' }, items);
    const feed = await parseFeed(document.body, {
      contentType: document.contentType,
      url: 'http://127.0.0.1/feed',
      fetchedAt: '2026-03-10T00:00:00Z',
    });
    expect(feed.format).toBe(expectedFormat[format]);
    expect(feed.language).toBe('de');
    expect(feed.items.map((i) => ({ title: i.title, summary: i.summary, url: i.url, published: i.published }))).toEqual(
      items.map((i) => ({
        title: i.title,
        // Tag-shaped text that pairs with nothing and has no prefix stays in a lead (html-to-plain-text.ts).
        summary: i.summary,
        url: i.url,
        published: new Date(i.publishedMs).toISOString(),
      })),
    );
    // RSS 1.0 has no guid: the harness finds those items by link.
    expect(feed.items.map((i) => i.guid)).toEqual(format === 'rdf' ? [null, null] : items.map((i) => i.guid));
    expect(feed.items[0]!.contentHtml).toContain('<b>Text</b>');
  });

  it('writes the Latin-1 feed as ISO-8859-1 bytes and says so in Content-Type', () => {
    const document = feedDocument('rss2-latin1', { title: 'Quelle', link: 'https://outlet.example/', language: 'de' }, items);
    expect(document.contentType).toBe('application/rss+xml; charset=ISO-8859-1');
    // "ä" is one byte 0xE4 (not UTF-8's C3 A4); "€" (not in ISO-8859-1) is a character reference.
    expect(document.body.includes(Buffer.from([0xe4]))).toBe(true);
    expect(document.body.includes(Buffer.from('ä', 'utf8'))).toBe(false);
    expect(document.body.toString('latin1')).toContain('&#8364;');
  });

  // calibrate-engine.ts replays a set with these times: they must be what the poller reads back, or the replay places the
  // items in another order than the real path (a sub-second swap moved UCI-cal's recall by 0.02).
  it.each(evalFeedFormats)('%s: servedTimeMs is the time the poller reads back', async (format) => {
    const ms = Date.parse('2026-03-09T07:12:00.789Z');
    const document = feedDocument(format, { title: 'Quelle', link: 'https://outlet.example/', language: 'de' }, [
      { ...items[1]!, publishedMs: ms },
    ]);
    const feed = await parseFeed(document.body, {
      contentType: document.contentType,
      url: 'http://127.0.0.1/feed',
      fetchedAt: '2026-03-10T00:00:00Z',
    });
    expect(feed.items[0]!.published).toBe(new Date(servedTimeMs(format, ms)).toISOString());
    expect(servedTimeMs(format, ms) === ms).toBe(format === 'atom1' || format === 'rdf');
  });
});
