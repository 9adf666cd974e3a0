// Item rows as both backends read them, and the digest both store with each item: one mapping and one
// digest, so the two stores cannot drift apart.
import crypto from 'node:crypto';
import {
  type Enclosure,
  hashedEnclosures,
  type FeedItem,
  type MatchableItem,
  type PlacedItem,
  type ReplacedVersion,
  type StoredItem,
} from '../model.js';
import { joinedFromColumns } from './joined-columns.js';

export interface ItemRow {
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
  content_length: number;
}

export function toItem(row: ItemRow): StoredItem {
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
    contentLength: row.content_length,
  };
}

// One-shot hashing (Node ≥ 20.12) skips creating a Hash object per item; the digest is the same bytes.
const oneShotHash = (crypto as { hash?: (algorithm: string, data: string, encoding: 'base64url') => string }).hash;

/**
 * Digest of what a reader would see of an item: a change here makes it an update. Stored with the
 * item, so its input (this JSON) and algorithm must never change: every stored item would count as
 * changed at the next poll.
 */
export function contentHash(item: FeedItem): string {
  const json = JSON.stringify([
    item.title,
    item.summary,
    item.contentHtml,
    item.url,
    item.published,
    item.updated,
    item.author,
    item.categories,
    hashedEnclosures(item.enclosures),
  ]);
  return oneShotHash ? oneShotHash('sha256', json, 'base64url') : crypto.createHash('sha256').update(json).digest('base64url');
}

// What the story engine reads of an item: no body, categories or enclosures (a window holds ~100k).
export const MATCHABLE_COLUMNS =
  'id, source_id, item_key, url, canonical_url, title, summary, language, published, first_seen, story_id, content_length';

export interface MatchableRow {
  id: number;
  source_id: string;
  item_key: string;
  url: string | null;
  canonical_url: string | null;
  title: string;
  summary: string;
  language: string | null;
  published: string | null;
  first_seen: string;
  story_id: string | null;
  content_length: number;
}

/** What an update replaced (migration 15), as pending items read it. */
export const REPLACED_COLUMNS = 'replaced_title, replaced_summary, replaced_url, replaced_published';

/** SET clause forgetting what an update replaced: once placed, the item's version is the one its entry shows. */
export const NO_REPLACED = 'replaced_title = NULL, replaced_summary = NULL, replaced_url = NULL, replaced_published = NULL';

export interface ReplacedRow {
  replaced_title: string | null;
  replaced_summary: string | null;
  replaced_url: string | null;
  replaced_published: string | null;
}

/** The replaced version's shown fields, or null when not kept (no title: an update stored before they were). */
export function toReplaced(row: ReplacedRow): ReplacedVersion | null {
  if (row.replaced_title === null) return null;
  return { title: row.replaced_title, summary: row.replaced_summary ?? '', url: row.replaced_url, published: row.replaced_published };
}

export interface JoinedRow {
  joined_story: string | null;
  joined_absorbed: string | null;
}

/** A matchable item with the story it joined when placed. */
export function toPlaced(row: MatchableRow & JoinedRow): PlacedItem {
  return { ...toMatchable(row), joined: joinedFromColumns(row.joined_story, row.joined_absorbed) };
}

export function toMatchable(row: MatchableRow): MatchableItem {
  return {
    id: row.id,
    sourceId: row.source_id,
    key: row.item_key,
    url: row.url,
    canonicalUrl: row.canonical_url,
    title: row.title,
    summary: row.summary,
    language: row.language,
    published: row.published,
    firstSeen: row.first_seen,
    storyId: row.story_id,
    contentLength: row.content_length,
  };
}
