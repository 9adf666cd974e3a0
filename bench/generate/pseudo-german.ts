// Made-up pseudo-German words built from syllables, and deterministic sentences of them: feeds whose
// words no stopword list or shipped prior knows (the soak and poll benchmarks, the arrival-order tests).

/** Every word of `syllables` × `syllables` × `endings`, capitalised as German nouns. */
export function pseudoGermanWords(syllables: readonly string[], endings: readonly string[]): string[] {
  return syllables.flatMap((a) => syllables.flatMap((b) => endings.map((c) => `${a[0]!.toUpperCase()}${a.slice(1)}${b}${c}`)));
}

/** A deterministic sentence of `n` of `words` for `seed` (a linear congruential sequence). */
export function pseudoSentence(words: readonly string[], seed: number, n: number): string {
  let state = (seed * 2654435761) >>> 0;
  const out: string[] = [];
  for (let k = 0; k < n; k++) {
    state = (state * 1103515245 + 12345) >>> 0;
    out.push(words[(state >>> 8) % words.length]!);
  }
  return out.join(' ');
}
