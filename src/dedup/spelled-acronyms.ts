// An acronym on one side and its name spelled out on the other: "EZB" / "Europäische Zentralbank", "IWF" / "Internationaler
// Währungsfonds", "BAMF" / "Bundesamt für Migration und Flüchtlinge", "ECB" / "European Central Bank". Outlets telling one
// event choose freely between the two, and as words they share nothing. A general rule, no table of acronyms: a word of
// the text written in capitals (3–6 letters) is matched against a run of capitalised words of the other side whose
// initials spell it, the small words that join a name skipped ("für", "und", "of", "the"), a German compound giving its
// parts' initials too (stem-word.ts: "Zentral|bank" → Z B). The pair counts as one shared word worth half the acronym's
// information (score-story.ts `acronymShare`: initials are a looser match than a word), and only as more evidence: the
// texts must already share two words of their own (`acronymsAfterWords`), as with synonyms (shared-synonyms.ts).
// Weak matches are kept out so: a run is cut at punctuation and at any other small word ("Bundeskabinett am Mittwoch" spells
// no "BMW" through "Mitt|woch"), and an acronym spells whole pieces of a run between its joining words, never a stretch of
// one ("Deutsche Bahn Mittwoch"). Two-letter acronyms are left out: every German noun is capitalised, so two capitalised
// words in a row spelled "US" ("Umweltminister Schneider", "Ungarn und die Slowakei") and "TV" by chance on calibration de
// and de-3, while the one right pair, "EU" / "Europäische Union", joined two sanctions stories of two days (its sixth shared
// word made a retelling). Text written in capitals ("EILMELDUNG: EZB SENKT ZINS") gives no acronyms. Limits, plainly: a bag
// of words, so a run may name another body of the same initials; English stopwords-iso lists many acronyms ("US", "UN",
// "GM") and "general", which are no evidence at all in English; and an English Title Case headline is one long run, whose
// whole pieces a short acronym rarely spells.
import { foldWord } from './fold-word.js';
import type { ItemFeatures } from './item-features.js';
import { countryNameOf } from './place-names.js';
import { compoundParts, stemWord } from './stem-word.js';
import type { SharedTerm } from './score-story.js';
import type { CoreView } from './story-core.js';
import { hasStopwords, stopwordsFor } from './stopwords.js';

/** A word of the text written in capitals: its evidence term and its letters (lower case, no accents: "ÖVP" → "ovp"). */
export interface Acronym {
  term: string;
  letters: string;
}

/** An acronym of one side and the run of the other side that spells it out, as scoring credits it. */
export interface SpelledAcronym {
  /** The acronym's evidence term ("ezb"). */
  term: string;
  /** The run as written ("Europäische Zentralbank"). */
  run: string;
}

/** Joining words in a row a run may hold between two of its words ("Bank of the West"). */
const MAX_JOINING_WORDS = 2;
/** Members of a story searched for acronyms and runs (the newest): bounded for big stories, as place-item.ts bounds its own. */
const ACRONYM_MEMBERS = 64;
/**
 * Words of a text read for runs: about the lead opening the evidence comes from (40 content words, item-features.ts
 * LEAD_TOKENS, with the small words between them), and reading further was most of the runs' cost.
 */
const MAX_RUN_WORDS = 80;
/** Runs kept per item: the window holds every item's features. */
const MAX_RUNS = 8;

const NO_ACRONYMS: readonly Acronym[] = Object.freeze([]);
const NO_RUNS: readonly string[] = Object.freeze([]);
const NO_PAIRS: readonly SpelledAcronym[] = Object.freeze([]);

const CAPITALS = /(?<![\p{L}\p{M}\p{N}])\p{Lu}{3,6}(?![\p{L}\p{M}\p{N}])/gu;
const HAS_CAPITALS = /\p{Lu}\p{Lu}/u;
/** A text with less than one small letter in this many is written in capitals. */
const SHOUTING_SHARE = 3;
const CAPITALISED = /^\p{Lu}\p{Ll}/u;
const WORD_CHARACTER = /[\p{L}\p{M}\p{N}]/u;
// Whether each BMP character beyond ASCII is a letter, mark or number, filled as characters are met: 0 not yet known, 1 yes, 2 no.
const bmpWordCharacters = new Uint8Array(0x10000);

