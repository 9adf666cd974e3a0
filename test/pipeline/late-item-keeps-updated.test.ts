// A member's update that readers cannot see (only its link's utm_campaign rotated) arrives in the same poll as an
// unrelated late item that sorts before it: the placer takes the member back and places it again among the late
// items, its waiting update with it. Placed back in its story with nothing shown changed, the story's `updated`
// (JSON Feed date_modified) must stay; before, a waiting update placed again counted as arriving and moved it.
// Through the real path on both stores: fixture feeds on 127.0.0.1, `poll --once` processes, the feed as `serve` serves it.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { createLog } from '../../src/log.js';
import { startService } from '../../src/worker/service.js';
import { describeEachBackend } from '../support/backends.js';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const fixture = (file: string) => readFileSync(path.join(root, 'test/fixtures/pipeline', file));

async function feedmerge(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), ...args], { cwd: root });
  return stdout;
}

interface JsonFeed {
  items: { title: string; date_modified: string; _feedmerge: { items: { source: string; url: string | null }[] } }[];
}

const feeds = new Map<string, Buffer>();
let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer();
  for (const id of ['wire', 'zeitung'])
    server.route(`/${id}.rss`, (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feeds.get(id)));
});
afterAll(() => server.close());

describeEachBackend('an unseen update placed again among late items', (backend) => {
  it('leaves the story’s updated as it was', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-late-unseen-'));
    const configFile = path.join(dir, 'config.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        database: await backend.database(),
        publicDir: path.join(dir, 'public'),
        server: { host: '127.0.0.1', port: 0, baseUrl: 'http://news.example.org' },
        fetch: { allowPrivateNetworks: true },
        sources: [
          { id: 'wire', title: 'Agentur', url: server.url('/wire.rss'), priority: 1 },
          { id: 'zeitung', title: 'Zeitung', url: server.url('/zeitung.rss') },
        ],
        outputs: [{ id: 'all' }],
      }),
    );
    const poll = async (wire: string, zeitung: string): Promise<string> => {
      feeds.set('wire', fixture(wire));
      feeds.set('zeitung', fixture(zeitung));
      return feedmerge('poll', '--once', '--all', '--config', configFile);
    };
    const bridge = async () => {
      const service = await startService(loadConfig(configFile), createLog(new PassThrough()), { poll: false, workers: 0 });
      try {
        const feed = (await (await fetch(`${service.url}/feeds/all.json`)).json()) as JsonFeed;
        return { count: feed.items.length, entry: feed.items.find((i) => i.title === 'Hafenbrücke wird ab Montag gesperrt')! };
      } finally {
        await service.stop();
      }
    };

    expect(await poll('rss2-wire-report-member-titles.xml', 'rss2-member-title-as-first-sent.xml')).toContain(
      'zeitung: 1 new, 0 updated, 0 unchanged',
    );
    const first = await bridge();
    expect(first.count).toBe(1);
    expect(first.entry._feedmerge.items.map((i) => i.source).sort()).toEqual(['wire', 'zeitung']);

    // The member's utm_campaign rotated, and the wire adds an unrelated report dated 08:05 (before the member's 08:30).
    const out = await poll('rss2-wire-report-and-late-unrelated-item.xml', 'rss2-member-title-tracking-rotated.xml');
    expect(out).toContain('zeitung: 0 new, 1 updated, 0 unchanged');
    expect(out).toContain('wire: 1 new');
    const second = await bridge();
    expect(second.count).toBe(2);
    expect(second.entry._feedmerge.items.map((i) => i.source).sort()).toEqual(['wire', 'zeitung']);
    expect(second.entry.date_modified).toBe(first.entry.date_modified);
  }, 300_000); // 2 CLI processes, each a node start with tsx
});
