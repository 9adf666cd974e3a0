// XML Base at every level (W3C XML Base §4.2, RFC 3986 §5.1): item links, enclosures and the relative
// href/src in an item's HTML resolve against the xml:base in scope where they are written, for Atom and
// RSS, through both readers; an xml:base that is no http(s) URL is ignored. Before, only the root's
// xml:base counted, and relative links in content were left for publishing to resolve against the item link.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { absoluteUrlsInHtml } from '../../src/parse/absolute-urls-in-html.js';
import { normaliseFeed } from '../../src/parse/normalise-feed.js';
import { parseFeed } from '../../src/parse/parse-feed.js';
import type { RawFeed, RawItem } from '../../src/parse/raw-feed.js';
import { readXmlBases, type ScopeBases } from '../../src/parse/xml-base-scopes.js';

const fixtures = path.resolve(import.meta.dirname, '../fixtures/parse');
const fetchedAt = '2026-11-26T06:00:00.000Z';

async function parseFixture(name: string, url: string | null = 'http://127.0.0.1:9/feed') {
  return parseFeed(readFileSync(path.join(fixtures, name)), { url, fetchedAt });
}

const rawItem: RawItem = {
  guid: null,
  title: null,
  titleIsPlainText: false,
  link: null,
  description: null,
  contentHtml: null,
  contentText: null,
  author: null,
  categories: [],
  published: null,
  updated: null,
  enclosures: [],
};
const rawFeed: RawFeed = {
  title: 't',
  link: null,
  language: null,
  ttl: null,
  skipHours: [],
  skipDays: [],
  updatePeriod: null,
  updateFrequency: null,
  items: [],
};

/** Every href and src in the HTML, in order. */
function urlsIn(html: string | null): string[] {
  return [...(html ?? '').matchAll(/\b(?:href|src)="([^"]*)"/g)].map((m) => m[1]!);
}

