// Retention: stories whose every member dropped out of its feed long ago are deleted whole, with
// their items, decisions and aliases, a batch per transaction (the caller's). Space is reused by
// later inserts after autovacuum; no VACUUM FULL, which would lock the tables.
import type { ExpiryRequest, ExpiryResult } from '../store.js';
import type { Queryable } from './connection.js';

/** Rows looked at per story that may be deleted: most stories have a few members. */
const ROWS_PER_STORY = 20;

/**
 * Deletes up to `maxStories` expired stories. Candidates come from the items in id order, only
 * those first seen before the cutoff (last_seen is never older than first_seen).
 */
export async function deleteExpired(db: Queryable, request: ExpiryRequest): Promise<ExpiryResult> {
  const result: ExpiryResult = { stories: 0, items: 0, next: null };
  const scanLimit = Math.max(1, request.maxStories) * ROWS_PER_STORY;
  const { rows } = await db.query<{ id: number; story_id: string }>(
    `SELECT id, story_id FROM items WHERE id > $1 AND first_seen < $2 AND last_seen < $2 AND story_id IS NOT NULL
     ORDER BY id LIMIT $3`,
    [request.afterItemId, request.lastSeenBefore, scanLimit],
  );
  const decided = new Set<string>();
  for (const row of rows) {
    if (decided.has(row.story_id)) continue;
    decided.add(row.story_id);
    if (request.keep.has(row.story_id)) continue;
    // A member seen since the cutoff, or one waiting for (re)placement, keeps the whole story.
    const alive = await db.query('SELECT 1 FROM items WHERE story_id = $1 AND (last_seen >= $2 OR pending <> 0) LIMIT 1', [
      row.story_id,
      request.lastSeenBefore,
    ]);
    if (alive.rowCount) continue;
    result.items += await deleteStory(db, row.story_id);
    result.stories++;
    if (result.stories >= request.maxStories) {
      result.next = row.id;
      return result;
    }
  }
  result.next = rows.length === scanLimit ? rows[rows.length - 1]!.id : null;
  return result;
}

/** Deletes a story with its members, their decisions and its aliases; returns the members deleted. */
async function deleteStory(db: Queryable, storyId: string): Promise<number> {
  // decisions reference items: they go first.
  await db.query('DELETE FROM decisions WHERE item_id IN (SELECT id FROM items WHERE story_id = $1)', [storyId]);
  const items = await db.query('DELETE FROM items WHERE story_id = $1', [storyId]);
  await db.query('DELETE FROM story_aliases WHERE story_id = $1', [storyId]);
  await db.query('DELETE FROM stories WHERE id = $1', [storyId]);
  return items.rowCount ?? 0;
}
