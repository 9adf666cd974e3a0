// The story engine's window: the items of the last `windowHours` with their features and story, each
// story's core (story-core.ts), the window's term counts (term-weights.ts), exact title keys, and an
// inverted index term → stories. Candidates come from the postings of an item's most informative
// terms only, each read up to a cap: lookups cost the same whatever the history holds.
import { carrierTitleOnlyFeatures, type ItemFeatures } from './item-features.js';
import { absorbCore, addToCore, emptyCore, removeFromCore, type StoryCore } from './story-core.js';
import { StoryNumbers } from './story-numbers.js';
import { termIdOf } from './term-ids.js';
import { addTerms, emptyTermCounts, removeTerms, type TermCounts, type TermWeights } from './term-weights.js';

export interface IndexedItem {
  features: ItemFeatures;
  storyId: string;
  /** The item's terms as the window's ids (`terms.ids`; term-ids.ts `ItemTermIds.terms`), held while the item is indexed. */
  termIds: Int32Array;
  /**
   * When the item is indexed with its lead as evidence (nearly every item with a lead): what it takes to index it again on
   * its title alone once its lead is known as its site's boilerplate (source-boilerplate-lead.ts `leadCarrier`).
   */
  withLead?: LeadCarrier;
}

/** An item's title and declared language: with its features, all that its title-only features are computed from. */
export interface LeadCarrier {
  title: string;
  language: string | null;
}

export interface WindowIndex {
  items: Map<number, IndexedItem>;
  /** Exact key → the items carrying it, in the order they came: one item as its id (nearly every key), several as a list. */
  exact: Map<string, number | number[]>;
  /**
   * Lead key (`ItemFeatures.leadKey`) → the window items carrying it (source-boilerplate-lead.ts): one item as its id (nearly
   * every lead), several counted by source and title. Once counted, a lead stays counted until no window item carries it.
   */
  leads: Map<string, number | LeadTitles>;
  /** Item ids in insertion order (`queueTimes`: their window times), for pruning: two arrays of numbers, not an object per item. */
  queueItems: number[];
  queueTimes: number[];
  queueHead: number;
  /** The block the next indexed items' term ids are cut from (`blockTermIds`), and how much of it is used. */
  termBlock: Int32Array;
  termBlockUsed: number;
  /** Document frequencies of the window's terms, and their ids. */
  terms: TermCounts;
  /** Story id → its core, for every story with members in the window. */
  cores: Map<string, StoryCore>;
  /**
   * Term → the story of each window member carrying it, oldest first (a story once per member). Entries
   * go stale when a story loses the term or is merged; they are skipped on reading, and the list is
   * compacted when it holds far more entries than the term's document frequency.
   */
  postings: Map<string, number[]>;
  /** The numbers postings entries name stories by (story-numbers.ts), with each story's lookup tallies. */
  stories: StoryNumbers;
  /**
   * Terms whose postings may hold stale entries (a story that no longer carries the term). Every entry of
   * any other term's list resolves to a story whose core carries the term, so a lookup need not read the
   * core to know: reading each candidate's core costs cache misses that were most of the lookup's time.
   */
  staleTerms: Set<string>;
  /** Absorbed story id → the story it was merged into (stale postings resolve through it). */
  aliases: Map<string, string>;
  /** A story that took a published id (story-engine `keptId`) → its founder's id, which breaks ties (`tieKey`). */
  founderIds: Map<string, string>;
  /** While set, every change (indexing, merge, compaction) is recorded here, so it can be undone (`undoChanges`). */
  journal: IndexChange[] | null;
}

/**
 * The window items carrying one lead, counted by source and title: what tells a site's fixed teaser (source-boilerplate-lead.ts)
 * with a look-up, however many items carry it. Counts, not lists: an item's coming and going costs the same whatever the count.
 */
export interface LeadTitles {
  /** Source id → its items carrying the lead: how many, and how many under each title (`titleKey`). */
  bySource: Map<string, { items: number; titles: Map<string, number> }>;
  /** How many sources carry the lead under two titles or more. */
  sourcesWithTwoTitles: number;
  /** The items indexed with the lead as evidence (`IndexedItem.withLead`): few, as a lead known as boilerplate is left out. */
  withLead: Set<number>;
}

