// Which stopword list applies: the item's or feed's declared language, else a guess from the text.
import { foldWord } from './normalise-text.js';
import { hasStopwords, stopwordsFor } from './stopwords.js';

// Languages guessed from text when nothing is declared; declared ones may be any ISO 639-1 code.
const GUESSABLE = ['de', 'en', 'fr', 'es', 'it', 'nl'] as const;

/** ISO 639-1 code from a declared tag ("de-DE" → "de"), else the language whose stopwords cover most words, else null. */
export function detectLanguage(declared: string | null | undefined, text: string): string | null {
  const code = declared?.trim().toLowerCase().split(/[-_]/)[0];
  if (code && hasStopwords(code)) return code;
  const words = text.match(/[\p{L}]+/gu)?.map(foldWord) ?? [];
  if (words.length === 0) return null;
  let best: string | null = null;
  let bestHits = 0;
  for (const language of GUESSABLE) {
    const stop = stopwordsFor(language, foldWord);
    let hits = 0;
    for (const word of words) if (stop.has(word)) hits++;
    if (hits > bestHits) {
      best = language;
      bestHits = hits;
    }
  }
  // One stopword in a six-word headline is too little to commit to a language.
  return bestHits >= 2 || (bestHits === 1 && words.length <= 4) ? best : null;
}
