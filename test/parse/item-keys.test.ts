// GUID repair: keys are distinct for distinct items and identical when the same document is re-read.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { assignItemKeys, type KeyInput } from '../../src/parse/item-keys.js';
import { parseFeed } from '../../src/parse/parse-feed.js';

const item = (guid: string | null, url: string | null, title: string, feedDate: string | null = null): KeyInput => ({
  guid,
  url,
  title,
  feedDate,
});
const fetchedAt = '2026-02-06T00:00:00.000Z';

describe('assignItemKeys', () => {
  it.each<[string, KeyInput[], (keys: string[]) => void]>([
    [
      'trustworthy guids are the keys',
      [item('g1', 'https://x.de/1', 'A'), item('g2', 'https://x.de/2', 'B')],
      (k) => expect(k).toEqual(['g1', 'g2']),
    ],
    [
      'one constant guid for all items → links',
      [
        item('https://x.de/', 'https://x.de/1', 'A'),
        item('https://x.de/', 'https://x.de/2', 'B'),
        item('https://x.de/', 'https://x.de/3', 'C'),
      ],
      (k) => expect(k).toEqual(['https://x.de/1', 'https://x.de/2', 'https://x.de/3']),
    ],
    [
      'a guid repeated by two items → those two use their links, the rest keep guids',
      [item('dup', 'https://x.de/1', 'A'), item('dup', 'https://x.de/2', 'B'), item('g3', 'https://x.de/3', 'C')],
      (k) => expect(k).toEqual(['https://x.de/1', 'https://x.de/2', 'g3']),
    ],
    [
      'missing guids → links',
      [item(null, 'https://x.de/1', 'A'), item('  ', 'https://x.de/2', 'B')].map((i) => ({ ...i, guid: i.guid?.trim() || null })),
      (k) => expect(k).toEqual(['https://x.de/1', 'https://x.de/2']),
    ],
    [
      'live ticker: no guids, every entry links one page → hashes, all distinct',
      [
        item(null, 'https://x.de/ticker', '18.35 Uhr: Gespräche', '2026-02-04T17:35:00.000Z'),
        item(null, 'https://x.de/ticker', '18.40 Uhr: Angriff', '2026-02-04T17:40:00.000Z'),
        item(null, 'https://x.de/ticker', '18.45 Uhr: Reaktion', null),
      ],
      (k) => {
        expect(new Set(k).size).toBe(3);
        for (const key of k) expect(key).toMatch(/^[0-9a-f]{40}$/);
      },
    ],
    [
      'ticker with a constant guid and one shared link → hashes',
      [
        item('ticker', 'https://x.de/t', 'Eins', '2026-02-04T17:35:00.000Z'),
        item('ticker', 'https://x.de/t', 'Zwei', '2026-02-04T17:35:00.000Z'),
      ],
      (k) => expect(k[0]).not.toBe(k[1]),
    ],
    [
      'a link equal to another item’s guid is not reused as a key',
      [item('https://x.de/1', 'https://x.de/1', 'A'), item(null, 'https://x.de/1', 'B')],
      (k) => {
        expect(k[0]).toBe('https://x.de/1');
        expect(k[1]).not.toBe('https://x.de/1');
      },
    ],
    [
      'no guid, no link → hash of title and date',
      [item(null, null, 'A', '2026-01-01T00:00:00.000Z'), item(null, null, 'B', '2026-01-01T00:00:00.000Z')],
      (k) => expect(k[0]).not.toBe(k[1]),
    ],
  ])('%s', (_name, items, check) => {
    const keys = assignItemKeys(items);
    check(keys);
    // Deterministic: the same document gives the same keys.
    expect(assignItemKeys(items.map((i) => ({ ...i })))).toEqual(keys);
  });

  it('keeps each ticker entry’s key when new entries are added on the next poll', () => {
    const first = [
      item(null, 'https://x.de/ticker', 'Eins', '2026-02-04T17:35:00.000Z'),
      item(null, 'https://x.de/ticker', 'Zwei', '2026-02-04T17:40:00.000Z'),
    ];
    const second = [item(null, 'https://x.de/ticker', 'Drei', '2026-02-04T17:45:00.000Z'), ...first];
    const before = assignItemKeys(first);
    const after = assignItemKeys(second);
    expect(after.slice(1)).toEqual(before);
  });
});

