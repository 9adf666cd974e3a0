// The one seam to string-similarity, the verifier the stack mandates: its compareTwoStrings
// (Sørensen–Dice over character bigrams, whitespace ignored, bigrams as a multiset) decides
// every pair that could reach the threshold. It builds a Map per call (≈ 10 µs on a headline),
// so a cheap exact upper bound runs first and the library only sees the pairs it can decide:
// bigrams hashed to 16 bits and kept sorted per text. Equal bigrams always share a hash, so the
// hashed multiset intersection is never smaller than the real one and the bound never
// under-estimates — skipping a pair whose bound misses the threshold changes no decision.
import stringSimilarity from 'string-similarity';

/** Dice coefficient of two already normalised strings (0–1): string-similarity's compareTwoStrings. */
export function dice(a: string, b: string): number {
  return stringSimilarity.compareTwoStrings(a, b);
}

/** A text's bigrams, whitespace removed, hashed to 16 bits and sorted: the input of `diceUpperBound`. */
export function bigramSketch(text: string): Uint16Array {
  const s = text.replace(/\s+/g, '');
  if (s.length < 2) return new Uint16Array(0);
  const codes = new Uint16Array(s.length - 1);
  for (let i = 0; i < codes.length; i++) codes[i] = Math.imul((s.charCodeAt(i) << 16) | s.charCodeAt(i + 1), 0x9e3779b1) >>> 16;
  return codes.sort();
}

/**
 * An upper bound of `dice(a, b)` from the two texts' sketches (0–1). Texts shorter than two
 * characters get 1 (the library returns 1 for equal ones), so they are always verified.
 */
export function diceUpperBound(a: Uint16Array, b: Uint16Array): number {
  if (a.length === 0 || b.length === 0) return 1;
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      shared++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  // The library's denominator is (length − 1) + (length − 1): the two bigram counts.
  return (2 * shared) / (a.length + b.length);
}
