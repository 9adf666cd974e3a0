// Where the story engine meets the store: the items waiting for placement are read, put in the
// engine's order, placed in chunks (each chunk's links, stories and earlier decisions fetched
// first) and each chunk's decisions applied in one transaction.
import { setImmediate } from 'node:timers/promises';
import type { DedupDecision, PendingItem } from '../model.js';
import type { PlacedStory, Store } from '../store/store.js';
import type { StoryEngine } from './story-engine.js';

/** Items placed per transaction; the event loop gets a turn between chunks (other fetches, the HTTP server). */
export const PLACEMENT_CHUNK = 1_000;
/** Pending items read per run; more wait for the next run (memory stays bounded after a long outage). */
const MAX_PENDING_PER_RUN = 500_000;

export class Placer {
  private running: Promise<unknown> = Promise.resolve();

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
    const run = this.running.then(() => this.run(now));
    this.running = run.catch(() => undefined);
    return run;
  }

  /** Rebuilds the engine's window from the store now (what the first run after a start does anyway); returns its size. */
  async rebuild(now: string): Promise<number> {
    await this.ensureWindow(now, true);
    return this.engine.windowSize;
  }

  private async run(now: string): Promise<DedupDecision[]> {
    await this.ensureWindow(now, false);
    const pending = await this.store.items.pending(MAX_PENDING_PER_RUN);
    const ordered = this.engine.order(pending);
    const decisions: DedupDecision[] = [];
    for (let start = 0; start < ordered.length; start += PLACEMENT_CHUNK) {
      if (start > 0) await setImmediate();
      decisions.push(...(await this.placeChunk(ordered.slice(start, start + PLACEMENT_CHUNK), now)));
    }
    return decisions;
  }

  private async placeChunk(chunk: PendingItem[], now: string): Promise<DedupDecision[]> {
    const linked = await this.store.placements.linkedItems(this.engine.linkKeys(chunk));
    const needed = this.engine.storiesNeeded(chunk, linked, now);
    const stories: ReadonlyMap<string, PlacedStory> = needed.length ? await this.store.stories.forPlacement(needed) : new Map();
    const earlier = new Map<number, DedupDecision>();
    for (const item of chunk) {
      if (item.pending !== 'updated') continue;
      const decision = await this.store.placements.decision(item.id);
      if (decision) earlier.set(item.id, decision);
    }
    const batch = this.engine.place(chunk, { now, linked, stories, decisions: earlier });
    try {
      await this.store.placements.apply(batch);
    } catch (error) {
      this.engine.reset();
      throw error;
    }
    return batch.decisions;
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
