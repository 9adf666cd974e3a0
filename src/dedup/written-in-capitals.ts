// Words and texts written in capitals. A word in capitals inside ordinary text is usually an acronym ("EZB", "WHO", "GM");
// a text written mostly in capitals ("EILMELDUNG: EZB SENKT ZINS", a tabloid's "DOVER AND OUT!" kicker) shouts, and its
// words in capitals are words, not acronyms. Used by spelled-acronyms.ts (acronyms spelled out) and normalise-text.ts
// (acronyms that are stopwords in lower case).

/** A text with less than one small letter in this many is written in capitals. */
const SHOUTING_SHARE = 3;

/** Whether a text writes less than one small letter in `SHOUTING_SHARE`: written in capitals. */
export function isShouting(text: string): boolean {
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

const ACRONYM = /^\p{Lu}{3,6}$/u;
const WORD_BEFORE = /([\p{L}\p{M}]+)[^\p{L}\p{M}\p{N}]{1,3}$/u;
const WORD_AFTER = /^[^\p{L}\p{M}\p{N}]{1,3}([\p{L}\p{M}]+)/u;

/**
 * Whether `piece`, a word of `text` at `at` that is a stopword in lower case, is written as an acronym: 3–6 capitals
 * ("WHO", "GMT", "NET") in a text that does not shout (`isShouting`), and not next to another stopword written in capitals
 * ("ON THE RECORD:", "WHAT WE KNOW", a kicker in capitals). English stopwords-iso is a web-search stoplist that holds such
 * acronyms, so "WHO" was no evidence at all and could not meet "World Health Organization" (spelled-acronyms.ts). Two
 * capitals are left out, as spelled-acronyms.ts leaves them out: "US", "UK", "GM" as words cost UCI-cal's precision 0.990 →
 * 0.962 (R 0.308 → 0.316; weighed as compound parts, 0.3 of their information, still 0.976), joining one topic's stories
 * ("Criminal probe in GM's recall …" / "GM recall probe team …"), and "UK" in a wire's headlines made the core of a UK
 * story hold a word the country's own outlets never write (calibration en R 0.587 → 0.559). `shouts` is
 * `isShouting(text)`, asked only when needed.
 */
export function isStopwordAcronym(
  text: string,
  piece: string,
  at: number,
  isStopword: (word: string) => boolean,
  shouts: () => boolean,
): boolean {
  if (!ACRONYM.test(piece)) return false;
  const before = text.slice(Math.max(0, at - 12), at).match(WORD_BEFORE)?.[1];
  const after = text.slice(at + piece.length, at + piece.length + 12).match(WORD_AFTER)?.[1];
  for (const word of [before, after])
    if (word !== undefined && word === word.toUpperCase() && word !== word.toLowerCase() && isStopword(word.toLowerCase())) return false;
  return !shouts();
}
