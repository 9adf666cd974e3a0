// Which sources a poller's claim (store.sources.claimDue) may return, on both backends: only due
// ones of its own source list (never polled, next poll reached, or configured anew), never a
// disabled one, one not yet due or one in flight, the longest due first. On PostgreSQL also: never a source a
// live poller holds, and a source a dead poller left behind before any other.
import { expect, it } from 'vitest';
import type { SourceState } from '../../src/model.js';
import { emptySourceState } from '../../src/store/empty-source-state.js';
import { openStore } from '../../src/store/open-store.js';
import type { SourceClaim, Store } from '../../src/store/store.js';
import { describeBackend, describeEachBackend, postgresBackend } from '../support/backends.js';

const NOW = '2026-02-05T12:00:00.000Z';
const EARLIER = '2026-02-05T11:00:00.000Z';
const LATER = '2026-02-05T13:00:00.000Z';
const url = (id: string) => `https://news.example/${id}.rss`;
const list = (...ids: string[]) => ids.map((id) => ({ id, url: url(id) }));
const state = (id: string, fields: Partial<SourceState>): SourceState => ({
  ...emptySourceState(id),
  configuredUrl: url(id),
  lastFetchAt: EARLIER,
  ...fields,
});
const claimAll = (store: Store, sources: SourceClaim['sources'], owner: string, now = NOW, limit = 100) =>
  store.sources.claimDue({ sources, owner, now, leaseUntil: new Date(Date.parse(now) + 60_000).toISOString(), limit });

describeEachBackend('claiming due sources', (backend) => {
  it('returns the due sources of the list, longest due first, and no other', async () => {
    const store = await openStore(await backend.database());
    // Rows for every source first (on PostgreSQL the first claim also writes the list), then their states.
    const sources = list('due-late', 'due-early', 'not-yet', 'disabled', 'moved', 'never', 'unlisted');
    await claimAll(store, sources, 'setup', EARLIER, 0);
    await store.sources.save(state('due-late', { nextPollAt: '2026-02-05T11:50:00.000Z' }));
    await store.sources.save(state('due-early', { nextPollAt: '2026-02-05T11:10:00.000Z' }));
    await store.sources.save(state('not-yet', { nextPollAt: LATER }));
    await store.sources.save(state('disabled', { nextPollAt: EARLIER, disabledReason: 'HTTP 410 Gone' }));
    // Configured anew: its stored state belongs to another URL, so it is due whatever its next poll time.
    await store.sources.save(state('moved', { nextPollAt: LATER, configuredUrl: 'https://old.example/moved.rss' }));
    await store.sources.save(state('unlisted', { nextPollAt: EARLIER }));
    const polled = sources.filter((s) => s.id !== 'unlisted');
    expect(await claimAll(store, polled, 'poller-a')).toEqual(['moved', 'never', 'due-early', 'due-late']);
    await store.close();
  });

  it('does not take a source again while its lease runs, unless it was given back', async () => {
    const store = await openStore(await backend.database());
    const sources = list('a', 'b');
    expect(await claimAll(store, sources, 'poller-a', NOW, 1)).toEqual(['a']);
    // a is in flight (claimed, its poll not saved yet): the next claim takes b, then nothing.
    expect(await claimAll(store, sources, 'poller-a', NOW, 1)).toEqual(['b']);
    expect(await claimAll(store, sources, 'poller-a')).toEqual([]);
    await store.sources.releaseLease('a', 'poller-a');
    expect(await claimAll(store, sources, 'poller-a')).toEqual(['a']);
    await store.close();
  });

  it('takes the due sources of the list it is given, when another list was claimed with before', async () => {
    const store = await openStore(await backend.database());
    await claimAll(store, list('a', 'b'), 'setup', EARLIER, 0);
    for (const id of ['a', 'b', 'c']) await store.sources.save(state(id, { nextPollAt: EARLIER }));
    // A new config: a is gone, c is new (its stored state is for its URL), b's URL changed.
    const next = [{ id: 'b', url: 'https://news.example/b-moved.rss' }, ...list('c')];
    expect((await claimAll(store, next, 'poller-a')).sort()).toEqual(['b', 'c']);
    await store.close();
  });
});

describeBackend(postgresBackend, 'claiming due sources with several pollers', () => {
  it('never returns a source a live poller holds, nor one of another list', async () => {
    const database = await postgresBackend.database();
    const [a, b] = [await openStore(database), await openStore(database)];
    expect(await claimAll(a, list('s0', 's1'), 'poller-a', NOW, 1)).toEqual(['s0']);
    // poller-a is alive and its lease runs: poller-b gets only the other due source.
    expect(await claimAll(b, list('s0', 's1'), 'poller-b')).toEqual(['s1']);
    expect(await claimAll(b, list('s0', 's1'), 'poller-b')).toEqual([]);
    // Pollers with different lists take turns writing theirs; each claims only from its own.
    expect(await claimAll(a, list('s0', 's2'), 'poller-a')).toEqual(['s2']);
    expect(await claimAll(b, list('s1', 's3'), 'poller-b')).toEqual(['s3']);
    // Once the leases have run out (a minute after NOW), the sources are due again for whoever claims.
    const later = new Date(Date.parse(NOW) + 61_000).toISOString();
    expect(await claimAll(a, list('s0', 's2'), 'poller-a', later)).toEqual(['s0', 's2']);
    await Promise.all([a.close(), b.close()]);
  });

  it("takes a dead poller's sources before sources that were due earlier", async () => {
    const database = await postgresBackend.database();
    const [a, b] = [await openStore(database), await openStore(database)];
    const sources = list('s0', 's1', 's2');
    await claimAll(a, sources, 'setup', EARLIER, 0);
    await a.sources.save(state('s0', { nextPollAt: EARLIER }));
    await a.sources.save(state('s1', { nextPollAt: EARLIER }));
    await a.sources.save(state('s2', { nextPollAt: NOW }));
    // poller-a holds s2, the latest due, and dies (its session ends: the liveness lock goes).
    const leaseUntil = new Date(Date.parse(NOW) + 60_000).toISOString();
    await postgresBackend.sql(database, "UPDATE source_state SET lease_owner = 'poller-dead', lease_until = $1 WHERE source_id = 's2'", [
      leaseUntil,
    ]);
    expect(await claimAll(b, sources, 'poller-b', NOW, 1)).toEqual(['s2']);
    expect(await claimAll(b, sources, 'poller-b', NOW, 1)).toEqual(['s0']);
    await Promise.all([a.close(), b.close()]);
  });
});
