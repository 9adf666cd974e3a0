// Three baselines computed offline from the data (no feeds, no store): the least a story engine must
// beat. Each takes items in time order and joins an item to an earlier one by a key or a similarity.
import { normaliseText } from '../../src/dedup/normalise-text.js';
import { canonicalUrl } from '../../src/parse/canonical-url.js';

/** Each item joins the cluster of the first earlier item with the same key (null: a cluster of its own). */
export function keyBaseline(keys: readonly (string | null)[]): string[] {
  const first = new Map<string, string>();
  return keys.map((key, i) => {
    if (key === null) return `solo-${i}`;
    const hit = first.get(key);
    if (hit) return hit;
    first.set(key, `c-${i}`);
    return `c-${i}`;
  });
}

/** Exact link: the canonical link (tracking parameters and fragment removed), as the same-link rule sees it. */
export const linkKey = (url: string | null): string | null => (url ? canonicalUrl(url) : null);

/** Exact normalised title: the title's tokens after the engine's matching normalisation (stopwords of `language` removed). */
export function titleKey(title: string, language: string | null): string | null {
  const tokens = normaliseText(title, language).tokens;
  return tokens.length ? tokens.join(' ') : null;
}

// string-similarity's Dice (bigrams of the text without whitespace), over precomputed bigram counts
// so that comparing every pair in a window stays fast.
interface Bigrams {
  counts: Map<string, number>;
  length: number;
}

function bigrams(text: string): Bigrams {
  const s = text.toLowerCase().replace(/\s+/g, '');
  const counts = new Map<string, number>();
  for (let i = 0; i < s.length - 1; i++) {
    const b = s.substring(i, i + 2);
    counts.set(b, (counts.get(b) ?? 0) + 1);
  }
  return { counts, length: s.length };
}

function dice(a: Bigrams, b: Bigrams): number {
  if (a.length < 2 || b.length < 2) return 0;
  let shared = 0;
  const [small, big] = a.counts.size <= b.counts.size ? [a.counts, b.counts] : [b.counts, a.counts];
  for (const [k, n] of small) {
    const m = big.get(k);
    if (m) shared += Math.min(n, m);
  }
  return (2 * shared) / (a.length + b.length - 2);
}

/** Title Dice (case-insensitive, string-similarity's definition) of two texts. */
export function titleDice(a: string, b: string): number {
  return dice(bigrams(a), bigrams(b));
}

/** Each item joins the cluster of its most Dice-similar earlier title (≥ `cut`) within `windowMs`. */
export function diceBaseline(titles: readonly string[], times: readonly number[], cut: number, windowMs: number): string[] {
  const grams = titles.map(bigrams);
  const cluster: string[] = [];
  for (let i = 0; i < titles.length; i++) {
    let best = -1;
    let bestScore = cut;
    for (let j = i - 1; j >= 0 && times[i]! - times[j]! <= windowMs; j--) {
      const s = dice(grams[i]!, grams[j]!);
      if (s >= bestScore) {
        best = j;
        bestScore = s;
      }
    }
    cluster.push(best >= 0 ? cluster[best]! : `c-${i}`);
  }
  return cluster;
}
