// The story engine: takes items, returns decisions. It owns its window (the matching index over
// the last `windowHours` and the stories of the items in it) and never touches the store; the
// caller (placer.ts) fetches what a batch needs and applies what the engine decided. It remembers
// what its latest placements did (take-back.ts), so late items can take back the placements that
// sort after them and place them again in order.
import type { DedupDecision, JoinedStory, MatchableItem, PendingItem, PlacedItem, PlacementBatch, Story, StoryMerge } from '../model.js';
import type { LinkedItem, PlacedStory } from '../store/store.js';
import { betterRepresentative, type RepresentativeCandidate } from './choose-representative.js';
import { BACKLOG_HORIZON_MS, itemFeatures, itemTimeMs, type ItemFeatures } from './item-features.js';
import { matchingLink } from './matching-link.js';
import {
  heldFromStore,
  linksOf,
  placeNewItem,
  placeUpdatedItem,
  reapplyItem,
  candidatesNow,
  foundsStory,
  type EngineSettings as PlacementSettings,
  type HeldStory,
  type Placement,
  type ScoredMargin,
} from './place-item.js';
import { RecentFeatures } from './recent-features.js';
import { leadCarrier, withoutSourceBoilerplate } from './source-boilerplate-lead.js';
import { storyIdFor } from './story-id.js';
import { ReplacementReach, type ReachKeys } from './replacement-reach.js';
import { foundedBy, keptId, reapplicable, withTakenBack, type LoggedPlacement, type TakenBack } from './take-back.js';
import {
  emptyWindowIndex,
  indexItem,
  mergeStories,
  pruneWindowIndex,
  resolveStory,
  tieKey,
  undoChanges,
  windowCutoff,
  type WindowIndex,
} from './window-index.js';

export type { SourceSettings } from './place-item.js';

export interface EngineSettings extends PlacementSettings {
  /** At most this many placed items are placed again when late items sort before them (default MAX_REPLACED). */
  maxReplaced?: number;
  /** The step a dated item's time is read to for the placement order (default ORDER_STEP_MS; 0: the exact time, for benchmarks). */
  orderStepMs?: number;
  /** Re-apply taken-back placements nothing reached from their decision (default true; false: score every one again, for benchmarks). */
  reapplyUnreached?: boolean;
}

const HOUR = 3_600_000;
/**
 * The placement order reads a dated item's time to this step (see `orderTimeMs`): far coarser than
 * the seconds by which outlets' copies of one report come apart (an item moves to the next step only
 * when it falls within those seconds of a step's end, under 1 % of items for a 5 s shift), far finer
 * than the hours over which matching weighs time.
 */
export const ORDER_STEP_MS = 10 * 60_000;
/** How far back late items are put in their place by default (see `tailOf`); a bigger backlog is placed after what is placed. */
export const SUGGESTED_MAX_REPLACED = 10_000;
/** Default of `dedup.maxReplacedItems` (see config/schema.ts): on, since a re-placement keeps published ids (take-back.ts keptId). */
export const MAX_REPLACED = SUGGESTED_MAX_REPLACED;

/** A story row with the item that represents it. */
export interface StoryRepresented {
  story: Story;
  representative: MatchableItem;
}

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
  /** Placements taken back for this call to place again (`takeBack`): they are among `items`. */
  takenBack?: TakenBack;
}

export class StoryEngine {
  private index: WindowIndex = emptyWindowIndex();
  private held = new Map<string, HeldStory>();
  /** The latest placements, oldest first (at most about twice maxReplaced): what `takeBack` can undo. */
  private log: LoggedPlacement[] = [];
  /** The features of the logged placements still in the window (and of those taken back, until placed again): placing again reuses them. */
  private features = new RecentFeatures();
  /** The store generation the window was built under (null: not built yet). */
  generation: number | null = null;
  /** Placements so far (numbers the log's entries and the prunes between them). */
  private placedCount = 0;
  /** Keys of the items pruned from the window since the oldest logged placement (since the last placement when the log is empty), with how many placements preceded: they reach later re-placements. */
  private pruned: { after: number; keys: ReachKeys; storyId: string }[] = [];
  /** Taken-back placements `place` re-applied from their decision, and those it scored again (counts since start, for benchmarks). */
  readonly replaced = { reapplied: 0, rescored: 0 };

