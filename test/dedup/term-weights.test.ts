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

describe('weights without a story, remembered across the stories scored for an item', () => {
  it('give every story, of any size, its own values, also after the window changed', () => {
    // The window, and a twin built alike (the same ids) whose weights are made afresh for each value: nothing remembered.
    const [counts, twin] = [emptyTermCounts(), emptyTermCounts()];
    const intern = (terms: string[]) => terms.map((t) => counts.ids.intern(t) + 0 * twin.ids.intern(t));
    const add = (terms: number[], language: string) => [counts, twin].forEach((c) => addTerms(c, terms, language));
    const one = intern(['kellermei', 'regier', 'haushalt']);
    const two = intern(['gutmann', 'regier', 'wahl']);
    const three = intern(['haushalt', 'streit', 'kommun']);
    for (const terms of [one, two, three, three]) add(terms, 'de');
    const all = [...new Set([...one, ...two, ...three])];
    const stories: [Map<number, number> | Int32Array, number][] = [
      [Int32Array.from(one), 1],
      [Int32Array.from(two, (id, k) => (k === 2 ? ~id : id)), 1],
      [new Map(three.map((id) => [id, 2])), 2],
      [new Map([[one[0]!, 1]]), 2],
    ];
    const weights = termWeights(counts, 'de');
    const check = (order: typeof stories) => {
      // One item scored against each story in turn, twice (the second time from what the first remembered).
      for (let round = 0; round < 2; round++) {
        for (const [holders, members] of order) {
          const without = weightsWithout(weights, holders, members);
          for (const id of all) {
            const got = [without.weightOf(id), without.probabilityOf(id), without.informationOf(id)];
            const afresh = weightsWithout(termWeights(twin, 'de'), holders, members);
            expect(got).toEqual([afresh.weightOf(id), afresh.probabilityOf(id), afresh.informationOf(id)]);
            expect(got[1]).toBe(2 ** -got[0]!);
            expect(got[2]).toBe(-Math.log2(got[1]!));
          }
        }
        for (const id of all) expect(weights.informationOf(id)).toBe(-Math.log2(weights.probabilityOf(id)));
      }
    };
    check(stories);
    // Another language's item joins: the German shares stay, the terms' document frequencies move. The next item is
    // scored against the last story first: what was remembered for it before must not be read.
    add(intern(['kellermei', 'gutmann']), 'en');
    check([...stories].reverse());
  });
});

// A placement asks for the weights three or four times; they are made once per version of the window's counts.
describe('weights given again while the window stays as it is', () => {
  const items = [
    ['kellermei', 'regier', 'haushalt'],
    ['regier', 'wahl', 'gutmann', 'haushalt'],
  ];
  function countsAfter(n: number) {
    const counts = emptyTermCounts();
    for (const item of items.slice(0, n))
      addTerms(
        counts,
        item.map((t) => counts.ids.intern(t)),
        'de',
      );
    return counts;
  }

  it('are the same object until the window changes, then a new one that weighs as if made afresh', () => {
    const counts = countsAfter(1);
    const first = termWeights(counts, 'de');
    const before = first.weight('regier');
    expect(termWeights(counts, 'de')).toBe(first);
    expect(termWeights(counts, 'en')).not.toBe(first);
    addTerms(
      counts,
      items[1]!.map((t) => counts.ids.intern(t)),
      'de',
    );
    const second = termWeights(counts, 'de');
    expect(second).not.toBe(first);
    expect(second.weight('regier')).not.toBe(before);
    const afresh = termWeights(countsAfter(2), 'de');
    for (const term of ['kellermei', 'regier', 'haushalt', 'wahl', 'gutmann', 'unbekannt'])
      expect(second.weight(term)).toBe(afresh.weight(term));
  });
});
