// The items table: every entry ever read, one row per (source, item key).
import { contentLengthOf, type FeedItem, type IngestResult, type PlacedItem, type PendingItem, type StoredItem } from '../../model.js';
import type { Queryable } from './connection.js';
import { datesJudgedAtFirstSight } from '../dates-judged-at-first-sight.js';
import type { PendingSummary } from '../store.js';
import {
  contentHash,
  type ItemRow,
  type JoinedRow,
  MATCHABLE_COLUMNS,
  type MatchableRow,
  toItem,
  toMatchable,
  toPlaced,
  REPLACED_COLUMNS,
  type ReplacedRow,
  toReplaced,
} from '../item-rows.js';

/** PostgreSQL text cannot hold U+0000 (SQLite can): it is dropped, as no reader can show it anyway. */
function pgText<T extends string | null>(value: T): T {
  return (typeof value === 'string' && value.includes('\u0000') ? value.replaceAll('\u0000', '') : value) as T;
}

interface Existing {
  id: number;
  content_hash: string;
  content_length: number;
  first_seen: string;
}

/** The stored columns of an item, in the order the INSERT and UPDATE below take them ($1 … $15). */
function columnValues(item: FeedItem, language: string | null, now: string, hash: string, contentLength: number): unknown[] {
  return [
    pgText(item.guid),
    pgText(item.url),
    pgText(item.canonicalUrl),
    pgText(item.title),
    pgText(item.summary),
    pgText(item.contentHtml),
    pgText(item.author),
    pgText(JSON.stringify(item.categories)),
    pgText(JSON.stringify(item.enclosures)),
    language,
    item.published,
    item.updated,
    now,
    hash,
    contentLength,
  ];
}

/**
 * Inserts the new items of one feed in one statement (a poll of a busy source is one round trip,
 * not one per item). Returns the id of each key inserted; a key a concurrent writer inserted
 * meanwhile (ON CONFLICT) is left out, and the caller treats it as an existing row.
 */
async function insertNewItems(
  db: Queryable,
  sourceId: string,
  language: string | null,
  items: ReadonlyMap<string, { item: FeedItem; position: number }>,
  now: string,
): Promise<Map<string, number>> {
  // One array per column ($1 … $15 as in columnValues, language and the time included), plus the keys and positions.
  const columns: unknown[][] = Array.from({ length: 15 }, () => []);
  for (const { item } of items.values()) {
    columnValues(item, language, now, contentHash(item), contentLengthOf(item)).forEach((value, c) => columns[c]!.push(value));
  }
  const { rows } = await db.query<{ id: number; item_key: string }>(
    `INSERT INTO items (guid, url, canonical_url, title, summary, content_html, author, categories, enclosures,
       language, published, updated, first_seen, last_seen, content_hash, content_length, pending, source_id, item_key, feed_position)
     SELECT v.guid, v.url, v.canonical_url, v.title, v.summary, v.content_html, v.author, v.categories, v.enclosures,
       v.language, v.published, v.updated, v.seen, v.seen, v.content_hash, v.content_length, 1, $16, v.item_key, v.feed_position
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
       $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::integer[], $17::text[], $18::integer[]) WITH ORDINALITY
       AS v (guid, url, canonical_url, title, summary, content_html, author, categories, enclosures,
         language, published, updated, seen, content_hash, content_length, item_key, feed_position, n)
     ORDER BY v.n
     ON CONFLICT (source_id, item_key) DO NOTHING RETURNING id, item_key`,
    [...columns, sourceId, [...items.keys()], [...items.values()].map((v) => v.position)],
  );
  return new Map(rows.map((r) => [r.item_key, r.id]));
}

/**
 * Stores every item of one fetched feed: new keys inserted, changed items updated in place
 * (first_seen kept), unchanged ones only touched; new and changed items marked pending; a new
 * item stores its place in this document (feed_position), once: never rewritten. The
 * caller runs this inside a transaction. The feed's existing rows are read (and locked) in one
 * query, in id order, so that two writers of one source cannot deadlock.
 */
