// Synonym pairs are counted whatever the order of the two sides' words (src/dedup/shared-synonyms.ts): a word of two
// groups is paired so that another word of one of its groups still finds a partner. Real TermIds and a table parsed as the
// shipped ones are; the words are made up.
import { describe, expect, it } from 'vitest';
import type { SharedTerm } from '../../src/dedup/score-story.js';
import { creditSharedSynonyms } from '../../src/dedup/shared-synonyms.js';
import { parseSynonymTable } from '../../src/dedup/synonym-table.js';
import { TermIds } from '../../src/dedup/term-ids.js';

// Group 1: x1 z; group 2: x1 x2 y. Side a holds x1 and x2, side b y and z: two pairs, x2=y and x1=z.
const table = parseSynonymTable('#feedmerge-synonyms\tlanguage=xx\nx1\tz\nx1\tx2\ty\n', 'test');

function pairsFor(bOrder: readonly string[]): string[] {
  const ids = new TermIds();
  const a = Int32Array.from(['x1', 'x2'].map((t) => ids.intern(t)));
  const b = Int32Array.from(bOrder.map((t) => ids.intern(t)));
  const stamp = 1;
  for (const id of b) ids.marks[id] = stamp;
  const shared: SharedTerm[] = [];
  const credit = creditSharedSynonyms(a, b, ids, stamp, table, shared, 2, () => 10, { share: 0.5, word: 1, afterWords: 2 });
  expect(credit.words).toBe(shared.length);
  return shared.map((s) => s.term).sort();
}

describe('synonym pairs', () => {
  it.each([[['y', 'z']], [['z', 'y']]])('pairs every word that has a free synonym, b read as %j', (bOrder) => {
    expect(pairsFor(bOrder)).toEqual(['x1=z', 'x2=y']);
  });
});
