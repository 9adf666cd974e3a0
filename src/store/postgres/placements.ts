// What the story engine decided, applied: items' stories and matching links, story rows, merges
// (aliases), and the decisions table (why each item sits in its story, for `feedmerge explain`).
// Rows go in arrays (unnest), a few statements per batch whatever its size.
import type { DedupDecision, DedupRule, PlacementBatch, ReplacedVersion, StoryMerge } from '../../model.js';
import type { LinkedItem, StoryAlias } from '../store.js';
import { aliasItemsColumn, aliasSourcesColumn } from '../alias-rows.js';
import type { Queryable } from './connection.js';
import { saveStories } from './stories.js';
import { joinedColumns } from '../joined-columns.js';
import { mergeTimeOf } from '../merge-time.js';
import { NO_REPLACED } from '../item-rows.js';

/** A pending item as the placer read it: its revision then, and the fields its entry shows. */
export interface ReadRevision {
  revision: number;
  placed: ReplacedVersion;
}

interface DecisionRow {
  item_id: number;
  story_id: string;
  rule: string;
  score: number;
  matched_item_id: number | null;
  components: string;
  decided_at: string;
}

/**
 * Applies one batch (the caller holds the transaction): merges first, then placements, stories and
 * decisions, then the stories a re-placement retired. `revisions` holds the revision each item had
 * when the placer read it, and what it showed then: an item a poller changed since stays pending (as an
 * update of its new story), so the change is placed too, compared with the version placed now (not an
 * older one, which would move the story's `updated` again for a change nobody sees). A story saved is no one's alias any more (a re-placement can
 * undo a merge); an item only `moved` keeps its pending state.
 */
export async function applyPlacements(db: Queryable, batch: PlacementBatch, revisions: ReadonlyMap<number, ReadRevision>): Promise<void> {
  const mergedAt = mergeTimeOf(batch);
  const sources = await absorbedSources(db, batch);
  for (const merge of batch.merges) await absorb(db, merge, mergedAt, sources);
  // Last placement of an item wins, as row by row; rows in id order (fewer lock waits with pollers).
  const placements = [...new Map(batch.placements.map((p) => [p.itemId, p])).values()].sort((a, b) => a.itemId - b.itemId);
  const placed = placements.filter((p) => !p.moved);
  const moved = placements.filter((p) => p.moved);
  if (placed.length) {
    await db.query(
      `UPDATE items SET story_id = p.story_id, link_key = p.link_key,
         pending = CASE WHEN p.revision IS NULL OR items.revision = p.revision THEN 0 ELSE 2 END,
         replaced_length = CASE WHEN p.revision IS NULL OR items.revision = p.revision THEN NULL ELSE items.replaced_length END,
         replaced_title = CASE WHEN p.revision IS NULL OR items.revision = p.revision THEN NULL ELSE p.title END,
         replaced_summary = CASE WHEN p.revision IS NULL OR items.revision = p.revision THEN NULL ELSE p.summary END,
         replaced_url = CASE WHEN p.revision IS NULL OR items.revision = p.revision THEN NULL ELSE p.url END,
         replaced_published = CASE WHEN p.revision IS NULL OR items.revision = p.revision THEN NULL ELSE p.published END
       FROM unnest($1::bigint[], $2::text[], $3::text[], $4::integer[], $5::text[], $6::text[], $7::text[], $8::text[])
         AS p (id, story_id, link_key, revision, title, summary, url, published)
       WHERE items.id = p.id`,
      [
        placed.map((p) => p.itemId),
        placed.map((p) => p.storyId),
        placed.map((p) => p.linkKey),
        placed.map((p) => revisions.get(p.itemId)?.revision ?? null),
        placed.map((p) => revisions.get(p.itemId)?.placed.title ?? null),
        placed.map((p) => revisions.get(p.itemId)?.placed.summary ?? null),
        placed.map((p) => revisions.get(p.itemId)?.placed.url ?? null),
        placed.map((p) => revisions.get(p.itemId)?.placed.published ?? null),
      ],
    );
  }
  const joined = placements.filter((p) => p.joined);
  if (joined.length) {
    const columns = joined.map((p) => joinedColumns(p.joined!));
    await db.query(
      `UPDATE items SET joined_story = p.joined_story, joined_absorbed = p.joined_absorbed
       FROM unnest($1::bigint[], $2::text[], $3::text[]) AS p (id, joined_story, joined_absorbed) WHERE items.id = p.id`,
      [joined.map((p) => p.itemId), columns.map(([story]) => story), columns.map(([, absorbed]) => absorbed)],
    );
  }
  if (moved.length) {
    const rows = [moved.map((p) => p.itemId), moved.map((p) => p.storyId), moved.map((p) => p.linkKey)];
    await db.query(
      `UPDATE items SET story_id = p.story_id, link_key = p.link_key
       FROM unnest($1::bigint[], $2::text[], $3::text[]) AS p (id, story_id, link_key) WHERE items.id = p.id`,
      rows,
    );
    await db.query(
      `UPDATE decisions SET story_id = p.story_id FROM unnest($1::bigint[], $2::text[]) AS p (id, story_id)
       WHERE decisions.item_id = p.id`,
      rows.slice(0, 2),
    );
  }
  await saveStories(db, batch.stories);
  if (batch.stories.length) await db.query('DELETE FROM story_aliases WHERE alias = ANY($1::text[])', [batch.stories.map((s) => s.id)]);
  const decisions = [...new Map(batch.decisions.map((d) => [d.itemId, d])).values()];
  // The same decision made again (a re-placement that left the item where it was, for the same reasons)
  // keeps the time it was first made: `explain` tells when that was.
  if (decisions.length) {
    await db.query(
      `INSERT INTO decisions (item_id, story_id, rule, score, matched_item_id, components, decided_at)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::float8[], $5::bigint[], $6::text[], $7::text[])
       ON CONFLICT (item_id) DO UPDATE SET story_id = excluded.story_id, rule = excluded.rule, score = excluded.score,
         matched_item_id = excluded.matched_item_id, components = excluded.components, decided_at = excluded.decided_at
       WHERE (decisions.story_id, decisions.rule, decisions.score, decisions.matched_item_id, decisions.components)
         IS DISTINCT FROM (excluded.story_id, excluded.rule, excluded.score, excluded.matched_item_id, excluded.components)`,
      [
        decisions.map((d) => d.itemId),
        decisions.map((d) => d.storyId),
        decisions.map((d) => d.rule),
        decisions.map((d) => d.score),
        decisions.map((d) => d.matchedItemId),
        decisions.map((d) => JSON.stringify(d.components)),
        decisions.map((d) => d.decidedAt),
      ],
    );
  }
  for (const retired of batch.retired ?? []) await absorb(db, retired, mergedAt, sources);
}

