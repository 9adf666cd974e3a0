// What the story engine decided, applied: items' stories and matching links, story rows, merges
// (aliases), and the decisions table (why each item sits in its story, for `feedmerge explain`).
// Every statement is prepared once per connection: a batch applies thousands of rows.
import type { DedupDecision, DedupRule, PlacementBatch, StoryMerge } from '../../model.js';
import type { LinkedItem, StoryAlias } from '../store.js';
import { aliasItemsColumn, aliasSourcesColumn } from '../alias-rows.js';
import { statement, type Db } from './database.js';
import { saveStory } from './stories.js';
import { joinedColumns } from '../joined-columns.js';
import { mergeTimeOf } from '../merge-time.js';
import { NO_REPLACED } from '../item-rows.js';

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
 * decisions, then the stories a re-placement retired. A story saved is no one's alias any more (a
 * re-placement can undo a merge).
 */
export function applyPlacements(db: Db, batch: PlacementBatch): void {
  const mergedAt = mergeTimeOf(batch);
  const sources = absorbedSources(db, batch);
  for (const merge of batch.merges) absorb(db, merge, mergedAt, sources);
  // An item placed anew gets its story, link, pending state and what it joined in ONE row update: SQLite rewrites
  // the whole row (~2.4 KB with its body) for each UPDATE, so two statements cost two rewrites of the same row.
  const place = statement(
    db,
    `UPDATE items SET story_id = ?, link_key = ?, pending = 0, replaced_length = NULL, ${NO_REPLACED} WHERE id = ?`,
  );
  const placeJoined = statement(
    db,
    `UPDATE items SET story_id = ?, link_key = ?, pending = 0, replaced_length = NULL, ${NO_REPLACED}, joined_story = ?, joined_absorbed = ? WHERE id = ?`,
  );
  const move = statement(db, 'UPDATE items SET story_id = ?, link_key = ? WHERE id = ?');
  const moveJoined = statement(db, 'UPDATE items SET story_id = ?, link_key = ?, joined_story = ?, joined_absorbed = ? WHERE id = ?');
  const moveDecision = statement(db, 'UPDATE decisions SET story_id = ? WHERE item_id = ?');
  for (const p of batch.placements) {
    if (p.moved) {
      if (p.joined) moveJoined.run(p.storyId, p.linkKey, ...joinedColumns(p.joined), p.itemId);
      else move.run(p.storyId, p.linkKey, p.itemId);
      moveDecision.run(p.storyId, p.itemId);
    } else if (p.joined) placeJoined.run(p.storyId, p.linkKey, ...joinedColumns(p.joined), p.itemId);
    else place.run(p.storyId, p.linkKey, p.itemId);
  }
  const unalias = statement(db, 'DELETE FROM story_aliases WHERE alias = ?');
  for (const story of batch.stories) {
    saveStory(db, story);
    unalias.run(story.id);
  }
  // Positional binds: better-sqlite3 looks every named parameter up per row, and a named bind needed a copy of
  // each decision (its components as JSON). The same decision made again (a re-placement that left the item
  // where it was, for the same reasons) keeps the time it was first made: `explain` tells when that was.
  const save = statement(
    db,
    `INSERT INTO decisions (item_id, story_id, rule, score, matched_item_id, components, decided_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (item_id) DO UPDATE SET story_id = excluded.story_id, rule = excluded.rule, score = excluded.score,
       matched_item_id = excluded.matched_item_id, components = excluded.components, decided_at = excluded.decided_at
     WHERE decisions.story_id IS NOT excluded.story_id OR decisions.rule IS NOT excluded.rule
       OR decisions.score IS NOT excluded.score OR decisions.matched_item_id IS NOT excluded.matched_item_id
       OR decisions.components IS NOT excluded.components`,
  );
  for (const d of batch.decisions) {
    save.run(d.itemId, d.storyId, d.rule, d.score, d.matchedItemId, JSON.stringify(d.components), d.decidedAt);
  }
  for (const retired of batch.retired ?? []) absorb(db, retired, mergedAt, sources);
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
function absorbedSources(db: Db, batch: PlacementBatch): Map<string, AbsorbedMembers> {
  const read = statement<[string, string], AbsorbedMembers>(
    db,
    `SELECT (SELECT json_group_array(source_id) FROM (SELECT DISTINCT source_id FROM items WHERE story_id = ? ORDER BY source_id)) AS sources,
       (SELECT json_group_array(id) FROM (SELECT id FROM items WHERE story_id = ? ORDER BY id)) AS items`,
  );
  const out = new Map<string, AbsorbedMembers>();
  for (const { absorbed } of [...batch.merges, ...(batch.retired ?? [])]) {
    if (!out.has(absorbed)) out.set(absorbed, read.get(absorbed, absorbed)!);
  }
  return out;
}

/**
 * One story into another: its members, decisions and aliases move, its id becomes an alias, its row goes.
 * `mergedAt` dates the alias (the Atom tombstone's `when`), kept with the absorbed story's published time and
 * title (read before its row goes) and its members' sources and items as the batch found them (`members`); an
 * id already an alias keeps its first dates, sources and members: its entry left the outputs then.
 */
function absorb(db: Db, { absorbed, survivor }: StoryMerge, mergedAt: string | null, members: ReadonlyMap<string, AbsorbedMembers>): void {
  const found = members.get(absorbed);
  statement(
    db,
    `INSERT INTO story_aliases (alias, story_id, absorbed_at, absorbed_published, absorbed_sources, absorbed_title, absorbed_items)
     VALUES (?, ?, ?, (SELECT published FROM stories WHERE id = ?), ?, (SELECT title FROM stories WHERE id = ?), ?)
     ON CONFLICT (alias) DO UPDATE SET story_id = excluded.story_id, absorbed_at = COALESCE(story_aliases.absorbed_at, excluded.absorbed_at),
       absorbed_published = COALESCE(story_aliases.absorbed_published, excluded.absorbed_published),
       absorbed_sources = COALESCE(story_aliases.absorbed_sources, excluded.absorbed_sources),
       absorbed_title = COALESCE(story_aliases.absorbed_title, excluded.absorbed_title),
       absorbed_items = COALESCE(story_aliases.absorbed_items, excluded.absorbed_items)`,
  ).run(absorbed, survivor, mergedAt, absorbed, found?.sources ?? '[]', absorbed, found?.items ?? '[]');
  statement(db, 'UPDATE items SET story_id = ? WHERE story_id = ?').run(survivor, absorbed);
  statement(db, 'UPDATE decisions SET story_id = ? WHERE story_id = ?').run(survivor, absorbed);
  statement(db, 'UPDATE story_aliases SET story_id = ? WHERE story_id = ?').run(survivor, absorbed);
  statement(db, 'DELETE FROM stories WHERE id = ?').run(absorbed);
}

export function getDecision(db: Db, itemId: number): DedupDecision | undefined {
  const row = statement<[number], DecisionRow>(db, 'SELECT * FROM decisions WHERE item_id = ?').get(itemId);
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
export function linkedItems(db: Db, keys: readonly string[]): LinkedItem[] {
  const stmt = statement<[string], { id: number; source_id: string; story_id: string }>(
    db,
    'SELECT id, source_id, story_id FROM items WHERE link_key = ? AND story_id IS NOT NULL ORDER BY id LIMIT 50',
  );
  const out: LinkedItem[] = [];
  for (const key of new Set(keys)) {
    for (const r of stmt.all(key)) out.push({ itemId: r.id, sourceId: r.source_id, storyId: r.story_id, linkKey: key });
  }
  return out;
}

/** Every item's story, for recluster's before/after comparison. */
export function listItemStories(db: Db): Map<number, string | null> {
  const rows = statement<[], { id: number; story_id: string | null }>(db, 'SELECT id, story_id FROM items ORDER BY id').all();
  return new Map(rows.map((r) => [r.id, r.story_id]));
}

/** Forgets every placement (recluster replays them) and starts a new generation. */
export function clearPlacements(db: Db): void {
  db.exec(
    `UPDATE items SET story_id = NULL, link_key = NULL, pending = 1, replaced_length = NULL, ${NO_REPLACED}, joined_story = NULL, joined_absorbed = NULL
       WHERE story_id IS NOT NULL OR link_key IS NOT NULL OR pending != 1;
     DELETE FROM decisions; DELETE FROM stories; DELETE FROM story_aliases;
     UPDATE dedup_meta SET generation = generation + 1 WHERE id = 1;`,
  );
}

/** Writes absorbed ids as given, each replacing a row of its id (recluster, after its replay). */
export function saveAliases(db: Db, aliases: readonly StoryAlias[]): void {
  const save = statement(
    db,
    `INSERT INTO story_aliases (alias, story_id, absorbed_at, absorbed_published, absorbed_sources, absorbed_title, absorbed_items)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (alias) DO UPDATE SET story_id = excluded.story_id, absorbed_at = excluded.absorbed_at,
       absorbed_published = excluded.absorbed_published, absorbed_sources = excluded.absorbed_sources,
       absorbed_title = excluded.absorbed_title, absorbed_items = excluded.absorbed_items`,
  );
  for (const a of aliases) {
    save.run(a.storyId, a.survivorId, a.absorbedAt, a.published, aliasSourcesColumn(a.sources), a.title, aliasItemsColumn(a.memberIds));
  }
}

/** Bumped by every recluster. */
export function dedupGeneration(db: Db): number {
  return statement<[], { generation: number }>(db, 'SELECT generation FROM dedup_meta WHERE id = 1').get()!.generation;
}
