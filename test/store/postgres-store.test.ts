// What only the PostgreSQL store has to get right: several processes (here: several stores, each
// with its own pool) on one database. A server learns of another process's commits through
// LISTEN/NOTIFY; a placer never marks as placed an item a poller changed after the placer read
// it; two processes starting on an empty database create the schema once.
import { expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { migrations } from '../../src/store/postgres/migrations.js';
import type { Store } from '../../src/store/store.js';
import { describeBackend, postgresBackend } from '../support/backends.js';
import { feedItem } from '../support/feed-item.js';

const NOW = '2026-02-05T12:00:00.000Z';
const item = (key: string, title: string) => feedItem({ key, title, url: `https://news.example/${key}` });
const story = (id: string, itemId: number) => ({ id, representativeItemId: itemId, title: id, url: null, published: NOW, updated: NOW });

describeBackend(postgresBackend, 'the PostgreSQL store with several processes', () => {
  it("calls onChange after another process's commit, once for a burst", async () => {
    const database = await postgresBackend.database();
    const server = await openStore(database);
    const poller = await openStore(database);
    let calls = 0;
    const changed = new Promise<void>((resolve) => server.onChange(() => (++calls, resolve())));
    // The listener's connection is set up in the background; give it a moment before committing.
    await new Promise((resolve) => setTimeout(resolve, 300));
    calls = 0;
    for (let i = 0; i < 5; i++) await poller.transaction((s) => s.items.ingest('a', null, [item(`k${i}`, `Titel ${i}`)], NOW));
    await changed;
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(calls).toBe(1);
    await Promise.all([server.close(), poller.close()]);
  });

  it('keeps an item pending when a poller changed it between the placer reading and applying it', async () => {
    const database = await postgresBackend.database();
    const placer = await openStore(database);
    const poller = await openStore(database);
    const [id] = (await poller.transaction((s) => s.items.ingest('a', null, [item('k', 'Erste Fassung')], NOW))).newItemIds;
    expect((await placer.items.pending(10)).map((p) => p.id)).toEqual([id]);
    await poller.transaction((s) => s.items.ingest('a', null, [item('k', 'Zweite, längere Fassung')], '2026-02-05T12:05:00.000Z'));
    await placer.placements.apply({
      placements: [{ itemId: id!, storyId: 's1', linkKey: null }],
      stories: [story('s1', id!)],
      merges: [],
      decisions: [],
    });
    // Placed (it is in its story) and still pending as an update, so the newer version is looked at too.
    expect(await placer.items.pending(10)).toMatchObject([{ id, pending: 'updated', storyId: 's1', title: 'Zweite, längere Fassung' }]);
    // Read again and applied with nothing in between: done.
    await placer.items.pending(10);
    await placer.placements.apply({ placements: [{ itemId: id!, storyId: 's1', linkKey: null }], stories: [], merges: [], decisions: [] });
    expect(await placer.items.pending(10)).toEqual([]);
    await Promise.all([placer.close(), poller.close()]);
  });

  it('creates the schema once when several processes open an empty database at the same time', async () => {
    const database = await postgresBackend.database();
    const stores: Store[] = await Promise.all(Array.from({ length: 4 }, () => openStore(database)));
    expect(await postgresBackend.sql(database, 'SELECT version FROM schema_version')).toEqual([{ version: migrations.length }]);
    await Promise.all(stores.map((s) => s.close()));
  });

  it("migration 4 adds the source's feed warning to a version 3 database, keeping its state", async () => {
    const database = await postgresBackend.database();
    for (const sql of migrations.slice(0, 3)) await postgresBackend.sql(database, sql);
    await postgresBackend.sql(database, 'CREATE TABLE schema_version (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)');
    await postgresBackend.sql(database, 'INSERT INTO schema_version (id, version) VALUES (1, 3)');
    await postgresBackend.sql(database, `INSERT INTO source_state (source_id, etag, last_status) VALUES ('a', '"v1"', 200)`);
    const store = await openStore(database);
    const state = await store.sources.get('a');
    expect(state).toMatchObject({ etag: '"v1"', lastStatus: 200, warning: null });
    const warning = 'feed cut off after 3 complete items (the document ends before its closing </rss>)';
    await store.sources.save({ ...state, warning });
    expect((await store.sources.get('a')).warning).toBe(warning);
    expect(await postgresBackend.sql(database, 'SELECT version FROM schema_version')).toEqual([{ version: migrations.length }]);
    await store.close();
  });

  it("migration 5 adds the cause of a source's last error to a version 4 database, keeping its state and error line", async () => {
    const database = await postgresBackend.database();
    for (const sql of migrations.slice(0, 4)) await postgresBackend.sql(database, sql);
    await postgresBackend.sql(database, 'CREATE TABLE schema_version (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)');
    await postgresBackend.sql(database, 'INSERT INTO schema_version (id, version) VALUES (1, 4)');
    const line = 'ECONNREFUSED (connection refused: 10.0.0.5:8080)';
    await postgresBackend.sql(database, `INSERT INTO source_state (source_id, last_error, consecutive_failures) VALUES ('a', $1, 2)`, [
      line,
    ]);
    const store = await openStore(database);
    const state = await store.sources.get('a');
    expect(state).toMatchObject({ lastError: line, lastErrorCause: null, consecutiveFailures: 2 });
    await store.sources.save({ ...state, lastErrorCause: 'ECONNREFUSED' });
    expect((await store.sources.get('a')).lastErrorCause).toBe('ECONNREFUSED');
    expect(await postgresBackend.sql(database, 'SELECT version FROM schema_version')).toEqual([{ version: migrations.length }]);
    await store.close();
  });

  it('migration 6 gives the items of a version 5 database place 0; a new item stores its place once, never rewritten', async () => {
    const database = await postgresBackend.database();
    for (const sql of migrations.slice(0, 5)) await postgresBackend.sql(database, sql);
    await postgresBackend.sql(database, 'CREATE TABLE schema_version (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)');
    await postgresBackend.sql(database, 'INSERT INTO schema_version (id, version) VALUES (1, 5)');
    await postgresBackend.sql(
      database,
      `INSERT INTO items (source_id, item_key, title, summary, first_seen, last_seen, content_hash)
       VALUES ('blog', 'old', 'Alter Beitrag', '', $1, $1, 'h1')`,
      [NOW],
    );
    const store = await openStore(database);
    const positions = () => postgresBackend.sql(database, 'SELECT item_key, feed_position FROM items ORDER BY item_key DESC');
    expect(await positions()).toEqual([{ item_key: 'old', feed_position: 0 }]);
    await store.transaction((s) => s.items.ingest('blog', 'de', [item('old', 'Alter Beitrag'), item('new', 'Neu')], NOW));
    // 'old' was updated (another content hash), 'new' inserted second: only the insert writes a place.
    expect(await positions()).toEqual([
      { item_key: 'old', feed_position: 0 },
      { item_key: 'new', feed_position: 1 },
    ]);
    // The next poll lists them the other way round and touches both: the places stay.
    await store.transaction((s) =>
      s.items.ingest('blog', 'de', [item('new', 'Neu'), item('old', 'Alter Beitrag')], '2026-02-05T13:00:00.000Z'),
    );
    expect(await positions()).toEqual([
      { item_key: 'old', feed_position: 0 },
      { item_key: 'new', feed_position: 1 },
    ]);
    expect(await postgresBackend.sql(database, 'SELECT version FROM schema_version')).toEqual([{ version: migrations.length }]);
    await store.close();
  });

  it('stores text with a NUL character (which PostgreSQL text cannot hold) without it', async () => {
    const store = await openStore(await postgresBackend.database());
    const [id] = (await store.transaction((s) => s.items.ingest('a', null, [item('n', 'Eins\u0000Zwei')], NOW))).newItemIds;
    expect((await store.items.byIds([id!]))[0]!.title).toBe('EinsZwei');
    await store.close();
  });
});

describeBackend(postgresBackend, 'the PostgreSQL store when the server ends a session', () => {
  it('fails a transaction whose session the server ended between two queries, and goes on', async () => {
    const database = await postgresBackend.database();
    const messages: string[] = [];
    const log = { info: (m: string) => messages.push(m), warn: (m: string) => messages.push(m) };
    const store = await openStore(database, { log });
    const failed = store.transaction(async (session) => {
      await session.items.ingest('a', null, [item('k', 'Eins')], NOW);
      // A restart ends the session while the transaction waits between queries (no query running):
      // node-postgres then emits 'error' on the connection, which must not end the process.
      await postgresBackend.sql(
        database,
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND state = 'idle in transaction'",
      );
      await new Promise((resolve) => setTimeout(resolve, 500));
      await session.items.ingest('a', null, [item('l', 'Zwei')], NOW);
    });
    await expect(failed).rejects.toMatchObject({ code: 'STORE_FAILED', kind: 'io' });
    // Nothing of it was kept, and the next call works on a new connection.
    expect((await store.items.countBySource()).size).toBe(0);
    await store.transaction((s) => s.items.ingest('a', null, [item('m', 'Drei')], NOW));
    expect(await store.items.countBySource()).toEqual(new Map([['a', 1]]));
    expect(messages.filter((m) => m.startsWith('lost the connection'))).toHaveLength(1);
    expect(messages.filter((m) => /reachable again/.test(m))).toHaveLength(1);
    await store.close();
  });
});

describeBackend(postgresBackend, 'the PostgreSQL writer lock', () => {
  const claim = (command: string, waitMs = 0) => ({ command, waitMs: () => waitMs });
  const batch = (itemId: number, storyId: string) => ({
    placements: [{ itemId, storyId, linkKey: null }],
    stories: [story(storyId, itemId)],
    merges: [],
    decisions: [],
  });

  it('lets one process write: another is refused naming the holder, and takes over when it closes', async () => {
    const database = await postgresBackend.database();
    const first = await openStore(database, { writer: claim('run --role place') });
    await expect(openStore(database, { writer: claim('recluster') })).rejects.toThrow(
      new RegExp(`another process is writing ".*": pid ${process.pid} \\(run --role place on host `),
    );
    // Readers and pollers open without the lock.
    const poller = await openStore(database);
    await first.close();
    const second = await openStore(database, { writer: claim('recluster', 5_000) });
    await Promise.all([second.close(), poller.close()]);
  });

  it('fences a writer whose lock was lost: it cannot place after another took over, and places again once it holds the lock', async () => {
    const database = await postgresBackend.database();
    const messages: string[] = [];
    const log = { info: (m: string) => messages.push(m), warn: (m: string) => messages.push(m) };
    const old = await openStore(database, { writer: claim('run --role place'), log });
    const [a, b] = (await old.transaction((s) => s.items.ingest('a', null, [item('a', 'Eins'), item('b', 'Zwei')], NOW))).newItemIds;
    await old.items.pending(10);
    // The lock's session ends (a network cut, a server restart): the lock is free at once.
    await postgresBackend.sql(
      database,
      `SELECT pg_terminate_backend(l.pid) FROM pg_locks l JOIN pg_database d ON d.oid = l.database
       WHERE l.locktype = 'advisory' AND l.classid = 742819 AND l.objid::int = hashtext(current_schema())
         AND l.granted AND d.datname = current_database()`,
    );
    const successor = await openStore(database, { writer: claim('run --role place', 5_000) });
    await expect(old.placements.apply(batch(a!, 's-old'))).rejects.toThrow(/writer lock|took over/);
    await successor.items.pending(10);
    await successor.placements.apply(batch(a!, 's-new'));
    expect((await successor.items.byIds([a!]))[0]!.storyId).toBe('s-new');
    expect(messages.some((m) => m.startsWith('lost the writer lock'))).toBe(true);
    // The successor stops; the old process takes the lock again and may place (after a rebuild).
    await successor.close();
    await expect.poll(() => messages.some((m) => m.startsWith('holding the writer lock')), { timeout: 10_000 }).toBe(true);
    await old.items.pending(10);
    await old.placements.apply(batch(b!, 's-b'));
    expect((await old.items.byIds([b!]))[0]!.storyId).toBe('s-b');
    await old.close();
  });
});

describeBackend(postgresBackend, 'the PostgreSQL source leases', () => {
  const sources = [{ id: 's1', url: 'https://news.example/s1.rss' }];
  const LATER = '2026-02-05T12:01:01.000Z';
  const claim = (store: Store, owner: string, now = NOW) =>
    store.sources.claimDue({ sources, owner, now, leaseUntil: new Date(Date.parse(now) + 60_000).toISOString(), limit: 10 });
  /** Ends the session that holds `owner`'s liveness lock, as the server does when the poller's process dies. */
  const endSessionOf = (database: string, owner: string) =>
    postgresBackend.sql(
      database,
      `SELECT pg_terminate_backend(l.pid) FROM pg_locks l JOIN pg_database d ON d.oid = l.database
       WHERE l.locktype = 'advisory' AND l.classid = 742820 AND l.objid = hashtext($1)::oid AND l.granted
         AND d.datname = current_database()`,
      [owner],
    );

  it("takes a poller's sources at once when its session ended, and a live poller's only when the lease ran out", async () => {
    const database = await postgresBackend.database();
    const [a, b] = [await openStore(database), await openStore(database)];
    expect(await claim(a, 'poller-a')).toEqual(['s1']);
    // poller-a is alive: its lease holds.
    expect(await claim(b, 'poller-b')).toEqual([]);
    const [session] = await endSessionOf(database, 'poller-a');
    expect(session).toEqual({ pg_terminate_backend: true });
    // poller-a's session is gone: its lease is free long before it runs out.
    expect(await claim(b, 'poller-b')).toEqual(['s1']);
    // poller-a claims again (taking its liveness lock anew): poller-b is alive, its lease holds until it runs out.
    expect(await claim(a, 'poller-a')).toEqual([]);
    expect(await claim(a, 'poller-a', LATER)).toEqual(['s1']);
    await Promise.all([a.close(), b.close()]);
  });

  it('claims the sources a dead poller left behind before other due ones', async () => {
    const database = await postgresBackend.database();
    const [a, b] = [await openStore(database), await openStore(database)];
    expect(await claim(a, 'poller-a')).toEqual(['s1']);
    await endSessionOf(database, 'poller-a');
    const both = [{ id: 's0', url: 'https://news.example/s0.rss' }, ...sources];
    const leaseUntil = new Date(Date.parse(NOW) + 60_000).toISOString();
    expect(await b.sources.claimDue({ sources: both, owner: 'poller-b', now: NOW, leaseUntil, limit: 1 })).toEqual(['s1']);
    expect(await b.sources.claimDue({ sources: both, owner: 'poller-b', now: NOW, leaseUntil, limit: 1 })).toEqual(['s0']);
    await Promise.all([a.close(), b.close()]);
  });
});
