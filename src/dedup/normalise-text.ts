// Text as the matcher sees it (never as a reader sees it): NFKC, folded, wire noise removed,
// numbers as tokens, stopwords out, negations in.
import { MARKER_PATTERNS } from './agency-markers.js';
import { idiomaticNotToken, isFigureModifier, isNumberSign, isNumberWordInName, listCountsAt } from './english-headline-style.js';
import { unitOfFigure } from './figure-units.js';
import { foldWord, readsDotlessIAsI } from './fold-word.js';
import { numberWordsFor, scaledFigure, scaleWordsFor } from './number-words.js';
import { hasStopwords, isNegation, stopwordsFor } from './stopwords.js';
import { whenFiguresAt } from './when-figures.js';

export interface NormalisedText {
  /** Content tokens in order (stopwords removed, negations and numbers kept). */
  tokens: string[];
  /**
   * Numbers mentioned, as canonical digit strings ("zweiter" → "2", "55.000" → "55000"); a date as "month/day" ("March 10",
   * "3/10/14" → "3/10") and a clock time as "hour:minutes" ("9:15AM" → "9:15"), when-figures.ts; a figure written with a
   * unit carries it after "|" ("£85m" → "85000000|£", "90mph" → "90|speed", figure-units.ts).
   */
  numbers: string[];
}

const ENTITIES: Record<string, string> = { amp: '&', quot: '"', apos: "'", lt: '<', gt: '>', nbsp: ' ', shy: '' };

/** The character of a numeric reference; U+FFFD for one no string can hold (fromCodePoint would throw on "&#99999999;"). */
function codePoint(n: number): string {
  return Number.isInteger(n) && n > 0 && n <= 0x10ffff && (n < 0xd800 || n > 0xdfff) ? String.fromCodePoint(n) : '\ufffd';
}

/** Plain text from a lead that may still carry tags or entities ("<p>Kiew &amp; Moskau</p>"). */
export function stripMarkup(text: string): string {
  if (!/[<&]/.test(text)) return text;
  return text
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^<>]*>/g, ' ')
    .replace(/&#(\d+);/g, (_, d: string) => codePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => codePoint(parseInt(h, 16)))
    .replace(/&([a-z]+);/gi, (whole, name: string) => ENTITIES[name.toLowerCase()] ?? whole);
}

/** Removes agency credits, datelines and edition markers ("Berlin (dpa) -", "ROUNDUP 2/", "+++"). */
export function stripWireMarkers(text: string): string {
  let out = text;
  for (const { pattern, needs } of MARKER_PATTERNS) if (needs === undefined || out.includes(needs)) out = out.replace(pattern, ' ');
  return out;
}

function canonicalNumber(raw: string): string {
  // German "55.000" and English "55,000" are the same count; "1,5" and "1.5" the same decimal.
  if (/^\d{1,3}(?:[.,]\d{3})+$/.test(raw)) return raw.replace(/[.,]/g, '');
  // Grouped with a decimal part: German and Spanish "11.845,20", English "11,845.20" (the last separator is the decimal one).
  if (/^\d{1,3}(?:\.\d{3})+,\d+$|^\d{1,3}(?:,\d{3})+\.\d+$/.test(raw)) return raw.replace(/[.,](?=.*[.,])/g, '').replace(',', '.');
  return raw
    .replace(',', '.')
    .replace(/\.$/, '')
    .replace(/^0+(?=\d)/, '');
}

// Languages that group thousands with a space ("1 500 morts", "7 912,35 points", "12 000 человек"), asked of CLDR through
// Intl (French, Russian, Polish, Swedish, Czech …), so no list is kept by hand. Only these join digit groups across a space:
// elsewhere two figures may stand side by side ("in 2025 300 people"), and German, Spanish and English group with "." or ",".
const spaceGroupingOf = new Map<string, boolean>();
function groupsWithSpaces(language: string): boolean {
  let spaced = spaceGroupingOf.get(language);
  if (spaced === undefined) {
    try {
      const group = new Intl.NumberFormat(language).formatToParts(1_234_567).find((part) => part.type === 'group')?.value ?? '';
      spaced = /^\s$/u.test(group);
    } catch {
      spaced = false;
    }
    spaceGroupingOf.set(language, spaced);
  }
  return spaced;
}
// One to three digits, then groups of exactly three after single spaces (NFKC made no-break and narrow spaces plain ones);
// not inside a longer number ("en 2025 300 000 personnes" joins only "300 000").
const SPACE_GROUPED = /(?<![\d.,])\d{1,3}(?: \d{3})+(?!\d)/g;

