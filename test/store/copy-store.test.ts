// `feedmerge migrate --to postgres://…`: a SQLite deployment built through the real path (ingest,
// placement with a merge, source state, published documents, a poll cycle, a store failure) is
// copied into PostgreSQL, where every store read gives what SQLite gave; a second run copies nothing
// and changes nothing. Through the real command line.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { Placer } from '../../src/dedup/placer.js';
import { StoryEngine } from '../../src/dedup/story-engine.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { writerClaim } from '../../src/worker/service.js';
import { feedItem, settingsFor, source } from '../dedup/dedup-harness.js';
import * as seed from '../fixtures/dedup/ukraine-talks-feb-2026.js';
import { describeBackend, postgresBackend } from '../support/backends.js';
import { runCli, writeConfig } from './cli-process.js';

const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-migrate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Everything the store gives back, in comparable form. */
async function contents(store: Store) {
  const ids = [...(await store.placements.itemStories()).keys()];
  return {
    items: await store.items.byIds(ids),
    stories: await store.stories.list({ limit: 1000 }),
    decisions: await Promise.all(ids.map((id) => store.placements.decision(id))),
    sources: [...(await store.sources.all())],
    documents: [...(await store.documents.all())],
    cycle: await store.cycles.last(),
    failures: [...(await store.sources.storeFailures())],
    survivor: await store.stories.survivorOf('absorbed-story'),
    pending: await store.items.pending(100),
  };
}

describeBackend(postgresBackend, 'feedmerge migrate --to postgres://', () => {
  it('copies a SQLite deployment whole, and a second run changes nothing', async () => {
    const file = path.join(dir, 'feedmerge.db');
    const sqlite = await openStore(file);
    const placer = new Placer(sqlite, new StoryEngine(settingsFor([source('a'), source('b')])));
    const poll = async (sourceId: string, items: (typeof seed.exchangeFirst)[], now: string) => {
      await sqlite.transaction((s) => s.items.ingest(sourceId, 'de', items, now));
      return placer.placePending(now);
    };
    await poll('a', [seed.exchangeFirst], '2026-02-05T12:26:00.000Z');
    await poll('b', [{ ...seed.exchangeResent, key: 'b1' }, feedItem({ title: 'Orkan über Sylt', key: 'b2' })], '2026-02-05T13:35:00.000Z');
    // One item stored but not placed yet, one absorbed story id, and the rest of a deployment's state.
    await sqlite.transaction((s) =>
      s.items.ingest('b', 'de', [feedItem({ title: 'Noch nicht platziert', key: 'b3' })], '2026-02-05T14:00:00.000Z'),
    );
    const [first] = await sqlite.stories.list({ limit: 1 });
    await sqlite.placements.apply({
      merges: [{ absorbed: 'absorbed-story', survivor: first!.id }],
      placements: [],
      stories: [],
      decisions: [],
    });
    await sqlite.sources.save({
      ...(await sqlite.sources.get('a')),
      etag: '"v7"',
      lastModified: 'Thu, 05 Feb 2026 12:00:00 GMT',
      nextPollAt: '2026-02-05T15:00:00.000Z',
      warning: 'feed cut off after 1 complete item (the document ends inside the next item, which is left out)',
      lastError: 'ECONNREFUSED (connection refused: 10.0.0.5:8080)',
      lastErrorCause: 'ECONNREFUSED',
    });
    await sqlite.documents.replace(new Map([['feeds/all.atom', { etag: '"doc1"', lastModified: 'Thu, 05 Feb 2026 13:40:00 GMT' }]]));
    await sqlite.cycles.record({
      startedAt: '2026-02-05T13:35:00.000Z',
      finishedAt: '2026-02-05T13:35:02.000Z',
      sourcesPolled: 2,
      sourcesFailed: 0,
    });
    await sqlite.sources.recordStoreFailure('b', { error: 'disk full', at: '2026-02-05T13:00:00.000Z' });
    const before = await contents(sqlite);
    await sqlite.close();

    const config = writeConfig(dir, { database: 'feedmerge.db', sources: [{ id: 'a', url: 'https://a.example/rss' }] });
    const database = await postgresBackend.database();
    const first_ = await runCli('migrate', '--to', database, '--config', config);
    expect(first_.code).toBe(0);
    expect(first_.stdout).toContain('items: 4 copied, 0 already there');
    expect(first_.stdout).toContain('decisions: 3 copied, 0 already there');

    const postgres = await openStore(database);
    expect(await contents(postgres)).toEqual(before);
    // Each item's place in its feed (not part of what the store gives back): b2 came second in b's feed.
    const raw = new Database(file, { readonly: true });
    const positions = raw.prepare('SELECT id, feed_position FROM items ORDER BY id').all();
    // What a merge kept of the absorbed story for the outputs' words (not part of what absorbedSince lists here:
    // this absorbed id was never a stored story).
    const aliases = raw.prepare('SELECT alias, absorbed_title, absorbed_items FROM story_aliases ORDER BY alias').all();
    raw.close();
    expect(aliases).toEqual([{ alias: 'absorbed-story', absorbed_title: null, absorbed_items: '[]' }]);
    expect(await postgresBackend.sql(database, 'SELECT alias, absorbed_title, absorbed_items FROM story_aliases ORDER BY alias')).toEqual(
      aliases,
    );
    expect(positions).toContainEqual({ id: 3, feed_position: 1 });
    expect(await postgresBackend.sql(database, 'SELECT id::int, feed_position FROM items ORDER BY id')).toEqual(positions);
    // New items get ids after the copied ones.
    const { newItemIds } = await postgres.transaction((s) =>
      s.items.ingest('a', 'de', [feedItem({ title: 'Neu', key: 'a9' })], '2026-02-06T08:00:00.000Z'),
    );
    expect(newItemIds).toEqual([5]);
    await postgres.close();
    const after = await postgresBackend.sql(database, 'SELECT count(*)::int AS n FROM items');

    const second = await runCli('migrate', '--to', database, '--config', config);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('items: 0 copied, 4 already there');
    expect(second.stdout).toContain('nothing to copy');
    expect(await postgresBackend.sql(database, 'SELECT count(*)::int AS n FROM items')).toEqual(after);
  }, 60_000);

  it('refuses to copy while a `run` still writes the file (exit 4), since what it stores after the snapshot would be missed', async () => {
    const sub = mkdtempSync(path.join(dir, 'running-'));
    const file = path.join(sub, 'feedmerge.db');
    // This test process holds the writer lock as a `run` would; the lock is per process, so the CLI sees it held.
    const running = await openStore(file, { writer: writerClaim('run') });
    try {
      await running.transaction((s) => s.items.ingest('a', 'de', [feedItem({ title: 'Neu', key: 'a1' })], '2026-02-05T12:00:00.000Z'));
      const config = writeConfig(sub, { database: 'feedmerge.db', sources: [{ id: 'a', url: 'https://a.example/rss' }] });
      const database = await postgresBackend.database();
      const result = await runCli('migrate', '--to', database, '--config', config);
      expect(result.code).toBe(4);
      expect(result.stderr).toContain(`another process is writing "${file}"`);
      expect(result.stderr).toContain('stop it first');
      expect(result.stdout).not.toContain('copied');
    } finally {
      await running.close();
    }
  }, 60_000);
});
