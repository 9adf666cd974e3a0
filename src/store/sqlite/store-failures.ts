// The store_failures table: polls the store could not keep, one row per source until it stores again.
import type { StoreFailureRecord } from '../store.js';
import { statement, type Db } from './database.js';

/** Every remembered failure, by source id. */
export function listStoreFailures(db: Db): Map<string, StoreFailureRecord> {
  const rows = statement<[], { source_id: string; error: string; at: string }>(db, 'SELECT source_id, error, at FROM store_failures').all();
  return new Map(rows.map((r) => [r.source_id, { error: r.error, at: r.at }]));
}

/** Remembers a failure of a source's poll, or forgets it (null). */
export function recordStoreFailure(db: Db, sourceId: string, failure: StoreFailureRecord | null): void {
  if (failure === null) {
    statement(db, 'DELETE FROM store_failures WHERE source_id = ?').run(sourceId);
    return;
  }
  statement(
    db,
    'INSERT INTO store_failures (source_id, error, at) VALUES (?, ?, ?) ON CONFLICT (source_id) DO UPDATE SET error = excluded.error, at = excluded.at',
  ).run(sourceId, failure.error, failure.at);
}
