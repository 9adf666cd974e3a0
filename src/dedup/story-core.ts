// A story's pooled evidence: for each term, how many of its window members carry it. An item is
// compared with the core (the terms a good share of members carry), never with one member, so a
// chain of weak links cannot grow a story and a story cannot drift from what its first items said.
import { IdCounts } from './id-counts.js';
import type { ItemFeatures } from './item-features.js';
import { termIdOf, type TermIds } from './term-ids.js';

/** A story core's tables, kept once the story has a second member (or its one member's evidence is not laid out as they are). */
interface CoreTables {
  /** Window members (item ids), in the order they joined. */
  members: Set<number>;
  /** Term id (the window's `TermIds`) → members carrying it. */
  counts: IdCounts;
  /** Term id → members carrying it in their title. */
  titleCounts: IdCounts;
  /** Term id → members carrying it only as a part of a compound. */
  partCounts: IdCounts;
  /** Sources of the members, with how many members each. */
  sources: Map<string, number>;
}

/**
 * A story's members and, per term, how many of them carry it. Most stories of a window have one member (bench:poll-files:
 * 99,852 stories for 100,000 items), and for one member the tables would only repeat its evidence: the core then holds the
 * member's features and term ids (the window index's own arrays) and reads its counts from them, ~70 bytes instead of
 * ~1.2 KB of tables. The tables are built when a second member joins, with their entries in the order one member's
 * evidence lists them, which is the order the tables would have had: sums over a core come out the same to the last bit.
 */
export class StoryCore {
  /** The one member while the core keeps no tables (null with tables, and in an empty core). */
  private member: ItemFeatures | null = null;
  /** The one member's term ids as the window holds them (`IndexedItem.termIds`). */
  private memberTermIds: Int32Array | null = null;
  private tables: CoreTables | null = null;
  /**
   * For the window index: whether the story has, in each term's postings, exactly one entry under its own id per
   * member carrying the term (no member left without taking an entry along, nothing absorbed). Then no entry
   * of it is left stale when its last member carrying a term leaves.
   */
  entriesMatchCounts = true;
  /** The core's views as of the last change (coreView), or null when it changed since. */
  view: CoreView | null = null;

  constructor(readonly storyId: string) {}

  /** Window members. */
  get memberCount(): number {
    return this.tables ? this.tables.members.size : this.member ? 1 : 0;
  }

  /** The members' item ids, in the order they joined (the founder first). */
  memberIds(): Iterable<number> {
    return this.tables ? this.tables.members : this.member ? [this.member.itemId] : [];
  }

  hasMember(itemId: number): boolean {
    return this.tables ? this.tables.members.has(itemId) : this.member?.itemId === itemId;
  }

  /** Whether a member comes from `sourceId`. */
  hasSource(sourceId: string): boolean {
    return this.tables ? this.tables.sources.has(sourceId) : this.member?.sourceId === sourceId;
  }

  /** Whether a member carries the term `id`. */
  carries(id: number): boolean {
    if (this.tables) return this.tables.counts.has(id);
    const termIds = this.memberTermIds;
    if (termIds) for (let k = 0; k < termIds.length; k++) if (termIdOf(termIds[k]!) === id) return true;
    return false;
  }

  /** The one member's term ids and its title's term count while the core keeps no tables (else null): `coreView` reads them directly. */
  get soleMember(): { termIds: Int32Array; titles: number } | null {
    if (this.tables || !this.member || !this.memberTermIds) return null;
    return { termIds: this.memberTermIds, titles: this.member.titleTerms.size };
  }

  /** Term id → members carrying it, in the order the core sums them. */
  get counts(): ReadonlyMap<number, number> {
    return this.tables ? this.tables.counts : new MemberTermCounts(this.memberTermIds, 'all', 0);
  }

  /** Term id → members carrying it in their title. */
  get titleCounts(): ReadonlyMap<number, number> {
    return this.tables ? this.tables.titleCounts : new MemberTermCounts(this.memberTermIds, 'title', this.member?.titleTerms.size ?? 0);
  }

  /** Term id → members carrying it only as a part of a compound. */
  get partCounts(): ReadonlyMap<number, number> {
    return this.tables ? this.tables.partCounts : new MemberTermCounts(this.memberTermIds, 'parts', 0);
  }

  /** Sources of the members, with how many members each. */
  get sources(): ReadonlyMap<string, number> {
    return this.tables ? this.tables.sources : new Map(this.member ? [[this.member.sourceId, 1]] : []);
  }