/** The UTF-16 units of the letter, mark or number (`WORD_CHARACTER`) at `i` of `text`: 1, 2 beyond the BMP, 0 when none stands there. */
function wordCharacterWidth(text: string, i: number): number {
  if (i >= text.length) return 0;
  const c = text.charCodeAt(i);
  if (c < 128) return (c | 32) >= 97 && (c | 32) <= 122 ? 1 : c >= 48 && c <= 57 ? 1 : 0;
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
    const low = text.charCodeAt(i + 1);
    if (low >= 0xdc00 && low <= 0xdfff) return WORD_CHARACTER.test(text.slice(i, i + 2)) ? 2 : 0;
  }
  let known = bmpWordCharacters[c]!;
  if (known === 0) bmpWordCharacters[c] = known = WORD_CHARACTER.test(String.fromCharCode(c)) ? 1 : 2;
  return known === 1 ? 1 : 0;
}

/**
 * Where the word of `text` that starts at `start` (a word character) ends: letters, marks and numbers, joined by an
 * apostrophe or a hyphen ("O'Brien", "EZB-Chefin"), as the search [\p{L}\p{M}\p{N}]+(?:['’-][\p{L}\p{M}\p{N}]+)* reads it.
 */
function wordEnd(text: string, start: number): number {
  let i = start;
  for (;;) {
    let width: number;
    while ((width = wordCharacterWidth(text, i)) > 0) i += width;
    const c = text.charCodeAt(i);
    if ((c === 0x27 || c === 0x2019 || c === 0x2d) && wordCharacterWidth(text, i + 1) > 0) i++;
    else return i;
  }
}

/** Whether `text` holds only white space from `from` to `to` (between two words: usually one space). */
function onlySpaces(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && !/\s/.test(text[i]!)) return false;
  }
  return true;
}

/** Whether a text writes less than one small letter in `SHOUTING_SHARE`: written in capitals. */
function shouting(text: string): boolean {
  let small = 0;
  let capital = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 97 && c <= 122) small++;
    else if (c >= 65 && c <= 90) capital++;
    else if (c > 127) {
      const ch = text[i]!;
      if (ch !== ch.toUpperCase()) small++;
      else if (ch !== ch.toLowerCase()) capital++;
    }
  }
  return small * SHOUTING_SHARE < small + capital;
}

/** A word's letters without case or accents ("Österreichische" → "osterreichische"). */
function plainLetters(word: string): string {
  return word
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}+/gu, '');
}

/**
 * The words of `texts` written in capitals (3–6 letters) that are evidence words of the item (`terms`, not only compound
 * parts): "EZB", "BAMF". A text written mostly in capitals ("BREAKING NEWS") gives none. Most items name none.
 */
export function acronymsIn(
  texts: readonly string[],
  language: string | null,
  terms: ReadonlySet<string>,
  parts: ReadonlySet<string>,
): readonly Acronym[] {
  let found: Acronym[] | undefined;
  for (const text of texts) {
    if (!HAS_CAPITALS.test(text)) continue;
    // A text shouting ("EILMELDUNG: EZB SENKT ZINS", a tabloid's "DOVER AND OUT!" kicker) writes words in capitals, not
    // acronyms (counted once the text has one).
    let loud: boolean | undefined;
    for (const [word] of text.matchAll(CAPITALS)) {
      const term = countryNameOf(stemWord(foldWord(word), language), language);
      if (!terms.has(term) || parts.has(term) || found?.some((a) => a.term === term)) continue;
      if ((loud ??= shouting(text))) break;
      (found ??= []).push({ term, letters: plainLetters(word) });
    }
  }
  return found ?? NO_ACRONYMS;
}

/**
 * The small words that join the words of a name ("Bundesamt für Migration und Flüchtlinge", "Federal Bureau of
 * Investigation", "Chefin der Europäischen Zentralbank"), by language; any other word, or punctuation, ends a run. Ours,
 * written from the languages' grammar. A language without an entry has runs without them.
 */
