// A feed that lists an entry twice in one document: the poll line counts items, and says the repeats apart.
// Before, the repeat was counted as an item of its own ("2 new, 1 updated, 1 unchanged" on a first poll,
// for two items no poll had seen). Through the built path: a loopback server, `poll --once` on real SQLite.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { collapseRepeatedItems } from '../../src/parse/repeated-items.js';
import { feedItem } from '../support/feed-item.js';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const listedTwice = readFileSync(path.join(root, 'test/fixtures/pipeline/rss2-entries-listed-twice.xml'), 'utf8');

async function feedmerge(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), ...args], { cwd: root });
  return stdout;
}

let body = listedTwice;
let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer({
    '/feed.rss': (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body),
  });
});
afterAll(() => server.close());

it('counts an entry listed twice once, and says how many listings repeated one', async () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'feedmerge-listed-twice-')), 'config.json');
  writeFileSync(file, JSON.stringify({ database: 'feedmerge.db', sources: [{ id: 'verein', url: server.url('/feed.rss') }] }));
  expect(await feedmerge('poll', '--once', '--all', '--config', file)).toBe(
    'verein: 2 new, 0 updated, 0 unchanged, 2 repeated in the feed\n',
  );
  const stories = JSON.parse(await feedmerge('stories', '--json', '--config', file)) as { items: unknown[] }[];
  expect(stories.flatMap((s) => s.items)).toHaveLength(2);
  // The stored text is the last listing's, as when each listing was written in turn.
  const feed = JSON.parse(await feedmerge('export', '--format', 'json', '--config', file)) as {
    items: { content_text?: string; summary?: string }[];
  };
  expect(JSON.stringify(feed.items)).toContain('trainiert die U17');

  // A new entry changes the body: the known ones are unchanged, once each.
  body = listedTwice.replace(
    '</channel>',
    '<item><title>Hallenzeiten im Winter</title><link>https://verein.example/halle</link><guid>https://verein.example/halle</guid></item></channel>',
  );
  expect(await feedmerge('poll', '--once', '--all', '--config', file)).toBe(
    'verein: 1 new, 0 updated, 2 unchanged, 2 repeated in the feed\n',
  );
}, 180_000); // 4 CLI processes, each a node start with tsx (as in edited-headline-moves-updated.test.ts)

it.each([
  ['no repeat', ['a', 'b'], ['a', 'b'], 0],
  ['a key listed again later', ['a', 'b', 'a'], ['a', 'b'], 1],
  ['a key listed three times', ['b', 'a', 'a', 'a'], ['b', 'a'], 2],
])('collapses %s to one entry per key, in the order first listed', (_, keys, expected, repeated) => {
  const items = keys.map((key, i) => feedItem({ key, title: `${key} listing ${i}` }));
  const collapsed = collapseRepeatedItems(items);
  expect(collapsed.items.map((item) => item.key)).toEqual(expected);
  expect(collapsed.repeated).toBe(repeated);
  // Each key holds its last listing.
  for (const item of collapsed.items) expect(item.title).toBe(`${item.key} listing ${keys.lastIndexOf(item.key)}`);
});
