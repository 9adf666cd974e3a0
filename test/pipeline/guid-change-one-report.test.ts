// A feed that changes its guids (a move to https, a new CMS) sends its posts again under new keys. They
// are stored again and join their old selves' story by the link; the merged feeds must still list each
// post once, not as "also reported by" itself. Through the built path: a loopback server, `poll --once`
// on real SQLite, `export` in all three formats.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const fixture = (file: string) => readFileSync(path.join(root, 'test/fixtures/pipeline', file));

async function feedmerge(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), ...args], { cwd: root });
  return stdout;
}

let body = fixture('rss2-guids-before-move.xml');
let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer({
    '/feed.rss': (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body),
  });
});
afterAll(() => server.close());

it('lists a post sent again under a new guid once, in every format', async () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'feedmerge-guids-')), 'config.json');
  writeFileSync(file, JSON.stringify({ database: 'feedmerge.db', sources: [{ id: 'verein', url: server.url('/feed.rss') }] }));
  expect(await feedmerge('poll', '--once', '--all', '--config', file)).toBe('verein: 2 new, 0 updated, 0 unchanged\n');
  body = fixture('rss2-guids-after-move.xml');
  // Stored again: the store keys items by guid (see README, "Same item").
  expect(await feedmerge('poll', '--once', '--all', '--config', file)).toBe('verein: 2 new, 0 updated, 0 unchanged\n');

  const json = JSON.parse(await feedmerge('export', '--format', 'json', '--config', file)) as {
    items: { title: string; _feedmerge: { items: { source: string; url: string }[] } }[];
  };
  expect(json.items.map((i) => [i.title, i._feedmerge.items])).toEqual([
    ['Neuer Vorstand gewählt', [expect.objectContaining({ source: 'verein', url: 'https://verein.example/vorstand' })]],
    ['Sommerfest am Samstag', [expect.objectContaining({ source: 'verein', url: 'https://verein.example/sommerfest' })]],
  ]);
  const atom = await feedmerge('export', '--format', 'atom', '--config', file);
  expect(atom.match(/<link rel="related"/g)).toHaveLength(2);
  const rss = await feedmerge('export', '--format', 'rss', '--config', file);
  expect(rss).not.toContain('Also reported by');
}, 180_000); // 5–6 CLI processes, each a node start with tsx: 106 s in all at load 20
