// Place names, so that one kind of event in two places stays two stories ("Großbrand in Lagerhalle in Duisburg" /
// "Grossbrand in Lagerhalle in Winterthur"): both headlines are told alike, and their words are as informative as any
// retelling's. The list is GeoNames' towns of 15,000 people and more, CLDR's exemplar cities in German and English ("Wien",
// "Moskau"), the country names of 78 languages and the nationality adjectives of 8 ("indisch" names India), one-word names
// only, each with its countries (scripts/build-places.ts, src/dedup/places/README.md); a place it does not know ("Peking",
// "Frankfurt am Main") is simply no evidence either way.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { foldWord } from './fold-word.js';
import { stemWord, stemWordUncached } from './stem-word.js';

// Relative to the package root, as background-prior.ts: the same path serves src/dedup and dist/dedup.
const PLACES_FILE = new URL('../../src/dedup/places/places.txt.gz', import.meta.url);
/** Areas the gazetteer lacks (the euro area), kept by hand in the same form, with comment lines. */
const REGIONS_FILE = new URL('../../src/dedup/places/regions.txt', import.meta.url);

/** Shorter stems are too often words of the language too. */
const MIN_STEM = 4;

/**
 * What a place stem is: a town in some countries (and regions of them), and/or the name (or adjective) of some countries, and/or
 * the name of some regions. A region counts as a town of its country (in `townIn`) for what a country's name says of it.
 */
export interface Place {
  townIn: readonly string[];
  names: readonly string[];
  /** The regions (ISO 3166-2 codes, "DE-BY") the towns of this name lie in. */
  regionIn: readonly string[];
  /** The regions this name names ("bayern" → DE-BY). */
  regions: readonly string[];
  /** The names this stem comes from, normalised as a text's tokens are ("rheine" for "rhein"). */
  spellings: readonly string[];
}

let lines: readonly string[] | null = null;
const placesByLanguage = new Map<string | null, Map<string, Place>>();
const stemsByLanguage = new Map<string | null, ReadonlySet<string>>();

/** The places by their stem in `language`, as an item's terms are stemmed (item-evidence.ts). */
export function placesOf(language: string | null): ReadonlyMap<string, Place> {
  let places = placesByLanguage.get(language);
  if (!places) {
    lines ??= [
      ...gunzipSync(readFileSync(PLACES_FILE)).toString('utf8').split('\n'),
      ...readFileSync(REGIONS_FILE, 'utf8').split('\n'),
    ].filter((line) => line !== '' && !line.startsWith('#'));
    places = new Map();
    for (const line of lines) {
      const [name, codes] = line.split('\t') as [string, string];
      const stem = stemWordUncached(name, language);
      // A name the stemmer cuts to a short stem meets ordinary words ("Arta" → "art", "Paks" → "pak"): no evidence of a place.
      if (stem.length < MIN_STEM) continue;
      const place = places.get(stem) ?? { townIn: [], names: [], regionIn: [], regions: [], spellings: [] };
      (place.spellings as string[]).push(name);
      for (const code of codes.split(' ')) {
        const region = code.includes('-');
        const country = code.replace('=', '').slice(0, 2);
        if (!code.startsWith('=')) (region ? (place.regionIn as string[]) : (place.townIn as string[])).push(code);
        else if (!region) (place.names as string[]).push(country);
        else {
          (place.regions as string[]).push(code.slice(1));
          if (!place.townIn.includes(country)) (place.townIn as string[]).push(country);
        }
      }
      places.set(stem, place);
    }
    placesByLanguage.set(language, places);
  }
  return places;
}

/** The place names as stems of `language`. */
export function placeStems(language: string | null): ReadonlySet<string> {
  let stems = stemsByLanguage.get(language);
  if (!stems) stemsByLanguage.set(language, (stems = new Set(placesOf(language).keys())));
  return stems;
}

/**
 * Whether a text (its terms, in `language`) speaks of `place` (a stem in `placeLanguage`) without naming it: it names a town
 * of the country `place` names ("Moskau" speaks of "Russland") or names that country otherwise ("France" speaks of "French"), or it names the country of the town `place` and no other
 * town of that country ("Russland" speaks of "Moskau", "syrisch … Aleppo" not of "Damaskus").
 */
