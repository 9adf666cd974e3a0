// End to end: an Atom feed whose entries carry their own xml:base, served by a real HTTP server on
// 127.0.0.1, polled with `poll --once` into real SQLite and exported as the merged feed. The merged feed's
// item links, attachments and the links inside content_html are those the xml:base in scope names (another
// host than the feed's), and no javascript: comes out of the javascript: xml:base or the content.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const fixture = path.join(root, 'test/fixtures/parse/atom10-xml-base-entry-link-content.xml');

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer({
    '/blog/feed.atom': (_req, res) => void res.writeHead(200, { 'content-type': 'application/atom+xml' }).end(readFileSync(fixture)),
  });
});
afterAll(() => server.close());

async function feedmerge(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), ...args], { cwd: root });
  return stdout;
}

// A javascript: URL as a link or attribute value (a title may say "javascript:" as text).
const unsafeUrl = /(?:href|src|url)\W{1,4}javascript:/i;

type JsonItems = { items: { title: string; url?: string; content_html?: string; attachments?: { url: string }[] }[] };

describe('xml:base on entries, through poll --once and export', () => {
  it("publishes each entry's link, enclosure and content links against the xml:base in scope", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'feedmerge-xml-base-')), 'config.json');
    writeFileSync(file, JSON.stringify({ database: 'feedmerge.db', sources: [{ id: 'basis', url: server.url('/blog/feed.atom') }] }));
    expect(await feedmerge('poll', '--once', '--all', '--config', file)).toBe('basis: 4 new, 0 updated, 0 unchanged\n');
    const json = await feedmerge('export', '--format', 'json', '--config', file);
    const items = (JSON.parse(json) as JsonItems).items;
    const byTitle = new Map(items.map((i) => [i.title, i]));
    const ki = byTitle.get('KI-Gesetz im Bundestag beschlossen')!;
    // Before: https://www.example.org/blog/ki-gesetz.html (the root's base), the enclosure on that host,
    // and the content's links resolved against that wrong item link.
    expect(ki.url).toBe('https://news.example.net/2026/ki-gesetz.html');
    expect(ki.attachments?.map((a) => a.url)).toEqual(['https://cdn.example.net/audio/ki.mp3']);
    expect([...ki.content_html!.matchAll(/(?:href|src)="([^"]*)"/g)].map((m) => m[1])).toEqual([
      'https://static.example.net/artikel/1',
      'https://static.example.net/fotos/bild.jpg',
      'https://other.example.com/x',
    ]);
    expect(byTitle.get('Unwetter im Süden erwartet')!.url).toBe('https://www.example.org/archiv/post-2.html');
    expect(byTitle.get('Unwetter im Süden erwartet')!.content_html).toContain('href="https://www.example.org/blog/tags/wetter"');
    expect(byTitle.get('Sicherer Link trotz javascript:-Basis')!.url).toBe('https://www.example.org/blog/sicher.html');
    expect(byTitle.get('Relative Basis unter der Wurzel')!.url).toBe('https://www.example.org/blog/drei.html');
    expect(json).not.toMatch(unsafeUrl);
    const atom = await feedmerge('export', '--format', 'atom', '--config', file);
    expect(atom).toContain('href="https://news.example.net/2026/ki-gesetz.html"');
    expect(atom).not.toMatch(unsafeUrl);
  });
});
