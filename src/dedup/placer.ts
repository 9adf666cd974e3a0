// Where the story engine meets the store: the items waiting for placement are read, put in the
// engine's order, placed in chunks (each chunk's links, stories and earlier decisions fetched
// first) and each chunk's decisions applied in one transaction. Late items (sorting before items
// placed earlier) first take those placements back and place them again among the late ones.
import { setImmediate } from 'node:timers/promises';
import type { DedupDecision, DedupRule, MatchableItem, PendingItem, PlacementBatch, StoredItem } from '../model.js';
import type { PlacedStory, Store } from '../store/store.js';
import type { StoryEngine, StoryRepresented } from './story-engine.js';
import type { TakenBack } from './take-back.js';
import { unseenUpdate } from './shown-change.js';
import { keepStoredUpdated } from './stories-left-as-stored.js';

/** Items placed per transaction; the event loop gets a turn between chunks (other fetches, the HTTP server). */
export const PLACEMENT_CHUNK = 1_000;
/** Pending items read per run; more wait for the next run (memory stays bounded after a long outage). */
const MAX_PENDING_PER_RUN = 500_000;

export class Placer {
  private running: Promise<unknown> = Promise.resolve();
  /** Placed items the last run placed again (late items sorted before them; see StoryEngine.tailOf). */
  replacedLastRun = 0;

  constructor(
    private readonly store: Store,
    readonly engine: StoryEngine,
  ) {}

  /**
   * Places every item waiting for placement, at `now`. One run at a time: a second call waits.
   * When applying a chunk fails, its placements are rolled back, the engine's window is dropped
   * (it may hold them) and the error is thrown; the items stay pending for the next run.
   */
  placePending(now: string): Promise<DedupDecision[]> {
    const decisions: DedupDecision[] = [];
    return this.serialised(() => this.run(now, (chunk) => decisions.push(...chunk))).then(() => decisions);
  }

  /**
   * As `placePending`, but returns only how many items each rule placed: a poll of 100,000 items
   * then does not hold 100,000 decisions (~1 KB each with their components) until it ends.
   */
  placePendingCounted(now: string): Promise<Map<DedupRule, number>> {
    const counts = new Map<DedupRule, number>();
    const count = (chunk: readonly DedupDecision[]): void => {
      for (const d of chunk) counts.set(d.rule, (counts.get(d.rule) ?? 0) + 1);
    };
    return this.serialised(() => this.run(now, count)).then(() => counts);
  }

  private serialised(task: () => Promise<void>): Promise<void> {
    const run = this.running.then(task);
    this.running = run.catch(() => undefined);
    return run;
  }

  /** Rebuilds the engine's window from the store now (what the first run after a start does anyway); returns its size. */
  async rebuild(now: string): Promise<number> {
    await this.ensureWindow(now, true);
    return this.engine.windowSize;
  }

  private async run(now: string, report: (decisions: readonly DedupDecision[]) => void): Promise<void> {
    await this.ensureWindow(now, false);
    let pending = await this.store.items.pending(MAX_PENDING_PER_RUN);
    let ordered = this.engine.order(pending);
    let start = 0;
    this.replacedLastRun = 0;
    const tail = this.engine.tailOf(ordered);
    if (tail.length) {
      // Late items: the placements they sort before are taken back and placed again among them, in
      // order, in one transaction (the store never holds half a re-placement).
      const { items: again, previousStory } = await this.placedAgain(tail, pending);
      const tailIds = new Set(tail);
      ordered = this.engine.order([...pending.filter((item) => !tailIds.has(item.id)), ...again]);
      let end = 0;
      ordered.forEach((item, k) => {
        if (tailIds.has(item.id)) end = k + 1;
      });
      const waiting = new Set(pending.map((item) => item.id));
      try {
        const takenBack = this.engine.takeBack(tail);
        // Taken-back items not waiting only change story: their pending state stays (a poller may have changed one since).
        const unchanged = new Set(tail.filter((id) => !waiting.has(id)));
        const placed = await this.placeChunk(ordered.slice(0, end), now, { takenBack, unchanged, previousStory });
        report(placed.filter((d) => !tailIds.has(d.itemId) || waiting.has(d.itemId)));
      } catch (error) {
        this.engine.reset();
        throw error;
      }
      this.replacedLastRun = tail.length;
      start = end;
    }
    // From here the run holds no pending item beyond the chunk it places: each chunk is taken off
    // the list, so a placed item's text is garbage from then on, not held to the end of the run.
    pending = [];
    ordered.splice(0, start);
    for (let turn = start; ordered.length > 0; turn++) {
      if (turn > 0) await setImmediate();
      report(await this.placeChunk(ordered.splice(0, PLACEMENT_CHUNK), now));
    }
  }

