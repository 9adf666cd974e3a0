// Entry point of the story engine for one ingested feed: places every new or updated item in
// a story, in one transaction, and records why.
import type { DedupDecision } from '../model.js';
import type { Db } from '../store/database.js';
import { inTransaction } from '../store/database.js';
import { getDecision } from '../store/decisions.js';
import { dedupGeneration, listItemFeaturesSince, maxFeaturesItemId } from '../store/dedup-index.js';
import { getItems } from '../store/items.js';
import type { DedupContext } from './dedup-context.js';
import { parseFeatures, placeNewItem, placeUpdatedItem, type Placement } from './place-item.js';
import { emptyWindowIndex, indexItem, pruneWindowIndex, type WindowIndex } from './window-index.js';

export type { DedupContext } from './dedup-context.js';

const HOUR = 3_600_000;
// One index per open database; rebuilt when a recluster (another generation) or a failed
// transaction makes it untrustworthy.
const indexes = new WeakMap<Db, WindowIndex>();

/** Oldest window time still worth indexing at `nowMs` (an hour of slack for clock skew between feeds). */
export function windowCutoff(nowMs: number, windowHours: number): number {
  return nowMs - windowHours * HOUR - HOUR;
}

/** Loads features rows of the window into `index` (all of them, or only ids above its high-water mark). */
export function loadWindow(db: Db, index: WindowIndex, context: DedupContext, cutoffMs: number): void {
  for (const row of listItemFeaturesSince(db, cutoffMs, index.maxItemId)) {
    if (!row.storyId || context.sources.get(row.sourceId)?.dedup === false) {
      index.maxItemId = Math.max(index.maxItemId, row.itemId);
      continue;
    }
    indexItem(index, parseFeatures(row.features), row.storyId);
  }
}

function windowIndexFor(db: Db, context: DedupContext, cutoffMs: number): WindowIndex {
  const generation = dedupGeneration(db);
  let index = indexes.get(db);
  if (!index || index.generation !== generation) {
    index = emptyWindowIndex(generation);
    indexes.set(db, index);
    loadWindow(db, index, context, cutoffMs);
  } else if (maxFeaturesItemId(db) > index.maxItemId) {
    loadWindow(db, index, context, cutoffMs);
  }
  pruneWindowIndex(index, cutoffMs);
  return index;
}

/** Installs an index built elsewhere (recluster) as the one for `db`. */
export function adoptWindowIndex(db: Db, index: WindowIndex): void {
  indexes.set(db, index);
}

/** Forgets the in-memory index of `db` (it is rebuilt from the database on next use). */
export function forgetWindowIndex(db: Db): void {
  indexes.delete(db);
}

/**
 * Places the items one ingest created or changed, in ingest order, in one transaction:
 * updated items stay in their story, new ones join the best matching story or found one.
 */
export function collapseItems(db: Db, ingest: { newItemIds: number[]; updatedItemIds: number[] }, context: DedupContext): DedupDecision[] {
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
      for (const item of getItems(db, ingest.updatedItemIds)) {
        const previous = getDecision(db, item.id);
        decisions.push(placeUpdatedItem(placement, item, carriedOver(previous)));
      }
      for (const item of getItems(
        db,
        [...ingest.newItemIds].sort((a, b) => a - b),
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
