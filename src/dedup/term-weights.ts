// How informative a term is: −log2 of the share of news items expected to contain it. The share blends
// the live window's document frequency with the shipped per-language background prior
// (background-prior.ts) as a pseudo-count of `prior.documents` items:
//   p = (df_window + m · p_prior) / (N_window + m)
// so a new or small deployment already knows "ukrain" or "dax" are everyday words, and a large window
// learns today's news (a name everyone reports on this week weighs less). Unknown words get the prior's
// floor: they are most likely names, which is what identifies an event.
import { backgroundPrior } from './background-prior.js';
import { synonymTable, type SynonymTable } from './synonym-table.js';
import { termIdOf, TermIds } from './term-ids.js';

/**
 * The prior counts as this share of the items it was estimated for (2,000 for every shipped language): a
 * window of a few hundred items of the language already speaks for itself (a new deployment's first poll).
 */
const PRIOR_WEIGHT = 0.25;
/** The pseudo-count and share used for a language without a prior (no data): the window decides sooner. */
const NO_PRIOR_DOCUMENTS = 200;
const NO_PRIOR_SHARE = 1e-3;

export interface TermCounts {
  /** The window's term ids, with each term's document frequency (window items containing it). */
  ids: TermIds;
  /** Items counted. */
  items: number;
  /** Items counted per language (null: unknown), the denominators of the window shares. */
  itemsByLanguage: Map<string | null, number>;
  /** Terms of the items counted (for their average). */
  terms: number;
  /** Moves on every change: weights remember a term's probability only while it stays. */
  version: number;
}

/** Empty window counts. */
export function emptyTermCounts(): TermCounts {
  return { ids: new TermIds(), items: 0, itemsByLanguage: new Map(), terms: 0, version: 0 };
}

/** Counts an item's distinct terms (ids of `counts.ids`) into the window. */
export function addTerms(counts: TermCounts, terms: ArrayLike<number>, language: string | null): void {
  counts.version++;
  counts.items++;
  counts.itemsByLanguage.set(language, (counts.itemsByLanguage.get(language) ?? 0) + 1);
  counts.terms += terms.length;
  counts.ids.hold(terms);
}

/** Takes an item's terms out of the window again. */
export function removeTerms(counts: TermCounts, terms: ArrayLike<number>, language: string | null): void {
  counts.version++;
  counts.items = Math.max(0, counts.items - 1);
  const left = (counts.itemsByLanguage.get(language) ?? 0) - 1;
  if (left > 0) counts.itemsByLanguage.set(language, left);
  else counts.itemsByLanguage.delete(language);
  counts.terms = Math.max(0, counts.terms - terms.length);
  counts.ids.drop(terms);
}

/** The window's document frequency of a term (0 when no window item carries it). */
export function documentFrequency(counts: TermCounts, term: string): number {
  const id = counts.ids.idOf(term);
  return id < 0 ? 0 : counts.ids.documentFrequency[id]!;
}

/** Term probabilities and weights for items of one language, against the window as it is now. */
export interface TermWeights {
  /** The term ids the `…Of` functions take. */
  ids: TermIds;
  /** The language's synonym table (synonym-table.ts), null without one. */
  synonyms: SynonymTable | null;
  /** Estimated share of items containing the term (0–1). */
  probability(term: string): number;
  probabilityOf(id: number): number;
  /** Information of the term in bits (−log2 probability). */
  weight(term: string): number;
  weightOf(id: number): number;
  /** −log2 of `probabilityOf(id)`, as computed from it (remembered with it: scoring reads both for every term it sums). */
  informationOf(id: number): number;
  /** Terms of an average item (what the probabilities are per): the window's, or a typical title + lead before it has 100 items. */
  averageTerms: number;
  /**
   * Information of the term (bits) as if `holders` of the window's items carrying it, out of `items` left out: a story's own
   * members are no evidence that its words are common (in a window of one story they are all the window knows).
   */
  weightWithout(term: string, holders: number, items: number): number;
  weightWithoutOf(id: number, holders: number, items: number): number;
  /** 2^−`weightWithoutOf`, and −log2 of that, as `weightsWithout`'s weights give them (remembered with the weight). */
  probabilityWithoutOf(id: number, holders: number, items: number): number;
  informationWithoutOf(id: number, holders: number, items: number): number;
  /**
   * `bits` plus the weight (`weightOf`) of each of `termIds` (ids as term-ids.ts `ItemTermIds` stores them: a compound's
   * part, `~id`, times `partShare`), added in order: the same sum as adding them one by one, without a number boxed per term.
   */
  addWeights(bits: number, termIds: ArrayLike<number>, partShare: number): number;
  /** Writes `probabilityOf(id)` to `into[0]` and `informationOf(id)` to `into[1]`: both, without a number boxed for each. */
  readTerm(id: number, into: Float64Array): void;
}

