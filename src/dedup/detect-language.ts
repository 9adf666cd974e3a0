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

/** mostStopwords(words, GUESSABLE), counted in one pass over the raw words of a text, each folded on the way (every undeclared item's text goes through it). */
function mostGuessableStopwords(rawWords: readonly string[]): { language: string | null; hits: number } {
  if (guessableMasks === null) {
    guessableMasks = new Map();
    for (let l = 0; l < GUESSABLE.length; l++) {
      for (const word of stopwordsFor(GUESSABLE[l]!)) guessableMasks.set(word, (guessableMasks.get(word) ?? 0) | (1 << l));
    }
  }
  const counts = new Array<number>(GUESSABLE.length).fill(0);
  for (const raw of rawWords) {
    const mask = guessableMasks.get(foldWord(raw));
    if (mask !== undefined) for (let l = 0; l < GUESSABLE.length; l++) if (mask & (1 << l)) counts[l]!++;
  }
  let best: string | null = null;
  let bestHits = 0;
  for (let l = 0; l < GUESSABLE.length; l++) {
    if (counts[l]! > bestHits) {
      best = GUESSABLE[l]!;
      bestHits = counts[l]!;
    }
  }
  return { language: best, hits: bestHits };
}

/** ISO 639-1 code from a declared tag ("de-DE" → "de"), else from the script or the language whose stopwords cover most words, else null. */
export function detectLanguage(declared: string | null | undefined, text: string): string | null {
  const code = declared?.trim().toLowerCase().split(/[-_]/)[0];
  if (code && hasStopwords(code)) return code;
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
  const words = text.match(/[\p{L}]+/gu);
  if (words === null) return null;
  const { language, hits } = mostGuessableStopwords(words);
  // One stopword in a six-word headline is too little to commit to a language.
  return hits >= 2 || (hits === 1 && words.length <= 4) ? language : null;
}
