// Feeds served on 127.0.0.1, read back with `stories --json`. A running service (`run`) that polls
// half of the sources first and gets the other half by a config reload (their items dated before
// some already placed) ends with the stories of a `poll --once` of them all at once: the same
// members (issue 10, goal 4); and so do two `poll --once` runs, one per half. The ids are those
// published first: every id the first half published is still in the outputs, as a story's or as
// an id absorbed into a survivor's.
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
import { eventFeed, eventRss } from '../support/event-feeds.js';
import { serveBody, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const SOURCES = 24;
const ids = Array.from({ length: SOURCES }, (_, i) => i);

async function feedmerge(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), ...args], { cwd: root });
  return stdout;
}

describeEachBackend('stories of sources added later', (backend) => {
  let server: FixtureServer;
  let dir: string;

  beforeAll(async () => {
    // Dated within the last hours of the real clock: `poll --once` stamps first sight with it.
    const T = Date.now() - 600_000;
    server = await startFixtureServer(
      Object.fromEntries(ids.map((i) => [`/s${i}.rss`, serveBody(eventRss(`s${i}`, eventFeed(i, SOURCES, T)))])),
    );
    dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-arrival-'));
  });
  afterAll(() => server.close());

  const config = (name: string, database: string, sources: number[]): string => {
    const file = path.join(dir, `${name}.json`);
    const list = sources.map((i) => ({ id: `s${i}`, url: server.url(`/s${i}.rss`) }));
    writeFileSync(file, JSON.stringify({ database, publicDir: path.join(dir, `public-${name}`), sources: list }));
    return file;
  };
  const list = async (file: string) =>
    JSON.parse(await feedmerge('stories', '--json', '--config', file)) as { id: string; items: { url: string }[] }[];
  /** The stories' member lists, sorted: the same whatever the ids. */
  const stories = async (file: string): Promise<string[][]> =>
    (await list(file)).map((s) => s.items.map((item) => item.url).sort()).sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
  /** Every id the published JSON Feed shows, every page: stories' and the ids they list as absorbed. */
  const shown = (name: string): Set<string> => {
    const ids = new Set<string>();
    for (let page: string | undefined = '/feeds/all.json'; page;) {
      const feed = JSON.parse(readFileSync(path.join(dir, `public-${name}`, page), 'utf8')) as {
        next_url?: string;
        items: { _feedmerge: { story_id: string; absorbed?: { story_id: string }[] } }[];
      };
      for (const item of feed.items)
        for (const id of [item._feedmerge.story_id, ...(item._feedmerge.absorbed ?? []).map((a) => a.story_id)]) ids.add(id);
      page = feed.next_url && new URL(feed.next_url).pathname;
    }
    return ids;
  };

  it('are the stories of polling every source at once', async () => {
    const together = config('together', await backend.database(), ids);
    await feedmerge('poll', '--once', '--config', together);
    const reference = await stories(together);
    expect(reference.filter((members) => members.length > 1).length).toBeGreaterThan(10);

    // The first half (later-dated items) first; then the config lists every source, and the cycle
    // after the reload polls the new ones (the first half is not due yet).
    const database = await backend.database();
    const file = config('service', database, ids.slice(0, SOURCES / 2));
    const service = await startService(loadConfig(file), createLog(new PassThrough()), { poll: true });
    try {
      config('service', database, ids);
      expect(await service.reload()).toBe(true);
    } finally {
      await service.stop();
    }
    expect(await stories(file)).toEqual(reference);

    // The same with `poll --once` runs: the second process builds its window from what the first stored.
    const cron = await backend.database();
    const firstHalf = config('cron-first-half', cron, ids.slice(0, SOURCES / 2));
    await feedmerge('poll', '--once', '--config', firstHalf);
    const published = (await list(firstHalf)).map((s) => s.id);
    const all = config('cron-all', cron, ids);
    await feedmerge('poll', '--once', '--config', all);
    expect(await stories(all)).toEqual(reference);
    // Every id published after the first half is still in the published feed (a story's, or absorbed into one).
    const now = shown('cron-all');
    expect(published.filter((id) => !now.has(id))).toEqual([]);
  }, 120_000);
});
