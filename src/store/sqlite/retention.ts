// Retention: stories whose every member dropped out of its feed long ago are deleted whole, with
// their items, decisions and aliases; a batch per transaction, so the poller and readers never
// wait long. The freed pages are reused by later inserts (the file stops growing; it does not
// shrink: no VACUUM, which would rewrite the whole file under an exclusive lock).
import type { ExpiryRequest, ExpiryResult } from '../store.js';
import { statement, type Db } from './database.js';
import { firstIdSeenSince } from './items.js';

/** Rows looked at per story that may be deleted: most stories have a few members. */
const ROWS_PER_STORY = 20;

/**
 * Deletes up to `maxStories` expired stories in one transaction. Candidates come from the items
 * in id order (ids follow ingest order) and only from those first seen before the cutoff, since
 * last_seen is never older than first_seen: the scan stops where recent items begin, without an
 * index on last_seen that every poll would have to update.
 */
export function deleteExpired(db: Db, request: ExpiryRequest): ExpiryResult {
  return db.transaction(() => {
    const result: ExpiryResult = { stories: 0, items: 0, next: null };
    const end = firstIdSeenSince(db, request.lastSeenBefore) ?? maxItemId(db) + 1;
    const scanLimit = Math.max(1, request.maxStories) * ROWS_PER_STORY;
    const rows = statement<[number, number, string, number], { id: number; story_id: string }>(
      db,
      'SELECT id, story_id FROM items WHERE id > ? AND id < ? AND last_seen < ? AND story_id IS NOT NULL ORDER BY id LIMIT ?',
    ).all(request.afterItemId, end, request.lastSeenBefore, scanLimit);
    // A member seen since the cutoff, or one waiting for (re)placement, keeps the whole story.
    const stillAlive = statement<[string, string], { alive: number }>(
      db,
      'SELECT 1 AS alive FROM items WHERE story_id = ? AND (last_seen >= ? OR pending != 0) LIMIT 1',
    );
    const decided = new Set<string>();
    for (const row of rows) {
      if (decided.has(row.story_id)) continue;
      decided.add(row.story_id);
      if (request.keep.has(row.story_id) || stillAlive.get(row.story_id, request.lastSeenBefore)) continue;
      result.items += deleteStory(db, row.story_id);
      result.stories++;
      if (result.stories >= request.maxStories) {
        result.next = row.id;
        return result;
      }
    }
    result.next = rows.length === scanLimit ? rows[rows.length - 1]!.id : null;
    return result;
  })();
}

/** Deletes a story with its members, their decisions and its aliases; returns the members deleted. */
function deleteStory(db: Db, storyId: string): number {
  // decisions reference items: they go first.
  statement(db, 'DELETE FROM decisions WHERE item_id IN (SELECT id FROM items WHERE story_id = ?)').run(storyId);
  const items = statement(db, 'DELETE FROM items WHERE story_id = ?').run(storyId).changes;
  statement(db, 'DELETE FROM story_aliases WHERE story_id = ?').run(storyId);
  statement(db, 'DELETE FROM stories WHERE id = ?').run(storyId);
  return items;
}

function maxItemId(db: Db): number {
  return statement<[], { id: number | null }>(db, 'SELECT MAX(id) AS id FROM items').get()!.id ?? 0;
}
