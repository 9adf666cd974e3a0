// A German compound on one side and the same words written apart on the other: "Grenzkontrollen" / "Kontrollen an
// den Landgrenzen", "Bahnstreik" / "Streik bei der Bahn", "Preiserhöhung" / "Preise … erhöht". Outlets telling one
// event in their own words choose freely between the two. Matched part by part (stem-word.ts `compoundParts`), each
// part counted `partWeight` of its information and never as a word of the compound's side, so the compound counted
// for a fraction of itself. Here its two parts found together on the other side count as the one word the compound
// is, worth the lesser of the compound's information and its parts' together: finding both parts is no more telling
// than the compound, and a compound commoner than its parts ("Bahnstreik" in a strike week) is worth no more than
// itself. Limits, plainly: a bag of words, so the two words may stand in different sentences ("Kontrollen" of one
// thing, "Grenze" of another); only the two parts a compound splits into are known ("Bundesverfassungsgericht" is
// "bundesverfassung" + "gericht"); a part that is also a word of the compound's own side ("Bahnstreik … die Bahn")
// is matched by that word, and the compound is then left to its parts' weights.
import { compoundParts } from './stem-word.js';
import type { SharedTerm } from './score-story.js';
import type { TermIds } from './term-ids.js';

/** Compounds are split against the German prior only (stem-word.ts), so parts exist only in German texts. */
const COMPOUND_LANGUAGE = 'de';

/** What compounds found written apart add to two sides' shared sums. */
export interface PhraseCredit {
  /** Bits added to the shared information (each phrase's worth less the two parts' credit it replaces). */
  bits: number;
  /** Shared words of side a added (a compound of a found apart in b: +1; b's compound found in two words of a: −1). */
  words: number;
}

/** A shared part's sides (`SharedPartSides`): a part of side a's compounds, of side b's, or both. */
export const PART_OF_A = 1;
export const PART_OF_B = 2;
/** The shared terms that are a compound's part on either side, each with its sides (PART_OF_A | PART_OF_B). */
export type SharedPartSides = ReadonlyMap<string, number>;

const NONE: PhraseCredit = { bits: 0, words: 0 };

/**
 * Credits the compounds of either side whose two parts the other side holds while it lacks the compound itself.
 * `shared`: the sums' shared terms (side a's ids against side b's, b marked in `ids.marks` with `stamp`), rewritten in
 * place: the two parts' entries become one entry for the compound. `informationOf`: a term id's information (bits).
 */
export function creditCompoundPhrases(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  ids: TermIds,
  stamp: number,
  shared: SharedTerm[],
  parts: SharedPartSides,
  informationOf: (id: number) => number,
): PhraseCredit {
  let bits = 0;
  let words = 0;
  // Side a's compounds that b lacks (b's ids are marked): their parts were shared as parts, never as words of a.
  for (let i = 0; i < a.length; i++) {
    const id = a[i]!;
    if (id < 0 || ids.marks[id] === stamp) continue;
    const credit = creditPhrase(ids.names[id]!, informationOf(id), shared, parts, PART_OF_A, PART_OF_B);
    if (credit === null) continue;
    bits += credit.bits;
    words++;
  }
  // Side b's compounds that a lacks: each of their parts that is a word of a was counted as a shared word of its own.
  let inA: Set<number> | undefined;
  for (let j = 0; j < b.length; j++) {
    const id = b[j]!;
    if (id < 0) continue;
    if (!inA) {
      inA = new Set();
      for (let i = 0; i < a.length; i++) inA.add(a[i]! < 0 ? ~a[i]! : a[i]!);
    }
    if (inA.has(id)) continue;
    const credit = creditPhrase(ids.names[id]!, informationOf(id), shared, parts, PART_OF_B, PART_OF_A);
    if (credit === null) continue;
    bits += credit.bits;
    words += 1 - credit.apart;
  }
  return bits === 0 && words === 0 ? NONE : { bits, words };
}

/**
 * When both parts of `compound` (a word of one side, `own`) are shared as its side's parts, at least one of them written
 * apart on the other side (`other`: a word there, not only a part of the other side's own compounds: "Landesregierung"
 * and "Grenzschutz" do not spell "Landgrenze"), and both still listed in `shared`, replaces their two entries with one
 * for the compound, worth the lesser of its information and theirs together. Returns the bits this adds and how many of
 * the parts the other side writes apart; else null.
 */
function creditPhrase(
  compound: string,
  information: number,
  shared: SharedTerm[],
  parts: SharedPartSides,
  own: number,
  other: number,
): { bits: number; apart: number } | null {
  const split = compoundParts(compound, COMPOUND_LANGUAGE);
  if (split.length !== 2) return null;
  const sides = split.map((t) => parts.get(t) ?? 0);
  if (!sides.every((s) => (s & own) !== 0)) return null;
  const apart = sides.filter((s) => (s & other) === 0).length;
  if (apart === 0) return null;
  const modifier = shared.findIndex((t) => t.term === split[0]);
  const head = shared.findIndex((t) => t.term === split[1]);
  // Another compound of the same parts took them already ("Grenzkontrolle", "Kontrollgrenze"): one phrase per pair.
  if (modifier < 0 || head < 0) return null;
  const m = shared[modifier]!;
  const h = shared[head]!;
  const worth = Math.min(information, m.information + h.information);
  shared.splice(Math.max(modifier, head), 1);
  shared.splice(Math.min(modifier, head), 1);
  shared.push({ term: compound, bits: worth, information: worth, part: false });
  return { bits: worth - m.bits - h.bits, apart };
}
