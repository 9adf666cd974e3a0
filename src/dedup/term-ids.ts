// Terms as small integer ids while the window holds an item carrying them. Scoring reads a term's
// document frequency, prior share and probability many times per placement (the item's terms against 8
// candidates, in several views); as strings each read was a look-up in a hash table of ~100,000 terms,
// and those look-ups were most of the engine's time (BENCHMARKS.md, "Engine speed" rounds 1–4). By id
// they are array reads.
import type { BackgroundPrior } from './background-prior.js';
import type { SynonymTable } from './synonym-table.js';

/**
 * An item's terms as ids, where a term that is only a part of a compound in the item (`ItemFeatures.partTerms`) is
 * stored as `~id` (`termIdOf`), so one array says both: the window holds ~100,000 items, and a second array per item
 * would cost more than the ids. The window index keeps `terms` only.
 */
export interface ItemTermIds {
  /** The item's evidence terms, in the order of `ItemFeatures.terms` (sums are formed in that order). */
  terms: Int32Array;
  /** The title's terms, in the order of `ItemFeatures.titleTerms`. */
  titleTerms: Int32Array;
}

/** The id of a term as `ItemTermIds` and core views store it (a compound's part as `~id`). */
export function termIdOf(term: number): number {
  return term < 0 ? ~term : term;
}

const INITIAL_CAPACITY = 1_024;

/**
 * The window's term ids. An id is held by the window items carrying its term (its document frequency);
 * one whose count fell to 0, or that was never held (a placed item's term the window does not know), is
 * freed at the next `releaseUnheld`, so a long-running worker reuses ids instead of growing its tables.
 */
export class TermIds {
  private readonly ids = new Map<string, number>();
  /** Term of each id ('' when free). */
  readonly names: string[] = [];
  /** Window items carrying each term: the id's reference count. */
  documentFrequency = new Int32Array(INITIAL_CAPACITY);
  /** Per-id scratch for the caches of term-weights.ts and the set tests of score-story.ts, valid where the stamp matches. */
  probabilities = new Float64Array(INITIAL_CAPACITY);
  probabilityStamps = new Int32Array(INITIAL_CAPACITY);
  /** −log2 of `probabilities` (same stamps). */
  informations = new Float64Array(INITIAL_CAPACITY);
  withoutWeights = new Float64Array(INITIAL_CAPACITY);
  withoutStamps = new Int32Array(INITIAL_CAPACITY);
  /** Weights with a story's members left out (term-weights.ts `weightWithoutOf`), with their probabilities and informations. */
  heldOut = {
    stamps: new Int32Array(INITIAL_CAPACITY),
    weights: new Float64Array(INITIAL_CAPACITY),
    probabilities: new Float64Array(INITIAL_CAPACITY),
    informations: new Float64Array(INITIAL_CAPACITY),
  };
  marks = new Int32Array(INITIAL_CAPACITY);
  markedParts = new Uint8Array(INITIAL_CAPACITY);
  /** Prior share of each id per prior, looked up once per id (NaN: not yet). */
  private readonly shares = new Map<BackgroundPrior, Float64Array>();
  /** Synonym groups of each id per table, looked up once per id (null: none; undefined: not yet). */
  private readonly synonymGroups = new Map<SynonymTable, (readonly number[] | null | undefined)[]>();
  private readonly free: number[] = [];
  private unheld: number[] = [];
  private stamps = 0;

  /** The id of `term`, or −1 when it has none. */
  idOf(term: string): number {
    return this.ids.get(term) ?? -1;
  }

  /** The id of `term`, given one if it has none (unheld until `hold`). */
  intern(term: string): number {
    let id = this.ids.get(term);
    if (id !== undefined) return id;
    id = this.free.pop() ?? this.names.length;
    if (id >= this.documentFrequency.length) this.grow();
    this.ids.set(term, id);
    this.names[id] = term;
    this.documentFrequency[id] = 0;
    this.unheld.push(id);
    return id;
  }

  /** Counts one more window item carrying each id. */
  hold(ids: ArrayLike<number>): void {
    for (let i = 0; i < ids.length; i++) this.documentFrequency[termIdOf(ids[i]!)]!++;
  }

  /** Counts one window item fewer carrying each id. */
  drop(ids: ArrayLike<number>): void {
    for (let i = 0; i < ids.length; i++) {
      const id = termIdOf(ids[i]!);
      if (--this.documentFrequency[id]! === 0) this.unheld.push(id);
    }
  }