describe('xml:base below the root', () => {
  it.each([
    [
      'atom10-xml-base-entry-link-content.xml',
      'https://www.example.org/blog/',
      [
        // The entry's base names another host; its enclosure and content carry bases of their own.
        [
          'https://news.example.net/2026/ki-gesetz.html',
          ['https://cdn.example.net/audio/ki.mp3'],
          ['https://static.example.net/artikel/1', 'https://static.example.net/fotos/bild.jpg', 'https://other.example.com/x'],
        ],
        // The link's own base; the summary's link takes the root's base, not the item link's folder.
        ['https://www.example.org/archiv/post-2.html', [], ['https://www.example.org/blog/tags/wetter']],
        // javascript: as a base is ignored (the root's counts); an absolute javascript: href is left to publishing.
        ['https://www.example.org/blog/sicher.html', [], ['https://www.example.org/blog/seite.html', 'javascript:alert(2)']],
        // "sub/" under the root, "bilder/" under that.
        ['https://www.example.org/blog/drei.html', [], ['https://www.example.org/blog/sub/bilder/x.png']],
      ],
    ],
    [
      'rss2-xml-base-channel-item-enclosure.xml',
      'https://radio.example.de/sendungen/index.html',
      [
        [
          'https://mediathek.example.de/folgen/folge-1.html',
          ['https://mediathek.example.de/folgen/mp3/folge-1.mp3'],
          ['https://mediathek.example.de/impressum'],
        ],
        [
          'https://radio.example.de/sendungen/folge-2.html',
          ['https://cdn.example.de/f2.mp3'],
          ['https://radio.example.de/sendungen/cover.jpg'],
        ],
      ],
    ],
    // type="xhtml": the second reader goes first (parse-feed.ts), and the bases hold there too.
    ['atom10-xml-base-xhtml-content.xml', null, [['https://news.example.net/a/eins.html', [], ['https://static.example.net/b/zwei.html']]]],
  ] as const)('%s', async (name, feedLink, expected) => {
    const feed = await parseFixture(name);
    expect(feed.link).toBe(feedLink);
    expect(feed.items.map((item) => [item.url, item.enclosures.map((e) => e.url), urlsIn(item.contentHtml)])).toEqual(expected);
  });

  it('resolves relative xml:base chains against the document URL', async () => {
    const xml = `<feed xmlns="http://www.w3.org/2005/Atom" xml:base="feed/"><entry xml:base="entry/"><id>1</id><title>t</title>
      <link href="a.html" xml:base="link/"/></entry><entry xml:base="/top/"><id>2</id><title>u</title><link href="../b.html"/></entry></feed>`;
    const feed = await parseFeed(Buffer.from(xml), { url: 'https://example.com/x/', fetchedAt });
    expect(feed.items.map((i) => i.url)).toEqual(['https://example.com/x/feed/entry/link/a.html', 'https://example.com/b.html']);
  });

  it('reads the bases of an Atom Entry Document (RFC 4287 §4.1.2)', async () => {
    const xml = `<entry xmlns="http://www.w3.org/2005/Atom" xml:base="https://entry.example/a/"><id>1</id><title>t</title>
      <link href="b.html"/><content type="html" xml:base="c/">&lt;img src="d.png"&gt;</content></entry>`;
    const feed = await parseFeed(Buffer.from(xml), { url: 'https://doc.example/', fetchedAt });
    expect([feed.items[0]!.url, urlsIn(feed.items[0]!.contentHtml)]).toEqual([
      'https://entry.example/a/b.html',
      ['https://entry.example/a/c/d.png'],
    ]);
  });

  it('gives every item the root base when the scan and the reader disagree on the items (a second channel)', async () => {
    // rss-parser reads the first channel's items only; the scan counts both channels', so it is not used.
    const xml = `<rss version="2.0" xml:base="https://root.example/"><channel><title>a</title>
      <item xml:base="https://elsewhere.example/"><title>one</title><link>one.html</link></item></channel>
      <channel><title>b</title><item><title>two</title><link>two.html</link></item></channel></rss>`;
    const feed = await parseFeed(Buffer.from(xml), { url: null, fetchedAt });
    expect(feed.items.map((i) => i.url)).toEqual(['https://root.example/one.html']);
  });

  it('never makes a javascript:, data: or file: URL a base (an ignored one declares nothing: the HTML is left to publishing)', async () => {
    const bases = ['javascript:alert(1)//', 'data:text/html,x', 'file:///etc/', 'jav&#x09;ascript:alert(1)//', '  JAVASCRIPT:x//'];
    for (const base of bases) {
      const xml = `<feed xmlns="http://www.w3.org/2005/Atom"><entry xml:base="${base}"><id>1</id><title>t</title><link href="a" xml:base="${base}"/>
        <link rel="enclosure" type="audio/mpeg" href="e.mp3"/><content type="html" xml:base="${base}">&lt;a href="b"&gt;b&lt;/a&gt;</content></entry></feed>`;
      const withUrl = await parseFeed(Buffer.from(xml), { url: 'https://safe.example/f', fetchedAt });
      expect([withUrl.items[0]!.url, withUrl.items[0]!.enclosures.map((e) => e.url), urlsIn(withUrl.items[0]!.contentHtml)]).toEqual([
        'https://safe.example/a',
        ['https://safe.example/e.mp3'],
        ['b'],
      ]);
      // No document URL: nothing resolves, and no link comes out at all.
      const without = await parseFeed(Buffer.from(xml), { url: null, fetchedAt });
      expect([without.items[0]!.url, without.items[0]!.enclosures, urlsIn(without.items[0]!.contentHtml)]).toEqual([null, [], ['b']]);
    }
  });
});

