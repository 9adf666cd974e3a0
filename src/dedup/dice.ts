// The one seam to string-similarity: Sørensen–Dice over character bigrams.
import stringSimilarity from 'string-similarity';

/** Dice coefficient of two already normalised strings (0–1); 0 when either is empty. */
export function dice(a: string, b: string): number {
  if (a.length === 0 || b.length === 0) return 0;
  if (a === b) return 1;
  return stringSimilarity.compareTwoStrings(a, b);
}
