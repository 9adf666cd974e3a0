// A story's pooled evidence: for each term, how many of its window members carry it. An item is
// compared with the core (the terms a good share of members carry), never with one member, so a
// chain of weak links cannot grow a story and a story cannot drift from what its first items said.
import { IdCounts } from './id-counts.js';
import type { ItemFeatures } from './item-features.js';
import { termIdOf, type TermIds } from './term-ids.js';

export interface StoryCore {
  storyId: string;
  /** Window members (item ids). */
  members: Set<number>;
  /** Term id (the window's `TermIds`) → members carrying it. */
  counts: IdCounts;
  /** Term id → members carrying it in their title. */
  titleCounts: IdCounts;
  /** Term id → members carrying it only as a part of a compound. */
  partCounts: IdCounts;
  /** Sources of the members, with how many members each. */
  sources: Map<string, number>;
  /**
   * For the window index: whether the story has, in each term's postings, exactly one entry under its own id per
   * member carrying the term (no member left without taking an entry along, nothing absorbed). Then no entry
   * of it is left stale when its last member carrying a term leaves.
   */
  entriesMatchCounts: boolean;
  /** The core's views as of the last change (coreView), or null when it changed since. */
  view: CoreView | null;
}

/** What an item is scored against: the core's terms, title terms and compound parts (see the functions below). */
export interface CoreView {
  terms: ReadonlySet<string>;
  /** The same terms as ids, in the same order, a term in `parts` as `~id` (term-ids.ts `termIdOf`). */
  termIds: Int32Array;
  titleTerms: readonly string[];
  /** The title terms as ids, in the same order, a term in `parts` as `~id`. */
  titleTermIds: Int32Array;
  parts: ReadonlySet<string>;
}

/** A term is in the core when at least this share of the members carry it (with one or two members: any). */
export const CORE_SHARE = 0.5;
/** The core holds at most this many terms, the most carried first: a big story's core stays its gist. */
export const CORE_MAX_TERMS = 80;

/** An empty core for a story. */
export function emptyCore(storyId: string): StoryCore {
  return {
    storyId,
    members: new Set(),
    counts: new IdCounts(),
    titleCounts: new IdCounts(),
    partCounts: new IdCounts(),
    sources: new Map(),
    entriesMatchCounts: true,
    view: null,
  };
}

/**
 * Adds a member's evidence (`termIds`: its terms as the window holds them, in `ids`). Each table follows the order of
 * the features' own lists: the order of a core's tables is the order its terms are listed and summed in.
 */
export function addToCore(core: StoryCore, f: ItemFeatures, termIds: Int32Array, ids: TermIds): void {
  if (core.members.has(f.itemId)) return;
  core.view = null;
  core.members.add(f.itemId);
  for (const term of termIds) {
    const t = termIdOf(term);
    core.counts.set(t, (core.counts.get(t) ?? 0) + 1);
  }
  for (const name of f.titleTerms) {
    const t = ids.idOf(name);
    core.titleCounts.set(t, (core.titleCounts.get(t) ?? 0) + 1);
  }
  for (const name of f.partTerms) {
    const t = ids.idOf(name);
    core.partCounts.set(t, (core.partCounts.get(t) ?? 0) + 1);
  }
  core.sources.set(f.sourceId, (core.sources.get(f.sourceId) ?? 0) + 1);
}

/** Takes a member's evidence out (pruned, or before re-adding an updated item). */
export function removeFromCore(core: StoryCore, f: ItemFeatures, termIds: Int32Array, ids: TermIds): void {
  if (!core.members.delete(f.itemId)) return;
  core.view = null;
  for (const term of termIds) {
    const t = termIdOf(term);
    const n = (core.counts.get(t) ?? 0) - 1;
    if (n > 0) core.counts.set(t, n);
    else core.counts.delete(t);
  }
  for (const name of f.titleTerms) {
    const t = ids.idOf(name);
    const n = (core.titleCounts.get(t) ?? 0) - 1;
    if (n > 0) core.titleCounts.set(t, n);
    else core.titleCounts.delete(t);
  }
  for (const name of f.partTerms) {
    const t = ids.idOf(name);
    const n = (core.partCounts.get(t) ?? 0) - 1;
    if (n > 0) core.partCounts.set(t, n);
    else core.partCounts.delete(t);
  }
  const s = (core.sources.get(f.sourceId) ?? 0) - 1;
  if (s > 0) core.sources.set(f.sourceId, s);
  else core.sources.delete(f.sourceId);
}