describe('readXmlBases', () => {
  it('takes no tags from comments, CDATA or processing instructions, and closes self-closed entries', () => {
    const xml = `<feed xml:base="https://a.example/"><!-- <entry xml:base="https://comment.example/"> -->
      <entry/><entry xml:base="b/"><content><![CDATA[<entry xml:base="https://cdata.example/">]]></content><?pi <entry>?></entry>
      <entry><link href="c"/></entry></feed>`;
    const bases = readXmlBases(xml, null);
    expect(bases.items.map((i) => [i.own, i.children.get('content'), i.urls])).toEqual([
      ['https://a.example/', undefined, []],
      ['https://a.example/b/', 'https://a.example/b/', []],
      ['https://a.example/', undefined, [{ value: 'c', base: 'https://a.example/', element: 'link' }]],
    ]);
  });

  it('ignores an xml:base that would make the base longer than 2,048 characters (nested relative bases)', () => {
    // Each level adds 10 characters: unbounded, 30,000 levels made every resolution longer (quadratic).
    const depth = 3_000;
    const xml = `<feed xml:base="https://a.example/"><entry>${'<x xml:base="123456789/">'.repeat(depth)}<link href="l"/>${'</x>'.repeat(depth)}</entry></feed>`;
    const [link] = readXmlBases(xml, null).items[0]!.urls;
    // 'https://a.example/' is 18 characters: 203 levels fit in 2,048, the 204th is ignored, and so is every one after it.
    expect(link).toEqual({ value: 'l', element: 'link', base: `https://a.example/${'123456789/'.repeat(203)}` });
  });

  it('records null where no xml:base is in scope, whatever the text says, and URLs of link and enclosure elements only', () => {
    const xml = `<rss><channel><link>https://s.example/</link><item><description>xml:base</description><link><![CDATA[ a.html ]]></link>
      <content:encoded><a href="b.html"/></content:encoded><enclosure url="c.mp3"/><media:content url="d.jpg"/></item></channel></rss>`;
    const bases = readXmlBases(xml, 'https://doc.example/feed');
    expect([bases.feed.own, bases.items[0], bases.itemsAtSeveralLevels]).toEqual([
      null,
      {
        own: null,
        children: new Map([
          ['description', null],
          ['link', null],
          ['content:encoded', null],
          ['enclosure', null],
          ['media:content', null],
        ]),
        urls: [
          { value: 'a.html', base: null, element: 'link' },
          { value: 'c.mp3', base: null, element: 'enclosure' },
          { value: 'd.jpg', base: null, element: 'content' },
        ],
      },
      false,
    ]);
  });

  it('tells when items stand both under the root and in the channel', () => {
    const level = (xml: string) => readXmlBases(xml, null).itemsAtSeveralLevels;
    expect([
      level('<rss><item/><channel><item/></channel></rss>'),
      level('<rss><channel><item/><item/></channel></rss>'),
      level('<feed><entry/></feed>'),
    ]).toEqual([true, false, false]);
  });

  it('reads names in any case and end tags with white space String#trim removes (U+00A0, U+2028) as the same element', () => {
    // Each entry must close at its end tag: one left open would make the next a child of it, not an item.
    const xml = `<feed XML:Base="https://a.example/"><ENTRY><Link HREF="a"/></ENTRY ><entry Xml:Base="b/"><link href="b"/></entry\u00a0>
      <entry><LINK href="c"/></entry\u2028><Entry><link hRef="d"/></\tEntry></feed>`;
    const bases = readXmlBases(xml, null);
    expect(bases.items.map((i) => [i.own, i.urls.map((u) => `${u.element} ${u.value}`)])).toEqual([
      ['https://a.example/', ['link a']],
      ['https://a.example/b/', ['link b']],
      ['https://a.example/', ['link c']],
      ['https://a.example/', ['link d']],
    ]);
  });

  it('reads entity-encoded xml:base values and RSS <link> texts', () => {
    const xml = `<rss xml:base="https://a.example/?x=1&amp;y=2"><channel><item xml:base="p&#47;"><link> q.html </link></item></channel></rss>`;
    expect(readXmlBases(xml, null).items[0]).toEqual({
      own: 'https://a.example/p/',
      children: new Map([['link', 'https://a.example/p/']]),
      urls: [{ value: 'q.html', base: 'https://a.example/p/', element: 'link' }],
    });
  });
});