  constructor(private settings: EngineSettings) {}

  /** New settings (a reloaded config); the window stays. */
  configure(settings: EngineSettings): void {
    this.settings = settings;
  }

  /** Forgets the window: the next use rebuilds it from the store. */
  reset(): void {
    this.index = emptyWindowIndex();
    this.held = new Map();
    this.log = [];
    this.pruned = [];
    this.features.clear();
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
   * Builds the window from the placed items of the store (first seen since `windowStart`) and the
   * stories they are in. Matching features are recomputed: nothing per item is stored for the
   * matcher, so they can never disagree with its code. The items are replayed in order, each into
   * the story it joined with the merges it made, and the latest maxReplaced are remembered as if
   * just placed, so late items can take them back; when the store cannot tell (items placed before
   * it kept what they joined) or the replay does not end where the store is, the window is built
   * from the stories as they are, and late items are put in place only among what is placed next.
   */
  rebuild(items: Iterable<PlacedItem>, stories: ReadonlyMap<string, PlacedStory>, now: string, generation: number): void {
    this.reset();
    const cutoffMs = windowCutoff(Date.parse(now), this.settings.windowHours);
    const window: { item: PlacedItem; f: ItemFeatures }[] = [];
    for (const item of items) {
      if (!item.storyId || this.settings.sources.get(item.sourceId)?.dedup === false) continue;
      const f = itemFeatures(item, this.settings.sources.get(item.sourceId)?.language ?? null);
      if (f.atMs >= cutoffMs) window.push({ item, f });
    }
    if (!this.replayWindow(window, stories)) {
      this.reset();
      for (const { item, f } of window) {
        const placed = stories.get(item.storyId!);
        let held = this.held.get(item.storyId!);
        if (!held && placed) this.held.set(item.storyId!, (held = heldFromStore(placed, this.settings)));
        if (!held) continue;
        held.windowMembers++;
        const indexed = withoutSourceBoilerplate(this.index, f, item);
        indexItem(this.index, indexed, item.storyId!, undefined, leadCarrier(indexed, item));
      }
    }
    this.generation = generation;
  }

  /** The window as placement built it, from what each item joined (see `rebuild`); false when the store cannot tell. */
  private replayWindow(window: { item: PlacedItem; f: ItemFeatures }[], stories: ReadonlyMap<string, PlacedStory>): boolean {
    const ordered = window
      .map((w) => ({ ...w, at: orderTimeMs(w.item, this.orderStep()) }))
      .sort((a, b) => a.at - b.at || compare(a.item.sourceId, b.item.sourceId) || compare(a.item.key, b.item.key));
    // A story's row as far as the replay went: the stored one for a story older than the window, else
    // one from its founder (a member, so a valid representative whatever is taken back after it).
    const rows = new Map<string, HeldStory>();
    const logFrom = ordered.length - this.maxReplaced();
    for (const [k, { item, f, at }] of ordered.entries()) {
      const joined = item.joined;
      if (!joined) return false;
      const entry: LoggedPlacement | null =
        k >= logFrom
          ? {
              itemId: item.id,
              atMs: at,
              sourceId: item.sourceId,
              key: item.key,
              loggedAt: ++this.placedCount,
              changes: [],
              before: new Map(),
            }
          : null;
      const founds = storyIdFor(item.sourceId, item.key) === joined.storyId;
      // Null only for the story this item founds; one the replay has not met is stored, or absorbed since (then
      // this item, a member, stands for it).
      const known = (id: string): HeldStory | null => {
        const row = rows.get(id);
        if (row) return row;
        if (id === joined.storyId && founds) return null;
        const placed = stories.get(id);
        return placed
          ? heldFromStore(placed, this.settings)
          : foundedBy(id, item, f, this.settings.sources.get(item.sourceId)?.priority ?? 0);
      };
      const remember = (id: string): void => {
        if (entry && !entry.before.has(id)) {
          const row = known(id);
          entry.before.set(id, row && { ...row });
        }
      };
      this.index.journal = entry?.changes ?? null;
      for (const absorbed of joined.absorbed) {
        remember(absorbed);
        remember(joined.storyId);
        mergeStories(this.index, joined.storyId, absorbed);
        rows.delete(absorbed);
      }
      remember(joined.storyId);
      // As placement indexed it: a lead the source's earlier item carries under another title is left out.
      const placed = withoutSourceBoilerplate(this.index, f, item);
      indexItem(this.index, placed, joined.storyId, undefined, leadCarrier(placed, item));
      if (!rows.has(joined.storyId)) {
        rows.set(
          joined.storyId,
          known(joined.storyId) ?? foundedBy(joined.storyId, item, f, this.settings.sources.get(item.sourceId)?.priority ?? 0),
        );
      }
      // The story it joined took the published id of the story it had founded before (see keptId), as placing did.
      if (joined.keptId) {
        if (entry && !entry.before.has(joined.keptId)) entry.before.set(joined.keptId, null);
        mergeStories(this.index, joined.keptId, joined.storyId);
        const row = rows.get(joined.storyId)!;
        rows.delete(joined.storyId);
        rows.set(joined.keptId, { ...row, story: { ...row.story, id: joined.keptId } });
        this.index.founderIds.set(joined.keptId, tieKey(this.index, joined.storyId));
        if (entry) entry.renamed = { from: joined.storyId, to: joined.keptId };
      }
      this.index.journal = null;
      if (entry) this.log.push(entry);
    }
    // It must end where the store is: every item in its story, every story with a row.
    for (const { item } of ordered) if (resolveStory(this.index, this.index.items.get(item.id)!.storyId) !== item.storyId) return false;
    for (const [id, core] of this.index.cores) {
      const placed = stories.get(id);
      if (!placed) return false;
      this.held.set(id, { ...heldFromStore(placed, this.settings), windowMembers: core.memberCount });
    }
    return true;
  }

  /** Sets the rows of stories the caller changed after `place` (a representative placed elsewhere, see Placer). */
  updateStories(stories: readonly StoryRepresented[]): void {
    for (const { story, representative } of stories) {
      const held = this.held.get(story.id);
      if (held) this.held.set(story.id, { ...held, story, representative: this.candidate(representative) });
    }
  }

  /** Sets the `updated` time of held stories the caller set back after `place` (a re-placement that left them as stored, see Placer). */
  keepUpdated(stories: readonly Story[]): void {
    for (const story of stories) {
      const held = this.held.get(story.id);
      if (held) this.held.set(story.id, { ...held, story: { ...held.story, updated: story.updated } });
    }
  }

  /** The best representative among `items` (source priority, then the fuller text, then the earliest). */
  bestRepresentative<T extends MatchableItem>(items: readonly T[]): T | undefined {
    let best: T | undefined;
    for (const item of items) {
      if (!best) best = item;
      else if (betterRepresentative(this.candidate(best), this.candidate(item)).itemId === item.id) best = item;
    }
    return best;
  }

  private candidate(item: MatchableItem): RepresentativeCandidate {
    return {
      itemId: item.id,
      priority: this.settings.sources.get(item.sourceId)?.priority ?? 0,
      contentLength: item.contentLength,
      atMs: itemTimeMs(item),
    };
  }

  /**
   * The order items are placed in: by window time to the step (`orderTimeMs`), then source and key.
   * The same items give the same stories whatever order their feeds arrived in: within a run by this
   * order, across runs because late items take back what sorts after them (`tailOf`); and a shift of
   * their times by a few seconds moves only the items it carries past a step's end.
   */
  order<T extends PendingItem>(items: readonly T[]): T[] {
    return items
      .map((item) => ({ item, at: orderTimeMs(item, this.orderStep()) }))
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
    let logging: LoggedPlacement | null = null;
    // The features and scoring margin of the item being placed (logged with its decision, to re-apply it: take-back.ts).
    const current: { features?: ItemFeatures; margin?: ScoredMargin; languageItems?: number } = {};
    // What a story was before the placement being logged first changed it (null: that placement founds it).
    const remember = (id: string): void => {
      if (!logging || logging.before.has(id)) return;
      const placed = context.stories.get(id);
      const known = touched.get(id) ?? this.held.get(id) ?? (placed && heldFromStore(placed, this.settings));
      logging.before.set(id, known ? { ...known } : null);
    };
    const placement: Placement = {
      index: this.index,
      settings: this.settings,
      windowMs: this.settings.windowHours * HOUR,
      cutoffMs,
      decidedAt: context.now,
      features: (item) => (current.features = this.features.of(item, this.settings.sources.get(item.sourceId)?.language ?? null)),
      scoredMargin: (margin) => {
        // The window's items of its language as the weights read them (the item itself not indexed yet).
        current.languageItems ??= this.index.terms.itemsByLanguage.get(current.features?.language ?? null) ?? 0;
        current.margin ??= margin;
      },
      storyClock: context.replay ? (item) => item.firstSeen : () => context.now,
      story: (raw) => {
        const id = resolveStory(this.index, raw);
        const known = touched.get(id) ?? this.held.get(id);
        if (known) return known;
        const placed = context.stories.get(id) ?? context.stories.get(raw);
        return placed && heldFromStore(placed, this.settings);
      },
      keepStory: (held) => {
        remember(held.story.id);
        touched.set(held.story.id, held);
        if (held.windowMembers > 0) this.held.set(held.story.id, held);
      },
      merge: (survivor, absorbed) => {
        const from = absorbed.story.id;
        const into = survivor.story.id;
        remember(from);
        remember(into);
        mergeStories(this.index, into, from);
        merges.push({ absorbed: from, survivor: into });
        touched.delete(from);
        this.held.delete(from);
        repoint(from, into);
        const merged = mergedStory(survivor, absorbed);
        placement.keepStory(merged);
        return merged;
      },
      links: linksOf(context.linked),
      placements: [],
      decisions: [],
    };
    // Rows of this batch that named a story absorbed (or renamed) name the survivor (the store applies merges first).
    const repoint = (from: string, into: string): void => {
      for (const row of placement.placements) if (row.storyId === from) row.storyId = into;
      for (const d of placement.decisions) if (d.storyId === from) d.storyId = into;
      for (const list of placement.links.values()) for (const l of list) if (l.storyId === from) l.storyId = into;
      for (const m of merges) if (m.survivor === from) m.survivor = into;
    };
    const takenBack = context.takenBack;
    // Stories this re-placement founded that were never stored (see keptId): only they take a published id.
    const unstored = new Set(takenBack?.renamed);
    // The story `from` (founded in this run) takes the published id `to` (the placement being logged keeps it, see keptId).
    const rename = (from: string, to: string): void => {
      const held = touched.get(from) ?? this.held.get(from);
      if (!held || !logging) return;
      remember(from);
      // `to` was not there before this placement (its founding placement was taken back).
      if (!logging.before.has(to)) logging.before.set(to, null);
      mergeStories(this.index, to, from);
      touched.delete(from);
      this.held.delete(from);
      unstored.delete(from);
      repoint(from, to);
      const renamed: HeldStory = { ...held, story: { ...held.story, id: to } };
      touched.set(to, renamed);
      if (renamed.windowMembers > 0) this.held.set(to, renamed);
      // Ties between stories are broken by the founder's id, as if it had kept its own (no decision depends on the rename).
      this.index.founderIds.set(to, tieKey(this.index, from));
      logging.renamed = { from, to };
    };
    // Items a taken-back merge moved go back to their story (re-pointed like every row if this batch merges it again).
    for (const itemId of takenBack?.moved ?? []) {
      const entry = this.index.items.get(itemId);
      const row = { itemId, storyId: entry?.storyId ?? '', linkKey: entry?.features.linkKey ?? null, moved: true };
      if (entry) placement.placements.push(row);
    }
    // What this re-placement changed that a taken-back placement's decision could have read (replacement-reach.ts).
    const reach = takenBack && this.reapplying() ? this.reachOfPrunes(takenBack) : null;
    for (const item of items) {
      logging = {
        itemId: item.id,
        atMs: orderTimeMs(item, this.orderStep()),
        sourceId: item.sourceId,
        key: item.key,
        loggedAt: ++this.placedCount,
        changes: [],
        before: new Map(),
      };
      this.index.journal = logging.changes;
      delete current.features;
      delete current.margin;
      delete current.languageItems;
      try {
        // An update of an item whose story a taken-back merge changed: the story the window has it in now.
        const storyId = item.pending === 'updated' ? (this.index.items.get(item.id)?.storyId ?? item.storyId) : item.storyId;
        const earlier = takenBack?.entries.get(item.id);
        const again =
          earlier && reach && item.pending === 'new' ? this.reapplied(placement, item, earlier, reach, takenBack!, unstored) : undefined;
        const decision =
          again ??
          (item.pending === 'updated'
            ? placeUpdatedItem(placement, { ...item, storyId }, carriedOver(context.decisions.get(item.id)))
            : placeNewItem(placement, item));
        const joinedId = decision.storyId;
        if (takenBack && foundsStory(decision)) {
          if (!takenBack.restored.has(joinedId) || takenBack.renamed.has(joinedId)) unstored.add(joinedId);
        }
        const kept = takenBack && decision.rule !== 'same-item' ? keptId(takenBack, item, joinedId, unstored) : undefined;
        if (kept) {
          rename(joinedId, kept);
          decision.components = { ...decision.components, keptStoryId: kept, renamedStoryId: joinedId };
        }
        // The story it joined now and what it absorbed, kept apart from later merges (for `rebuild`).
        const row = placement.placements[placement.placements.length - 1];
        if (decision.rule !== 'same-item' && row?.itemId === item.id) {
          const absorbed = decision.components['mergedStories'];
          const joined: JoinedStory = {
            storyId: joinedId,
            absorbed: typeof absorbed === 'string' ? absorbed.split(' ') : [],
            ...(kept ? { keptId: kept } : {}),
          };
          Object.assign(row, { joined });
        }
        // (Set by the placement's `features` call: not narrowed by the reset above.)
        const features = current.features as ItemFeatures | undefined;
        const decided = again
          ? { ...earlier!.decided!, decision: { ...earlier!.decided!.decision, storyId: joinedId } }
          : features && {
              decision: { ...decision },
              features,
              ...(current.margin ? { margin: current.margin } : {}),
              languageItems: current.languageItems ?? 0,
            };
        if (decided && this.reapplying()) logging.decided = decided;
        if (earlier && !again) this.replaced.rescored++;
        if (reach && !again) {
          // Scored: a late item, or a taken-back one; the latter reaches others only when it decided otherwise.
          const f = features ?? placement.features(item);
          // (Same outcome but other features, or a source or lead a reacher shares: it may be indexed on another form,
          // on its title alone or with its lead, and put other carriers of its lead on their titles.)
          const otherwise = !earlier?.decided || !sameOutcome(earlier.decided.decision, decision) || earlier.decided.features !== f;
          if (otherwise || reach.hasSource(f.sourceId) || reach.hasLead(f)) reach.addPlacement(logging, f);
        }
      } finally {
        this.index.journal = null;
      }
      this.log.push(logging);
      // Only the latest maxReplaced placements can be taken back (`tailOf`): older ones' features are not needed again.
      const leaving = this.log[this.log.length - 1 - this.maxReplaced()];
      if (leaving) this.features.forget(leaving.itemId);
    }
    logging = null;
    const limit = this.maxReplaced();
    if (this.log.length > 2 * limit) this.log.splice(0, this.log.length - limit);
    const oldest = this.log[0]?.loggedAt ?? this.placedCount + 1;
    if (this.pruned.length && this.pruned[0]!.after < oldest) this.pruned = this.pruned.filter((p) => p.after >= oldest);
    const batch: PlacementBatch = {
      placements: placement.placements,
      stories: [...touched.values()].map((h) => h.story),
      merges,
      decisions: placement.decisions,
    };
    return takenBack ? withTakenBack(batch, takenBack, items, context.now, (id) => this.index.cores.has(id)) : batch;
  }

  /** A reach holding the items pruned since the first taken-back placement: they left stories and term counts it read. */
  private reachOfPrunes(takenBack: TakenBack): ReplacementReach {
    const reach = new ReplacementReach(this.index);
    let first = Infinity;
    for (const entry of takenBack.entries.values()) first = Math.min(first, entry.loggedAt);
    for (const p of this.pruned) {
      if (p.after < first) continue;
      reach.addItem(p.keys);
      reach.addStories([p.storyId]);
    }
    return reach;
  }

  /**
   * The taken-back `item` placed again as `earlier` decided, when nothing reached it and the decision cannot have moved
   * (take-back.ts `reapplicable`); undefined: score it again.
   */
  private reapplied(
    placement: Placement,
    item: PendingItem,
    earlier: LoggedPlacement,
    reach: ReplacementReach,
    takenBack: TakenBack,
    unstored: ReadonlySet<string>,
  ): DedupDecision | undefined {
    const decided = earlier.decided;
    if (!decided) return undefined;
    const f = placement.features(item);
    // A changed item (an update waiting) is computed afresh: not the features it was decided with.
    if (f !== decided.features) return undefined;
    const languageItems = this.index.terms.itemsByLanguage.get(f.language) ?? 0;
    if (!reapplicable(decided, this.settings.threshold, languageItems)) return undefined;
    const joined = decided.decision.storyId;
    const placed = withoutSourceBoilerplate(this.index, f, item);
    if (reach.reaches(earlier, f, placed, joined)) return undefined;
    if (decided.margin) {
      // Scored: no term of it moved by a re-index, and its lookup must lead where it led, to stories nothing reached (their members as they were).
      if (reach.movesTermsOf(f)) return undefined;
      const now = candidatesNow(placement, placed);
      if (!sameSet(now, decided.margin.candidates) || reach.reachesAny(now)) return undefined;
    }
    // Joining a story founded in this run, its own stored story would lend the published id (keptId): scored, as a rename is.
    if (!foundsStory(decided.decision) && this.settings.sources.get(item.sourceId)?.dedup !== false) {
      if (keptId(takenBack, item, resolveStory(this.index, joined), unstored)) return undefined;
    }
    const decision = reapplyItem(placement, item, placed, decided.decision);
    if (decision) this.replaced.reapplied++;
    return decision;
  }

  private maxReplaced(): number {
    return this.settings.maxReplaced ?? MAX_REPLACED;
  }

  /** Whether taken-back placements nothing reached are re-applied (replacement-reach.ts) rather than all scored again. */
  private reapplying(): boolean {
    return this.settings.reapplyUnreached !== false && this.maxReplaced() > 0;
  }

  private orderStep(): number {
    return this.settings.orderStepMs ?? ORDER_STEP_MS;
  }

  /**
   * The placed items to place again with `ordered` (pending items in `order`) so that the result is
   * the one of placing everything in order: the latest placements from the first that sorts after
   * the earliest new item, at most maxReplaced of them (a longer backlog is put in place only
   * among those; before them it is placed after what is placed, as if it had come in time).
   * Empty when every new item sorts after what is placed (the usual poll).
   */
  tailOf(ordered: readonly PendingItem[]): number[] {
    const first = ordered.find((item) => item.pending === 'new');
    if (!first || this.log.length === 0) return [];
    const cut = { atMs: orderTimeMs(first, this.orderStep()), sourceId: first.sourceId, key: first.key };
    let start = Math.max(0, this.log.length - this.maxReplaced());
    while (start < this.log.length && compareOrder(this.log[start]!, cut) < 0) start++;
    return this.log.slice(start).map((entry) => entry.itemId);
  }

  /**
   * Takes back the latest placements (`tailOf`'s ids, newest last), so the next `place` can place them
   * again among late items: the window, its stories and their merges are as before them.
   */
  takeBack(itemIds: readonly number[]): TakenBack {
    const start = this.log.length - itemIds.length;
    if (start < 0 || itemIds.some((id, k) => this.log[start + k]!.itemId !== id)) {
      throw new Error('takeBack: not the latest placements (ask tailOf, then take back at once)');
    }
    const entries = this.log.splice(start);
    const restored = new Map<string, HeldStory | null>();
    const moved: number[] = [];
    const unmerged = new Set<string>();
    const renamed = new Set<string>();
    for (let k = entries.length - 1; k >= 0; k--) {
      const entry = entries[k]!;
      moved.push(...undoChanges(this.index, entry.changes));
      for (const change of entry.changes) if (change.kind === 'merged') unmerged.add(change.absorbed);
      if (entry.renamed) {
        renamed.add(entry.renamed.from);
        this.index.founderIds.delete(entry.renamed.to);
      }
      for (const [id, held] of entry.before) restored.set(id, held);
    }
    for (const [id, held] of restored) {
      const members = this.index.cores.get(id)?.memberCount ?? 0;
      if (held && members > 0) this.held.set(id, { ...held, windowMembers: members });
      else this.held.delete(id);
    }
    const ids = new Set(itemIds);
    const logged = new Map(entries.map((entry) => [entry.itemId, entry]));
    return { itemIds: ids, restored, moved: [...new Set(moved)].filter((id) => !ids.has(id)), unmerged, renamed, entries: logged };
  }

  /** Placed items sharing a link with a batch, as the window has them now: taken-back ones out, the others in their story now. */
  linkedNow(linked: readonly LinkedItem[], takenBack: TakenBack): LinkedItem[] {
    return linked
      .filter((l) => !takenBack.itemIds.has(l.itemId))
      .map((l) => ({ ...l, storyId: this.index.items.get(l.itemId)?.storyId ?? l.storyId }));
  }

  /** Drops items (and stories left without window members) older than the window. */
  private prune(cutoffMs: number): void {
    pruneWindowIndex(this.index, cutoffMs, (entry) => {
      // Recorded also when the log is empty: a take-back that emptied it is followed by this prune, and the placements it
      // took back read the items pruned here. Only the keys are kept, not the features (a pause longer than the window
      // prunes every item of it, and the list is trimmed only as the log moves on).
      if (this.reapplying()) {
        const { sourceId, exactKey, linkKey, leadKey } = entry.features;
        this.pruned.push({ after: this.placedCount, keys: { sourceId, exactKey, linkKey, leadKey }, storyId: entry.storyId });
      }
      // Its features would outlive the window's copy: a late item rarely reaches back past the window, and the memory is the window's.
      this.features.forget(entry.features.itemId);
      const held = this.held.get(entry.storyId);
      if (held && --held.windowMembers <= 0) {
        this.held.delete(entry.storyId);
        this.index.founderIds.delete(entry.storyId);
      }
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

/**
 * An item's time for the placement order: its window time read to the step (`ORDER_STEP_MS`), and for
 * an undated item (window time = first sight) or one dated before the backlog horizon (item-features.ts
 * `BACKLOG_HORIZON_MS`) the hour it was first seen. Within a step items are placed
 * by source and key, not by their seconds: a greedy placement is chaotic in its order (one item placed
 * before rather than after another can found a story, or bridge two big stories into one), and whole
 * seconds are exactly what an outlet's clock, its feed's date format or a poll's timing moves; on
 * UCI-cal, every source published 0–5 s later changed a quarter of the merged pairs (EVAL.md
 * "Agreement"). An item's time for matching stays exact.
 */
export function orderTimeMs(item: Pick<MatchableItem, 'published' | 'firstSeen'>, stepMs = ORDER_STEP_MS): number {
  const at = itemTimeMs(item);
  const seen = Date.parse(item.firstSeen);
  if (at === seen || at < seen - BACKLOG_HORIZON_MS) return seen - (seen % HOUR);
  if (stepMs <= 0) return at;
  // (A date before 1970 has a negative time: floor, not the remainder's sign.)
  return Math.floor(at / stepMs) * stepMs;
}

/** The order of two placements (`StoryEngine.order`). */
function compareOrder(a: { atMs: number; sourceId: string; key: string }, b: { atMs: number; sourceId: string; key: string }): number {
  return a.atMs - b.atMs || compare(a.sourceId, b.sourceId) || compare(a.key, b.key);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((id) => set.has(id));
}

/** Whether a placement scored again ended as before: the same story, nothing merged, no published id kept (what later placements read). */
function sameOutcome(before: DedupDecision, now: DedupDecision): boolean {
  const same = (k: string): boolean => before.components[k] === now.components[k];
  return (
    before.storyId === now.storyId &&
    foundsStory(before) === foundsStory(now) &&
    same('mergedStories') &&
    same('keptStoryId') &&
    same('rejoinedLoneStories')
  );
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