  /**
   * Frees the ids no window item holds. Called where no id outside the window's own tables is in use (before a
   * placement), since a freed id is given to the next new term.
   */
  releaseUnheld(): void {
    for (const id of this.unheld) {
      const name = this.names[id]!;
      if (this.documentFrequency[id] !== 0 || name === '') continue;
      this.ids.delete(name);
      this.names[id] = '';
      for (const shares of this.shares.values()) shares[id] = NaN;
      for (const groups of this.synonymGroups.values()) groups[id] = undefined;
      this.probabilityStamps[id] = 0;
      this.withoutStamps[id] = 0;
      this.heldOut.stamps[id] = 0;
      this.marks[id] = 0;
      this.free.push(id);
    }
    this.unheld = [];
  }

  /** Terms with an id. */
  get size(): number {
    return this.ids.size;
  }

  /**
   * A number no recent call returned (never 0): marks a cache or set in the per-id scratch as its own. After 2^31 of
   * them the scratch is cleared and they start again. A stamp lives as long as the window's counts keep one version
   * (term-weights.ts reuses its weights until then); 2^31 stamps with nothing indexed or removed in between would be
   * needed for two live holders to share one.
   */
  stamp(): number {
    if (this.stamps === 0x7fffffff) {
      this.probabilityStamps.fill(0);
      this.withoutStamps.fill(0);
      this.heldOut.stamps.fill(0);
      this.marks.fill(0);
      this.stamps = 0;
    }
    return ++this.stamps;
  }

  /** `prior`'s share of the term with `id` (read from the prior once per id). */
  priorShare(prior: BackgroundPrior, id: number): number {
    let shares = this.shares.get(prior);
    if (shares === undefined) this.shares.set(prior, (shares = new Float64Array(this.documentFrequency.length).fill(NaN)));
    let share = shares[id]!;
    if (Number.isNaN(share)) shares[id] = share = prior.share(this.names[id]!);
    return share;
  }

  /**
   * The synonym groups of each id's term in `table` (synonym-table.ts), null for none, undefined until looked up: the
   * caller fills it (shared-synonyms.ts), so a term's groups are looked up by name once while its id is held.
   */
  synonymGroupsIn(table: SynonymTable): (readonly number[] | null | undefined)[] {
    let groups = this.synonymGroups.get(table);
    if (groups === undefined) this.synonymGroups.set(table, (groups = []));
    return groups;
  }

  private grow(): void {
    const size = this.documentFrequency.length * 2;
    const grown = <T extends Int32Array | Float64Array | Uint8Array>(from: T, to: T): T => {
      to.set(from);
      return to;
    };
    this.documentFrequency = grown(this.documentFrequency, new Int32Array(size));
    this.probabilities = grown(this.probabilities, new Float64Array(size));
    this.probabilityStamps = grown(this.probabilityStamps, new Int32Array(size));
    this.informations = grown(this.informations, new Float64Array(size));
    const held = this.heldOut;
    held.stamps = grown(held.stamps, new Int32Array(size));
    held.weights = grown(held.weights, new Float64Array(size));
    held.probabilities = grown(held.probabilities, new Float64Array(size));
    held.informations = grown(held.informations, new Float64Array(size));
    this.withoutWeights = grown(this.withoutWeights, new Float64Array(size));
    this.withoutStamps = grown(this.withoutStamps, new Int32Array(size));
    this.marks = grown(this.marks, new Int32Array(size));
    this.markedParts = grown(this.markedParts, new Uint8Array(size));
    for (const [prior, shares] of this.shares) this.shares.set(prior, grown(shares, new Float64Array(size).fill(NaN)));
  }
}

interface TermsOfItem {
  terms: readonly string[];
  titleTerms: ReadonlySet<string>;
  partTerms: ReadonlySet<string>;
}

/** The ids of an item's evidence terms (`ItemTermIds.terms`; given ids where they have none, held by nobody yet). */
export function termIdsOf(ids: TermIds, f: TermsOfItem): Int32Array {
  // Filled in a loop: Int32Array.from with a mapping function goes through the iterator protocol and a call per term.
  const terms = f.terms;
  const out = new Int32Array(terms.length);
  for (let k = 0; k < terms.length; k++) out[k] = termIdIn(ids, f.partTerms, terms[k]!);
  return out;
}

/** The ids of an item's terms and title terms (given ids where they have none; held by nobody yet). */
export function itemTermIds(ids: TermIds, f: TermsOfItem): ItemTermIds {
  const terms = termIdsOf(ids, f);
  const titleTerms = new Int32Array(f.titleTerms.size);
  let k = 0;
  for (const t of f.titleTerms) titleTerms[k++] = termIdIn(ids, f.partTerms, t);
  return { terms, titleTerms };
}

/** A term's id as `ItemTermIds` stores it: `~id` for a term that is only a compound's part in the item. */
function termIdIn(ids: TermIds, partTerms: ReadonlySet<string>, term: string): number {
  return partTerms.has(term) ? ~ids.intern(term) : ids.intern(term);
}
