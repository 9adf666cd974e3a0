// How element names are read: end tags padded with characters XML does not allow there, names that differ
// only by a character Unicode case folding turns into ASCII, namespace prefixes (Atom's under any prefix,
// the XML namespace under another), and xml:base written inside an item's HTML. Fixtures in
// test/fixtures/parse/ say in their header what the Universal Feed Parser reads.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { asciiLowerCase } from '../../src/parse/ascii-lower-case.js';
import { escapeStrayLessThan } from '../../src/parse/escape-stray-less-than.js';
import { parseFeed } from '../../src/parse/parse-feed.js';
import { unprefixedAtomElements } from '../../src/parse/unprefixed-atom-elements.js';
import { readXmlBases } from '../../src/parse/xml-base-scopes.js';

const fixture = (name: string): Buffer => readFileSync(path.join(import.meta.dirname, '../fixtures/parse', name));
const fetchedAt = '2026-02-06T00:00:00.000Z';
const url = 'https://doc.example/feeds/feed.xml';

describe('end tags padded after the name', () => {
  it('an item end tag padded with NEL, ZWSP, NBSP or a BOM still ends its item: every item is kept', async () => {
    const feed = await parseFeed(fixture('rss2-end-tags-padded-nel-zwsp.xml'), { url, fetchedAt });
    expect(feed.items.map((item) => [item.title, item.url])).toEqual([
      ['Eins', 'https://padded.example/1'],
      ['Zwei', 'https://padded.example/2'],
      ['Drei', 'https://padded.example/3'],
      ['Vier', 'https://padded.example/4'],
      ['Fünf', 'https://padded.example/5'],
    ]);
    // "</rss\u200b>" closes the document: it is whole, not cut off.
    expect(feed.warning).toBeNull();
  });

  it.each([
    ['NEL', '\u0085'],
    ['ZERO WIDTH SPACE', '\u200b'],
    ['NO-BREAK SPACE', '\u00a0'],
    ['BOM', '\ufeff'],
    ['spaces around NEL', ' \u0085 '],
  ])('the repair writes an end tag padded with %s as a plain one', (_name, padding) => {
    const xml = `<rss><channel><item><title>A</title></item${padding}><item><title>B</title></item></channel></rss>`;
    expect(escapeStrayLessThan(xml)).toBe('<rss><channel><item><title>A</title></item><item><title>B</title></item></channel></rss>');
  });

  it('leaves end tags padded with XML spaces, and padded ones inside HTML content, as they are', () => {
    const spaced = '<rss><channel><item><title>A</title></item \n></channel></rss>';
    expect(escapeStrayLessThan(spaced)).toBe(spaced);
    // The description's HTML is escaped whole; the padded </b> in it is text of that HTML, as written.
    expect(escapeStrayLessThan('<item><description>Ein <b>x</b\u0085> <br> y</description></item>')).toBe(
      '<item><description>Ein &lt;b>x&lt;/b\u0085> &lt;br> y</description></item>',
    );
  });

  // Text after the padding, or a padded end tag of an element around an open description: text, as the
  // Universal Feed Parser keeps the text around it ("Tom  end", "a < b  tail", "x y"). (The summary's plain
  // text has a space for the ZWSP.)
  it.each([
    ['text after an EM DASH', '<title>Tom </title\u2014and Jerry> end</title>', 'Tom end', ''],
    ['text after a space, before the end tag', '<title>Tom </title and Jerry> end</title>', 'Tom end', ''],
    // As the Universal Feed Parser reads it ("x  z", "Ein <b>fetter</b> Text  z"): before, the description ended there ("x").
    [
      "a description's own end tag with text after its name",
      '<title>A</title><description>x </description and y> z</description>',
      'A',
      'x z',
    ],
    [
      'the same in HTML',
      '<title>A</title><description>Ein <b>fetter</b> Text </description and y> z</description>',
      'A',
      'Ein fetter Text z',
    ],
    ['the same after CDATA', '<title>A</title><description><![CDATA[x ]]></description and y> z</description>', 'A', 'x z'],
    ['content:encoded', '<title>A</title><content:encoded>x </content:encoded and y> z</content:encoded>', 'A', 'x z'],
    [
      'text after an ellipsis, with a stray "<" before',
      '<title>A</title><description>a < b </description\u2026 more text> tail</description>',
      'A',
      'a < b </description\u2026 more text> tail',
    ],
    [
      'an item end tag padded with ZWSP in a description',
      '<title>A</title><description>x</item\u200b> y</description>',
      'A',
      'x</item > y',
    ],
    [
      'an item end tag padded with ZWSP in a description with broken HTML',
      '<title>A</title><description>Ein <b>Text<br>mit</b> x </item\u200b> y</description>',
      'A',
      'Ein Text mit x </item > y',
    ],
  ])('keeps the text around an end tag that is no end tag here: %s', async (_name, item, title, summary) => {
    const xml = `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>https://e.example/</link><item>${item}<link>https://e.example/1</link></item><item><title>B</title><link>https://e.example/2</link></item></channel></rss>`;
    const feed = await parseFeed(Buffer.from(xml), { url, fetchedAt });
    expect(feed.items.map((entry) => [entry.title, entry.summary ?? '', entry.url])).toEqual([
      [title, summary, 'https://e.example/1'],
      ['B', '', 'https://e.example/2'],
    ]);
  });

  it('an end tag whose name ends in ZWJ or ZWNJ ends the element of the name before them: every item is kept', async () => {
    const feed = await parseFeed(fixture('rss2-end-tags-with-zwj-zwnj.xml'), { url, fetchedAt });
    expect(feed.items.map((item) => [item.title, item.url])).toEqual([
      ['Eins', 'https://joined.example/1'],
      ['Zwei', 'https://joined.example/2'],
      ['Drei', 'https://joined.example/3'],
      ['Vier', 'https://joined.example/4'],
    ]);
    expect(feed.warning).toBeNull();
  });

  it('keeps an open element named with the joiner ended by its own end tag', () => {
    const xml = '<rss><x:item\u200d>A</x:item\u200d></rss>';
    expect(escapeStrayLessThan(xml)).toBe(xml);
  });

  // Only a text element's (above): kept as text in a link or guid, it stayed there
  // ("https://e.example/1%3C/link%20target=…", guid "g-1</guid x>": a new key for a stored item).
  it.each([
    [
      'a link',
      '<link>https://e.example/1</link target="_blank"> </link><guid isPermaLink="false">g1</guid>',
      'https://e.example/1',
      'g1',
      '',
    ],
    ['a guid', '<link>https://e.example/1</link><guid>g-1</guid x> </guid>', 'https://e.example/1', 'g-1', ''],
  ])('a "</name and more>" followed by the own end tag of %s ends it, as before', async (_name, item, link, guid, summary) => {
    const xml = `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>https://e.example/</link><item><title>A</title>${item}</item><item><title>B</title><link>https://e.example/2</link></item></channel></rss>`;
    const feed = await parseFeed(Buffer.from(xml), { url, fetchedAt });
    expect(feed.items.map((entry) => [entry.title, entry.url, entry.guid, entry.summary])).toEqual([
      ['A', link, guid, summary],
      ['B', 'https://e.example/2', null, ''],
    ]);
  });

  it("drops a text element's own end tag with text after its name from the HTML too, in RSS and Atom", async () => {
    const rss = `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>A</title><link>https://e.example/1</link><description>Ein <b>fetter</b> Text </description and y> z</description></item></channel></rss>`;
    expect((await parseFeed(Buffer.from(rss), { url, fetchedAt })).items.map((entry) => entry.contentHtml)).toEqual([
      'Ein <b>fetter</b> Text  z',
    ]);
    const atom = `<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>urn:x</id><updated>2026-01-01T00:00:00Z</updated><entry><title>A</title><id>urn:a</id><link href="https://e.example/1"/><updated>2026-01-01T00:00:00Z</updated><summary>x </summary and y> z</summary></entry></feed>`;
    expect((await parseFeed(Buffer.from(atom), { url, fetchedAt })).items.map((entry) => [entry.summary, entry.contentHtml])).toEqual([
      ['x z', 'x  z'],
    ]);
  });

  // Most descriptions carry their HTML entity-escaped: the fake end tag is dropped and the HTML is handed over
  // once decoded, not escaped a second time (it showed as "<p>Ein <b>fetter</b> …" source to every reader).
  it('drops it from entity-escaped HTML too, in an RSS description and Atom content of type html', async () => {
    const rss = `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>A</title><link>https://e.example/1</link><description>&lt;p&gt;Ein &lt;b&gt;fetter&lt;/b&gt; Text&lt;/p&gt; </description and y> z</description></item></channel></rss>`;
    expect((await parseFeed(Buffer.from(rss), { url, fetchedAt })).items.map((entry) => [entry.summary, entry.contentHtml])).toEqual([
      ['Ein fetter Text z', '<p>Ein <b>fetter</b> Text</p>  z'],
    ]);
    const atom = `<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>urn:x</id><updated>2026-01-01T00:00:00Z</updated><entry><title>A</title><id>urn:a</id><link href="https://e.example/1"/><updated>2026-01-01T00:00:00Z</updated><content type="html">&lt;p&gt;x &amp;amp; y&lt;/p&gt; </content and y> z</content></entry></feed>`;
    expect((await parseFeed(Buffer.from(atom), { url, fetchedAt })).items.map((entry) => [entry.summary, entry.contentHtml])).toEqual([
      ['x & y z', '<p>x &amp; y</p>  z'],
    ]);
    expect(escapeStrayLessThan('<item><description>&lt;p&gt;x </description and y> z</description></item>')).toBe(
      '<item><description>&lt;p&gt;x  z</description></item>',
    );
  });

  it('a "</title and Jerry>" with no end tag of the title next still ends the title', async () => {
    const xml = `<rss version="2.0"><channel><title>T</title><item><title>Tom </title and Jerry> end<link>https://e.example/1</link></item></channel></rss>`;
    const feed = await parseFeed(Buffer.from(xml), { url, fetchedAt });
    expect(feed.items.map((entry) => [entry.title, entry.url])).toEqual([['Tom', 'https://e.example/1']]);
  });

  it('leaves an end tag with text after its padding as text', () => {
    expect(escapeStrayLessThan('<item><title>A</title\u200b x></title></item>')).toBe('<item><title>A&lt;/title\u200b x></title></item>');
  });
});