/** Each made weights' `heldOutEntry`, for `weightsWithout` of it to fill its remembered values without reading each back boxed. */
const heldOutEntries = new WeakMap<TermWeights, (id: number, holders: number, left: number) => void>();

/** Terms of a typical item (title + lead opening) while the window is too small to say. */
const TYPICAL_TERMS = 20;

/**
 * The weights made last for each language over a window's counts, with the counts' version they were made at: one
 * placement asks for them three or four times (lookup, scoring, the matched member, lone stories) with nothing indexed
 * in between, and each making looked up the prior and synonym table by name and built a dozen closures.
 */
const madeWeights = new WeakMap<TermCounts, Map<string | null, { version: number; weights: TermWeights }>>();

/**
 * The weights of `language` over `counts` (read live: they follow the window as it changes). While the counts stay at one
 * version the same object is given again: what it remembers was computed from those very counts (term ids freed since
 * drop their remembered values, term-ids.ts `releaseUnheld`), so it answers as a new one would.
 */
export function termWeights(counts: TermCounts, language: string | null): TermWeights {
  let made = madeWeights.get(counts);
  if (made === undefined) madeWeights.set(counts, (made = new Map()));
  const last = made.get(language);
  if (last !== undefined && last.version === counts.version) return last.weights;
  const weights = newTermWeights(counts, language);
  made.set(language, { version: counts.version, weights });
  return weights;
}

