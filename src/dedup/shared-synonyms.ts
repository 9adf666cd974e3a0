// Two outlets telling one event in their own words: "Festnahme" / "Verhaftung", "Waffenruhe" / "Feuerpause",
// "Anschlag" / "Attentat". A word of one side whose synonym (synonym-table.ts; a different stem, not itself on the other
// side) the other side holds counts as one shared word, worth `synonymShare` of the lesser information of the two: a
// thesaurus' synonym is a looser match than the word itself (one meaning of a word of several), and finding the pair
// is no more telling than the rarer word alone would have been. Only as more evidence: the texts must already share
// `synonymsAfterWords` words of their own, so a synonym never founds a match, it only adds to one (a retelling's
// shared words, its bits). Limits, plainly: a bag of words, so the two words may speak of different things, and a
// word's group is any of its meanings ("Abbau" of jobs and of a stage).
import type { SharedTerm } from './score-story.js';
import type { SynonymTable } from './synonym-table.js';
import type { TermIds } from './term-ids.js';

/** How synonym pairs count (score-story.ts SCORE_SETTINGS: synonymShare, synonymWord, synonymsAfterWords). */
export interface SynonymWeighing {
  /** A pair counts this share of the lesser information of its two words. */
  share: number;
  /** A pair counts as this many shared words (0: bits only). */
  word: number;
  /** Pairs count only when the texts share at least this many words of their own. */
  afterWords: number;
}

/** What synonym pairs add to two sides' shared sums. */
export interface SynonymCredit {
  bits: number;
  words: number;
}

const NONE: SynonymCredit = { bits: 0, words: 0 };

/**
 * Credits each word of side a that b lacks paired with a synonym of it that b holds and a lacks, each word in one pair at
 * most. `shared`: the sums' shared terms (b's ids marked in `ids.marks` with `stamp`), to which each pair is added as
 * "a-stem=b-stem". `sharedWords`: the words the sides share already. Compounds' parts (`~id`) take no part.
 */
export function creditSharedSynonyms(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  ids: TermIds,
  stamp: number,
  table: SynonymTable,
  shared: SharedTerm[],
  sharedWords: number,
  informationOf: (id: number) => number,
  weighing: SynonymWeighing,
): SynonymCredit {
  if (sharedWords < weighing.afterWords) return NONE;
  const known = ids.synonymGroupsIn(table);
  const groupsOf = (id: number): readonly number[] | null => {
    let groups = known[id];
    if (groups === undefined) known[id] = groups = table.groupsOf(ids.names[id]!) ?? null;
    return groups;
  };
  // a's words b lacks, by the groups they stand in (a list per group: a word of two groups may be needed for either).
  let byGroup: Map<number, number[]> | undefined;
  for (let i = 0; i < a.length; i++) {
    const id = a[i]!;
    if (id < 0 || ids.marks[id] === stamp) continue;
    const groups = groupsOf(id);
    if (groups === null) continue;
    byGroup ??= new Map();
    for (const g of groups) {
      const list = byGroup.get(g);
      if (list === undefined) byGroup.set(g, [id]);
      else if (!list.includes(id)) list.push(id);
    }
  }
  if (byGroup === undefined) return NONE;
  // b's word must be one a lacks, as a word or as a part of a compound of a (built once a word of b has groups); each with
  // the words of a it could pair with.
  let inA: Set<number> | undefined;
  const bWords: number[] = [];
  const partnersOf: number[][] = [];
  for (let j = 0; j < b.length; j++) {
    const id = b[j]!;
    if (id < 0) continue;
    const groups = groupsOf(id);
    if (groups === null || bWords.includes(id)) continue;
    if (inA === undefined) {
      inA = new Set();
      for (let i = 0; i < a.length; i++) inA.add(a[i]! < 0 ? ~a[i]! : a[i]!);
    }
    if (inA.has(id)) continue;
    const partners: number[] = [];
    for (const g of groups) for (const partner of byGroup.get(g) ?? []) if (!partners.includes(partner)) partners.push(partner);
    if (partners.length === 0) continue;
    bWords.push(id);
    partnersOf.push(partners);
  }
  // As many pairs as there are, whatever the words' order: a word of b takes a free partner, or one whose word of b can
  // move to another (an augmenting path; a handful of words at most).
  const pairedWith = new Map<number, number>();
  const assign = (k: number, seen: Set<number>): boolean => {
    for (const partner of partnersOf[k]!) {
      if (seen.has(partner)) continue;
      seen.add(partner);
      const other = pairedWith.get(partner);
      if (other === undefined || assign(other, seen)) {
        pairedWith.set(partner, k);
        return true;
      }
    }
    return false;
  };
  for (let k = 0; k < bWords.length; k++) assign(k, new Set());
  let bits = 0;
  let words = 0;
  for (const [partner, k] of [...pairedWith].sort((x, y) => x[1] - y[1])) {
    const id = bWords[k]!;
    // Its information is the rarer word's, as a word's: a retelling's or a headline view's gate counts a pair of
    // informative words as an informative word (calibration-de-2 measured better so than counting only what it is worth).
    const information = Math.min(informationOf(partner), informationOf(id));
    const worth = information * weighing.share;
    shared.push({ term: `${ids.names[partner]!}=${ids.names[id]!}`, bits: worth, information, part: false });
    bits += worth;
    words += weighing.word;
  }
  return words === 0 ? NONE : { bits, words };
}
