// THE scoring function: how likely two items tell the same story (0–1). One function, one
// threshold (config dedup.threshold); every component is returned for `feedmerge explain`.
import { bigramSketch, dice, diceUpperBound } from './dice.js';
import { LEAD_TOKENS, type ItemFeatures } from './item-features.js';
import { POLARITY_WORDS } from './stopwords.js';
import {
  documentFrequency,
  hasKey,
  isEvidenceTerm,
  rarityProfile,
  termKey,
  termKeys,
  termWeight,
  type WindowTerms,
} from './window-terms.js';

export interface PairScore {
  score: number;
  components: Record<string, number | string | boolean>;
}

/** Weights and penalties, named so EVAL.md can cite them; chosen as described there. */
export const SCORE_WEIGHTS = {
  /**
   * Title similarity = character Dice (spelling and inflection variants) mixed with word-level
   * overlap: the overlap coefficient (a prefixed or shortened title is contained in the other)
   * and word Dice (which does not reward a short title merely contained in a long one).
   */
  titleDice: 0.5,
  titleOverlap: 0.25,
  titleWordDice: 0.25,
  /** With both leads present, the lead counts this much against the title. */
  lead: 0.5,
  /** Both titles name numbers and none agree ("Zweiter Verhandlungstag" vs day 1, "7:3" vs "3:1"). */
  numberConflict: 0.4,
  /** The two name weekdays and none agree: a daily report ("DAX schließt im Plus" on Monday and on Tuesday). */
  dayConflict: 0.4,
  /** One title negates ("keine Einigung") what the other states ("Einigung"). */
  polarityConflict: 0.4,
  /**
   * The titles agree but for one rare word each, found nowhere in the other item: another name in
   * the same role ("Vizepräsident von Mikronesien/Bolivien besucht China"). Needs window statistics.
   */
  entityConflict: 0.4,
  /** Full penalty from this many hours apart, growing linearly from `timeFreeHours`. */
  timeFreeHours: 6,
  timeFullHours: 48,
  timePenalty: 0.12,
  /** Two different items of one feed that merely look alike are usually two events. */
  sameSourcePenalty: 0.2,
  /**
   * Event evidence: words rare in the window that both items use (names, places, things), each
   * weighted by `termWeight` (window-terms.ts: nothing for a word in 1/20 of the window's items or
   * more). Counts only across sources, with at least `rareMinShared` such words in common, fully
   * within `evidenceFreeHours`, fading to nothing at `evidenceFullHours` (one person's stories on
   * different days stay apart).
   */
  rareMinShared: 2,
  /** × the rarity-weighted Dice of both items' terms (title + lead): how much of each item's specifics is shared. */
  rareDice: 0.6,
  /** × how many maximally rare words are shared beyond `rareMassFrom`, saturating `rareMassSpan` later (long leads). */
  rareMass: 0.3,
  rareMassFrom: 2,
  rareMassSpan: 2,
  evidenceFreeHours: 6,
  evidenceFullHours: 36,
} as const;

const round = (n: number): number => Math.round(n * 1000) / 1000;

// Bigram sketches per item, built on first use and kept while the item's features live (the
// window index holds them): a candidate is bounded against many new items over its life.
interface Sketches {
  title: Uint16Array;
  /** The whole compared lead opening (LEAD_TOKENS or fewer); shorter cuts are built per pair. */
  lead: Uint16Array | null;
}
const sketchCache = new WeakMap<ItemFeatures, Sketches>();

function sketchesOf(f: ItemFeatures): Sketches {
  let sketches = sketchCache.get(f);
  if (!sketches) sketchCache.set(f, (sketches = { title: bigramSketch(f.titleTokens.join('')), lead: null }));
  return sketches;
}

function leadSketch(f: ItemFeatures, tokens: number): Uint16Array {
  // Most leads are compared over their whole opening: that one is kept, a shorter cut is not.
  if (tokens < f.leadTokens.length) return bigramSketch(f.leadTokens.slice(0, tokens).join(''));
  const sketches = sketchesOf(f);
  return (sketches.lead ??= bigramSketch(f.leadTokens.join('')));
}