/** `text` with the thousands groups of a space-grouping language joined ("1 500" → "1500"); other languages' text as it is. */
function withSpaceGroupsJoined(text: string, language: string | null): string {
  if (language === null || !text.includes(' ') || !/\d \d/.test(text) || !groupsWithSpaces(language)) return text;
  return text.replace(SPACE_GROUPED, (digits) => digits.replace(/ /g, ''));
}

// Scripts written without spaces between words: a run of them is split into words by ICU (Intl.Segmenter,
// dictionary-based for Chinese, Japanese, Thai, Lao, Khmer, Burmese). Only such runs go through it (~14 µs a headline).
const UNSPACED = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}]/u;
// One locale for every item: word breaks must not depend on the machine's default locale.
let segmenter: Intl.Segmenter | undefined;
// A single letter of an alphabet is noise ("s" of "'s"); a single Han or Hangul character is a word.
const MEANINGFUL_CHARACTER = /[\p{sc=Han}\p{sc=Hangul}]/u;

// Decimal digits of any script (Arabic-Indic "٥", Devanagari "५", …) by their value; NFKC already maps full-width ones.
const digitValues = new Map<string, string>();
const OTHER_DIGITS = /(?![0-9])\p{Nd}|[\u066b\u066c]/u;
// A cheap first look: text in Latin letters, general punctuation and currency signs has neither other digits nor unspaced scripts.
const BEYOND_LATIN = /[^\x00-\u024f\u1e00-\u1eff\u2000-\u20cf]/;
function asciiDigit(digit: string): string {
  let value = digitValues.get(digit);
  if (value === undefined) {
    // Unicode assigns every script's decimal digits as a run of ten from zero, so the value is the position in the run.
    let zero = digit.codePointAt(0)!;
    while (/\p{Nd}/u.test(String.fromCodePoint(zero - 1))) zero--;
    value = String((digit.codePointAt(0)! - zero) % 10);
    digitValues.set(digit, value);
  }
  return value;
}

/** Text with every script's decimal digits as ASCII digits, and the Arabic decimal and thousands separators as "." and ",". */
export function asciiDigits(text: string): string {
  if (!BEYOND_LATIN.test(text) || !OTHER_DIGITS.test(text)) return text;
  return text
    .replace(/(?![0-9])\p{Nd}/gu, asciiDigit)
    .replace(/\u066b/g, '.')
    .replace(/\u066c/g, ',');
}

/**
 * Normalises text for matching in `language` (ISO 639-1; unknown languages keep every word).
 * Quotes and dashes become spaces, so "Ukraine-Gespräche" and «Ukraine Gespräche» agree.
 * Stops after `maxTokens` tokens (a lead is only compared over its opening); `numbers` then covers that opening only.
 */
