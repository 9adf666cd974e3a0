// A response whose Age header is beyond Date's range (a broken cache in front of the feed) is polled like
// any other: served on 127.0.0.1 and polled with `poll --once` through the CLI on real SQLite, its items
// are stored and published. Before, the freshness arithmetic threw "Invalid time value" and every poll of
// the source failed.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveBody, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

const rss = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Aged</title><link>https://aged.example.org/</link>
<item><title>First story about harbour cranes</title><link>https://aged.example.org/1</link><guid>a-1</guid></item>
<item><title>Second story about tram timetables</title><link>https://aged.example.org/2</link><guid>a-2</guid></item>
</channel></rss>`;

describe('a feed served with Age: 99999999999999999999', () => {
  let server: FixtureServer;
  let stdout: string;
  let json: { items: { title: string }[] };

  beforeAll(async () => {
    const headers = { 'content-type': 'application/rss+xml', 'cache-control': 'max-age=600', age: '99999999999999999999' };
    server = await startFixtureServer({ '/feed.rss': serveBody(rss, headers) });
    const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-huge-age-'));
    const config = path.join(dir, 'config.json');
    const sources = [{ id: 'aged', url: server.url('/feed.rss'), language: 'en' }];
    writeFileSync(config, JSON.stringify({ database: path.join(dir, 'feedmerge.db'), publicDir: path.join(dir, 'public'), sources }));
    ({ stdout } = await run(
      process.execPath,
      ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), 'poll', '--once', '--all', '--config', config],
      {
        cwd: root,
      },
    ));
    json = JSON.parse(readFileSync(path.join(dir, 'public/feeds/all.json'), 'utf8')) as typeof json;
  }, 60_000);
  afterAll(() => server.close());

  it('stores and publishes its items', () => {
    expect(stdout).toContain('aged: 2 new');
    expect(json.items.map((i) => i.title).sort()).toEqual(['First story about harbour cranes', 'Second story about tram timetables']);
  });
});
