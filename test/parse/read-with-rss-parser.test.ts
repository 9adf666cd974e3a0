// The rss-parser seam skips work whose output we never read (contentSnippet, isoDate) only inside our
// own reads: rss-parser used directly afterwards still computes its snippet, and what we read from a
// description / content:encoded / Atom content is the full markup.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import Parser from 'rss-parser';
import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../src/parse/parse-feed.js';
import { readWithRssParser } from '../../src/parse/read-with-rss-parser.js';

const root = path.join(import.meta.dirname, '../..');

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

// rss-parser's xml2js parser is cached per Atom prefix. After a failed parse, xml2js read on in the
// broken document and a later error in it was left on the parser's next state: the NEXT failing
// document on that parser never called back, so a poll over two broken feeds in a row hung for ever,
// and what a document gave depended on what the process had parsed before. A short timeout on each
// test makes a regression fail here instead of hanging the suite.
describe('readWithRssParser after a document it cannot read', () => {
  const broken = '<rss version="2.0"><channel><item><title>a <_< b</title></item></channel></rss>';
  const good = '<rss version="2.0"><channel><title>t</title><item><title>Gut</title></item></channel></rss>';

  it.each([2, 3])(
    'reports each of %i broken documents in a row as broken, then reads a good one',
    async (count) => {
      for (let i = 0; i < count; i++) await expect(readWithRssParser(broken, false)).rejects.toThrow(/Invalid character in tag name/);
      expect((await readWithRssParser(good, false)).items.map((item) => item.title)).toEqual(['Gut']);
    },
    2_000,
  );

  it('reads a broken document under another Atom prefix the same way', async () => {
    for (let i = 0; i < 2; i++) await expect(readWithRssParser(broken, false, 'a10')).rejects.toThrow(/Invalid character in tag name/);
    expect((await readWithRssParser(good, false, 'a10')).items).toHaveLength(1);
  }, 2_000);

  it('gives the same feed after failed parses as in a fresh process', async () => {
    // "x<y" is not escaped in the repaired copy, so this goes through rss-parser twice and then the tolerant reader.
    const doc = `<?xml version="1.0"?><rss version="2.0"><channel><title>C</title>${['x<y Vergleich', 'Zwei', 'Drei']
      .map((title, i) => `<item><title>${title}</title><link>https://e.example/${i}</link></item>`)
      .join('')}</channel></rss>`;
    const titles = async () =>
      (await parseFeed(Buffer.from(doc), { fetchedAt: '2026-02-06T00:00:00.000Z' })).items.map((item) => item.title);
    const script = [
      `import { parseFeed } from ${JSON.stringify(path.join(root, 'src/parse/parse-feed.ts'))};`,
      `const feed = await parseFeed(Buffer.from(${JSON.stringify(doc)}), { fetchedAt: '2026-02-06T00:00:00.000Z' });`,
      `console.log(JSON.stringify(feed.items.map((item) => item.title)));`,
    ].join('\n');
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: root,
      timeout: 20_000,
    });
    const fresh = JSON.parse(stdout) as string[];
    for (let i = 0; i < 3; i++) await expect(readWithRssParser(broken, false)).rejects.toThrow();
    expect(await titles()).toEqual(fresh);
    expect(await titles()).toEqual(fresh);
  }, 20_000);
});
