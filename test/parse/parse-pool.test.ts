// The parse threads give exactly what parseFeed gives on the calling thread: the same feeds, the
// same errors (code, message, feed link), for several feeds at once; idle threads never keep a
// process alive (`poll --once` exits without closing the pool); and a feed whose parse is cut short
// fails with its own cause (PARSE_FAILED), not as an invalid feed.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ParseError, parseFeed } from '../../src/parse/parse-feed.js';
import { createParsePool, ParseStoppedError } from '../../src/parse/parse-pool.js';

const fixtures = path.join(import.meta.dirname, '../fixtures/parse');
const root = path.join(import.meta.dirname, '../..');
const options = { url: 'https://nachrichten.example.de/feed.rss', fetchedAt: '2026-02-06T00:00:00.000Z' };
// minBytes 0: every body goes to a thread, however small.
const pool = createParsePool({ threads: 2, minBytes: 0 });
afterAll(() => pool.close());

/** A feed's result or its error, as plain data to compare. */
async function outcome(parse: () => Promise<unknown>): Promise<unknown> {
  try {
    return { feed: await parse() };
  } catch (error) {
    const e = error as ParseError;
    return { error: { isParseError: e instanceof ParseError, name: e.name, code: e.code, message: e.message, feedUrl: e.feedUrl } };
  }
}

/** A German RSS 2.0 feed of `count` items (~1 KB each). */
function bigFeed(count: number, tag: string): Buffer {
  const items = Array.from(
    { length: count },
    (_, i) =>
      `<item><title>${tag} Meldung ${i}: Gespräche über Zölle</title><link>https://nachrichten.example.de/${tag}/${i}.html?utm_source=rss</link>` +
      `<guid>${tag}-${i}</guid><pubDate>Wed, 04 Feb 2026 18:35:00 +0100</pubDate>` +
      `<description><![CDATA[<p>Die Gespräche in Abu Dhabi gehen weiter, sagte ein Sprecher. Ä Ö Ü „Zitat“ ${'Lorem ipsum dolor sit amet. '.repeat(20)}</p>]]></description></item>`,
  );
  return Buffer.from(
    `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Groß ${tag}</title>${items.join('')}</channel></rss>`,
  );
}

describe('parse pool', () => {
  it.each(readdirSync(fixtures))('%s: the same feed or error as parseFeed', async (name) => {
    const body = readFileSync(path.join(fixtures, name));
    const threaded = await outcome(() => pool.parse(body, options));
    expect(threaded).toEqual(await outcome(() => parseFeed(body, options)));
  });

  it('rebuilds a ParseError with its code and the feed an HTML page links', async () => {
    const page = Buffer.from('<!DOCTYPE html><html><head><link rel="alternate" type="application/rss+xml" href="/feed.xml"></head></html>');
    const error = await pool.parse(page, options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ParseError);
    expect(error).toMatchObject({ code: 'NOT_A_FEED', feedUrl: 'https://nachrichten.example.de/feed.xml' });
    const broken = Buffer.from('{"version": "https://jsonfeed.org/version/1.1", "items": [,]}');
    const inPlace = await outcome(() => parseFeed(broken, options));
    expect(inPlace).toMatchObject({ error: { code: 'INVALID_FEED' } });
    expect(await outcome(() => pool.parse(broken, options))).toEqual(inPlace);
  });

  it('reads two broken feeds in a row on one thread, then a good one, as parseFeed does', async () => {
    // A thread keeps rss-parser's cached parser between feeds: after a failed parse it must take a fresh
    // one, or the second broken feed never settles (read-with-rss-parser.test.ts) and the poll hangs.
    const single = createParsePool({ threads: 1, minBytes: 0 });
    try {
      const broken = Buffer.from(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Blog</title><item><title>Smileys <_< und >_></title>' +
          '<link>https://b.example/1</link></item><item><title>Zweiter</title><link>https://b.example/2</link></item></channel></rss>',
      );
      const good = bigFeed(3, 'gut');
      const expected = [await outcome(() => parseFeed(broken, options)), await outcome(() => parseFeed(good, options))];
      const threaded = [];
      for (const body of [broken, broken, good]) threaded.push(await outcome(() => single.parse(body, options)));
      expect(threaded).toEqual([expected[0], expected[0], expected[1]]);
      expect(threaded[2]).toMatchObject({ feed: { title: 'Groß gut' } });
    } finally {
      await single.close();
    }
  }, 10_000);

  it('parses several large feeds at once, each answer to its own caller, the caller keeping its buffer', async () => {
    // As the file reader hands them over: a view on a larger buffer of the caller's.
    const bodies = ['a', 'b', 'c', 'd', 'e'].map((tag) => {
      const feed = bigFeed(2_000, tag);
      const buffer = Buffer.alloc(feed.byteLength + 1);
      feed.copy(buffer);
      return buffer.subarray(0, feed.byteLength);
    });
    const copies = bodies.map((body) => Buffer.from(body));
    const feeds = await Promise.all(bodies.map((body) => pool.parse(body, options)));
    feeds.forEach((feed, f) => {
      const tag = 'abcde'[f]!;
      expect(feed.title).toBe(`Groß ${tag}`);
      expect(feed.items).toHaveLength(2_000);
      expect(feed.items[1_999]).toMatchObject({ key: `${tag}-1999`, canonicalUrl: `https://nachrichten.example.de/${tag}/1999.html` });
    });
    expect(feeds[2]).toEqual(await parseFeed(bodies[2]!, options));
    bodies.forEach((body, b) => expect(body.equals(copies[b]!)).toBe(true));
  });

  it('parses again after its idle threads stopped (to give their memory back)', async () => {
    const body = bigFeed(50, 'idle');
    expect((await pool.parse(body, options)).items).toHaveLength(50);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect((await pool.parse(body, options)).items).toHaveLength(50);
  });

  it('fails the feeds it is parsing or holding when closed, as stopped (PARSE_FAILED), not as invalid feeds', async () => {
    const closing = createParsePool({ threads: 1, minBytes: 0 });
    // One feed on the thread, one waiting for it.
    const parsing = closing.parse(bigFeed(2_000, 'busy'), options).catch((e: unknown) => e);
    const waiting = closing.parse(bigFeed(10, 'next'), options).catch((e: unknown) => e);
    await closing.close();
    for (const error of [await parsing, await waiting]) {
      expect(error).toBeInstanceOf(ParseStoppedError);
      expect(error).not.toBeInstanceOf(ParseError);
      expect(error).toMatchObject({ code: 'PARSE_FAILED', message: 'the parse pool was closed' });
    }
  });

  it('does not keep a process alive once its feeds are parsed', async () => {
    const script = [
      `import { createParsePool } from ${JSON.stringify(path.join(root, 'src/parse/parse-pool.ts'))};`,
      `const pool = createParsePool({ threads: 2, minBytes: 0 });`,
      `const feed = await pool.parse(Buffer.from('<rss version="2.0"><channel><title>T</title><item><title>Eins</title></item></channel></rss>'), { fetchedAt: '2026-02-06T00:00:00.000Z' });`,
      `console.log(feed.items[0].title);`,
    ].join('\n');
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: root,
      timeout: 20_000,
    });
    expect(stdout.trim()).toBe('Eins');
  });
});
