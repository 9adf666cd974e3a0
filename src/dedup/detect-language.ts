// Which stopword list applies: the item's or feed's declared language, else a guess from the text.
import { foldWord } from './fold-word.js';
import { hasStopwords, stopwordsFor } from './stopwords.js';

// Languages guessed from Latin-script text when nothing is declared; declared ones may be any ISO 639-1 code.
const GUESSABLE = ['de', 'en', 'fr', 'es', 'it', 'nl'] as const;

// Other scripts: the script names the language, or a few candidates told apart by their stopwords.
const SCRIPTS: { script: RegExp; languages: readonly string[] }[] = [
  { script: /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]/u, languages: ['zh'] },
  { script: /\p{sc=Hangul}/u, languages: ['ko'] },
  { script: /\p{sc=Thai}/u, languages: ['th'] },
  { script: /\p{sc=Cyrillic}/u, languages: ['ru', 'uk', 'bg'] },
  { script: /\p{sc=Arabic}/u, languages: ['ar', 'fa', 'ur'] },
  { script: /\p{sc=Devanagari}/u, languages: ['hi', 'mr'] },
  { script: /\p{sc=Greek}/u, languages: ['el'] },
  { script: /\p{sc=Hebrew}/u, languages: ['he'] },
  { script: /\p{sc=Armenian}/u, languages: ['hy'] },
  { script: /\p{sc=Bengali}/u, languages: ['bn'] },
  { script: /\p{sc=Gujarati}/u, languages: ['gu'] },
];

/** The candidate whose stopwords cover most of `words`, if any covers one. */
function mostStopwords(words: string[], languages: readonly string[]): { language: string | null; hits: number } {
  let best: string | null = null;
  let bestHits = 0;
  for (const language of languages) {
    const stop = stopwordsFor(language);
    let hits = 0;
    for (const word of words) if (stop.has(word)) hits++;
    if (hits > bestHits) {
      best = language;
      bestHits = hits;
    }
  }
  return { language: best, hits: bestHits };
}

// Word → bit mask of the GUESSABLE languages listing it as a stopword: one lookup per word instead of one per language.
let guessableMasks: Map<string, number> | null = null;
// The same masks for the stopwords written in a to z only, as a trie over those 26 letters (node 0 is the root; a child
// 0 is none): an ASCII word of the text is looked up letter by letter as it is read, without cutting it out of the text
// or lower-casing it (every undeclared item's title and lead opening are read here, and those strings and look-ups in a
// table of ~3,000 words were most of the guess's cost). The other stopwords lay down their a-to-z openings without a mask.
let asciiTrie: { next: Int32Array; masks: Int32Array } | null = null;

function guessableTables(): { masks: Map<string, number>; trie: { next: Int32Array; masks: Int32Array } } {
  if (guessableMasks === null || asciiTrie === null) {
    const masks = new Map<string, number>();
    for (let l = 0; l < GUESSABLE.length; l++) {
      for (const word of stopwordsFor(GUESSABLE[l]!)) masks.set(word, (masks.get(word) ?? 0) | (1 << l));
    }
    let next = new Int32Array(26 * 1_024);
    let nodeMasks = new Int32Array(1_024);
    let nodes = 1;
    for (const [word, mask] of masks) {
      // A stopword with other letters lays down only its opening in a to z, with no mask: a word of the text that leaves
      // the trie before its first other letter begins as no stopword does, and is not folded to be looked up (below).
      const ascii = /^[a-z]+$/.test(word);
      const opening = ascii ? word.length : /^[a-z]*/.exec(word)![0].length;
      let node = 0;
      for (let i = 0; i < opening; i++) {
        const slot = node * 26 + word.charCodeAt(i) - 97;
        let child = next[slot]!;
        if (child === 0) {
          if (nodes === nodeMasks.length) {
            const grownNext = new Int32Array(next.length * 2);
            grownNext.set(next);
            next = grownNext;
            const grownMasks = new Int32Array(nodeMasks.length * 2);
            grownMasks.set(nodeMasks);
            nodeMasks = grownMasks;
          }
          child = nodes++;
          next[slot] = child;
        }
        node = child;
      }
      if (ascii) nodeMasks[node] = mask;
    }
    guessableMasks = masks;
    // ~8,300 nodes for the six lists (3,709 words in a to z): 0.9 MB as trimmed here.
    asciiTrie = { next: next.slice(0, nodes * 26), masks: nodeMasks.slice(0, nodes) };
  }
  return { masks: guessableMasks, trie: asciiTrie };
}

const LETTER = /\p{L}/u;
// Whether each BMP character beyond ASCII is a letter (\p{L}), filled as characters are met: 0 not yet known, 1 yes, 2 no.
const bmpLetters = new Uint8Array(0x10000);

