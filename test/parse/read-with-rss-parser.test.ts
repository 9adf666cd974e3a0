// The rss-parser seam skips work whose output we never read (contentSnippet, isoDate) only inside our
// own reads: rss-parser used directly afterwards still computes its snippet, and what we read from a
// description / content:encoded / Atom content is the full markup.
import Parser from 'rss-parser';
import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../src/parse/parse-feed.js';
import { readWithRssParser } from '../../src/parse/read-with-rss-parser.js';

const rss = `<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>t</title>
<item><title>Eins</title><link>https://x.example/1</link><pubDate>Thu, 05 Feb 2026 20:38:53 +0100</pubDate>
<description><![CDATA[<p>Kurzer <b>Text</b> &amp; mehr</p>]]></description>
<content:encoded><![CDATA[<div><p>Langer Text</p></div>]]></content:encoded></item></channel></rss>`;

const atom = `<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><title>Zwei</title><id>tag:x,2026:2</id>
<published>2026-02-05T20:38:53+01:00</published><content type="html">&lt;p&gt;Atom &lt;b&gt;Inhalt&lt;/b&gt;&lt;/p&gt;</content></entry></feed>`;

describe('readWithRssParser', () => {
  it('hands over the full markup and the raw date strings', async () => {
    const feed = await readWithRssParser(rss, false);
    expect(feed.items[0]).toMatchObject({
      description: '<p>Kurzer <b>Text</b> &amp; mehr</p>',
      contentHtml: '<div><p>Langer Text</p></div>',
      published: 'Thu, 05 Feb 2026 20:38:53 +0100',
    });
    const atomFeed = await readWithRssParser(atom, true);
    expect(atomFeed.items[0]).toMatchObject({ contentHtml: '<p>Atom <b>Inhalt</b></p>', published: '2026-02-05T20:38:53+01:00' });
  });

  it('leaves rss-parser itself unchanged for anyone using it directly afterwards', async () => {
    await parseFeed(Buffer.from(rss), { fetchedAt: '2026-02-06T00:00:00.000Z' });
    await readWithRssParser(atom, true);
    const plain = await new Parser().parseString(rss);
    expect(plain.items[0]).toMatchObject({ contentSnippet: 'Kurzer Text & mehr', isoDate: '2026-02-05T19:38:53.000Z' });
    expect((plain.items[0] as Record<string, unknown>)['content:encodedSnippet']).toBe('Langer Text');
    const plainAtom = await new Parser().parseString(atom);
    expect(plainAtom.items[0]).toMatchObject({ contentSnippet: 'Atom Inhalt' });
  });

  it('still rejects what rss-parser rejects, and restores the snippet afterwards', async () => {
    await expect(readWithRssParser('<rss version="2.0"><channel><title>a & b</title></channel></rss>', false)).rejects.toThrow();
    const plain = await new Parser().parseString(rss);
    expect(plain.items[0]!.contentSnippet).toBe('Kurzer Text & mehr');
  });
});