/** A title's terms as one key: the same for two items whose title terms are the same set. */
export function titleKey(titleTerms: ReadonlySet<string>): string {
  return [...titleTerms].sort().join(' ');
}

/**
 * One recorded change to the index: what `undoChanges` needs to take it back. The story engine records
 * each placement's changes, so late items can be placed again before the ones placed after them.
 */
export type IndexChange =
  | { kind: 'indexed'; itemId: number; storyId: string; previous: IndexedItem | undefined; queued: boolean }
  | { kind: 'merged'; survivor: string; absorbed: string; from: StoryCore | undefined; aliasBefore: string | undefined }
  | { kind: 'compacted'; term: string; list: string[] };

/** A new item looks up the postings of this many of its most informative terms the window knows. */
export const LOOKUP_TERMS = 8;
/** Only the most recent stories of one term's postings are read. */
export const POSTINGS_READ_CAP = 32;
/** Candidate stories scored per item, the ones sharing most looked-up information first. */
export const MAX_SCORED = 8;
/**
 * Of the MAX_SCORED, this many go to the stories nearest in time to the item (their newest member's window time) among
 * those the others left out: a report is about the story of the last hours far more often than about one of two days
 * ago, and in a busy window older stories that share more looked-up words with it can fill every other slot.
 */
export const RECENT_SLOTS = 1;

/** Oldest window time still worth indexing at `nowMs` (an hour of slack for clock skew between feeds). */
export function windowCutoff(nowMs: number, windowHours: number): number {
  return nowMs - windowHours * 3_600_000 - 3_600_000;
}

/** An empty index. */
export function emptyWindowIndex(): WindowIndex {
  return {
    items: new Map(),
    exact: new Map(),
    leads: new Map(),
    queueItems: [],
    queueTimes: [],
    queueHead: 0,
    termBlock: new Int32Array(0),
    termBlockUsed: 0,
    terms: emptyTermCounts(),
    cores: new Map(),
    postings: new Map(),
    stories: new StoryNumbers(),
    staleTerms: new Set(),
    aliases: new Map(),
    founderIds: new Map(),
    journal: null,
  };
}

/** The story an id stands for now (itself, or the survivor of merges). */
export function resolveStory(index: WindowIndex, storyId: string): string {
  let id = storyId;
  for (let next = index.aliases.get(id); next !== undefined; next = index.aliases.get(id)) id = next;
  return id;
}

/** The number of a story id (given one if the postings never named it). */
function numberOf(index: WindowIndex, storyId: string): number {
  return index.stories.numberOf(storyId, index.aliases.has(storyId));
}

/** Records that `absorbed` resolves to `survivor` (or, undefined, to itself again), on its ref too. */
function setAlias(index: WindowIndex, absorbed: string, survivor: string | undefined): void {
  if (survivor === undefined) index.aliases.delete(absorbed);
  else index.aliases.set(absorbed, survivor);
  index.stories.setAliased(absorbed, survivor !== undefined);
}

/** What ties between stories are broken by: the founder's id, so no decision depends on the id a story was published under. */
export function tieKey(index: WindowIndex, storyId: string): string {
  return index.founderIds.get(storyId) ?? storyId;
}

/**
 * Adds (or re-adds after an update) an item to the index under its story. `termIds`: the item's term ids as term-ids.ts
 * `termIdsOf` gave them since the window's last `releaseUnheld` (the placement's own), so they need no second look-up.
 */
export function indexItem(index: WindowIndex, features: ItemFeatures, storyId: string, termIds?: Int32Array, item?: LeadCarrier): void {
  indexOne(index, features, storyId, termIds, item);
  // Placed on its title alone, its lead being its site's boilerplate (a lead key without lead words): the window items
  // still indexed with that lead as evidence (the first to carry it, before a second title showed what it is) are
  // indexed again on their titles alone, so that no later item meets them on the teaser.
  if (features.leadKey && features.leadWords === 0) {
    const lead = index.leads.get(features.leadKey);
    const ids = lead === undefined ? [] : typeof lead === 'number' ? [lead] : [...lead.withLead];
    for (const id of ids) {
      const entry = index.items.get(id)!;
      if (entry.withLead) indexOne(index, carrierTitleOnlyFeatures(entry.withLead, entry.features), entry.storyId);
    }
  }
}

