// The story engine: takes items, returns decisions. It owns its window (the matching index over
// the last `windowHours` and the stories of the items in it) and never touches the store; the
// caller (place-pending.ts) fetches what a batch needs and applies what the engine decided.
import type { DedupDecision, MatchableItem, PendingItem, PlacementBatch, Story, StoryMerge } from '../model.js';
import type { LinkedItem, PlacedStory } from '../store/store.js';
import { betterRepresentative } from './choose-representative.js';
import { itemFeatures, itemTimeMs } from './item-features.js';
import { matchingLink } from './matching-link.js';
import {
  heldFromStore,
  linksOf,
  placeNewItem,
  placeUpdatedItem,
  type EngineSettings,
  type HeldStory,
  type Placement,
} from './place-item.js';
import {
  emptyWindowIndex,
  indexItem,
  mergeStories,
  pruneWindowIndex,
  resolveStory,
  windowCutoff,
  type WindowIndex,
} from './window-index.js';

export type { EngineSettings, SourceSettings } from './place-item.js';

const HOUR = 3_600_000;

/** What the caller fetched from the store for one batch. */
export interface PlacementContext {
  /** When the decisions are made (ISO UTC); the clock is read by the caller. */
  now: string;
  /** Placed items sharing a matching link with an item of the batch (`linkKeys`). */
  linked: readonly LinkedItem[];
  /** Stories the batch may touch that the engine does not hold (`storiesNeeded`). */
  stories: ReadonlyMap<string, PlacedStory>;
  /** The decisions that first placed the batch's updated items, so `explain` keeps the original rule. */
  decisions: ReadonlyMap<number, DedupDecision>;
  /** Replay (recluster): a story's `updated` is the item's first sight rather than now. */
  replay?: boolean;
}

export class StoryEngine {
  private index: WindowIndex = emptyWindowIndex();
  private held = new Map<string, HeldStory>();
  /** The store generation the window was built under (null: not built yet). */
  generation: number | null = null;

  constructor(private settings: EngineSettings) {}

  /** New settings (a reloaded config); the window stays. */
  configure(settings: EngineSettings): void {
    this.settings = settings;
  }

  /** Forgets the window: the next use rebuilds it from the store. */
  reset(): void {
    this.index = emptyWindowIndex();
    this.held = new Map();
    this.generation = null;
  }

  /** Items in the window now. */
  get windowSize(): number {
    return this.index.items.size;
  }

  /** The earliest first-seen time (ISO) of an item the window at `now` can hold: an item's window time is never more than an hour after its first sight. */
  windowStart(now: string): string {
    return new Date(windowCutoff(Date.parse(now), this.settings.windowHours) - HOUR).toISOString();
  }

  /**
   * Builds the window from the placed items of the store (first seen since `windowStart`, in
   * id order) and the stories they are in. Matching features are recomputed: nothing per item
   * is stored for the matcher, so they can never disagree with its code.
   */
  rebuild(items: Iterable<MatchableItem>, stories: ReadonlyMap<string, PlacedStory>, now: string, generation: number): void {
    this.reset();
    const cutoffMs = windowCutoff(Date.parse(now), this.settings.windowHours);
    for (const item of items) {
      if (!item.storyId || this.settings.sources.get(item.sourceId)?.dedup === false) continue;
      const f = itemFeatures(item, this.settings.sources.get(item.sourceId)?.language ?? null);
      if (f.atMs < cutoffMs) continue;
      const placed = stories.get(item.storyId);
      let held = this.held.get(item.storyId);
      if (!held && placed) this.held.set(item.storyId, (held = heldFromStore(placed, this.settings)));
      if (!held) continue;
      held.windowMembers++;
      indexItem(this.index, f, item.storyId);
    }
    this.generation = generation;
  }

  /**
   * The order items are placed in: by window time, then source and key. The same items give the
   * same stories whatever order their feeds arrived in (sources are fetched in parallel).
   */
  order<T extends PendingItem>(items: readonly T[]): T[] {
    return items
      .map((item) => ({ item, at: itemTimeMs(item) }))
      .sort((a, b) => a.at - b.at || compare(a.item.sourceId, b.item.sourceId) || compare(a.item.key, b.item.key))
      .map(({ item }) => item);
  }

