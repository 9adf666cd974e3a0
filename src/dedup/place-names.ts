// Place names, so that one kind of event in two places stays two stories ("Großbrand in Lagerhalle in Duisburg" /
// "Grossbrand in Lagerhalle in Winterthur"): both headlines are told alike, and their words are as informative as any
// retelling's. The list is GeoNames' towns of 15,000 people and more, the country names of 78 languages and the nationality
// adjectives of 8 ("indisch" names India), one-word names only (scripts/build-places.ts, src/dedup/places/README.md); towns
// come in their local form ("Köln", "Kyiv"), not every language's exonym ("Cologne", "Kiew"), so a place it does not know is
// simply no evidence either way.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { stemWordUncached } from './stem-word.js';

// Relative to the package root, as background-prior.ts: the same path serves src/dedup and dist/dedup.
const PLACES_FILE = new URL('../../src/dedup/places/places.txt.gz', import.meta.url);

/** Shorter stems are too often words of the language too. */
const MIN_STEM = 4;

let names: readonly string[] | null = null;
const stemsByLanguage = new Map<string | null, ReadonlySet<string>>();

/** The place names as stems of `language`, as an item's terms are (item-evidence.ts). */
export function placeStems(language: string | null): ReadonlySet<string> {
  let stems = stemsByLanguage.get(language);
  if (!stems) {
    names ??= gunzipSync(readFileSync(PLACES_FILE)).toString('utf8').split('\n').filter(Boolean);
    const found = new Set<string>();
    for (const name of names) {
      const stem = stemWordUncached(name, language);
      // A name the stemmer cuts to a short stem meets ordinary words ("Arta" → "art", "Paks" → "pak"): no evidence of a place.
      if (stem.length >= MIN_STEM) found.add(stem);
    }
    stems = found;
    stemsByLanguage.set(language, stems);
  }
  return stems;
}

const NONE: readonly string[] = Object.freeze([]);

/** The terms (words, not compound parts) that name a place; a shared empty array when none, as most items name none. */
export function placesAmong(terms: Iterable<string>, parts: ReadonlySet<string>, language: string | null): readonly string[] {
  const stems = placeStems(language);
  let found: string[] | null = null;
  for (const t of terms) if (!parts.has(t) && stems.has(t)) (found ??= []).push(t);
  return found ?? NONE;
}