  /**
   * The taken-back items as new ones to place again (a pending update of one: its new version), and
   * the story each one not waiting, or waiting with an update readers cannot see, is in now.
   */
  private async placedAgain(
    tail: readonly number[],
    pending: readonly PendingItem[],
  ): Promise<{ items: PendingItem[]; previousStory: Map<number, string> }> {
    const waiting = new Map(pending.map((item) => [item.id, item]));
    const stored = await this.store.items.byIds(tail.filter((id) => !waiting.has(id)));
    const previousStory = new Map<number, string>();
    for (const item of stored) if (item.storyId) previousStory.set(item.id, item.storyId);
    const items: PendingItem[] = stored.map((item) => ({
      ...matchable(item),
      pending: 'new',
      replacedContentLength: null,
      replaced: null,
    }));
    for (const id of tail) {
      const item = waiting.get(id);
      if (!item) continue;
      // An update readers cannot see (a rotated tracking parameter, a re-sent body) counts as staying in its
      // story, not arriving: placed back there, the story keeps its stored `updated` (keepStoredUpdated).
      if (item.storyId && unseenUpdate(item)) previousStory.set(item.id, item.storyId);
      items.push({ ...item, pending: 'new', replacedContentLength: null, replaced: null });
    }
    return { items: items.map((item) => ({ ...item, storyId: null })), previousStory };
  }

  private async placeChunk(
    chunk: PendingItem[],
    now: string,
    again?: { takenBack: TakenBack; unchanged: ReadonlySet<number>; previousStory: ReadonlyMap<number, string> },
  ): Promise<DedupDecision[]> {
    const takenBack = again?.takenBack;
    const fromStore = await this.store.placements.linkedItems(this.engine.linkKeys(chunk));
    const linked = takenBack ? this.engine.linkedNow(fromStore, takenBack) : fromStore;
    const needed = this.engine.storiesNeeded(chunk, linked, now);
    const stories: ReadonlyMap<string, PlacedStory> = needed.length ? await this.store.stories.forPlacement(needed) : new Map();
    const earlier = new Map<number, DedupDecision>();
    for (const item of chunk) {
      if (item.pending !== 'updated') continue;
      const decision = await this.store.placements.decision(item.id);
      if (decision) earlier.set(item.id, decision);
    }
    const batch = this.engine.place(chunk, { now, linked, stories, decisions: earlier, ...(takenBack ? { takenBack } : {}) });
    if (again) {
      for (const row of batch.placements) if (again.unchanged.has(row.itemId)) row.moved = true;
      await this.representMovedAway(batch);
      // A story the re-placement left as it was is not updated (readers would see an update with nothing new).
      const stored = await this.store.stories.forPlacement(batch.stories.map((story) => story.id));
      this.engine.keepUpdated(keepStoredUpdated(batch, again.previousStory, stored));
    }
    try {
      await this.store.placements.apply(batch);
    } catch (error) {
      this.engine.reset();
      throw error;
    }
    return batch.decisions;
  }

  /**
   * A story whose representative a re-placement moved to another story gets the best of the members
   * it keeps. (Only after a rebuilt window: the engine then knows stories older than its replay only
   * as they are stored, with what was placed since.)
   */
  private async representMovedAway(batch: PlacementBatch): Promise<void> {
    const storyOf = new Map(batch.placements.map((p) => [p.itemId, p.storyId]));
    const fixed: StoryRepresented[] = [];
    for (const [k, story] of batch.stories.entries()) {
      const placedIn = storyOf.get(story.representativeItemId);
      if (placedIn === undefined || placedIn === story.id) continue;
      const stored = (await this.store.items.ofStory(story.id)).filter((item) => (storyOf.get(item.id) ?? story.id) === story.id);
      const storedIds = new Set(stored.map((item) => item.id));
      const joining = batch.placements.filter((p) => p.storyId === story.id && !storedIds.has(p.itemId)).map((p) => p.itemId);
      const members = [...stored, ...(await this.store.items.byIds(joining))];
      const best = this.engine.bestRepresentative(members);
      if (!best) continue;
      batch.stories[k] = { ...story, representativeItemId: best.id, title: best.title, url: best.url };
      fixed.push({ story: batch.stories[k]!, representative: best });
    }
    this.engine.updateStories(fixed);
  }

  /** Builds the window when the engine has none or the store moved to another generation (a recluster elsewhere). */
  private async ensureWindow(now: string, force: boolean): Promise<void> {
    const generation = await this.store.placements.generation();
    if (!force && this.engine.generation === generation) return;
    const items = [];
    for await (const item of this.store.items.placedSince(this.engine.windowStart(now))) items.push(item);
    const storyIds = [...new Set(items.map((i) => i.storyId).filter((id): id is string => id !== null))];
    const stories = await this.store.stories.forPlacement(storyIds);
    this.engine.rebuild(items, stories, now, generation);
  }
}

/** What the story engine reads of a stored item. */
function matchable(item: StoredItem): MatchableItem {
  const { id, sourceId, key, url, canonicalUrl, title, summary, language, published, firstSeen, storyId, contentLength } = item;
  return { id, sourceId, key, url, canonicalUrl, title, summary, language, published, firstSeen, storyId, contentLength };
}