  /** Adds a member (see `addToCore`). */
  add(f: ItemFeatures, termIds: Int32Array, ids: TermIds): void {
    if (this.hasMember(f.itemId)) return;
    this.view = null;
    if (!this.tables && !this.member && laidOutAsTables(f, termIds, ids)) {
      this.member = f;
      this.memberTermIds = termIds;
      return;
    }
    const tables = this.tablesNow();
    tables.members.add(f.itemId);
    for (const term of termIds) {
      const t = termIdOf(term);
      tables.counts.set(t, (tables.counts.get(t) ?? 0) + 1);
    }
    for (const name of f.titleTerms) {
      const t = ids.idOf(name);
      tables.titleCounts.set(t, (tables.titleCounts.get(t) ?? 0) + 1);
    }
    for (const name of f.partTerms) {
      const t = ids.idOf(name);
      tables.partCounts.set(t, (tables.partCounts.get(t) ?? 0) + 1);
    }
    tables.sources.set(f.sourceId, (tables.sources.get(f.sourceId) ?? 0) + 1);
  }

  /** Takes a member out (see `removeFromCore`). */
  remove(f: ItemFeatures, termIds: Int32Array, ids: TermIds): void {
    if (!this.hasMember(f.itemId)) return;
    this.view = null;
    const tables = this.tables;
    if (!tables) {
      this.member = null;
      this.memberTermIds = null;
      return;
    }
    tables.members.delete(f.itemId);
    for (const term of termIds) {
      const t = termIdOf(term);
      const n = (tables.counts.get(t) ?? 0) - 1;
      if (n > 0) tables.counts.set(t, n);
      else tables.counts.delete(t);
    }
    for (const name of f.titleTerms) {
      const t = ids.idOf(name);
      const n = (tables.titleCounts.get(t) ?? 0) - 1;
      if (n > 0) tables.titleCounts.set(t, n);
      else tables.titleCounts.delete(t);
    }
    for (const name of f.partTerms) {
      const t = ids.idOf(name);
      const n = (tables.partCounts.get(t) ?? 0) - 1;
      if (n > 0) tables.partCounts.set(t, n);
      else tables.partCounts.delete(t);
    }
    const s = (tables.sources.get(f.sourceId) ?? 0) - 1;
    if (s > 0) tables.sources.set(f.sourceId, s);
    else tables.sources.delete(f.sourceId);
    if (tables.members.size === 0) this.tables = null;
  }

  /**
   * With one member left whose evidence the tables list exactly as that member alone lays it out (same entries, same
   * order), drops the tables: the core reads that member again. Otherwise (a member that joined earlier left, so the
   * tables list the terms in another order) the tables stay, and with them the order of every sum.
   */
  settle(f: ItemFeatures, termIds: Int32Array): void {
    const tables = this.tables;
    if (!tables || tables.members.size !== 1 || !tables.members.has(f.itemId)) return;
    if (tables.sources.size !== 1 || !tables.sources.has(f.sourceId) || tables.counts.size !== termIds.length) return;
    const titles = f.titleTerms.size;
    let k = 0;
    for (const [t, n] of tables.counts) if (n !== 1 || t !== termIdOf(termIds[k++]!)) return;
    if (tables.titleCounts.size !== titles) return;
    k = 0;
    for (const [t, n] of tables.titleCounts) if (n !== 1 || t !== termIdOf(termIds[k++]!)) return;
    k = 0;
    for (const [t, n] of tables.partCounts) {
      while (k < termIds.length && termIds[k]! >= 0) k++;
      if (n !== 1 || k === termIds.length || t !== ~termIds[k++]!) return;
    }
    while (k < termIds.length && termIds[k]! >= 0) k++;
    if (k !== termIds.length) return;
    this.tables = null;
    this.member = f;
    this.memberTermIds = termIds;
  }

  /** The tables, built from the one member if the core had none (its entries in the order of its evidence). */
  private tablesNow(): CoreTables {
    if (this.tables) return this.tables;
    const tables: CoreTables = {
      members: new Set(),
      counts: new IdCounts(),
      titleCounts: new IdCounts(),
      partCounts: new IdCounts(),
      sources: new Map(),
    };
    const f = this.member;
    const termIds = this.memberTermIds;
    if (f && termIds) {
      tables.members.add(f.itemId);
      for (const term of termIds) tables.counts.set(termIdOf(term), 1);
      for (let k = 0; k < f.titleTerms.size; k++) tables.titleCounts.set(termIdOf(termIds[k]!), 1);
      for (const term of termIds) if (term < 0) tables.partCounts.set(~term, 1);
      tables.sources.set(f.sourceId, 1);
    }
    this.member = null;
    this.memberTermIds = null;
    this.tables = tables;
    return tables;
  }

