// How informative a term is: −log2 of the share of news items expected to contain it. The share blends
// the live window's document frequency with the shipped per-language background prior
// (background-prior.ts) as a pseudo-count of `prior.documents` items:
//   p = (df_window + m · p_prior) / (N_window + m)
// so a new or small deployment already knows "ukrain" or "dax" are everyday words, and a large window
// learns today's news (a name everyone reports on this week weighs less). Unknown words get the prior's
// floor: they are most likely names, which is what identifies an event.
import { backgroundPrior, type BackgroundPrior } from './background-prior.js';

/**
 * The prior counts as this share of the items it was estimated for (2,000 for every shipped language): a
 * window of a few hundred items of the language already speaks for itself (a new deployment's first poll).
 */
const PRIOR_WEIGHT = 0.25;
/** The pseudo-count and share used for a language without a prior (no data): the window decides sooner. */
const NO_PRIOR_DOCUMENTS = 200;
const NO_PRIOR_SHARE = 1e-3;

export interface TermCounts {
  /** Term → window items containing it. */
  documentFrequency: Map<string, number>;
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
  return { documentFrequency: new Map(), items: 0, itemsByLanguage: new Map(), terms: 0, version: 0 };
}

/** Counts an item's distinct terms into the window. */
export function addTerms(counts: TermCounts, terms: readonly string[], language: string | null): void {
  counts.version++;
  counts.items++;
  counts.itemsByLanguage.set(language, (counts.itemsByLanguage.get(language) ?? 0) + 1);
  counts.terms += terms.length;
  for (const t of terms) counts.documentFrequency.set(t, (counts.documentFrequency.get(t) ?? 0) + 1);
}

/** Takes an item's terms out of the window again. */
export function removeTerms(counts: TermCounts, terms: readonly string[], language: string | null): void {
  counts.version++;
  counts.items = Math.max(0, counts.items - 1);
  const left = (counts.itemsByLanguage.get(language) ?? 0) - 1;
  if (left > 0) counts.itemsByLanguage.set(language, left);
  else counts.itemsByLanguage.delete(language);
  counts.terms = Math.max(0, counts.terms - terms.length);
  for (const t of terms) {
    const df = (counts.documentFrequency.get(t) ?? 0) - 1;
    if (df > 0) counts.documentFrequency.set(t, df);
    else counts.documentFrequency.delete(t);
  }
}

/** Term probabilities and weights for items of one language, against the window as it is now. */
export interface TermWeights {
  /** Estimated share of items containing the term (0–1). */
  probability(term: string): number;
  /** Information of the term in bits (−log2 probability). */
  weight(term: string): number;
  /** Terms of an average item (what the probabilities are per): the window's, or a typical title + lead before it has 100 items. */
  averageTerms: number;
  /**
   * Information of the term (bits) as if `holders` of the window's items carrying it, out of `items` left out: a story's own
   * members are no evidence that its words are common (in a window of one story they are all the window knows).
   */
  weightWithout(term: string, holders: number, items: number): number;
}

/** Terms of a typical item (title + lead opening) while the window is too small to say. */
const TYPICAL_TERMS = 20;

// A term's prior share never changes, and the terms of lately placed items and their candidates recur from one
// placement to the next: a small table of them is read faster than the prior's tens of thousands of stems.
const recentShares = new Map<BackgroundPrior, Map<string, number>>();
const RECENT_SHARES = 50_000;

function priorShare(prior: BackgroundPrior, term: string): number {
  let recent = recentShares.get(prior);
  if (recent === undefined) recentShares.set(prior, (recent = new Map()));
  let share = recent.get(term);
  if (share === undefined) {
    share = prior.share(term);
    if (recent.size >= RECENT_SHARES) recent.clear();
    recent.set(term, share);
  }
  return share;
}

/** The weights of `language` over `counts` (read live: they follow the window as it changes). */
export function termWeights(counts: TermCounts, language: string | null): TermWeights {
  const prior = backgroundPrior(language);
  const m = prior ? prior.documents * PRIOR_WEIGHT : NO_PRIOR_DOCUMENTS;
  // Shares within the item's language: a German word is rare or common among German items.
  const items = counts.itemsByLanguage.get(language) ?? 0;
  // One placement asks for the same few hundred terms a thousand times (the item's terms against each
  // candidate, in each view): remember each term's probability while the window stays as it is.
  const known = new Map<string, number>();
  let version = counts.version;
  const probability = (term: string): number => {
    if (counts.version !== version) {
      known.clear();
      version = counts.version;
    }
    let p = known.get(term);
    if (p === undefined) {
      const share = prior ? priorShare(prior, term) : NO_PRIOR_SHARE;
      const df = counts.documentFrequency.get(term) ?? 0;
      p = Math.min(1, (df + m * share) / (items + m));
      known.set(term, p);
    }
    return p;
  };
  const averageTerms = counts.items >= 100 ? counts.terms / counts.items : TYPICAL_TERMS;
  const weightWithout = (term: string, holders: number, left: number): number => {
    const share = prior ? priorShare(prior, term) : NO_PRIOR_SHARE;
    const df = Math.max(0, (counts.documentFrequency.get(term) ?? 0) - holders);
    return -Math.log2(Math.min(1, (df + m * share) / (Math.max(0, items - left) + m)));
  };
  return { probability, weight: (term) => -Math.log2(probability(term)), averageTerms, weightWithout };
}

/**
 * `weights` with a story's own members left out of the window's counts (`holders`: term → members carrying it, of
 * `members`), for scoring an item against that story: its members are no evidence that its words are common.
 */
export function weightsWithout(weights: TermWeights, holders: ReadonlyMap<string, number>, members: number): TermWeights {
  const known = new Map<string, number>();
  const weight = (term: string): number => {
    let w = known.get(term);
    if (w === undefined) {
      w = weights.weightWithout(term, holders.get(term) ?? 0, members);
      known.set(term, w);
    }
    return w;
  };
  return {
    probability: (term) => 2 ** -weight(term),
    weight,
    averageTerms: weights.averageTerms,
    weightWithout: weights.weightWithout,
  };
}
