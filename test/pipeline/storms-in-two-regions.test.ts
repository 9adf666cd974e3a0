// Three feeds served on 127.0.0.1, polled once through the CLI into SQLite: the same afternoon's storm "in Tirol" and "in
// Hessen", told in the same words, stay two stories (the place conflict, now that regions are places), and a third
// outlet's report naming Innsbruck, a town of Tirol, joins the Tirol story; `explain` of the Hessen report names the
// conflict. Fixtures: test/fixtures/dedup/storms-in-two-regions.ts, re-dated to the last hours of the real clock
// (`poll --once` stamps first sight with it).
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedItem } from '../../src/model.js';
import { stormHessen, stormTirol, stormTirolRetold } from '../fixtures/dedup/storms-in-two-regions.js';
import { eventRss } from '../support/event-feeds.js';
import { serveBody, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

async function feedmerge(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), ...args], { cwd: root });
  return stdout;
}

/** The fixture moved so that the newest item is ten minutes old, the others as far before it as in the fixture. */
const newest = Date.parse(stormTirolRetold.published!);
const recent = (item: FeedItem, outlet: string): FeedItem => ({
  ...item,
  url: `https://${outlet}.example/${item.key}`,
  published: new Date(Date.now() - 600_000 - (newest - Date.parse(item.published!))).toISOString(),
});

describe('poll --once: storms in two regions', () => {
  let server: FixtureServer;
  let config: string;

  beforeAll(async () => {
    server = await startFixtureServer({
      '/tirol.rss': serveBody(eventRss('Tiroler Blatt', [recent(stormTirol, 'tiroler')])),
      '/hessen.rss': serveBody(eventRss('Hessenpost', [recent(stormHessen, 'hessenpost')])),
      '/agentur.rss': serveBody(eventRss('Agentur', [recent(stormTirolRetold, 'agentur')])),
    });
    const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-regions-'));
    config = path.join(dir, 'config.json');
    writeFileSync(
      config,
      JSON.stringify({
        database: path.join(dir, 'feedmerge.db'),
        publicDir: path.join(dir, 'public'),
        sources: ['tirol', 'hessen', 'agentur'].map((id) => ({ id, url: server.url(`/${id}.rss`), language: 'de' })),
      }),
    );
    await feedmerge('poll', '--once', '--config', config);
  });
  afterAll(() => server.close());

  it('keeps the two regions apart and joins the report that names a town of the first', async () => {
    const stories = JSON.parse(await feedmerge('stories', '--json', '--config', config)) as { items: { title: string }[] }[];
    const titles = stories.map((s) => s.items.map((i) => i.title).sort());
    expect(titles).toHaveLength(2);
    expect(titles).toContainEqual([stormTirolRetold.title, stormTirol.title].sort());
    expect(titles).toContainEqual([stormHessen.title]);
    const explained = await feedmerge('explain', 'https://hessenpost.example/unwetter-hessen', '--config', config);
    expect(explained).toMatch(/conflicts: .*placeConflict/);
  });
});
