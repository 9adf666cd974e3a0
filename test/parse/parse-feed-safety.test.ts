// Hostile documents: XXE, billion laughs, prototype-shaped element names, unsafe links, future dates.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { escapeOpenDeclarations } from '../../src/parse/escape-open-declarations.js';
import { parseFeed } from '../../src/parse/parse-feed.js';
import { readWithFeedParser } from '../../src/parse/read-with-feed-parser.js';
import { publishedEnclosures } from '../../src/publish/published-enclosures.js';

const fixture = (name: string): string => readFileSync(path.join(import.meta.dirname, '../fixtures/parse', name), 'utf8');
const fetchedAt = '2026-02-06T00:00:00.000Z';
const temporary = mkdtempSync(path.join(tmpdir(), 'feedmerge-parse-'));
afterAll(() => rmSync(temporary, { recursive: true, force: true }));

describe('parseFeed safety', () => {
  it('never reads a local file named by an external entity (XXE)', async () => {
    const secretFile = path.join(temporary, 'secret.txt');
    writeFileSync(secretFile, 'TOP-SECRET-7f3a');
    for (const reference of [pathToFileURL(secretFile).href, secretFile]) {
      const body = Buffer.from(fixture('xxe-external-entity-local-file.xml').replace('FILE_URL', reference));
      const feed = await parseFeed(body, { fetchedAt });
      expect(JSON.stringify(feed)).not.toContain('TOP-SECRET');
      // A plain-text internal entity is still expanded (what the Universal Feed Parser does).
      expect(feed.items[0]!.title).toMatch(/^Gespräche und /);
    }
  });

  it('keeps script and style bodies out of Atom xhtml titles', async () => {
    const feed = await parseFeed(Buffer.from(fixture('atom10-xhtml-title-script-style.xml')), { fetchedAt });
    expect(feed.items.map((i) => i.title)).toEqual(['Anschlag auf Bahnstrecke: Ermittler prüfen Bekennerschreiben', 'Kurzer Text & mehr']);
  });

  it('does not expand nested entities (billion laughs) and stays small', async () => {
    const feed = await parseFeed(Buffer.from(fixture('billion-laughs.xml')), { fetchedAt });
    expect(feed.items).toHaveLength(1);
    expect(JSON.stringify(feed).length).toBeLessThan(5_000);
    expect(JSON.stringify(feed)).not.toContain('lollollol');
  });

  it('bounds the expansion of a flat internal entity referenced many times (linear, not nested, blow-up)', async () => {
    // 60 KB of "&wide;" references to a 1,000-character entity: 20 M characters once expanded. Before,
    // a 1.2 MB body of them took 6 s and 575 MB in a parse thread, and its 400 M characters went into contentHtml.
    const references = '&wide;'.repeat(10_000);
    const body = Buffer.from(
      `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY wide "${'x'.repeat(1_000)}">]><rss version="2.0"><channel><title>Breit</title>` +
        `<item><title>Breit &wide;</title><guid>breit-1</guid><description>${references}${references}</description></item></channel></rss>`,
    );
    const feed = await parseFeed(body, { fetchedAt });
    expect(feed.items.map((i) => i.key)).toEqual(['breit-1']);
    expect(feed.items[0]!.title).toMatch(/^Breit x{100}/);
    expect(feed.items[0]!.contentHtml!.length).toBeLessThan(2_000_000);
  });

  // A cut-off document went to the tolerant reader, which is quadratic in items: 2,000 took 5 s, 8,000
  // 100 s, and a 15 MB feed cut by a proxy (or a server sending 300 KB of empty items, unclosed) held a parse thread for hours.
  it.each([
    [
      'RSS',
      '<rss version="2.0"><channel><title>Lang</title>',
      (i: number) => `<item><title>Meldung ${i}</title><guid>g${i}</guid></item>`,
      '<item><tit',
    ],
    [
      'Atom',
      '<feed xmlns="http://www.w3.org/2005/Atom"><title>Lang</title>',
      (i: number) => `<entry><title>Meldung ${i}</title><id>g${i}</id></entry>`,
      '<entry><ti',
    ],
  ])('reads a cut-off %s document of 20,000 entries in bounded time', async (_format, head, entry, tail) => {
    const body = Buffer.from(`<?xml version="1.0"?>${head}${Array.from({ length: 20_000 }, (_, i) => entry(i)).join('')}${tail}`);
    const started = Date.now();
    const feed = await parseFeed(body, { fetchedAt });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(feed.items).toHaveLength(20_000);
    expect(feed.items[19_999]!.title).toBe('Meldung 19999');
    expect(feed.warning).toBe('feed cut off after 20000 complete items (the document ends inside the next item, which is left out)');
  });

  // Shapes aimed at the cut-off repair itself: a "<channel " with no ">" after it made its pattern scan to
  // the end of the document each time (32,000 of them, 320 KB: 12 s). Read or refused, either is fine; fast.
  it.each([
    ['"<channel x" without ">", 64,000 times', '<channel x'.repeat(64_000)],
    ['"<item x" without ">", 64,000 times', '<item x'.repeat(64_000)],
    ['"<x:channel" names without ">", 64,000 times', '<x:channel'.repeat(64_000)],
  ])('handles a cut-off document ending in %s in bounded time', async (_shape, tail) => {
    const body = Buffer.from(`<rss version="2.0"><channel><title>t</title><item><title>a</title></item>${tail}`);
    const started = Date.now();
    await parseFeed(body, { fetchedAt }).catch(() => null);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  // A "</channel>" that is text, not markup, before the items made the repair append only "</rss>": the strict
  // reader refused, and the quadratic tolerant reader read 4,000 items in 26 s.
  it.each([
    ['CDATA', '<description><![CDATA[</channel>]]></description>'],
    ['a comment', '<!-- </channel> -->'],
    ['a processing instruction', '<?note </channel> ?>'],
    ['the DOCTYPE', '', '<!DOCTYPE rss [<!ENTITY end "</channel>">]>'],
  ])(
    'reads a cut-off document of 20,000 items with "</channel>" in %s before them, in bounded time',
    async (_place, inChannel, doctype = '') => {
      const items = Array.from({ length: 20_000 }, (_, i) => `<item><title>Meldung ${i}</title><guid>g${i}</guid></item>`).join('');
      const body = Buffer.from(
        `<?xml version="1.0"?>${doctype}<rss version="2.0"><channel><title>Lang</title>${inChannel}${items}<item><ti`,
      );
      const started = Date.now();
      const feed = await parseFeed(body, { fetchedAt });
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(feed.items).toHaveLength(20_000);
      expect(feed.items[19_999]!.title).toBe('Meldung 19999');
    },
  );

  // The tolerant reader read the feed's authors and categories afresh for each item without its own (a scan
  // of every channel child): 4,000 items took 26 s, 8,000 about 100 s. It reads whatever the strict one
  // refuses, so a large broken feed held a parse thread for minutes.
  it('the tolerant reader reads 8,000 items in bounded time', () => {
    const items = Array.from({ length: 8_000 }, (_, i) => `<item><title>Meldung ${i}</title><guid>g${i}</guid></item>`).join('');
    const started = Date.now();
    const feed = readWithFeedParser(`<?xml version="1.0"?><rss version="2.0"><channel><title>Lang</title>${items}</channel></rss>`);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(feed.items).toHaveLength(8_000);
    expect(feed.items[7_999]!.title).toBe('Meldung 7999');
  });

  // 100,000 <enclosure>s on one item took seconds to parse and were all stored, a 7.5 MB row. Per item,
  // the first 50 distinct enclosures are kept (in the reader's order: <enclosure>s, then media:content),
  // the first 100 categories (duplicates then dropped) and one author (the first).
  const many = 1_000;
  const numbered = (make: (i: number) => string) => Array.from({ length: many }, (_, i) => make(i)).join('');
  it.each([
    [
      'RSS <enclosure>, repeated first',
      `<rss version="2.0"><channel><title>T</title><item><title>Eins</title>` +
        `<enclosure url="https://m.example/0.mp3" type="audio/mpeg" length="1"/>` +
        numbered((i) => `<enclosure url="https://m.example/${i}.mp3" type="audio/mpeg" length="1"/>`) +
        numbered((i) => `<category>Kategorie ${i}</category>`) +
        `<author>erste@example.org (Erste)</author><author>zweite@example.org (Zweite)</author></item></channel></rss>`,
    ],
    [
      'RSS media:content',
      `<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>T</title><item><title>Eins</title>` +
        numbered((i) => `<media:content url="https://m.example/${i}.mp3" type="audio/mpeg" fileSize="1"/>`) +
        numbered((i) => `<category>Kategorie ${i}</category>`) +
        `<author>erste@example.org (Erste)</author><author>zweite@example.org (Zweite)</author></item></channel></rss>`,
    ],
    [
      'Atom link rel="enclosure"',
      `<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><title>Eins</title><id>e1</id>` +
        numbered((i) => `<link rel="enclosure" href="https://m.example/${i}.mp3" type="audio/mpeg" length="1"/>`) +
        numbered((i) => `<category term="Kategorie ${i}"/>`) +
        `<author><name>erste@example.org (Erste)</name></author><author><name>zweite</name></author></entry></feed>`,
    ],
    [
      'JSON Feed attachments',
      JSON.stringify({
        version: 'https://jsonfeed.org/version/1.1',
        title: 'T',
        items: [
          {
            id: 'e1',
            title: 'Eins',
            attachments: Array.from({ length: many }, (_, i) => ({
              url: `https://m.example/${i}.mp3`,
              mime_type: 'audio/mpeg',
              size_in_bytes: 1,
            })),
            tags: Array.from({ length: many }, (_, i) => `Kategorie ${i}`),
            authors: [{ name: 'erste@example.org (Erste)' }, { name: 'zweite' }],
          },
        ],
      }),
    ],
  ])('keeps the first 50 enclosures, 100 categories and one author of an item (%s)', async (_format, document) => {
    const [item] = (await parseFeed(Buffer.from(document), { url: 'https://m.example/feed', fetchedAt })).items;
    expect(item!.enclosures.map((e) => e.url)).toEqual(Array.from({ length: 50 }, (_, i) => `https://m.example/${i}.mp3`));
    expect(item!.categories).toEqual(Array.from({ length: 100 }, (_, i) => `Kategorie ${i}`));
    expect(item!.author).toBe('erste@example.org (Erste)');
  });

  // Typeless media:content images are common beside a podcast's audio, and publishing leaves them out:
  // counted against the 50, sixty of them ahead of the audio pushed the audio out, which was published before.
  it("keeps an item's audio behind more than 50 typeless images, and publishes it", async () => {
    const document =
      `<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>T</title><item><title>Folge 1</title>` +
      Array.from({ length: 60 }, (_, i) => `<media:content url="https://m.example/${i}.jpg" medium="image"/>`).join('') +
      `<media:content url="https://m.example/folge-1.mp3" type="audio/mpeg" fileSize="1000" medium="audio"/>` +
      `</item></channel></rss>`;
    const [item] = (await parseFeed(Buffer.from(document), { url: 'https://m.example/feed', fetchedAt })).items;
    const urls = item!.enclosures.map((e) => e.url);
    // The first 50 images are kept as the feed gave them; the ten after them are not.
    expect(urls).toEqual([...Array.from({ length: 50 }, (_, i) => `https://m.example/${i}.jpg`), 'https://m.example/folge-1.mp3']);
    expect(publishedEnclosures(item!.enclosures, 'https://m.example/feed')).toEqual([
      { url: 'https://m.example/folge-1.mp3', type: 'audio/mpeg', length: 1000 },
    ]);
  });

  it('ignores __proto__ / constructor element names and pollutes no prototype', async () => {
    const feed = await parseFeed(Buffer.from(fixture('proto-constructor-element-names.xml')), { fetchedAt });
    expect(feed.items).toHaveLength(1);
    expect(feed.items[0]).toMatchObject({ title: 'Normaler Titel', key: 'proto-1' });
    expect(Object.getPrototypeOf(feed.items[0])).toBe(Object.prototype);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(({} as Record<string, unknown>)['isAdmin']).toBeUndefined();
  });

  it('ignores __proto__ / constructor element names and attributes in the fallback reader too', async () => {
    // The bad <published> makes rss-parser reject the document, so @rowanmanning/feed-parser reads it.
    const body = Buffer.from(
      '<feed xmlns="http://www.w3.org/2005/Atom"><title>P</title><__proto__ polluted="yes"><polluted>yes</polluted></__proto__>' +
        '<entry __proto__="x" constructor="y"><__proto__><polluted>yes</polluted></__proto__><constructor><prototype><polluted>yes</polluted></prototype></constructor>' +
        '<title>Eintrag</title><id>tag:p,2026:1</id><published>kaputt</published></entry></feed>',
    );
    const feed = await parseFeed(body, { fetchedAt });
    expect(feed.items.map((i) => [i.title, i.key, i.published])).toEqual([['Eintrag', 'tag:p,2026:1', null]]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getPrototypeOf(feed.items[0])).toBe(Object.prototype);
  });

  it('ignores __proto__ keys in a JSON Feed', async () => {
    const body = Buffer.from(
      '{"version":"https://jsonfeed.org/version/1.1","title":"J","__proto__":{"polluted":"yes"},"items":[{"id":"1","title":"T","__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}]}',
    );
    const feed = await parseFeed(body, { fetchedAt });
    expect(feed.items[0]!.title).toBe('T');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it.each([
    ['javascript:alert(1)', null],
    ['JavaScript:alert(1)', null],
    [' javascript:alert(1)', null],
    ['data:text/html;base64,PHNjcmlwdD4=', null],
    ['vbscript:msgbox', null],
    ['mailto:redaktion@example.de', null],
    ['ftp://example.de/file', null],
    ['//cdn.example.de/a', 'https://feed.example.de/a'.replace('feed', 'cdn')],
    ['/relativ/pfad', 'https://feed.example.de/relativ/pfad'],
    ['https://example.de/ok', 'https://example.de/ok'],
  ])('link %s → %s', async (link, expected) => {
    const escaped = link.replace(/&/g, '&amp;');
    const body = Buffer.from(
      `<rss version="2.0"><channel><title>x</title><item><title>t</title><link>${escaped}</link><enclosure url="${escaped}" type="audio/mpeg"/></item></channel></rss>`,
    );
    const feed = await parseFeed(body, { url: 'https://feed.example.de/rss.xml', fetchedAt });
    expect(feed.items[0]!.url).toBe(expected);
    expect(feed.items[0]!.enclosures.map((e) => e.url)).toEqual(expected ? [expected] : []);
  });

  it('strips HTML and decodes entities in titles, keeps raw HTML in contentHtml', async () => {
    const body = Buffer.from(
      '<rss version="2.0"><channel><title>x</title><item><title><![CDATA[<b>Eil</b>: Sel<i>en</i>skyj &quot;spricht&quot; &#8222;heute&#8220; <script>alert(1)</script>]]></title><description><![CDATA[<p onclick="x()">Text</p>]]></description></item></channel></rss>',
    );
    const item = (await parseFeed(body, { fetchedAt })).items[0]!;
    expect(item.title).toBe('Eil: Selenskyj "spricht" „heute“');
    expect(item.contentHtml).toBe('<p onclick="x()">Text</p>');
    expect(item.summary).toBe('Text');
  });

  it('caps the summary at a word boundary', async () => {
    const long = 'Wort '.repeat(400);
    const body = Buffer.from(
      `<rss version="2.0"><channel><title>x</title><item><title>t</title><description>${long}</description></item></channel></rss>`,
    );
    const summary = (await parseFeed(body, { fetchedAt })).items[0]!.summary;
    expect(summary.length).toBeLessThanOrEqual(601);
    expect(summary).toMatch(/Wort…$/);
  });

  it('bounds what one oversized element can cost: a 2 MB title, a 1 MB date, unclosed <script> tags', async () => {
    const hugeTitle = '<b>Eil</b> '.repeat(200_000);
    const junkDate = '1'.repeat(1_000_000);
    const scripts = '<script>'.repeat(50_000);
    const body = Buffer.from(
      `<rss version="2.0"><channel><title>x</title><item><title>${hugeTitle.replace(/</g, '&lt;')}</title><pubDate>${junkDate}</pubDate><description><![CDATA[${scripts}]]></description></item></channel></rss>`,
    );
    const item = (await parseFeed(body, { fetchedAt })).items[0]!;
    expect(item.title.length).toBeLessThanOrEqual(1_001);
    expect(item.title.startsWith('Eil Eil')).toBe(true);
    expect(item.published).toBeNull();
    expect(item.summary.length).toBeLessThanOrEqual(601);
  });

  it('reads a "<!" that no ">" ends soon as text: sax, which is quadratic in a declaration, never gets it', async () => {
    const feed = await parseFeed(Buffer.from(fixture('rss2-unterminated-markup-declarations.xml')), { fetchedAt });
    expect(feed.items.map((item) => [item.title, item.url])).toEqual([
      ['Eins', 'https://declarations.example/1'],
      ['Zwei', 'https://declarations.example/2'],
    ]);
    expect(feed.items[0]!.summary).toMatch(/^Vor (?:<!a){20}/);
  });

  it('reads such a "<!" as text after a processing instruction or attribute that quotes a comment or CDATA opener', async () => {
    const feed = await parseFeed(Buffer.from(fixture('rss2-declarations-after-pi-or-attribute-quoting-comment.xml')), { fetchedAt });
    expect(feed.items.map((item) => [item.title, item.url, item.summary])).toEqual([
      ['Eins', 'https://declarations.example/1', `Vor ${'<!a'.repeat(20)} nach`],
      ['Zwei', 'https://declarations.example/2', `Vor ${'<!a'.repeat(20)} nach`],
      ['Drei', 'https://declarations.example/3', `Vor ${'<!a'.repeat(20)} nach`],
      ['Vier', 'https://declarations.example/4', 'Ende'],
    ]);
  });

  it('reads such a "<!" as text after a processing instruction before the root that quotes a comment opener', async () => {
    const feed = await parseFeed(Buffer.from(fixture('rss2-pi-before-root-quoting-comment.xml')), { fetchedAt });
    expect(feed.items.map((item) => [item.title, item.summary])).toEqual([
      ['Eins', `Vor ${'<!a'.repeat(20)} nach`],
      ['Zwei', 'Ende'],
    ]);
  });

  it.each([
    ['an unterminated one', 'x <!a y <b>', 'x &lt;!a y <b>'],
    ['one longer than 256 characters', `<!a ${'x'.repeat(300)}>`, `&lt;!a ${'x'.repeat(300)}>`],
    ['a short one, kept', '<![if IE]>x<![endif]>', '<![if IE]>x<![endif]>'],
    ['a DOCTYPE, kept', '<!DOCTYPE html <p>', '<!DOCTYPE html <p>'],
    ['one inside a CDATA section, kept (its text)', '<![CDATA[<!a <]]><![cdata[<!a <]]>', '<![CDATA[<!a <]]><![cdata[<!a <]]>'],
    ['one inside a comment (dropped text)', '<!-- <!a <b> -->', '<!-- &lt;!a <b> -->'],
    ['one with spaces after the "<"', 'x < \n!a <b>', 'x &lt; \n!a <b>'],
    // What sax reads as text of a processing instruction, an attribute value or a comment opens no CDATA section.
    ['one after a PI quoting a comment', '<?x <!-- ?><!a <b>', '<?x <!-- ?>&lt;!a <b>'],
    ['one after a PI quoting CDATA', '<?x <![CDATA[ ?><!a <b>]]>', '<?x <![CDATA[ ?>&lt;!a <b>]]>'],
    ['one after "??>", which ends no PI', '<?x ??><![CDATA[ ?><!a <b>]]>', '<?x ??><![CDATA[ ?>&lt;!a <b>]]>'],
    ['one after an attribute quoting CDATA', '<x a="<![CDATA["/><!a <b>]]>', '<x a="<![CDATA["/>&lt;!a <b>]]>'],
    ['one after an attribute whose "&" takes the quote', '<x a="&"<![CDATA[" b="c"/><!a <b>]]>', '<x a="&"<![CDATA[" b="c"/>&lt;!a <b>]]>'],
    ['one after "--->", which ends no comment', '<!-- x ---><![CDATA[ --><!a <b>]]>', '<!-- x ---><![CDATA[ -->&lt;!a <b>]]>'],
    ['one after "&<", which is text', 'a &<![CDATA[ <!a <b>]]>', 'a &<![CDATA[ &lt;!a <b>]]>'],
    ['one after an end tag whose name starts late ("</>" is no tag end)', '</><![CDATA[ > <!a <b>]]>', '</><![CDATA[ > &lt;!a <b>]]>'],
  ])('escapeOpenDeclarations escapes %s', (_name, xml, expected) => {
    expect(escapeOpenDeclarations(xml)).toBe(expected);
  });

  it('reports an unterminated DOCTYPE as not a feed, not as empty', async () => {
    const error = await parseFeed(Buffer.from('<?xml version="1.0"?><!DOCTYPE rss [ <!ENTITY a "b">'), { fetchedAt }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'NOT_A_FEED' });
  });

  it.each([
    ['a date far in the future is no date (the item is dated when first seen)', 'Sat, 01 Jan 2033 10:00:00 GMT', null],
    ['a date a few minutes ahead (clock skew) is kept', 'Fri, 06 Feb 2026 00:05:00 GMT', '2026-02-06T00:05:00.000Z'],
    ['a missing date is null', '', null],
    ['an unreadable date is null', 'gestern', null],
  ])('%s', async (_name, date, expected) => {
    const body = Buffer.from(
      `<rss version="2.0"><channel><title>x</title><item><title>t</title><pubDate>${date}</pubDate></item></channel></rss>`,
    );
    expect((await parseFeed(body, { fetchedAt })).items[0]!.published).toBe(expected);
  });

  // Clamped to the fetch time, a future date moved with every poll: the item counted as updated and its
  // story was re-dated in the published feeds each time the feed's body changed.
  it('reads an item dated in the future the same at every poll', async () => {
    const body = Buffer.from(
      `<rss version="2.0"><channel><title>x</title><item><title>t</title><link>https://x.example/t</link><pubDate>Sat, 01 Jan 2033 10:00:00 GMT</pubDate></item></channel></rss>`,
    );
    const first = await parseFeed(body, { fetchedAt: '2026-02-06T00:00:00.000Z' });
    const later = await parseFeed(body, { fetchedAt: '2026-02-06T00:10:00.000Z' });
    expect(later.items).toEqual(first.items);
  });
});
