// Towns of one name told apart by what follows the name: "Neustadt an der Donau" / "Neustadt in Holstein", "Halle (Saale)" /
// "Halle in Westfalen", "Richmond, Virginia" / "Richmond, California", "Newcastle upon Tyne". Two reports of the same kind
// of event ("Großbrand in Neustadt") in two such towns share the town's name in both headlines, so the place conflict
// (score-story.ts `placesApart`) sees one place; the qualifier after the name is what tells the towns apart. Only a name
// the place list knows as a town counts (place-names.ts): "Feuer im Hafen" qualifies no town, and German capitalises nouns.
import { normaliseText } from './normalise-text.js';
import { placesAmong } from './place-names.js';
import { stemWord } from './stem-word.js';
import { weekdayNames } from './weekday-names.js';

const NONE: readonly string[] = Object.freeze([]);

/**
 * What may follow a town's name to say which town it is, per language: a preposition and a capitalised name ("an der
 * Donau", "am Main", "in Holstein", "upon Tyne"), or the name in parentheses ("Halle (Saale)"), or in English the name
 * after a comma, where the phrase ends there ("Richmond, Virginia," but not "Berlin, Paris and London").
 */
const QUALIFIERS: Record<string, RegExp> = {
  de: /(?:\s+(?:an der|am|ob der|in der|im|in|bei|vor der)\s+|\s*\()(\p{Lu}[\p{Ll}\p{M}]+)/uy,
  en: /(?:\s+(?:upon|on|under|in)\s+|\s*\(|,\s+)(\p{Lu}[\p{Ll}\p{M}]+)/uy,
};
/** After an English ", Virginia" the phrase must end (punctuation, or a comma and a lower-case word that is no conjunction). */
const COMMA_PHRASE_END = /^(?:\s*(?:$|[.;:)!?])|,\s+(?!and\b|or\b)\p{Ll})/u;
/** A parenthesis followed by a dash or colon is a dateline's agency ("BERLIN (Reuters) -"), not a town's qualifier. */
const DATELINE_AFTER = /^\)\s*[-–—:]/u;

const WORD = /\p{Lu}[\p{L}\p{M}]+/gu;

/**
 * The towns `text` qualifies, as "town qualifier" stem pairs in `language` ("In Neustadt an der Donau …" → "neustadt
 * donau"); a shared empty array when none (most texts). Times are no qualifier ("Berlin am Montag", "Hamburg am Abend",
 * "Leeds in June").
 */
export function placeQualifiers(text: string, language: string | null): readonly string[] {
  const pattern = language === null ? undefined : QUALIFIERS[language.slice(0, 2)];
  if (pattern === undefined) return NONE;
  let found: string[] | null = null;
  for (const match of text.matchAll(WORD)) {
    const end = match.index + match[0].length;
    // Sticky: matched right after the word, within the 80 characters a qualifier is looked for in (no copy per word).
    pattern.lastIndex = end;
    const qualified = pattern.exec(text);
    if (qualified === null || qualified[0].length > 80) continue;
    const town = placesAmong(normaliseText(match[0], language).tokens, language)[0];
    if (town === undefined) continue;
    const after = text.slice(end + qualified[0].length, end + 80);
    if (qualified[0].includes('(') && (!after.startsWith(')') || DATELINE_AFTER.test(after))) continue;
    if (qualified[0].startsWith(',') && !COMMA_PHRASE_END.test(after)) continue;
    const token = normaliseText(qualified[1]!, language).tokens[0];
    if (token === undefined || /^\d/.test(token) || isDateWord(token, language!)) continue;
    const pair = `${town} ${stemWord(token, language)}`;
    if (!found?.includes(pair)) (found ??= []).push(pair);
  }
  return found ?? NONE;
}

interface TimeWords {
  weekdays: readonly string[];
  /** Month names and the stems of the day's periods ("abends" → "abend", "in the evening" → "evening"). */
  stems: ReadonlySet<string>;
}
const timeWords = new Map<string, TimeWords>();

/**
 * A weekday or a word starting with one ("Dienstagnachmittag"), a month, or a period of the day ("am Abend", "at night"),
 * all from CLDR through Intl: a time, not a place.
 */
function isDateWord(token: string, language: string): boolean {
  let words = timeWords.get(language);
  if (words === undefined) {
    const stems = new Set<string>();
    try {
      const month = new Intl.DateTimeFormat(language, { month: 'long', timeZone: 'UTC' });
      const period = new Intl.DateTimeFormat(language, { dayPeriod: 'long', timeZone: 'UTC' });
      for (let m = 0; m < 12; m++) for (const t of normaliseText(month.format(Date.UTC(2023, m, 15)), language).tokens) stems.add(t);
      for (let h = 0; h < 24; h++)
        for (const t of normaliseText(period.format(Date.UTC(2023, 0, 1, h)), language).tokens) stems.add(stemWord(t, language));
    } catch {
      // An unknown language tag: weekdays only.
    }
    timeWords.set(language, (words = { weekdays: [...weekdayNames(language).keys()], stems }));
  }
  return words.stems.has(token) || words.stems.has(stemWord(token, language)) || words.weekdays.some((w) => token.startsWith(w));
}

/**
 * The item names a town with a qualifier and the story's members name the same town only with others, none of which the
 * item's text mentions, nor the members' texts the item's ("Neustadt an der Donau" / "Neustadt in Holstein"). A report
 * that names the town without a qualifier says nothing either way.
 */
export function namesakesApart(
  item: { qualifiedPlaces: readonly string[]; terms: readonly string[] },
  members: readonly { qualifiedPlaces: readonly string[]; terms: readonly string[] }[],
): boolean {
  if (item.qualifiedPlaces.length === 0) return false;
  for (const pair of item.qualifiedPlaces) {
    const [town, qualifier] = pair.split(' ') as [string, string];
    const others: string[] = [];
    for (const m of members) for (const p of m.qualifiedPlaces) if (p.startsWith(`${town} `)) others.push(p.slice(town.length + 1));
    if (others.length === 0 || others.includes(qualifier)) continue;
    if (members.some((m) => m.terms.includes(qualifier))) continue;
    if (others.some((q) => item.terms.includes(q))) continue;
    return true;
  }
  return false;
}
