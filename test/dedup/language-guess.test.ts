// The language guess reads an undeclared text's words letter by letter (detect-language.ts: ASCII words through a trie of
// the stopwords, others cut out and folded unless their ASCII opening left the trie): it must guess exactly what counting
// the stopwords of the text's words (/\p{L}+/gu, each folded by foldWord) guesses, on every kind of word the fixture holds.
import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../src/dedup/detect-language.js';
import { foldWord } from '../../src/dedup/fold-word.js';
import { stopwordsFor } from '../../src/dedup/stopwords.js';
import { languageGuessTexts } from '../fixtures/dedup/language-guess-texts.js';

const GUESSABLE = ['de', 'en', 'fr', 'es', 'it', 'nl'];

/** The guess for Latin text as counting whole words says it (the rule of detect-language.ts, read the plain way). */
function guessByCounting(text: string): string | null {
  const words = text.match(/\p{L}+/gu) ?? [];
  if (words.length === 0) return null;
  let best: string | null = null;
  let bestHits = 0;
  for (const language of GUESSABLE) {
    const stop = stopwordsFor(language);
    const hits = words.filter((w) => stop.has(foldWord(w))).length;
    if (hits > bestHits) [best, bestHits] = [language, hits];
  }
  return bestHits >= 2 || (bestHits === 1 && words.length <= 4) ? best : null;
}

/** Whether the guess looks at other scripts first (letters beyond Latin), where the stopword count does not decide alone. */
const beyondLatin = (text: string): boolean => /(?!\p{sc=Latin})\p{L}/u.test(text);

describe('detectLanguage on undeclared text', () => {
  it.each(languageGuessTexts.filter((t) => !beyondLatin(t)).map((t) => [t]))('guesses as counting whole words does: %s', (text) => {
    expect(detectLanguage(null, text)).toBe(guessByCounting(text));
  });

  it('reads words of mixed scripts and surrogate pairs without a guess of its own', () => {
    for (const text of languageGuessTexts.filter(beyondLatin)) {
      const guess = detectLanguage(null, text);
      // Either a script decided, or the stopword count did, exactly as counting whole words says.
      if (guess !== null && !GUESSABLE.includes(guess)) continue;
      expect(guess, text).toBe(guessByCounting(text));
    }
  });

  it.each([
    ['Der', 'de'],
    ['the end', 'en'],
    // One stopword decides a text of four words, not one of five.
    ['der Xyz Abc Def', 'de'],
    ['der Xyz Abc Def Ghi', null],
    ['Über Xyz Abc Def', 'de'],
    ['Über Xyz Abc Def Ghi', null],
    ['DIE REGIERUNG HAT SICH MIT DER OPPOSITION GEEINIGT', 'de'],
    ['Für Für FÜR für über ÜBER Über', 'de'],
    ['Ueber die Bruecke: Gespraeche fuer Strassenbahn in Koeln', 'de'],
    ['Mañana, el niño y la señora van a la playa', 'es'],
    ['Xyz', null],
    ['12345 67890 !!! ???', null],
  ])('%s → %s', (text, expected) => {
    expect(detectLanguage(null, text)).toBe(expected);
  });
});