export async function ingestItems(
  db: Queryable,
  sourceId: string,
  language: string | null,
  items: readonly FeedItem[],
  now: string,
): Promise<IngestResult> {
  const result: IngestResult = { newItemIds: [], updatedItemIds: [], unchanged: 0 };
  if (items.length === 0) return result;
  const keys = [...new Set(items.map((i) => pgText(i.key)))];
  const { rows } = await db.query<Existing & { item_key: string }>(
    'SELECT id, item_key, content_hash, content_length, first_seen FROM items WHERE source_id = $1 AND item_key = ANY($2::text[]) ORDER BY id FOR UPDATE',
    [sourceId, keys],
  );
  const existing = new Map<string, Existing>(rows.map((r) => [r.item_key, r]));
  // A known item's dates are judged against its first sight, a new one's against now (its first sight).
  const judged = items.map((item) => datesJudgedAtFirstSight(item, existing.get(pgText(item.key))?.first_seen ?? now));
  // The first item of each key not stored yet is inserted; a later item with the same key (a feed
  // that repeats a key) then counts as an update of it, as when the items are stored one by one.
  const fresh = new Map<string, { item: FeedItem; position: number }>();
  for (const [position, item] of judged.entries()) {
    const key = pgText(item.key);
    if (!existing.has(key) && !fresh.has(key)) fresh.set(key, { item, position });
  }
  const inserted = fresh.size ? await insertNewItems(db, sourceId, language, fresh, now) : new Map<string, number>();
  const raced = [...fresh.keys()].filter((key) => !inserted.has(key));
  if (raced.length) {
    // ON CONFLICT: a concurrent writer of the same source (never two pollers: the lease keeps
    // them apart) inserted these keys since; they are treated like existing rows.
    const { rows: others } = await db.query<Existing & { item_key: string }>(
      'SELECT id, item_key, content_hash, content_length, first_seen FROM items WHERE source_id = $1 AND item_key = ANY($2::text[]) ORDER BY id FOR UPDATE',
      [sourceId, raced],
    );
    for (const row of others) existing.set(row.item_key, row);
  }
  const touched: number[] = [];
  for (const item of judged) {
    const key = pgText(item.key);
    const hash = contentHash(item);
    const contentLength = contentLengthOf(item);
    const id = inserted.get(key);
    if (id !== undefined && fresh.get(key)?.item === item) {
      result.newItemIds.push(id);
      existing.set(key, { id, content_hash: hash, content_length: contentLength, first_seen: now });
      continue;
    }
    const row = existing.get(key)!;
    if (row.content_hash !== hash) {
      // A changed item keeps its story; pending 2 asks the engine to look at it again. A still
      // unplaced item (pending 1) stays new. The revision tells the placer it changed. A placed one
      // (pending 0) keeps what its placed version showed (the right-hand sides read the row before this update).
      await db.query(
        `UPDATE items SET guid = $1, url = $2, canonical_url = $3, title = $4, summary = $5, content_html = $6, author = $7,
           categories = $8, enclosures = $9, language = $10, published = COALESCE($11, published), updated = $12,
           last_seen = $13, content_hash = $14, content_length = $15,
           replaced_length = CASE WHEN pending = 0 THEN $17::integer ELSE replaced_length END,
           replaced_title = CASE WHEN pending = 0 THEN title ELSE replaced_title END,
           replaced_summary = CASE WHEN pending = 0 THEN summary ELSE replaced_summary END,
           replaced_url = CASE WHEN pending = 0 THEN url ELSE replaced_url END,
           replaced_published = CASE WHEN pending = 0 THEN published ELSE replaced_published END,
           pending = CASE WHEN pending = 1 THEN 1 ELSE 2 END, revision = revision + 1
         WHERE id = $16`,
        [...columnValues(item, language, now, hash, contentLength), row.id, row.content_length],
      );
      result.updatedItemIds.push(row.id);
      existing.set(key, { id: row.id, content_hash: hash, content_length: contentLength, first_seen: row.first_seen });
    } else {
      touched.push(row.id);
      result.unchanged++;
    }
  }
  if (touched.length) await db.query('UPDATE items SET last_seen = $1 WHERE id = ANY($2::bigint[])', [now, touched]);
  return result;
}

