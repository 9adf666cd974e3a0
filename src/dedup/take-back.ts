// Taking placements back: what the story engine remembers of each placement (the window index's
// changes and the story rows as they were), what a take-back restores, and the batch that places
// the taken-back items again, completed with what taking them back changed.
import type { DedupDecision, PendingItem, PlacedItem, PlacementBatch, StoryMerge } from '../model.js';
import type { ItemFeatures } from './item-features.js';
import type { HeldStory, ScoredMargin } from './place-item.js';
import { storyIdFor } from './story-id.js';
import type { IndexChange } from './window-index.js';

/** One placement as the engine remembers it, to take it back when a late item sorts before it. */
export interface LoggedPlacement {
  itemId: number;
  atMs: number;
  sourceId: string;
  key: string;
  /** Placements the engine had made with this one (the window's prunes are numbered by it). */
  loggedAt: number;
  /** What placing it changed in the window index. */
  changes: IndexChange[];
  /** Each story it changed as it was before (null: it founded the story). */
  before: Map<string, HeldStory | null>;
  /**
   * A story founded in the same run (never stored, `from`) that this placement gave the published id of
   * the story it had founded before (`to`, see keptId): what a take-back undoes, and then that story is unstored again.
   */
  renamed?: { from: string; to: string };
  /** Placed by `place` (not replayed): what it decided, read to re-apply it (`reapplicable`). */
  decided?: DecidedPlacement;
}

/** A placement's decision as made, with what it was read against. */
export interface DecidedPlacement {
  /** A copy as decided (the batch's own row is re-pointed by later merges). */
  decision: DedupDecision;
  /** The features it was placed with (the same object while the item is unchanged, recent-features.ts). */
  features: ItemFeatures;
  /** For a scored decision: how near it came to going otherwise. */
  margin?: ScoredMargin;
  /** Window items of its language when it was scored: term weights move with it. */
  languageItems: number;
}

/** Placements taken back (`takeBack`), for the `place` call that places them again. */
export interface TakenBack {
  itemIds: ReadonlySet<number>;
  /** Stories as they were before the first taken-back placement changed them (null: founded by one). */
  restored: Map<string, HeldStory | null>;
  /** Items a taken-back merge had moved (they are back in their own story). */
  moved: number[];
  /** Stories a taken-back merge had absorbed: they come back only with members in the window. */
  unmerged: ReadonlySet<string>;
  /** Stories a taken-back placement had renamed to a published id: never stored under their own id. */
  renamed: ReadonlySet<string>;
  /** The taken-back placements as logged, by item. */
  entries: ReadonlyMap<number, LoggedPlacement>;
}

/** A scored decision is re-applied only this far below the threshold: the scores move a little with the term weights. */
export const REAPPLY_SCORE_MARGIN = 0.05;
/** …and only while every term's weight moved at most this many bits (its language's window count, see term-weights.ts). */
export const REAPPLY_MAX_SHIFT_BITS = 0.1;
/** The smallest pseudo-count term-weights.ts blends in: the weight shift is bounded with it. */
const SMALLEST_PRIOR_COUNT = 200;

/**
 * Whether a taken-back placement that nothing reached (replacement-reach.ts) can be re-applied without scoring: its
 * decision read no weights (same link, same title, opted-out), or it founded a story with every candidate far below
 * the threshold while term weights moved little (a term's weight is log2 of its language's window items plus a
 * pseudo-count, less a part that moves only with the term's own count). A merge, a join by score or a published id
 * kept is always scored again. (The caller checks that its lookup leads to the same candidates, none reached.)
 */
export function reapplicable(decided: DecidedPlacement, threshold: number, languageItemsNow: number): boolean {
  const { rule, components } = decided.decision;
  if (components['mergedStories'] !== undefined || components['keptStoryId'] !== undefined) return false;
  if (rule === 'same-link' || rule === 'same-title' || rule === 'opted-out') return true;
  if (rule !== 'new-story' || !decided.margin) return false;
  const shift = Math.abs(Math.log2((languageItemsNow + SMALLEST_PRIOR_COUNT) / (decided.languageItems + SMALLEST_PRIOR_COUNT)));
  return shift <= REAPPLY_MAX_SHIFT_BITS && decided.margin.topScore <= threshold - REAPPLY_SCORE_MARGIN;
}

/**
 * The published id a re-placed item keeps for the story it joins (`ownId`, see below), or undefined:
 * when the item had founded a story that is stored (its earlier placement, now taken back, founded
 * it) and joins a story founded in this run and never stored, that story takes the stored id, as the
 * older id survives a merge, so readers never see the story again under a new id. When several such
 * items join one new story, the first placed (the oldest founder) gives it its id; the others' stories
 * are retired into it as today (`withTakenBack`).
 */
export function keptId(
  takenBack: TakenBack,
  item: { id: number; sourceId: string; key: string },
  joined: string,
  unstored: ReadonlySet<string>,
): string | undefined {
  if (!takenBack.itemIds.has(item.id)) return undefined;
  const own = storyIdFor(item.sourceId, item.key);
  // A story's id a taken-back placement had renamed away was never stored either.
  const stored = takenBack.restored.get(own) === null && !takenBack.renamed.has(own);
  return own !== joined && stored && unstored.has(joined) ? own : undefined;
}

/** A row for story `id` represented by `item`, its first member in the window (what a replayed window knows of it). */
export function foundedBy(id: string, item: PlacedItem, f: ItemFeatures, priority: number): HeldStory {
  return {
    story: {
      id,
      representativeItemId: item.id,
      title: item.title,
      url: item.url,
      published: item.published ?? item.firstSeen,
      updated: item.firstSeen,
    },
    representative: { itemId: item.id, priority, contentLength: f.contentLength, atMs: f.atMs },
    windowMembers: 0,
  };
}

/**
 * A batch that placed taken-back items again, completed with what taking them back changed: stories
 * they had changed and no longer do (their earlier row, `updated` now), and stories one of them had
 * founded that no longer exist, retired into the story their founder is in now (like a merge).
 */
export function withTakenBack(
  batch: PlacementBatch,
  takenBack: TakenBack,
  items: readonly PendingItem[],
  now: string,
  inWindow: (storyId: string) => boolean,
): PlacementBatch {
  const rows = new Map(batch.stories.map((s) => [s.id, s]));
  const absorbed = new Set(batch.merges.map((m) => m.absorbed));
  const storyOf = new Map(batch.placements.map((p) => [p.itemId, p.storyId]));
  const founders = new Map<string, number>();
  for (const item of items) if (takenBack.itemIds.has(item.id)) founders.set(storyIdFor(item.sourceId, item.key), item.id);
  const retired: StoryMerge[] = [];
  for (const [id, held] of takenBack.restored) {
    // An absorbed story without members in the window stays absorbed (its older members are the survivor's).
    if (rows.has(id) || absorbed.has(id) || (takenBack.unmerged.has(id) && !inWindow(id))) continue;
    if (held) rows.set(id, { ...held.story, updated: held.story.updated > now ? held.story.updated : now });
    else if (!takenBack.renamed.has(id)) {
      // (A story a taken-back placement had renamed was never stored: nothing to retire.)
      const founder = founders.get(id);
      const survivor = founder === undefined ? undefined : storyOf.get(founder);
      if (survivor && survivor !== id) retired.push({ absorbed: id, survivor });
    }
  }
  return { ...batch, stories: [...rows.values()], retired };
}
