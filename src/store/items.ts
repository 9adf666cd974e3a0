// The items table: every entry ever read, one row per (source, item key).
import { createHash } from 'node:crypto';
import type { Enclosure, FeedItem, IngestResult, StoredItem } from '../model.js';
import { statement, type Db } from './database.js';

interface ItemRow {
  id: number;
  source_id: string;
  item_key: string;
  guid: string | null;
  url: string | null;
  canonical_url: string | null;
  title: string;
  summary: string;
  content_html: string | null;
  author: string | null;
  categories: string;
  enclosures: string;
  language: string | null;
  published: string | null;
  updated: string | null;
  first_seen: string;
  last_seen: string;
  story_id: string | null;
}

function toItem(row: ItemRow): StoredItem {
  return {
    id: row.id,
    sourceId: row.source_id,
    key: row.item_key,
    guid: row.guid,
    url: row.url,
    canonicalUrl: row.canonical_url,
    title: row.title,
    summary: row.summary,
    contentHtml: row.content_html,
    author: row.author,
    categories: JSON.parse(row.categories) as string[],
    enclosures: JSON.parse(row.enclosures) as Enclosure[],
    language: row.language,
    published: row.published,
    updated: row.updated,
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
    storyId: row.story_id,
  };
}

/** Digest of what a reader would see of an item: a change here makes it an update. */
function contentHash(item: FeedItem): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        item.title,
        item.summary,
        item.contentHtml,
        item.url,
        item.published,
        item.updated,
        item.author,
        item.categories,
        item.enclosures,
      ]),
    )
    .digest('base64url');
}

/** What ingesting one feed did, with the items as now stored, so collapse need not read them back. */
export interface StoredIngest extends IngestResult {
  /** Every new or updated item, by id, exactly as stored now. */
  stored: Map<number, StoredItem>;
  /** The versions the updated items replaced, by id (a fuller version is judged against them). */
  replaced: Map<number, StoredItem>;
}

/**
 * Stores every item of one fetched feed in one transaction: new keys are inserted, changed
 * items updated in place (first_seen kept), unchanged ones only touched. Never half a feed.
 */
export function ingestItems(db: Db, sourceId: string, language: string | null, items: readonly FeedItem[], now: string): StoredIngest {
  const find = statement<[string, string], { id: number; content_hash: string }>(
    db,
    'SELECT id, content_hash FROM items WHERE source_id = ? AND item_key = ?',
  );
  const insert = statement(
    db,
    `INSERT INTO items (source_id, item_key, guid, url, canonical_url, title, summary, content_html, author,
       categories, enclosures, language, published, updated, first_seen, last_seen, content_hash)
     VALUES (@sourceId, @key, @guid, @url, @canonicalUrl, @title, @summary, @contentHtml, @author,
       @categories, @enclosures, @language, @published, @updated, @now, @now, @hash)`,
  );
  const update = statement(
    db,
    `UPDATE items SET guid = @guid, url = @url, canonical_url = @canonicalUrl, title = @title, summary = @summary,
       content_html = @contentHtml, author = @author, categories = @categories, enclosures = @enclosures,
       language = @language, published = COALESCE(@published, published), updated = @updated,
       last_seen = @now, content_hash = @hash
     WHERE id = @id`,
  );
  const touch = statement(db, 'UPDATE items SET last_seen = ? WHERE id = ?');
  const result: StoredIngest = { newItemIds: [], updatedItemIds: [], unchanged: 0, stored: new Map(), replaced: new Map() };
  db.transaction(() => {
    for (const item of items) {
      const hash = contentHash(item);
      const row = {
        sourceId,
        key: item.key,
        guid: item.guid,
        url: item.url,
        canonicalUrl: item.canonicalUrl,
        title: item.title,
        summary: item.summary,
        contentHtml: item.contentHtml,
        author: item.author,
        categories: JSON.stringify(item.categories),
        enclosures: JSON.stringify(item.enclosures),
        language,
        published: item.published,
        updated: item.updated,
        now,
        hash,
      };
      const existing = find.get(sourceId, item.key);
      if (!existing) {
        const id = Number(insert.run(row).lastInsertRowid);
        result.newItemIds.push(id);
        result.stored.set(id, storedVersion(id, sourceId, language, item, now, now, null));
      } else if (existing.content_hash !== hash) {
        // Updates are rare (a corrected or fuller text): reading the old row costs little here.
        const previous = getItem(db, existing.id)!;
        update.run({ ...row, id: existing.id });
        result.updatedItemIds.push(existing.id);
        result.replaced.set(existing.id, previous);
        result.stored.set(
          existing.id,
          storedVersion(
            existing.id,
            sourceId,
            language,
            { ...item, published: item.published ?? previous.published },
            previous.firstSeen,
            now,
            previous.storyId,
          ),
        );
      } else {
        touch.run(now, existing.id);
        result.unchanged++;
      }
    }
  })();
  return result;
}