function newTermWeights(counts: TermCounts, language: string | null): TermWeights {
  const prior = backgroundPrior(language);
  const m = prior ? prior.documents * PRIOR_WEIGHT : NO_PRIOR_DOCUMENTS;
  // Shares within the item's language: a German word is rare or common among German items.
  const items = counts.itemsByLanguage.get(language) ?? 0;
  const ids = counts.ids;
  // One placement asks for the same few hundred terms a thousand times (the item's terms against each
  // candidate, in each view): remember each term's probability (in the ids' scratch) while the window stays as it is.
  let version = counts.version;
  let stamp = ids.stamp();
  // Weights with a story's members left out (`weightWithoutOf` below): a stamp per holders and left, by left and then by
  // holders in an array (a story's terms alternate between held by its members or not, and a look-up in a map keyed by
  // the pair, a number beyond the small integers, was most of a held-out weight's cost), the last left asked for at hand.
  const heldOutStamps = new Map<number, number[]>();
  let heldOutLeft = -1;
  let heldOutByHolders: number[] = [];
  // Each term's information is remembered with its probability (both are read for every term a score sums).
  const probabilityOf = (id: number): number => {
    if (counts.version !== version) {
      version = counts.version;
      stamp = ids.stamp();
      heldOutStamps.clear();
      heldOutLeft = -1;
    }
    if (ids.probabilityStamps[id] === stamp) return ids.probabilities[id]!;
    const share = prior ? ids.priorShare(prior, id) : NO_PRIOR_SHARE;
    const p = Math.min(1, (ids.documentFrequency[id]! + m * share) / (items + m));
    ids.probabilityStamps[id] = stamp;
    ids.probabilities[id] = p;
    ids.informations[id] = -Math.log2(p);
    return p;
  };
  const informationOf = (id: number): number => {
    probabilityOf(id);
    return ids.informations[id]!;
  };
  // A term without an id is one no window item carries.
  const probability = (term: string): number => {
    const id = ids.idOf(term);
    if (id >= 0) return probabilityOf(id);
    const share = prior ? prior.share(term) : NO_PRIOR_SHARE;
    return Math.min(1, (0 + m * share) / (items + m));
  };
  const averageTerms = counts.items >= 100 ? counts.terms / counts.items : TYPICAL_TERMS;
  const withoutOf = (df: number, share: number, left: number): number =>
    -Math.log2(Math.min(1, (df + m * share) / (Math.max(0, items - left) + m)));
  // A story's members left out: the same few values for every story of one size scored for an item (most stories have one
  // member, and most of an item's terms are none of theirs), so each term's weight, probability and information without
  // `holders` of `left` items are remembered (in the ids' scratch, one stamp per holders and left while the window stays).
  const heldOut = ids.heldOut;
  const heldOutEntry = (id: number, holders: number, left: number): void => {
    if (counts.version !== version) probabilityOf(id); // moves the stamps on
    if (left !== heldOutLeft) {
      let byHolders = heldOutStamps.get(left);
      if (byHolders === undefined) heldOutStamps.set(left, (byHolders = []));
      heldOutLeft = left;
      heldOutByHolders = byHolders;
    }
    let heldStamp = heldOutByHolders[holders];
    if (heldStamp === undefined) heldOutByHolders[holders] = heldStamp = ids.stamp();
    if (heldOut.stamps[id] === heldStamp) return;
    const w = withoutOf(Math.max(0, ids.documentFrequency[id]! - holders), prior ? ids.priorShare(prior, id) : NO_PRIOR_SHARE, left);
    const p = 2 ** -w;
    heldOut.stamps[id] = heldStamp;
    heldOut.weights[id] = w;
    heldOut.probabilities[id] = p;
    heldOut.informations[id] = -Math.log2(p);
  };
  const weightWithoutOf = (id: number, holders: number, left: number): number => {
    heldOutEntry(id, holders, left);
    return heldOut.weights[id]!;
  };
  const weightWithout = (term: string, holders: number, left: number): number => {
    const id = ids.idOf(term);
    if (id >= 0) return weightWithoutOf(id, holders, left);
    return withoutOf(Math.max(0, 0 - holders), prior ? prior.share(term) : NO_PRIOR_SHARE, left);
  };
  const weights: TermWeights = {
    ids,
    synonyms: synonymTable(language),
    probability,
    probabilityOf,
    weight: (term) => -Math.log2(probability(term)),
    weightOf: informationOf,
    informationOf,
    averageTerms,
    weightWithout,
    weightWithoutOf,
    probabilityWithoutOf: (id, holders, left) => {
      heldOutEntry(id, holders, left);
      return heldOut.probabilities[id]!;
    },
    informationWithoutOf: (id, holders, left) => {
      heldOutEntry(id, holders, left);
      return heldOut.informations[id]!;
    },
    readTerm: (id, into) => {
      probabilityOf(id);
      into[0] = ids.probabilities[id]!;
      into[1] = ids.informations[id]!;
    },
    addWeights: (bits, termIds, partShare) => {
      for (let k = 0; k < termIds.length; k++) {
        const t = termIds[k]!;
        bits += informationOf(termIdOf(t)) * (t < 0 ? partShare : 1);
      }
      return bits;
    },
  };
  heldOutEntries.set(weights, heldOutEntry);
  return weights;
}

/**
 * `weights` with a story's own members left out of the window's counts (`holders`: term id → members carrying it, of
 * `members`; or one member's term ids, each carried once), for scoring an item against that story: its members are no
 * evidence that its words are common.
 */
export function weightsWithout(weights: TermWeights, holders: ReadonlyMap<number, number> | Int32Array, members: number): TermWeights {
  return new WeightsWithout(weights, holders, members);
}