/** `indexItem` for this item alone. */
function indexOne(index: WindowIndex, features: ItemFeatures, storyId: string, termIds?: Int32Array, item?: LeadCarrier): void {
  const previous = index.items.get(features.itemId);
  if (previous) unindex(index, previous);
  index.journal?.push({ kind: 'indexed', itemId: features.itemId, storyId, previous, queued: !previous });
  const blockIds = blockTermIds(index, features, termIds);
  const entry: IndexedItem = { features, storyId, termIds: blockIds };
  // Indexed with its lead as evidence (a lead left out gives no lead words).
  if (item && features.leadKey && features.leadWords > 0) entry.withLead = item;
  index.items.set(features.itemId, entry);
  addTerms(index.terms, blockIds, features.language);
  let core = index.cores.get(storyId);
  if (!core) index.cores.set(storyId, (core = emptyCore(storyId)));
  // Indexed under an absorbed id (the engine never does this), its entries would not resolve to this core.
  if (index.aliases.has(storyId)) for (const t of features.terms) index.staleTerms.add(t);
  // One entry per member, so a story's newest member puts it at the end of the list: reading the
  // newest entries finds the stories active lately, a big story's as well as a new one's.
  if (features.terms.length > 0) {
    const n = numberOf(index, storyId);
    for (const t of features.terms) {
      const list = index.postings.get(t);
      if (list) list.push(n);
      else index.postings.set(t, [n]);
    }
    index.stories.entries[n]! += features.terms.length;
  }
  addToCore(core, features, blockIds, index.terms.ids);
  noteNewest(index, storyId, core, features.atMs);
  if (features.exactKey) addKeyed(index.exact, features.exactKey, features.itemId);
  if (features.leadKey) addLead(index, entry);

  if (!previous) {
    index.queueItems.push(features.itemId);
    index.queueTimes.push(features.atMs);
  }
}

/** Keeps a story's newest member time (StoryNumbers `newestMs`) right when a member joins it: the later of the two, or its only member's. */
function noteNewest(index: WindowIndex, storyId: string, core: StoryCore, atMs: number): void {
  const n = index.stories.find(storyId);
  if (n < 0) return;
  const newest = index.stories.newestMs;
  // Math.max keeps NaN (not known): a story not known stays so until a lookup works it out from all its members.
  newest[n] = core.memberCount === 1 ? atMs : Math.max(newest[n]!, atMs);
}

/** The window time of the newest member of the story numbered `n` (−Infinity without members), worked out once while none leaves. */
function newestMemberMs(index: WindowIndex, n: number): number {
  const stories = index.stories;
  let newest = stories.newestMs[n]!;
  if (!Number.isNaN(newest)) return newest;
  newest = -Infinity;
  for (const id of index.cores.get(stories.ids[n]!)?.memberIds() ?? []) {
    const at = index.items.get(id)?.features.atMs;
    if (at !== undefined && at > newest) newest = at;
  }
  stories.newestMs[n] = newest;
  return newest;
}

/** Indexed items' term ids are cut from shared blocks of this many: an Int32Array of its own cost each item ~350 bytes more (its buffer's bookkeeping, on and off the heap). */
const TERM_BLOCK = 4_096;

/**
 * The ids of an item's evidence terms (as term-ids.ts `termIdsOf` gives them: the same ids, given in the same order), in
 * a view of the index's current block. Items leave about in the order they came, so a block is garbage soon after its
 * last items left (one item indexed long ago keeps its 16 KB block).
 */