  /** The matching links of `items`, for the caller to fetch the placed items sharing them. */
  linkKeys(items: readonly PendingItem[]): string[] {
    const keys = new Set<string>();
    for (const item of items) {
      const key = matchingLink(item.canonicalUrl ?? item.url);
      if (key) keys.add(key);
    }
    return [...keys];
  }

  /**
   * Story ids a batch placed at `now` may need that the engine does not hold: updated items'
   * stories and linked items' stories. The window moves to `now` first, so what it drops is asked for.
   */
  storiesNeeded(items: readonly PendingItem[], linked: readonly LinkedItem[], now: string): string[] {
    this.prune(windowCutoff(Date.parse(now), this.settings.windowHours));
    const ids = new Set<string>();
    for (const item of items) if (item.storyId && !this.held.has(item.storyId)) ids.add(item.storyId);
    for (const l of linked) if (!this.held.has(l.storyId)) ids.add(l.storyId);
    return [...ids];
  }

  /** Places `items` in this order (see `order`) and returns what to store. */
  place(items: readonly PendingItem[], context: PlacementContext): PlacementBatch {
    const nowMs = Date.parse(context.now);
    const cutoffMs = windowCutoff(nowMs, this.settings.windowHours);
    this.prune(cutoffMs);
    const touched = new Map<string, HeldStory>();
    const merges: StoryMerge[] = [];
    const placement: Placement = {
      index: this.index,
      settings: this.settings,
      windowMs: this.settings.windowHours * HOUR,
      cutoffMs,
      decidedAt: context.now,
      storyClock: context.replay ? (item) => item.firstSeen : () => context.now,
      story: (raw) => {
        const id = resolveStory(this.index, raw);
        const known = touched.get(id) ?? this.held.get(id);
        if (known) return known;
        const placed = context.stories.get(id) ?? context.stories.get(raw);
        return placed && heldFromStore(placed, this.settings);
      },
      keepStory: (held) => {
        touched.set(held.story.id, held);
        if (held.windowMembers > 0) this.held.set(held.story.id, held);
      },
      merge: (survivor, absorbed) => {
        const from = absorbed.story.id;
        const into = survivor.story.id;
        mergeStories(this.index, into, from);
        merges.push({ absorbed: from, survivor: into });
        touched.delete(from);
        this.held.delete(from);
        // Rows of this batch that named the absorbed story name the survivor (the store applies merges first).
        for (const row of placement.placements) if (row.storyId === from) row.storyId = into;
        for (const d of placement.decisions) if (d.storyId === from) d.storyId = into;
        for (const list of placement.links.values()) for (const l of list) if (l.storyId === from) l.storyId = into;
        const merged = mergedStory(survivor, absorbed);
        placement.keepStory(merged);
        return merged;
      },
      links: linksOf(context.linked),
      placements: [],
      decisions: [],
    };
    for (const item of items) {
      if (item.pending === 'updated') placeUpdatedItem(placement, item, carriedOver(context.decisions.get(item.id)));
      else placeNewItem(placement, item);
    }
    const stories: Story[] = [...touched.values()].map((h) => h.story);
    return { placements: placement.placements, stories, merges, decisions: placement.decisions };
  }

  /** Drops items (and stories left without window members) older than the window. */
  private prune(cutoffMs: number): void {
    pruneWindowIndex(this.index, cutoffMs, (entry) => {
      const held = this.held.get(entry.storyId);
      if (held && --held.windowMembers <= 0) this.held.delete(entry.storyId);
    });
  }
}

/** The survivor's row after absorbing another story: the better representative, the earliest published, the latest updated. */
function mergedStory(survivor: HeldStory, absorbed: HeldStory): HeldStory {
  const winner = betterRepresentative(survivor.representative, absorbed.representative);
  const from = winner === survivor.representative ? survivor.story : absorbed.story;
  return {
    story: {
      ...survivor.story,
      representativeItemId: from.representativeItemId,
      title: from.title,
      url: from.url,
      published: survivor.story.published < absorbed.story.published ? survivor.story.published : absorbed.story.published,
      updated: survivor.story.updated > absorbed.story.updated ? survivor.story.updated : absorbed.story.updated,
    },
    representative: winner,
    windowMembers: survivor.windowMembers + absorbed.windowMembers,
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
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