export function speaksOf(terms: readonly string[], language: string | null, place: string, placeLanguage: string | null): boolean {
  const target = placesOf(placeLanguage).get(place);
  if (target === undefined) return false;
  const places = placesOf(language);
  let country = false;
  let region = false;
  for (const t of terms) {
    const other = places.get(t);
    if (other === undefined) continue;
    // A region and its towns speak of each other as a country and its towns do: "München" of "Bayern", "Bayern" of "Passau"
    // unless the text names another town of Bayern.
    if (target.regions.some((r) => other.regionIn.includes(r) || other.regions.includes(r))) return true;
    if (target.regionIn.some((r) => other.regions.includes(r))) {
      region = true;
      continue;
    }
    // A town of the country, or the country under another of its names: English writes the adjective apart from the noun
    // ("French" / "France", "Dutch" / "Netherlands", "Swiss" / "Switzerland"), where German shares a prefix ("französisch").
    if (target.names.some((c) => other.townIn.includes(c) || other.names.includes(c))) return true;
    if (target.townIn.some((c) => other.names.includes(c))) country = true;
    else if (other.names.length === 0 && target.townIn.some((c) => other.townIn.includes(c))) return false;
  }
  return country || region;
}

const NONE: readonly string[] = Object.freeze([]);

/**
 * The places a text's normalised tokens name, as stems (its terms); a shared empty array when none, as most items name
 * none. A token names a place when its stem is the place's and it begins with the place's name: "Kölner" names Köln, while
 * "Rhein" (stemmed as the town Rheine is), "Sieg" (Siegen) and "Berg" (Bergen) name none.
 */
export function placesAmong(tokens: Iterable<string>, language: string | null): readonly string[] {
  const places = placesOf(language);
  let found: string[] | null = null;
  for (const token of tokens) {
    if (token.length < MIN_STEM) continue;
    const stem = stemWord(token, language);
    const place = places.get(stem);
    if (place === undefined || !place.spellings.some((name) => token.startsWith(name))) continue;
    if (!found?.includes(stem)) (found ??= []).push(stem);
  }
  return found ?? NONE;
}

/**
 * `places` (stems found in `text`, in `language`) without the towns that `text` writes only in lower case, when it writes any
 * word with a capital: a town's name in lower case is a word of the language, not the town. GeoNames has English towns
 * named "Deal", "Worth", "Fleet", "Sale", "Bend", "Hook", "Mobile", "Independence" and "Surprise", so "Rolls-Royce wins
 * engine deal … worth $2.1 bln" named two towns and vetoed the same deal's "$2.1bn order: IndiGo picks Rolls-Royce engines
 * for A350 fleet" (a third); German "essen" and "bergen" are verbs. A country's name or adjective still counts (languages
 * write adjectives in lower case: "indischen" names India). A text with no capital at all (a feed that lowercases
 * everything, a script without case) tells nothing, and a headline in capitals or Title Case keeps every name.
 */
export function withoutLowercaseTowns(places: readonly string[], text: string, language: string | null): readonly string[] {
  if (places.length === 0 || !/\p{Lu}/u.test(text)) return places;
  const towns = placesOf(language);
  const lower = new Set<string>();
  const capitalised = new Set<string>();
  for (const [word] of text.matchAll(/[\p{L}\p{M}]+/gu))
    (/^\p{Ll}/u.test(word) ? lower : capitalised).add(stemWord(foldWord(word), language));
  const kept = places.filter((p) => towns.get(p)?.names.length !== 0 || !lower.has(p) || capitalised.has(p));
  return kept.length === places.length ? places : kept.length > 0 ? kept : NONE;
}

/**
 * `places` (stems found in `text`, in `language`) without the towns that `text` writes only as the last part of a hyphenated
 * word whose other parts name no place: there the town's name is the compound's head, a word ("Lawinen-Drama" names no Greek
 * town Drama), while a place before the hyphen keeps it ("Köln-Bonn", "Flughafen Berlin-Tegel"). Countries and regions stay.
 */
export function withoutCompoundHeadTowns(places: readonly string[], text: string, language: string | null): readonly string[] {
  if (places.length === 0 || !text.includes('-')) return places;
  const known = placesOf(language);
  const heads = new Set<string>();
  const named = new Set<string>();
  for (const [word] of text.matchAll(/[\p{L}\p{M}]+(?:-[\p{L}\p{M}]+)*/gu)) {
    const parts = word.split('-').map((part) => stemWord(foldWord(part), language));
    const head = parts.at(-1)!;
    for (const part of parts.slice(0, -1)) named.add(part);
    if (parts.length > 1 && !parts.slice(0, -1).some((part) => known.has(part))) heads.add(head);
    else named.add(head);
  }
  const isTown = (p: string): boolean => known.get(p)?.names.length === 0 && known.get(p)?.regions.length === 0;
  const kept = places.filter((p) => !isTown(p) || !heads.has(p) || named.has(p));
  return kept.length === places.length ? places : kept.length > 0 ? kept : NONE;
}
