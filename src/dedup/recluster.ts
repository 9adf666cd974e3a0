// Replays every stored item through a fresh story engine with the current settings: what
// `feedmerge recluster` runs after a settings change. Story ids survive because they come from
// the founding item (story-id.ts), which the replay finds again: a story the replay splits keeps
// its id on the part holding that item. The replay is computed in memory; only a real run (not
// --dry-run) writes it, in one transaction, with the absorbed ids readers must be told about
// (`aliasesAfter`: the Atom tombstones and maxAgeHours keeps of deleted-entries.ts and
// render-publication.ts read them).
import type { DedupDecision, JoinedStory, MatchableItem, PendingItem, PlacementBatch, Story } from '../model.js';
import type { LinkedItem, PlacedStory, Store, StoryAlias } from '../store/store.js';
import { StoryEngine, type EngineSettings } from './story-engine.js';
import { storyIdFor } from './story-id.js';

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
  /** Story ids stored before that no story has after (absorbed, or their items under other ids): Atom tombstones from the next publish (deleted-entries.ts). */
  idsAbsorbed: number;
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
  const oldAliases = await store.stories.aliases();
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
  const aliases = aliasesAfter({ now, before, after, oldStories, oldAliases, replay });
  if (!options.dryRun) {
    await store.transaction(async (session) => {
      await session.placements.clear();
      await session.placements.apply({ ...replay, stories });
      await session.placements.saveAliases(aliases);
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
    idsAbsorbed: aliases.filter((a) => oldStories.has(a.storyId)).length,
    settings: { threshold: settings.threshold, windowHours: settings.windowHours },
  };
}

/**
 * Every stored item through a fresh engine, one poll's items (same first sight) at a time, with
 * the clock at that first sight, so the window means what it meant then. The batches are
 * composed into one: later merges re-point earlier placements to their survivor.
 */
async function replayAll(store: Store, settings: EngineSettings, now: string): Promise<Replay> {
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
  // Each story's members as the store would hold them between batches, and what each merge recorded as a live
  // merge stores it (store/sqlite/placements.ts absorb): the absorbed story's published time and member sources
  // before the batch moved anything, dated by the batch's clock; an id already absorbed keeps its first record.
  const members = new Map<string, Set<number>>();
  const memberOf = new Map<number, string>();
  const absorbedBy = new Map<string, Omit<StoryAlias, 'storyId' | 'survivorId'>>();
  const join = (itemId: number, storyId: string): void => {
    const was = memberOf.get(itemId);
    if (was !== undefined) members.get(was)?.delete(itemId);
    memberOf.set(itemId, storyId);
    const set = members.get(storyId);
    if (set) set.add(itemId);
    else members.set(storyId, new Set([itemId]));
  };
  const moveMembers = (from: string, to: string): void => {
    for (const itemId of members.get(from) ?? []) join(itemId, to);
    members.delete(from);
  };
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
    const again = tail.map((id): PendingItem => ({
      ...items.get(id)!,
      storyId: null,
      pending: 'new',
      replacedContentLength: null,
      replaced: null,
    }));
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
    const absorbedNow = [...batch.merges, ...(batch.retired ?? [])];
    for (const { absorbed } of absorbedNow) {
      if (absorbedBy.has(absorbed)) continue;
      const memberIds = [...(members.get(absorbed) ?? [])].sort((a, b) => a - b);
      const sources = memberIds.map((itemId) => items.get(itemId)!.sourceId);
      const story = stories.get(absorbed);
      absorbedBy.set(absorbed, {
        absorbedAt: group[0]!.firstSeen,
        published: story?.published ?? null,
        sources,
        title: story?.title ?? null,
        memberIds,
      });
    }
    for (const { absorbed, survivor: into } of batch.merges) moveMembers(absorbed, into);
    for (const p of batch.placements) join(p.itemId, p.storyId);
    for (const { absorbed, survivor: into } of batch.retired ?? []) moveMembers(absorbed, into);
    // A story placed again is no one's alias (a taken-back merge); a retired one is, like an absorbed one.
    for (const story of batch.stories) {
      survivor.delete(story.id);
      absorbedBy.delete(story.id);
      stories.set(story.id, story);
    }
    for (const { absorbed, survivor: into } of absorbedNow) {
      survivor.set(absorbed, into);
      stories.delete(absorbed);
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
    group.push({ ...item, storyId: null, pending: 'new', replacedContentLength: null, replaced: null });
  }
  placeGroup();

  const placements = [...storyOf].map(([itemId, storyId]) => {
    const joined = joinedOf.get(itemId);
    return { itemId, storyId: resolve(storyId), linkKey: linkKeyOf.get(itemId) ?? null, ...(joined ? { joined } : {}) };
  });
  return {
    placements,
    stories: [...stories.values()],
    // The replay's merges go in `aliases`, dated and with their sources: `apply` would date them by the batch and
    // read the rest from rows that `clear` emptied.
    merges: [],
    decisions: [...decisions.values()].map((d) => ({ ...d, storyId: resolve(d.storyId) })),
    titles: new Map([...items].map(([id, item]) => [id, item.title])),
    items,
    aliases: [...absorbedBy]
      .filter(([id]) => !stories.has(id) && stories.has(resolve(id)))
      .map(([id, record]) => ({ storyId: id, survivorId: resolve(id), ...record })),
  };
}

interface Replay extends PlacementBatch {
  titles: Map<number, string>;
  /** Every stored item, by id. */
  items: Map<number, MatchableItem>;
  /** The ids the replay absorbed into a story it keeps, recorded as live merges are. */
  aliases: StoryAlias[];
}

/**
 * The absorbed ids to store after a recluster, each pointing to the story that holds its items now: the story
 * its founding item is in (a story's id is its founder's, story-id.ts), or where the replay merged it. An id that
 * is a story after the replay gets none: a reader must never be told a live entry is deleted. The merge time is
 * the time the id's entry left the outputs, the RFC 6721 `when`:
 * - an id absorbed before the recluster keeps what its merge recorded (its entry left then and has not come
 *   back); only where that alias knew no published time or sources (a recluster of an earlier version stored
 *   none) the replay's merge of the same id fills them in;
 * - a story listed before the recluster and gone after it is dated by the recluster (`now`): its entry leaves
 *   the outputs at the next publish. Not by the replay's merge time, which is the first sight of the items
 *   that merged it, often days ago: past `dedup.windowHours` or `maxAgeHours` no tombstone would be published
 *   and readers would keep the entry for ever. Its published time, sources, title and members are those the
 *   outputs listed it with (the story before), so an output's words decide its tombstone and a maxAgeHours
 *   output keeps its survivor as long as it would have kept it. All share `now`: absorbedSince lists them newest
 *   story first, and deleted-entries.ts shows as many as an output's pages hold;
 * - an id only the replay made and absorbed (never stored, so no reader holds it) is stored as the replay's
 *   merge recorded it but undated: never announced, it takes no tombstone's place nor dates a feed.
 */
function aliasesAfter(input: {
  now: string;
  before: ReadonlyMap<number, string | null>;
  after: ReadonlyMap<number, string>;
  oldStories: ReadonlyMap<string, Story>;
  oldAliases: readonly StoryAlias[];
  replay: Replay;
}): StoryAlias[] {
  const { now, before, after, oldStories, replay } = input;
  const live = new Set(replay.stories.map((s) => s.id));
  const oldAliases = new Map(input.oldAliases.map((a) => [a.storyId, a]));
  const replayed = new Map(replay.aliases.map((a) => [a.storyId, a]));
  const membersBefore = groupByStory(before);
  const gone = [...new Set([...oldStories.keys(), ...oldAliases.keys(), ...replayed.keys()])].filter((id) => !live.has(id));

  // The item each gone id was founded by, for those the replay did not merge (their founder joined another story).
  const unplaced = new Set(gone.filter((id) => !replayed.has(id)));
  const founder = new Map<string, number>();
  if (unplaced.size) {
    for (const item of replay.items.values()) {
      const id = storyIdFor(item.sourceId, item.key);
      if (unplaced.has(id) && !founder.has(id)) founder.set(id, item.id);
    }
  }
  const holder = (id: string): string | undefined => {
    const found = replayed.get(id)?.survivorId ?? after.get(founder.get(id) ?? -1);
    if (found !== undefined) return found;
    // No founding item stored (never seen here): where its oldest member went, or its old survivor's.
    const oldest = membersBefore.get(oldAliases.get(id)?.survivorId ?? id)?.[0];
    return oldest === undefined ? undefined : after.get(oldest);
  };

  const out: StoryAlias[] = [];
  for (const id of gone) {
    const survivorId = holder(id);
    if (survivorId === undefined || !live.has(survivorId)) continue;
    const old = oldAliases.get(id);
    const made = replayed.get(id);
    const story = oldStories.get(id);
    if (old) {
      out.push({
        ...old,
        survivorId,
        published: old.published ?? made?.published ?? null,
        sources: old.sources?.length ? old.sources : (made?.sources ?? old.sources),
        title: old.title ?? made?.title ?? null,
        memberIds: old.memberIds ?? made?.memberIds ?? null,
      });
    } else if (story) {
      const memberIds = membersBefore.get(id) ?? [];
      const sources = memberIds.map((itemId) => replay.items.get(itemId)!.sourceId);
      // In the form every stored time has (absorbedSince compares them as text).
      const absorbedAt = new Date(now).toISOString();
      out.push({ storyId: id, survivorId, absorbedAt, published: story.published, sources, title: story.title, memberIds });
    } else if (made) {
      // Never stored, so never listed: no reader holds its entry. No date, so it is never announced (nor takes
      // a tombstone's place, nor dates a feed); the rest is kept as a live merge keeps it.
      out.push({ ...made, absorbedAt: null });
    }
  }
  return out;
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