const JOINING_WORDS: Record<string, ReadonlySet<string>> = {
  de: new Set(['fuer', 'und', 'der', 'des', 'von']),
  en: new Set(['of', 'the', 'and', 'for']),
  fr: new Set(['de', 'du', 'des', 'la', 'le', 'et']),
  es: new Set(['de', 'del', 'la', 'y']),
  it: new Set(['di', 'del', 'della', 'e']),
};
const NO_WORDS: ReadonlySet<string> = new Set();

/**
 * Runs of two or more capitalised words in `texts`, joined by up to two joining words of the language (`JOINING_WORDS`),
 * as written ("Bundesamt für Migration und Flüchtlinge"); a run's first and last word are capitalised. Kept for `spells`:
 * none without a known language.
 */
export function capitalisedRuns(texts: readonly string[], language: string | null): readonly string[] {
  if (language === null || !hasStopwords(language)) return NO_RUNS;
  const stop = stopwordsFor(language);
  const joining = JOINING_WORDS[language] ?? NO_WORDS;
  let runs: string[] | undefined;
  for (const text of texts) {
    let run: string[] = [];
    let capitalised = 0;
    let pending: string[] = [];
    let end = 0;
    const close = (): void => {
      const written = run.join(' ');
      if (capitalised >= 2 && (runs ??= []).length < MAX_RUNS && !runs.includes(written)) runs.push(written);
      run = [];
      capitalised = 0;
      pending = [];
    };
    let words = 0;
    // The words read one by one (`wordEnd`), a word cut out only when it may open or continue a run: most words of a
    // lead are neither, and the match objects of a /gu search over every word were half of the features' garbage.
    for (let start = 0; start < text.length;) {
      if (wordCharacterWidth(text, start) === 0) {
        start++;
        continue;
      }
      const at = start;
      start = wordEnd(text, at);
      if (++words > MAX_RUN_WORDS) break;
      if (run.length > 0 && !onlySpaces(text, end, at)) close();
      end = start;
      // Capitalised: a capital and then a small letter ("Zentralbank", "McDonald"); not "EZB", "EZB-Chefin", "iPhone".
      const first = text.charCodeAt(at);
      if (run.length === 0 && first >= 97 && first <= 122) continue;
      const word = text.slice(at, start);
      if (!(first >= 97 && first <= 122) && CAPITALISED.test(word)) {
        if (!stop.has(foldWord(word))) {
          run.push(...pending, word);
          pending = [];
          capitalised++;
          continue;
        }
        // "Die" before a run is no part of it.
        if (run.length === 0) continue;
      } else if (run.length === 0) continue;
      if (joining.has(foldWord(word)) && pending.length < MAX_JOINING_WORDS) pending.push(word);
      else close();
    }
    close();
  }
  return runs ?? NO_RUNS;
}

/**
 * Whether `letters` (an acronym's, 3–6) are the initials of a run's words (`capitalisedRuns`), two or more of them, taken
 * as whole pieces between its joining words: "Europäische Zentralbank" of "Chefin der Europäischen Zentralbank", not
 * "Bahn Mittwoch" of "Deutsche Bahn Mittwoch". A German compound gives its first letter or its parts' ("Zentralbank" → "z"
 * or "zb", "Bundesamt" → "ba", the linking s read either way).
 */
export function spells(letters: string, run: string, language: string | null): boolean {
  const joining = language === null ? NO_WORDS : (JOINING_WORDS[language] ?? NO_WORDS);
  const pieces: string[][] = [[]];
  for (const word of run.split(' ')) {
    if (joining.has(foldWord(word))) {
      if (pieces[pieces.length - 1]!.length > 0) pieces.push([]);
    } else pieces[pieces.length - 1]!.push(word);
  }
  for (let i = 0; i < pieces.length; i++) {
    const words: string[] = [];
    for (let j = i; j < pieces.length; j++) {
      words.push(...pieces[j]!);
      if (
        words.length >= 2 &&
        spelledBy(
          letters,
          words.map((w) => initialsOf(w, language)),
        )
      )
        return true;
    }
  }
  return false;
}

/** Whether the words (each with the initials it may give) spell `letters`, every word giving some. */
function spelledBy(letters: string, options: readonly string[][]): boolean {
  const from = (k: number, at: number): boolean => {
    if (k === options.length) return at === letters.length;
    for (const option of options[k]!) if (letters.startsWith(option, at) && from(k + 1, at + option.length)) return true;
    return false;
  };
  return from(0, 0);
}

