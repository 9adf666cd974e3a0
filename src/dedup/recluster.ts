// Replays every stored item through a fresh story engine with the current settings: what
// `feedmerge recluster` runs after a settings change. Story ids survive because they come from
// the founding item (story-id.ts), which the replay finds again. The replay is computed in
// memory; only a real run (not --dry-run) writes it, in one transaction.
import type { DedupDecision, JoinedStory, MatchableItem, PendingItem, PlacementBatch, Story, StoryMerge } from '../model.js';
import type { LinkedItem, PlacedStory, Store } from '../store/store.js';
import { StoryEngine, type EngineSettings } from './story-engine.js';

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
  settings: { threshold: number; windowHours: number };
}

/** Replays every stored item in ingest order; applies the result unless `dryRun` (then nothing is written). */
export async function recluster(
  store: Store,
  settings: EngineSettings,
  now: string,
  options: { dryRun: boolean },
): Promise<ReclusterReport> {
  const before = await store.placements.itemStories();
  const oldStories = await store.stories.forPlacement([...new Set([...before.values()].filter((s): s is string => s !== null))]);
  const replay = await replayAll(store, settings, now);
  const after = new Map<number, string>(replay.placements.map((p) => [p.itemId, p.storyId]));

  // A story whose membership changed moves its `updated` to now; an unchanged one keeps its old value.
  const membersBefore = groupByStory(before);
  const membersAfter = groupByStory(after);
  const stories = replay.stories.map((story): Story => {
    const old = membersBefore.get(story.id);
    const members = membersAfter.get(story.id) ?? [];
    const same = old !== undefined && old.length === members.length && old.every((id, i) => id === members[i]);
    return { ...story, updated: same ? (oldStories.get(story.id)?.updated ?? story.updated) : now };
  });
  if (!options.dryRun) {
    await store.transaction(async (session) => {
      await session.placements.clear();
      await session.placements.apply({ ...replay, stories });
    });
  }

  const founderBefore = founders(membersBefore);
  const founderAfter = founders(membersAfter);
  const mergesGained: ReclusterChange[] = [];
  const mergesLost: ReclusterChange[] = [];
  const title = (id: number): string => replay.titles.get(id) ?? '';
  for (const [itemId, storyAfter] of after) {
    const storyBefore = before.get(itemId) ?? null;
    const newFounder = founderAfter.get(storyAfter);
    if (newFounder !== undefined && newFounder !== itemId && (storyBefore === null || before.get(newFounder) !== storyBefore)) {
      mergesGained.push({ itemId, itemTitle: title(itemId), otherItemId: newFounder, otherTitle: title(newFounder) });
    }
    const oldFounder = storyBefore ? founderBefore.get(storyBefore) : undefined;
    if (oldFounder !== undefined && oldFounder !== itemId && after.get(oldFounder) !== storyAfter) {
      mergesLost.push({ itemId, itemTitle: title(itemId), otherItemId: oldFounder, otherTitle: title(oldFounder) });
    }
  }
  return {
    dryRun: options.dryRun,
    items: replay.placements.length,
    storiesBefore: membersBefore.size,
    storiesAfter: membersAfter.size,
    mergesGained,
    mergesLost,
    settings: { threshold: settings.threshold, windowHours: settings.windowHours },
  };
}

/**
 * Every stored item through a fresh engine, one poll's items (same first sight) at a time, with
 * the clock at that first sight, so the window means what it meant then. The batches are
 * composed into one: later merges re-point earlier placements to their survivor.
 */
