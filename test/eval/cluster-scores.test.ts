// The harness's scoring on small examples checked by hand (the comments show the arithmetic).
import { describe, expect, it } from 'vitest';
import {
  clusterScores,
  forbiddenMerges,
  mergedPairAgreement,
  minAgreement,
  pairPrecisionRecall,
  spread,
} from '../../scripts/eval/cluster-scores.js';

// Five items: three of story a, two of story b. The engine split a and put its third item with b.
const labels = ['a', 'a', 'a', 'b', 'b'];
const predicted = ['x', 'x', 'y', 'y', 'y'];

describe('clusterScores', () => {
  it('counts pairwise precision and recall over item pairs', () => {
    // Gold pairs: C(3,2) + C(2,2) = 4. Predicted pairs: C(2,2) + C(3,2) = 4.
    // True pairs: cell (x,a)=2 → 1, (y,a)=1 → 0, (y,b)=2 → 1; so 2.
    const s = clusterScores({ labels, predicted });
    expect(s).toMatchObject({ goldPairs: 4, predictedPairs: 4, truePairs: 2 });
    expect(s.p).toBeCloseTo(0.5);
    expect(s.r).toBeCloseTo(0.5);
    expect(s.f1).toBeCloseTo(0.5);
  });

  it('averages B-cubed precision and recall over items', () => {
    // Per item (precision, recall): 0,1: (2/2, 2/3); 2: (1/3, 1/3); 3,4: (2/3, 2/2). Both means are 11/15.
    const s = clusterScores({ labels, predicted });
    expect(s.bcubedP).toBeCloseTo(11 / 15);
    expect(s.bcubedR).toBeCloseTo(11 / 15);
    expect(s.bcubedF1).toBeCloseTo(11 / 15);
  });

  it.each([
    ['nothing merged', ['1', '2', '3', '4', '5'], { p: 1, r: 0 }],
    ['everything merged', ['s', 's', 's', 's', 's'], { p: 0.4, r: 1 }], // 4 true of C(5,2) = 10 pairs
    ['exactly the labels', ['a', 'a', 'a', 'b', 'b'], { p: 1, r: 1 }],
  ])('%s', (_, clustering, expected) => {
    const s = clusterScores({ labels, predicted: clustering });
    expect(s.p).toBeCloseTo(expected.p);
    expect(s.r).toBeCloseTo(expected.r);
  });

  it('refuses clusterings of different lengths', () => {
    expect(() => clusterScores({ labels, predicted: ['x'] })).toThrow(/5 and 1 items|1 and 5 items/);
  });
});

describe('mergedPairAgreement', () => {
  it('is |A ∩ B| / |A ∪ B| over the merged item pairs', () => {
    // A = {01, 23, 24, 34}; B = {01, 02, 12, 34}; A ∩ B = {01, 34}; |A ∪ B| = 4 + 4 − 2 = 6.
    expect(mergedPairAgreement(predicted, ['p', 'p', 'p', 'q', 'q'])).toBeCloseTo(2 / 6);
  });

  it('does not care how stories are named', () => {
    expect(mergedPairAgreement(predicted, ['m', 'm', 'n', 'n', 'n'])).toBe(1);
  });

  it('is 1 when neither run merged anything, 0 when they share no merged pair', () => {
    expect(mergedPairAgreement(['1', '2', '3'], ['4', '5', '6'])).toBe(1);
    expect(mergedPairAgreement(['s', 's', '3'], ['4', 't', 't'])).toBe(0);
  });

  it('minAgreement takes the worst pair of runs', () => {
    const runs = [predicted, ['m', 'm', 'n', 'n', 'n'], ['p', 'p', 'p', 'q', 'q']];
    expect(minAgreement(runs)).toBeCloseTo(2 / 6);
    expect(minAgreement([predicted])).toBe(1);
  });
});

describe('forbiddenMerges', () => {
  it('lists every pair of differently labelled items in one story', () => {
    // Story y holds item 2 (a) and items 3, 4 (b).
    expect(forbiddenMerges({ labels, predicted })).toEqual([
      [2, 3],
      [2, 4],
    ]);
    expect(forbiddenMerges({ labels, predicted: labels })).toEqual([]);
  });
});

describe('pairPrecisionRecall', () => {
  it('counts only labelled pairs', () => {
    // Pair 0 positive merged (tp), 1 positive apart, 2 negative merged (fp), 3 unlabelled merged (ignored).
    const o = pairPrecisionRecall([true, false, true, true], [true, true, false, false], [false, false, true, false]);
    expect(o).toEqual({ p: 0.5, r: 0.5, merged: 1, mergedNegatives: 1, positives: 2, negatives: 1 });
  });
});

describe('spread', () => {
  it.each([
    [[3, 1, 2], { min: 1, median: 2, max: 3 }],
    [[4, 1, 3, 2], { min: 1, median: 2.5, max: 4 }],
    [[0.5], { min: 0.5, median: 0.5, max: 0.5 }],
  ])('%j', (values, expected) => {
    expect(spread(values)).toEqual(expected);
  });
});
