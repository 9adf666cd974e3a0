// The stories table: one row per story, its id stable forever; ids of absorbed stories live on
// as aliases of the survivor (story_aliases).
import type { Story, StoryWithItems } from '../../model.js';
import type { AbsorbedQuery, AbsorbedStory, ListedStory, PlacedStory, StoryAlias, StoryQuery } from '../store.js';
import { type StoryRow, toStory } from '../story-rows.js';
import { ALIAS_COLUMNS, toAbsorbedStory, toStoryAlias, type AliasRow } from '../alias-rows.js';
import type { Queryable } from './connection.js';
import { getItems, getItemsOfStories, getStoryItems } from './items.js';

/** Inserts stories or replaces their fields (same id), in one statement. */
export async function saveStories(db: Queryable, stories: readonly Story[]): Promise<void> {
  if (stories.length === 0) return;
  // A batch may carry one story twice (changed by two items): the last version wins, as it would row by row.
  const last = new Map(stories.map((s) => [s.id, s]));
  const rows = [...last.values()];
  await db.query(
    `INSERT INTO stories (id, representative_item_id, title, url, published, updated)
     SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[])
     ON CONFLICT (id) DO UPDATE SET representative_item_id = excluded.representative_item_id,
       title = excluded.title, url = excluded.url, published = excluded.published, updated = excluded.updated`,
    [
      rows.map((s) => s.id),
      rows.map((s) => s.representativeItemId),
      rows.map((s) => s.title.replaceAll('\u0000', '')),
      rows.map((s) => s.url?.replaceAll('\u0000', '') ?? null),
      rows.map((s) => s.published),
      rows.map((s) => s.updated),
    ],
  );
}

export async function getStory(db: Queryable, id: string): Promise<Story | undefined> {
  const { rows } = await db.query<StoryRow>('SELECT * FROM stories WHERE id = $1', [id]);
  return rows[0] && toStory(rows[0]);
}

/** Ids absorbed into each story (merges), for the stories asked. */
async function absorbedIdsOf(db: Queryable, storyIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (storyIds.length === 0) return out;
  const { rows } = await db.query<{ alias: string; story_id: string }>(
    'SELECT alias, story_id FROM story_aliases WHERE story_id = ANY($1::text[]) ORDER BY alias',
    [storyIds],
  );
  for (const r of rows) {
    const list = out.get(r.story_id) ?? [];
    list.push(r.alias);
    out.set(r.story_id, list);
  }
  return out;
}

/** A story with its representative and members. */
export async function getStoryWithItems(db: Queryable, id: string): Promise<StoryWithItems | undefined> {
  const story = await getStory(db, id);
  if (!story) return undefined;
  const items = await getStoryItems(db, id);
  const representative = items.find((i) => i.id === story.representativeItemId) ?? (await getItems(db, [story.representativeItemId]))[0];
  if (!representative) return undefined;
  return { ...story, representative, items, absorbedIds: (await absorbedIdsOf(db, [id])).get(id) ?? [] };
}

/**
 * Stories by id with their representatives and members, in three queries (four when a representative
 * is no member) whatever their number; ids that are no story are left out.
 */
export async function getStoriesWithItems(db: Queryable, ids: readonly string[]): Promise<Map<string, StoryWithItems>> {
  const out = new Map<string, StoryWithItems>();
  if (ids.length === 0) return out;
  const { rows } = await db.query<StoryRow>('SELECT * FROM stories WHERE id = ANY($1::text[])', [[...new Set(ids)]]);
  const stories = rows.map(toStory);
  const found = stories.map((s) => s.id);
  const members = await getItemsOfStories(db, found);
  const absorbed = await absorbedIdsOf(db, found);
  const missing = stories
    .filter((s) => !members.get(s.id)?.some((i) => i.id === s.representativeItemId))
    .map((s) => s.representativeItemId);
  const others = new Map((await getItems(db, missing)).map((i) => [i.id, i]));
  for (const story of stories) {
    const items = members.get(story.id) ?? [];
    const representative = items.find((i) => i.id === story.representativeItemId) ?? others.get(story.representativeItemId);
    if (representative) out.set(story.id, { ...story, representative, items, absorbedIds: absorbed.get(story.id) ?? [] });
  }
  return out;
}

