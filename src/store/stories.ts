// The stories table: one row per story, its id stable forever.
import { createHash } from 'node:crypto';
import type { Story, StoryWithItems } from '../model.js';
import { statement, type Db } from './database.js';
import { getItem, getItemsOfStories, getStoryItems } from './items.js';

interface StoryRow {
  id: string;
  representative_item_id: number;
  title: string;
  url: string | null;
  published: string;
  updated: string;
}

function toStory(row: StoryRow): Story {
  return {
    id: row.id,
    representativeItemId: row.representative_item_id,
    title: row.title,
    url: row.url,
    published: row.published,
    updated: row.updated,
  };
}

/**
 * A story's id comes from the item that founded it, not from a counter: replaying the same
 * items (recluster, a rebuilt database) gives the same ids, so readers never see a story twice.
 */
export function storyIdFor(sourceId: string, itemKey: string): string {
  return createHash('sha256').update(`${sourceId}\n${itemKey}`).digest('hex').slice(0, 20);
}

/** Inserts a story or replaces its fields (same id). */
export function saveStory(db: Db, story: Story): void {
  statement(
    db,
    `INSERT INTO stories (id, representative_item_id, title, url, published, updated)
     VALUES (@id, @representativeItemId, @title, @url, @published, @updated)
     ON CONFLICT (id) DO UPDATE SET representative_item_id = excluded.representative_item_id,
       title = excluded.title, url = excluded.url, published = excluded.published, updated = excluded.updated`,
  ).run(story);
}

export function getStory(db: Db, id: string): Story | undefined {
  const row = statement<[string], StoryRow>(db, 'SELECT * FROM stories WHERE id = ?').get(id);
  return row && toStory(row);
}

/** Removes a story that no longer has members (recluster). */
export function deleteStory(db: Db, id: string): void {
  statement(db, 'DELETE FROM stories WHERE id = ?').run(id);
}

/** A story with its representative and members. */
export function getStoryWithItems(db: Db, id: string): StoryWithItems | undefined {
  const story = getStory(db, id);
  if (!story) return undefined;
  const items = getStoryItems(db, id);
  const representative = items.find((i) => i.id === story.representativeItemId) ?? getItem(db, story.representativeItemId);
  if (!representative) return undefined;
  return { ...story, representative, items };
}

export interface StoryQuery {
  /** Only stories with at least one member from these sources (all when absent). */
  sourceIds?: readonly string[];
  /** Only stories published at or after this time (ISO UTC). */
  publishedSince?: string;
  /** Paging: stories published strictly before this (published, id) position. */
  before?: { published: string; id: string };
  limit: number;
}

/** Stories newest first (by first-published time, then id), with members. */
export function listStories(db: Db, query: StoryQuery): StoryWithItems[] {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (query.sourceIds) {
    where.push(`s.id IN (SELECT story_id FROM items WHERE source_id IN (${query.sourceIds.map(() => '?').join(',') || "''"}))`);
    params.push(...query.sourceIds);
  }
  if (query.publishedSince) {
    where.push('s.published >= ?');
    params.push(query.publishedSince);
  }
  if (query.before) {
    where.push('(s.published < ? OR (s.published = ? AND s.id < ?))');
    params.push(query.before.published, query.before.published, query.before.id);
  }
  const sql = `SELECT s.* FROM stories s ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY s.published DESC, s.id DESC LIMIT ?`;
  const stories = db
    .prepare<(string | number)[], StoryRow>(sql)
    .all(...params, query.limit)
    .map(toStory);
  const members = getItemsOfStories(
    db,
    stories.map((s) => s.id),
  );
  return stories.flatMap((story) => {
    const items = members.get(story.id) ?? [];
    const representative = items.find((i) => i.id === story.representativeItemId) ?? getItem(db, story.representativeItemId);
    return representative ? [{ ...story, representative, items }] : [];
  });
}

/** How many stories there are. */
export function countStories(db: Db): number {
  return statement<[], { n: number }>(db, 'SELECT COUNT(*) AS n FROM stories').get()!.n;
}
