// The latest poll cycle is kept in the store, so any process on the database can read it.
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.js';
import { getLastPollCycle, recordPollCycle } from '../../src/store/poll-cycles.js';

describe('poll cycle record', () => {
  it('is null before any cycle and holds only the latest one after', () => {
    const db = openDatabase(':memory:');
    expect(getLastPollCycle(db)).toBeNull();
    recordPollCycle(db, {
      startedAt: '2026-11-26T06:00:00.000Z',
      finishedAt: '2026-11-26T06:00:05.000Z',
      sourcesPolled: 8,
      sourcesFailed: 1,
    });
    recordPollCycle(db, {
      startedAt: '2026-11-26T06:01:00.000Z',
      finishedAt: '2026-11-26T06:01:02.000Z',
      sourcesPolled: 0,
      sourcesFailed: 0,
    });
    expect(getLastPollCycle(db)).toEqual({
      startedAt: '2026-11-26T06:01:00.000Z',
      finishedAt: '2026-11-26T06:01:02.000Z',
      sourcesPolled: 0,
      sourcesFailed: 0,
    });
    expect(db.prepare('SELECT COUNT(*) FROM poll_cycles').pluck().get()).toBe(1);
  });
});