/** Stories by id with their representative's source, content length and times. */
export async function storiesForPlacement(db: Queryable, ids: readonly string[]): Promise<Map<string, PlacedStory>> {
  const out = new Map<string, PlacedStory>();
  if (ids.length === 0) return out;
  const { rows } = await db.query<
    StoryRow & { source_id: string; content_length: number; rep_published: string | null; first_seen: string }
  >(
    `SELECT s.*, i.source_id, i.content_length, i.published AS rep_published, i.first_seen
     FROM stories s JOIN items i ON i.id = s.representative_item_id WHERE s.id = ANY($1::text[])`,
    [[...new Set(ids)]],
  );
  for (const row of rows) {
    out.set(row.id, {
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
 * the story's id, `published` for its time. Byte order ("C"), the same text as the SQLite store's.
 */
function listPlace(story: string, published: string): string {
  return `COALESCE((SELECT MAX((m.first_seen || ' ' || lpad((2147483647 - m.feed_position)::text, 10, '0')) COLLATE "C") FROM items m
    WHERE m.story_id = ${story} AND COALESCE(m.published, m.first_seen) = ${published}), '') COLLATE "C"`;
}

/**
 * Stories newest first, with members: by first-published time, then the latest poll's first, as their feeds
 * listed them (an undated feed's items share one poll's time), then by id.
 */
export async function listStories(db: Queryable, query: StoryQuery): Promise<ListedStory[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  if (query.sourceIds) where.push(`s.id IN (SELECT story_id FROM items WHERE source_id = ANY(${param([...query.sourceIds])}::text[]))`);
  if (query.publishedSince) where.push(`s.published >= ${param(query.publishedSince)}`);
  if (query.before) {
    // After the cursor story in the order below, by the place the cursor carries.
    const [published, place, id] = [param(query.before.published), param(query.before.place), param(query.before.id)];
    const own = listPlace('s.id', 's.published');
    where.push(`s.published <= ${published} AND (s.published < ${published} OR ${own} < ${place} OR (${own} = ${place} AND s.id < ${id}))`);
  }
  const sql = `SELECT s.*, ${listPlace('s.id', 's.published')} AS list_place FROM stories s ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY s.published DESC, list_place DESC, s.id DESC LIMIT ${param(query.limit)}`;
  const rows = (await db.query<StoryRow & { list_place: string }>(sql, params)).rows;
  const places = new Map(rows.map((r) => [r.id, r.list_place]));
  const stories = rows.map(toStory);
  const ids = stories.map((s) => s.id);
  const members = await getItemsOfStories(db, ids);
  const absorbed = await absorbedIdsOf(db, ids);
  const missing = stories
    .filter((s) => !members.get(s.id)?.some((i) => i.id === s.representativeItemId))
    .map((s) => s.representativeItemId);
  const others = new Map((await getItems(db, missing)).map((i) => [i.id, i]));
  return stories.flatMap((story) => {
    const items = members.get(story.id) ?? [];
    const representative = items.find((i) => i.id === story.representativeItemId) ?? others.get(story.representativeItemId);
    return representative
      ? [{ ...story, representative, items, absorbedIds: absorbed.get(story.id) ?? [], listPlace: places.get(story.id)! }]
      : [];
  });
}

/** How many stories there are. */
export async function countStories(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT COUNT(*) AS n FROM stories');
  return rows[0]!.n;
}

/** The story an absorbed id now lives in. */
export async function survivorOf(db: Queryable, id: string): Promise<string | undefined> {
  const { rows } = await db.query<{ story_id: string }>('SELECT story_id FROM story_aliases WHERE alias = $1', [id]);
  return rows[0]?.story_id;
}

/** Story ids merged since `query.since`, newest merge first; by the absorbed story's sources when asked. */
export async function absorbedSince(db: Queryable, query: AbsorbedQuery): Promise<AbsorbedStory[]> {
  const params: unknown[] = [query.since, query.limit];
  const param = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const bySource = query.sourceIds
    ? `AND EXISTS (SELECT 1 FROM json_array_elements_text(a.absorbed_sources::json) s WHERE s = ANY(${param([...query.sourceIds])}::text[]))`
    : '';
  let after = '';
  if (query.before) {
    const [at, published, id] = [param(query.before.absorbedAt), param(query.before.published), param(query.before.storyId)];
    after = `AND (a.absorbed_at < ${at} OR (a.absorbed_at = ${at} AND (a.absorbed_published < ${published}
      OR (a.absorbed_published = ${published} AND a.alias < ${id}))))`;
  }
  // A story stored before it was merged (its published time kept): one merged within a batch was never published.
  const { rows } = await db.query<AliasRow & { absorbed_at: string; absorbed_published: string }>(
    `SELECT ${ALIAS_COLUMNS} FROM story_aliases a
     WHERE a.absorbed_at >= $1 AND a.absorbed_published IS NOT NULL ${bySource} ${after}
     ORDER BY a.absorbed_at DESC, a.absorbed_published DESC, a.alias DESC LIMIT $2`,
    params,
  );
  return rows.map(toAbsorbedStory);
}

/** Every absorbed id with what its merge recorded, by id. */
export async function listAliases(db: Queryable): Promise<StoryAlias[]> {
  const { rows } = await db.query<AliasRow>(`SELECT ${ALIAS_COLUMNS} FROM story_aliases ORDER BY alias`);
  return rows.map(toStoryAlias);
}
