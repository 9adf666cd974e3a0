// A plain word or phrase of a reader's search or of an output's include/exclude list, matched as someone who
// reads more than one language expects: case and accents do not count ("cafe" finds "Café", "Lodz" finds "Łódź",
// "απεργια" finds "απεργία"), German umlauts may be typed as the bare vowel or as ae/oe/ue ("Gesprache",
// "Gespraeche" and "Gespräche" meet) and ß as ss, and, where asked, inflected forms meet through the Snowball
// stemmer of the item's language and of the query's ("Wahl" finds "Wahlen"). A word is still a whole word
// ("Bahn" is not "Bahnhof"); a Korean word is found at a word's start, and Chinese, Japanese or Thai anywhere.
// Turkish and Azerbaijani pair I with ı and İ with i; that holds only in items of those languages, or for a term
// that writes ı or İ itself: elsewhere ı is its own letter ("Sinai" does not find the Turkish "Sınai").
// The folding is one way: an accent or umlaut the term writes is kept ("fördern" does not find "fordern", "año" not
// "ano"), one it leaves out is not asked for ("Gesprache" finds "Gespräche"); see keepsMarks.
// Why not dedup's foldWord (fold-word.ts)? It makes one key per word for the story engine (ä → ae, ł and ø kept), where
// a reader's word must meet every way a text may write it (ä as a, ae or ä, ł as l); the two fold for different jobs.
import { detectLanguage } from '../dedup/detect-language.js';
import { readsDotlessIAsI } from '../dedup/fold-word.js';
import { stemmedLanguages, stemWord } from '../dedup/stem-word.js';
import type { StoredItem, StoryWithItems } from '../model.js';

/** 'exact': the word as written, case and accents aside; 'stemmed': also its inflected forms. */
export type WordMatching = 'exact' | 'stemmed';

/** Whether one term is found in a text of the given language. */
export type TermMatch = (text: string, language: string | null) => boolean;

const WORD = /^[\p{L}\p{M}\p{N}]+$/u;
const HANGUL_END = /\p{Script=Hangul}$/u;
const UNSPACED_SCRIPT =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const NON_ASCII = /[^\x00-\x7f]/;
// Letters with a stroke or ligatures are no base letter plus a mark, so NFD leaves them: fold them as ASCII folding does.
const LETTER_FOLDS: Record<string, string> = { ß: 'ss', ł: 'l', ø: 'o', đ: 'd', ħ: 'h', æ: 'ae', œ: 'oe', ё: 'е', ς: 'σ' };
const TURKISH_LETTER = /[ıİ]/;
const LATIN_WITH_MARKS = /^\p{Script=Latin}\p{M}+$/u;
const TEXT_WORD = /[\p{L}\p{M}\p{N}]+/gu;
/** Letters a candidate word must share with the term at its start: few enough that a stem still has them. */
const CANDIDATE_PREFIX = 3;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The accented Latin letters a term writes (lower-case), which a match must keep: "fördern" → ["ö"]. ß is not one
 * (Swiss German writes ss), nor the dot of a lower-cased İ; Greek accents are not either, since Greek capitals drop them.
 */
function typedMarks(term: string): string[] {
  const marks = new Set<string>();
  for (const letter of term.toLowerCase().normalize('NFC')) {
    if (LATIN_WITH_MARKS.test(letter.normalize('NFD'))) marks.add(letter);
  }
  return [...marks];
}

/**
 * Whether `text` writes the word that folded to `looseWord` with each of the term's `marks` (an umlaut may be written
 * as its pair: "Gespraeche" keeps the ä of "Gespräche"). A word in capitals only passes whatever its accents, as
 * headlines in capitals often leave them out ("ECOLE").
 */
function keepsMarks(text: string, looseWord: string, turkish: boolean, marks: readonly string[]): boolean {
  for (const [written] of text.normalize('NFC').matchAll(TEXT_WORD)) {
    if (looseText(written, turkish) !== looseWord) continue;
    if (written === written.toUpperCase() && written !== written.toLowerCase() && written.length > 1) return true;
    const lower = written.toLowerCase();
    if (marks.every((m) => lower.includes(m) || (m in VOWEL_OF && lower.includes(`${VOWEL_OF[m]}e`)))) return true;
  }
  return false;
}

/** Whether `text` writes each of `marks` (or an umlaut's pair) somewhere: the check for a phrase, coarser than a word's. */
function writesMarks(text: string, marks: readonly string[]): boolean {
  const lower = text.toLowerCase().normalize('NFC');
  if (text === text.toUpperCase()) return true;
  return marks.every((m) => lower.includes(m) || (m in VOWEL_OF && lower.includes(`${VOWEL_OF[m]}e`)));
}

