// The story engine's tables (dedup_features, dedup_meta) and the hot-path writes of a
// collapse: every statement is prepared once per connection and reused, because collapse
// runs per item at tens of thousands of items per second.
import { statement, type Db } from './database.js';

/** A stored features row; `features` is the matcher's own JSON, opaque to the store. */
export interface FeaturesRow {
  itemId: number;
  sourceId: string;
  atMs: number;
  linkKey: string | null;
  features: string;
  /** The item's story (from items), null while unplaced. */
  storyId: string | null;
}

interface FeaturesDbRow {
  item_id: number;
  source_id: string;
  at_ms: number;
  link_key: string | null;
  features: string;
  story_id: string | null;
}

const toFeaturesRow = (r: FeaturesDbRow): FeaturesRow => ({
  itemId: r.item_id,
  sourceId: r.source_id,
  atMs: r.at_ms,
  linkKey: r.link_key,
  features: r.features,
  storyId: r.story_id,
});

/** Writes (or replaces) an item's matching features. */
export function saveItemFeatures(db: Db, row: Omit<FeaturesRow, 'storyId'>): void {
  statement(
    db,
    `INSERT INTO dedup_features (item_id, source_id, at_ms, link_key, features) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (item_id) DO UPDATE SET source_id = excluded.source_id, at_ms = excluded.at_ms,
       link_key = excluded.link_key, features = excluded.features`,
  ).run(row.itemId, row.sourceId, row.atMs, row.linkKey, row.features);
}

/** One item's features row, with its story. */
export function getItemFeatures(db: Db, itemId: number): FeaturesRow | undefined {
  const row = statement<[number], FeaturesDbRow>(
    db,
    'SELECT f.*, i.story_id FROM dedup_features f JOIN items i ON i.id = f.item_id WHERE f.item_id = ?',
  ).get(itemId);
  return row && toFeaturesRow(row);
}

/** Features of items timed at or after `sinceMs` with id above `afterItemId`, in id order (index rebuild and catch-up). */
export function listItemFeaturesSince(db: Db, sinceMs: number, afterItemId = 0): FeaturesRow[] {
  return statement<[number, number], FeaturesDbRow>(
    db,
    `SELECT f.*, i.story_id FROM dedup_features f JOIN items i ON i.id = f.item_id
     WHERE f.at_ms >= ? AND f.item_id > ? ORDER BY f.item_id`,
  )
    .all(sinceMs, afterItemId)
    .map(toFeaturesRow);
}

/** Items (any time) whose matching link equals `linkKey`, with source and story. */
export function findItemsByLinkKey(
  db: Db,
  linkKey: string,
): { itemId: number; sourceId: string; itemKey: string; storyId: string | null }[] {
  return statement<[string], { item_id: number; source_id: string; item_key: string; story_id: string | null }>(
    db,
    `SELECT f.item_id, f.source_id, i.item_key, i.story_id FROM dedup_features f JOIN items i ON i.id = f.item_id
     WHERE f.link_key = ? ORDER BY f.item_id LIMIT 50`,
  )
    .all(linkKey)
    .map((r) => ({ itemId: r.item_id, sourceId: r.source_id, itemKey: r.item_key, storyId: r.story_id }));
}

/** Highest item id with features: lets an in-memory index catch up with rows another connection wrote. */
export function maxFeaturesItemId(db: Db): number {
  return statement<[], { n: number | null }>(db, 'SELECT MAX(item_id) AS n FROM dedup_features').get()!.n ?? 0;
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

/** Forgets every placement (recluster replays them): story links, decisions, stories, features. */
export function clearPlacements(db: Db): void {
  db.exec(
    'UPDATE items SET story_id = NULL WHERE story_id IS NOT NULL; DELETE FROM decisions; DELETE FROM stories; DELETE FROM dedup_features;',
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

/** Minimal facts about an item for choosing a story's representative. */
export function readItemBrief(
  db: Db,
  itemId: number,
): { sourceId: string; title: string; url: string | null; published: string | null; firstSeen: string } | undefined {
  const r = statement<[number], { source_id: string; title: string; url: string | null; published: string | null; first_seen: string }>(
    db,
    'SELECT source_id, title, url, published, first_seen FROM items WHERE id = ?',
  ).get(itemId);
  return r && { sourceId: r.source_id, title: r.title, url: r.url, published: r.published, firstSeen: r.first_seen };
}
