// Two headlines alone (no lead on either side) that each carry an informative word the other does not hold in any form:
// "Mandela aus dem Krankenhaus entlassen" / "Israelischer Präsident aus dem Krankenhaus entlassen", "Avengers stellt
// Kassenrekord auf" / "Hungerspiele stellt Kassenrekorde auf", "Syriens Opposition droht mit Abbruch der Gespräche" /
// "Syriens Opposition stimmt Gesprächen zu". Each side adds a detail of its own (an actor, an object, what happened), and a
// few shared topic words then make two events look like one: with a lead, the rest of the report would say which; a
// headline alone has nothing more. Such a pair pays `HEADLINE_DETAILS.penalty`, so it must share more than other pairs
// to merge. A headline that only adds to the other (a fuller headline of the same event) pays nothing, nor one whose own
// word the other holds as a compound, a compound's part or a word of the same family ("Schulschießerei" / "Schießerei in
// einer Schule", "ägyptisch" / "Ägypten").
// Limits, plainly: words are compared by form, not meaning, so a synonym counts as a detail of its own ("Federer gewinnt" /
// "Federer holt" pays the penalty and needs its other words to carry it; STSb-de: about one paraphrase in seven of those
// merged before lost its merge), and a detail in another word order is not told from one in the same role. Only for
// languages with a stemmer (stem-word.ts), whose words share a family's first letters.
import { stemmedLanguages } from './stem-word.js';
import type { TermWeights } from './term-weights.js';

export const HEADLINE_DETAILS = {
  /**
   * A word of this much information (bits) or more is a detail: one item in 256 or fewer carries it (a name, a rare object),
   * not a topic word of the day's news ("Syrien", "Regierung", "Aktien": 5–7 bits). At 6 bits STSb-de's precision rose
   * further (0.900 at R 0.718) but UCI-cal, English headlines alone of broad stories, lost recall 0.256 → 0.211.
   */
  detailBits: 8,
  /** What a pair of headlines that each add a detail takes off the score: at the default threshold 0.5 it needs 0.6. */
  penalty: 0.1,
  /** Words sharing this many first letters are one family ("verurteilt" / "Verurteilung"). */
  familyPrefix: 5,
  /** A word inside a compound of the other side counts as held from this many letters ("schul" in "schulschiesserei"). */
  containedFrom: 4,
} as const;

const STEMMED: ReadonlySet<string> = new Set(stemmedLanguages());

/** One side of the comparison: its terms (words and compound parts) and which of them are only parts. */
export interface HeadlineSide {
  terms: Iterable<string>;
  parts: ReadonlySet<string>;
}

/**
 * The most informative word of each side that the other side does not hold in any form (`holds`), or null when either side
 * has none (one headline contained in the other, or both alike). Call only for two headlines without leads.
 */
export function ownDetails(
  item: HeadlineSide,
  story: HeadlineSide,
  weights: TermWeights,
  language: string | null,
): { item: string; story: string } | null {
  if (language === null || !STEMMED.has(language)) return null;
  const itemTerms = [...item.terms];
  const storyTerms = [...story.terms];
  const itemDetail = detailOf(itemTerms, item.parts, storyTerms, weights);
  if (itemDetail === null) return null;
  const storyDetail = detailOf(storyTerms, story.parts, itemTerms, weights);
  if (storyDetail === null) return null;
  return { item: itemDetail, story: storyDetail };
}

/** The most informative word (not a part) of `terms` of `detailBits` or more that `other` does not hold; null when none. */
function detailOf(terms: readonly string[], parts: ReadonlySet<string>, other: readonly string[], weights: TermWeights): string | null {
  let best: string | null = null;
  let bestBits = 0;
  for (const t of terms) {
    if (parts.has(t)) continue;
    const bits = weights.weight(t);
    if (bits < HEADLINE_DETAILS.detailBits || bits <= bestBits || holds(other, t)) continue;
    best = t;
    bestBits = bits;
  }
  return best;
}

/** Whether a side's terms hold `word`: the word itself, a compound holding it (or held in it), or a word of its family. */
function holds(terms: readonly string[], word: string): boolean {
  const { familyPrefix, containedFrom } = HEADLINE_DETAILS;
  for (const t of terms) {
    if (t === word) return true;
    if (Math.min(t.length, word.length) >= containedFrom && (t.includes(word) || word.includes(t))) return true;
    if (t.length >= familyPrefix && word.length >= familyPrefix && t.startsWith(word.slice(0, familyPrefix))) return true;
  }
  return false;
}
