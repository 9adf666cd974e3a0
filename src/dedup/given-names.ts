// A person named in full on one side and by the surname alone on the other ("Mark Carney says …" / "Carney says …",
// "Steve Cohen renames fund Point72" / "Cohen changes SAC name to Point72"): the given name is how one outlet writes the
// name, not something the other report lacks. Counted as missing, it weighs as much as any name (9–11 bits), so a headline
// of five words loses a fifth of its score. Only a given name the list knows, right before a capitalised word, and only when
// the other side names that surname alone: a given name both sides write is shared evidence as before, and two people of
// one surname ("Harry Kane" / "Martin Kane") keep their given names apart.
import { readFileSync } from 'node:fs';
import { foldWord } from './fold-word.js';
import type { ItemFeatures } from './item-features.js';
import { countryNameOf, placesOf } from './place-names.js';
import { stemWord } from './stem-word.js';
import type { CoreView } from './story-core.js';
import { termIdOf, type ItemTermIds, type TermIds } from './term-ids.js';

// Relative to the package root, as place-names.ts: the same path serves src/dedup and dist/dedup.
const GIVEN_NAMES_FILE = new URL('../../src/dedup/names/given-names.txt', import.meta.url);

/** Names of the list that are titles or ranks before a name ("King Charles", "General Motors", "Justice Department"). */
const TITLES: ReadonlySet<string> = new Set([
  'Baron',
  'Earl',
  'General',
  'Judge',
  'Justice',
  'King',
  'Major',
  'Prince',
  'Princess',
  'Queen',
  'Sister',
]);

let givenNames: ReadonlySet<string> | undefined;

/**
 * The given names the list knows, as written ("Mark"): read on first use. Without titles and without the names of places
 * (place-names.ts, English): "Jordan Closes Border With Syria" names a country, not a person called Jordan Closes.
 */
function isGivenName(word: string): boolean {
  givenNames ??= new Set(
    readFileSync(GIVEN_NAMES_FILE, 'utf8')
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('#') && !TITLES.has(line) && !namesPlace(line)),
  );
  return givenNames.has(word);
}

/**
 * Whether an English text writing `name` names a country or region by it ("Jordan", "Georgia", "Virginia"): spelt as the
 * place, not only stemmed alike. Towns are left out: GeoNames has towns named Mark, David, Martin and Gary, whose names are
 * far more often a person's (on calibration en and UCI-cal leaving them out too changed nothing).
 */
function namesPlace(name: string): boolean {
  const word = foldWord(name);
  const place = placesOf('en').get(termOf(name, 'en'));
  return place !== undefined && place.spellings.includes(word) && (place.names.length > 0 || place.regions.length > 0);
}

/** A given name and the surname written right after it, as evidence terms (item-evidence.ts). */
export interface NamePair {
  given: string;
  surname: string;
}

const NO_PAIRS: readonly NamePair[] = Object.freeze([]);

/** The evidence term of one word of `language`, as `evidenceTerms` makes it of the word's normalised token. */
function termOf(word: string, language: string | null): string {
  return countryNameOf(stemWord(foldWord(word), language), language);
}

/**
 * The given names `text` writes right before a capitalised word ("Mark Carney", "Lena Dunham's"), each with that word, as
 * evidence terms. Most texts name none: the shared empty list.
 */
