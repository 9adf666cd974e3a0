// Feeds served on 127.0.0.1, read back with `stories --json`. A running service (`run`) that polls
// half of the sources first and gets the other half by a config reload (their items dated before
// some already placed) ends with the stories of a `poll --once` of them all at once: same ids,
// same members (issue 10, goal 4); and so do two `poll --once` runs, one per half.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
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
    // Re-placement is off by default (it can renew a published story's id); this is what turning it on gives.
    const dedup = { maxReplacedItems: 10_000 };
    writeFileSync(file, JSON.stringify({ database, publicDir: path.join(dir, `public-${name}`), dedup, sources: list }));
    return file;
  };
  const stories = async (file: string): Promise<Map<string, string[]>> => {
    const list = JSON.parse(await feedmerge('stories', '--json', '--config', file)) as { id: string; items: { url: string }[] }[];
    return new Map(list.map((s) => [s.id, s.items.map((item) => item.url).sort()]));
  };

  it('are the stories of polling every source at once', async () => {
    const together = config('together', await backend.database(), ids);
    await feedmerge('poll', '--once', '--config', together);
    const reference = await stories(together);
    expect([...reference.values()].filter((members) => members.length > 1).length).toBeGreaterThan(10);

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
    await feedmerge('poll', '--once', '--config', config('cron-first-half', cron, ids.slice(0, SOURCES / 2)));
    const all = config('cron-all', cron, ids);
    await feedmerge('poll', '--once', '--config', all);
    expect(await stories(all)).toEqual(reference);
  }, 120_000);
});