/**
 * `weightsWithout`'s weights: one object per story scored, no closures (most items are scored against several stories). The
 * values themselves are remembered by `weights` (`weightWithoutOf`): stories of one size share them for the terms none of
 * their members carries.
 */
class WeightsWithout implements TermWeights {
  readonly ids: TermIds;
  readonly synonyms: SynonymTable | null;
  readonly averageTerms: number;
  private readonly stamp: number;
  private readonly counts: ReadonlyMap<number, number> | null;
  private readonly heldOutEntry: ((id: number, holders: number, left: number) => void) | undefined;

  constructor(
    private readonly weights: TermWeights,
    holders: ReadonlyMap<number, number> | Int32Array,
    private readonly members: number,
  ) {
    const ids = weights.ids;
    this.ids = ids;
    this.synonyms = weights.synonyms;
    this.averageTerms = weights.averageTerms;
    this.stamp = ids.stamp();
    this.heldOutEntry = heldOutEntries.get(weights);
    if (holders instanceof Int32Array) {
      // One member's terms (marked in the ids' scratch): each carried by it alone (what a table of its counts would say),
      // every other term by none.
      this.counts = null;
      for (let k = 0; k < holders.length; k++) ids.withoutStamps[termIdOf(holders[k]!)] = this.stamp;
    } else this.counts = holders;
  }

  /** Members of the story carrying the term. */
  private holders(id: number): number {
    return this.counts ? (this.counts.get(id) ?? 0) : this.ids.withoutStamps[id] === this.stamp ? 1 : 0;
  }

  weightOf(id: number): number {
    return this.weights.weightWithoutOf(id, this.holders(id), this.members);
  }

  weight(term: string): number {
    const id = this.ids.idOf(term);
    return id >= 0 ? this.weightOf(id) : this.weights.weightWithout(term, 0, this.members);
  }

  probability(term: string): number {
    return 2 ** -this.weight(term);
  }

  probabilityOf(id: number): number {
    return this.weights.probabilityWithoutOf(id, this.holders(id), this.members);
  }

  informationOf(id: number): number {
    return this.weights.informationWithoutOf(id, this.holders(id), this.members);
  }

  weightWithout(term: string, holders: number, items: number): number {
    return this.weights.weightWithout(term, holders, items);
  }

  weightWithoutOf(id: number, holders: number, items: number): number {
    return this.weights.weightWithoutOf(id, holders, items);
  }

  probabilityWithoutOf(id: number, holders: number, items: number): number {
    return this.weights.probabilityWithoutOf(id, holders, items);
  }

  informationWithoutOf(id: number, holders: number, items: number): number {
    return this.weights.informationWithoutOf(id, holders, items);
  }

  readTerm(id: number, into: Float64Array): void {
    const entry = this.heldOutEntry;
    if (entry === undefined) {
      into[0] = this.probabilityOf(id);
      into[1] = this.informationOf(id);
      return;
    }
    entry(id, this.holders(id), this.members);
    const heldOut = this.ids.heldOut;
    into[0] = heldOut.probabilities[id]!;
    into[1] = heldOut.informations[id]!;
  }

  addWeights(bits: number, termIds: ArrayLike<number>, partShare: number): number {
    const entry = this.heldOutEntry;
    if (entry === undefined) {
      for (let k = 0; k < termIds.length; k++) {
        const t = termIds[k]!;
        bits += this.weightOf(termIdOf(t)) * (t < 0 ? partShare : 1);
      }
      return bits;
    }
    // What `weightOf` returns, read where `weightWithoutOf` reads it (filling it changes no array's size).
    const weights = this.ids.heldOut.weights;
    for (let k = 0; k < termIds.length; k++) {
      const t = termIds[k]!;
      const id = termIdOf(t);
      entry(id, this.holders(id), this.members);
      bits += weights[id]! * (t < 0 ? partShare : 1);
    }
    return bits;
  }
}
