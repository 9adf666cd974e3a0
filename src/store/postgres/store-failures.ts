// The store_failures table: polls the store could not keep, one row per source until it stores again.
import type { StoreFailureRecord } from '../store.js';
import type { Queryable } from './connection.js';

/** Every remembered failure, by source id. */
export async function listStoreFailures(db: Queryable): Promise<Map<string, StoreFailureRecord>> {
  const { rows } = await db.query<{ source_id: string; error: string; at: string }>('SELECT source_id, error, at FROM store_failures');
  return new Map(rows.map((r) => [r.source_id, { error: r.error, at: r.at }]));
}

/** Remembers a failure of a source's poll, or forgets it (null). */
export async function recordStoreFailure(db: Queryable, sourceId: string, failure: StoreFailureRecord | null): Promise<void> {
  if (failure === null) {
    await db.query('DELETE FROM store_failures WHERE source_id = $1', [sourceId]);
    return;
  }
  await db.query(
    'INSERT INTO store_failures (source_id, error, at) VALUES ($1, $2, $3) ON CONFLICT (source_id) DO UPDATE SET error = excluded.error, at = excluded.at',
    [sourceId, failure.error.replaceAll('\u0000', ''), failure.at],
  );
}