describe('names compare ASCII-case-insensitively only', () => {
  it('reads <lin\u212a> (KELVIN SIGN) as no <link>, in the tolerant reader too', async () => {
    const feed = await parseFeed(fixture('atom10-kelvin-sign-in-element-names.xml'), { url, fetchedAt });
    expect(feed.items.map((item) => item.url)).toEqual(['https://kelvin.example/1', 'https://kelvin.example/2']);
  });

  it('reads an attribute isPermaLin\u212a="false" as no isPermaLink in the tolerant reader', async () => {
    // The unquoted url= makes rss-parser reject the document; the tolerant reader reads it.
    const xml = `<rss version="2.0"><channel><title>K</title><item><title>A</title><guid isPermaLin\u212a="false">https://kelvin.example/g</guid><enclosure url=https://kelvin.example/a.mp3 type="audio/mpeg"/></item></channel></rss>`;
    const feed = await parseFeed(Buffer.from(xml), { url, fetchedAt });
    expect(feed.items[0]!.url).toBe('https://kelvin.example/g');
  });

  it('asciiLowerCase folds A–Z only', () => {
    expect(asciiLowerCase('LinK')).toBe('link');
    expect(asciiLowerCase('lin\u212a')).toBe('lin\u212a');
    expect(asciiLowerCase('\u0130TEM')).toBe('\u0130tem');
  });

  it('the repair pairs no <lin\u212a> with </link>', () => {
    expect(escapeStrayLessThan('<rss><item><lin\u212a>x</link></item></rss>')).toBe('<rss><item>&lt;lin\u212a>x&lt;/link></item></rss>');
  });

  it('the xml:base scan records no URL of a <lin\u212a>', () => {
    const bases = readXmlBases('<feed xml:base="https://b.example/"><entry><lin\u212a href="k"/><link href="l"/></entry></feed>', null);
    expect(bases.items[0]!.urls.map((u) => u.value)).toEqual(['l']);
  });
});

