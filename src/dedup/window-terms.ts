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
  /** Item id → its rarity profile, taken when it entered the window. */
  profiles: Map<number, RarityProfile>;
  /** Items counted. */
  items: number;
  /** Bumped on every change: what was computed from the statistics at one version holds until the next. */
  version: number;
}

/**
 * What a window item brings to every pair it is scored in, computed once when it enters: its
 * rarest terms and the total rarity of all its terms. Scoring a pair then reads the current
 * frequency of these few terms only, not of every word of both items.
 */
export interface RarityProfile {
  /** Its distinct term keys, ascending (4 bytes each: a window holds ~100k items). */
  keys: Int32Array;
  /** Sum of `termWeight` over all its terms on entry. */
  total: number;
}

/** A term in at least 1/RARE_SHARE_FLOOR of the window's items carries no weight (a topic word, not a name). */
export const RARE_SHARE_FLOOR = 20;

/**
 * How much a term used by `frequency` of `items` window items says about an event (nats):
 * ln(items / frequency) above the floor share, 0 at or below it. A name only two items use
 * weighs most, and more in a fuller window, where that is less likely by chance.
 */
export function termWeight(items: number, frequency: number): number {
  const w = Math.log(items / RARE_SHARE_FLOOR) - Math.log(frequency);
  return w > 0 ? w : 0;
}

/** A new item looks up this many of its rarest terms that the window already knows. */
export const RARE_LOOKUP_TERMS = 4;
/** Only the most recent ids of one term's list are read: lookup cost stays bounded. */
export const POSTINGS_READ_CAP = 16;
/** A term used by more than this share of the window's items is no lookup key (it finds everything). */
const LOOKUP_MAX_SHARE = 0.02;

/** Empty statistics. */
export function emptyWindowTerms(): WindowTerms {
  return { postings: new Map(), profiles: new Map(), items: 0, version: 0 };
}

// The new item's keys are asked for by the lookup, by every pair it is scored in and on entry:
// one entry of memory is enough (items are placed one at a time); window items keep theirs in
// their profile.
let lastKeys: { f: ItemFeatures; keys: Int32Array } | undefined;

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

/** The distinct term keys of an item, ascending: its title and lead words and its identifying numbers. */
export function termKeys(f: ItemFeatures): Int32Array {
  if (lastKeys?.f === f) return lastKeys.keys;
  const all = new Int32Array(f.titleTokens.length + f.leadTokens.length);
  let n = 0;
  for (const t of f.titleTokens) if (isEvidenceTerm(t)) all[n++] = termKey(t);
  for (const t of f.leadTokens) if (isEvidenceTerm(t)) all[n++] = termKey(t);
  // Sorted, then repeats dropped in place: no Set per item.
  const sorted = all.subarray(0, n).sort();
  let distinct = 0;
  for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[distinct++] = sorted[i]!;
  const keys = sorted.slice(0, distinct);
  lastKeys = { f, keys };
  return keys;
}

/** Whether an ascending key array holds `key` (binary search). */
export function hasKey(keys: Int32Array, key: number): boolean {
  let lo = 0;
  let hi = keys.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const k = keys[mid]!;
    if (k === key) return true;
    if (k < key) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** Counts an item's terms into the window and takes its rarity profile. */
export function addWindowTerms(terms: WindowTerms, f: ItemFeatures): void {
  terms.items++;
  terms.version++;
  const keys = termKeys(f);
  let total = 0;
  for (const key of keys) {
    let list = terms.postings.get(key);
    if (list) list.push(f.itemId);
    else terms.postings.set(key, (list = [f.itemId]));
    total += termWeight(terms.items, list.length);
  }
  terms.profiles.set(f.itemId, { keys, total });
}

/** An item's rarity profile, if it is in the window. */
export function rarityProfile(terms: WindowTerms, itemId: number): RarityProfile | undefined {
  return terms.profiles.get(itemId);
}

/** Takes an item's terms out of the window again (pruning, or before re-adding an updated item). */
export function removeWindowTerms(terms: WindowTerms, f: ItemFeatures): void {
  terms.items = Math.max(0, terms.items - 1);
  terms.version++;
  const keys = terms.profiles.get(f.itemId)?.keys ?? termKeys(f);
  terms.profiles.delete(f.itemId);
  for (const key of keys) {
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
 * Candidates from an item's rarest terms: adds to `hits` the most recent window items sharing one
 * of its RARE_LOOKUP_TERMS rarest known terms, one count per such term shared (and returns it).
 * Cost: the item's terms plus RARE_LOOKUP_TERMS × POSTINGS_READ_CAP, whatever the window holds.
 */
export function rareTermCandidates(terms: WindowTerms, f: ItemFeatures, hits = new Map<number, number>()): Map<number, number> {
  // A window of fewer than 1/LOOKUP_MAX_SHARE items cannot tell a rare word from a common one.
  const maxDf = Math.floor(terms.items * LOOKUP_MAX_SHARE);
  if (maxDf < 1) return hits;
  // The RARE_LOOKUP_TERMS lists with the fewest ids, by insertion into a short sorted list.
  const chosen: number[][] = [];
  for (const key of termKeys(f)) {
    const list = terms.postings.get(key);
    if (!list) continue;
    // The item itself may already be counted (an update): it is not its own candidate.
    const df = list.length - (list[list.length - 1] === f.itemId ? 1 : 0);
    if (df < 1 || df > maxDf) continue;
    let at = chosen.length;
    while (at > 0 && chosen[at - 1]!.length > list.length) at--;
    if (at < RARE_LOOKUP_TERMS) {
      chosen.splice(at, 0, list);
      if (chosen.length > RARE_LOOKUP_TERMS) chosen.pop();
    }
  }
  for (const list of chosen) {
    const from = Math.max(0, list.length - POSTINGS_READ_CAP);
    for (let i = list.length - 1; i >= from; i--) {
      const id = list[i]!;
      if (id !== f.itemId) hits.set(id, (hits.get(id) ?? 0) + 1);
    }
  }
  return hits;
}