function blockTermIds(index: WindowIndex, f: ItemFeatures, known: Int32Array | undefined): Int32Array {
  const n = f.terms.length;
  if (index.termBlockUsed + n > index.termBlock.length) {
    index.termBlock = new Int32Array(Math.max(TERM_BLOCK, n));
    index.termBlockUsed = 0;
  }
  const ids = index.terms.ids;
  const block = index.termBlock;
  const start = index.termBlockUsed;
  if (known !== undefined) block.set(known, start);
  else
    for (let k = 0; k < n; k++) {
      const t = f.terms[k]!;
      block[start + k] = f.partTerms.has(t) ? ~ids.intern(t) : ids.intern(t);
    }
  index.termBlockUsed = start + n;
  return block.subarray(start, start + n);
}

/** Adds `itemId` to the items carrying a key (`exact`). */
function addKeyed(map: Map<string, number | number[]>, key: string, itemId: number): void {
  const same = map.get(key);
  if (same === undefined) map.set(key, itemId);
  else if (typeof same === 'number') {
    if (same !== itemId) map.set(key, [same, itemId]);
  } else if (!same.includes(itemId)) same.push(itemId);
}

/** Counts an indexed item under its lead (`leads`): its id alone while it is the lead's only carrier. */
function addLead(index: WindowIndex, entry: IndexedItem): void {
  const f = entry.features;
  const known = index.leads.get(f.leadKey!);
  if (known === undefined) {
    index.leads.set(f.leadKey!, f.itemId);
    return;
  }
  let lead: LeadTitles;
  if (typeof known === 'number') {
    // A second carrier: the lead is counted from here on, its first carrier with it.
    lead = { bySource: new Map(), sourcesWithTwoTitles: 0, withLead: new Set() };
    index.leads.set(f.leadKey!, lead);
    countLead(lead, index.items.get(known)!);
  } else lead = known;
  countLead(lead, entry);
}

function countLead(lead: LeadTitles, entry: IndexedItem): void {
  const f = entry.features;
  if (entry.withLead) lead.withLead.add(f.itemId);
  let source = lead.bySource.get(f.sourceId);
  if (!source) lead.bySource.set(f.sourceId, (source = { items: 0, titles: new Map() }));
  const title = titleKey(f.titleTerms);
  const count = source.titles.get(title) ?? 0;
  source.titles.set(title, count + 1);
  source.items++;
  if (count === 0 && source.titles.size === 2) lead.sourcesWithTwoTitles++;
}

/** Takes an item out of the counts of its lead (`leads`): `f` as it was indexed, so it takes out what `addLead` put in. */
function dropLead(leads: Map<string, number | LeadTitles>, f: ItemFeatures): void {
  const lead = leads.get(f.leadKey!);
  if (typeof lead === 'number') {
    if (lead === f.itemId) leads.delete(f.leadKey!);
    return;
  }
  const source = lead?.bySource.get(f.sourceId);
  const title = titleKey(f.titleTerms);
  const count = source?.titles.get(title);
  if (!lead || !source || count === undefined) return;
  lead.withLead.delete(f.itemId);
  source.items--;
  if (count > 1) {
    source.titles.set(title, count - 1);
    return;
  }
  source.titles.delete(title);
  if (source.titles.size === 1) lead.sourcesWithTwoTitles--;
  else if (source.titles.size === 0) {
    lead.bySource.delete(f.sourceId);
    if (lead.bySource.size === 0) leads.delete(f.leadKey!);
  }
}

/** Takes `itemId` out of the items carrying a key (`exact`). */
function dropKeyed(map: Map<string, number | number[]>, key: string, itemId: number): void {
  const same = map.get(key);
  if (same === undefined) return;
  if (typeof same === 'number') {
    if (same === itemId) map.delete(key);
    return;
  }
  const left = same.filter((id) => id !== itemId);
  if (left.length) map.set(key, left);
  else map.delete(key);
}