/** What the batch found of a story it absorbs: its member sources and member item ids (JSON arrays). */
interface AbsorbedMembers {
  sources: string;
  items: string;
}

/**
 * The member sources and items of each story the batch absorbs, read before anything moves: a retired
 * story's founder has moved to the survivor by the time it is absorbed, and in a chain (A into B, then B into
 * C) B holds A's items by then; either way the outputs that carried the absorbed entry were these, and its
 * entry showed these members (an output's words are applied to them, deleted-entries.ts).
 */
async function absorbedSources(db: Queryable, batch: PlacementBatch): Promise<Map<string, AbsorbedMembers>> {
  const ids = [...new Set([...batch.merges, ...(batch.retired ?? [])].map((m) => m.absorbed))];
  if (ids.length === 0) return new Map();
  const { rows } = await db.query<{ story_id: string } & AbsorbedMembers>(
    `SELECT story_id, json_agg(DISTINCT source_id ORDER BY source_id)::text AS sources, json_agg(id ORDER BY id)::text AS items
     FROM items WHERE story_id = ANY($1::text[]) GROUP BY story_id`,
    [ids],
  );
  return new Map(rows.map((r) => [r.story_id, { sources: r.sources, items: r.items }]));
}

/**
 * One story into another: its members, decisions and aliases move, its id becomes an alias, its row goes.
 * `mergedAt` dates the alias (the Atom tombstone's `when`), kept with the absorbed story's published time and
 * title (read before its row goes) and its members' sources and items as the batch found them (`members`); an
 * id already an alias keeps its first dates, sources and members: its entry left the outputs then.
 */
async function absorb(
  db: Queryable,
  { absorbed, survivor }: StoryMerge,
  mergedAt: string | null,
  members: ReadonlyMap<string, AbsorbedMembers>,
): Promise<void> {
  const found = members.get(absorbed);
  await db.query(
    `INSERT INTO story_aliases (alias, story_id, absorbed_at, absorbed_published, absorbed_sources, absorbed_title, absorbed_items)
     VALUES ($1, $2, $3, (SELECT published FROM stories WHERE id = $1), $4, (SELECT title FROM stories WHERE id = $1), $5)
     ON CONFLICT (alias) DO UPDATE SET story_id = excluded.story_id, absorbed_at = COALESCE(story_aliases.absorbed_at, excluded.absorbed_at),
       absorbed_published = COALESCE(story_aliases.absorbed_published, excluded.absorbed_published),
       absorbed_sources = COALESCE(story_aliases.absorbed_sources, excluded.absorbed_sources),
       absorbed_title = COALESCE(story_aliases.absorbed_title, excluded.absorbed_title),
       absorbed_items = COALESCE(story_aliases.absorbed_items, excluded.absorbed_items)`,
    [absorbed, survivor, mergedAt, found?.sources ?? '[]', found?.items ?? '[]'],
  );
  await db.query('UPDATE items SET story_id = $1 WHERE story_id = $2', [survivor, absorbed]);
  await db.query('UPDATE decisions SET story_id = $1 WHERE story_id = $2', [survivor, absorbed]);
  await db.query('UPDATE story_aliases SET story_id = $1 WHERE story_id = $2', [survivor, absorbed]);
  await db.query('DELETE FROM stories WHERE id = $1', [absorbed]);
}