/** Word overlap of two token lists: shared / smaller set (coefficient) and 2·shared / both (Dice). */
function wordOverlap(a: readonly string[], b: readonly string[]): { coefficient: number; dice: number } {
  if (a.length === 0 || b.length === 0) return { coefficient: 0, dice: 0 };
  const setA = new Set(a);
  const setB = new Set(b);
  let shared = 0;
  for (const t of setA) if (setB.has(t)) shared++;
  return { coefficient: shared / Math.min(setA.size, setB.size), dice: (2 * shared) / (setA.size + setB.size) };
}

/** Everything of a pair's score except the two character Dice values (cheap: no string-similarity). */
interface PairBasis {
  words: { coefficient: number; dice: number };
  /** Lead tokens compared (equal-length openings); leads count only from 4 tokens. */
  leadLength: number;
  leadsPresent: boolean;
  numberConflict: boolean;
  dayConflict: boolean;
  polarityConflict: boolean;
  hoursApart: number;
  timeShare: number;
  sameSource: boolean;
  rare: RareEvidence;
}

/** Shared rare words of a pair, and what they add to its score. */
interface RareEvidence {
  /** Shared words that carry weight (rarer than the floor share). */
  shared: number;
  /** Rarity-weighted Dice of the two items' term sets (0–1). */
  dice: number;
  /** Shared rarity in units of a maximally rare word (a word only these two items use). */
  mass: number;
  bonus: number;
  /** Each title has one rare word the other item lacks, and no other difference. */
  entityConflict: boolean;
}

const NO_EVIDENCE: RareEvidence = { shared: 0, dice: 0, mass: 0, bonus: 0, entityConflict: false };

/** The key of the one word of `a`'s title that `b` lacks entirely, when there is exactly one; else undefined. */
function soleMissingTitleWord(a: ItemFeatures, keysB: Int32Array): number | undefined {
  let missing: number | undefined;
  for (const t of a.titleTokens) {
    if (!isEvidenceTerm(t)) continue;
    const key = termKey(t);
    if (hasKey(keysB, key)) continue;
    if (missing !== undefined && missing !== key) return undefined;
    missing = key;
  }
  return missing;
}

/**
 * Event evidence from words both items use that are rare in the window. `a` is the new item (not
 * yet counted in `terms`), `b` a window item. O(terms of both), no string work. Without window
 * statistics, or in a window too small to tell rare from common, there is none.
 */
function rareEvidence(
  a: ItemFeatures,
  b: ItemFeatures,
  terms: WindowTerms | undefined,
  hoursApart: number,
  sameSource: boolean,
  conflict: boolean,
): RareEvidence {
  const w = SCORE_WEIGHTS;
  if (!terms || sameSource || hoursApart >= w.evidenceFullHours) return NO_EVIDENCE;
  // The bound and the score of one pair ask in turn: answer the second from the first.
  const last = lastEvidence;
  if (last && last.a === a && last.b === b && last.terms === terms && last.version === terms.version && last.conflict === conflict)
    return last.evidence;
  const evidence = computeRareEvidence(a, b, terms, hoursApart, conflict);
  lastEvidence = { a, b, terms, version: terms.version, conflict, evidence };
  return evidence;
}

let lastEvidence:
  { a: ItemFeatures; b: ItemFeatures; terms: WindowTerms; version: number; conflict: boolean; evidence: RareEvidence } | undefined;
// The new item's total rarity is the same against every candidate of its placement.
const totals = new WeakMap<ItemFeatures, { terms: WindowTerms; version: number; total: number }>();

function totalRarity(a: ItemFeatures, terms: WindowTerms, items: number): number {
  let cached = totals.get(a);
  if (cached?.terms !== terms || cached.version !== terms.version) {
    let total = 0;
    for (const key of termKeys(a)) total += termWeight(items, documentFrequency(terms, key) + 1);
    totals.set(a, (cached = { terms, version: terms.version, total }));
  }
  return cached.total;
}

