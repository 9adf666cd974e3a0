// Where two runs over the same items disagree, for finding why an arrival order changes the stories: each story of one run
// that the other run splits or joins with others, the pairs they do not share first, with a few headlines of each part.
import type { LabelledItem } from './real-path-run.js';

/** Prints the stories of `a` and `b` (story ids per item) that differ most, by the merged pairs only one of them has. */
export function printStoryDifferences(items: readonly LabelledItem[], a: readonly string[], b: readonly string[], shown = 8): void {
  const cells = new Map<string, number[]>();
  a.forEach((story, i) => {
    const key = `${story}\u0000${b[i]}`;
    cells.set(key, [...(cells.get(key) ?? []), i]);
  });
  const partsOf = (run: readonly string[], side: 0 | 1): Map<string, number[][]> => {
    const parts = new Map<string, number[][]>();
    for (const [key, members] of cells) {
      const story = key.split('\u0000')[side]!;
      parts.set(story, [...(parts.get(story) ?? []), members]);
    }
    void run;
    return parts;
  };
  const lost = (parts: number[][]): number => {
    const all = parts.reduce((n, p) => n + p.length, 0);
    return (all * all - parts.reduce((n, p) => n + p.length * p.length, 0)) / 2;
  };
  const rows = [
    ...[...partsOf(a, 0)].map(([story, parts]) => ({ side: 'own times', other: 'retimed', story, parts })),
    ...[...partsOf(b, 1)].map(([story, parts]) => ({ side: 'retimed', other: 'own times', story, parts })),
  ]
    .filter((row) => row.parts.length > 1)
    .sort((x, y) => lost(y.parts) - lost(x.parts))
    .slice(0, shown);
  for (const row of rows) {
    const parts = row.parts.sort((x, y) => y.length - x.length);
    console.log(
      `  ${row.side} story ${row.story} (${parts.reduce((n, p) => n + p.length, 0)} items) is ${parts.length} parts in ${row.other}, ${lost(parts)} pairs; sizes ${parts.map((p) => p.length).join(' ')}`,
    );
    for (const part of parts.slice(0, 4))
      console.log(
        `    [${part.length}] ${part
          .slice(0, 3)
          .map((i) => `${items[i]!.title} (${items[i]!.label})`)
          .join(' | ')}`,
      );
  }
}
