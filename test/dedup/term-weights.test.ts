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

describe('weights without a one-member story, from its term ids', () => {
  it('weigh every term as the table of its counts does, to the last bit', () => {
    const counts = emptyTermCounts();
    const member = ['kellermei', 'regier', 'haushalt', 'streit'].map((t) => counts.ids.intern(t));
    const other = ['regier', 'wahl', 'gutmann'].map((t) => counts.ids.intern(t));
    addTerms(counts, member, 'de');
    addTerms(counts, other, 'de');
    const weights = termWeights(counts, 'de');
    // The member's ids as the window stores them, "streit" as a compound's part (~id).
    const stored = Int32Array.from(member, (id, k) => (k === 3 ? ~id : id));
    const fromTable = member.concat(other).map((id) => weightsWithout(weights, new Map(member.map((m) => [m, 1])), 1).weightOf(id));
    const fromIds = member.concat(other).map((id) => weightsWithout(weights, stored, 1).weightOf(id));
    expect(fromIds).toEqual(fromTable);
    const probabilities = (w: ReturnType<typeof weightsWithout>) => ['kellermei', 'wahl', 'unbekannt'].map((t) => w.probability(t));
    expect(probabilities(weightsWithout(weights, stored, 1))).toEqual(
      probabilities(weightsWithout(weights, new Map(member.map((m) => [m, 1])), 1)),
    );
  });
});
