// Scores of a clustering against labels, and how far two runs over the same items agree.
// Everything works on cell counts (predicted story × label), never on enumerated pairs, so sets
// with hundreds of thousands of same-story pairs score in milliseconds.

/** A clustering of n items: `labels[i]` is item i's true story, `predicted[i]` the story the engine put it in. */
export interface Clustering {
  labels: readonly string[];
  predicted: readonly string[];
}

export interface ClusterScores {
  /** Pairwise: of the item pairs put in one story, the share that truly are one story. 1 when nothing was merged. */
  p: number;
  /** Pairwise: of the truly same-story pairs, the share put in one story. 1 when there are none. */
  r: number;
  f1: number;
  /** B-cubed (Bagga & Baldwin 1998): per item, precision and recall of its predicted story, averaged over items. */
  bcubedP: number;
  bcubedR: number;
  bcubedF1: number;
  predictedPairs: number;
  goldPairs: number;
  truePairs: number;
}

const pairsOf = (n: number): number => (n * (n - 1)) / 2;
const harmonic = (a: number, b: number): number => (a + b ? (2 * a * b) / (a + b) : 0);

function countBy(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

function cells(a: readonly string[], b: readonly string[]): Map<string, number> {
  if (a.length !== b.length) throw new Error(`cannot compare clusterings of ${a.length} and ${b.length} items`);
  return countBy(a.map((x, i) => `${x}\u0000${b[i]}`));
}

/** Pairwise precision, recall, F1 and B-cubed of `predicted` against `labels`. */
export function clusterScores({ labels, predicted }: Clustering): ClusterScores {
  const both = cells(predicted, labels);
  const goldSize = countBy(labels);
  const predSize = countBy(predicted);
  let truePairs = 0;
  for (const n of both.values()) truePairs += pairsOf(n);
  let predictedPairs = 0;
  for (const n of predSize.values()) predictedPairs += pairsOf(n);
  let goldPairs = 0;
  for (const n of goldSize.values()) goldPairs += pairsOf(n);
  const p = predictedPairs ? truePairs / predictedPairs : 1;
  const r = goldPairs ? truePairs / goldPairs : 1;
  let bp = 0;
  let br = 0;
  labels.forEach((g, i) => {
    const pr = predicted[i]!;
    const n = both.get(`${pr}\u0000${g}`)!;
    bp += n / predSize.get(pr)!;
    br += n / goldSize.get(g)!;
  });
  const n = labels.length || 1;
  bp /= n;
  br /= n;
  return { p, r, f1: harmonic(p, r), bcubedP: bp, bcubedR: br, bcubedF1: harmonic(bp, br), predictedPairs, goldPairs, truePairs };
}

/**
 * Agreement of two runs over the same items: |A ∩ B| / |A ∪ B|, where A and B are the sets of item
 * pairs each run put in one story. 1 when neither merged anything.
 */
export function mergedPairAgreement(a: readonly string[], b: readonly string[]): number {
  let common = 0;
  for (const n of cells(a, b).values()) common += pairsOf(n);
  let inA = 0;
  for (const n of countBy(a).values()) inA += pairsOf(n);
  let inB = 0;
  for (const n of countBy(b).values()) inB += pairsOf(n);
  const union = inA + inB - common;
  return union ? common / union : 1;
}

/** The lowest agreement over every pair of runs (1 for fewer than two runs). */
export function minAgreement(runs: readonly (readonly string[])[]): number {
  let min = 1;
  for (let i = 0; i < runs.length; i++)
    for (let j = i + 1; j < runs.length; j++) min = Math.min(min, mergedPairAgreement(runs[i]!, runs[j]!));
  return min;
}

/** Every pair of items in one predicted story whose labels differ (a forbidden merge), as index pairs. */
export function forbiddenMerges({ labels, predicted }: Clustering): [number, number][] {
  const members = new Map<string, number[]>();
  predicted.forEach((story, i) => members.set(story, [...(members.get(story) ?? []), i]));
  const out: [number, number][] = [];
  for (const list of members.values())
    for (let x = 0; x < list.length; x++)
      for (let y = x + 1; y < list.length; y++) if (labels[list[x]!] !== labels[list[y]!]) out.push([list[x]!, list[y]!]);
  return out;
}

export interface PairOutcome {
  /** Of the merged pairs among positives and negatives, the share that are positives. 1 when none merged. */
  p: number;
  /** Share of positive pairs merged. */
  r: number;
  merged: number;
  mergedNegatives: number;
  positives: number;
  negatives: number;
}

/** Precision and recall over labelled pairs; pairs that are neither positive nor negative do not count. */
export function pairPrecisionRecall(merged: readonly boolean[], positive: readonly boolean[], negative: readonly boolean[]): PairOutcome {
  let tp = 0;
  let fp = 0;
  let positives = 0;
  let negatives = 0;
  merged.forEach((m, i) => {
    if (positive[i]) {
      positives++;
      if (m) tp++;
    }
    if (negative[i]) {
      negatives++;
      if (m) fp++;
    }
  });
  return { p: tp + fp ? tp / (tp + fp) : 1, r: positives ? tp / positives : 0, merged: tp, mergedNegatives: fp, positives, negatives };
}

/** Minimum, median and maximum of a list of figures (one per arrival order). */
export function spread(values: readonly number[]): { min: number; median: number; max: number } {
  if (values.length === 0) return { min: NaN, median: NaN, max: NaN };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { min: sorted[0]!, median, max: sorted[sorted.length - 1]! };
}
