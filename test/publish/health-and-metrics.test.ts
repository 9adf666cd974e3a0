// /healthz (alive), /readyz (the store answers and the poller keeps the feeds current) and
// /metrics (per-source state read from the store at scrape time, process metrics), over HTTP.
import { spawnSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metrics } from '../../src/metrics.js';
import { createFeedServer, SEARCH_BUSY } from '../../src/publish/http-server.js';
import { renderPublication } from '../../src/publish/render-publication.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import nodePath from 'node:path';
import { emptySourceState } from '../../src/store/empty-source-state.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { createServiceStatus } from '../../src/worker/service-status.js';
import { dropTable } from '../store/sqlite-faults.js';
import { debianTool } from './debian-tool.js';
import { request, servePublication, type RunningServer } from './serve-publication.js';
import { memoryStore, newsDay, testConfig } from './story-db.js';

const promtool = debianTool('/usr/bin/promtool', 'prometheus');
// schedule */10: two periods are 20 minutes.
const config = testConfig({ schedule: '*/10 * * * *', outputs: [{ id: 'all' }] });

function minutesAgo(minutes: number): string {
  return new Date(Date.now() - minutes * 60_000).toISOString();
}

async function storeWithStates(file?: string): Promise<Store> {
  const db = file ? await openStore(file) : await memoryStore();
  await newsDay(db);
  await db.sources.save({
    ...emptySourceState('tagesschau'),
    lastFetchAt: minutesAgo(2),
    lastSuccessAt: '2026-11-26T06:50:00.000Z',
    lastStatus: 200,
  });
  await db.sources.save({
    ...emptySourceState('spiegel'),
    lastFetchAt: minutesAgo(2),
    lastSuccessAt: '2026-11-26T04:00:00.000Z',
    lastStatus: 503,
    lastError: 'HTTP 503',
    consecutiveFailures: 4,
  });
  await db.sources.save({ ...emptySourceState('zeit'), disabledReason: 'HTTP 410 Gone' });
  return db;
}

async function json(server: RunningServer, path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await request(`${server.origin}${path}`);
  expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(res.headers['cache-control']).toBe('no-store');
  return { status: res.status, body: JSON.parse(res.body.toString()) as Record<string, unknown> };
}

/** The text exposition format, line by line: HELP and TYPE before a metric's samples, each sample "name{labels} value". */
function checkExposition(text: string): Map<string, string> {
  const types = new Map<string, string>();
  for (const line of text.split('\n').filter(Boolean)) {
    const comment = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)$/.exec(line);
    if (comment) {
      if (comment[1] === 'TYPE') types.set(comment[2]!, comment[3]!);
      continue;
    }
    const sample =
      /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*",?)*\})? (-?[0-9.e+-]+|NaN|\+Inf|-Inf)$/.exec(line);
    expect(sample, line).not.toBeNull();
    const base = sample![1]!.replace(/_(bucket|sum|count|total)$/, '');
    expect(types.has(sample![1]!) || types.has(base), `TYPE before ${line}`).toBe(true);
  }
  return types;
}