/** Takes an item's evidence out of the term counts, its story's core and the exact keys. */
function unindex(index: WindowIndex, entry: IndexedItem): void {
  const f = entry.features;
  removeTerms(index.terms, entry.termIds, f.language);
  const core = index.cores.get(entry.storyId);
  if (core) {
    removeFromCore(core, f, entry.termIds, index.terms.ids);
    const own = index.stories.find(entry.storyId);
    // Members leave oldest first: the story's newest member time changes only when the newest leaves.
    if (own >= 0 && !(f.atMs < index.stories.newestMs[own]!)) index.stories.newestMs[own] = NaN;
    for (let k = 0; k < f.terms.length; k++) {
      const t = f.terms[k]!;
      // Items leave oldest first, so the item's entry is most often the list's first: drop it now;
      // others stay until a lookup compacts the list (they are skipped as stale or repeated).
      const list = index.postings.get(t);
      if (list !== undefined && list[0] === own) index.stories.release(list.shift()!);
      else core.entriesMatchCounts = false;
      if (list?.length === 0) {
        index.postings.delete(t);
        index.staleTerms.delete(t);
      } else if (list && !core.carries(termIdOf(entry.termIds[k]!)) && !core.entriesMatchCounts) {
        // Entries of the story may be left in t's list; they are stale now. (While every member that left took
        // one of the story's entries with it, the story has as many entries in each list as members carrying the term: none.)
        index.staleTerms.add(t);
      }
    }
    if (core.memberCount === 0) index.cores.delete(entry.storyId);
    else settleCore(index, core);
  } else {
    for (const t of f.terms) if (index.postings.has(t)) index.staleTerms.add(t);
  }
  if (f.exactKey) dropKeyed(index.exact, f.exactKey, f.itemId);
  if (f.leadKey) dropLead(index.leads, f);
}

/** A core a member left: with one member left, it reads that member again instead of its tables where they agree (story-core `settle`). */
function settleCore(index: WindowIndex, core: StoryCore): void {
  if (core.memberCount !== 1) return;
  for (const id of core.memberIds()) {
    const entry = index.items.get(id);
    if (entry) core.settle(entry.features, entry.termIds);
  }
}

/** Drops items whose window time is before `cutoffMs`; `onRemove` hears of each. */
export function pruneWindowIndex(index: WindowIndex, cutoffMs: number, onRemove?: (entry: IndexedItem) => void): void {
  // The queue is in insertion order, which follows time closely; stop at the first recent entry
  // and let a few out-of-order old items wait for a later pass (matching checks the window).
  while (index.queueHead < index.queueItems.length && index.queueTimes[index.queueHead]! < cutoffMs) {
    const itemId = index.queueItems[index.queueHead]!;
    const entry = index.items.get(itemId);
    if (entry) {
      index.items.delete(itemId);
      unindex(index, entry);
      onRemove?.(entry);
    }
    index.queueHead++;
  }
  if (index.queueHead > 4096 && index.queueHead * 2 > index.queueItems.length) {
    index.queueItems = index.queueItems.slice(index.queueHead);
    index.queueTimes = index.queueTimes.slice(index.queueHead);
    index.queueHead = 0;
  }
  if (index.cores.size === 0) {
    for (const id of index.aliases.keys()) {
      index.stories.setAliased(id, false);
    }
    index.aliases.clear();
  }
  index.stories.sweep();
}

/** Moves every window member of `absorbed` into `survivor`; later lookups of the absorbed id find the survivor. */
export function mergeStories(index: WindowIndex, survivor: string, absorbed: string): void {
  const from = index.cores.get(absorbed);
  index.journal?.push({ kind: 'merged', survivor, absorbed, from, aliasBefore: index.aliases.get(absorbed) });
  let into = index.cores.get(survivor);
  if (!into) index.cores.set(survivor, (into = emptyCore(survivor)));
  if (from) {
    for (const id of from.memberIds()) {
      const entry = index.items.get(id);
      if (entry) entry.storyId = survivor;
    }
    absorbCore(into, from);
    index.cores.delete(absorbed);
  }
  index.stories.forgetNewest(survivor);
  setAlias(index, absorbed, survivor);
}

/** A story found through the postings, with the looked-up information (bits) it shares with the item. */
export interface Candidate {
  storyId: string;
  bits: number;
}