async function replayAll(store: Store, settings: EngineSettings, now: string): Promise<PlacementBatch & { titles: Map<number, string> }> {
  const engine = new StoryEngine(settings);
  const items = new Map<number, MatchableItem>();
  const storyOf = new Map<number, string>();
  const stories = new Map<string, Story>();
  const decisions = new Map<number, DedupDecision>();
  const linkKeyOf = new Map<number, string | null>();
  // What each item joined when placed (kept with it, so a window rebuilt after the recluster can replay it).
  const joinedOf = new Map<number, JoinedStory>();
  const byLink = new Map<string, number[]>();
  const survivor = new Map<string, string>();
  let merges: StoryMerge[] = [];
  const resolve = (id: string): string => {
    let s = id;
    while (survivor.has(s)) s = survivor.get(s)!;
    return s;
  };
  const placedStory = (id: string): PlacedStory | undefined => {
    const story = stories.get(id);
    const rep = story && items.get(story.representativeItemId);
    return (
      story &&
      rep && {
        ...story,
        representativeSourceId: rep.sourceId,
        representativeContentLength: rep.contentLength,
        representativePublished: rep.published,
        representativeFirstSeen: rep.firstSeen,
      }
    );
  };

  let group: PendingItem[] = [];
  const placeGroup = (): void => {
    if (group.length === 0) return;
    // Late items take back what sorts after them and are placed again among it, as the placer does live.
    let ordered = engine.order(group);
    const tail = engine.tailOf(ordered);
    const tailIds = new Set(tail);
    const again = tail.map((id): PendingItem => ({ ...items.get(id)!, storyId: null, pending: 'new', replacedContentLength: null }));
    if (tail.length) ordered = engine.order([...group.filter((item) => !tailIds.has(item.id)), ...again]);
    const takenBack = tail.length ? engine.takeBack(tail) : undefined;
    let linked: LinkedItem[] = [];
    for (const key of engine.linkKeys(ordered)) {
      for (const itemId of byLink.get(key) ?? []) {
        linked.push({ itemId, sourceId: items.get(itemId)!.sourceId, storyId: resolve(storyOf.get(itemId)!), linkKey: key });
      }
    }
    if (takenBack) linked = engine.linkedNow(linked, takenBack);
    const needed = new Map<string, PlacedStory>();
    for (const id of engine.storiesNeeded(ordered, linked, group[0]!.firstSeen)) {
      const placed = placedStory(id);
      if (placed) needed.set(id, placed);
    }
    const batch = engine.place(ordered, {
      now: group[0]!.firstSeen,
      linked,
      stories: needed,
      decisions: new Map(),
      replay: true,
      ...(takenBack ? { takenBack } : {}),
    });
    // A story placed again is no one's alias (a taken-back merge); a retired one is, like an absorbed one.
    for (const story of batch.stories) {
      survivor.delete(story.id);
      stories.set(story.id, story);
    }
    if (tail.length) merges = merges.filter((m) => !stories.has(m.absorbed));
    for (const { absorbed, survivor: into } of [...batch.merges, ...(batch.retired ?? [])]) {
      survivor.set(absorbed, into);
      stories.delete(absorbed);
      merges.push({ absorbed, survivor: into });
    }
    for (const p of batch.placements) {
      storyOf.set(p.itemId, p.storyId);
      linkKeyOf.set(p.itemId, p.linkKey);
      if (p.joined) joinedOf.set(p.itemId, p.joined);
      const list = p.linkKey ? (byLink.get(p.linkKey) ?? []) : [];
      if (p.linkKey && !list.includes(p.itemId)) byLink.set(p.linkKey, [...list, p.itemId]);
    }
    for (const decision of batch.decisions) decisions.set(decision.itemId, { ...decision, decidedAt: now });
    group = [];
  };
  for await (const item of store.items.all()) {
    items.set(item.id, item);
    if (group.length > 0 && group[0]!.firstSeen !== item.firstSeen) placeGroup();
    group.push({ ...item, storyId: null, pending: 'new', replacedContentLength: null });
  }
  placeGroup();

  const placements = [...storyOf].map(([itemId, storyId]) => {
    const joined = joinedOf.get(itemId);
    return { itemId, storyId: resolve(storyId), linkKey: linkKeyOf.get(itemId) ?? null, ...(joined ? { joined } : {}) };
  });
  return {
    placements,
    stories: [...stories.values()],
    merges,
    decisions: [...decisions.values()].map((d) => ({ ...d, storyId: resolve(d.storyId) })),
    titles: new Map([...items].map(([id, item]) => [id, item.title])),
  };
}

function groupByStory(placement: ReadonlyMap<number, string | null>): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  for (const [itemId, storyId] of [...placement].sort((a, b) => a[0] - b[0])) {
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
