// The items table: every entry ever read, one row per (source, item key).
import { contentLengthOf, type FeedItem, type IngestResult, type PlacedItem, type PendingItem, type StoredItem } from '../../model.js';
import { datesJudgedAtFirstSight } from '../dates-judged-at-first-sight.js';
import { statement, type Db } from './database.js';
import type { PendingSummary } from '../store.js';
import {
  contentHash,
  type ItemRow,
  type JoinedRow,
  MATCHABLE_COLUMNS,
  type MatchableRow,
  REPLACED_COLUMNS,
  type ReplacedRow,
  toItem,
  toMatchable,
  toPlaced,
  toReplaced,
} from '../item-rows.js';

/** JSON of a list column; nearly every item has no enclosures and many no categories. */
function jsonList(list: readonly unknown[]): string {
  return list.length === 0 ? '[]' : JSON.stringify(list);
}

/**
 * Stores every item of one fetched feed: new keys are inserted, changed items updated in place
 * (first_seen kept), unchanged ones only touched. New and changed items are marked pending, for
 * the story engine to place. A new item stores its place in this document (feed_position), once:
 * never rewritten, so a feed's moving window cannot reorder older stories. The caller runs this inside a transaction: never half a feed.
 */
export function ingestItems(db: Db, sourceId: string, language: string | null, items: readonly FeedItem[], now: string): IngestResult {
  const find = statement<[string, string], { id: number; content_hash: string; content_length: number; first_seen: string }>(
    db,
    'SELECT id, content_hash, content_length, first_seen FROM items WHERE source_id = ? AND item_key = ?',
  );
  // Positional parameters: binding by name costs a lookup per parameter per row.
  const insert = statement<InsertParameters>(
    db,
    `INSERT INTO items (source_id, item_key, guid, url, canonical_url, title, summary, content_html, author,
       categories, enclosures, language, published, updated, first_seen, last_seen, content_hash, content_length, feed_position, pending)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
  );
  // A changed item keeps its story; pending 2 asks the engine to look at it again. A still
  // unplaced item (pending 1) stays new. A placed one (pending 0) keeps what its placed version showed
  // (the right-hand sides read the row before this update); a second change before placement keeps it too.
  const update = statement<UpdateParameters>(
    db,
    `UPDATE items SET guid = ?, url = ?, canonical_url = ?, title = ?, summary = ?,
       content_html = ?, author = ?, categories = ?, enclosures = ?,
       language = ?, published = COALESCE(?, published), updated = ?,
       last_seen = ?, content_hash = ?, content_length = ?,
       replaced_length = CASE WHEN pending = 1 THEN replaced_length WHEN pending = 2 THEN replaced_length ELSE ? END,
       replaced_title = CASE WHEN pending = 0 THEN title ELSE replaced_title END,
       replaced_summary = CASE WHEN pending = 0 THEN summary ELSE replaced_summary END,
       replaced_url = CASE WHEN pending = 0 THEN url ELSE replaced_url END,
       replaced_published = CASE WHEN pending = 0 THEN published ELSE replaced_published END,
       pending = CASE WHEN pending = 1 THEN 1 ELSE 2 END
     WHERE id = ?`,
  );
  const touch = statement<[string, number]>(db, 'UPDATE items SET last_seen = ? WHERE id = ?');
  const result: IngestResult = { newItemIds: [], updatedItemIds: [], unchanged: 0 };
  for (const [position, fedItem] of items.entries()) {
    const existing = find.get(sourceId, fedItem.key);
    const item = datesJudgedAtFirstSight(fedItem, existing?.first_seen ?? now);
    const hash = contentHash(item);
    if (existing && existing.content_hash === hash) {
      touch.run(now, existing.id);
      result.unchanged++;
      continue;
    }
    const categories = jsonList(item.categories);
    const enclosures = jsonList(item.enclosures);
    const contentLength = contentLengthOf(item);
    if (!existing) {
      const id = insert.run(
        sourceId,
        item.key,
        item.guid,
        item.url,
        item.canonicalUrl,
        item.title,
        item.summary,
        item.contentHtml,
        item.author,
        categories,
        enclosures,
        language,
        item.published,
        item.updated,
        now,
        now,
        hash,
        contentLength,
        position,
      ).lastInsertRowid;
      result.newItemIds.push(Number(id));
    } else {
      update.run(
        item.guid,
        item.url,
        item.canonicalUrl,
        item.title,
        item.summary,
        item.contentHtml,
        item.author,
        categories,
        enclosures,
        language,
        item.published,
        item.updated,
        now,
        hash,
        contentLength,
        existing.content_length,
        existing.id,
      );
      result.updatedItemIds.push(existing.id);
    }
  }
  return result;
}

// The insert's and the update's "?" in order.
type Text = string | null;
type InsertParameters = [
  string,
  string,
  Text,
  Text,
  Text,
  string,
  string,
  Text,
  Text,
  string,
  string,
  Text,
  Text,
  Text,
  string,
  string,
  string,
  number,
  number,
];
type UpdateParameters = [
  Text,
  Text,
  Text,
  string,
  string,
  Text,
  Text,
  string,
  string,
  Text,
  Text,
  Text,
  string,
  string,
  number,
  number,
  number,
];

/** One item by id. */
export function getItem(db: Db, id: number): StoredItem | undefined {
  const row = statement<[number], ItemRow>(db, 'SELECT * FROM items WHERE id = ?').get(id);
  return row && toItem(row);
}

/** Items by id, in the order asked. */
export function getItems(db: Db, ids: readonly number[]): StoredItem[] {
  const stmt = statement<[number], ItemRow>(db, 'SELECT * FROM items WHERE id = ?');
  return ids.flatMap((id) => {
    const row = stmt.get(id);
    return row ? [toItem(row)] : [];
  });
}

/** Items whose link, guid or key equals `ref`, or whose canonical link equals `ref` or `canonical`; for `explain`. */
export function findItemsByReference(db: Db, ref: string, canonical: string | null = null): StoredItem[] {
  const rows = statement<[string, string, string | null, string, string], ItemRow>(
    db,
    'SELECT * FROM items WHERE url = ? OR canonical_url IN (?, ?) OR guid = ? OR item_key = ? ORDER BY id',
  ).all(ref, ref, canonical, ref, ref);
  return rows.map(toItem);
}

/** Members of a story, oldest first. */
export function getStoryItems(db: Db, storyId: string): StoredItem[] {
  return statement<[string], ItemRow>(db, 'SELECT * FROM items WHERE story_id = ? ORDER BY COALESCE(published, first_seen), id')
    .all(storyId)
    .map(toItem);
}

/** Members of several stories at once (one query per 500 stories), oldest first within each. */
export function getItemsOfStories(db: Db, storyIds: readonly string[]): Map<string, StoredItem[]> {
  const members = new Map<string, StoredItem[]>(storyIds.map((id) => [id, []]));
  for (let i = 0; i < storyIds.length; i += 500) {
    const ids = storyIds.slice(i, i + 500);
    const rows = db
      .prepare<string[], ItemRow>(
        `SELECT * FROM items WHERE story_id IN (${ids.map(() => '?').join(',')}) ORDER BY COALESCE(published, first_seen), id`,
      )
      .all(...ids);
    for (const row of rows) members.get(row.story_id!)!.push(toItem(row));
  }
  return members;
}

/** Items awaiting placement, lowest id first. */
export function pendingItems(db: Db, limit: number): PendingItem[] {
  return statement<[number], MatchableRow & ReplacedRow & { pending: number; replaced_length: number | null }>(
    db,
    `SELECT ${MATCHABLE_COLUMNS}, pending, replaced_length, ${REPLACED_COLUMNS} FROM items WHERE pending != 0 ORDER BY id LIMIT ?`,
  )
    .all(limit)
    .map((row) => {
      // Built in place (same properties, same order as a spread of toMatchable): a run reads up to 500,000 rows.
      const item = toMatchable(row) as PendingItem;
      item.pending = row.pending === 2 && row.story_id !== null ? 'updated' : 'new';
      item.replacedContentLength = row.replaced_length;
      item.replaced = item.pending === 'updated' ? toReplaced(row) : null;
      return item;
    });
}

/** How many items await placement and the newest one's id (the partial index items_pending holds both). */
export function pendingSummary(db: Db): PendingSummary {
  const row = statement<[], { items: number; newest_id: number }>(
    db,
    'SELECT count(*) AS items, COALESCE(max(id), 0) AS newest_id FROM items WHERE pending != 0',
  ).get()!;
  return { items: row.items, newestId: row.newest_id };
}

/** Rows per page of `matchablePage`. */
export const PAGE_SIZE = 2_000;

/**
 * One page (PAGE_SIZE rows) of items in id order after `afterId`: all of them, or only placed ones
 * first seen at or after `sinceFirstSeen` (a window rebuild starts at the window's first id).
 */
export function matchablePage(db: Db, where: { afterId: number; sinceFirstSeen?: string; placedOnly?: boolean }): PlacedItem[] {
  let afterId = where.afterId;
  if (afterId === 0 && where.sinceFirstSeen) {
    const first = firstIdSeenSince(db, where.sinceFirstSeen);
    if (first === null) return [];
    afterId = first - 1;
  }
  return statement<[number, string, number], MatchableRow & JoinedRow>(
    db,
    `SELECT ${MATCHABLE_COLUMNS}, joined_story, joined_absorbed FROM items
     WHERE id > ? AND first_seen >= ?${where.placedOnly ? ' AND story_id IS NOT NULL' : ''} ORDER BY id LIMIT ?`,
  )
    .all(afterId, where.sinceFirstSeen ?? '', PAGE_SIZE)
    .map(toPlaced);
}

/**
 * The first item id seen at or after `since`, by binary search on ids (~20 lookups for a million
 * items, no index on first_seen to keep up per item). Ids follow ingest order; an hour of margin
 * covers a clock that stepped back, and callers still filter on first_seen.
 */
export function firstIdSeenSince(db: Db, since: string): number | null {
  const margin = new Date(Date.parse(since) - 3_600_000).toISOString();
  const at = statement<[number], { id: number; first_seen: string }>(
    db,
    'SELECT id, first_seen FROM items WHERE id >= ? ORDER BY id LIMIT 1',
  );
  const max = statement<[], { id: number | null }>(db, 'SELECT MAX(id) AS id FROM items').get()!.id;
  if (max === null) return null;
  let lo = 0;
  let hi = max + 1;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    const row = at.get(mid);
    if (!row) hi = mid;
    else if (row.first_seen >= margin) hi = mid;
    else lo = row.id + 1;
  }
  return lo > max ? null : lo;
}

/** Items stored per source id. */
export function countItemsBySource(db: Db): Map<string, number> {
  const rows = statement<[], { source_id: string; n: number }>(db, 'SELECT source_id, COUNT(*) AS n FROM items GROUP BY source_id').all();
  return new Map(rows.map((r) => [r.source_id, r.n]));
}
