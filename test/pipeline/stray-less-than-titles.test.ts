// Titles with a bare "<" before a letter or "_" ("x<y", "<_<", "Preis<Wert", "<<Neu>>"), and titles
// whose text is tag-shaped but no HTML, served on 127.0.0.1 and polled with `poll --once` through the
// CLI on real SQLite: every item arrives with its title as written (a bare "<" had folded the rest of a
// feed into one item; "<<Neu>>" had become "<>"), but for a space after a "<" that a browser would read as the
// start of a tag running to the end ("x< y auch …": a reader's own markup or next field would close it and
// give it attributes), HTML markup in titles still goes, and the merged RSS,
// Atom and JSON Feed stay well-formed (Atom against RFC 4287's schema, JSON Feed against the 1.1 schema).
// Likewise unescaped, ill-formed HTML in descriptions: every item, every word of its lead, and the body
// as HTML (its <br> a line break, never "&lt;br&gt;" shown as text).
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
const fixture = (name: string): string => readFileSync(path.join(root, 'test/fixtures/parse', name), 'utf8');

/** Polls `feeds` (path → fixture) once through the CLI and returns the published documents and stored stories. */
async function pollAndPublish(feeds: Record<string, string>) {
  const server = await startFixtureServer(
    Object.fromEntries(
      Object.entries(feeds).map(([id, name]) => [`/${id}.rss`, serveBody(fixture(name), { 'content-type': 'application/rss+xml' })]),
    ),
  );
  try {
    const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-stray-less-than-'));
    const config = path.join(dir, 'config.json');
    const sources = Object.keys(feeds).map((id) => ({ id, url: server.url(`/${id}.rss`), language: 'de' }));
    writeFileSync(config, JSON.stringify({ database: path.join(dir, 'feedmerge.db'), publicDir: path.join(dir, 'public'), sources }));
    await feedmerge('poll', '--once', '--all', '--config', config);
    const file = (relative: string): string => readFileSync(path.join(dir, 'public', relative), 'utf8');
    return {
      documents: { rss: file('feeds/all.xml'), atom: file('feeds/all.atom'), json: file('feeds/all.json'), page: file('outputs/all.html') },
      stored: JSON.parse(await feedmerge('stories', '--json', '--config', config)) as { items: { source: string; title: string }[] }[],
    };
  } finally {
    server.close();
  }
}

async function feedmerge(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), ...args], { cwd: root });
  return stdout;
}

const expectedTitles = [
  'Mathe-Rätsel: Gilt x< y auch für negative Zahlen?',
  'Forum-Slang <_< erklärt',
  'Preis< Wert: Verbraucherzentrale prüft Stromtarife',
  'Fans schreiben i<3 Bremen auf Plakate',
  '<<Neu>> Kanzler tritt zurück',
  'Werte <Wert und mehr> im Vergleich',
  'Stadtrat beschließt Haushalt für Hafenausbau',
  '<<Eilmeldung>> Brücke über die Weser gesperrt',
  'Algebra im Alltag: Wann gilt x<y>z?',
  'Eil: Flughafen meldet Streik',
  'Bahn erhöht Preise',
];

type JsonFeed = { items: { title: string; _feedmerge: { items: { source: string; title: string | null }[] } }[] };

