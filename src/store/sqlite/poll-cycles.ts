// The poll_cycles table: when the latest poll cycle ran and how it went (one row).
import type { PollCycleRecord } from '../../model.js';
import { statement, type Db } from './database.js';

interface PollCycleRow {
  started_at: string;
  finished_at: string;
  sources_polled: number;
  sources_failed: number;
}

/** Replaces the record of the latest cycle. */
export function recordPollCycle(db: Db, cycle: PollCycleRecord): void {
  statement(
    db,
    `INSERT INTO poll_cycles (id, started_at, finished_at, sources_polled, sources_failed)
     VALUES (1, @startedAt, @finishedAt, @sourcesPolled, @sourcesFailed)
     ON CONFLICT (id) DO UPDATE SET started_at = excluded.started_at, finished_at = excluded.finished_at,
       sources_polled = excluded.sources_polled, sources_failed = excluded.sources_failed`,
  ).run(cycle);
}

/** The latest cycle, or null when none has run on this database. */
export function getLastPollCycle(db: Db): PollCycleRecord | null {
  const row = statement<[], PollCycleRow>(db, 'SELECT * FROM poll_cycles WHERE id = 1').get();
  return row
    ? { startedAt: row.started_at, finishedAt: row.finished_at, sourcesPolled: row.sources_polled, sourcesFailed: row.sources_failed }
    : null;
}
