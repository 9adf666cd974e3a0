// The one seam to stopwords-iso. Negations are removed from the lists on purpose:
// "Einigung" and "keine Einigung" are different events.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const lists = require('stopwords-iso') as Record<string, string[]>;

/** Negations that flip a statement ("keine Einigung"); "gegen"/"against" only take a side and are not here. */
export const POLARITY_WORDS: ReadonlySet<string> = new Set(
  // German, English, French, Dutch.
  'nicht kein keine keinen keinem keiner keines nie niemals nichts not no never none nor neither pas non niet geen'.split(' '),
);

/** Words that flip or restrict meaning; never treated as stopwords. */
export const NEGATIONS: ReadonlySet<string> = new Set([
  ...POLARITY_WORDS,
  ...'ohne gegen weder without against ne sans contre zonder tegen bez'.split(' '),
]);

const cache = new Map<string, ReadonlySet<string>>();

/** The stopwords of a language (ISO 639-1), folded like the text they are matched against, negations kept out. */
export function stopwordsFor(language: string, fold: (word: string) => string): ReadonlySet<string> {
  const hit = cache.get(language);
  if (hit) return hit;
  const words = new Set<string>();
  for (const word of lists[language] ?? []) {
    const folded = fold(word);
    if (!NEGATIONS.has(word) && !NEGATIONS.has(folded)) words.add(folded);
  }
  cache.set(language, words);
  return words;
}

/** Whether stopwords-iso knows this language. */
export function hasStopwords(language: string): boolean {
  return Array.isArray(lists[language]);
}
