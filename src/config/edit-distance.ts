// Naming what a mistyped config word most likely means: an unknown key ("titel": "title") or an
// output's unknown source id ("dailytryot": "dailytryout").

/** Edit distance: the fewest one-letter insertions, deletions, substitutions and swaps of neighbours from `a` to `b`. */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j]!, rows[i - 2]![j - 2]! + 1);
    }
    rows.push(row);
  }
  return rows[a.length]![b.length]!;
}

/** Whether `written` is a likely typo of `meant`: one edit for words of up to 4 letters, else two. */
export function isNearMiss(meant: string, written: string): boolean {
  return editDistance(meant, written) <= (written.length <= 4 ? 1 : 2);
}