export function normaliseText(raw: string, language: string | null, maxTokens = Infinity): NormalisedText {
  const plain = withSpaceGroupsJoined(asciiDigits(stripWireMarkers(stripMarkup(raw.normalize('NFKC')))), language);
  const stop = language && hasStopwords(language) ? stopwordsFor(language) : EMPTY;
  const numberWords = numberWordsFor(language);
  // Turkish and Azerbaijani pair I with ı and İ with i: lower-cased elsewhere, the all-caps "IŞIK" (common in their
  // headlines) became "işik" and missed "Işık" ("ışık").
  const dottedI = readsDotlessIAsI(language);
  const tokens: string[] = [];
  const numbers: string[] = [];
  // Dates and clock times: their digit runs are tokens as any, but one when-figure among the numbers.
  const whenAt = whenFiguresAt(plain, language);
  // The unit written with each figure of `numbers` (by index), added to it once scale words have scaled it.
  const units: (string | null)[] = [];
  const addFigure = (n: string, piece: string, at: number): void => {
    if (at >= 0) units[numbers.length] = unitOfFigure(plain, piece, at, language);
    numbers.push(n);
  };
  // `at`: where the piece stands in `plain`, for the test of a number word standing in a name (made only for number words).
  const add = (piece: string, inCompound = false, modifier = false, at = -1): void => {
    if (startsWithDigit(piece)) {
      const n = canonicalNumber(piece);
      tokens.push(n);
      const when = whenAt.get(at);
      if (when !== undefined) {
        if (when !== null) numbers.push(when);
      } else if (!modifier) addFigure(n, piece, at);
      return;
    }
    const word = foldWord(dottedI ? piece.toLocaleLowerCase('tr') : piece);
    // A number word joined to another by a hyphen names no count: "Nagelsmann-Elf" is the team, "Zwei-Drittel-Mehrheit" a kind of majority.
    let asNumber = inCompound ? undefined : numberWords.get(word);
    if (asNumber !== undefined && at >= 0 && isNumberWordInName(plain, piece, at, language)) asNumber = undefined;
    if (asNumber !== undefined) {
      tokens.push(asNumber);
      if (!modifier) addFigure(asNumber, piece, at);
      return;
    }
    if (stop.has(word)) return;
    if (word.length < 2 && !MEANINGFUL_CHARACTER.test(word) && !isNegation(word, language)) return;
    tokens.push(word);
  };
  // Numbers with inner separators first ("55.000", "18.35", "1,5"), then words: letters with their combining
  // marks (Devanagari vowel signs, dakuten) and no digits, so "震度5強" and "M6.1" give the number on its own.
  // Latin text (most of it) never pays for the script test per word.
  const unspaced = BEYOND_LATIN.test(plain) && UNSPACED.test(plain);
  const scales = scaleWordsFor(language);
  const isScale = (word: string): boolean => scales.has(foldWord(word));
  // Where a list headline's counts stand ("10 things we learned …", "Oscars: 5 things …").
  const listCounts = listCountsAt(plain, language);
  // The figure just read, so that a scale word right after it ("3 mln", "£3m", "2.1 lakh") scales it (number-words.ts).
  // `token`: where its token stands in `tokens`.
  let figure: { at: number; token: number; end: number; currency: boolean } | null = null;
  // Latin letters with a whole number glued on are a name, not a figure: a road ("A93"), a model ("i3"), an index ("WIG20");
  // a decimal keeps its number ("M6.1" is a magnitude).
  for (let next = 0; next < plain.length;) {
    const end = pieceEnd(plain, next);
    if (end < 0) {
      next++;
      continue;
    }
    if (tokens.length >= maxTokens) break;
    const index = next;
    const piece = plain.slice(next, end);
    next = end;
    if (isCompoundPrefix(plain, piece, index) || isNumberSign(plain, piece, index, language)) continue;
    const nonPolar = idiomaticNotToken(plain, piece, index, language);
    if (nonPolar !== null) {
      tokens.push(nonPolar);
      continue;
    }
    if (scales.size > 0) {
      const scale = figure && scales.get(foldWord(piece));
      if (
        scale &&
        figure &&
        /^[ \u00a0-]?$/.test(plain.slice(figure.end, index)) &&
        (!scale.afterCurrency || (figure.currency && figure.end === index))
      ) {
        numbers[figure.at] = scaledFigure(numbers[figure.at]!, scale.factor);
        // An amount of two significant digits or more is one term however it is written ("£47m", "47 mln pounds", "47
        // million"): the scaled figure, which item-evidence.ts weighs as any figure of three digits or more, the scale word
        // part of it. A round amount ("1 million", "£3m") is shared by much of a day's news, and a figure no prior has
        // seen weighs as a name: it stays as written, a small count and the scale word.
        if (/[1-9]\d*[1-9]/.test(tokens[figure.token]!.replace('.', ''))) {
          tokens[figure.token] = scaledFigure(tokens[figure.token]!, scale.factor);
          figure = null;
          continue;
        }
      }
      figure =
        startsWithDigit(piece) && !whenAt.has(index)
          ? {
              at: numbers.length,
              token: tokens.length,
              end: index + piece.length,
              currency: /\p{Sc}\s?$/u.test(plain.slice(Math.max(0, index - 2), index)),
            }
          : null;
    }
    if (!unspaced || !UNSPACED.test(piece)) {
      const inCompound = isHyphenAt(plain, index - 1) || isHyphenAt(plain, index + piece.length);
      const modifier = inCompound && startsWithDigit(piece) && isFigureModifier(plain, piece, index, language, isScale);
      add(piece, inCompound, modifier || listCounts.has(index), index);
      continue;
    }
    segmenter ??= new Intl.Segmenter('und', { granularity: 'word' });
    for (const segment of segmenter.segment(piece)) {
      if (tokens.length >= maxTokens) break;
      if (segment.isWordLike) add(segment.segment);
    }
  }
  for (const [i, unit] of units.entries()) if (unit) numbers[i] = `${numbers[i]!}|${unit}`;
  return { tokens, numbers };
}

const EMPTY: ReadonlySet<string> = new Set();

/**
 * English "no" hyphenated to the next word makes a compound adjective, not a negation of the headline: a "no-confidence vote" is
 * the confidence vote another outlet names without the "no", and a "no-fly zone", "no-deal Brexit" or "no-frills airline"
 * names a kind of thing. It is left out as the stopword it otherwise is. Not "no-one", which is "nobody" (British spelling),
 * nor other languages' hyphenated negations: German "Nicht-Terrorismus" is the negated noun itself ("wegen
 * Nicht-Terrorismus verurteilt" is the opposite of a terrorism charge).
 */