function computeRareEvidence(a: ItemFeatures, b: ItemFeatures, terms: WindowTerms, hoursApart: number, conflict: boolean): RareEvidence {
  const w = SCORE_WEIGHTS;
  // Counting the new item in: it shares every one of its words with itself.
  const items = terms.items + 1;
  const maxWeight = termWeight(items, 1);
  const profile = rarityProfile(terms, b.itemId);
  if (maxWeight <= 0 || !profile) return NO_EVIDENCE;
  const keysA = termKeys(a);
  const keysB = profile.keys;
  // Both ascending: one merge pass finds the shared terms; only those need their frequency.
  let sharedWeight = 0;
  let shared = 0;
  for (let i = 0, j = 0; i < keysA.length && j < keysB.length;) {
    const x = keysA[i]!;
    const y = keysB[j]!;
    if (x < y) i++;
    else if (x > y) j++;
    else {
      const weight = termWeight(items, documentFrequency(terms, x) + 1);
      if (weight > 0) {
        sharedWeight += weight;
        shared++;
      }
      i++;
      j++;
    }
  }
  const totalBoth = totalRarity(a, terms, items) + profile.total;
  const dice = totalBoth > 0 ? Math.min(1, (2 * sharedWeight) / totalBoth) : 0;
  const mass = sharedWeight / maxWeight;
  const entityConflict = hasEntityConflict(a, b, keysA, keysB, terms, items, maxWeight);
  // Shared names cannot outvote a contradiction: same actors, another day, score or place.
  if (shared < w.rareMinShared || conflict || entityConflict) return { shared, dice, mass, bonus: 0, entityConflict };
  const fade = Math.min(1, Math.max(0, hoursApart - w.evidenceFreeHours) / (w.evidenceFullHours - w.evidenceFreeHours));
  const massShare = Math.min(1, Math.max(0, mass - w.rareMassFrom) / w.rareMassSpan);
  return { shared, dice, mass, bonus: (1 - fade) * (w.rareDice * dice + w.rareMass * massShare), entityConflict };
}

/** Each title has exactly one word the other item lacks, and both are rare: one name in place of another. */
function hasEntityConflict(
  a: ItemFeatures,
  b: ItemFeatures,
  keysA: Int32Array,
  keysB: Int32Array,
  terms: WindowTerms,
  items: number,
  maxWeight: number,
): boolean {
  const missingA = soleMissingTitleWord(a, keysB);
  if (missingA === undefined) return false;
  const missingB = soleMissingTitleWord(b, keysA);
  if (missingB === undefined) return false;
  // Rare: used by fewer than one item in RARE_SHARE_FLOOR² of the window (a name, not a topic word).
  return (
    termWeight(items, documentFrequency(terms, missingA) + 1) >= maxWeight / 2 &&
    termWeight(items, documentFrequency(terms, missingB) + 1) >= maxWeight / 2
  );
}
function pairBasis(a: ItemFeatures, b: ItemFeatures, terms: WindowTerms | undefined): PairBasis {
  const w = SCORE_WEIGHTS;
  // A shortened lead is the opening of the full one: compare equal-length openings.
  const leadLength = Math.min(a.leadTokens.length, b.leadTokens.length, LEAD_TOKENS);
  const sharedTitleNumbers = a.titleNumbers.filter((n) => b.titleNumbers.includes(n)).length;
  const negationsA = a.titleTokens.some((t) => POLARITY_WORDS.has(t));
  const negationsB = b.titleTokens.some((t) => POLARITY_WORDS.has(t));
  const hoursApart = Math.abs(a.atMs - b.atMs) / 3_600_000;
  const sameSource = a.sourceId === b.sourceId;
  const numberConflict = a.titleNumbers.length > 0 && b.titleNumbers.length > 0 && sharedTitleNumbers === 0;
  const polarityConflict = negationsA !== negationsB;
  const dayConflict = a.weekdays !== 0 && b.weekdays !== 0 && (a.weekdays & b.weekdays) === 0;
  return {
    words: wordOverlap(a.titleTokens, b.titleTokens),
    leadLength,
    leadsPresent: leadLength >= 4,
    numberConflict,
    dayConflict,
    polarityConflict,
    hoursApart,
    timeShare: Math.min(1, Math.max(0, hoursApart - w.timeFreeHours) / (w.timeFullHours - w.timeFreeHours)),
    sameSource,
    rare: rareEvidence(a, b, terms, hoursApart, sameSource, numberConflict || polarityConflict || dayConflict),
  };
}

/**
 * The score from the basis and the two Dice values. Non-decreasing in both Dice values (sums
 * with positive weights, max, clamp, rounding), so upper bounds in give an upper bound out.
 */