/** The stored form of a feed item just written (what `getItem` would read back). */
function storedVersion(
  id: number,
  sourceId: string,
  language: string | null,
  item: FeedItem,
  firstSeen: string,
  lastSeen: string,
  storyId: string | null,
): StoredItem {
  return {
    id,
    sourceId,
    key: item.key,
    guid: item.guid,
    url: item.url,
    canonicalUrl: item.canonicalUrl,
    title: item.title,
    summary: item.summary,
    contentHtml: item.contentHtml,
    author: item.author,
    categories: [...item.categories],
    enclosures: item.enclosures.map((e) => ({ ...e })),
    language,
    published: item.published,
    updated: item.updated,
    firstSeen,
    lastSeen,
    storyId,
  };
}

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

/** Items whose link (as published or canonical), guid or key equals `ref`; for `explain`. */
export function findItemsByReference(db: Db, ref: string): StoredItem[] {
  const rows = statement<[string, string, string, string], ItemRow>(
    db,

    'SELECT * FROM items WHERE url = ? OR canonical_url = ? OR guid = ? OR item_key = ? ORDER BY id',
  ).all(ref, ref, ref, ref);
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

/**
 * Every item in id (ingest) order, for recluster and the index rebuild. Reads in pages of
 * `pageSize` rather than through an open cursor, so the caller may write between items.
 */
export function* iterateItems(db: Db, sinceFirstSeen = '', pageSize = 2_000): Generator<StoredItem> {
  const page = statement<[number, string, number], ItemRow>(db, 'SELECT * FROM items WHERE id > ? AND first_seen >= ? ORDER BY id LIMIT ?');
  let lastId = 0;
  for (;;) {
    const rows = page.all(lastId, sinceFirstSeen, pageSize);
    for (const row of rows) yield toItem(row);
    if (rows.length < pageSize) return;
    lastId = rows[rows.length - 1]!.id;
  }
}

/**
 * The first item id seen at or after `since`, by binary search on ids (~20 lookups for a million
 * items, no index on first_seen to keep up per item). Ids follow ingest order; an hour of margin
 * covers a clock that stepped back, and callers still filter on first_seen.
 */
function firstIdSeenSince(db: Db, since: string): number | null {
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

/**
 * Placed items first seen at or after `sinceFirstSeen` with an id above `afterItemId`, in id
 * order: the window index's rebuild (and its catch-up with other connections' placements).
 */
export function* iteratePlacedItemsSince(db: Db, sinceFirstSeen: string, afterItemId = 0, pageSize = 2_000): Generator<StoredItem> {
  let lastId = afterItemId;
  if (lastId === 0) {
    const first = firstIdSeenSince(db, sinceFirstSeen);
    if (first === null) return;
    lastId = first - 1;
  }
  const page = statement<[number, string, number], ItemRow>(
    db,
    'SELECT * FROM items WHERE id > ? AND first_seen >= ? AND story_id IS NOT NULL ORDER BY id LIMIT ?',
  );
  for (;;) {
    const rows = page.all(lastId, sinceFirstSeen, pageSize);
    for (const row of rows) yield toItem(row);
    if (rows.length < pageSize) return;
    lastId = rows[rows.length - 1]!.id;
  }
}

/** Items of a source not placed in any story (their collapse never ran to the end), in id order. */
export function unplacedItemIds(db: Db, sourceId: string): number[] {
  return statement<[string], { id: number }>(db, 'SELECT id FROM items WHERE story_id IS NULL AND source_id = ? ORDER BY id')
    .all(sourceId)
    .map((r) => r.id);
}

/** Places an item in a story. */
export function setItemStory(db: Db, itemId: number, storyId: string | null): void {
  statement(db, 'UPDATE items SET story_id = ? WHERE id = ?').run(storyId, itemId);
}

/** Items stored per source id. */
export function countItemsBySource(db: Db): Map<string, number> {
  const rows = statement<[], { source_id: string; n: number }>(db, 'SELECT source_id, COUNT(*) AS n FROM items GROUP BY source_id').all();
  return new Map(rows.map((r) => [r.source_id, r.n]));
}