/** The initials a word may give: its first letter, and a compound's parts' first letters (a head's linking s skipped too). */
function initialsOf(word: string, language: string | null): string[] {
  const first = plainLetters(word)[0]!;
  const parts = compoundParts(foldWord(word), language);
  if (parts.length < 2) return [first];
  const heads = parts
    .slice(1)
    .map((p) => p[0]!)
    .join('');
  const options = [first, first + heads];
  const last = parts[parts.length - 1]!;
  // "bundesamt" splits as "bund" + "samt": the s may be the linking element, the head "amt".
  if (last[0] === 's' && last.length > 1)
    options.push(
      first +
        parts
          .slice(1, -1)
          .map((p) => p[0]!)
          .join('') +
        last[1]!,
    );
  return options;
}

/** The evidence terms of a run's words. */
function runTerms(run: string, language: string | null): string[] {
  const joining = language === null ? NO_WORDS : (JOINING_WORDS[language] ?? NO_WORDS);
  return run
    .split(' ')
    .filter((w) => !joining.has(foldWord(w)))
    .map((w) => countryNameOf(stemWord(foldWord(w), language), language));
}

/**
 * The acronyms one side writes and the other spells out: the item's acronyms the story's core lacks, spelled out by a run of
 * a member, and the core's acronyms the item lacks, spelled out by a run of the item. A run whose words the acronym's side
 * holds all of itself is shared already. Each acronym once. Most comparisons have none (the shared empty list).
 */
export function spelledAcronyms(f: ItemFeatures, view: CoreView, story: readonly ItemFeatures[]): readonly SpelledAcronym[] {
  const members = story.length > ACRONYM_MEMBERS ? story.slice(-ACRONYM_MEMBERS) : story;
  let pairs: SpelledAcronym[] | undefined;
  const seen = (term: string): boolean => pairs !== undefined && pairs.some((p) => p.term === term);
  for (const a of f.acronyms) {
    if (view.has(a.term) || seen(a.term)) continue;
    find: for (const m of members)
      for (const run of m.capitalisedRuns)
        if (spells(a.letters, run, m.language) && !runTerms(run, m.language).every((t) => f.terms.includes(t))) {
          (pairs ??= []).push({ term: a.term, run });
          break find;
        }
  }
  if (f.capitalisedRuns.length === 0) return pairs ?? NO_PAIRS;
  for (const m of members)
    for (const a of m.acronyms) {
      if (!view.has(a.term) || f.terms.includes(a.term) || seen(a.term)) continue;
      for (const run of f.capitalisedRuns)
        if (spells(a.letters, run, f.language) && !runTerms(run, f.language).every((t) => view.has(t))) {
          (pairs ??= []).push({ term: a.term, run });
          break;
        }
    }
  return pairs ?? NO_PAIRS;
}

/** How spelled-out acronyms count (score-story.ts SCORE_SETTINGS: acronymShare, acronymsAfterWords). */
export interface AcronymWeighing {
  /** A pair counts this share of the acronym's information. */
  share: number;
  /** Pairs count only when the texts share at least this many words of their own. */
  afterWords: number;
}

/**
 * Credits each pair (`spelledAcronyms`) as one shared word worth `share` of its acronym's information, added to `shared` as
 * "acronym=Run As Written". `sharedWords`: the words the sides share as written (no compound, synonym or acronym credits).
 */
export function creditSpelledAcronyms(
  pairs: readonly SpelledAcronym[],
  idOf: (term: string) => number,
  shared: SharedTerm[],
  sharedWords: number,
  informationOf: (id: number) => number,
  weighing: AcronymWeighing,
): { bits: number; words: number } {
  if (pairs.length === 0 || sharedWords < weighing.afterWords) return NO_CREDIT;
  let bits = 0;
  let words = 0;
  for (const { term, run } of pairs) {
    const id = idOf(term);
    if (id < 0) continue;
    const information = informationOf(id);
    const worth = information * weighing.share;
    shared.push({ term: `${term}=${run}`, bits: worth, information, part: false });
    bits += worth;
    words++;
  }
  return { bits, words };
}

const NO_CREDIT = { bits: 0, words: 0 };