function isCompoundPrefix(text: string, piece: string, at: number): boolean {
  if (piece.length !== 2 || foldWord(piece) !== 'no') return false;
  const after = at + piece.length;
  return (
    isHyphenAt(text, after) &&
    /^\p{L}/u.test(text.slice(after + 1, after + 2)) &&
    !/^one(?![\p{L}\d])/iu.test(text.slice(after + 1, after + 5))
  );
}

/** Whether a hyphen ("-", U+2010 or U+2011) stands at `at` of `text` (none outside it). Read per word, by character code. */
function isHyphenAt(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  return c === 0x2d || c === 0x2010 || c === 0x2011;
}

function isAsciiDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isAsciiLetter(c: number): boolean {
  return (c | 32) >= 97 && (c | 32) <= 122;
}

const LETTER_OR_MARK = /[\p{L}\p{M}]/u;
const PIECE_LETTER = /[\p{L}\p{M}\p{Nl}\p{No}]/u;
/** Bits of `characterClass`. */
const IS_LETTER_OR_MARK = 1;
const IS_PIECE_LETTER = 2;
const IS_KNOWN = 4;
// The classes of each BMP character beyond ASCII, filled as characters are met (0: not yet known).
const bmpClasses = new Uint8Array(0x10000);

/**
 * The code point at `i` of `text` as pieces read it (bits: IS_LETTER_OR_MARK for \p{L}\p{M}, IS_PIECE_LETTER for
 * \p{L}\p{M}\p{Nl}\p{No}), and its width in UTF-16 units times 8; 0 past the end.
 */
function characterClass(text: string, i: number): number {
  if (i >= text.length) return 0;
  const c = text.charCodeAt(i);
  if (c < 128) return 8 | (isAsciiLetter(c) ? IS_LETTER_OR_MARK | IS_PIECE_LETTER : 0);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
    const low = text.charCodeAt(i + 1);
    if (low >= 0xdc00 && low <= 0xdfff) {
      const pair = text.slice(i, i + 2);
      return 16 | (LETTER_OR_MARK.test(pair) ? IS_LETTER_OR_MARK : 0) | (PIECE_LETTER.test(pair) ? IS_PIECE_LETTER : 0);
    }
  }
  let known = bmpClasses[c]!;
  if (known === 0) {
    const character = String.fromCharCode(c);
    bmpClasses[c] = known =
      IS_KNOWN | (LETTER_OR_MARK.test(character) ? IS_LETTER_OR_MARK : 0) | (PIECE_LETTER.test(character) ? IS_PIECE_LETTER : 0);
  }
  return 8 | (known & (IS_LETTER_OR_MARK | IS_PIECE_LETTER));
}

/**
 * Where the piece that starts at `at` of `text` ends, -1 when none starts there: the search
 * [A-Za-z]+\d+(?![.,]?\d)(?![\p{L}\p{M}]) | \d+(?:[.,]\d+)* | [\p{L}\p{M}\p{Nl}\p{No}]+ read by character code (its
 * match objects, one a word, were a sixth of the features' garbage). Latin letters with a whole number glued on ("A93"),
 * a number with its inner separators ("55.000"), or letters with their marks and letter-like numbers.
 */
function pieceEnd(text: string, at: number): number {
  const c = text.charCodeAt(at);
  if (isAsciiLetter(c)) {
    let digits = at + 1;
    while (isAsciiLetter(text.charCodeAt(digits))) digits++;
    if (isAsciiDigit(text.charCodeAt(digits))) {
      let end = digits + 1;
      while (isAsciiDigit(text.charCodeAt(end))) end++;
      const after = text.charCodeAt(end);
      const decimal = (after === 0x2e || after === 0x2c) && isAsciiDigit(text.charCodeAt(end + 1));
      if (!decimal && (characterClass(text, end) & IS_LETTER_OR_MARK) === 0) return end;
    }
  } else if (isAsciiDigit(c)) {
    let end = at + 1;
    for (;;) {
      while (isAsciiDigit(text.charCodeAt(end))) end++;
      const after = text.charCodeAt(end);
      if ((after === 0x2e || after === 0x2c) && isAsciiDigit(text.charCodeAt(end + 1))) end += 2;
      else return end;
    }
  }
  let end = at;
  for (let read = characterClass(text, end); (read & IS_PIECE_LETTER) !== 0; read = characterClass(text, end)) end += read >> 3;
  return end > at ? end : -1;
}

/** Whether a piece begins with an ASCII digit (as /^\d/ tests). */
function startsWithDigit(piece: string): boolean {
  const c = piece.charCodeAt(0);
  return c >= 48 && c <= 57;
}