describe('absoluteUrlsInHtml', () => {
  const base = 'https://base.example/dir/page';
  it.each([
    ['<a href="x.html">x</a>', '<a href="https://base.example/dir/x.html">x</a>'],
    ["<img src='../i.png' alt=x>", '<img src="https://base.example/i.png" alt=x>'],
    ['<IMG SRC=pic.jpg>', '<IMG SRC="https://base.example/dir/pic.jpg">'],
    ['<a href="?a=1&amp;b=2">q</a>', '<a href="https://base.example/dir/page?a=1&amp;b=2">q</a>'],
    ['<a href="#top">t</a>', '<a href="https://base.example/dir/page#top">t</a>'],
    ['<a href="//cdn.example/x">c</a>', '<a href="https://cdn.example/x">c</a>'],
    // Absolute references stay as written (publishing judges their scheme), and so does what resolves to no http(s) URL.
    ['<a href="javascript:alert(1)">j</a>', '<a href="javascript:alert(1)">j</a>'],
    ['<a href="java&#x09;script:alert(1)">j</a>', '<a href="java&#x09;script:alert(1)">j</a>'],
    ['<a href="mailto:a@b.example">m</a>', '<a href="mailto:a@b.example">m</a>'],
    ['<img src="data:image/png;base64,AA">', '<img src="data:image/png;base64,AA">'],
    // Comments are not markup; text is not touched; a tag the HTML ends inside stops the rewriting.
    ['<!-- <a href="c.html"> --><p>href="t"</p>', '<!-- <a href="c.html"> --><p>href="t"</p>'],
    [
      '<a href="a">a</a><a title="x>y" href="b">b</a><a href="c',
      '<a href="https://base.example/dir/a">a</a><a title="x>y" href="https://base.example/dir/b">b</a><a href="c',
    ],
    ['<a href>empty</a><a href="">none</a>', '<a href>empty</a><a href="">none</a>'],
  ])('%s', (html, expected) => expect(absoluteUrlsInHtml(html, base, Infinity)).toBe(expected));
});

// The review of the first version (notes/review-xmlbase.md): each case below went wrong there.
describe('xml:base only where one is declared', () => {
  const url = 'https://feed.example.org/dir/feed.xml';
  const rss = (items: string) =>
    `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>https://blog.example.com/</link>${items}</channel></rss>`;
  const postA = `<item><title>A</title><link>https://blog.example.com/2026/post-a/</link>
    <description>&lt;img src="img/a.png"&gt; &lt;a href="#fn1"&gt;1&lt;/a&gt;</description></item>`;

  it.each([
    // The text "xml:base" in another item's text declares nothing.
    [
      'a mention in the text',
      `${postA}<item><title>B</title><link>https://blog.example.com/2026/post-b/</link><description>How xml:base works.</description></item>`,
    ],
    // An xml:base on another item is not in scope on this one.
    ['a base on another item', `${postA}<item xml:base="https://other.example/"><title>B</title><link>b.html</link></item>`],
    // A base that is ignored (no http(s) URL) declares nothing either.
    ['an ignored base', postA.replace('<item>', '<item xml:base="javascript:alert(1)//">')],
  ])('leaves HTML with no xml:base in scope as written, for publishing to resolve against the item link: %s', async (_, items) => {
    const feed = await parseFeed(Buffer.from(rss(items)), { url, fetchedAt });
    expect(feed.items[0]!.contentHtml).toBe('<img src="img/a.png"> <a href="#fn1">1</a>');
  });

  it('takes an item link from its <link> only, not from a same URL in its content (Blogger writes the summary first)', async () => {
    const xml = `<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://site.example/blog/"><title>t</title><entry><title>A</title><id>a</id>
      <summary type="xhtml" xml:base="https://other.example/"><div xmlns="http://www.w3.org/1999/xhtml"><a href="post.html">p</a></div></summary>
      <link href="post.html"/></entry></feed>`;
    const feed = await parseFeed(Buffer.from(xml), { url, fetchedAt });
    expect(feed.items[0]!.url).toBe('https://site.example/blog/post.html');
  });
});