/**
 * Stories sharing one of the item's LOOKUP_TERMS most informative known terms, the ones sharing
 * most of that information first, at most MAX_SCORED. Cost: the item's terms plus
 * LOOKUP_TERMS × POSTINGS_READ_CAP, whatever the window holds.
 */
export function candidateStories(index: WindowIndex, f: ItemFeatures, weights: TermWeights): Candidate[] {
  const known: { term: string; id: number; list: number[]; bits: number }[] = [];
  const ids = index.terms.ids;
  for (const term of f.terms) {
    const list = index.postings.get(term);
    if (!list) continue;
    // A term the window lists but no window item carries (its entries all stale) has no id.
    const id = ids.idOf(term);
    known.push({ term, id, list, bits: id >= 0 ? weights.weightOf(id) : weights.weight(term) });
  }
  known.sort((a, b) => b.bits - a.bits || (a.term < b.term ? -1 : 1));
  // The item itself (an update) is no evidence for its own story: the one story it can be alone in.
  const own = index.items.get(f.itemId);
  const ownStory = own ? own.storyId : null;
  // Each story met keeps its tallies under its number (story-numbers.ts), marked with this lookup's number: the bits it
  // shares (when counted) and the last looked-up term that met it, so a story is counted once per term, with no look-up
  // per entry read.
  const stories = index.stories;
  const lookup = stories.nextLookup();
  /** The stories counted, in the order they were first counted (the order a table of hits would list them in). */
  const hits: number[] = [];
  let turn = 0;
  for (const { term, id: termId, list, bits } of lookupTerms(known, f.titleTerms)) {
    turn++;
    const df = termId >= 0 ? ids.documentFrequency[termId]! : 0;
    if (list.length > 2 * df + 16) compact(index, term, termId, list);
    const checkLive = index.staleTerms.has(term);
    let read = 0;
    for (let i = list.length - 1; i >= 0 && read < POSTINGS_READ_CAP; i--) {
      let n = list[i]!;
      if (stories.aliased[n] === 1) n = numberOf(index, resolveStory(index, stories.ids[n]!));
      if (stories.lookup[n] !== lookup) {
        stories.lookup[n] = lookup;
        stories.bits[n] = 0;
        stories.hit[n] = 0;
        stories.turn[n] = turn;
      } else if (stories.turn[n] === turn) continue;
      else stories.turn[n] = turn;
      if (checkLive && !index.cores.get(stories.ids[n]!)?.carries(termId)) continue;
      if (ownStory !== null && stories.ids[n] === ownStory && index.cores.get(ownStory)!.memberCount === 1) continue;
      read++;
      if (stories.hit[n] === 0) {
        stories.hit[n] = 1;
        hits.push(n);
      }
      stories.bits[n]! += bits;
    }
  }
  const key = index.founderIds.size > 0 ? (id: string): string => tieKey(index, id) : null;
  const after = (a: number, b: number): boolean => (key === null ? stories.idAfter(a, b) : key(stories.ids[a]!) > key(stories.ids[b]!));
  const top = strongest(hits, stories.bits, MAX_SCORED - RECENT_SLOTS, after);
  if (hits.length > top.length) {
    // The rest, by distance in time to the item: each a number from this lookup's tallies, so marked in `hit` (2: chosen).
    for (const n of top) stories.hit[n] = 2;
    const rest = hits.filter((n) => stories.hit[n] !== 2);
    const distance = rest.map((n) => Math.abs(f.atMs - newestMemberMs(index, n)));
    top.push(...nearest(rest, distance, stories.bits, RECENT_SLOTS, after));
  }
  return top.map((n) => ({ storyId: stories.ids[n]!, bits: stories.bits[n]! }));
}

/**
 * The `count` stories sharing most bits (then by id: `after`), best first: a selection, not a sort of every hit.
 */