  /** Moves every member of `from` into this core (see `absorbCore`). */
  absorb(from: StoryCore): void {
    this.view = null;
    this.entriesMatchCounts = false; // the absorbed story's entries stay under its id
    if (from.memberCount === 0) return;
    if (this.memberCount === 0 && !this.tables && from.member) {
      this.member = from.member;
      this.memberTermIds = from.memberTermIds;
      return;
    }
    const into = this.tablesNow();
    for (const id of from.memberIds()) into.members.add(id);
    for (const [t, n] of from.counts) into.counts.set(t, (into.counts.get(t) ?? 0) + n);
    for (const [t, n] of from.titleCounts) into.titleCounts.set(t, (into.titleCounts.get(t) ?? 0) + n);
    for (const [t, n] of from.partCounts) into.partCounts.set(t, (into.partCounts.get(t) ?? 0) + n);
    for (const [s, n] of from.sources) into.sources.set(s, (into.sources.get(s) ?? 0) + n);
  }
}

/**
 * Whether a member's evidence, read from its term ids alone, gives the tables `addToCore` would build: its title terms
 * the first of its terms, in their order, and its compound parts (the ids stored as `~id`) in the order of `partTerms`.
 * Real features are so (item-features.ts lists the title's terms first and adds parts in the same order to both lists);
 * features built otherwise (tests) get tables.
 */
function laidOutAsTables(f: ItemFeatures, termIds: Int32Array, ids: TermIds): boolean {
  const names = ids.names;
  if (f.titleTerms.size > termIds.length) return false;
  let k = 0;
  for (const name of f.titleTerms) if (names[termIdOf(termIds[k++]!)] !== name) return false;
  k = 0;
  for (const name of f.partTerms) {
    while (k < termIds.length && termIds[k]! >= 0) k++;
    if (k === termIds.length || names[~termIds[k++]!] !== name) return false;
  }
  while (k < termIds.length && termIds[k]! >= 0) k++;
  return k === termIds.length;
}

/** One member's term counts read from its term ids: every term (or its title's, or its compound parts) once, in their order. */
class MemberTermCounts implements ReadonlyMap<number, number> {
  constructor(
    private readonly termIds: Int32Array | null,
    private readonly which: 'all' | 'title' | 'parts',
    private readonly titles: number,
  ) {}

  private position(id: number): number {
    const termIds = this.termIds;
    if (!termIds) return -1;
    const end = this.which === 'title' ? this.titles : termIds.length;
    for (let k = 0; k < end; k++) {
      const term = termIds[k]!;
      if (termIdOf(term) === id) return this.which === 'parts' && term >= 0 ? -1 : k;
    }
    return -1;
  }

  get size(): number {
    let n = 0;
    for (const _ of this.keys()) n++;
    return n;
  }

  get(id: number): number | undefined {
    return this.position(id) >= 0 ? 1 : undefined;
  }

  has(id: number): boolean {
    return this.position(id) >= 0;
  }

  *keys(): MapIterator<number> {
    const termIds = this.termIds;
    if (!termIds) return;
    const end = this.which === 'title' ? this.titles : termIds.length;
    for (let k = 0; k < end; k++) {
      const term = termIds[k]!;
      if (this.which !== 'parts' || term < 0) yield termIdOf(term);
    }
  }

  *values(): MapIterator<number> {
    for (const _ of this.keys()) yield 1;
  }

  *entries(): MapIterator<[number, number]> {
    for (const id of this.keys()) yield [id, 1];
  }

  [Symbol.iterator](): MapIterator<[number, number]> {
    return this.entries();
  }

  forEach(callback: (count: number, id: number, table: ReadonlyMap<number, number>) => void): void {
    for (const id of this.keys()) callback(1, id, this);
  }
}

/** What an item is scored against: the core's terms, title terms and compound parts (see the functions below). */
export interface CoreView {
  /** The core's terms (a one-member core's built on first use: scoring needs only their number, `size`). */
  readonly terms: ReadonlySet<string>;
  /** How many terms: `terms.size`. */
  readonly size: number;
  /** Whether a term is in the core: `terms.has`. */
  has(term: string): boolean;
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
  return new StoryCore(storyId);
}

/**
 * Adds a member's evidence (`termIds`: its terms as the window holds them, in `ids`). Each table follows the order of
 * the features' own lists: the order of a core's tables is the order its terms are listed and summed in.
 */