describe('/healthz and /readyz', async () => {
  const publication = await renderPublication(await storeWithStates(), config, new Date('2026-11-26T07:00:00Z'));
  let db: Store;
  let server: RunningServer;
  beforeAll(async () => {
    db = await storeWithStates();
    server = await servePublication(config, db, () => publication);
  });
  afterAll(() => server.close());

  it('are 200 and 503 before any poll cycle was recorded: alive, but not ready', async () => {
    expect(await json(server, '/healthz')).toEqual({ status: 200, body: { ok: true } });
    const ready = await json(server, '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ ready: false, reason: 'no poll cycle recorded yet', lastCycleFinishedAt: null });
  });

  it('are both 200 after a recent cycle, with the facts: failing and disabled sources included', async () => {
    await db.cycles.record({ startedAt: minutesAgo(3), finishedAt: minutesAgo(2), sourcesPolled: 3, sourcesFailed: 1 });
    const ready = await json(server, '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({
      ready: true,
      reason: null,
      maxCycleAgeSeconds: 1200,
      lastCycleSourcesPolled: 3,
      lastCycleSourcesFailed: 1,
      sources: 4,
      sourcesDisabled: 1,
      sourcesEnabled: 3,
      sourcesFailingCount: 1,
      sourcesFailing: ['spiegel'],
      warning: null,
      stories: 3,
    });
    expect(ready.body['lastCycleAgeSeconds']).toBeGreaterThanOrEqual(115);
  });

  it('readiness turns 503 when the last cycle is older than two schedule periods; liveness stays 200', async () => {
    await db.cycles.record({ startedAt: minutesAgo(181), finishedAt: minutesAgo(180), sourcesPolled: 3, sourcesFailed: 0 });
    const ready = await json(server, '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body['reason']).toMatch(/^last poll cycle finished 10\d{3} s ago \(.+\), more than two schedule periods \(1200 s\)$/);
    expect((await json(server, '/healthz')).status).toBe(200);
  });

  // Every replica polls the same upstreams: a 503 for them would take all replicas out of the service at
  // once and fix nothing. Still ready, serving the stories it has, and the body says so in words.
  it('readiness stays 200 when every enabled source is failing, and the body says so with the counts', async () => {
    const allFailing = await storeWithStates();
    for (const id of ['tagesschau', 'local'])
      await allFailing.sources.save({
        ...emptySourceState(id),
        lastFetchAt: minutesAgo(2),
        lastError: 'ENOTFOUND (host not found: feeds.invalid)',
        consecutiveFailures: 8,
      });
    await allFailing.cycles.record({ startedAt: minutesAgo(3), finishedAt: minutesAgo(2), sourcesPolled: 3, sourcesFailed: 3 });
    const other = await servePublication(config, allFailing, () => publication);
    try {
      const ready = await json(other, '/readyz');
      expect(ready.status).toBe(200);
      expect(ready.body).toMatchObject({
        ready: true,
        reason: null,
        lastCycleSourcesFailed: 3,
        sources: 4,
        sourcesDisabled: 1,
        sourcesEnabled: 3,
        sourcesFailingCount: 3,
        sourcesFailing: ['tagesschau', 'spiegel', 'local'],
        warning: 'every enabled source is failing (3 of 3)',
        stories: 3,
      });
    } finally {
      await other.close();
    }
  });

  it('readiness is 503 when the store cannot be read', async () => {
    const file = nodePath.join(mkdtempSync(nodePath.join(tmpdir(), 'feedmerge-ready-')), 'feedmerge.db');
    const broken = await storeWithStates(file);
    await broken.cycles.record({ startedAt: minutesAgo(2), finishedAt: minutesAgo(1), sourcesPolled: 1, sourcesFailed: 0 });
    const logged: string[] = [];
    const other = await servePublication(config, broken, () => publication, { error: (line) => void logged.push(line) });
    try {
      dropTable(file, 'source_state');
      const ready = await json(other, '/readyz');
      expect(ready.status).toBe(503);
      // The answer's reason is fixed; the store's message (it may name the database) is logged.
      expect(ready.body['reason']).toBe('store unavailable');
      await broken.close();
      expect((await json(other, '/readyz')).body['reason']).toBe('store unavailable');
      expect(logged).toEqual([
        'GET /readyz: 503: store unavailable: no such table: source_state',
        `GET /readyz: 503: store unavailable: the database "${file}" is closed`,
      ]);
      expect((await json(other, '/healthz')).status).toBe(200);
      const scrape = await request(`${other.origin}/metrics`);
      expect(scrape.status).toBe(200);
      expect(scrape.body.toString()).toContain('feedmerge_store_up 0');
    } finally {
      await other.close();
    }
  });
});

describe('/metrics', async () => {
  const db = await storeWithStates();
  await db.cycles.record({
    startedAt: '2026-11-26T06:59:00.000Z',
    finishedAt: '2026-11-26T06:59:30.000Z',
    sourcesPolled: 3,
    sourcesFailed: 1,
  });
  const publication = await renderPublication(db, config, new Date('2026-11-26T07:00:00Z'));
  let server: RunningServer;
  let text: string;
  beforeAll(async () => {
    server = await servePublication(config, db, () => publication);
    metrics.fetches.inc({ outcome: 'ingested' }, 3);
    const res = await request(`${server.origin}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    text = res.body.toString();
  });
  afterAll(() => server.close());

  it('reports each source from the store: failures in a row, last success, items, enabled', () => {
    for (const line of [
      'feedmerge_source_consecutive_failures{source="spiegel"} 4',
      'feedmerge_source_consecutive_failures{source="tagesschau"} 0',
      `feedmerge_source_last_success_timestamp_seconds{source="tagesschau"} ${Date.parse('2026-11-26T06:50:00.000Z') / 1000}`,
      `feedmerge_source_last_success_timestamp_seconds{source="spiegel"} ${Date.parse('2026-11-26T04:00:00.000Z') / 1000}`,
      'feedmerge_source_items{source="tagesschau"} 1',
      'feedmerge_source_items{source="zeit"} 2',
      'feedmerge_source_items{source="local"} 0',
      'feedmerge_source_enabled{source="zeit"} 0',
      'feedmerge_source_enabled{source="spiegel"} 1',
      `feedmerge_last_poll_cycle_timestamp_seconds ${Date.parse('2026-11-26T06:59:30.000Z') / 1000}`,
      'feedmerge_stories 3',
      'feedmerge_store_up 1',
      'feedmerge_http_workers 0',
    ])
      expect(text).toContain(`\n${line}\n`);
    // A source that never succeeded has no last-success sample rather than a 0 (1970).
    expect(text).not.toContain('feedmerge_source_last_success_timestamp_seconds{source="local"}');
  });

  it('reports the process-local counters and the default process metrics', () => {
    expect(text).toContain('feedmerge_fetches_total{outcome="ingested"} 3');
    expect(text).toContain('# TYPE feedmerge_publish_duration_seconds histogram');
    expect(text).toMatch(/\nprocess_cpu_user_seconds_total [\d.e-]+\n/);
    expect(text).toMatch(/\nprocess_resident_memory_bytes \d+\n/);
    expect(text).toMatch(/\nnodejs_eventloop_lag_seconds [\d.e-]+\n/);
  });

  it('is well-formed exposition text', () => {
    const types = checkExposition(text);
    expect(types.get('feedmerge_source_items')).toBe('gauge');
    expect(types.get('feedmerge_fetches_total')).toBe('counter');
  });

  it.skipIf(promtool.skip)("passes promtool check metrics (but for three names of prom-client's default metrics)", () => {
    promtool.require();
    const result = spawnSync('/usr/bin/promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    // Exit 3 is "lint problems" (a parse error would be 1). prom-client names three gauges
    // nodejs_active_*_total, which promtool's naming lint flags; everything else must be clean.
    expect([0, 3]).toContain(result.status);
    const problems = `${result.stdout}${result.stderr}`.split('\n').filter(Boolean);
    for (const problem of problems)
      expect(problem).toMatch(/^nodejs_active_(handles|requests|resources)_total non-counter metrics should not have "_total" suffix$/);
  });
});

describe('feedmerge_searches_refused_total', () => {
  it('counts each search refused because two were running, and no search that ran', async () => {
    const db = await memoryStore();
    await newsDay(db);
    const publication = await renderPublication(db, config, new Date('2026-11-26T07:00:00Z'));
    // The service's own status, so the searches started here hold the same two places as the server's.
    const status = createServiceStatus(() => config, db);
    const feedServer = createFeedServer({
      config,
      getPublication: () => publication,
      status: { readiness: status.readiness, metrics: () => status.metrics([]), search: status.search },
    });
    await new Promise<void>((resolve) => feedServer.server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(feedServer.server.address() as AddressInfo).port}`;
    const refused = async (): Promise<number> => {
      const text = (await request(`${origin}/metrics`)).body.toString();
      return Number(/\nfeedmerge_searches_refused_total (\d+)\n/.exec(text)?.[1]);
    };
    try {
      const before = await refused();
      // Each search takes its place before its first read of the store: the third and fourth find both taken.
      const searches = ['Haushalt', 'Bahn', 'Gletscher', 'Alpen'].map((q) =>
        status.search(q).then(
          () => 'ran',
          (error: unknown) => (error as Error).message,
        ),
      );
      expect(await Promise.all(searches)).toEqual(['ran', 'ran', SEARCH_BUSY, SEARCH_BUSY]);
      expect(await refused()).toBe(before + 2);
      // Once they are done a search runs again, and is not counted.
      expect((await request(`${origin}/search?q=Haushalt`)).status).toBe(200);
      expect(await refused()).toBe(before + 2);
    } finally {
      await feedServer.close();
    }
  });
});
