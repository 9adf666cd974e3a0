// A feed without dates, served on 127.0.0.1, through `poll --once` to the written RSS, Atom, JSON
// Feed and HTML page: its items come out in the feed's own order (first in the feed = newest), and
// a later poll's new item at the top comes out first with the others in their order. Both stores.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Parser from 'rss-parser';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../support/backends.js';
import { serveBody, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const fixture = (name: string) => readFileSync(path.join(root, 'test/fixtures/pipeline', name));

async function feedmerge(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), ...args], { cwd: root });
  return stdout;
}

const FEED_ORDER = [
  'Library extends opening hours on weekdays',
  'Swimming pool closed for tile repairs',
  'Choir seeks tenors for spring concert',
  'Bakery on Mill Street changes owner',
  'Bus line 7 runs a detour through the harbour',
];

describeEachBackend('an undated feed keeps its order in the outputs', (backend) => {
  let server: FixtureServer;
  let dir: string;
  let config: string;

  beforeAll(async () => {
    server = await startFixtureServer({
      '/notices.rss': serveBody(fixture('undated-feed.rss'), { 'content-type': 'application/rss+xml' }),
    });
    dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-undated-'));
    config = path.join(dir, 'config.json');
    writeFileSync(
      config,
      JSON.stringify({
        database: await backend.database(),
        publicDir: 'public',
        server: { baseUrl: 'http://feeds.example.org' },
        sources: [{ id: 'notices', url: server.url('/notices.rss') }],
        outputs: [{ id: 'all' }],
      }),
    );
  });
  afterAll(() => server.close());

  /** The story titles of every written document, in document order. */
  async function publishedOrders(): Promise<Record<string, string[]>> {
    const file = (name: string) => readFileSync(path.join(dir, 'public', name), 'utf8');
    const parser = new Parser();
    const page = [...file('outputs/all.html').matchAll(/<div class="story-title"><a [^>]*>([^<]*)<\/a>/g)].map((m) => m[1]!);
    return {
      rss: (await parser.parseString(file('feeds/all.xml'))).items.map((i) => i.title!),
      atom: (await parser.parseString(file('feeds/all.atom'))).items.map((i) => i.title!),
      json: (JSON.parse(file('feeds/all.json')) as { items: { title: string }[] }).items.map((i) => i.title),
      page,
    };
  }

  it('lists the five undated items in the feed order after the first poll', async () => {
    expect(await feedmerge('poll', '--once', '--config', config)).toContain('notices: 5 new');
    const orders = await publishedOrders();
    expect(orders).toEqual({ rss: FEED_ORDER, atom: FEED_ORDER, json: FEED_ORDER, page: FEED_ORDER });
  });

  it('puts a new undated item at the top of the feed first, the others keeping their order', async () => {
    server.route('/notices.rss', serveBody(fixture('undated-feed-new-item.rss'), { 'content-type': 'application/rss+xml' }));
    expect(await feedmerge('poll', '--once', '--all', '--config', config)).toContain('notices: 1 new, 0 updated, 5 unchanged');
    const expected = ['Farmers market moves to the town square', ...FEED_ORDER];
    expect(await publishedOrders()).toEqual({ rss: expected, atom: expected, json: expected, page: expected });
  });
});