describe('xml:base bases paired with the reader’s items', () => {
  it('gives every item the root base when items stand both under the root and in the channel (the readers list the channel’s first)', async () => {
    // "<foo bar/>" makes rss-parser fail, and feed-parser lists channel > item before rss > item: [A, B, X] against the scan's [X, A, B].
    const xml = `<?xml version="1.0"?><rss version="2.0"><item xml:base="https://evil.example/x/"><title>X</title><link>x.html</link></item>
      <channel><title>t</title><link>https://s.example/</link><foo bar/>
      <item><title>A</title><link>a.html</link><description>&lt;img src="pic.png"&gt;</description></item>
      <item xml:base="https://good.example/"><title>B</title><link>b.html</link></item></channel></rss>`;
    const feed = await parseFeed(Buffer.from(xml), { url: 'https://feed.example.org/dir/feed.xml', fetchedAt });
    expect(feed.items.map((i) => [i.title, i.url, i.contentHtml])).toEqual([
      ['A', 'https://feed.example.org/dir/a.html', '<img src="pic.png">'],
      ['B', 'https://feed.example.org/dir/b.html', null],
      ['X', 'https://feed.example.org/dir/x.html', null],
    ]);
  });

  it("uses no item's bases when an item's link is not the one the scan found in the item at its place", () => {
    const item = (title: string, link: string): RawItem => ({ ...rawItem, title, link, contentHtml: '<img src="i.png">' });
    const scope = (link: string, base: string): ScopeBases => ({
      own: base,
      children: new Map(),
      urls: [{ value: link, base, element: 'link' }],
    });
    const raw: RawFeed = {
      ...rawFeed,
      items: [item('A', 'a.html'), item('B', 'b.html')],
      xmlBases: {
        feed: { own: null, children: new Map(), urls: [] },
        items: [scope('b.html', 'https://evil.example/'), scope('a.html', 'https://good.example/')],
        itemsAtSeveralLevels: false,
      },
    };
    const feed = normaliseFeed(raw, { format: 'rss2.0', documentUrl: 'https://feed.example.org/', rootLanguage: null, fetchedAt });
    expect(feed.items.map((i) => [i.url, i.contentHtml])).toEqual([
      ['https://feed.example.org/a.html', '<img src="i.png">'],
      ['https://feed.example.org/b.html', '<img src="i.png">'],
    ]);
  });
});

describe('xml:base rewriting bounded', () => {
  const longBase = `https://feed.example.org/${'a'.repeat(2_000)}/`;

  it('grows the HTML of a feed by at most its own size again (plus 64 KiB), leaving the rest as written', async () => {
    // 2,000 one-character references under a 2,027-character base grew 4 MB from 28 kB before.
    const body = '<a href=#></a>'.repeat(2_000);
    const xml = `<feed xmlns="http://www.w3.org/2005/Atom" xml:base="${longBase}"><title>t</title>
      <entry><title>A</title><id>a</id><link href="a.html"/><content type="html"><![CDATA[${body}]]></content></entry></feed>`;
    const html = (await parseFeed(Buffer.from(xml), { url: 'https://feed.example.org/f.xml', fetchedAt })).items[0]!.contentHtml!;
    expect(html.length).toBeLessThanOrEqual(2 * body.length + 65_536);
    expect(html.startsWith(`<a href="${longBase}#"></a>`)).toBe(true);
    expect(html.endsWith('<a href=#></a>')).toBe(true);
  });

  it('stops rewriting where the next reference would pass maxGrowth', () => {
    const base = 'https://b.example/';
    expect(absoluteUrlsInHtml('<a href="x">1</a><a href="y">2</a>', base, 20)).toBe('<a href="https://b.example/x">1</a><a href="y">2</a>');
    expect(absoluteUrlsInHtml('<a href="x">1</a>', base, 17)).toBe('<a href="x">1</a>');
  });
});
