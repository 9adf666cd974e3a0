// The poll_cycles table: when the latest poll cycle ran and how it went (one row).
import type { PollCycleRecord } from '../../model.js';
import type { Queryable } from './connection.js';

/** Replaces the record of the latest cycle. */
export async function recordPollCycle(db: Queryable, cycle: PollCycleRecord): Promise<void> {
  await db.query(
    `INSERT INTO poll_cycles (id, started_at, finished_at, sources_polled, sources_failed) VALUES (1, $1, $2, $3, $4)
     ON CONFLICT (id) DO UPDATE SET started_at = excluded.started_at, finished_at = excluded.finished_at,
       sources_polled = excluded.sources_polled, sources_failed = excluded.sources_failed`,
    [cycle.startedAt, cycle.finishedAt, cycle.sourcesPolled, cycle.sourcesFailed],
  );
}

/** The latest cycle, or null when none has run on this database. */
export async function getLastPollCycle(db: Queryable): Promise<PollCycleRecord | null> {
  const { rows } = await db.query<{ started_at: string; finished_at: string; sources_polled: number; sources_failed: number }>(
    'SELECT * FROM poll_cycles WHERE id = 1',
  );
  const row = rows[0];
  return row
    ? { startedAt: row.started_at, finishedAt: row.finished_at, sourcesPolled: row.sources_polled, sourcesFailed: row.sources_failed }
    : null;
}