export function addToCore(core: StoryCore, f: ItemFeatures, termIds: Int32Array, ids: TermIds): void {
  core.add(f, termIds, ids);
}

/** Takes a member's evidence out (pruned, or before re-adding an updated item). */
export function removeFromCore(core: StoryCore, f: ItemFeatures, termIds: Int32Array, ids: TermIds): void {
  core.remove(f, termIds, ids);
}

/** Members a term needs to be in the core. */
export function coreMinimum(core: StoryCore): number {
  return Math.max(1, Math.ceil(core.memberCount * CORE_SHARE));
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
  const counts = core.counts;
  for (const [t, n] of core.partCounts) if (n === counts.get(t)) parts.add(t);
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
  const sole = core.soleMember;
  const view = sole && sole.termIds.length <= CORE_MAX_TERMS ? soleMemberView(sole.termIds, sole.titles, ids) : tablesView(core, ids);
  core.view = view;
  return view;
}

/**
 * The view of a core without tables (one member), read from the member's term ids: what `tablesView` gives for it (every
 * term carried by the one member, so all are in the core up to CORE_MAX_TERMS; the title's terms its first `titles`; its
 * parts the ids stored as `~id`), without walking the member's counts as maps.
 */
function soleMemberView(termIds: Int32Array, titles: number, ids: TermIds): CoreView {
  const names = ids.names;
  // The part ids marked in the ids' scratch: a term is a part in the view wherever the member has it as one.
  const partStamp = ids.stamp();
  const marks = ids.marks;
  const parts = new Set<string>();
  for (let k = 0; k < termIds.length; k++) {
    const term = termIds[k]!;
    if (term < 0) {
      marks[~term] = partStamp;
      parts.add(names[~term]!);
    }
  }
  const termNames: string[] = new Array<string>(termIds.length);
  const viewIds = new Int32Array(termIds.length);
  for (let k = 0; k < termIds.length; k++) {
    const t = termIdOf(termIds[k]!);
    termNames[k] = names[t]!;
    viewIds[k] = marks[t] === partStamp ? ~t : t;
  }
  const titleTerms: string[] = [];
  const titleTermIds = new Int32Array(titles);
  for (let k = 0; k < titles; k++) {
    const t = termIdOf(termIds[k]!);
    titleTerms.push(names[t]!);
    titleTermIds[k] = marks[t] === partStamp ? ~t : t;
  }
  // The number of distinct terms (an id is one term): what the set of their names would hold.
  const seenStamp = ids.stamp();
  let size = 0;
  for (let k = 0; k < termIds.length; k++) {
    const t = termIdOf(termIds[k]!);
    if (marks[t] !== seenStamp) {
      marks[t] = seenStamp;
      size++;
    }
  }
  return new ViewOfCore(termNames, size, viewIds, titleTerms, titleTermIds, parts);
}

/** A core view; its set of terms built from their names on first use (the names as they were when the view was made). */
class ViewOfCore implements CoreView {
  private termSet: ReadonlySet<string> | null = null;

  constructor(
    private readonly termNames: readonly string[] | ReadonlySet<string>,
    readonly size: number,
    readonly termIds: Int32Array,
    readonly titleTerms: readonly string[],
    readonly titleTermIds: Int32Array,
    readonly parts: ReadonlySet<string>,
  ) {
    if (termNames instanceof Set) this.termSet = termNames;
  }

  get terms(): ReadonlySet<string> {
    return (this.termSet ??= new Set(this.termNames));
  }

  has(term: string): boolean {
    return this.terms.has(term);
  }
}

/** The view of a core from its counts. */
function tablesView(core: StoryCore, ids: TermIds): CoreView {
  const names = ids.names;
  const termIds = coreTermIds(core, names);
  const titleTermIds = coreTitleTermIds(core);
  const partIds = corePartIds(core);
  const terms = new Set(termIds.map((t) => names[t]!));
  return new ViewOfCore(
    terms,
    terms.size,
    Int32Array.from(termIds, (t) => (partIds.has(t) ? ~t : t)),
    titleTermIds.map((t) => names[t]!),
    Int32Array.from(titleTermIds, (t) => (partIds.has(t) ? ~t : t)),
    new Set([...partIds].map((t) => names[t]!)),
  );
}

const VIEWS_KEPT = 4_096;
const viewsKept: (StoryCore | undefined)[] = [];
let viewsNext = 0;

/** Moves every member of `from` into `into` (a merge of two stories). */
export function absorbCore(into: StoryCore, from: StoryCore): void {
  into.absorb(from);
}
