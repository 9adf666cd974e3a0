// The story engine's own state (dedup_meta, items.link_key) and the hot-path writes of a
// collapse: every statement is prepared once per connection and reused, because collapse
// runs per item at thousands of items per second.
import { statement, type Db } from './database.js';

/** Placed items (any time) whose matching link equals `linkKey`, with source and story. */
export function findItemsByLinkKey(
  db: Db,
  linkKey: string,
): { itemId: number; sourceId: string; itemKey: string; storyId: string | null }[] {
  return statement<[string], { id: number; source_id: string; item_key: string; story_id: string | null }>(
    db,
    'SELECT id, source_id, item_key, story_id FROM items WHERE link_key = ? ORDER BY id LIMIT 50',
  )
    .all(linkKey)
    .map((r) => ({ itemId: r.id, sourceId: r.source_id, itemKey: r.item_key, storyId: r.story_id }));
}

/** Places an item in a story and records its matching link (one row write, one statement). */
export function placeItemInStory(db: Db, itemId: number, storyId: string, linkKey: string | null): void {
  statement(db, 'UPDATE items SET story_id = ?, link_key = ? WHERE id = ?').run(storyId, linkKey, itemId);
}

/**
 * Changes whenever another connection commits (SQLite's data_version): an in-memory index only
 * needs to look for a recluster or for items placed elsewhere when this moved.
 */
export function dataVersion(db: Db): number {
  return statement<[], { data_version: number }>(db, 'PRAGMA data_version').get()!.data_version;
}

/** Bumped by every recluster: an in-memory index built under an older generation is stale. */
export function dedupGeneration(db: Db): number {
  return statement<[], { generation: number }>(db, 'SELECT generation FROM dedup_meta WHERE id = 1').get()!.generation;
}

/** Starts a new dedup generation (recluster). */
export function bumpDedupGeneration(db: Db): number {
  statement(db, 'UPDATE dedup_meta SET generation = generation + 1 WHERE id = 1').run();
  return dedupGeneration(db);
}

/** Forgets every placement (recluster replays them): story links, matching links, decisions, stories. */
export function clearPlacements(db: Db): void {
  db.exec(
    'UPDATE items SET story_id = NULL, link_key = NULL WHERE story_id IS NOT NULL OR link_key IS NOT NULL; DELETE FROM decisions; DELETE FROM stories;',
  );
}

/** Every item's story, for recluster's before/after comparison. */
export function listItemStories(db: Db): Map<number, string | null> {
  const rows = statement<[], { id: number; story_id: string | null }>(db, 'SELECT id, story_id FROM items ORDER BY id').all();
  return new Map(rows.map((r) => [r.id, r.story_id]));
}

/** Deletes stories that no longer have a member (after recluster). */
export function deleteEmptyStories(db: Db): number {
  return statement(db, 'DELETE FROM stories WHERE id NOT IN (SELECT story_id FROM items WHERE story_id IS NOT NULL)').run().changes;
}
