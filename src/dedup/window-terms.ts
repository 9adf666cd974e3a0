// How rare each word is in the live window, kept incrementally as items enter and leave it: one
// postings list per term (the ids of the window's items that use it, in insertion order). Its
// length is the term's document frequency, and the lists of a new item's rarest terms are a
// second candidate source that finds re-worded reports of one event (same names, other words),
// which the MinHash bands over whole titles miss. Language-independent: rarity, not capitals.
import type { ItemFeatures } from './item-features.js';
import { hashToken } from './minhash.js';

export interface WindowTerms {
  /** Term key → ids of window items using the term, oldest first. */
  postings: Map<number, number[]>;
  /** Items counted. */
  items: number;
  /** Bumped on every change: what was computed from the statistics at one version holds until the next. */
  version: number;
}

/** A new item looks up this many of its rarest terms that the window already knows. */
export const RARE_LOOKUP_TERMS = 4;
/** Only the most recent ids of one term's list are read: lookup cost stays bounded. */
export const POSTINGS_READ_CAP = 32;
/** A term used by more than this share of the window's items is no lookup key (it finds everything). */
const LOOKUP_MAX_SHARE = 0.02;

/** Empty statistics. */
export function emptyWindowTerms(): WindowTerms {
  return { postings: new Map(), items: 0, version: 0 };
}

// Keys per feature object: an item's keys are needed when it enters, at every lookup, in every
// pair it is scored in, and when it leaves.
const keyCache = new WeakMap<ItemFeatures, Set<number>>();

/** The key of one normalised word (30 bits, like the LSH keys: small integers in V8). */
export function termKey(token: string): number {
  return hashToken(token) & 0x3fffffff;
}

/**
 * Whether a token can identify an event: words, and numbers of three or more digits that are not
 * years ("150000", "101"). Days, months, years and small counts are shared by a whole day's news.
 */
export function isEvidenceTerm(token: string): boolean {
  if (!/^\d/.test(token)) return true;
  const digits = token.replace(/\D/g, '');
  return digits.length >= 3 && !/^(?:19|20)\d\d$/.test(token);
}

/** The distinct term keys of an item: its title and lead words and its identifying numbers. */
export function termKeys(f: ItemFeatures): ReadonlySet<number> {
  let keys = keyCache.get(f);
  if (!keys) {
    keys = new Set<number>();
    for (const t of f.titleTokens) if (isEvidenceTerm(t)) keys.add(termKey(t));
    for (const t of f.leadTokens) if (isEvidenceTerm(t)) keys.add(termKey(t));
    keyCache.set(f, keys);
  }
  return keys;
}

/** Counts an item's terms into the window. */
export function addWindowTerms(terms: WindowTerms, f: ItemFeatures): void {
  terms.items++;
  terms.version++;
  for (const key of termKeys(f)) {
    const list = terms.postings.get(key);
    if (list) list.push(f.itemId);
    else terms.postings.set(key, [f.itemId]);
  }
}

/** Takes an item's terms out of the window again (pruning, or before re-adding an updated item). */
export function removeWindowTerms(terms: WindowTerms, f: ItemFeatures): void {
  terms.items = Math.max(0, terms.items - 1);
  terms.version++;
  for (const key of termKeys(f)) {
    const list = terms.postings.get(key);
    if (!list) continue;
    // Items leave in the order they came, so the item is almost always first.
    if (list[0] === f.itemId) list.shift();
    else {
      const at = list.indexOf(f.itemId);
      if (at >= 0) list.splice(at, 1);
    }
    if (list.length === 0) terms.postings.delete(key);
  }
}

/** Window items using the term (its document frequency). */
export function documentFrequency(terms: WindowTerms, key: number): number {
  return terms.postings.get(key)?.length ?? 0;
}

/**
 * Candidates from an item's rarest terms: the most recent window items sharing one of its
 * RARE_LOOKUP_TERMS rarest known terms, each with the number of those terms it shares.
 * Cost: the item's terms plus RARE_LOOKUP_TERMS × POSTINGS_READ_CAP, whatever the window holds.
 */
export function rareTermCandidates(terms: WindowTerms, f: ItemFeatures): Map<number, number> {
  const hits = new Map<number, number>();
  // A window of fewer than 1/LOOKUP_MAX_SHARE items cannot tell a rare word from a common one.
  const maxDf = Math.floor(terms.items * LOOKUP_MAX_SHARE);
  if (maxDf < 1) return hits;
  const known: { list: number[]; df: number }[] = [];
  for (const key of termKeys(f)) {
    const list = terms.postings.get(key);
    if (!list) continue;
    // The item itself may already be counted (an update): it is not its own candidate.
    const df = list.length - (list[list.length - 1] === f.itemId ? 1 : 0);
    if (df > 0 && df <= maxDf) known.push({ list, df });
  }
  known.sort((a, b) => a.df - b.df);
  for (const { list } of known.slice(0, RARE_LOOKUP_TERMS)) {
    const from = Math.max(0, list.length - POSTINGS_READ_CAP);
    for (let i = list.length - 1; i >= from; i--) {
      const id = list[i]!;
      if (id !== f.itemId) hits.set(id, (hits.get(id) ?? 0) + 1);
    }
  }
  return hits;
}