describe('titles with a bare "<" and tag-shaped text, polled and published', () => {
  let documents: Record<'rss' | 'atom' | 'json' | 'page', string>;
  let stored: { items: { source: string; title: string }[] }[];

  beforeAll(async () => {
    ({ documents, stored } = await pollAndPublish({
      namen: 'rss2-less-than-before-names-in-titles.xml',
      tagtext: 'rss2-tag-shaped-text-in-titles.xml',
    }));
  }, 60_000);

  it('stores every item, each with its title as written', () => {
    const items = stored.flatMap((s) => s.items);
    expect(items.filter((i) => i.source === 'namen')).toHaveLength(7);
    expect(items.filter((i) => i.source === 'tagtext')).toHaveLength(4);
    expect(items.map((i) => i.title).sort()).toEqual([...expectedTitles].sort());
  });

  it('publishes every title intact in RSS, Atom and JSON Feed, and the documents stay well-formed', () => {
    expect(atomProblems(documents.atom)).toBe('');
    expect(jsonFeedProblems(documents.json)).toEqual([]);
    const json = JSON.parse(documents.json) as JsonFeed;
    const shown = json.items.flatMap((i) => i._feedmerge.items.map((m) => m.title));
    expect(shown.sort()).toEqual([...expectedTitles].sort());
    const storyTitles = json.items.map((i) => i.title).sort();
    const rssTitles = children(child(parseXml(documents.rss), 'channel'), 'item').map((i) => child(i, 'title').text);
    const atomTitles = children(parseXml(documents.atom), 'entry').map((e) => child(e, 'title').text);
    expect(rssTitles.sort()).toEqual(storyTitles);
    expect(atomTitles.sort()).toEqual(storyTitles);
    for (const title of storyTitles) expect(expectedTitles).toContain(title);
  });

  it('shows the titles on the output page as text, escaped, never as markup', () => {
    for (const title of expectedTitles)
      expect(documents.page).toContain(title.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;'));
    expect(documents.page).not.toMatch(/<(?:Neu|Wert|Eilmeldung|_|y)\b/);
  });
});

describe('unescaped, ill-formed HTML in descriptions, polled and published', () => {
  type JsonItems = { items: { title: string; summary?: string; content_html: string }[] };
  let documents: Record<'rss' | 'atom' | 'json' | 'page', string>;

  beforeAll(async () => {
    ({ documents } = await pollAndPublish({ roh: 'rss2-unescaped-html-in-descriptions.xml' }));
  }, 60_000);

  it('publishes every item with its whole lead, and the body as HTML, not as escaped markup', () => {
    expect(atomProblems(documents.atom)).toBe('');
    expect(jsonFeedProblems(documents.json)).toEqual([]);
    const json = JSON.parse(documents.json) as JsonItems;
    const byTitle = new Map(json.items.map((i) => [i.title, i]));
    expect([...byTitle.keys()].sort()).toEqual(['Absatz mit Umbruch', 'Bild im Absatz', 'Fett und Umbruch', 'Ohne HTML', 'Volltext']);
    expect(byTitle.get('Fett und Umbruch')!.summary).toBe('Ein Text mit Umbruch');
    expect(byTitle.get('Absatz mit Umbruch')!.summary).toBe('Erster Absatz zweite Zeile');
    expect(byTitle.get('Fett und Umbruch')!.content_html).toMatch(/Ein <b>Text<br ?\/?>mit<\/b> Umbruch/);
    expect(byTitle.get('Absatz mit Umbruch')!.content_html).toMatch(/<p>Erster Absatz<br ?\/?>zweite Zeile<\/p>/);
    expect(byTitle.get('Bild im Absatz')!.content_html).toContain('<img src="https://roh-html.example.de/a.jpg"');
    expect(byTitle.get('Volltext')!.content_html).toMatch(/<b>fett<\/b> und <i>kursiv<\/i>/);
    // The bodies as a reader receives them (RSS content:encoded decoded from XML): no markup shown as text.
    const rssBodies = children(child(parseXml(documents.rss), 'channel'), 'item').map((i) => child(i, 'content:encoded').text);
    for (const body of [...json.items.map((i) => i.content_html + (i.summary ?? '')), ...rssBodies])
      expect(body).not.toMatch(/&(?:amp;)*lt;(?:br|img|b)\b/);
    expect(rssBodies.join('')).toContain('<br');
  });
});

describe('well-formed HTML written unescaped in titles and descriptions, polled and published', () => {
  type JsonItems = { items: { title: string; summary?: string; content_html: string }[] };
  let documents: Record<'rss' | 'atom' | 'json' | 'page', string>;

  beforeAll(async () => {
    ({ documents } = await pollAndPublish({ wohlgeformt: 'rss2-well-formed-html-in-descriptions.xml' }));
  }, 60_000);

  it('keeps every word in title, lead and body, and the outputs stay well-formed', () => {
    expect(atomProblems(documents.atom)).toBe('');
    expect(jsonFeedProblems(documents.json)).toEqual([]);
    const json = JSON.parse(documents.json) as JsonItems;
    const byTitle = new Map(json.items.map((i) => [i.title, i]));
    expect([...byTitle.keys()].sort()).toEqual(['Absätze', 'Ein fetter Titel', 'Quelltext', 'Verweis']);
    expect(byTitle.get('Ein fetter Titel')!.summary).toBe('Ein fetter Text');
    expect(byTitle.get('Ein fetter Titel')!.content_html).toContain('Ein <b>fetter</b> Text');
    expect(byTitle.get('Absätze')!.summary).toBe('Erster Absatz Zweiter Absatz');
    expect(byTitle.get('Absätze')!.content_html).toMatch(/<p>Erster Absatz<\/p>\s*<p>Zweiter Absatz<\/p>/);
    expect(byTitle.get('Verweis')!.content_html).toMatch(
      /Volltext mit <b>fettem<\/b> Wort<br ?\/?>und Bild <img src="https:\/\/wf-html\.example\.de\/a\.jpg"/,
    );
    // Markup written as text stays text: no <script> element, "<div>" shown; the empty link holds no text (its id is sanitized away).
    const code = byTitle.get('Quelltext')!.content_html;
    expect(code).toContain('Schreibe nie &lt;script&gt;alert(1)&lt;/script&gt; und nimm <code>&lt;div&gt;</code> für Blöcke');
    expect(code).not.toMatch(/<script|<div>/);
    expect(code).toMatch(/Blöcke<a><\/a>, siehe <a href="https:\/\/wf-html\.example\.de\/x\?a=1&amp;b=2"[^>]*>Dossier<\/a>/);
    const rssItems = children(child(parseXml(documents.rss), 'channel'), 'item');
    expect(rssItems.map((i) => child(i, 'title').text).sort()).toEqual(['Absätze', 'Ein fetter Titel', 'Quelltext', 'Verweis']);
    const atomTitles = children(parseXml(documents.atom), 'entry').map((e) => child(e, 'title').text);
    expect(atomTitles.sort()).toEqual(['Absätze', 'Ein fetter Titel', 'Quelltext', 'Verweis']);
    expect(rssItems.map((i) => child(i, 'content:encoded').text).join('')).toContain('<b>fettem</b>');
  });
});
