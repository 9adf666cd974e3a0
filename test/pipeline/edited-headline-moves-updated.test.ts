// A publisher edits an item's headline (nothing else): the merged feeds must show the new headline with
// a moved Atom `updated` / JSON Feed `date_modified`, or readers that refresh an entry by it keep the old
// one. Through the built path: a loopback server, `poll --once` on real SQLite, `export`.
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

let body = fixture('rss2-headline-as-first-sent.xml');
let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer({
    '/feed.rss': (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body),
  });
});
afterAll(() => server.close());

interface JsonFeedItem {
  title: string;
  date_modified: string;
}

it('moves the story’s updated time when the representative’s headline is edited', async () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'feedmerge-retitle-')), 'config.json');
  writeFileSync(file, JSON.stringify({ database: 'feedmerge.db', sources: [{ id: 'stadt', url: server.url('/feed.rss') }] }));
  const exportJson = async () =>
    (JSON.parse(await feedmerge('export', '--format', 'json', '--config', file)) as { items: JsonFeedItem[] }).items;

  expect(await feedmerge('poll', '--once', '--all', '--config', file)).toBe('stadt: 1 new, 0 updated, 0 unchanged\n');
  const [before] = await exportJson();
  expect(before!.title).toBe('Brücke wird gesperrt');

  body = fixture('rss2-headline-edited.xml');
  expect(await feedmerge('poll', '--once', '--all', '--config', file)).toBe('stadt: 0 new, 1 updated, 0 unchanged\n');
  const after = await exportJson();
  expect(after).toHaveLength(1);
  expect(after[0]!.title).toBe('Hafenbrücke bleibt bis März gesperrt');
  expect(Date.parse(after[0]!.date_modified)).toBeGreaterThan(Date.parse(before!.date_modified));
  const atom = await feedmerge('export', '--format', 'atom', '--config', file);
  expect(atom).toContain(`<updated>${after[0]!.date_modified}</updated>`);
}, 180_000); // 5–6 CLI processes, each a node start with tsx: 106 s in all at load 20
