// XML Base at every level (W3C XML Base §4.2, RFC 3986 §5.1): item links, enclosures and the relative
// href/src in an item's HTML resolve against the xml:base in scope where they are written, for Atom and
// RSS, through both readers; an xml:base that is no http(s) URL is ignored. Before, only the root's
// xml:base counted, and relative links in content were left for publishing to resolve against the item link.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { absoluteUrlsInHtml } from '../../src/parse/absolute-urls-in-html.js';
import { parseFeed } from '../../src/parse/parse-feed.js';
import { readXmlBases } from '../../src/parse/xml-base-scopes.js';

const fixtures = path.resolve(import.meta.dirname, '../fixtures/parse');
const fetchedAt = '2026-11-26T06:00:00.000Z';

async function parseFixture(name: string, url: string | null = 'http://127.0.0.1:9/feed') {
  return parseFeed(readFileSync(path.join(fixtures, name)), { url, fetchedAt });
}

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

  it('never makes a javascript:, data: or file: URL a base', async () => {
    const bases = ['javascript:alert(1)//', 'data:text/html,x', 'file:///etc/', 'jav&#x09;ascript:alert(1)//', '  JAVASCRIPT:x//'];
    for (const base of bases) {
      const xml = `<feed xmlns="http://www.w3.org/2005/Atom"><entry xml:base="${base}"><id>1</id><title>t</title><link href="a" xml:base="${base}"/>
        <link rel="enclosure" type="audio/mpeg" href="e.mp3"/><content type="html" xml:base="${base}">&lt;a href="b"&gt;b&lt;/a&gt;</content></entry></feed>`;
      const withUrl = await parseFeed(Buffer.from(xml), { url: 'https://safe.example/f', fetchedAt });
      expect([withUrl.items[0]!.url, withUrl.items[0]!.enclosures.map((e) => e.url), urlsIn(withUrl.items[0]!.contentHtml)]).toEqual([
        'https://safe.example/a',
        ['https://safe.example/e.mp3'],
        ['https://safe.example/b'],
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
      ['https://a.example/', undefined, [{ value: 'c', base: 'https://a.example/' }]],
    ]);
  });

  it('ignores an xml:base that would make the base longer than 2,048 characters (nested relative bases)', () => {
    // Each level adds 10 characters: unbounded, 30,000 levels made every resolution longer (quadratic).
    const depth = 3_000;
    const xml = `<feed xml:base="https://a.example/"><entry>${'<x xml:base="123456789/">'.repeat(depth)}<link href="l"/>${'</x>'.repeat(depth)}</entry></feed>`;
    const [link] = readXmlBases(xml, null).items[0]!.urls;
    // 'https://a.example/' is 18 characters: 203 levels fit in 2,048, the 204th is ignored, and so is every one after it.
    expect(link).toEqual({ value: 'l', base: `https://a.example/${'123456789/'.repeat(203)}` });
  });

  it('reads entity-encoded xml:base values and RSS <link> texts', () => {
    const xml = `<rss xml:base="https://a.example/?x=1&amp;y=2"><channel><item xml:base="p&#47;"><link> q.html </link></item></channel></rss>`;
    expect(readXmlBases(xml, null).items[0]).toEqual({
      own: 'https://a.example/p/',
      children: new Map([['link', 'https://a.example/p/']]),
      urls: [{ value: 'q.html', base: 'https://a.example/p/' }],
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
  ])('%s', (html, expected) => expect(absoluteUrlsInHtml(html, base)).toBe(expected));
});
