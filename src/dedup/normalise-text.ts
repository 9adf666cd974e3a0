// Text as the matcher sees it (never as a reader sees it): NFKC, folded, wire noise removed,
// numbers as tokens, stopwords out, negations in.
import { MARKER_PATTERNS } from './agency-markers.js';
import { NEGATIONS, hasStopwords, stopwordsFor } from './stopwords.js';

export interface NormalisedText {
  /** Content tokens in order (stopwords removed, negations and numbers kept). */
  tokens: string[];
  /** Numbers mentioned, as canonical digit strings ("zweiter" → "2", "55.000" → "55000"). */
  numbers: string[];
}

const GERMAN_FOLDS: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss' };

// Words repeat endlessly in news; folding each once is most of normalisation's cost saved.
const foldCache = new Map<string, string>();
const FOLD_CACHE_LIMIT = 200_000;

/** Lower-cases and folds German umlauts and other diacritics ("Gespräche" → "gespraeche", "é" → "e"). */
export function foldWord(text: string): string {
  const hit = foldCache.get(text);
  if (hit !== undefined) return hit;
  let folded = text.toLowerCase();
  // ASCII needs no more work; only other letters go through NFD.
  if (/[^\x00-\x7f]/.test(folded)) {
    folded = folded
      .replace(/[äöüß]/g, (c) => GERMAN_FOLDS[c] ?? c)
      .normalize('NFD')
      .replace(/\p{M}+/gu, '');
  }
  if (foldCache.size >= FOLD_CACHE_LIMIT) foldCache.clear();
  foldCache.set(text, folded);
  return folded;
}

// Cardinals and ordinals as words: "Zweiter Verhandlungstag" must contradict day 1.
// "ein/eine/one" are left out: as articles they carry no count.
const NUMBER_WORDS: Record<string, string> = {};
const addNumberWords = (value: number, stems: string[], endings: string[]): void => {
  for (const stem of stems) for (const ending of endings) NUMBER_WORDS[stem + ending] = String(value);
};
addNumberWords(1, ['erst'], ['e', 'er', 'en', 'em', 'es']);
addNumberWords(2, ['zweit'], ['e', 'er', 'en', 'em', 'es']);
addNumberWords(3, ['dritt'], ['e', 'er', 'en', 'em', 'es']);
addNumberWords(2, ['zwei'], ['']);
addNumberWords(3, ['drei'], ['']);
[
  ['vier', 4],
  ['fuenf', 5],
  ['sechs', 6],
  ['sieben', 7],
  ['acht', 8],
  ['neun', 9],
  ['zehn', 10],
  ['elf', 11],
  ['zwoelf', 12],
].forEach(([stem, n]) => {
  addNumberWords(n as number, [stem as string], ['']);
  addNumberWords(n as number, [(stem as string).replace(/t$/, '') + 't'], ['e', 'er', 'en', 'em', 'es']);
});
addNumberWords(7, ['siebt'], ['e', 'er', 'en', 'em', 'es']);
Object.assign(NUMBER_WORDS, {
  first: '1',
  second: '2',
  third: '3',
  fourth: '4',
  fifth: '5',
  sixth: '6',
  seventh: '7',
  eighth: '8',
  ninth: '9',
  tenth: '10',
  two: '2',
  three: '3',
  four: '4',
  five: '5',
  six: '6',
  seven: '7',
  eight: '8',
  nine: '9',
  ten: '10',
  eleven: '11',
  twelve: '12',
  premier: '1',
  premiere: '1',
  deuxieme: '2',
  troisieme: '3',
});
// "achte" is also a verb ("ich achte"); the generated "achtt…" forms are not words.
for (const word of Object.keys(NUMBER_WORDS)) if (word.startsWith('achtt')) delete NUMBER_WORDS[word];
NUMBER_WORDS['achter'] = '8';

const ENTITIES: Record<string, string> = { amp: '&', quot: '"', apos: "'", lt: '<', gt: '>', nbsp: ' ', shy: '' };

/** Plain text from a lead that may still carry tags or entities ("<p>Kiew &amp; Moskau</p>"). */
export function stripMarkup(text: string): string {
  if (!/[<&]/.test(text)) return text;
  return text
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
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
  return raw
    .replace(',', '.')
    .replace(/\.$/, '')
    .replace(/^0+(?=\d)/, '');
}

/**
 * Normalises text for matching in `language` (ISO 639-1; unknown languages keep every word).
 * Quotes and dashes become spaces, so "Ukraine-Gespräche" and «Ukraine Gespräche» agree.
 * Stops after `maxTokens` tokens (a lead is only compared over its opening); `numbers` then covers that opening only.
 */
export function normaliseText(raw: string, language: string | null, maxTokens = Infinity): NormalisedText {
  const plain = stripWireMarkers(stripMarkup(raw.normalize('NFKC')));
  const stop = language && hasStopwords(language) ? stopwordsFor(language, foldWord) : EMPTY;
  const tokens: string[] = [];
  const numbers: string[] = [];
  // Numbers with inner separators first ("55.000", "18.35", "1,5"), then words.
  for (const match of plain.matchAll(/\d+(?:[.,]\d+)*|[\p{L}\p{N}]+/gu)) {
    if (tokens.length >= maxTokens) break;
    const piece = match[0];
    if (/^\d/.test(piece)) {
      const n = canonicalNumber(piece);
      tokens.push(n);
      numbers.push(n);
      continue;
    }
    const word = foldWord(piece);
    const asNumber = NUMBER_WORDS[word];
    if (asNumber !== undefined) {
      tokens.push(asNumber);
      numbers.push(asNumber);
      continue;
    }
    if (word.length < 2 && !NEGATIONS.has(word)) continue;
    if (stop.has(word)) continue;
    tokens.push(word);
  }
  return { tokens, numbers };
}

const EMPTY: ReadonlySet<string> = new Set();
