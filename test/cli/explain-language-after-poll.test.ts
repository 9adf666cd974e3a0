// `explain` names where an item's language came from as far as the store knows it. A poll stores the feed's
// language tag, or the source's "language" in the config when the feed has none, and keeps no note of which:
// explain said "declared by the feed" for a language the config had set, and kept saying it once the config
// no longer set one. Through the real path: a loopback server, `poll --once` and `explain` on real SQLite.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const untagged = readFileSync(path.join(root, 'test/fixtures/cli/rss2-no-language-tag.xml'), 'utf8');

async function feedmerge(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), ...args], { cwd: root });
  return stdout;
}

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer({
    '/feed.rss': (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(untagged),
  });
});
afterAll(() => server.close());

it('does not call a language the config set the feed’s, and says what the config sets now', async () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'feedmerge-explain-language-')), 'config.json');
  const config = (language?: string): string =>
    JSON.stringify({
      database: 'feedmerge.db',
      sources: [{ id: 'stadt', url: server.url('/feed.rss'), ...(language ? { language } : {}) }],
    });
  writeFileSync(file, config('de'));
  expect(await feedmerge('poll', '--once', '--all', '--config', file)).toBe('stadt: 1 new, 0 updated, 0 unchanged\n');

  const stored = 'language: de (stored as "de" from the feed\'s language tag or the source\'s "language" setting';
  const explained = await feedmerge('explain', 'https://stadt.example/bruecke', '--config', file);
  expect(explained).toContain(`\n  ${stored}; source "stadt" has "language": "de" in the config now)\n`);
  expect(explained).not.toContain('declared by the feed');

  // The config no longer sets it: the stored "de" is still the config's of the poll, and nothing says otherwise.
  writeFileSync(file, config());
  const afterEdit = await feedmerge('explain', 'https://stadt.example/bruecke', '--config', file);
  expect(afterEdit).toContain(`\n  ${stored})\n`);
  expect(afterEdit).not.toContain('declared by the feed');
}, 120_000); // 3 CLI processes, each a node start with tsx (as in entries-listed-twice.test.ts)