describe('item keys through parseFeed', () => {
  // RSS 2.0 needs only a title or a description per item: microblog-style feeds send description-only
  // items, often without guid, link or date. Keyed by link + title + date alone, they all shared one key
  // and each overwrote the one before it in the store.
  it('gives description-only items (no title, guid, link or date) distinct keys that survive the next poll', async () => {
    const note = (text: string): string => `<item><description>${text}</description></item>`;
    const poll1 = Buffer.from(
      `<rss version="2.0"><channel><title>Notes</title>${note('Trains run late today')}${note('Boats leave early')}</channel></rss>`,
    );
    const poll2 = Buffer.from(
      `<rss version="2.0"><channel><title>Notes</title>${note('Planes are grounded')}${note('Trains run late today')}${note('Boats leave early')}</channel></rss>`,
    );
    const first = await parseFeed(poll1, { fetchedAt });
    const second = await parseFeed(poll2, { fetchedAt });
    expect(first.items.map((i) => i.title)).toEqual(['', '']);
    expect(new Set(first.items.map((i) => i.key)).size).toBe(2);
    expect(new Set(second.items.map((i) => i.key)).size).toBe(3);
    expect(second.items.slice(1).map((i) => i.key)).toEqual(first.items.map((i) => i.key));
  });

  // Untitled items that carry a date already had distinct keys (link + "" + date) before the lead named
  // untitled items. Keyed by their text since, they came back under new keys after an upgrade and were
  // republished as new entries. Only items with neither title nor date needed the text.
  it('keys a dated untitled item as before, so an edit of its text keeps its key', async () => {
    const note = (text: string): string =>
      `<rss version="2.0"><channel><title>Notes</title><item><description>${text}</description><pubDate>Tue, 03 Feb 2026 10:00:00 GMT</pubDate></item></channel></rss>`;
    const [before] = (await parseFeed(Buffer.from(note('Older note 3')), { fetchedAt })).items;
    const [edited] = (await parseFeed(Buffer.from(note('Older note 3, corrected')), { fetchedAt })).items;
    const keyBeforeUpgrade = createHash('sha256').update(`\n\n${before!.published}`).digest('hex').slice(0, 40);
    expect(before!.key).toBe(keyBeforeUpgrade);
    expect(edited!.key).toBe(before!.key);
  });

  const ticker = (entries: [string, string][]): Buffer =>
    Buffer.from(
      `<rss version="2.0"><channel><title>Ticker</title>${entries
        .map(
          ([time, title]) =>
            `<item><title>${title}</title><link>https://www.example.de/ukraine-ticker#${time}</link><guid>https://www.example.de/ukraine-ticker</guid><pubDate>Wed, 04 Feb 2026 ${time}:00 +0100</pubDate></item>`,
        )
        .join('')}</channel></rss>`,
    );

  it('gives a ticker (constant guid, #anchor links) distinct keys that survive a re-parse', async () => {
    const body = ticker([
      ['18:35', 'Kiewer Seite nennt Gespräche konstruktiv'],
      ['18:40', 'Neue Angriffe gemeldet'],
    ]);
    const once = await parseFeed(body, { fetchedAt });
    const twice = await parseFeed(body, { fetchedAt });
    expect(once.items.map((i) => i.key)).toEqual(twice.items.map((i) => i.key));
    // The anchors make the links distinct, so they are the keys.
    expect(once.items.map((i) => i.key)).toEqual([
      'https://www.example.de/ukraine-ticker#18:35',
      'https://www.example.de/ukraine-ticker#18:40',
    ]);
    expect(once.items.map((i) => i.guid)).toEqual(['https://www.example.de/ukraine-ticker', 'https://www.example.de/ukraine-ticker']);
  });

  it('gives a ticker without guids, all entries linking one page, distinct keys that survive the next poll', async () => {
    const entry = (time: string, title: string): string =>
      `<item><title>${title}</title><link>https://www.example.de/ukraine-ticker</link><pubDate>Wed, 04 Feb 2026 ${time}:00 +0100</pubDate></item>`;
    const poll1 = Buffer.from(
      `<rss version="2.0"><channel><title>Ticker</title>${entry('18:35', 'Gespräche konstruktiv')}${entry('18:40', 'Neue Angriffe')}</channel></rss>`,
    );
    const poll2 = Buffer.from(
      `<rss version="2.0"><channel><title>Ticker</title>${entry('18:45', 'Reaktion aus Moskau')}${entry('18:35', 'Gespräche konstruktiv')}${entry('18:40', 'Neue Angriffe')}</channel></rss>`,
    );
    const first = await parseFeed(poll1, { fetchedAt });
    const second = await parseFeed(poll2, { fetchedAt });
    expect(new Set(second.items.map((i) => i.key)).size).toBe(3);
    expect(second.items.slice(1).map((i) => i.key)).toEqual(first.items.map((i) => i.key));
    // Matching still sees one page: the ticker case is the item key's job, not canonicalUrl's.
    expect(new Set(second.items.map((i) => i.canonicalUrl)).size).toBe(1);
  });
});
