// The stories table: one row per story, its id stable forever; ids of absorbed stories live on
// as aliases of the survivor (story_aliases).
import type { Story, StoryWithItems } from '../../model.js';
import type { AbsorbedQuery, AbsorbedStory, ListedStory, PlacedStory, StoryAlias, StoryQuery } from '../store.js';
import { type StoryRow, toStory } from '../story-rows.js';
import { ALIAS_COLUMNS, toAbsorbedStory, toStoryAlias, type AliasRow } from '../alias-rows.js';
import { statement, type Db } from './database.js';
import { getItem, getItemsOfStories, getStoryItems } from './items.js';

/** Inserts a story or replaces its fields (same id). */
export function saveStory(db: Db, story: Story): void {
  statement(
    db,
    `INSERT INTO stories (id, representative_item_id, title, url, published, updated)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET representative_item_id = excluded.representative_item_id,
       title = excluded.title, url = excluded.url, published = excluded.published, updated = excluded.updated`,
  ).run(story.id, story.representativeItemId, story.title, story.url, story.published, story.updated);
}

export function getStory(db: Db, id: string): Story | undefined {
  const row = statement<[string], StoryRow>(db, 'SELECT * FROM stories WHERE id = ?').get(id);
  return row && toStory(row);
}

/** Ids absorbed into each story (merges), for the stories asked. */
function absorbedIdsOf(db: Db, storyIds: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const stmt = statement<[string], { alias: string }>(db, 'SELECT alias FROM story_aliases WHERE story_id = ? ORDER BY alias');
  for (const id of storyIds) {
    const aliases = stmt.all(id).map((r) => r.alias);
    if (aliases.length) out.set(id, aliases);
  }
  return out;
}

/** A story with its representative and members. */
export function getStoryWithItems(db: Db, id: string): StoryWithItems | undefined {
  const story = getStory(db, id);
  if (!story) return undefined;
  const items = getStoryItems(db, id);
  const representative = items.find((i) => i.id === story.representativeItemId) ?? getItem(db, story.representativeItemId);
  if (!representative) return undefined;
  return { ...story, representative, items, absorbedIds: absorbedIdsOf(db, [id]).get(id) ?? [] };
}

/**
 * Stories by id with their representatives and members, in three statements per 500 ids (the stories,
 * their members, their aliases) whatever their number; ids that are no story are left out.
 */
export function getStoriesWithItems(db: Db, ids: readonly string[]): Map<string, StoryWithItems> {
  const unique = [...new Set(ids)];
  const stories: Story[] = [];
  for (let i = 0; i < unique.length; i += 500) {
    const part = unique.slice(i, i + 500);
    const sql = `SELECT * FROM stories WHERE id IN (${part.map(() => '?').join(',')})`;
    stories.push(
      ...db
        .prepare<string[], StoryRow>(sql)
        .all(...part)
        .map(toStory),
    );
  }
  const found = stories.map((s) => s.id);
  const members = getItemsOfStories(db, found);
  const absorbed = absorbedIdsOf(db, found);
  const out = new Map<string, StoryWithItems>();
  for (const story of stories) {
    const items = members.get(story.id) ?? [];
    const representative = items.find((i) => i.id === story.representativeItemId) ?? getItem(db, story.representativeItemId);
    if (representative) out.set(story.id, { ...story, representative, items, absorbedIds: absorbed.get(story.id) ?? [] });
  }
  return out;
}

/** Stories by id with their representative's source, content length and times. */
export function storiesForPlacement(db: Db, ids: readonly string[]): Map<string, PlacedStory> {
  const stmt = statement<
    [string],
    StoryRow & { source_id: string; content_length: number; rep_published: string | null; first_seen: string }
  >(
    db,
    `SELECT s.*, i.source_id, i.content_length, i.published AS rep_published, i.first_seen
     FROM stories s JOIN items i ON i.id = s.representative_item_id WHERE s.id = ?`,
  );
  const out = new Map<string, PlacedStory>();
  for (const id of new Set(ids)) {
    const row = stmt.get(id);
    if (!row) continue;
    out.set(id, {
      ...toStory(row),
      representativeSourceId: row.source_id,
      representativeContentLength: row.content_length,
      representativePublished: row.rep_published,
      representativeFirstSeen: row.first_seen,
    });
  }
  return out;
}

/**
 * A story's place among stories of its time (ORDER BY descending, the cursor's `place`): the greatest
 * "first_seen, then the feed place reversed" of its members of the story's own time, '' when none is. Both
 * parts are written once, at insert, so a poll never moves an older story. `story` is an SQL expression for
 * the story's id, `published` for its time. The PostgreSQL store builds the same text.
 */
