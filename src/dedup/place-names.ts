// Place names, so that one kind of event in two places stays two stories ("Großbrand in Lagerhalle in Duisburg" /
// "Grossbrand in Lagerhalle in Winterthur"): both headlines are told alike, and their words are as informative as any
// retelling's. The list is GeoNames' towns of 15,000 people and more, CLDR's exemplar cities in German and English ("Wien",
// "Moskau"), the country names of 78 languages and the nationality adjectives of 8 ("indisch" names India), one-word names
// only, each with its countries (scripts/build-places.ts, src/dedup/places/README.md), and for French, Spanish, Italian and
// Portuguese texts GeoNames' names of large towns in that language ("Londres", "Ginebra", "Pékin"); a place it does not
// know ("Peking", "Frankfurt am Main") is simply no evidence either way.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { backgroundPrior } from './background-prior.js';
import { dotlessIAsI, foldWord } from './fold-word.js';
import { stemWord, stemWordUncached } from './stem-word.js';

// Relative to the package root, as background-prior.ts: the same path serves src/dedup and dist/dedup.
const PLACES_FILE = new URL('../../src/dedup/places/places.txt.gz', import.meta.url);
/** Areas the gazetteer lacks (the euro area), kept by hand in the same form, with comment lines. */
const REGIONS_FILE = new URL('../../src/dedup/places/regions.txt', import.meta.url);

/** Towns as one language writes them ("Londres", "Ginebra"), read by that language's texts only (scripts/build-places.ts). */
const TOWN_NAMES_BY_LANGUAGE_FILE = new URL('../../src/dedup/places/town-names-by-language.txt', import.meta.url);

/** Countries named by letters ("USA", "UK"), with their codes (scripts/build-places.ts). */
const ACRONYMS_FILE = new URL('../../src/dedup/places/country-acronyms.txt', import.meta.url);

/** Shorter stems are too often words of the language too. */
const MIN_STEM = 4;
/** A country's or region's name the stemmer cuts shorter than MIN_STEM still counts from this length ("Polen", not "Lets"). */
const MIN_NAME_OF_SHORT_STEM = 5;

/**
 * What a place stem is: a town in some countries (and regions of them), and/or the name (or adjective) of some countries, and/or
 * the name of some regions. A region counts as a town of its country (in `townIn`) for what a country's name says of it.
 */
export interface Place {
  readonly townIn: readonly string[];
  readonly names: readonly string[];
  /** The regions (ISO 3166-2 codes, "DE-BY") the towns of this name lie in. */
  readonly regionIn: readonly string[];
  /** The regions this name names ("bayern" → DE-BY). */
  readonly regions: readonly string[];
  /** The names this stem comes from, normalised as a text's tokens are ("rheine" for "rhein"). */
  readonly spellings: readonly string[];
  /** Some of its spellings is a nationality adjective ("indisch", "French"), which some languages write in lower case. */
  readonly adjective: boolean;
  /** Some of its spellings is a country's own name ("japan"), whatever other languages' adjectives it also spells ("Japans"). */
  readonly countryName: boolean;
}

/** A place while its lines are added (`addLine`); frozen (`frozenPlace`) before any table hands it out. */
interface PlaceDraft {
  townIn: string[];
  names: string[];
  regionIn: string[];
  regions: string[];
  spellings: string[];
  adjective: boolean;
  countryName: boolean;
}

/** One line of the place list, read once for every language (only the stems differ between languages). */
interface PlaceLine {
  name: string;
  /** Its codes as written, "~" read as "=" (scripts/build-places.ts). */
  codes: readonly string[];
  /** It names a country or a first-level region ("=DE", "=DE-BY"): kept when the stemmer cuts it short (`placesOf`). */
  namesArea: boolean;
  adjective: boolean;
  countryName: boolean;
  /** The place this line alone makes: a stem no other line shares takes it as it is, in every language. */
  place: Place;
}

let lines: readonly PlaceLine[] | null = null;
let linesByLanguage: ReadonlyMap<string, readonly PlaceLine[]> | null = null;
const placesByLanguage = new Map<string | null, Map<string, Place>>();
const stemsByLanguage = new Map<string | null, ReadonlySet<string>>();