function strongest(hits: readonly number[], bitsOf: Float64Array, count: number, after: (a: number, b: number) => boolean): number[] {
  const top: number[] = [];
  for (const n of hits) {
    const bits = bitsOf[n]!;
    if (top.length === count) {
      const last = top[count - 1]!;
      if (bits < bitsOf[last]! || (bits === bitsOf[last]! && after(n, last))) continue;
      top.pop();
    }
    let at = top.length;
    while (at > 0 && (bitsOf[top[at - 1]!]! < bits || (bitsOf[top[at - 1]!]! === bits && after(top[at - 1]!, n)))) at--;
    top.splice(at, 0, n);
  }
  return top;
}

/**
 * The `count` stories nearest in time (`distance[k]`: of `hits[k]`), then sharing most bits, then by id (`after`),
 * nearest first.
 */
function nearest(
  hits: readonly number[],
  distance: readonly number[],
  bitsOf: Float64Array,
  count: number,
  after: (a: number, b: number) => boolean,
): number[] {
  // Positions in `hits`, compared by their story's distance, bits and id.
  const before = (i: number, j: number): boolean => {
    const a = hits[i]!;
    const b = hits[j]!;
    if (distance[i] !== distance[j]) return distance[i]! < distance[j]!;
    if (bitsOf[a] !== bitsOf[b]) return bitsOf[a]! > bitsOf[b]!;
    return after(b, a);
  };
  const chosen: number[] = [];
  for (let k = 0; k < hits.length; k++) {
    if (chosen.length === count) {
      if (!before(k, chosen[count - 1]!)) continue;
      chosen.pop();
    }
    let at = chosen.length;
    while (at > 0 && before(k, chosen[at - 1]!)) at--;
    chosen.splice(at, 0, k);
  }
  return chosen.map((k) => hits[k]!);
}

/**
 * The terms to look up, most informative first: up to half from the title, the rest from the whole text. The
 * headline names the event; by information alone a lead's words win, since every outlet's copy of a headline
 * makes its words more common in the window (and a story whose copies agree only in the headline went unfound).
 */
function lookupTerms<T extends { term: string }>(known: readonly T[], title: ReadonlySet<string>): T[] {
  const chosen = known.filter((k) => title.has(k.term)).slice(0, LOOKUP_TERMS / 2);
  for (const k of known) {
    if (chosen.length >= LOOKUP_TERMS) break;
    if (!chosen.includes(k)) chosen.push(k);
  }
  return chosen;
}

/** Rewrites a postings list without stale or repeated entries. */
function compact(index: WindowIndex, term: string, termId: number, list: number[]): void {
  const stories = index.stories;
  // By id: a number the list no longer names may be given to another story before this is taken back.
  index.journal?.push({ kind: 'compacted', term, list: list.map((n) => stories.ids[n]!) });
  // Newest first, so each story keeps its latest place; then back to oldest first.
  const live: number[] = [];
  const seen = new Set<string>();
  for (let i = list.length - 1; i >= 0; i--) {
    const id = resolveStory(index, stories.ids[list[i]!]!);
    if (seen.has(id) || !index.cores.get(id)?.carries(termId)) continue;
    seen.add(id);
    live.push(numberOf(index, id));
  }
  live.reverse();
  for (const n of live) stories.entries[n]!++;
  for (const n of list) stories.release(n);
  if (live.length) index.postings.set(term, live);
  else index.postings.delete(term);
  index.staleTerms.delete(term);
  list.length = 0;
  for (const n of live) list.push(n);
}

/**
 * Takes back recorded changes, newest first: the index is then as before them (postings, cores, term
 * counts, exact keys, merges), except that items pruned meanwhile stay out and some terms are marked
 * as possibly stale (a check, never a different answer). Returns the items a taken-back merge moved
 * back to their own story.
 */
export function undoChanges(index: WindowIndex, changes: readonly IndexChange[]): number[] {
  const moved: number[] = [];
  for (let k = changes.length - 1; k >= 0; k--) {
    const change = changes[k]!;
    if (change.kind === 'indexed') undoIndexed(index, change);
    else if (change.kind === 'merged') moved.push(...undoMerged(index, change));
    else restoreList(index, change.term, change.list);
  }
  return moved;
}

