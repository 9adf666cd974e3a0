// A private feed's titles may write out a subscriber's key as its leads do ("… https://…?token=…", a
// "user:pw@" URL), also as a scheme-relative "//user:pw@host/" or a "www.host/?token=" URL; its body may
// link one scheme-relative. Two feeds served on 127.0.0.1, `poll --once` through the CLI on real SQLite
// (one story joins both by their link, so a member title shows in "Also reported by" and Atom's related
// links): no key in the RSS, Atom, JSON Feed or the output's page, the titles still readable, and the
// documents still well-formed (Atom against RFC 4287's schema, JSON Feed against the 1.1 schema).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveBody, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';
import { atomProblems, jsonFeedProblems } from './feed-validation.js';
import { child, children, parseXml } from './xml-tree.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

async function feedmerge(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), ...args], { cwd: root });
  return stdout;
}

const hoursAgo = (hours: number): string => new Date(Date.now() - hours * 3_600_000).toUTCString();
const SECRETS = ['T1TLEKEY', 'PA55SR', 'WWWTITLE', 'APOKEY', 'PA55MEMBER', 'PA55REL', 'PA55IMG', 'WWWBODY', 'PA55ALT'];

const privat = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Privat</title><link>https://news.example.org/</link><description>Leserfeed</description>
<item><title>Hafenfest: online lesen https://news.example.org/hafenfest?ref=rss&amp;token=T1TLEKEY</title>
<link>https://news.example.org/hafenfest</link><guid>p1</guid><pubDate>${hoursAgo(4)}</pubDate>
<description>Rund 40 000 Gäste kamen am Wochenende zum Hafenfest.</description>
<content:encoded><![CDATA[<p>Rund 40 000 Gäste kamen. <a href="//leser:PA55REL@news.example.org/konto">Konto</a> ·
<a href="//cdn.example.org/programm">Programm</a> <img src="//leser:PA55IMG@cdn.example.org/pixel.gif"><img src="//cdn.example.org/bild.jpg" alt="www.news.example.org/p?sid=PA55ALT"> Archiv: www.news.example.org/archiv?token=WWWBODY.</p>]]></content:encoded></item>
<item><title>Radweg am Hafen: //leser:PA55SR@news.example.org/radweg</title>
<link>https://news.example.org/radweg</link><guid>p2</guid><pubDate>${hoursAgo(3)}</pubDate>
<description>Der Stadtrat beschließt einen neuen Radweg.</description></item>
<item><title>Sommerkonzert im Schlosspark www.news.example.org/konzert?token=WWWTITLE.</title>
<link>https://news.example.org/konzert</link><guid>p3</guid><pubDate>${hoursAgo(2)}</pubDate>
<description>Das Orchester spielt am Samstag.</description></item>
<item><title>It's https://news.example.org/blog?token=APOKEY's turn</title>
<link>https://news.example.org/blog</link><guid>p4</guid><pubDate>${hoursAgo(1)}</pubDate>
<description>Ein Blog über die Woche.</description></item>
</channel></rss>`;

const kurier = `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Kurier</title><id>urn:kurier</id><updated>2026-11-26T06:00:00Z</updated>
<entry><title>Hafenfest mit Rekord https://kurier:PA55MEMBER@news.example.org/hafenfest</title><id>urn:kurier:1</id>
<link href="https://news.example.org/hafenfest"/><updated>${new Date(Date.now() - 3.5 * 3_600_000).toISOString()}</updated>
<summary>Rund 40 000 Gäste beim Hafenfest.</summary></entry>
</feed>`;

type JsonFeed = {
  items: { title: string; content_html: string; _feedmerge: { items: { source: string; title: string | null }[] } }[];
};

describe('logins written in titles, and scheme-relative and www. URLs', () => {
  let server: FixtureServer;
  let documents: Record<'rss' | 'atom' | 'json' | 'page', string>;

  beforeAll(async () => {
    server = await startFixtureServer({
      '/privat.rss': serveBody(privat, { 'content-type': 'application/rss+xml' }),
      '/kurier.atom': serveBody(kurier, { 'content-type': 'application/atom+xml' }),
    });
    const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-title-logins-'));
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
      for (const secret of SECRETS) expect(text, `${format} ${secret}`).not.toContain(secret);
    }
    expect(atomProblems(documents.atom)).toBe('');
    expect(jsonFeedProblems(documents.json)).toEqual([]);
    expect(() => parseXml(documents.rss)).not.toThrow();
  });

  it('keeps the titles readable: the URL without its login, the sentence around it', () => {
    const json = JSON.parse(documents.json) as JsonFeed;
    const titles = [
      'Hafenfest: online lesen https://news.example.org/hafenfest?ref=rss',
      'Radweg am Hafen: //news.example.org/radweg',
      'Sommerkonzert im Schlosspark www.news.example.org/konzert.',
      "It's https://news.example.org/blog's turn",
    ];
    const member = 'Hafenfest mit Rekord https://news.example.org/hafenfest';
    // One story joins both reports of the Hafenfest (the same link): four stories.
    expect(json.items).toHaveLength(4);
    const shown = json.items.flatMap((i) => [i.title, ...i._feedmerge.items.map((m) => m.title)]);
    for (const title of titles) expect(shown).toContain(title);
    expect(shown).toContain(member);
    // RSS and Atom titles, Atom's related links (titled "Source: title"), the "Also reported by" line and the page.
    const rssTitles = children(child(parseXml(documents.rss), 'channel'), 'item').map((i) => child(i, 'title').text);
    const atomEntries = children(parseXml(documents.atom), 'entry');
    expect(rssTitles.sort()).toEqual(json.items.map((i) => i.title).sort());
    expect(atomEntries.map((e) => child(e, 'title').text).sort()).toEqual(json.items.map((i) => i.title).sort());
    const related = atomEntries.flatMap((e) => children(e, 'link').filter((l) => l.attributes['rel'] === 'related'));
    const relatedTitles = related.map((l) => l.attributes['title']);
    for (const title of [...titles.map((t) => `Privat: ${t}`), `Kurier: ${member}`]) expect(relatedTitles).toContain(title);
    const joined = json.items.find((i) => i._feedmerge.items.length === 2)!;
    expect(joined.content_html).toMatch(
      /Also reported by:<\/p><ul><li><a href="https:\/\/news\.example\.org\/hafenfest"><bdi>(Privat|Kurier)<\/bdi><\/a>: <bdi>/,
    );
    const escaped = (text: string): string => text.replaceAll('&', '&amp;').replaceAll("'", '&#39;');
    for (const title of [...titles, member]) expect(documents.page.replaceAll('&#x27;', '&#39;')).toContain(escaped(title));
  });

  it('resolves a scheme-relative body link against the item link: dropped with a login, kept without one', () => {
    const json = JSON.parse(documents.json) as JsonFeed;
    const body = json.items.map((i) => i.content_html).find((html) => html.includes('Konto'))!;
    expect(body).toContain('<a>Konto</a>');
    expect(body).toContain('<a href="https://cdn.example.org/programm">Programm</a>');
    expect(body).not.toContain('pixel.gif');
    expect(body).toContain('<img src="https://cdn.example.org/bild.jpg" alt="www.news.example.org/p" />');
    expect(body).toContain('Archiv: www.news.example.org/archiv.');
  });
});