/** Members a term needs to be in the core. */
export function coreMinimum(core: StoryCore): number {
  return Math.max(1, Math.ceil(core.members.size * CORE_SHARE));
}

/** The core's term ids (at most CORE_MAX_TERMS: the most carried, then by name for a stable answer). */
function coreTermIds(core: StoryCore, names: readonly string[]): number[] {
  const minimum = coreMinimum(core);
  const terms: [number, number][] = [];
  for (const [t, n] of core.counts) if (n >= minimum) terms.push([t, n]);
  if (terms.length > CORE_MAX_TERMS) terms.sort((a, b) => b[1] - a[1] || (names[a[0]]! < names[b[0]]! ? -1 : 1)).length = CORE_MAX_TERMS;
  return terms.map(([t]) => t);
}

/** The core's title term ids: those a good share of the members carry in their title. */
function coreTitleTermIds(core: StoryCore): number[] {
  const minimum = coreMinimum(core);
  const terms: number[] = [];
  for (const [t, n] of core.titleCounts) if (n >= minimum) terms.push(t);
  return terms;
}

/** The core's term ids that every member carrying them has only as a part of a compound. */
function corePartIds(core: StoryCore): Set<number> {
  const parts = new Set<number>();
  for (const [t, n] of core.partCounts) if (n === core.counts.get(t)) parts.add(t);
  return parts;
}

/** The core's terms (at most CORE_MAX_TERMS: the most carried, then by name for a stable answer). */
export function coreTerms(core: StoryCore, ids: TermIds): string[] {
  return coreTermIds(core, ids.names).map((t) => ids.names[t]!);
}

/** The core's title terms: those a good share of the members carry in their title. */
export function coreTitleTerms(core: StoryCore, ids: TermIds): string[] {
  return coreTitleTermIds(core).map((t) => ids.names[t]!);
}

/** The core's terms that every member carrying them has only as a part of a compound. */
export function coreParts(core: StoryCore, ids: TermIds): Set<string> {
  return new Set([...corePartIds(core)].map((t) => ids.names[t]!));
}

/**
 * The core's terms, title terms and parts, built once per change of the core: a story is a candidate
 * for many items in a row, and rebuilding them per candidate was a good part of scoring's time.
 */
export function coreView(core: StoryCore, ids: TermIds): CoreView {
  if (core.view !== null) return core.view;
  // Only the cores scored lately keep theirs: a view per story of a 100,000-item window would cost ~100 MB.
  // (Evicted first: the slot may hold this very core, from before its last change.)
  const evicted = viewsKept[viewsNext];
  if (evicted) evicted.view = null;
  viewsKept[viewsNext] = core;
  viewsNext = (viewsNext + 1) % VIEWS_KEPT;
  const names = ids.names;
  const termIds = coreTermIds(core, names);
  const titleTermIds = coreTitleTermIds(core);
  const partIds = corePartIds(core);
  const view: CoreView = {
    terms: new Set(termIds.map((t) => names[t]!)),
    termIds: Int32Array.from(termIds, (t) => (partIds.has(t) ? ~t : t)),
    titleTerms: titleTermIds.map((t) => names[t]!),
    titleTermIds: Int32Array.from(titleTermIds, (t) => (partIds.has(t) ? ~t : t)),
    parts: new Set([...partIds].map((t) => names[t]!)),
  };
  core.view = view;
  return view;
}

const VIEWS_KEPT = 4_096;
const viewsKept: (StoryCore | undefined)[] = [];
let viewsNext = 0;

/** Moves every member of `from` into `into` (a merge of two stories). */
export function absorbCore(into: StoryCore, from: StoryCore): void {
  into.view = null;
  into.entriesMatchCounts = false; // the absorbed story's entries stay under its id
  for (const id of from.members) into.members.add(id);
  for (const [t, n] of from.counts) into.counts.set(t, (into.counts.get(t) ?? 0) + n);
  for (const [t, n] of from.titleCounts) into.titleCounts.set(t, (into.titleCounts.get(t) ?? 0) + n);
  for (const [t, n] of from.partCounts) into.partCounts.set(t, (into.partCounts.get(t) ?? 0) + n);
  for (const [s, n] of from.sources) into.sources.set(s, (into.sources.get(s) ?? 0) + n);
}