/** Items by id, in the order asked. */
export async function getItems(db: Queryable, ids: readonly number[]): Promise<StoredItem[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<ItemRow>('SELECT * FROM items WHERE id = ANY($1::bigint[])', [ids]);
  const byId = new Map(rows.map((r) => [r.id, toItem(r)]));
  return ids.flatMap((id) => {
    const item = byId.get(id);
    return item ? [item] : [];
  });
}

/** Items whose link, guid or key equals `ref`, or whose canonical link equals `ref` or `canonical`; for `explain`. */
export async function findItemsByReference(db: Queryable, ref: string, canonical: string | null = null): Promise<StoredItem[]> {
  const { rows } = await db.query<ItemRow>(
    'SELECT * FROM items WHERE url = $1 OR canonical_url IN ($1, $2) OR guid = $1 OR item_key = $1 ORDER BY id',
    [pgText(ref), pgText(canonical)],
  );
  return rows.map(toItem);
}

/** Members of a story, oldest first. */
export async function getStoryItems(db: Queryable, storyId: string): Promise<StoredItem[]> {
  const { rows } = await db.query<ItemRow>('SELECT * FROM items WHERE story_id = $1 ORDER BY COALESCE(published, first_seen), id', [
    storyId,
  ]);
  return rows.map(toItem);
}

/** Members of several stories at once, oldest first within each. */
export async function getItemsOfStories(db: Queryable, storyIds: readonly string[]): Promise<Map<string, StoredItem[]>> {
  const members = new Map<string, StoredItem[]>(storyIds.map((id) => [id, []]));
  if (storyIds.length === 0) return members;
  const { rows } = await db.query<ItemRow>(
    'SELECT * FROM items WHERE story_id = ANY($1::text[]) ORDER BY COALESCE(published, first_seen), id',
    [storyIds],
  );
  for (const row of rows) members.get(row.story_id!)!.push(toItem(row));
  return members;
}

/** Items awaiting placement, lowest id first, with the revision each was read at. */
export async function pendingItems(db: Queryable, limit: number): Promise<(PendingItem & { revision: number })[]> {
  const { rows } = await db.query<MatchableRow & ReplacedRow & { pending: number; replaced_length: number | null; revision: number }>(
    `SELECT ${MATCHABLE_COLUMNS}, pending, replaced_length, ${REPLACED_COLUMNS}, revision FROM items WHERE pending <> 0 ORDER BY id LIMIT $1`,
    [limit],
  );
  return rows.map((row) => {
    const updated = row.pending === 2 && row.story_id !== null;
    return {
      ...toMatchable(row),
      pending: updated ? 'updated' : 'new',
      replacedContentLength: row.replaced_length,
      replaced: updated ? toReplaced(row) : null,
      revision: row.revision,
    };
  });
}

/** How many items await placement and the newest one's id (the partial index items_pending holds both). */
export async function pendingSummary(db: Queryable): Promise<PendingSummary> {
  const { rows } = await db.query<{ items: number; newest_id: number }>(
    'SELECT count(*)::integer AS items, COALESCE(max(id), 0)::integer AS newest_id FROM items WHERE pending <> 0',
  );
  return { items: rows[0]!.items, newestId: rows[0]!.newest_id };
}

/** Rows per page of `matchablePage`. */
export const PAGE_SIZE = 2_000;

/** One page of items in id order after `afterId`: all, or only placed ones first seen at or after `sinceFirstSeen`. */
export async function matchablePage(
  db: Queryable,
  where: { afterId: number; sinceFirstSeen?: string; placedOnly?: boolean },
): Promise<PlacedItem[]> {
  const { rows } = await db.query<MatchableRow & JoinedRow>(
    `SELECT ${MATCHABLE_COLUMNS}, joined_story, joined_absorbed FROM items
     WHERE id > $1 AND first_seen >= $2${where.placedOnly ? ' AND story_id IS NOT NULL' : ''}
     ORDER BY id LIMIT $3`,
    [where.afterId, where.sinceFirstSeen ?? '', PAGE_SIZE],
  );
  return rows.map(toPlaced);
}

/** Items stored per source id. */
export async function countItemsBySource(db: Queryable): Promise<Map<string, number>> {
  const { rows } = await db.query<{ source_id: string; n: number }>('SELECT source_id, COUNT(*) AS n FROM items GROUP BY source_id');
  return new Map(rows.map((r) => [r.source_id, r.n]));
}