/**
 * `text` as words are compared: NFKC, lower-cased, Latin and Greek accents dropped ("Café" → "cafe", "Łódź" → "lodz")
 * except the umlauts ä, ö, ü, which umlautsAsVowels and umlautsAsPairs read two ways; ß → ss. Other scripts keep
 * their marks (Japanese dakuten, Devanagari vowel signs, Cyrillic "й"). `turkish`: ı, İ, I and i are one letter (i).
 */
export function looseText(text: string, turkish: boolean): string {
  let loose = text.toLowerCase();
  if (NON_ASCII.test(loose)) loose = TABLED.test(loose) ? loose.replace(/[^\x00-\x7f]/g, tabledLetter) : looseSlowly(loose);
  return turkish && loose.includes('ı') ? loose.replace(/ı/g, 'i') : loose;
}

function looseSlowly(lowered: string): string {
  return lowered
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[ßłøđħæœёς]/g, (c) => LETTER_FOLDS[c] ?? c)
    .normalize('NFD')
    .replace(/([\p{sc=Latin}\p{sc=Greek}])(\p{M}+)/gu, (_, base: string, marks: string) =>
      marks === '\u0308' && /[aou]/.test(base) ? `${base}\u0308` : base,
    )
    .normalize('NFC');
}

// Text of Latin letters (with Greek or Cyrillic ones, and punctuation) is folded letter by letter through a table of
// what looseSlowly makes of each (three normalisations of every title and lead were most of a search's matching):
// no combining mark stands apart there, so no letter's folding depends on its neighbours.
const TABLED = /^[\x00-\u024f\u0370-\u03ff\u0400-\u04ff\u1e00-\u1fff\u2000-\u206f\u20a0-\u20bf]*$/;
const letterTable = new Map<string, string>();
function tabledLetter(letter: string): string {
  let folded = letterTable.get(letter);
  if (folded === undefined) {
    folded = looseSlowly(letter);
    letterTable.set(letter, folded);
  }
  return folded;
}

const UMLAUT = /[äöü]/;
const VOWEL_OF: Record<string, string> = { ä: 'a', ö: 'o', ü: 'u' };

/** Umlauts read as their bare vowel, as a reader without a German keyboard types them ("gespräche" → "gesprache"). */
function umlautsAsVowels(loose: string): string {
  return UMLAUT.test(loose) ? loose.replace(/[äöü]/g, (c) => VOWEL_OF[c] ?? c) : loose;
}

/** Umlauts read as ae/oe/ue, as German writes them without umlauts and as the story engine folds them. */
function umlautsAsPairs(loose: string): string {
  return UMLAUT.test(loose) ? loose.replace(/[äöü]/g, (c) => `${VOWEL_OF[c] ?? c}e`) : loose;
}

