// Entry point of the story engine for one ingested feed: places every new or updated item in
// a story, in one transaction, and records why.
import type { DedupDecision, StoredItem } from '../model.js';
import type { Db } from '../store/database.js';
import { inTransaction } from '../store/database.js';
import { getDecision } from '../store/decisions.js';
import { dataVersion, dedupGeneration } from '../store/dedup-index.js';
import { getItems, iteratePlacedItemsSince } from '../store/items.js';
import type { DedupContext } from './dedup-context.js';
import { itemFeatures } from './item-features.js';
import { placeNewItem, placeUpdatedItem, type Placement } from './place-item.js';
import { emptyWindowIndex, indexItem, pruneWindowIndex, windowCutoff, type WindowIndex } from './window-index.js';

export type { DedupContext } from './dedup-context.js';

const HOUR = 3_600_000;
// One index per open database, with the data_version it has seen; rebuilt when a recluster
// (another generation) or a failed transaction makes it untrustworthy.
const indexes = new WeakMap<Db, { index: WindowIndex; dataVersion: number }>();

/**
 * Loads the placed items of the window into `index` (all of them, or only ids above its
 * high-water mark), recomputing their features: nothing per item is stored for the matcher.
 */
export function loadWindow(db: Db, index: WindowIndex, context: DedupContext, cutoffMs: number): void {
  // An item's window time is never more than an hour after its first sight (itemTimeMs).
  const firstSeenFrom = new Date(cutoffMs - HOUR).toISOString();
  for (const item of iteratePlacedItemsSince(db, firstSeenFrom, index.maxItemId)) {
    const source = context.sources.get(item.sourceId);
    const f = source?.dedup === false ? undefined : itemFeatures(item, source?.language ?? null);
    if (!f || f.atMs < cutoffMs) {
      index.maxItemId = Math.max(index.maxItemId, item.id);
      continue;
    }
    indexItem(index, f, item.storyId!);
  }
}

function windowIndexFor(db: Db, context: DedupContext, cutoffMs: number): WindowIndex {
  // Only another connection's commit (a recluster, a second poller) can make the index stale;
  // data_version says whether there was one, without reading any table.
  const version = dataVersion(db);
  let entry = indexes.get(db);
  if (!entry || entry.dataVersion !== version) {
    const generation = dedupGeneration(db);
    if (!entry || entry.index.generation !== generation) {
      entry = { index: emptyWindowIndex(generation), dataVersion: version };
      indexes.set(db, entry);
    }
    entry.dataVersion = version;
    loadWindow(db, entry.index, context, cutoffMs);
  }
  pruneWindowIndex(entry.index, cutoffMs);
  return entry.index;
}

/**
 * Builds the window index of `db` from the stored items of the window now (features recomputed)
 * and returns how many items it holds: what the first collapse after a start does anyway.
 */
export function rebuildWindowIndex(db: Db, context: DedupContext): number {
  forgetWindowIndex(db);
  const cutoffMs = windowCutoff(Date.parse(context.now), context.settings.windowHours);
  return inTransaction(db, () => windowIndexFor(db, context, cutoffMs)).items.size;
}

/** Installs an index built elsewhere (recluster) as the one for `db`. */
export function adoptWindowIndex(db: Db, index: WindowIndex): void {
  indexes.set(db, { index, dataVersion: dataVersion(db) });
}

/** Forgets the in-memory index of `db` (it is rebuilt from the database on next use). */
export function forgetWindowIndex(db: Db): void {
  indexes.delete(db);
}

/** What collapse is asked to place; `stored` and `replaced` (from ingestItems) save reading the items back. */
export interface CollapseInput {
  newItemIds: readonly number[];
  updatedItemIds: readonly number[];
  /** Items as stored, by id; ids missing here are read from the database. */
  stored?: ReadonlyMap<number, StoredItem>;
  /** The versions updated items replaced, by id (to tell a fuller version). */
  replaced?: ReadonlyMap<number, StoredItem>;
}

/**
 * Places the items one ingest created or changed, in ingest order, in one transaction:
 * updated items stay in their story, new ones join the best matching story or found one.
 */
export function collapseItems(db: Db, ingest: CollapseInput, context: DedupContext): DedupDecision[] {
  const nowMs = Date.parse(context.now);
  const cutoffMs = windowCutoff(nowMs, context.settings.windowHours);
  try {
    return inTransaction(db, () => {
      const placement: Placement = {
        db,
        index: windowIndexFor(db, context, cutoffMs),
        context,
        windowMs: context.settings.windowHours * HOUR,
        decidedAt: context.now,
        storyClock: context.now,
      };
      const decisions: DedupDecision[] = [];
      for (const item of storedItems(db, ingest.updatedItemIds, ingest.stored)) {
        const previous = getDecision(db, item.id);
        decisions.push(placeUpdatedItem(placement, item, carriedOver(previous), ingest.replaced?.get(item.id)));
      }
      for (const item of storedItems(
        db,
        [...ingest.newItemIds].sort((a, b) => a - b),
        ingest.stored,
      ))
        decisions.push(placeNewItem(placement, item));
      return decisions;
    });
  } catch (error) {
    // The transaction rolled back, but the in-memory index may already hold its items.
    forgetWindowIndex(db);
    throw error;
  }
}

function storedItems(db: Db, ids: readonly number[], stored: ReadonlyMap<number, StoredItem> | undefined): StoredItem[] {
  if (!stored) return getItems(db, ids);
  const missing = ids.filter((id) => !stored.has(id));
  const read = missing.length ? new Map(getItems(db, missing).map((i) => [i.id, i])) : undefined;
  return ids.flatMap((id) => {
    const item = stored.get(id) ?? read?.get(id);
    return item ? [item] : [];
  });
}

/** For an item updated again, keep the decision that first placed it, not the last 'same-item'. */
function carriedOver(previous: DedupDecision | undefined): DedupDecision | undefined {
  if (!previous || previous.rule !== 'same-item' || typeof previous.components['previousRule'] !== 'string') return previous;
  return {
    ...previous,
    rule: previous.components['previousRule'] as DedupDecision['rule'],
    score: Number(previous.components['previousScore'] ?? 0),
    matchedItemId: Number(previous.components['previousMatchedItemId'] ?? -1),
  };
}