function noPlace(): PlaceDraft {
  return { townIn: [], names: [], regionIn: [], regions: [], spellings: [], adjective: false, countryName: false };
}

/**
 * `place` frozen, its lists too. One Place serves every item that names it (and a line's own place every
 * language's table): a caller that changed one would change it for all of them, so none can.
 */
function frozenPlace(place: PlaceDraft): Place {
  Object.freeze(place.townIn);
  Object.freeze(place.names);
  Object.freeze(place.regionIn);
  Object.freeze(place.regions);
  Object.freeze(place.spellings);
  return Object.freeze(place);
}

/** Adds what one line of the list says to `place` (the line's name among its spellings, its codes among its countries and regions). */
function addLine(place: PlaceDraft, line: Omit<PlaceLine, 'namesArea' | 'place'>): PlaceDraft {
  place.spellings.push(line.name);
  if (line.adjective) place.adjective = true;
  if (line.countryName) place.countryName = true;
  for (const code of line.codes) {
    const region = code.includes('-');
    const country = code.replace('=', '').slice(0, 2);
    if (!code.startsWith('=')) (region ? place.regionIn : place.townIn).push(code);
    else if (!region) {
      if (!place.names.includes(country)) place.names.push(country);
    } else {
      place.regions.push(code.slice(1));
      if (!place.townIn.includes(country)) place.townIn.push(country);
    }
  }
  return place;
}

/** One line of a place list ("name<TAB>codes"), parsed. */
function placeLine(line: string): PlaceLine {
  const [name, codes] = line.split('\t') as [string, string];
  const countryName = /(?:^| )=[A-Z]+(?: |$)/.test(codes);
  // "~DE": the country named by its adjective (scripts/build-places.ts). A spelling that is also a country's name in some
  // language is a name ("reunion": Réunion in English, an adjective in Spanish), so in lower case it is the word.
  const adjective = /(?:^| )~/.test(codes) && !countryName;
  const read = { name, codes: codes.split(' ').map((written) => written.replace('~', '=')), adjective, countryName };
  return { ...read, namesArea: /(?:^| )=/.test(codes), place: frozenPlace(addLine(noPlace(), read)) };
}

/** The place list's lines, parsed once: each language's table (`placesOf`) only stems their names. */
function placeLines(): readonly PlaceLine[] {
  lines ??= [...gunzipSync(readFileSync(PLACES_FILE)).toString('utf8').split('\n'), ...readFileSync(REGIONS_FILE, 'utf8').split('\n')]
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map(placeLine);
  return lines;
}

/** The lines only `language`'s texts read ("language<TAB>name<TAB>codes"): towns as that language writes them. */
function languagePlaceLines(language: string | null): readonly PlaceLine[] {
  if (linesByLanguage === null) {
    const byLanguage = new Map<string, PlaceLine[]>();
    for (const line of readFileSync(TOWN_NAMES_BY_LANGUAGE_FILE, 'utf8').split('\n')) {
      if (line === '' || line.startsWith('#')) continue;
      const tab = line.indexOf('\t');
      const code = line.slice(0, tab);
      const read = byLanguage.get(code) ?? [];
      read.push(placeLine(line.slice(tab + 1)));
      byLanguage.set(code, read);
    }
    linesByLanguage = byLanguage;
  }
  return (language === null ? undefined : linesByLanguage.get(language)) ?? [];
}