export function givenNamesIn(text: string, language: string | null): readonly NamePair[] {
  // The list is of English given names; German news names others ("Friedrich Merz"), and a German list would be the same rule.
  if (language !== 'en') return NO_PAIRS;
  let pairs: NamePair[] | undefined;
  // Spaces only: item-features.ts joins title and lead with "\n", and a title's last word is no given name of the lead's first.
  const words = /(?<![\p{L}\p{M}'’])\p{Lu}\p{Ll}+(?=[ \u00a0]+\p{Lu}[\p{L}\p{M}]*\p{Ll})/gu;
  for (const match of text.matchAll(words)) {
    if (!isGivenName(match[0])) continue;
    const surname = /^[ \u00a0]+([\p{L}\p{M}]+)/u.exec(text.slice(match.index + match[0].length))![1]!;
    (pairs ??= []).push({ given: termOf(match[0], language), surname: termOf(surname, language) });
  }
  return pairs ?? NO_PAIRS;
}

/** The item and the story's core as scored, without the given names only one side writes (`givenNamesIn`). */
export interface NamedAlike {
  features: ItemFeatures;
  ids: ItemTermIds;
  view: CoreView;
}

/**
 * The item's features and term ids and the story's core view without each given name that one side writes before a
 * surname the other side names without it: the item's own (its pairs against the core), and the members' (their pairs
 * against the item's terms) when the core holds them. The same objects when there is none (most comparisons).
 */
export function withoutUnsharedGivenNames(
  f: ItemFeatures,
  ids: ItemTermIds,
  view: CoreView,
  members: readonly ItemFeatures[],
  termIds: TermIds,
): NamedAlike {
  // A surname the other side writes with another given name is no surname alone: "Harry Kane" and "Martin Kane" stay two
  // people. The maps are made only for a candidate pair (most comparisons have none).
  let storyGivens: Map<string, Set<string>> | undefined;
  let fromItem: Set<string> | undefined;
  for (const { given, surname } of f.givenNames) {
    if (!view.has(surname) || view.has(given)) continue;
    storyGivens ??= givensBySurname(members.flatMap((m) => m.givenNames));
    if (onlyGiven(storyGivens, surname, given)) (fromItem ??= new Set()).add(given);
  }
  let itemGivens: Map<string, Set<string>> | undefined;
  let fromStory: Set<string> | undefined;
  for (const m of members) {
    for (const { given, surname } of m.givenNames) {
      if (!view.has(given)) continue;
      if (!f.terms.includes(surname) || f.terms.includes(given)) continue;
      itemGivens ??= givensBySurname(f.givenNames);
      if (onlyGiven(itemGivens, surname, given)) (fromStory ??= new Set()).add(given);
    }
  }
  if (fromItem === undefined && fromStory === undefined) return { features: f, ids, view };
  return {
    features: fromItem ? withoutTerms(f, fromItem) : f,
    ids: fromItem ? { terms: withoutIds(ids.terms, fromItem, termIds), titleTerms: withoutIds(ids.titleTerms, fromItem, termIds) } : ids,
    view: fromStory ? viewWithout(view, fromStory, termIds) : view,
  };
}

/** Each surname with the given names written before it. */
function givensBySurname(pairs: readonly NamePair[]): Map<string, Set<string>> {
  const bySurname = new Map<string, Set<string>>();
  for (const { given, surname } of pairs) {
    const givens = bySurname.get(surname);
    if (givens) givens.add(given);
    else bySurname.set(surname, new Set([given]));
  }
  return bySurname;
}

/** Whether `surname` is written with no given name other than `given`. */
function onlyGiven(bySurname: ReadonlyMap<string, ReadonlySet<string>>, surname: string, given: string): boolean {
  const givens = bySurname.get(surname);
  return givens === undefined || (givens.size === 1 && givens.has(given));
}

/** The features with `terms` left out of its terms and title terms. */
function withoutTerms(f: ItemFeatures, terms: ReadonlySet<string>): ItemFeatures {
  return {
    ...f,
    terms: f.terms.filter((t) => !terms.has(t)),
    titleTerms: new Set([...f.titleTerms].filter((t) => !terms.has(t))),
  };
}

/** Term ids (a part as `~id`) without those of `terms`. */
function withoutIds(list: Int32Array, terms: ReadonlySet<string>, termIds: TermIds): Int32Array {
  return list.filter((id) => !terms.has(termIds.names[termIdOf(id)]!));
}

/** A core view without `terms`. */
function viewWithout(view: CoreView, terms: ReadonlySet<string>, termIds: TermIds): CoreView {
  const kept = new Set([...view.terms].filter((t) => !terms.has(t)));
  return {
    terms: kept,
    size: kept.size,
    has: (term) => kept.has(term),
    termIds: withoutIds(view.termIds, terms, termIds),
    titleTerms: view.titleTerms.filter((t) => !terms.has(t)),
    titleTermIds: withoutIds(view.titleTermIds, terms, termIds),
    parts: view.parts,
  };
}