/** The UTF-16 units of the letter (\p{L}) at `i` of `text`: 1, 2 for one beyond the BMP, 0 when no letter stands there. */
function letterWidth(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 128) return (c | 32) >= 97 && (c | 32) <= 122 ? 1 : 0;
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
    const low = text.charCodeAt(i + 1);
    if (low >= 0xdc00 && low <= 0xdfff) return LETTER.test(text.slice(i, i + 2)) ? 2 : 0;
  }
  let known = bmpLetters[c]!;
  if (known === 0) bmpLetters[c] = known = LETTER.test(String.fromCharCode(c)) ? 1 : 2;
  return known === 1 ? 1 : 0;
}

/**
 * mostStopwords(words, GUESSABLE) over the words of `text` (runs of letters, as /\p{L}+/gu finds them), each folded as
 * foldWord folds it, counted in one pass; `words` is how many words the text has (every undeclared item's text goes
 * through it). A word in ASCII letters is folded by lower-casing, so it is read through the trie; any other is cut out and folded,
 * unless its ASCII opening already left the trie (most words with an umlaut or accent: folding each was ~5 % of placement).
 */
function mostGuessableStopwords(text: string): { language: string | null; hits: number; words: number } {
  const { masks, trie } = guessableTables();
  const counts = new Array<number>(GUESSABLE.length).fill(0);
  let words = 0;
  for (let i = 0; i < text.length;) {
    let width = letterWidth(text, i);
    if (width === 0) {
      i++;
      continue;
    }
    const start = i;
    words++;
    // The trie node of the word so far while it is ASCII (-1: no stopword starts so), null once it is not.
    let node: number | null = 0;
    do {
      if (node !== null) {
        const c = text.charCodeAt(i);
        // An ASCII opening no stopword begins with (-1) rules the word out whatever follows: its folding (foldWord) begins
        // with that opening lower-cased, as folding changes no ASCII letter and a run of letters holds no mark to compose.
        if (c >= 128) {
          if (node !== -1) node = null;
        } else if (node >= 0) node = trie.next[node * 26 + (c | 32) - 97]! || -1;
      }
      i += width;
    } while (i < text.length && (width = letterWidth(text, i)) > 0);
    const mask = node === null ? masks.get(foldWord(text.slice(start, i))) : node > 0 ? trie.masks[node] : undefined;
    if (mask) for (let l = 0; l < GUESSABLE.length; l++) if (mask & (1 << l)) counts[l]!++;
  }
  let best: string | null = null;
  let bestHits = 0;
  for (let l = 0; l < GUESSABLE.length; l++) {
    if (counts[l]! > bestHits) {
      best = GUESSABLE[l]!;
      bestHits = counts[l]!;
    }
  }
  return { language: best, hits: bestHits, words };
}

/** ISO 639-1 code from a declared tag ("de-DE" → "de"), else from the script or the language whose stopwords cover most words, else null. */
export function detectLanguage(declared: string | null | undefined, text: string): string | null {
  const code = declared?.trim().toLowerCase().split(/[-_]/)[0];
  // Azerbaijani has no stopword list to be guessed by, but a declared one is kept: its I, ı, İ, i are read the
  // Turkish way (normalise-text.ts, stem-word.ts), which a null language would not do ("ISIQ" was "isiq", not "ısıq").
  if (code && (hasStopwords(code) || code === 'az')) return code;
  // Latin text (with its accents, quotes and dashes) stays on the stopword count below; only letters of other scripts look further.
  if (/[^\x00-\u024f\u1e00-\u1eff]/.test(text) && /(?!\p{sc=Latin})\p{L}/u.test(text)) {
    const letters = text.match(/\p{L}/gu) ?? [];
    for (const { script, languages } of SCRIPTS) {
      const inScript = letters.filter((letter) => script.test(letter)).length;
      // A Latin headline that quotes one foreign name is still Latin.
      if (inScript * 2 < letters.length) continue;
      // Japanese writes Han too, with kana between; Chinese never writes kana.
      if (languages[0] === 'zh') return /[\p{sc=Hiragana}\p{sc=Katakana}]/u.test(text) ? 'ja' : 'zh';
      // Ukrainian has letters Russian and Bulgarian lack (and stopwords-iso's Ukrainian list is short).
      if (languages[0] === 'ru' && /[іїєґ]/iu.test(text)) return 'uk';
      if (languages.length === 1) return languages[0]!;
      const words = text.match(/[\p{L}\p{M}]+/gu)?.map(foldWord) ?? [];
      return mostStopwords(words, languages).language ?? languages[0]!;
    }
  }
  const { language, hits, words } = mostGuessableStopwords(text);
  if (words === 0) return null;
  // One stopword in a six-word headline is too little to commit to a language.
  return hits >= 2 || (hits === 1 && words <= 4) ? language : null;
}
