// Markup written as text inside an item's HTML (`<code>&lt;div&gt;</code>`) is text: served on 127.0.0.1
// and polled with `poll --once` through the CLI on real SQLite, the lead and title keep "<div>" as text in
// every way a description carries HTML (unescaped in the element, escaped, CDATA), as far as the
// plain-text rule allows (an unpaired tag without attributes; "<script>" goes: stripTagsFromText), real
// elements still go, and every output writes the same text escaped: RSS and JSON Feed and Atom's
// type="text" titles as the text, RSS and Atom summaries as escaped HTML, the page escaped. Before, leads
// and titles lost the text ("Use for blocks").
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atomProblems, jsonFeedProblems } from '../publish/feed-validation.js';
import { child, children, parseXml } from '../publish/xml-tree.js';
import { serveBody, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

async function feedmerge(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), ...args], { cwd: root });
  return stdout;
}

const leads: [string, string][] = [
  ['Blocks in raw HTML', 'Use <div> for blocks'],
  ['Tables in escaped HTML', 'Write <table> for tabular data'],
  ['Lists in CDATA', 'Close every <li> you open'],
  ['Why <marquee> died quietly', 'Never run from feeds'],
];
const escaped = (text: string): string => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

type JsonItems = { items: { title: string; summary?: string; content_html: string }[] };

describe('markup written as text in item HTML, polled and published', () => {
  let server: FixtureServer;
  let documents: Record<'rss' | 'atom' | 'json' | 'page', string>;

  beforeAll(async () => {
    const xml = readFileSync(path.join(root, 'test/fixtures/pipeline/rss2-markup-written-as-text.xml'), 'utf8');
    server = await startFixtureServer({ '/feed.rss': serveBody(xml, { 'content-type': 'application/rss+xml' }) });
    const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-markup-as-text-'));
    const config = path.join(dir, 'config.json');
    const sources = [{ id: 'code', url: server.url('/feed.rss'), language: 'en' }];
    writeFileSync(config, JSON.stringify({ database: path.join(dir, 'feedmerge.db'), publicDir: path.join(dir, 'public'), sources }));
    await feedmerge('poll', '--once', '--all', '--config', config);
    const file = (relative: string): string => readFileSync(path.join(dir, 'public', relative), 'utf8');
    documents = { rss: file('feeds/all.xml'), atom: file('feeds/all.atom'), json: file('feeds/all.json'), page: file('outputs/all.html') };
  }, 60_000);
  afterAll(() => server.close());

  it('keeps the text in leads and titles (JSON Feed), drops the real elements, and the documents stay well-formed', () => {
    expect(atomProblems(documents.atom)).toBe('');
    expect(jsonFeedProblems(documents.json)).toEqual([]);
    const json = JSON.parse(documents.json) as JsonItems;
    expect(json.items.map((i) => [i.title, i.summary]).sort()).toEqual([...leads].sort());
    expect(json.items.map((i) => i.content_html).join('')).not.toMatch(/<(?:div|table|li|script|marquee)\b/);
  });

  it('writes the leads as escaped HTML in RSS and Atom, and Atom titles as text', () => {
    const rssDescriptions = children(child(parseXml(documents.rss), 'channel'), 'item').map((i) => child(i, 'description').text);
    const atomEntries = children(parseXml(documents.atom), 'entry');
    for (const [, lead] of leads) {
      expect(rssDescriptions.some((d) => d.startsWith(`<p>${escaped(lead)}</p>`))).toBe(true);
      expect(atomEntries.map((e) => child(e, 'summary').text)).toContain(escaped(lead));
    }
    expect(atomEntries.map((e) => child(e, 'title').text).sort()).toEqual(leads.map(([title]) => title).sort());
  });

  it('writes RSS <title> as Atom and JSON Feed do: one plain-text rule for every format', () => {
    const rssTitles = children(child(parseXml(documents.rss), 'channel'), 'item').map((i) => child(i, 'title').text);
    expect(rssTitles.sort()).toEqual(leads.map(([title]) => title).sort());
  });

  it('shows the titles on the page escaped, never as markup', () => {
    for (const [title] of leads) expect(documents.page).toContain(escaped(title));
    expect(documents.page).not.toMatch(/<(?:marquee|script)\b/);
  });
});