function listPlace(story: string, published: string): string {
  return `COALESCE((SELECT MAX(m.first_seen || ' ' || printf('%010d', 2147483647 - m.feed_position)) FROM items m
    WHERE m.story_id = ${story} AND COALESCE(m.published, m.first_seen) = ${published}), '')`;
}

/**
 * Stories newest first, with members: by first-published time, then the latest poll's first, as their feeds
 * listed them (an undated feed's items share one poll's time), then by id.
 */
export function listStories(db: Db, query: StoryQuery): ListedStory[] {
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
    // After the cursor story in the order below, by the place the cursor carries. "published <= ?" first,
    // apart: an OR over the whole made SQLite read both halves and sort them (0.9 ms → 690 ms a page).
    const { published, place, id } = query.before;
    const own = listPlace('s.id', 's.published');
    where.push(`s.published <= ? AND (s.published < ? OR ${own} < ? OR (${own} = ? AND s.id < ?))`);
    params.push(published, published, place, place, id);
  }
  // The list walks stories_published and sorts only each time's ties; without the hint, SQLite (no ANALYZE
  // statistics) sorts every story by the tie-break (200,000 stories: 0.9 ms → 560 ms a page). Filtered by
  // source too: a page of 90 of 100 sources' stories costs 0.4 s instead of 1 s, one of a source with few
  // or no stories ~50 ms instead of ~1 ms (it walks the index until the page is full).
  const sql = `SELECT s.*, ${listPlace('s.id', 's.published')} AS list_place FROM stories s INDEXED BY stories_published
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY s.published DESC, list_place DESC, s.id DESC LIMIT ?`;
  const rows = db.prepare<(string | number)[], StoryRow & { list_place: string }>(sql).all(...params, query.limit);
  const places = new Map(rows.map((r) => [r.id, r.list_place]));
  const stories = rows.map(toStory);
  const ids = stories.map((s) => s.id);
  const members = getItemsOfStories(db, ids);
  const absorbed = absorbedIdsOf(db, ids);
  return stories.flatMap((story) => {
    const items = members.get(story.id) ?? [];
    const representative = items.find((i) => i.id === story.representativeItemId) ?? getItem(db, story.representativeItemId);
    return representative
      ? [{ ...story, representative, items, absorbedIds: absorbed.get(story.id) ?? [], listPlace: places.get(story.id)! }]
      : [];
  });
}

/** How many stories there are. */
export function countStories(db: Db): number {
  return statement<[], { n: number }>(db, 'SELECT COUNT(*) AS n FROM stories').get()!.n;
}

/** The story an absorbed id now lives in. */
export function survivorOf(db: Db, id: string): string | undefined {
  return statement<[string], { story_id: string }>(db, 'SELECT story_id FROM story_aliases WHERE alias = ?').get(id)?.story_id;
}

/** Story ids merged since `query.since`, newest merge first; by the absorbed story's sources when asked. */
export function absorbedSince(db: Db, query: AbsorbedQuery): AbsorbedStory[] {
  const params: (string | number)[] = [query.since];
  let bySource = '';
  if (query.sourceIds) {
    bySource = `AND EXISTS (SELECT 1 FROM json_each(a.absorbed_sources) s WHERE s.value IN (${query.sourceIds.map(() => '?').join(',') || "''"}))`;
    params.push(...query.sourceIds);
  }
  let after = '';
  if (query.before) {
    after = 'AND (a.absorbed_at < ? OR (a.absorbed_at = ? AND (a.absorbed_published < ? OR (a.absorbed_published = ? AND a.alias < ?))))';
    const { absorbedAt, published, storyId } = query.before;
    params.push(absorbedAt, absorbedAt, published, published, storyId);
  }
  // A story stored before it was merged (its published time kept): one merged within a batch was never published.
  const rows = db
    .prepare<(string | number)[], AliasRow & { absorbed_at: string; absorbed_published: string }>(
      `SELECT ${ALIAS_COLUMNS} FROM story_aliases a
       WHERE a.absorbed_at >= ? AND a.absorbed_published IS NOT NULL ${bySource} ${after}
       ORDER BY a.absorbed_at DESC, a.absorbed_published DESC, a.alias DESC LIMIT ?`,
    )
    .all(...params, query.limit);
  return rows.map(toAbsorbedStory);
}

/** Every absorbed id with what its merge recorded, by id. */
export function listAliases(db: Db): StoryAlias[] {
  return statement<[], AliasRow>(db, `SELECT ${ALIAS_COLUMNS} FROM story_aliases ORDER BY alias`).all().map(toStoryAlias);
}
