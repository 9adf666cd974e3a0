// A feed whose links carry campaign tags (utm_*, fbclid, wt_mc), served on 127.0.0.1 and polled with
// `poll --once` into a real SQLite file: every link the merged feeds publish (the entry's link, Atom
// `related`, RSS "Also reported by", JSON Feed `url` and `_feedmerge.items[].url`, links in the body)
// goes without them, as Miniflux's urlcleaner does, while the stored item keeps its link as the source wrote it,
// and `explain` finds the item by the link as published. Links whose parameters pick the content, mailto:
// links, images and enclosures go as written.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { serveBody, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const FEED = readFileSync(path.join(root, 'test/fixtures/publish/rss2-links-with-tracking-parameters.xml'));

async function feedmerge(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), ...args], { cwd: root });
  return stdout;
}

let server: FixtureServer;
let dir: string;
let config: string;

beforeAll(async () => {
  server = await startFixtureServer({ '/regional.xml': serveBody(FEED, { 'content-type': 'application/rss+xml' }) });
  dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-tracking-'));
  config = path.join(dir, 'config.json');
  writeFileSync(
    config,
    JSON.stringify({
      database: path.join(dir, 'feedmerge.db'),
      publicDir: path.join(dir, 'public'),
      fetch: { allowPrivateNetworks: true },
      sources: [{ id: 'regional', url: server.url('/regional.xml'), title: 'Regionalzeitung' }],
    }),
  );
  await feedmerge('poll', '--once', '--config', config);
}, 60_000);
afterAll(() => server.close());

const published = (name: string): string => readFileSync(path.join(dir, 'public', 'feeds', name), 'utf8');
const ARTICLE = 'https://rz.example/artikel?id=7#kommentare';

it('publishes the item links without tracking parameters, other parameters and the fragment kept', () => {
  const json = JSON.parse(published('all.json')) as {
    items: { url: string; content_html: string; _feedmerge: { items: { url: string }[] } }[];
  };
  expect(json.items.map((item) => item.url)).toEqual([ARTICLE, 'https://rz.example/fest']);
  expect(json.items.map((item) => item._feedmerge.items.map((member) => member.url))).toEqual([[ARTICLE], ['https://rz.example/fest']]);
  const atom = published('all.atom');
  expect(atom).toContain(`<link href="${ARTICLE.replace('&', '&amp;')}"/>`);
  expect(atom).toContain(`<link rel="related" href="${ARTICLE}"`);
  expect(published('all.xml')).toContain(`<link>${ARTICLE}</link>`);
  for (const document of [published('all.json'), atom, published('all.xml')]) {
    // Only the image, the enclosure and the mailto: link keep theirs (tested below).
    const kept = /(?:bild\.jpg|ton\.mp3)\?utm_source=rss|subject=Haushalt&(?:amp;)*utm_source=rss/g;
    expect(document.replace(kept, '')).not.toMatch(/utm_|fbclid|wt_mc/);
  }
});

it('publishes the links in the body without tracking parameters', () => {
  const json = JSON.parse(published('all.json')) as { items: { content_html: string }[] };
  expect(json.items[0]!.content_html).toContain('<a href="https://rz.example/karte.html">Karte</a>');
  expect(json.items[0]!.content_html).toContain('<a href="https://rz.example/details?page=2">Details</a>');
});

it('keeps links whose parameters pick the content, a "?" inside a value, and mailto: links as written', () => {
  const json = JSON.parse(published('all.json')) as { items: { content_html: string }[] };
  const body = json.items[0]!.content_html;
  expect(body).toContain('<a href="https://gitlab.example/rz/karten/-/pipelines?ref=main">Pipelines</a>');
  expect(body).toContain('<a href="https://musik.example/album/x?track=3">Lied</a>');
  expect(body).toContain('<a href="https://rz.example/login?return=/a?b=1">Anmelden</a>');
  expect(body).toContain('<a href="mailto:leser@rz.example?subject=Haushalt&amp;utm_source=rss">Leserbrief</a>');
});

it('keeps the URL of images and enclosures whole', () => {
  const json = JSON.parse(published('all.json')) as { items: { content_html: string; attachments?: { url: string }[] }[] };
  expect(json.items[0]!.content_html).toContain('<img src="https://rz.example/bild.jpg?utm_source=rss&amp;w=640" alt="Rathaus" />');
  expect(json.items[0]!.attachments?.map((a) => a.url)).toEqual(['https://rz.example/ton.mp3?utm_source=rss']);
});

it('explains the item by its link as published (tracking parameters gone, the fragment kept)', async () => {
  const explained = await feedmerge('explain', ARTICLE, '--config', config);
  expect(explained).toContain('Stadtrat beschließt Doppelhaushalt');
}, 60_000);

it('keeps the link as the source wrote it in the store', async () => {
  const stories = JSON.parse(await feedmerge('stories', '--json', '--config', config)) as { items: { url: string }[] }[];
  expect(stories.flatMap((s) => s.items.map((i) => i.url))).toContain(
    'https://rz.example/artikel?utm_source=rss&id=7&fbclid=abc123&utm_medium=feed#kommentare',
  );
});
