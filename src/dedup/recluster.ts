// Replays every stored item in ingest order with the current settings: what `feedmerge
// recluster` runs after a threshold change. Story ids survive because they come from the
// founding item (storyIdFor), which the replay finds again.
import type { Db } from '../store/database.js';
import { inTransaction } from '../store/database.js';
import { bumpDedupGeneration, clearPlacements, dedupGeneration, deleteEmptyStories, listItemStories } from '../store/dedup-index.js';
import { iterateItems } from '../store/items.js';
import { getStory, saveStory } from '../store/stories.js';
import type { DedupContext } from './dedup-context.js';
import { adoptWindowIndex, forgetWindowIndex } from './collapse-items.js';
import { placeNewItem, type Placement } from './place-item.js';
import { emptyWindowIndex, pruneWindowIndex, windowCutoff } from './window-index.js';

export interface ReclusterChange {
  itemId: number;
  itemTitle: string;
  /** The item it is (gained) or was (lost) merged with: the founder of that story. */
  otherItemId: number;
  otherTitle: string;
}

export interface ReclusterReport {
  dryRun: boolean;
  items: number;
  storiesBefore: number;
  storiesAfter: number;
  /** Items now in a story with a founder they were not with before. */
  mergesGained: ReclusterChange[];
  /** Items no longer with the founder of the story they were in. */
  mergesLost: ReclusterChange[];
  settings: DedupContext['settings'];
}

class DryRunRollback extends Error {}

/** Replays every stored item in id (ingest) order; applies the result unless `dryRun` (then nothing is written). */
export function recluster(db: Db, context: DedupContext, options: { dryRun: boolean }): ReclusterReport {
  const before = listItemStories(db);
  const storiesBefore = new Set([...before.values()].filter((s): s is string => s !== null)).size;
  const oldStories = new Map<string, { updated: string }>();
  for (const id of new Set(before.values())) {
    const story = id ? getStory(db, id) : undefined;
    if (story) oldStories.set(story.id, { updated: story.updated });
  }
  let report: ReclusterReport | undefined;
  const generation = dedupGeneration(db);
  const index = emptyWindowIndex(generation + 1);
  try {
    inTransaction(db, () => {
      clearPlacements(db);
      bumpDedupGeneration(db);
      const titles = new Map<number, string>();
      let items = 0;
      for (const item of iterateItems(db)) {
        items++;
        titles.set(item.id, item.title);
        // The replay's clock is when the item was first seen, so the window means what it meant then.
        const seenMs = Date.parse(item.firstSeen);
        pruneWindowIndex(index, windowCutoff(seenMs, context.settings.windowHours));
        const placement: Placement = {
          db,
          index,
          context,
          windowMs: context.settings.windowHours * 3_600_000,
          decidedAt: context.now,
          storyClock: item.firstSeen,
        };
        placeNewItem(placement, item);
      }
      const after = listItemStories(db);
      // A story whose membership changed moves its `updated` to now; an unchanged one keeps its old value.
      const membersBefore = groupByStory(before);
      const membersAfter = groupByStory(after);
      for (const [storyId, members] of membersAfter) {
        const old = membersBefore.get(storyId);
        const story = getStory(db, storyId);
        if (!story) continue;
        const same = old !== undefined && old.length === members.length && old.every((id, i) => id === members[i]);
        const updated = same ? (oldStories.get(storyId)?.updated ?? story.updated) : context.now;
        if (updated !== story.updated) saveStory(db, { ...story, updated });
      }
      deleteEmptyStories(db);
      const founderBefore = founders(membersBefore);
      const founderAfter = founders(membersAfter);
      const mergesGained: ReclusterChange[] = [];
      const mergesLost: ReclusterChange[] = [];
      for (const [itemId, storyAfter] of after) {
        const storyBefore = before.get(itemId) ?? null;
        const newFounder = storyAfter ? founderAfter.get(storyAfter) : undefined;
        if (newFounder !== undefined && newFounder !== itemId && (storyBefore === null || before.get(newFounder) !== storyBefore)) {
          mergesGained.push({
            itemId,
            itemTitle: titles.get(itemId) ?? '',
            otherItemId: newFounder,
            otherTitle: titles.get(newFounder) ?? '',
          });
        }
        const oldFounder = storyBefore ? founderBefore.get(storyBefore) : undefined;
        if (oldFounder !== undefined && oldFounder !== itemId && after.get(oldFounder) !== storyAfter) {
          mergesLost.push({
            itemId,
            itemTitle: titles.get(itemId) ?? '',
            otherItemId: oldFounder,
            otherTitle: titles.get(oldFounder) ?? '',
          });
        }
      }
      report = {
        dryRun: options.dryRun,
        items,
        storiesBefore,
        storiesAfter: membersAfter.size,
        mergesGained,
        mergesLost,
        settings: context.settings,
      };
      if (options.dryRun) throw new DryRunRollback();
    });
  } catch (error) {
    if (!(error instanceof DryRunRollback)) {
      forgetWindowIndex(db);
      throw error;
    }
  }
  if (options.dryRun) {
    // Nothing was written; the live index (if any) is still right.
  } else {
    // Keep only the window of the present in the adopted index.
    pruneWindowIndex(index, windowCutoff(Date.parse(context.now), context.settings.windowHours));
    index.generation = dedupGeneration(db);
    adoptWindowIndex(db, index);
  }
  return report!;
}

function groupByStory(placement: Map<number, string | null>): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  for (const [itemId, storyId] of placement) {
    if (!storyId) continue;
    const list = groups.get(storyId);
    if (list) list.push(itemId);
    else groups.set(storyId, [itemId]);
  }
  return groups;
}

/** A story's founder: its lowest item id (ids follow ingest order). */
function founders(groups: Map<string, number[]>): Map<string, number> {
  return new Map([...groups].map(([storyId, ids]) => [storyId, ids.reduce((a, b) => (b < a ? b : a))]));
}