describe('namespace prefixes', () => {
  it("reads Atom's text elements under any prefix bound to the Atom namespace", async () => {
    const feed = await parseFeed(fixture('atom10-atom-namespace-other-prefix.xml'), { url, fetchedAt });
    const [first, second] = feed.items;
    expect(first).toMatchObject({ title: 'Gespräche in Abu Dhabi', summary: 'Ein fetter Text' });
    // The HTML written unescaped into <a:summary> is read as HTML; "<a:title>" in a CDATA section stays text.
    expect(first!.contentHtml).toBe('<p>Im Quelltext steht <code>&lt;a:title&gt;</code>: <a:title> bleibt Text.</p>');
    expect(second).toMatchObject({ title: 'Zweite Meldung', summary: 'Ohne Präfix' });
  });

  it('reads a document whose every element carries the Atom prefix with the strict reader, as one without', () => {
    const xml = '<a:feed xmlns:a="http://www.w3.org/2005/Atom"><a:entry><a:title>T</a:title><xa:title/></a:entry><!-- <a:x> --></a:feed>';
    expect(unprefixedAtomElements(xml)).toBe(
      '<feed xmlns:a="http://www.w3.org/2005/Atom"><entry><title>T</title><xa:title/></entry><!-- <a:x> --></feed>',
    );
    // A prefix bound elsewhere, and the one "xml" may not be rebound to Atom, stay.
    const other = '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:a="http://example.org/a"><a:title>T</a:title></feed>';
    expect(unprefixedAtomElements(other)).toBe(other);
  });

  it('ignores foo:base where foo is bound to the XML namespace (forbidden; the Universal Feed Parser ignores it too)', async () => {
    const feed = await parseFeed(fixture('atom10-xml-namespace-bound-to-other-prefix.xml'), { url, fetchedAt });
    const [first, second] = feed.items;
    expect(first!.url).toBe('https://doc.example/feeds/eins.html');
    expect(first!.contentHtml).toBe('<a href="bild.html">Bild</a>');
    expect(second!.url).toBe('https://base.example/dir/zwei.html');
    expect(second!.contentHtml).toBe('<a href="https://base.example/dir/bild.html">Bild</a>');
  });
});

describe('xml:base inside an item’s HTML', () => {
  it('is HTML there, not XML: its links resolve against the base of the element that carries the HTML', async () => {
    const feed = await parseFeed(fixture('atom10-xml-base-inside-escaped-html.xml'), { url, fetchedAt });
    expect(feed.items.map((item) => item.contentHtml)).toEqual([
      '<div xml:base="https://elsewhere.example/d/"><a href="bild.html">Bild</a></div>',
      'Vorab <div xml:base="https://elsewhere.example/d/"><a href="bild.html">Bild</a></div>',
      '<div xml:base="https://elsewhere.example/d/"><a href="https://inner.example/b/bild.html">Bild</a></div>',
    ]);
  });
});

describe('the tolerant reader', () => {
  it('reads guid isPermaLink="false" as no link', async () => {
    const feed = await parseFeed(fixture('rss2-guid-not-permalink-tolerant-reader.xml'), { url, fetchedAt });
    expect(feed.items.map((item) => [item.title, item.url])).toEqual([
      ['Eins', null],
      ['Zwei', null],
      ['Drei', 'https://guids.example/3'],
    ]);
  });
});