function commonPrefix(words: readonly string[]): string {
  let prefix = words[0] ?? '';
  for (const word of words) while (!word.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

/**
 * The start every candidate word has, as a pattern: up to CANDIDATE_PREFIX letters that `words` share, a, o and u
 * standing for their umlauts too, and cut before an e after them (which may be an umlaut's pair: "aepfel" is "Äpfel").
 */
function candidateStart(words: readonly string[]): string {
  const shared = commonPrefix(words).slice(0, CANDIDATE_PREFIX);
  const cut = shared.search(/[aou]e/);
  const start = cut >= 0 ? shared.slice(0, cut + 1) : shared;
  return [...start].map((c) => (c === 'a' ? '[aä]' : c === 'o' ? '[oö]' : c === 'u' ? '[uü]' : escapeRegExp(c))).join('');
}

/** One term compiled for one reading of I (Turkish or not) and one item language. */
interface WordForms {
  /** The term with umlauts as bare vowels, and as pairs. */
  asVowels: string;
  asPairs: string;
  /** Stems of the term (of its umlauts-as-pairs form, as the story engine stems), by stemming language. */
  stems: readonly { language: string; stem: string }[];
  /** The words a match can be: those that start as the term and its stems do. */
  candidates: RegExp;
}

/** One phrase compiled for one reading of I: matched in the text with umlauts as vowels, and as pairs. */
interface PhraseForms {
  asVowels: RegExp;
  asPairs: RegExp;
}

// Bokmål and Nynorsk name the Norwegian stemmer (stem-word.ts).
const STEMMED = new Set([...stemmedLanguages(), 'nb', 'nn']);

/**
 * A term (a word, or a phrase of several) compiled for matching in texts of any language. `queryLanguage` is the
 * language of the whole query or list, when known: its stemmer is tried beside the item's.
 */
export function termMatch(term: string, matching: WordMatching, queryLanguage: string | null = null): TermMatch {
  const written = term.trim();
  const turkishTerm = TURKISH_LETTER.test(written) || readsDotlessIAsI(queryLanguage);
  const marks = typedMarks(written);
  const compiled = new Map<string, WordForms | PhraseForms>();
  // A phrase, a word with signs inside ("COVID-19", "U.S."), a Korean or an unspaced word: the folded text as it is.
  const wordwise = !UNSPACED_SCRIPT.test(written) && !HANGUL_END.test(written);
  const phraseRegex = (phrase: string): RegExp => {
    const escaped = escapeRegExp(phrase);
    // None of the forms has a quantifier: a literal phrase between lookarounds matches in linear time.
    if (UNSPACED_SCRIPT.test(written)) return new RegExp(escaped, 'u');
    if (HANGUL_END.test(written)) return new RegExp(`(?<![\\p{L}\\p{M}\\p{N}])${escaped}`, 'u');
    return new RegExp(`(?<![\\p{L}\\p{M}\\p{N}])${escaped}(?![\\p{L}\\p{M}\\p{N}])`, 'u');
  };
  const formsFor = (turkish: boolean, language: string | null): WordForms | PhraseForms => {
    const stemming = matching === 'stemmed' ? [...new Set([language, queryLanguage])].filter((l) => l !== null && STEMMED.has(l)) : [];
    const key = `${turkish ? 't' : ''}:${stemming.join(',')}`;
    let forms = compiled.get(key);
    if (forms !== undefined) return forms;
    const loose = looseText(written, turkish);
    const asVowels = umlautsAsVowels(loose);
    const asPairs = umlautsAsPairs(loose);
    if (!wordwise || !WORD.test(loose)) {
      forms = { asVowels: phraseRegex(asVowels), asPairs: phraseRegex(asPairs) };
    } else {
      const stems = stemming.map((l) => ({ language: l!, stem: stemWord(asPairs, l) }));
      const start = candidateStart([asVowels, asPairs, ...stems.map((s) => umlautsAsVowels(s.stem))]);
      const candidates = new RegExp(`(?<![\\p{L}\\p{M}\\p{N}])${start}[\\p{L}\\p{M}\\p{N}]*`, 'gu');
      forms = { asVowels, asPairs, stems, candidates };
    }
    compiled.set(key, forms);
    return forms;
  };
  return (text, language) => {
    const turkish = turkishTerm || readsDotlessIAsI(language);
    const forms = formsFor(turkish, language);
    const loose = looseText(text, turkish);
    if ('candidates' in forms) {
      forms.candidates.lastIndex = 0;
      for (const [word] of loose.matchAll(forms.candidates)) {
        // "poet" is no "Pöt" read as vowels, nor "pot" as pairs: each reading compares with the same reading.
        const asPairs = umlautsAsPairs(word);
        const found =
          umlautsAsVowels(word) === forms.asVowels ||
          asPairs === forms.asPairs ||
          forms.stems.some(({ language: l, stem }) => stemWord(asPairs, l) === stem);
        if (found && (marks.length === 0 || keepsMarks(text, word, turkish, marks))) return true;
      }
      return false;
    }
    const found = forms.asVowels.test(umlautsAsVowels(loose)) || (UMLAUT.test(loose) && forms.asPairs.test(umlautsAsPairs(loose)));
    return found && (marks.length === 0 || writesMarks(text, marks));
  };
}

// An item's language as the story engine reads it: declared, else guessed from its title and lead opening.
const guessedLanguages = new Map<string, string | null>();
const GUESSED_LIMIT = 50_000;

/** The language an item is matched in: as declared (by the item or its feed), else guessed as the story engine guesses it. */
export function matchingLanguage(declared: string | null, title: string, summary: string): string | null {
  // The declared code as it is: Azerbaijani has no stopword list to be read by, and keeps its Turkish I.
  if (declared?.trim()) return declared.trim().toLowerCase().split(/[-_]/)[0] ?? null;
  const text = `${title} ${summary.slice(0, 300)}`;
  let guessed = guessedLanguages.get(text);
  if (guessed === undefined) {
    guessed = detectLanguage(null, text);
    if (guessedLanguages.size >= GUESSED_LIMIT) guessedLanguages.clear();
    guessedLanguages.set(text, guessed);
  }
  return guessed;
}

/** The language of a query or word list, when its words tell (stopwords, a script of one language), else null. */
export function queryLanguage(words: readonly string[]): string | null {
  return detectLanguage(null, words.join(' '));
}

/** A story's title (in its representative's language) and its members' titles and leads, each in its item's language. */
export function storyTexts(story: Pick<StoryWithItems, 'title' | 'items'> & { representative?: StoredItem }): {
  text: string;
  language: string | null;
}[] {
  const languageOf = (i: StoredItem): string | null => matchingLanguage(i.language, i.title, i.summary);
  const texts: { text: string; language: string | null }[] = [];
  for (const item of story.items) {
    const language = languageOf(item);
    texts.push({ text: item.title, language }, { text: item.summary, language });
  }
  // The story's title is most often its representative's: read once (each text read is folded, a search's main cost).
  if (!story.items.some((item) => item.title === story.title)) {
    const head = story.representative ?? story.items[0];
    texts.unshift({ text: story.title, language: head ? languageOf(head) : null });
  }
  return texts;
}