/** The places by their stem in `language`, as an item's terms are stemmed (item-evidence.ts). */
export function placesOf(language: string | null): ReadonlyMap<string, Place> {
  let places = placesByLanguage.get(language);
  if (!places) {
    places = new Map();
    // The line whose own place a stem holds, until a second line of the same stem needs a place of both.
    const alone = new Map<string, PlaceLine>();
    // The places of several lines, by stem, while lines are still added to them.
    const drafts = new Map<string, PlaceDraft>();
    const extraStems: [string, string][] = [];
    for (const line of [...placeLines(), ...languagePlaceLines(language)]) {
      const { name } = line;
      const stem = stemWordUncached(name, language);
      // A name the stemmer cuts to a short stem meets ordinary words ("Arta" → "art", "Paks" → "pak"): no evidence of a
      // place. A country's or a first-level region's name of five letters or more is kept (German "Bayern" → "bay",
      // "Luzern" → "luz", "Zypern" → "zyp", "Polen" → "pol"): there are few of them, and a token names one only when it
      // begins with the whole name (`placesAmong`), so "Bayer" or "Luz" name none.
      if (stem.length < MIN_STEM && !(name.length >= MIN_NAME_OF_SHORT_STEM && line.namesArea)) continue;
      if (!places.has(stem)) {
        places.set(stem, line.place);
        alone.set(stem, line);
      } else {
        let draft = drafts.get(stem);
        if (draft === undefined) {
          // The first line's own place is shared by every language (and frozen): the two lines' place is a new one.
          draft = addLine(noPlace(), alone.get(stem)!);
          drafts.set(stem, draft);
          alone.delete(stem);
        }
        places.set(stem, addLine(draft, line));
      }
      // A name cut to a short stem is also known by the stem of its genitive, which the stemmer keeps whole ("Bayerns").
      if (stem.length < MIN_STEM) {
        const genitive = stemWordUncached(`${name}s`, language);
        if (genitive.length >= MIN_STEM && genitive !== stem && !places.has(genitive)) extraStems.push([genitive, stem]);
      }
    }
    for (const draft of drafts.values()) frozenPlace(draft);
    for (const [genitive, stem] of extraStems) if (!places.has(genitive)) places.set(genitive, places.get(stem)!);
    placesByLanguage.set(language, places);
  }
  return places;
}

let acronymPlaceTable: ReadonlyMap<string, Place> | null = null;

/**
 * The countries named by letters, by the acronym in lower case ("usa", "us", "uk", "uae"), as a text's tokens and terms
 * write them: a country each, under no other name.
 */
function acronymPlacesByKey(): ReadonlyMap<string, Place> {
  if (acronymPlaceTable === null) {
    const table = new Map<string, Place>();
    for (const line of readFileSync(ACRONYMS_FILE, 'utf8').split('\n')) {
      if (line === '' || line.startsWith('#')) continue;
      const [acronym, code] = line.split('\t') as [string, string];
      const key = acronym.toLowerCase();
      table.set(
        key,
        frozenPlace({ townIn: [], names: [code], regionIn: [], regions: [], spellings: [key], adjective: false, countryName: true }),
      );
    }
    acronymPlaceTable = table;
  }
  return acronymPlaceTable;
}

/** The place a stem of `language` names, a country's acronym ("us", "uk") included. */
function placeOf(stem: string, language: string | null): Place | undefined {
  return placesOf(language).get(stem) ?? acronymPlacesByKey().get(stem);
}

/**
 * The countries `text` names by letters written in capitals ("US-Soldaten", "USA", "U.S. troops", "UK"), as their keys
 * ("us", "usa", "uk"); a shared empty array when none. In lower case "us" is an English pronoun, and a text with no lower
 * case letter at all is shouting, its capitals no acronyms, so neither names one.
 */
export function acronymPlaces(text: string): readonly string[] {
  if (!/\p{Ll}/u.test(text)) return NONE;
  const table = acronymPlacesByKey();
  let found: string[] | null = null;
  for (const [written] of text.matchAll(/(?<![\p{L}\p{N}.])(?:\p{Lu}\.){2,}|(?<![\p{L}\p{N}])\p{Lu}{2,5}(?![\p{L}\p{N}])/gu)) {
    const key = written.replaceAll('.', '').toLowerCase();
    if (table.has(key) && !found?.includes(key)) (found ??= []).push(key);
  }
  return found ?? NONE;
}

/**
 * The places `text` names (its normalised `tokens`, in `language`), as stems: the names it writes as places (`placesAmong`
 * without those written as words, `withoutLowercaseTowns`, `withoutCompoundHeadTowns`) and the countries it names by
 * letters (`acronymPlaces`). `stems`: as `placesAmong` takes them.
 */
export function placesWritten(
  tokens: readonly string[],
  text: string,
  language: string | null,
  stems?: readonly string[],
): readonly string[] {
  const named = withoutCompoundHeadTowns(withoutLowercaseTowns(placesAmong(tokens, language, stems), text, language), text, language);
  const lettered = acronymPlaces(text);
  if (lettered.length === 0) return named;
  return [...new Set([...named, ...lettered])];
}

let englishCountryNames: ReadonlyMap<string, string> | null = null;

