// Logins written the ways a browser's URL parser still reads as a login (WHATWG URL: "\" for "/" in an
// http(s) URL, one slash or none, "https:\\user:pw@host", "https:/user:pw@host", "https:/\user:pw@host",
// "https:user:pw@host") in every field a private feed fills: titles (the entry's, a member's in "Also
// reported by", Atom's related link titles, JSON Feed's _feedmerge items, the page), the lead, the author,
// a category, the body's text, href, src and alt, the item link and a media URL (each as another URL's
// ?next= value). Two feeds served on 127.0.0.1, `poll --once` through the CLI on real SQLite: no key in
// the RSS, Atom, JSON Feed or the output's page, and the documents still well-formed.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveBody, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';
import { atomProblems, jsonFeedProblems } from './feed-validation.js';
import { parseXml } from './xml-tree.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

async function feedmerge(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), ...args], { cwd: root });
  return stdout;
}

const hoursAgo = (hours: number): string => new Date(Date.now() - hours * 3_600_000).toUTCString();
const SECRETS = [
  'PA55TITLE',
  'PA55LEAD',
  'PA55AUTHOR',
  'PA55CAT',
  'PA55BODY',
  'PA55HREF',
  'PA55SRC',
  'PA55ALT',
  'PA55LINK',
  'PA55ENC',
  'PA55MEMBER',
];

const privat = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>Privat</title><link>https://news.example.org/</link><description>Leserfeed</description>
<item><title>Hafenfest: https:\\\\leser:PA55TITLE@news.example.org/hafenfest</title>
<link>https://news.example.org/hafenfest</link><guid>p1</guid><pubDate>${hoursAgo(4)}</pubDate>
<dc:creator>Redaktion https:leser:PA55AUTHOR@news.example.org/</dc:creator>
<category>https:/\\leser:PA55CAT@news.example.org/kultur</category>
<description>Online lesen: https:/leser:PA55LEAD@news.example.org/hafenfest dann weiter.</description>
<enclosure url="https://cdn.example.org/hafenfest.mp3?next=https:\\\\leser:PA55ENC@cdn.example.org/" type="audio/mpeg" length="1234"/>
<content:encoded><![CDATA[<p>Rund 40 000 Gäste. Konto: https:/\\leser:PA55BODY@news.example.org/konto ·
<a href="https:/leser:PA55HREF@news.example.org/abo">Abo</a> <img src="https:leser:PA55SRC@cdn.example.org/pixel.gif">
<img src="https://cdn.example.org/bild.jpg" alt="https:\\\\leser:PA55ALT@cdn.example.org/bild.jpg"></p>]]></content:encoded></item>
<item><title>Radweg am Hafen</title>
<link>https://news.example.org/go?next=https:/leser:PA55LINK@news.example.org/radweg</link><guid>p2</guid><pubDate>${hoursAgo(3)}</pubDate>
<description>Der Stadtrat beschließt einen neuen Radweg.</description></item>
</channel></rss>`;

const kurier = `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Kurier</title><id>urn:kurier</id><updated>2026-11-26T06:00:00Z</updated>
<entry><title>Hafenfest mit Rekord https:/\\kurier:PA55MEMBER@news.example.org/hafenfest</title><id>urn:kurier:1</id>
<link href="https://news.example.org/hafenfest"/><updated>${new Date(Date.now() - 3.5 * 3_600_000).toISOString()}</updated>
<summary>Rund 40 000 Gäste beim Hafenfest.</summary></entry>
</feed>`;

type JsonFeed = {
  items: {
    title: string;
    url: string;
    summary?: string;
    authors?: { name: string }[];
    tags?: string[];
    attachments?: { url: string }[];
    _feedmerge: { items: { title: string | null; url: string | null }[] };
  }[];
};

describe('logins in the URL forms a browser reads', () => {
  let server: FixtureServer;
  let documents: Record<'rss' | 'atom' | 'json' | 'page', string>;

  beforeAll(async () => {
    server = await startFixtureServer({
      '/privat.rss': serveBody(privat, { 'content-type': 'application/rss+xml' }),
      '/kurier.atom': serveBody(kurier, { 'content-type': 'application/atom+xml' }),
    });
    const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-browser-logins-'));
    const config = path.join(dir, 'config.json');
    writeFileSync(
      config,
      JSON.stringify({
        database: path.join(dir, 'feedmerge.db'),
        publicDir: path.join(dir, 'public'),
        sources: [
          { id: 'privat', url: server.url('/privat.rss'), title: 'Privat', language: 'de' },
          { id: 'kurier', url: server.url('/kurier.atom'), title: 'Kurier', language: 'de' },
        ],
      }),
    );
    await feedmerge('poll', '--once', '--all', '--config', config);
    const file = (relative: string): string => readFileSync(path.join(dir, 'public', relative), 'utf8');
    documents = { rss: file('feeds/all.xml'), atom: file('feeds/all.atom'), json: file('feeds/all.json'), page: file('outputs/all.html') };
  }, 60_000);
  afterAll(() => server?.close());

  it('publishes no key in any format, and the documents stay valid', () => {
    for (const [format, text] of Object.entries(documents)) {
      for (const secret of SECRETS) expect.soft(text, `${format} ${secret}`).not.toContain(secret);
    }
    expect(atomProblems(documents.atom)).toBe('');
    expect(jsonFeedProblems(documents.json)).toEqual([]);
    expect(() => parseXml(documents.rss)).not.toThrow();
  });

  it('keeps the text readable, each URL written as the URL parser writes it', () => {
    const json = JSON.parse(documents.json) as JsonFeed;
    const hafenfest = json.items.find((i) => i._feedmerge.items.length === 2)!;
    expect(hafenfest.title).toBe('Hafenfest: https://news.example.org/hafenfest');
    expect(hafenfest.summary).toBe('Online lesen: https://news.example.org/hafenfest dann weiter.');
    expect(hafenfest.authors).toEqual([{ name: 'Redaktion https://news.example.org/' }]);
    expect(hafenfest.tags).toEqual(['https://news.example.org/kultur']);
    expect(hafenfest._feedmerge.items.map((m) => m.title)).toContain('Hafenfest mit Rekord https://news.example.org/hafenfest');
    // The media URL nesting a login is not published; the body keeps the link's text without its href.
    expect(hafenfest.attachments).toBeUndefined();
    const radweg = json.items.find((i) => i.title === 'Radweg am Hafen')!;
    expect(radweg._feedmerge.items.map((m) => m.url)).toEqual([null]);
    expect(radweg.url).toMatch(/\/outputs\/all\.html#story-/);
  });
});
