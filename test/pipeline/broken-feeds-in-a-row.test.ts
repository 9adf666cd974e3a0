// Two broken feeds polled one after the other (a stray "<" that rss-parser rejects; the tolerant
// reader takes them) must not stop the cycle: rss-parser's cached parser left a failed parse's error
// state to the next document, whose failure then never settled, so `poll --once` hung for ever and
// stored nothing of the good source behind them. Through the real path: a loopback server,
// `poll --once`, and `stories`.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { serveBody, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

async function feedmerge(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), ...args], {
    cwd: root,
    // A hang is the bug: fail the run well before the test's own timeout.
    timeout: 60_000,
  });
  return stdout;
}

/** An RSS 2.0 feed whose first title has a "<" that starts no markup and cannot be escaped ("<_<"). */
function brokenRss(site: string, smiley: string): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>${site}</title><link>https://${site}.example/</link>
<item><title>${smiley} <_< und >_></title><link>https://${site}.example/1</link></item>
<item><title>Zweiter Beitrag von ${site}</title><link>https://${site}.example/2</link></item>
</channel></rss>`;
}

const good = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Gut</title><link>https://gut.example/</link>
<item><title>Orgelkonzert zum Advent</title><link>https://gut.example/orgel</link></item>
</channel></rss>`;

let server: FixtureServer;
beforeAll(async () => {
  const rss = { 'content-type': 'application/rss+xml' };
  server = await startFixtureServer({
    '/eins.rss': serveBody(brokenRss('eins', 'Smileys'), rss),
    '/zwei.rss': serveBody(brokenRss('zwei', 'Grinsen'), rss),
    '/gut.rss': serveBody(good, rss),
  });
});
afterAll(() => server.close());

it('polls two broken feeds in a row and a good one to the end, and stores the good one', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-broken-in-a-row-'));
  const config = path.join(dir, 'config.json');
  const sources = ['eins', 'zwei', 'gut'].map((id) => ({ id, url: server.url(`/${id}.rss`) }));
  writeFileSync(config, JSON.stringify({ database: path.join(dir, 'feedmerge.db'), publicDir: 'public', sources }));

  const report = await feedmerge('poll', '--once', '--all', '--config', config);
  // How many items the tolerant reader makes of the broken ones is its own matter (test/parse).
  const lines = report.split('\n').filter(Boolean).sort();
  expect(lines).toHaveLength(3);
  expect(lines[0]).toMatch(/^eins: [1-9]\d* new, 0 updated, 0 unchanged$/);
  expect(lines[1]).toBe('gut: 1 new, 0 updated, 0 unchanged');
  expect(lines[2]).toMatch(/^zwei: [1-9]\d* new, 0 updated, 0 unchanged$/);
  const stories = JSON.parse(await feedmerge('stories', '--json', '--config', config)) as { title: string }[];
  expect(stories.map((story) => story.title)).toContain('Orgelkonzert zum Advent');
}, 150_000);
