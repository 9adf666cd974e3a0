// Case and accent folding of one word for matching. Accents are folded only where they are accents:
// in Latin and Greek script ("é" → "e", "ά" → "α"), and Cyrillic "ё" → "е" (Russian prints both).
// Everywhere else a combining mark is part of the letter: Japanese dakuten (バス is not パス),
// Devanagari vowel signs ("भारत"), Arabic and Hebrew vowel points, Cyrillic "й".

const GERMAN_FOLDS: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss' };

// Words repeat endlessly in news; folding each once is most of normalisation's cost saved.
const foldCache = new Map<string, string>();
const FOLD_CACHE_LIMIT = 200_000;
const NON_ASCII = /[^\x00-\x7f]/;

/** Lower-cases and folds German umlauts and Latin/Greek diacritics ("Gespräche" → "gespraeche", "é" → "e"); other scripts keep their marks. */
export function foldWord(text: string): string {
  // ASCII needs no more than lower-casing, which is cheaper than a look-up in the cache (and keeps it for the rest).
  if (!NON_ASCII.test(text)) return text.toLowerCase();
  const hit = foldCache.get(text);
  if (hit !== undefined) return hit;
  let folded = text.toLowerCase();
  // Only other letters go through NFD.
  if (NON_ASCII.test(folded)) {
    folded = folded
      .normalize('NFC')
      .replace(/[äöüß]/g, (c) => GERMAN_FOLDS[c] ?? c)
      .replace(/ё/g, 'е');
    // Final sigma is a spelling of sigma, not another letter.
    if (/[\u0370-\u03ff\u1f00-\u1fff]/.test(folded)) folded = folded.replace(/ς/g, 'σ');
    const decomposed = folded.normalize('NFD');
    if (decomposed !== folded || /\p{M}/u.test(decomposed)) {
      folded = decomposed.replace(/([\p{sc=Latin}\p{sc=Greek}])\p{M}+/gu, '$1').normalize('NFC');
    }
  }
  if (foldCache.size >= FOLD_CACHE_LIMIT) foldCache.clear();
  foldCache.set(text, folded);
  return folded;
}

/** Whether a language (ISO 639-1 code or tag) pairs I with ı: Turkish and Azerbaijani, whose words dotlessIAsI reads. */
export function readsDotlessIAsI(language: string | null): boolean {
  return language !== null && /^(?:tr|az)(?:[-_]|$)/i.test(language);
}

/** `word` with Turkish dotless ı read as i: how Turkish and Azerbaijani stems, the Turkish prior and place names are compared. */
export function dotlessIAsI(word: string): string {
  return word.includes('ı') ? word.replace(/ı/g, 'i') : word;
}