/**
 * The term an English nationality adjective stands for: its country's name, as English news writes it most (`background-prior.ts`):
 * "libyan" → "libya", "chinese" → "china", "turkish" → "turkei" (Turkey). Outlets headline one event with either ("Libyan
 * parliament ousts prime minister" / "Libya PM ousted by parliament"), and the stemmer keeps the two apart as it keeps any
 * derivation. Any other term is returned as it is: an adjective that is also a town's or a region's name, or that names
 * several countries ("arab"), and every country's other names. English only: in German ("russisch" / "Russland") it joined
 * five more different-event pairs of the STSb calibration set, sentences naming one country's two events ("Putin behauptet den
 * Sieg bei den russischen Präsidentschaftswahlen" / "Wird Putins Wahlsieg in Russland mit Protesten begrüsst werden?"), for one
 * more same-event pair of calibration de 4.
 */
export function countryNameOf(stem: string, language: string | null): string {
  if (language !== 'en') return stem;
  englishCountryNames ??= countryNameTable('en');
  return englishCountryNames.get(stem) ?? stem;
}

/** A country's name stands for its adjective only when it is at least this share of the adjective's (`countryNameTable`). */
const NAME_SHARE_RATIO = 10;

function commonPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

function countryNameTable(language: string | null): ReadonlyMap<string, string> {
  const table = new Map<string, string>();
  const prior = backgroundPrior(language);
  if (prior === null) return table;
  const onlyCountry = (place: Place): string | undefined =>
    place.names.length === 1 && place.townIn.length === 0 && place.regionIn.length === 0 && place.regions.length === 0
      ? place.names[0]
      : undefined;
  // Each country's name as the language writes it most, among the stems that name that country and nothing else.
  const best = new Map<string, { stem: string; share: number }>();
  for (const [stem, place] of placesOf(language)) {
    const country = onlyCountry(place);
    if (country === undefined || !place.countryName || !prior.knows(stem)) continue;
    const share = prior.share(stem);
    const held = best.get(country);
    if (!held || share > held.share || (share === held.share && stem < held.stem)) best.set(country, { stem, share });
  }
  for (const [stem, place] of placesOf(language)) {
    const country = onlyCountry(place);
    const name = country === undefined || !place.adjective || place.countryName ? undefined : best.get(country);
    // Only a derivation of the name ("libyan" of "libya", German "russisch" of "russland": four letters in common), and a
    // name the language writes about as often: English "American" is not the "Amerika" of other languages' names that its
    // prior holds once in 30,000 items, nor "French" the "Francia" of "France". Those stay apart, as they were.
    if (name === undefined || name.stem === stem || commonPrefix(stem, name.stem) < MIN_STEM) continue;
    if (name.share * NAME_SHARE_RATIO < prior.share(stem)) continue;
    table.set(stem, name.stem);
  }
  return table;
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
  const target = placeOf(place, placeLanguage);
  if (target === undefined) return false;
  let country = false;
  let region = false;
  for (const t of terms) {
    const other = placeOf(t, language);
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

/**
 * Endings that make a place's name into a word of the same place, per language, as written after the name ("Berliner",
 * "Tokioter", "Münchner", "jordanische", "Londoner", "Canadian", "Londoner's"): inflections, and the demonyms and
 * adjectives formed from a town's or a country's name. A name may first lose its own ending (`DROPPED_NAME_ENDINGS`:
 * "Kanad-ier", "Jordan-isch", "Ital-ian"). Any other word that merely begins as a place does ("Regierung" / "Regina",
 * "Region" / "Regina") is no mention of it.
 */
const MENTION_ENDINGS: Record<string, readonly string[]> = {
  de: [
    's',
    'es',
    'n',
    'en',
    'er',
    'ern',
    'ers',
    'ter',
    'ner',
    'aner',
    'ianer',
    'ier',
    'e',
    'ese',
    'isch',
    'ische',
    'ischen',
    'ischer',
    'isches',
    'ischem',
    'esisch',
    'esische',
    'esischen',
    'esischer',
    'esisches',
    'esischem',
  ],
  en: ['s', "'s", 'n', 'an', 'ian', 'ean', 'ans', 'ians', 'er', 'ers', 'ese', 'ish', 'ite', 'ites', 'i', 'is'],
};
/** Endings a name loses before a derivation: "Kanada" → "Kanadier", "Jordanien" → "jordanisch", "Bayern" → "bayerisch", "Italy" → "Italian", "Scotland" → "Scots". */
const DROPPED_NAME_ENDINGS = ['a', 'e', 'i', 'o', 'y', 'n', 'en', 'ien', 'ia', 'on', 'land'];

const mentionFormsByLanguage = new Map<string, Map<string, ReadonlySet<string>>>();

/**
 * The terms (stems in `language`) that mention `place` (a stem in `placeLanguage`): the stem itself, and the stems of its
 * spellings, whole or without their own ending, followed by an ending of `MENTION_ENDINGS`.
 */
function mentionForms(place: string, language: string | null, placeLanguage: string | null): ReadonlySet<string> {
  const key = `${language} ${placeLanguage}`;
  let forms = mentionFormsByLanguage.get(key);
  if (forms === undefined) mentionFormsByLanguage.set(key, (forms = new Map()));
  let found = forms.get(place);
  if (found === undefined) {
    const words = new Set<string>([place]);
    const endings = (language === null ? undefined : MENTION_ENDINGS[language.slice(0, 2)]) ?? [];
    for (const name of placeOf(place, placeLanguage)?.spellings ?? []) {
      const bases = [name];
      for (const dropped of DROPPED_NAME_ENDINGS)
        if (name.endsWith(dropped) && name.length - dropped.length >= MIN_STEM) bases.push(name.slice(0, -dropped.length));
      words.add(stemWord(name, language));
      for (const base of bases) for (const ending of endings) words.add(stemWord(`${base}${ending}`, language));
    }
    forms.set(place, (found = words));
  }
  return found;
}

/** What a text brings to tell whether it mentions a place: its terms, the places it names (`placesWritten`), its language. */
export interface PlaceMentioner {
  terms: readonly string[];
  textPlaces: readonly string[];
  language: string | null;
}

/**
 * Whether a text mentions `place` (a stem in `placeLanguage`): it names the place, a term is the place's name or the name
 * with an inflection or demonym ending (`MENTION_ENDINGS`), a compound's part included ("Westtürkei" has the part
 * "Türkei"), or the text speaks of it by its country or a town of it (`speaksOf`; "US" speaks of "USA" and of
 * "amerikanisch").
 */
export function mentionsPlace(side: PlaceMentioner, place: string, placeLanguage: string | null): boolean {
  if (side.textPlaces.includes(place)) return true;
  const forms = mentionForms(place, side.language, placeLanguage);
  if (side.terms.some((t) => forms.has(t))) return true;
  // A country named by letters is a place of the text but none of its terms in English, where "us" is a stopword.
  const lettered = side.textPlaces.filter((p) => acronymPlacesByKey().has(p));
  return speaksOf(lettered.length === 0 ? side.terms : [...side.terms, ...lettered], side.language, place, placeLanguage);
}

const NONE: readonly string[] = Object.freeze([]);

/**
 * The places a text's normalised tokens name, as stems (its terms); a shared empty array when none, as most items name
 * none. A token names a place when its stem is the place's and it begins with the place's name: "Kölner" names Köln, while
 * "Rhein" (stemmed as the town Rheine is), "Sieg" (Siegen) and "Berg" (Bergen) name none. `stems`: the tokens' stems
 * (`stemWord`, one per token), when the caller has them already.
 */
export function placesAmong(tokens: Iterable<string>, language: string | null, stems?: readonly string[]): readonly string[] {
  const places = placesOf(language);
  let found: string[] | null = null;
  let i = -1;
  for (const token of tokens) {
    i++;
    if (token.length < MIN_STEM) continue;
    const stem = stems?.[i] ?? stemWord(token, language);
    const place = places.get(stem);
    if (place === undefined || !place.spellings.some((name) => namesPlace(token, name, stem))) continue;
    if (!found?.includes(stem)) (found ??= []).push(stem);
  }
  return found ?? NONE;
}

/**
 * A token names a place it begins with; a name kept although the stemmer cuts it short ("Bayern" → "bay") only written
 * whole or in the genitive ("Bayern", "Bayerns"): the German "Süden" (folded "sueden") begins with "suede", French for
 * Sweden, and is no name of it.
 */
function namesPlace(written: string, spelling: string, stem: string): boolean {
  // Turkish "Isparta" is the token "ısparta", the table's name "isparta"; Iğdır the other way round ("ıgdır", "igdır").
  const token = dotlessIAsI(written);
  const name = dotlessIAsI(spelling);
  if (stem.length >= MIN_STEM) return token.startsWith(name);
  return token === name || token === `${name}s`;
}

/**
 * `places` (stems found in `text`, in `language`) without the names `text` writes as words of the language, not as places.
 * A town's name in lower case, when the text writes any word with a capital, is a word: GeoNames has English towns named
 * "Deal", "Worth", "Fleet", "Sale", "Bend", "Hook", "Mobile", "Independence" and "Surprise", so "Rolls-Royce wins engine
 * deal … worth $2.1 bln" named two towns and vetoed the same deal's "$2.1bn order: IndiGo picks Rolls-Royce engines for
 * A350 fleet" (a third); German "essen" and "bergen" are verbs. So is a country's name in lower case ("a 'Mean Girls'
 * reunion" names no Réunion, "island" no Iceland): every language capitalises a country's name; only its adjective
 * counts in lower case, as German, French or Spanish write it ("indischen" names India). A text with no capital at all (a
 * feed that lowercases everything, a script without case) tells nothing. In English, where a headline in Title Case
 * capitalises every word, a town or region must also stand apart from other names (`withoutTownsInNames`).
 */
export function withoutLowercaseTowns(places: readonly string[], text: string, language: string | null): readonly string[] {
  if (places.length === 0 || !/\p{Lu}/u.test(text)) return places;
  const known = placesOf(language);
  const lower = new Set<string>();
  const capitalised = new Set<string>();
  for (const [word] of text.matchAll(/[\p{L}\p{M}]+/gu))
    (/^\p{Ll}/u.test(word) ? lower : capitalised).add(stemWord(foldWord(word), language));
  const kept = places.filter((p) => known.get(p)?.adjective === true || !lower.has(p) || capitalised.has(p));
  const written = kept.length === places.length ? places : kept.length > 0 ? kept : NONE;
  return withoutTownsInNames(withoutMonthDates(written, text, language), text, language);
}

const monthsByLanguage = new Map<string, ReadonlySet<string>>();

/** The month names of `language` (Intl, as `normaliseText` folds them), lower case. */
function monthNames(language: string): ReadonlySet<string> {
  let months = monthsByLanguage.get(language);
  if (months === undefined) {
    const found = new Set<string>();
    try {
      const format = new Intl.DateTimeFormat(language, { month: 'long', timeZone: 'UTC' });
      for (let m = 0; m < 12; m++) found.add(foldWord(format.format(Date.UTC(2023, m, 15))));
    } catch {
      // A language Intl does not know: no month names.
    }
    monthsByLanguage.set(language, (months = found));
  }
  return months;
}

/**
 * `places` without the towns `text` names only as a month next to a day ("March 9", "9 March", "from March 6"): a date,
 * not the English town of March.
 */
export function withoutMonthDates(places: readonly string[], text: string, language: string | null): readonly string[] {
  if (places.length === 0 || language === null || !/\d/.test(text)) return places;
  const months = monthNames(language);
  const dates = new Set<string>();
  const named = new Set<string>();
  for (const match of text.matchAll(/[\p{L}\p{M}]+/gu)) {
    const stem = stemWord(foldWord(match[0]), language);
    if (!places.includes(stem)) continue;
    const end = match.index + match[0].length;
    const date =
      months.has(foldWord(match[0])) &&
      (/^\.?\s+(?:[12]?\d|3[01])(?!\d)/u.test(text.slice(end, end + 5)) ||
        /(?:^|\D)(?:[12]?\d|3[01])\.?\s+$/u.test(text.slice(Math.max(0, match.index - 5), match.index)));
    (date ? dates : named).add(stem);
  }
  const kept = places.filter((p) => !dates.has(p) || named.has(p));
  return kept.length === places.length ? places : kept.length > 0 ? kept : NONE;
}

/**
 * English words a name is not made of, capitalised in Title Case or not ("Bank of England", "Moving To Seattle", "Who Won
 * In Miami"): articles, prepositions, conjunctions, pronouns and auxiliaries. Not the stopword list, which holds words
 * a name is made of ("Big", "Best", "Home").
 */
const ENGLISH_FUNCTION_WORDS: ReadonlySet<string> = new Set([
  ...['a', 'an', 'the', 'and', 'or', 'but', 'nor', 'of', 'in', 'on', 'at', 'to', 'for', 'from', 'by', 'with', 'without'],
  ...['near', 'into', 'onto', 'over', 'under', 'after', 'before', 'about', 'as', 'vs', 'via', 'per', 'than', 'amid'],
  ...['is', 'are', 'was', 'were', 'be', 'been', 'has', 'have', 'had', 'do', 'does', 'did', 'will', 'would', 'can'],
  ...['could', 'may', 'might', 'must', 'should', 'not', 'no', 'its', 'his', 'her', 'their', 'our', 'my', 'your'],
  ...['this', 'that', 'these', 'those', 'who', 'what', 'when', 'where', 'why', 'how', 'says', 'said', 'if'],
]);

/**
 * `places` without the towns and regions an English `text` writes only as part of a longer name: next to another
 * capitalised word, with nothing but a space between and neither a function word ("in", "of", "To") nor a possessive
 * ("Ottawa's Sharleen Joynt") closing the name. "Mark Carney", "Chris Harrison", "Jennifer Lawrence", "Lucy Aragon" are
 * people, "Dodge Durango" a car, "Washington Post" a paper, and in a Title Case headline a capital is no evidence of a name
 * at all ("Juan Pablo's Big Surprise", "Sansa Stark Deals With Trauma"): there only a place set apart by a preposition
 * ("Deposition In Miami"), a possessive or punctuation ("Toledo: …") still counts. A place after "of" and a capitalised
 * word names a title or an institution ("Bank of England", "Mayor of London"). Countries and their adjectives stay
 * ("German Chancellor", "Scottish Independence"), and so does a name of several places ("Dallas Fort Worth" is lost).
 * English only: German capitalises every noun, and other languages write headlines in sentence case.
 */
export function withoutTownsInNames(places: readonly string[], text: string, language: string | null): readonly string[] {
  if (places.length === 0 || language !== 'en') return places;
  const known = placesOf(language);
  const towns = places.filter((p) => known.get(p)?.names.length === 0);
  if (towns.length === 0) return places;
  const words = [...text.matchAll(/([\p{L}\p{M}]+)(['’]s\b)?/gu)];
  // A word in capitals ("US", "HUGE") is an acronym or a shout, never the function word it may spell.
  const isNameWord = (word: string): boolean =>
    /^\p{Lu}/u.test(word) && (!ENGLISH_FUNCTION_WORDS.has(foldWord(word)) || /^\p{Lu}{2,}$/u.test(word));
  const joins = (word: RegExpMatchArray | undefined, between: string): boolean =>
    word !== undefined && /^[ \u00a0]+$/u.test(between) && isNameWord(word[1]!);
  const gap = (a: RegExpMatchArray, b: RegExpMatchArray): string => text.slice(a.index! + a[0].length, b.index);
  const apart = new Set<string>();
  const inNames = new Set<string>();
  for (const [i, word] of words.entries()) {
    if (!/^\p{Lu}/u.test(word[1]!)) continue;
    const stem = stemWord(foldWord(word[1]!), language);
    if (!towns.includes(stem)) continue;
    const before = words[i - 1];
    const after = words[i + 1];
    const end = word.index! + word[0].length;
    // "Bank of England", "Mayor of London", "University of Texas": a title or an institution named after its place.
    const ofName = words[i - 2];
    const joined =
      (before !== undefined && before[2] === undefined && joins(before, gap(before, word))) ||
      (word[2] === undefined && after !== undefined && joins(after, text.slice(end, after.index))) ||
      (before !== undefined &&
        ofName !== undefined &&
        /^of$/i.test(before[0]) &&
        /^[ \u00a0]+$/u.test(gap(before, word)) &&
        ofName[2] === undefined &&
        joins(ofName, gap(ofName, before)));
    (joined ? inNames : apart).add(stem);
  }
  const kept = places.filter((p) => !inNames.has(p) || apart.has(p));
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
