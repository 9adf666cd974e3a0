// Town names, so that one kind of event in two places stays two stories ("Großbrand in Lagerhalle in Duisburg" /
// "Grossbrand in Lagerhalle in Winterthur"): both headlines are told alike, and their words are as informative as any
// retelling's. The list is GeoNames' towns of 15,000 people and more with a one-word name (scripts/build-places.ts,
// src/dedup/places/README.md); it holds local names ("Köln", "Kyiv"), not every language's exonym ("Cologne", "Kiew"),
// so a place it does not know is simply no evidence either way.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { stemWord } from './stem-word.js';

// Relative to the package root, as background-prior.ts: the same path serves src/dedup and dist/dedup.
const PLACES_FILE = new URL('../../src/dedup/places/cities.txt.gz', import.meta.url);

let names: readonly string[] | null = null;
const stemsByLanguage = new Map<string | null, ReadonlySet<string>>();

/** The place names as stems of `language`, as an item's terms are (item-evidence.ts). */
export function placeStems(language: string | null): ReadonlySet<string> {
  let stems = stemsByLanguage.get(language);
  if (!stems) {
    names ??= gunzipSync(readFileSync(PLACES_FILE)).toString('utf8').split('\n').filter(Boolean);
    stems = new Set(names.map((name) => stemWord(name, language)));
    stemsByLanguage.set(language, stems);
  }
  return stems;
}

const NONE: readonly string[] = Object.freeze([]);

/** The terms (words, not compound parts) that name a town; a shared empty array when none, as most items name none. */
export function placesAmong(terms: Iterable<string>, parts: ReadonlySet<string>, language: string | null): readonly string[] {
  const stems = placeStems(language);
  let found: string[] | null = null;
  for (const t of terms) if (!parts.has(t) && stems.has(t)) (found ??= []).push(t);
  return found ?? NONE;
}
