// `feedmerge serve` with HTTP worker processes, as an operator runs it beside a `poll --once`:
// the workers serve, the metrics and readiness come from the store (the same values `run` would
// report), a change another process writes reaches the workers, and SIGTERM stops them all.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { openStore } from '../../src/store/open-store.js';
import { pollAndPublish, workerContext } from '../../src/worker/service.js';
import { Publisher } from '../../src/worker/publisher.js';
import { dropTable } from '../store/sqlite-faults.js';
import { addStory, feedItem } from './story-db.js';

const root = path.resolve(import.meta.dirname, '../..');
const cli = (...args: string[]) => [process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), ...args]] as const;

/** The processes a process started (its direct children), from /proc. */
function childPids(pid: number): number[] {
  return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('serve with two HTTP worker processes', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-workers-'));
  const configFile = path.join(dir, 'config.json');
  let child: ChildProcess;
  let origin: string;
  let stderr = '';

  beforeAll(async () => {
    writeFileSync(
      configFile,
      JSON.stringify({
        database: 'feedmerge.db',
        publicDir: 'public',
        server: { host: '127.0.0.1', port: 0, baseUrl: 'http://localhost:8080' },
        sources: [
          { id: 'dpa', url: path.join(root, 'data/samples/dpa-newsticker.rss') },
          { id: 'regional', url: path.join(root, 'data/samples/regionalzeitung-latin1.rss') },
          { id: 'missing', url: path.join(dir, 'no-such-feed.xml') },
        ],
        outputs: [{ id: 'all', title: 'Alles' }],
      }),
    );
    // The poll (as `poll --once` does it) runs here: serve is another process and sees only the store.
    const config = loadConfig(configFile);
    const store = await openStore(config.database);
    await pollAndPublish(workerContext(config, store), new Publisher(config, store), new Date());
    await store.close();
    const [node2, args2] = cli('serve', '--workers', '2', '--config', configFile);
    child = spawn(node2, [...args2], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    origin = await new Promise<string>((resolve, reject) => {
      child.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const serving = /serving (http:\/\/127\.0\.0\.1:\d+)\//.exec(stderr);
        if (serving) resolve(serving[1]!);
      });
      child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
    });
  });
  afterAll(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('serves the feeds and the pages from its workers', async () => {
    expect(stderr).toContain('with 2 HTTP worker processes');
    expect(childPids(child.pid!)).toHaveLength(2);
    const feed = await fetch(`${origin}/feeds/all.atom`);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    expect(await feed.text()).toContain('Gefangenenaustausch');
    const page = await fetch(`${origin}/outputs/all.html`);
    expect(page.status).toBe(200);
  });

  it('reports readiness and per-source metrics read from the store, as the poller left it', async () => {
    const ready = await fetch(`${origin}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ready: true, sourcesFailing: ['missing'], lastCycleSourcesPolled: 3 });

    const store = await openStore(path.join(dir, 'feedmerge.db'));
    const counts = await store.items.countBySource();
    await store.close();
    expect(counts.get('dpa')).toBeGreaterThan(0);
    const text = await (await fetch(`${origin}/metrics`)).text();
    expect(text).toContain(`\nfeedmerge_source_items{source="dpa"} ${counts.get('dpa')}\n`);
    expect(text).toContain(`\nfeedmerge_source_items{source="regional"} ${counts.get('regional')}\n`);
    expect(text).toContain('\nfeedmerge_source_consecutive_failures{source="missing"} 1\n');
    expect(text).toContain('\nfeedmerge_source_consecutive_failures{source="dpa"} 0\n');
    expect(text).toMatch(/\nfeedmerge_source_last_success_timestamp_seconds\{source="dpa"\} \d+(\.\d+)?\n/);
    expect(text).toMatch(/\nfeedmerge_last_poll_cycle_timestamp_seconds \d+(\.\d+)?\n/);
    expect(text).toContain('\nfeedmerge_http_workers 2\n');
    // Process metrics of the primary and both workers, added up once (not one series per process).
    expect(text.match(/^process_cpu_user_seconds_total /gm)).toHaveLength(1);
    expect(text.match(/^feedmerge_source_items\{source="dpa"\}/gm)).toHaveLength(1);
    // Fetch counters belong to the poller, another process: this one has fetched nothing.
    expect(text).not.toMatch(/^feedmerge_fetches_total\{/m);
  });

  it('hands a change another process writes to the workers (within the 5 s watch)', async () => {
    const store = await openStore(path.join(dir, 'feedmerge.db'));
    await addStory(
      store,
      [
        {
          sourceId: 'dpa',
          item: feedItem({ key: 'late', url: 'https://dpa.example/late', title: 'Späte Eilmeldung', published: new Date().toISOString() }),
        },
      ],
      { now: new Date().toISOString() },
    );
    await store.close();
    let body = '';
    for (let attempt = 0; attempt < 60 && !body.includes('Späte Eilmeldung'); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      // A new connection each time: any of the workers may answer.
      body = await (await fetch(`${origin}/feeds/all.json`, { headers: { connection: 'close' } })).text();
    }
    expect(body).toContain('Späte Eilmeldung');
    expect(existsSync(path.join(dir, 'public/feeds/all.json.gz'))).toBe(true);
  });

  it('stops the workers and exits 0 on SIGTERM', async () => {
    const workers = childPids(child.pid!);
    expect(workers.every(alive)).toBe(true);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(workers.filter(alive)).toEqual([]);
  });
});

describe('serve with an HTTP worker process, when the store cannot be read', () => {
  // The worker has no log: each 5xx it answers reaches the primary's log as one line, worded as a
  // one-process server words it (route, status, cause), whatever part of the service failed.
  it('answers its 5xx from the worker, and the primary logs each once with the route and the cause', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-workers-unready-'));
    const configFile = path.join(dir, 'config.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        database: 'feedmerge.db',
        publicDir: 'public',
        server: { host: '127.0.0.1', port: 0, baseUrl: 'http://localhost:8080' },
        sources: [{ id: 'dpa', url: path.join(root, 'data/samples/dpa-newsticker.rss') }],
        outputs: [{ id: 'all', title: 'Alles' }],
      }),
    );
    const config = loadConfig(configFile);
    const store = await openStore(config.database);
    await pollAndPublish(workerContext(config, store), new Publisher(config, store), new Date());
    await store.close();
    const [node, args] = cli('serve', '--workers', '1', '--config', configFile);
    const child = spawn(node, [...args], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    try {
      const origin = await new Promise<string>((resolve, reject) => {
        child.stderr!.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          const serving = /serving (http:\/\/127\.0\.0\.1:\d+)\//.exec(stderr);
          if (serving) resolve(serving[1]!);
        });
        child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
      });
      dropTable(path.join(dir, 'feedmerge.db'), 'source_state');
      dropTable(path.join(dir, 'feedmerge.db'), 'stories');
      const ready = await fetch(`${origin}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ ready: false, reason: 'store unavailable' });
      const search = await fetch(`${origin}/search?q=Bahn`);
      expect(search.status).toBe(500);
      expect(await search.text()).toBe('search failed\n');
      // The primary's log line names the cause (for PostgreSQL it would name the server too).
      await expect.poll(() => stderr, { timeout: 5_000 }).toMatch(/GET \/readyz: 503: store unavailable: no such table: source_state/);
      await expect.poll(() => stderr, { timeout: 5_000 }).toMatch(/GET \/search\?q=Bahn: 500: no such table: stories/);
      expect(stderr.match(/GET \/readyz: 503/g)).toHaveLength(1);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
