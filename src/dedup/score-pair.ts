// THE scoring function: how likely two items tell the same story (0–1). One function, one
// threshold (config dedup.threshold); every component is returned for `feedmerge explain`.
import { bigramCodes, diceOfCodes } from './dice.js';
import { LEAD_TOKENS, type ItemFeatures } from './item-features.js';
import { POLARITY_WORDS } from './stopwords.js';

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
  /** One title negates ("keine Einigung") what the other states ("Einigung"). */
  polarityConflict: 0.4,
  /** Full penalty from this many hours apart, growing linearly from `timeFreeHours`. */
  timeFreeHours: 6,
  timeFullHours: 48,
  timePenalty: 0.12,
  /** Two different items of one feed that merely look alike are usually two events. */
  sameSourcePenalty: 0.2,
} as const;

const round = (n: number): number => Math.round(n * 1000) / 1000;

// Bigram codes per item, built on first use and kept while the item's features live (the
// window index holds them): a candidate is compared with many new items over its life.
interface Codes {
  title: Uint32Array;
  /** The whole compared lead opening (LEAD_TOKENS or fewer); shorter cuts are built per pair. */
  lead: Uint32Array | null;
}
const codeCache = new WeakMap<ItemFeatures, Codes>();

function codesOf(f: ItemFeatures): Codes {
  let codes = codeCache.get(f);
  if (!codes) codeCache.set(f, (codes = { title: bigramCodes(f.titleTokens.join('')), lead: null }));
  return codes;
}

function leadCodes(f: ItemFeatures, tokens: number): Uint32Array {
  // Most leads are compared over their whole opening: that one is kept, a shorter cut is not.
  if (tokens < f.leadTokens.length) return bigramCodes(f.leadTokens.slice(0, tokens).join(''));
  const codes = codesOf(f);
  return (codes.lead ??= bigramCodes(f.leadTokens.join('')));
}

/** Dice of two token lists as strings, 1 when the joined texts are equal (as string-similarity). */
function tokensDice(a: readonly string[], b: readonly string[], codesA: () => Uint32Array, codesB: () => Uint32Array): number {
  const sa = a.join('');
  if (sa.length === 0 && b.length === 0) return 0;
  if (sa === b.join('')) return 1;
  return diceOfCodes(codesA(), codesB());
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

/** Scores a candidate pair; `a` is the new item. Pure: no clock, no database. */
export function scorePair(a: ItemFeatures, b: ItemFeatures): PairScore {
  const w = SCORE_WEIGHTS;
  const titleDice = tokensDice(a.titleTokens, b.titleTokens, () => codesOf(a).title, () => codesOf(b).title);
  const words = wordOverlap(a.titleTokens, b.titleTokens);
  const titleSimilarity = w.titleDice * titleDice + w.titleOverlap * words.coefficient + w.titleWordDice * words.dice;
  // A shortened lead is the opening of the full one: compare equal-length openings.
  const leadLength = Math.min(a.leadTokens.length, b.leadTokens.length, LEAD_TOKENS);
  const leadsPresent = leadLength >= 4;
  const leadDice = leadsPresent
    ? tokensDice(a.leadTokens.slice(0, leadLength), b.leadTokens.slice(0, leadLength), () => leadCodes(a, leadLength), () => leadCodes(b, leadLength))
    : 0;
  // The lead can confirm a title match or carry a re-titled copy, never sink a strong title.
  const textSimilarity = leadsPresent ? Math.max(titleSimilarity, (1 - w.lead) * titleSimilarity + w.lead * leadDice) : titleSimilarity;

  const sharedTitleNumbers = a.titleNumbers.filter((n) => b.titleNumbers.includes(n)).length;
  const numberConflict = a.titleNumbers.length > 0 && b.titleNumbers.length > 0 && sharedTitleNumbers === 0;
  const negationsA = a.titleTokens.filter((t) => POLARITY_WORDS.has(t));
  const negationsB = b.titleTokens.filter((t) => POLARITY_WORDS.has(t));
  const polarityConflict = (negationsA.length > 0) !== (negationsB.length > 0);
  const hoursApart = Math.abs(a.atMs - b.atMs) / 3_600_000;
  const timeShare = Math.min(1, Math.max(0, hoursApart - w.timeFreeHours) / (w.timeFullHours - w.timeFreeHours));
  const sameSource = a.sourceId === b.sourceId;

  let score = textSimilarity;
  if (numberConflict) score -= w.numberConflict;
  if (polarityConflict) score -= w.polarityConflict;
  score -= w.timePenalty * timeShare;
  if (sameSource) score -= w.sameSourcePenalty;
  score = Math.max(0, Math.min(1, score));

  return {
    score: round(score),
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
      polarityConflict,
      hoursApart: round(hoursApart),
      timePenalty: round(w.timePenalty * timeShare),
      sameSource,
    },
  };
}
