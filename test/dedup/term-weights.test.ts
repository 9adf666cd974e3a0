// Word information with a story's own members left out (term-weights.ts weightsWithout): in a window of one
// story, its members are all the window knows of a name, and must not make the name look common.
import { describe, expect, it } from 'vitest';
import { backgroundPrior } from '../../src/dedup/background-prior.js';
import { addTerms, emptyTermCounts, termWeights, weightsWithout } from '../../src/dedup/term-weights.js';

describe('weights without a story', () => {
  const counts = emptyTermCounts();
  const ids = ['kellermei', 'regier'].map((t) => counts.ids.intern(t));
  addTerms(counts, ids, 'de');
  const weights = termWeights(counts, 'de');
  const without = weightsWithout(weights, new Map(ids.map((id) => [id, 1])), 1);

  it('gives a name carried only by the story its prior information back', () => {
    const prior = -Math.log2(backgroundPrior('de')!.share('kellermei'));
    expect(weights.weight('kellermei')).toBeLessThan(prior - 4);
    expect(without.weight('kellermei')).toBeCloseTo(prior, 6);
  });

  it('leaves an everyday word about as common as it was', () => {
    expect(Math.abs(without.weight('regier') - weights.weight('regier'))).toBeLessThan(1);
  });

  it('changes nothing for words the story does not carry', () => {
    expect(without.weight('gutmann')).toBeCloseTo(weights.weight('gutmann'), 2);
    expect(without.probability('gutmann')).toBeCloseTo(2 ** -without.weight('gutmann'), 12);
  });
});