export async function getDecision(db: Queryable, itemId: number): Promise<DedupDecision | undefined> {
  const { rows } = await db.query<DecisionRow>('SELECT * FROM decisions WHERE item_id = $1', [itemId]);
  const row = rows[0];
  if (!row) return undefined;
  return {
    itemId: row.item_id,
    storyId: row.story_id,
    rule: row.rule as DedupRule,
    score: row.score,
    matchedItemId: row.matched_item_id,
    components: JSON.parse(row.components) as DedupDecision['components'],
    decidedAt: row.decided_at,
  };
}

/** Placed items (any time) whose matching link is one of `keys`, at most 50 per key, oldest first. */
export async function linkedItems(db: Queryable, keys: readonly string[]): Promise<LinkedItem[]> {
  const unique = [...new Set(keys)];
  if (unique.length === 0) return [];
  const { rows } = await db.query<{ id: number; source_id: string; story_id: string; link_key: string }>(
    `SELECT i.id, i.source_id, i.story_id, i.link_key
     FROM unnest($1::text[]) WITH ORDINALITY AS k (key, n)
     CROSS JOIN LATERAL (
       SELECT id, source_id, story_id, link_key FROM items WHERE link_key = k.key AND story_id IS NOT NULL ORDER BY id LIMIT 50
     ) i
     ORDER BY k.n, i.id`,
    [unique],
  );
  return rows.map((r) => ({ itemId: r.id, sourceId: r.source_id, storyId: r.story_id, linkKey: r.link_key }));
}

/** Every item's story, for recluster's before/after comparison. */
export async function listItemStories(db: Queryable): Promise<Map<number, string | null>> {
  const { rows } = await db.query<{ id: number; story_id: string | null }>('SELECT id, story_id FROM items ORDER BY id');
  return new Map(rows.map((r) => [r.id, r.story_id]));
}

/** Forgets every placement (recluster replays them) and starts a new generation, which it returns. */
export async function clearPlacements(db: Queryable): Promise<number> {
  await db.query(
    `UPDATE items SET story_id = NULL, link_key = NULL, pending = 1, replaced_length = NULL, ${NO_REPLACED},
       joined_story = NULL, joined_absorbed = NULL
     WHERE story_id IS NOT NULL OR link_key IS NOT NULL OR pending <> 1`,
  );
  await db.query('DELETE FROM decisions');
  await db.query('DELETE FROM stories');
  await db.query('DELETE FROM story_aliases');
  const { rows } = await db.query<{ generation: number }>(
    'UPDATE dedup_meta SET generation = generation + 1 WHERE id = 1 RETURNING generation',
  );
  return rows[0]!.generation;
}

/** Writes absorbed ids as given, each replacing a row of its id (recluster, after its replay). */
export async function saveAliases(db: Queryable, aliases: readonly StoryAlias[]): Promise<void> {
  // Last row of an id wins, as row by row (ON CONFLICT cannot touch one row twice in a statement).
  const rows = [...new Map(aliases.map((a) => [a.storyId, a])).values()];
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO story_aliases (alias, story_id, absorbed_at, absorbed_published, absorbed_sources, absorbed_title, absorbed_items)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
     ON CONFLICT (alias) DO UPDATE SET story_id = excluded.story_id, absorbed_at = excluded.absorbed_at,
       absorbed_published = excluded.absorbed_published, absorbed_sources = excluded.absorbed_sources,
       absorbed_title = excluded.absorbed_title, absorbed_items = excluded.absorbed_items`,
    [
      rows.map((a) => a.storyId),
      rows.map((a) => a.survivorId),
      rows.map((a) => a.absorbedAt),
      rows.map((a) => a.published),
      rows.map((a) => aliasSourcesColumn(a.sources)),
      rows.map((a) => a.title),
      rows.map((a) => aliasItemsColumn(a.memberIds)),
    ],
  );
}

/** Bumped by every recluster. */
export async function dedupGeneration(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ generation: number }>('SELECT generation FROM dedup_meta WHERE id = 1');
  return rows[0]!.generation;
}
