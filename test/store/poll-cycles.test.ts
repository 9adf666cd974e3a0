// The latest poll cycle is kept in the store, so any process on the database can read it.
import { expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { describeEachBackend } from '../support/backends.js';

describeEachBackend('poll cycle record', (backend) => {
  it('is null before any cycle and holds only the latest one after', async () => {
    const store = await openStore(await backend.database());
    expect(await store.cycles.last()).toBeNull();
    await store.cycles.record({
      startedAt: '2026-11-26T06:00:00.000Z',
      finishedAt: '2026-11-26T06:00:05.000Z',
      sourcesPolled: 8,
      sourcesFailed: 1,
    });
    await store.cycles.record({
      startedAt: '2026-11-26T06:01:00.000Z',
      finishedAt: '2026-11-26T06:01:02.000Z',
      sourcesPolled: 0,
      sourcesFailed: 0,
    });
    expect(await store.cycles.last()).toEqual({
      startedAt: '2026-11-26T06:01:00.000Z',
      finishedAt: '2026-11-26T06:01:02.000Z',
      sourcesPolled: 0,
      sourcesFailed: 0,
    });
    await store.close();
  });
});