function combine(
  basis: PairBasis,
  titleDice: number,
  leadDice: number,
): { score: number; titleSimilarity: number; textSimilarity: number } {
  const w = SCORE_WEIGHTS;
  const titleSimilarity = w.titleDice * titleDice + w.titleOverlap * basis.words.coefficient + w.titleWordDice * basis.words.dice;
  // The lead can confirm a title match or carry a re-titled copy, never sink a strong title.
  const textSimilarity = basis.leadsPresent
    ? Math.max(titleSimilarity, (1 - w.lead) * titleSimilarity + w.lead * leadDice)
    : titleSimilarity;
  // Shared rare names lift a pair whose wording differs; the penalties below still apply.
  let score = textSimilarity + basis.rare.bonus;
  if (basis.numberConflict) score -= w.numberConflict;
  if (basis.dayConflict) score -= w.dayConflict;
  if (basis.polarityConflict) score -= w.polarityConflict;
  if (basis.rare.entityConflict) score -= w.entityConflict;
  score -= w.timePenalty * basis.timeShare;
  if (basis.sameSource) score -= w.sameSourcePenalty;
  return { score: round(Math.max(0, Math.min(1, score))), titleSimilarity, textSimilarity };
}

/** Dice of two token lists as strings; 0 when both are empty (string-similarity would say 1). */
function tokensDice(a: readonly string[], b: readonly string[]): number {
  const sa = a.join('');
  const sb = b.join('');
  if (sa.length === 0 && sb.length === 0) return 0;
  return dice(sa, sb);
}

/**
 * An upper bound of `scorePair(a, b).score` without string-similarity: a pair below the threshold
 * here cannot match. Stops refining as soon as the bound falls below `threshold` (a looser bound, still a bound).
 */
export function scoreUpperBound(a: ItemFeatures, b: ItemFeatures, threshold = 0, terms?: WindowTerms): number {
  const basis = pairBasis(a, b, terms);
  // Cheapest first: penalties and word overlap alone often rule a pair out (both Dice taken as 1),
  // then the title's sketch, and only then the longer lead's.
  const loose = combine(basis, 1, 1).score;
  if (loose < threshold) return loose;
  const titleBound =
    a.titleTokens.length === 0 && b.titleTokens.length === 0 ? 0 : diceUpperBound(sketchesOf(a).title, sketchesOf(b).title);
  if (!basis.leadsPresent) return combine(basis, titleBound, 0).score;
  const titleOnly = combine(basis, titleBound, 1).score;
  if (titleOnly < threshold) return titleOnly;
  return combine(basis, titleBound, diceUpperBound(leadSketch(a, basis.leadLength), leadSketch(b, basis.leadLength))).score;
}

/**
 * Scores a candidate pair with string-similarity; `a` is the new item, `terms` the window's word
 * statistics (without them there is no rare-word evidence). Pure: no clock, no database.
 */
export function scorePair(a: ItemFeatures, b: ItemFeatures, terms?: WindowTerms): PairScore {
  const w = SCORE_WEIGHTS;
  const basis = pairBasis(a, b, terms);
  const titleDice = tokensDice(a.titleTokens, b.titleTokens);
  const leadDice = basis.leadsPresent ? tokensDice(a.leadTokens.slice(0, basis.leadLength), b.leadTokens.slice(0, basis.leadLength)) : 0;
  const { score, textSimilarity } = combine(basis, titleDice, leadDice);
  const { words, leadsPresent, numberConflict, dayConflict, polarityConflict, hoursApart, timeShare, sameSource, rare } = basis;
  return {
    score,
    components: {
      titleDice: round(titleDice),
      titleOverlap: round(words.coefficient),
      titleWordDice: round(words.dice),
      leadDice: round(leadDice),
      leadsCompared: leadsPresent,
      textSimilarity: round(textSimilarity),
      titleNumbersNew: a.titleNumbers.join(','),
      titleNumbersMatched: b.titleNumbers.join(','),
      numberConflict,
      dayConflict,
      polarityConflict,
      hoursApart: round(hoursApart),
      timePenalty: round(w.timePenalty * timeShare),
      sameSource,
      rareShared: rare.shared,
      rareDice: round(rare.dice),
      rareMass: round(rare.mass),
      rareBonus: round(rare.bonus),
      entityConflict: rare.entityConflict,
    },
  };
}