/** Puts a compacted list back as it was (by its stories' ids: see `compact`). */
function restoreList(index: WindowIndex, term: string, list: readonly string[]): void {
  const restored = list.map((id) => numberOf(index, id));
  for (const n of restored) index.stories.entries[n]!++;
  for (const n of index.postings.get(term) ?? []) index.stories.release(n);
  index.postings.set(term, restored);
  index.staleTerms.add(term);
}

function undoIndexed(index: WindowIndex, change: Extract<IndexChange, { kind: 'indexed' }>): void {
  const entry = index.items.get(change.itemId);
  // Absent: pruned since (it left the window), nothing left to take out.
  if (entry) {
    index.items.delete(change.itemId);
    const f = entry.features;
    removeTerms(index.terms, entry.termIds, f.language);
    const core = index.cores.get(entry.storyId);
    if (core) removeFromCore(core, f, entry.termIds, index.terms.ids);
    index.stories.forgetNewest(entry.storyId);
    // The item's postings entries are the newest of their lists (later ones were taken back first).
    const own = index.stories.find(entry.storyId);
    for (const t of f.terms) {
      const list = index.postings.get(t);
      if (!list) continue;
      if (list[list.length - 1] === own) {
        index.stories.release(list.pop()!);
        if (list.length === 0) {
          index.postings.delete(t);
          index.staleTerms.delete(t);
        }
      } else {
        index.staleTerms.add(t);
        if (core) core.entriesMatchCounts = false;
      }
    }
    if (core?.memberCount === 0) index.cores.delete(entry.storyId);
    else if (core) settleCore(index, core);
    if (f.exactKey) dropKeyed(index.exact, f.exactKey, f.itemId);
    if (f.leadKey) dropLead(index.leads, f);
  }
  const queued = index.queueItems.length;
  if (change.queued && queued > index.queueHead && index.queueItems[queued - 1] === change.itemId) {
    index.queueItems.pop();
    index.queueTimes.pop();
  }
  // An update taken back: the version before it is indexed again (under the story it had then).
  if (change.previous) {
    const journal = index.journal;
    index.journal = null;
    // As it was: the items its indexing put on their titles were recorded on their own, and are taken back on their own.
    indexOne(index, change.previous.features, change.previous.storyId, undefined, change.previous.withLead);
    index.journal = journal;
  }
}

function undoMerged(index: WindowIndex, change: Extract<IndexChange, { kind: 'merged' }>): number[] {
  const into = index.cores.get(change.survivor);
  const restored = emptyCore(change.absorbed);
  // Conservative: entries of either story may now be stale in some lists (checked on reading).
  restored.entriesMatchCounts = false;
  const moved: number[] = [];
  for (const id of change.from?.memberIds() ?? []) {
    const entry = index.items.get(id);
    if (!entry || entry.storyId !== change.survivor) continue;
    entry.storyId = change.absorbed;
    if (into) removeFromCore(into, entry.features, entry.termIds, index.terms.ids);
    addToCore(restored, entry.features, entry.termIds, index.terms.ids);
    moved.push(id);
  }
  index.stories.forgetNewest(change.survivor);
  index.stories.forgetNewest(change.absorbed);
  if (restored.memberCount > 0) index.cores.set(change.absorbed, restored);
  if (into && into.memberCount === 0) index.cores.delete(change.survivor);
  else if (into) settleCore(index, into);
  setAlias(index, change.absorbed, change.aliasBefore);
  return moved;
}

/** Other indexed items carrying a key of `map` (`exact`). */
export function itemsKeyed(index: WindowIndex, map: Map<string, number | number[]>, key: string | null, itemId: number): number[] {
  if (!key) return [];
  const same = map.get(key);
  if (same === undefined) return [];
  if (typeof same === 'number') return same !== itemId && index.items.has(same) ? [same] : [];
  return same.filter((id) => id !== itemId && index.items.has(id));
}

/** Items with the same normalised title + lead. */
export function exactTitleMatches(index: WindowIndex, features: ItemFeatures): number[] {
  return itemsKeyed(index, index.exact, features.exactKey, features.itemId);
}
